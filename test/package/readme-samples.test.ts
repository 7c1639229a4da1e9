/**
 * The README's TypeScript samples compile with jsii-rosetta in strict mode (the package sets
 * jsii.metadata.jsii.rosetta.strict), with rosetta/default.ts-fixture, so the Python README that
 * jsii-pacmak writes into the wheel is a translation of code that compiles. The build does the same
 * for the assembly as compiled (`rosetta:extract` in post-compile, doc-comment samples included);
 * this test uses the README as it is now, without a recompile.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ASSEMBLY, bin, ensureAssembly, JSII_ENV, ROOT } from '../../build-tools/assembly';
import { renderFixture } from '../../build-tools/rosetta-fixture';

// outside the project: a copy of the assembly under it would be found by jsii-docgen's assembly discovery
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'rosetta-check-'));
afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

/**
 * Runs `jsii-rosetta extract --strict` on a copy of the assembly whose README is `readme`
 * (lib/ and node_modules/ linked, the fixture generated from the assembly).
 */
function extract(name: string, readme: string): { status: number | null; output: string } {
  const assembly = JSON.parse(fs.readFileSync(ASSEMBLY, 'utf-8'));
  const dir = path.join(WORK, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'rosetta'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.writeFileSync(path.join(dir, '.jsii'), JSON.stringify({ ...assembly, readme: { markdown: readme } }));
  fs.writeFileSync(path.join(dir, 'rosetta', 'default.ts-fixture'), renderFixture(assembly));
  for (const link of ['lib', 'node_modules']) fs.symlinkSync(path.join(ROOT, link), path.join(dir, link));
  const run = spawnSync(bin('jsii-rosetta'), ['extract', '--strict', path.join(dir, '.jsii')], { cwd: dir, env: JSII_ENV, encoding: 'utf-8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');

/** One extraction (rosetta is slow): the README with a broken sample appended under a heading of its own. */
const BROKEN = "new BlueGreenRollout(chart, 'Rollout', { replica: 3, containers: [] });";
const WITH_BROKEN = `${README}\n\n## Broken\n\n\`\`\`ts\n${BROKEN}\n\`\`\`\n`;
const BROKEN_FILE = `cdk8s-progressive-README-L${WITH_BROKEN.split('\n').indexOf('## Broken') + 3}.ts`; // line of the fence

describe('README samples (jsii-rosetta, strict)', () => {
  let result: { status: number | null; output: string };
  let errors: string[];

  beforeAll(() => {
    ensureAssembly();
    result = extract('readme', WITH_BROKEN);
    errors = result.output.split('\n').filter((l) => / - error TS\d+/.test(l));
  }, 240_000);

  test('every ```ts sample of README.md (and of the doc comments) compiles', () => {
    expect(errors.filter((e) => !e.startsWith(BROKEN_FILE))).toEqual([]);
  });

  test('a sample that does not compile fails the extraction, naming the README line and the error', () => {
    expect(result.status).not.toBe(0);
    expect(errors.filter((e) => e.startsWith(BROKEN_FILE)).map((e) => e.replace(/^\S+ - /, ''))).toEqual([
      "error TS2561: Object literal may only specify known properties, but 'replica' does not exist in type 'BlueGreenRolloutProps'. Did you mean to write 'replicas'?",
    ]);
    expect(result.output).toMatch(/\[jsii-rosetta\] \[ERROR\] 1 diagnostics encountered in \d+ snippets/);
  });
});
