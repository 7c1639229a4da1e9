import { Readable } from 'stream';
import { main } from '../../src/cli/main';

/** What one in-process run of the CLI printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `cdk8s-progressive` command line in-process with `stdin` as standard input. */
export async function runCli(args: string[], stdin: string | Buffer = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdin: Readable.from([stdin]),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

/** The non-empty lines of an output. */
export const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '');
