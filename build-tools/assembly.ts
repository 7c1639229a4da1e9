/**
 * The library's jsii assembly (.jsii and lib/) for tools and tests that need it: compiled with jsii
 * when it is missing or older than a file in src/ (a fresh clone runs `npx projen test` uncompiled).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..');
export const ASSEMBLY = path.join(ROOT, '.jsii');
/** Environment for jsii tools: node 20 works but makes them print an end-of-life banner. */
export const JSII_ENV = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };

/** A binary of the project's node_modules. */
export function bin(name: string): string {
  return path.join(ROOT, 'node_modules', '.bin', name);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function stale(): boolean {
  return !fs.existsSync(ASSEMBLY) || fs.statSync(ASSEMBLY).mtimeMs < newestMtime(path.join(ROOT, 'src'));
}

function sleep(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Compiles the library with jsii when .jsii is missing or older than its sources; returns the .jsii path.
 * A lock directory keeps test workers that need the assembly at the same time from compiling twice.
 */
export function ensureAssembly(): string {
  if (!stale()) return ASSEMBLY;
  const lock = path.join(ROOT, 'build', 'jsii-compile.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e: any) {
      if (e.code !== 'EEXIST') throw e;
      if (Date.now() > deadline) throw new Error(`${lock} is held for more than 10 minutes: remove it if no jsii compile is running`);
      sleep(500);
    }
  }
  try {
    if (stale()) {
      console.error('.jsii is missing or older than src/: compiling with jsii');
      execFileSync(bin('jsii'), ['--silence-warnings=reserved-word'], { cwd: ROOT, env: JSII_ENV, stdio: 'inherit' });
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return ASSEMBLY;
}
