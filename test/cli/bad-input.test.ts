/**
 * Bad input to `cdk8s-progressive lint`: each case gives a clear finding or usage error with the
 * right exit status, in bounded time and memory, never a stack trace.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliRun, lines, runCli } from '../support/cli';

const run = runCli;


let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-input-'));
});
afterEach(() => {
  fs.chmodSync(dir, 0o700);
  fs.rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

const ROLLOUT = (name: string) => [
  'apiVersion: argoproj.io/v1alpha1', 'kind: Rollout',
  // a canary without analysis is a (plan) warning: acknowledged, so that a clean file reports nothing
  `metadata: {name: ${name}, annotations: {progressive.cdk8s.io/acknowledge: plan-no-analysis}}`,
  'spec:', '  selector: {matchLabels: {app: web}}',
  '  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: "nginx:1.27"}]}}',
  '  strategy: {canary: {steps: [{setWeight: 20}, {pause: {}}]}}',
].join('\n');

describe('lint: bad input', () => {
  test('a reader that stops early (lint ... | head) ends the output quietly, with the exit status of the findings', async () => {
    // 2,000 findings, a line each: far more than one pipe buffer
    const text = [...Array(1000).keys()].map((i) => ROLLOUT(`web${i}`).replace('setWeight: 20', 'setWeight: 120').replace('image: "nginx:1.27"', 'image: ""')).join('\n---\n');
    const p = file('many.yaml', text);
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.resolve(__dirname, '../../src/cli/bin.ts'), 'lint', p], {
      cwd: path.resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // like `head -1`: read the first chunk, then close the pipe
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d))));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first).toContain(`${p}:`);
    expect(stderr).toBe('');
    expect(code).toBe(1);
  }, 60_000);

  test('an empty file has no objects: nothing to report, exit 0, and the summary says so', async () => {
    const r = await run(['lint', file('empty.yaml', '')]);
    expect(lines(r.stdout)).toEqual(['no problems found: 0 objects in 1 file']);
    expect(r.code).toBe(0);
    // only comments and document markers: the same
    expect(lines((await run(['lint', file('comments.yaml', '# nothing\n---\n---\n')])).stdout)).toEqual(['no problems found: 0 objects in 1 file']);
  });

  test('a binary file is a `yaml` finding, exit 2', async () => {
    const p = file('image.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    const r = await run(['lint', p]);
    expect(lines(r.stdout)).toEqual([
      `${p}: error cannot read ${p}: binary file (NUL byte at offset 8), not YAML text (fix: lint YAML manifests saved as UTF-8 text) [yaml]`,
      '1 error, 0 warnings: 0 objects in 0 files',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
  });

  test('text that is not UTF-8 (Latin-1) is a `yaml` finding naming the byte, exit 2; the other files are still linted', async () => {
    const p = file('latin1.yaml', Buffer.concat([Buffer.from('kind: ConfigMap\ndata: {city: "M'), Buffer.from([0xfc]), Buffer.from('nchen"}\n')]));
    file('rollout.yaml', ROLLOUT('web'));
    const r = await run(['lint', dir]);
    expect(lines(r.stdout)).toEqual([
      `${p}: error cannot read ${p}: not valid UTF-8 (first bad byte at offset 31) (fix: lint YAML manifests saved as UTF-8 text) [yaml]`,
      '1 error, 0 warnings: 1 object in 1 file',
    ]);
    expect(r.code).toBe(2);
  });

  test('UTF-16 with a byte order mark is decoded, as YAML allows', async () => {
    const p = file('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ROLLOUT('web'), 'utf16le')]));
    const r = await run(['lint', p]);
    expect(lines(r.stdout)).toEqual(['no problems found: 1 object in 1 file']);
    expect(r.code).toBe(0);
  });

  test('standard input is checked the same way', async () => {
    const r = await run(['lint', '-'], Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]));
    expect(lines(r.stdout)[0]).toBe('<stdin>: error cannot read <stdin>: not valid UTF-8 (first bad byte at offset 3) (fix: lint YAML manifests saved as UTF-8 text) [yaml]');
    expect(r.code).toBe(2);
  });

  test('a directory without YAML files is a usage error, not a silent pass; exit 2', async () => {
    file('README.md', '# not a manifest\n');
    fs.mkdirSync(path.join(dir, 'empty'));
    const r = await run(['lint', dir]);
    expect(lines(r.stdout)).toEqual([
      `${dir}: error no *.yaml or *.yml files in ${dir} (fix: give a YAML file, a directory that holds *.yaml/*.yml files, or - for standard input) [yaml]`,
      '1 error, 0 warnings: 0 objects in 0 files',
    ]);
    expect(r.code).toBe(2);
  });

  test('a path that does not exist is a `yaml` finding, exit 2', async () => {
    const p = path.join(dir, 'missing.yaml');
    const r = await run(['lint', p]);
    expect(lines(r.stdout)[0]).toBe(`${p}: error cannot read ${p}: no such file or directory (fix: check the path and its permissions) [yaml]`);
    expect(r.code).toBe(2);
  });

  test('an unreadable file (chmod 000) is a `yaml` finding, exit 2 — unless running as root, which chmod does not stop', async () => {
    const p = file('secret.yaml', ROLLOUT('web'));
    fs.chmodSync(p, 0o000);
    const r = await run(['lint', p]);
    if (process.getuid?.() === 0) {
      // root reads it anyway: the file is linted like any other (nothing to deny, nothing to report)
      expect(lines(r.stdout)).toEqual(['no problems found: 1 object in 1 file']);
      expect(r.code).toBe(0);
    } else {
      expect(lines(r.stdout)[0]).toBe(`${p}: error cannot read ${p}: permission denied (fix: check the path and its permissions) [yaml]`);
      expect(r.code).toBe(2);
    }
  });

  test('an unreadable directory is reported the same way (or read, as root)', async () => {
    const sub = path.join(dir, 'locked');
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, 'r.yaml'), ROLLOUT('web'));
    fs.chmodSync(sub, 0o000);
    try {
      const r = await run(['lint', sub]);
      if (process.getuid?.() === 0) {
        expect(r.code).toBe(0);
      } else {
        expect(lines(r.stdout)[0]).toBe(`${sub}: error cannot read ${sub}: permission denied (fix: check the path and its permissions) [yaml]`);
        expect(r.code).toBe(2);
      }
    } finally {
      fs.chmodSync(sub, 0o700);
    }
  });

  test('deeply nested YAML is a `yaml` finding with its line, not a stack overflow; exit 2', async () => {
    const p = file('deep.yaml', `${ROLLOUT('ok')}\n---\nkind: ConfigMap\ndata: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    const r = await run(['lint', p]);
    expect(lines(r.stdout)).toEqual([
      `${p}:9: error document is nested too deeply to be read (hundreds of levels of maps or lists) (fix: flatten the document: Kubernetes manifests are never nested this deep) [yaml]`,
      '1 error, 0 warnings: 1 object in 1 file',
    ]);
    expect(r.code).toBe(2);
    const block = file('deep-block.yaml', Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n');
    expect(lines((await run(['lint', block])).stdout)[0]).toMatch(/^.*deep-block\.yaml:1: error document is nested too deeply to be read/);
  });

  test('a YAML alias bomb is refused by maxAliasCount (default 100) quickly, with the line; exit 2', async () => {
    const bomb = [
      'kind: ConfigMap', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
    ].join('\n');
    const p = file('bomb.yaml', `${ROLLOUT('ok')}\n---\n${bomb}\n`);
    const started = Date.now();
    const r = await run(['lint', p]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lines(r.stdout)).toEqual([
      `${p}:9: error document expands more than 100 aliases (maxAliasCount): refused as a possible alias bomb (fix: expand the aliases by hand, or raise maxAliasCount if the document is trusted) [yaml]`,
      '1 error, 0 warnings: 1 object in 1 file',
    ]);
    expect(r.code).toBe(2);
    // a few aliases (merge keys, shared labels) are fine
    const ok = file('aliases.yaml', 'kind: ConfigMap\nmetadata: {name: x, labels: &l {app: web}}\ndata: {<<: *l}\n');
    expect((await run(['lint', ok])).code).toBe(0);
  });

  test('unknown kinds and non-Kubernetes YAML are context, never findings', async () => {
    const p = file('misc.yaml', 'kind: Frobnicator\napiVersion: example.com/v1\nspec: {x: 1}\n---\n- just\n- a list\n---\n42\n---\nkind: 17\n');
    const r = await run(['lint', p]);
    expect(lines(r.stdout)).toEqual(['no problems found: 2 objects in 1 file']);
    expect(r.code).toBe(0);
  });

  test('no PATH and an unknown option are usage errors on stderr, exit 2', async () => {
    const none = await run(['lint']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("error: missing required argument 'path'");
    const bad = await run(['lint', '--frobnicate', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("error: unknown option '--frobnicate'");
    expect(bad.stdout).toBe('');
  });

  /** Writes `bytes` (at least) of Rollouts and Services (real objects: every rule runs) to `name`; returns how many objects. */
  function manifests(name: string, bytes: number): { path: string; objects: number } {
    const doc = (i: number) => `${ROLLOUT(`web-${i}`)}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web-${i}}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n---\n`;
    const p = path.join(dir, name);
    const fd = fs.openSync(p, 'w');
    let size = 0;
    let i = 0;
    while (size < bytes) {
      const chunk = Array.from({ length: 500 }, () => doc(i++)).join('');
      fs.writeSync(fd, chunk);
      size += Buffer.byteLength(chunk);
    }
    fs.closeSync(fd);
    return { path: p, objects: 2 * i };
  }

  /**
   * Runs `lint args` in a Node process of its own, measuring the wall time of the run and the process's
   * peak RSS: this jest worker's RSS would count whatever the test files it ran before left behind. The
   * peak is Linux's VmHWM, the process's own: `maxRSS` (getrusage) keeps the forking worker's peak
   * across exec, so it serves only where /proc is absent (and then over-counts).
   */
  function measured(args: string[]): CliRun & { seconds: number; peakMiB: number } {
    const script = `
      const { main } = require(${JSON.stringify(path.resolve(__dirname, '../../src/cli/main'))});
      let stdout = '';
      let stderr = '';
      const started = process.hrtime.bigint();
      main(${JSON.stringify(args)}, { stdin: process.stdin, stdout: { write: (s) => (stdout += s) }, stderr: { write: (s) => (stderr += s) } })
        .then((code) => process.stdout.write(JSON.stringify({
          code, stdout, stderr,
          seconds: Number(process.hrtime.bigint() - started) / 1e9,
          peakMiB: peakKiB() / 1024,
        })));
      function peakKiB() {
        try {
          const m = /VmHWM:\\s+(\\d+) kB/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'));
          if (m) return Number(m[1]);
        } catch {}
        return process.resourceUsage().maxRSS;
      }`;
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: path.resolve(__dirname, '../..'), input: '', maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(out.toString());
  }

  test('a 50 MB file is refused by the size limit (default 32 MiB) at once, without reading it; exit 2', async () => {
    const { path: p } = manifests('huge.yaml', 50 * 1024 * 1024);
    const size = fs.statSync(p).size;
    const r = measured(['lint', p]);
    expect(lines(r.stdout)).toEqual([
      `${p}: error ${p} is ${Math.round((size / 1024 / 1024) * 10) / 10} MiB, more than the limit of 32 MiB per file (fix: split the manifests into several files, or raise the limit with --max-file-size <MiB> if the file is trusted) [yaml]`,
      '1 error, 0 warnings: 0 objects in 0 files',
    ]);
    expect(r.code).toBe(2);
    expect(r.seconds).toBeLessThan(2);
    // standard input is cut off at the limit too
    const stdin = await run(['lint', '--max-file-size', '1', '-'], Buffer.alloc(2 * 1024 * 1024, 'a'));
    expect(lines(stdin.stdout)[0]).toBe('<stdin>: error <stdin> is larger than the limit of 1 MiB per file (fix: split the manifests into several files, or raise the limit with --max-file-size <MiB> if the file is trusted) [yaml]');
    expect(stdin.code).toBe(2);
  }, 60_000);

  test('--max-file-size takes a positive number of MiB', async () => {
    const r = await run(['lint', '--max-file-size', 'lots', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: option '--max-file-size <MiB>' argument 'lots' is invalid. give a positive number of MiB, e.g. 64");
  });

  test('a large file under the limit is linted in bounded time and memory', async () => {
    const { path: p, objects } = manifests('large.yaml', 2 * 1024 * 1024);
    const r = measured(['lint', '--format', 'json', p]);
    // eslint-disable-next-line no-console
    console.log(`lint of ${(fs.statSync(p).size / 1024 / 1024).toFixed(1)} MB (${objects} objects): ${r.seconds.toFixed(1)} s, peak RSS ${r.peakMiB.toFixed(0)} MiB`);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
    // generous bounds (2 shared cores; the child runs TypeScript through ts-node)
    expect(r.seconds).toBeLessThan(120);
    expect(r.peakMiB).toBeLessThan(3 * 1024);
  }, 180_000);
});
