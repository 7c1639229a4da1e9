/**
 * The `cdk8s-progressive` command line. `main` takes its arguments and I/O streams so that tests
 * run it in-process; `bin.ts` is the executable that passes the process's own.
 *
 * One file per command (`lint.ts`, ...), each adding itself with `addXxxCommand(program, io, select)`;
 * `sources.ts` reads PATH arguments for all of them. Exit status: 0 no errors (warnings allowed),
 * 1 errors, 2 usage errors and unreadable or malformed input.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { CliIo, EXIT_OK, EXIT_USAGE } from './io';
import { addLintCommand } from './lint';
import { addPlanCommand } from './plan';

export { CliIo, EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from './io';
export { formatText, JsonFinding } from './lint';
export { STDIN_FILE } from './sources';

/**
 * Runs the command line `argv` (without the node and script arguments) and returns the exit status.
 * Never throws for bad input: usage errors and unreadable files are reported on the streams.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let run: (() => Promise<number>) | undefined;
  const program = new Command('cdk8s-progressive')
    .description('Progressive delivery as code: checks Argo Rollouts and Argo CD manifests with the controllers\' own rules.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      getOutHelpWidth: () => 100,
      getErrHelpWidth: () => 100,
    })
    .showHelpAfterError('(run "cdk8s-progressive <command> --help" for usage)');

  addLintCommand(program, io, (r) => { run = r; });
  addPlanCommand(program, io, (r) => { run = r; });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw e;
  }
  if (!run) {
    // no command: help goes to stderr, as for any usage error
    io.stderr.write(program.helpInformation());
    return EXIT_USAGE;
  }
  return run();
}

function packageVersion(): string {
  try {
    // lib/cli/main.js and src/cli/main.ts are both two levels below package.json
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;
  } catch {
    return 'unknown';
  }
}
