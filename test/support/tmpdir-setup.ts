/**
 * Jest global setup: the test run gets a temporary directory of its own (TMPDIR, which the workers
 * inherit), removed by `tmpdir-teardown.ts` when the run ends. cdk8s's `Testing.app()` makes an
 * output directory under the temporary directory for every app and never removes it, so without
 * this each run leaves a few hundred `cdk8s.outdir.*` directories behind.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface TestTmpdir {
  /** the run's directory */
  readonly dir: string;
  /** TMPDIR before the run */
  readonly previous?: string;
}

export default function setup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-progressive-test-'));
  (globalThis as { testTmpdir?: TestTmpdir }).testTmpdir = { dir, previous: process.env.TMPDIR };
  process.env.TMPDIR = dir;
}
