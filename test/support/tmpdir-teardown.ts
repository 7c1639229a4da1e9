/** Jest global teardown: removes the run's temporary directory (see `tmpdir-setup.ts`). */
import * as fs from 'fs';
import type { TestTmpdir } from './tmpdir-setup';

export default function teardown(): void {
  const t = (globalThis as { testTmpdir?: TestTmpdir }).testTmpdir;
  if (!t) return;
  if (t.previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = t.previous;
  fs.rmSync(t.dir, { recursive: true, force: true });
}
