/**
 * `cdk8s-progressive lint [--format text|json|github] [--ignore-missing-refs] [--one-set] PATH...`: the rule engine on
 * manifest sets read from files.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliIo, EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from './io';
import { DEFAULT_MAX_FILE_MIB, readOneSet, readSet, STDIN_FILE } from './sources';
import { messageWithFix, objectName, Severity } from '../validation/finding';
import { LintFinding, Linter, YamlSource } from '../validation/linter';
import { reportsMissingObject } from '../validation/rule';

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
  /** `metadata.generateName` of an object without a name */
  readonly generateName: string | null;
  /** `metadata.namespace` of the object */
  readonly namespace: string | null;
  readonly path: string;
  readonly rule: string;
  readonly severity: string;
  readonly message: string;
  readonly fix: string;
}

interface LintCommandOptions {
  readonly format: 'text' | 'json' | 'github';
  readonly ignoreMissingRefs: boolean;
  readonly oneSet: boolean;
  readonly schemas: boolean;
  readonly maxFileSize: number;
}

/** `--max-file-size`: a positive number of MiB. */
function parseMiB(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0)) throw new InvalidArgumentError('give a positive number of MiB, e.g. 64');
  return n;
}

/** Adds the `lint` command to `program`; when it is chosen, `select` receives the function that runs it. */
export function addLintCommand(program: Command, io: CliIo, select: (run: () => Promise<number>) => void): void {
  program.command('lint')
    .description('Check manifest sets against every rule and the pinned CRD schemas: Rollouts, AnalysisTemplates, Experiments, Argo CD objects and what they reference.')
    .argument('<path...>', 'a YAML file, a directory of *.yaml/*.yml files (one set, recursively), or - for standard input')
    .addOption(new Option('--format <format>', 'output format (github: GitHub Actions annotations)').choices(['text', 'json', 'github']).default('text'))
    .option('--ignore-missing-refs', 'report references to objects absent from the set as warnings, not errors', false)
    .option('--one-set', 'check all PATHs together as one manifest set (lint --one-set deploy/*.yaml)', false)
    .option('--no-schemas', 'skip the CRD schema checks (crd-* rules), e.g. for objects written for other CRD versions')
    .option('--max-file-size <MiB>', 'refuse files larger than this (bounds time and memory)', parseMiB, DEFAULT_MAX_FILE_MIB)
    .addHelpText('after', [
      '',
      'Each PATH is one manifest set: a Rollout is checked against the Services and templates of its own set',
      '(with --one-set, of all PATHs).',
      'Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage errors or unreadable/malformed YAML.',
    ].join('\n'))
    .action((paths: string[], opts: LintCommandOptions) => {
      select(() => lint(paths, opts, io));
    });
}

/** `lint PATH...`: lints each set (or all PATHs as one, `--one-set`), prints the findings and returns the exit status. */
async function lint(paths: readonly string[], opts: LintCommandOptions, io: CliIo): Promise<number> {
  const results: Array<{ set: string; finding: LintFinding }> = [];
  let objects = 0;
  let files = 0;
  let oneFileSets = 0;
  const lintSet = (sources: YamlSource[], setOf: (f: LintFinding) => string) => {
    const res = Linter._lintSet(sources, { ignoreMissingRefs: opts.ignoreMissingRefs, checkSchemas: opts.schemas });
    objects += res.manifests.length;
    files += sources.length;
    for (const finding of res.findings) results.push({ set: setOf(finding), finding });
  };
  const read = { maxFileBytes: opts.maxFileSize * 1024 * 1024 };
  if (opts.oneSet) {
    const set = await readOneSet(paths, io, read);
    for (const { arg, finding } of set.unreadable) results.push({ set: arg, finding });
    lintSet(set.sources, (f) => set.argOf.get(f.file ?? STDIN_FILE) ?? paths[0]);
  } else {
    for (const set of paths) {
      const { sources, unreadable } = await readSet(set, io, read);
      for (const finding of unreadable) results.push({ set, finding });
      if (sources.length === 1) oneFileSets++;
      lintSet(sources, () => set);
    }
  }

  if (opts.format === 'json') {
    io.stdout.write(JSON.stringify(results.map(({ set, finding }) => findingToJson(set, finding)), undefined, 2) + '\n');
  } else {
    const format = opts.format === 'github' ? formatGitHub : formatText;
    for (const { finding } of results) io.stdout.write(format(finding) + '\n');
    io.stdout.write(summary(results.map((r) => r.finding), objects, files) + '\n');
  }

  // `lint deploy/*.yaml` makes each file a set: references between the files are not found
  const missing = results.filter((r) => reportsMissingObject(r.finding.ruleId)).length;
  if (paths.length > 1 && oneFileSets > 0 && missing > 0) {
    io.stderr.write(`note: ${plural(missing, 'reference')} not found in ${missing === 1 ? 'its' : 'their'} set. Each PATH is a manifest set of its own, `
      + 'checked without the others: to check files together, pass their directory (lint deploy/, not lint deploy/*.yaml) or add --one-set\n');
  }

  if (results.some((r) => r.finding.ruleId === YAML_RULE)) return EXIT_USAGE;
  if (results.some((r) => r.finding.severity === Severity.ERROR)) return EXIT_ERRORS;
  return EXIT_OK;
}

/** `<file>:<line>: <severity> <Kind>/<name> <path>: <message> (fix: <hint>) [<rule id>]` */
export function formatText(f: LintFinding): string {
  const where = `${f.file ?? STDIN_FILE}:${f.line !== undefined ? `${f.line}:` : ''}`;
  return `${where} ${f.severity}${what(f, ' ')} ${messageWithFix(f)} [${f.ruleId}]`;
}

/** ` <Kind>/<name> <path>:` (after `lead`), or nothing for a finding about the input itself. */
function what(f: LintFinding, lead: string): string {
  return f.kind ? `${lead}${f.kind}/${objectName(f.name, f.generateName)}${f.path ? ` ${f.path}` : ''}:` : '';
}

/**
 * A GitHub Actions workflow command that annotates the file and line:
 * `::error file=<file>,line=<line>,title=<rule id>::<Kind>/<name> <path>: <message> (fix: <hint>)`
 * (standard input has no file; values escaped as the Actions toolkit escapes them).
 */
export function formatGitHub(f: LintFinding): string {
  const props = [
    ...f.file !== undefined && f.file !== STDIN_FILE ? [`file=${escapeProperty(f.file)}`] : [],
    ...f.line !== undefined ? [`line=${f.line}`] : [],
    `title=${escapeProperty(f.ruleId)}`,
  ];
  const level = f.severity === Severity.ERROR ? 'error' : 'warning';
  return `::${level} ${props.join(',')}::${escapeData(`${f.kind ? `${what(f, '')} ` : ''}${messageWithFix(f)}`)}`;
}

/** A workflow command's message: `%`, CR and LF escaped. */
function escapeData(v: string): string {
  return v.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,`. */
function escapeProperty(v: string): string {
  return escapeData(v).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A finding as `--format json` writes it (`plan --format json` writes its errors the same way). */
export function findingToJson(set: string, f: LintFinding): JsonFinding {
  return {
    set,
    file: f.file ?? null,
    line: f.line ?? null,
    kind: f.kind,
    name: f.name,
    generateName: f.generateName ?? null,
    namespace: f.namespace ?? null,
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
