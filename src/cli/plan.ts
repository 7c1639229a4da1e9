/**
 * `cdk8s-progressive plan [--format markdown|mermaid|json] [--rollout NAME] PATH...`: the plan the
 * controller follows for an update of a Rollout read from files, all PATHs one set (steps, traffic
 * split, gates, the minimum time to full promotion), with the plan checks that apply.
 */
import { Command, Option } from 'commander';
import { CliIo, EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from './io';
import { findingToJson, formatText } from './lint';
import { readOneSet } from './sources';
import { RolloutPlan } from '../plan/rollout-plan';
import { messageWithFix, objectName } from '../validation/finding';
import { LintFinding, Linter } from '../validation/linter';

interface PlanCommandOptions {
  readonly format: 'markdown' | 'mermaid' | 'json';
  readonly rollout?: string;
}

/** Adds the `plan` command to `program`; when it is chosen, `select` receives the function that runs it. */
export function addPlanCommand(program: Command, io: CliIo, select: (run: () => Promise<number>) => void): void {
  program.command('plan')
    .description('Show the plan of an update of a Rollout: each step with its earliest start, the traffic split, the gates and the minimum time to full promotion.')
    .argument('<path...>', 'YAML files, directories of *.yaml/*.yml files (recursively), or - for standard input: together one set')
    .addOption(new Option('--format <format>', 'output format').choices(['markdown', 'mermaid', 'json']).default('markdown'))
    .option('--rollout <name>', 'the Rollout to plan, when the set has several')
    .addHelpText('after', [
      '',
      'The AnalysisTemplates of the set give the analyses their durations (interval, count, initialDelay).',
      'The rules of `lint` run on the set too: errors in the Rollout or in the analysis templates it uses mean the controller',
      'rejects it (InvalidSpec) and never runs the plan. They are printed on standard error, as lint prints them; the plan',
      'is still printed, headed by that statement (JSON: "rejected" and "errors"). Objects missing from the set are not',
      'errors here (the set may be partial): `lint` reports them.',
      'Exit status: 0 the plan was printed (plan checks are warnings), 1 the controller rejects the Rollout (errors),',
      '2 usage errors, unreadable or malformed YAML, or no such Rollout.',
    ].join('\n'))
    .action((paths: string[], opts: PlanCommandOptions) => {
      select(() => plan(paths, opts, io));
    });
}

/** `plan PATH...`: prints the plan and returns the exit status. */
async function plan(paths: readonly string[], opts: PlanCommandOptions, io: CliIo): Promise<number> {
  const { sources, unreadable } = await readOneSet(paths, io);
  // the set read and checked once, as `lint` checks it (a partial set: missing objects are warnings)
  const linted = Linter._lintSet(sources, { ignoreMissingRefs: true });
  const problems = [...unreadable.map((u) => u.finding), ...linted.findings.filter(Linter._isYamlFinding)];
  if (problems.length > 0) {
    for (const f of problems) io.stderr.write(formatText(f) + '\n');
    return EXIT_USAGE;
  }
  let p: RolloutPlan;
  try {
    p = RolloutPlan.fromManifests(linted.manifests, opts.rollout);
  } catch (e) {
    const hint = /choose one/.test(String((e as Error)?.message)) ? ' with --rollout NAME' : '';
    io.stderr.write(`${paths.join(' ')}: ${(e as Error)?.message ?? e}${hint}\n`);
    return EXIT_USAGE;
  }
  const errors = p._rejections(linted.findings);
  const rejected = errors.length > 0 ? rejection(p, errors) : undefined;

  if (opts.format === 'json') {
    const json = { ...p.toJson(), rejected: rejected !== undefined, errors: errors.map((f) => findingToJson(paths.join(' '), f)) };
    io.stdout.write(JSON.stringify(json, undefined, 2) + '\n');
  } else if (opts.format === 'mermaid') {
    const chart = p.toMermaid();
    // a Mermaid comment under the diagram type, so the chart still renders
    io.stdout.write(rejected ? chart.replace('\n', `\n  %% ${rejected}\n`) : chart);
  } else {
    const list = errors.map((f) => `- error \`${f.ruleId}\` ${f.kind}/${objectName(f.name, f.generateName)} ${f.path}: ${messageWithFix(f)}`);
    const heading = `**Rejected**: ${rejected}. The plan below is what the steps ask for.`;
    io.stdout.write(rejected ? [heading, '', ...list, '', p.toMarkdown()].join('\n') : p.toMarkdown());
  }
  if (!rejected) return EXIT_OK;
  for (const f of errors) io.stderr.write(formatText(f) + '\n');
  io.stderr.write(`${paths.join(' ')}: ${rejected}\n`);
  return EXIT_ERRORS;
}

/** The statement that the controller rejects the Rollout, with how many errors say why. */
function rejection(p: RolloutPlan, errors: readonly LintFinding[]): string {
  // the crd-* rules check the CRD schema, which the API server enforces before the controller sees the object
  const server = errors.some((f) => f.ruleId.startsWith('crd-')) ? ' (or the API server refuses it)' : '';
  return `the Argo Rollouts controller rejects Rollout "${p.rolloutName}": it marks it InvalidSpec${server} and never runs this plan`
    + ` (${errors.length} error${errors.length === 1 ? '' : 's'})`;
}
