/**
 * The `cdk8s-progressive` command line. `main` takes its arguments and I/O streams so that tests
 * run it in-process; `bin.ts` is the executable that passes the process's own.
 *
 *   cdk8s-progressive lint [--format text|json] [--ignore-missing-refs] PATH...
 *
 * Each PATH is one manifest set: a YAML file, a directory whose `*.yaml`/`*.yml` files (recursively)
 * form one set, or `-` for standard input. Exit status: 0 no errors (warnings allowed), 1 errors,
 * 2 usage errors and unreadable or malformed YAML.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { messageWithFix, Severity } from '../validation/finding';
import { LintFinding, Linter, YamlSource } from '../validation/linter';

/** The streams the command reads and writes. */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

/** Exit statuses. */
export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

/** Rule id of findings about the input itself. */
const YAML_RULE = 'yaml';

/** One finding of a `lint` run as JSON (`--format json`). */
export interface JsonFinding {
  /** the PATH argument (manifest set) the finding belongs to */
  readonly set: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly kind: string;
  readonly name: string;
  readonly path: string;
  readonly rule: string;
  readonly severity: string;
  readonly message: string;
  readonly fix: string;
}

interface LintCommandOptions {
  readonly format: 'text' | 'json';
  readonly ignoreMissingRefs: boolean;
}

/** Name of standard input in findings. */
export const STDIN_FILE = '<stdin>';

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
    .showHelpAfterError('(run "cdk8s-progressive lint --help" for usage)');

  program.command('lint')
    .description('Check manifest sets against every rule: Rollouts, AnalysisTemplates, Experiments and what they reference.')
    .argument('<path...>', 'a YAML file, a directory of *.yaml/*.yml files (one set, recursively), or - for standard input')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--ignore-missing-refs', 'report references to objects absent from the set as warnings, not errors', false)
    .addHelpText('after', [
      '',
      'Each PATH is one manifest set: a Rollout is checked against the Services and templates of its own set.',
      'Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage errors or unreadable/malformed YAML.',
    ].join('\n'))
    .action((paths: string[], opts: LintCommandOptions) => {
      run = () => lint(paths, opts, io);
    });

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

/** `lint PATH...`: lints each set, prints the findings and returns the exit status. */
async function lint(paths: readonly string[], opts: LintCommandOptions, io: CliIo): Promise<number> {
  const results: Array<{ set: string; finding: LintFinding }> = [];
  let objects = 0;
  let files = 0;
  for (const set of paths) {
    const { sources, unreadable } = await readSet(set, io);
    files += sources.length;
    const res = Linter._lintSet(sources, { ignoreMissingRefs: opts.ignoreMissingRefs });
    objects += res.objects;
    for (const finding of [...unreadable, ...res.findings]) results.push({ set, finding });
  }

  if (opts.format === 'json') {
    io.stdout.write(JSON.stringify(results.map(({ set, finding }) => toJson(set, finding)), undefined, 2) + '\n');
  } else {
    for (const { finding } of results) io.stdout.write(formatText(finding) + '\n');
    io.stdout.write(summary(results.map((r) => r.finding), objects, files) + '\n');
  }

  if (results.some((r) => r.finding.ruleId === YAML_RULE)) return EXIT_USAGE;
  if (results.some((r) => r.finding.severity === Severity.ERROR)) return EXIT_ERRORS;
  return EXIT_OK;
}

/** `<file>:<line>: <severity> <Kind>/<name> <path>: <message> (fix: <hint>) [<rule id>]` */
export function formatText(f: LintFinding): string {
  const where = `${f.file ?? STDIN_FILE}:${f.line !== undefined ? `${f.line}:` : ''}`;
  const what = f.kind ? ` ${f.kind}/${f.name || '<unnamed>'}${f.path ? ` ${f.path}` : ''}:` : '';
  return `${where} ${f.severity}${what} ${messageWithFix(f)} [${f.ruleId}]`;
}

function toJson(set: string, f: LintFinding): JsonFinding {
  return {
    set,
    file: f.file ?? null,
    line: f.line ?? null,
    kind: f.kind,
    name: f.name,
    path: f.path,
    rule: f.ruleId,
    severity: f.severity,
    message: f.message,
    fix: f.fix,
  };
}

function summary(findings: readonly LintFinding[], objects: number, files: number): string {
  const errors = findings.filter((f) => f.severity === Severity.ERROR).length;
  const warnings = findings.length - errors;
  const scope = `${plural(objects, 'object')} in ${plural(files, 'file')}`;
  if (findings.length === 0) return `no problems found: ${scope}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}: ${scope}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The YAML sources of one PATH argument, and a `yaml` finding for what cannot be read. */
async function readSet(arg: string, io: CliIo): Promise<{ sources: YamlSource[]; unreadable: LintFinding[] }> {
  if (arg === '-') {
    try {
      return { sources: [{ file: STDIN_FILE, text: await readAll(io.stdin) }], unreadable: [] };
    } catch (e) {
      return { sources: [], unreadable: [cannotRead(STDIN_FILE, e)] };
    }
  }
  const sources: YamlSource[] = [];
  const unreadable: LintFinding[] = [];
  const visited = new Set<string>();
  const visit = (p: string, top: boolean) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      unreadable.push(cannotRead(p, e));
      return;
    }
    if (stat.isDirectory()) {
      const real = fs.realpathSync(p);
      if (visited.has(real)) return; // a symlink loop
      visited.add(real);
      let entries: string[];
      try {
        entries = fs.readdirSync(p).sort();
      } catch (e) {
        unreadable.push(cannotRead(p, e));
        return;
      }
      for (const name of entries) {
        // hidden entries (.git, .github) and node_modules are never manifests of the set
        if (name.startsWith('.') || name === 'node_modules') continue;
        const child = path.join(p, name);
        if (/\.ya?ml$/i.test(name) || isDirectory(child)) visit(child, false);
      }
    } else if (top || stat.isFile()) {
      try {
        sources.push({ file: p, text: fs.readFileSync(p, 'utf-8') });
      } catch (e) {
        unreadable.push(cannotRead(p, e));
      }
    }
  };
  visit(arg, true);
  return { sources, unreadable };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function cannotRead(file: string, e: unknown): LintFinding {
  const err = e as NodeJS.ErrnoException;
  const reason = err?.code === 'ENOENT' ? 'no such file or directory'
    : err?.code === 'EACCES' ? 'permission denied'
      : String(err?.message ?? e);
  return Linter._yamlFinding(file, undefined, `cannot read ${file}: ${reason}`, 'check the path and its permissions');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf-8');
}

function packageVersion(): string {
  try {
    // lib/cli/main.js and src/cli/main.ts are both two levels below package.json
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;
  } catch {
    return 'unknown';
  }
}
