#!/usr/bin/env node
// The `cdk8s-progressive` executable (package.json "bin": lib/cli/bin.js).
import { main } from './main';

// A reader that stops early (`lint deploy/ | head`) closes the pipe: the rest of the output is
// dropped, the exit status stands, and no stack trace is printed. Any other write error is reported.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
  process.stderr.write(`cdk8s-progressive: cannot write the output: ${e.message}\n`);
  process.exitCode = 2;
});
process.stderr.on('error', () => {
  // nowhere left to report it
});

main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr })
  .then((code) => {
    // exitCode, not exit(): lets a large JSON report drain into a pipe before the process ends
    process.exitCode = process.exitCode || code;
  })
  .catch((e) => {
    process.stderr.write(`cdk8s-progressive: internal error: ${e?.stack ?? e}\n`);
    process.exitCode = 2;
  });
