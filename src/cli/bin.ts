#!/usr/bin/env node
// The `cdk8s-progressive` executable (package.json "bin": lib/cli/bin.js).
import { main } from './main';

main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr })
  .then((code) => {
    // exitCode, not exit(): lets a large JSON report drain into a pipe before the process ends
    process.exitCode = code;
  })
  .catch((e) => {
    process.stderr.write(`cdk8s-progressive: internal error: ${e?.stack ?? e}\n`);
    process.exitCode = 2;
  });
