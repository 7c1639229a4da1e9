/**
 * The Python examples (examples/python) against the generated Python bindings of this library,
 * constructs, cdk8s and cdk8s-plus-27 (build/python-bindings, generated here when missing or stale):
 * - pyright finds no error in them, and does find a wrong keyword argument and a missing required one;
 * - their output equals the TypeScript examples' byte for byte (test_examples.py). That needs the jsii
 *   Python runtime, which is not installable without PyPI: then the test is reported as skipped,
 *   never as passed. The GitHub workflow's `python-examples` job runs it with the runtime from PyPI.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BINDINGS_DIR, ensurePythonBindings, ROOT } from '../../build-tools/python-bindings';

const EXAMPLES_DIR = path.join(ROOT, 'examples', 'python');
const CONFIG = path.join(EXAMPLES_DIR, 'pyrightconfig.json');
const BROKEN_DIR = path.join(BINDINGS_DIR, '..', 'pyright-broken');

interface Diagnostic { file: string; severity: string; message: string; rule?: string; range: { start: { line: number } } }

/** Copies blue_green.py with one keyword argument misspelt and one required argument left out. */
function writeBrokenExample(): string {
  let text = fs.readFileSync(path.join(EXAMPLES_DIR, 'blue_green.py'), 'utf-8');
  const breakOnce = (from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`examples/python/blue_green.py no longer contains ${JSON.stringify(from)}: update this test`);
    text = text.replace(from, to);
  };
  breakOnce('            replicas=2,\n', '            replica=2,\n'); // BlueGreenRollout: no such keyword
  breakOnce('                name="smoke-test",\n', ''); // Metric: `name` is required
  fs.mkdirSync(BROKEN_DIR, { recursive: true });
  const file = path.join(BROKEN_DIR, 'blue_green.py');
  fs.writeFileSync(file, text);
  return file;
}

/** 1-based line of the last line containing `needle` before the first line containing `before` (or anywhere). */
function lineOf(file: string, needle: string, before?: string): number {
  const lines = fs.readFileSync(file, 'utf-8').split('\n');
  const end = before ? lines.findIndex((l) => l.includes(before)) : lines.length;
  return lines.slice(0, end).map((l, i) => (l.includes(needle) ? i + 1 : 0)).filter((n) => n > 0).pop() ?? 0;
}

describe('examples/python', () => {
  let diagnostics: Diagnostic[];
  let brokenFile: string;
  let analyzed: number;

  beforeAll(() => {
    ensurePythonBindings();
    brokenFile = writeBrokenExample();
    const examples = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.py')).map((f) => path.join(EXAMPLES_DIR, f));
    // one pyright run for the examples and the broken copy (pyright exits 1 when it reports errors)
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'pyright'), ['-p', CONFIG, '--outputjson', ...examples, brokenFile], {
      cwd: ROOT, encoding: 'utf-8',
    });
    const report = JSON.parse(run.stdout);
    diagnostics = report.generalDiagnostics;
    analyzed = report.summary.filesAnalyzed;
  }, 300_000);

  test('pyright finds no error in the examples (against the generated bindings)', () => {
    const found = diagnostics
      .filter((d) => d.file !== brokenFile && d.severity !== 'information')
      .map((d) => `${path.relative(ROOT, d.file)}:${d.range.start.line + 1}: ${d.severity}: ${d.message}`);
    expect(found).toEqual([]);
    expect(analyzed).toBeGreaterThanOrEqual(4); // blue_green, canary_nginx, gitops and the broken copy
  });

  test('pyright reports a wrong keyword argument and a missing required one', () => {
    const found = diagnostics
      .filter((d) => d.file === brokenFile)
      .map((d) => ({ line: d.range.start.line + 1, severity: d.severity, rule: d.rule, message: d.message }));
    expect(found).toEqual([
      { line: lineOf(brokenFile, 'Metric(', 'MetricProvider.job('), severity: 'error', rule: 'reportCallIssue', message: 'Argument missing for parameter "name"' },
      { line: lineOf(brokenFile, 'replica=2,'), severity: 'error', rule: 'reportCallIssue', message: 'No parameter named "replica"' },
    ]);
  });
});

// The byte-for-byte comparison needs the jsii Python runtime (and pytest).
const missing = ['jsii', 'pytest'].filter((m) => spawnSync('python3', ['-c', `import ${m}`], { stdio: 'ignore' }).status !== 0);
const title = 'Python examples synthesize the same YAML as the TypeScript examples, byte for byte (test/python/test_examples.py)';

(missing.length ? test.skip : test)(missing.length ? `NOT RUN (python3 lacks ${missing.join(' and ')}; pip install jsii pytest): ${title}` : title, () => {
  ensurePythonBindings();
  const run = spawnSync('python3', ['-m', 'pytest', '-q', 'test/python'], { cwd: ROOT, encoding: 'utf-8' });
  expect({ status: run.status, output: run.status === 0 ? '' : `${run.stdout}${run.stderr}` }).toEqual({ status: 0, output: '' });
}, 300_000);
