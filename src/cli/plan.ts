/**
 * `cdk8s-progressive plan [--format markdown|mermaid|json] [--rollout NAME] PATH...`: the plan the
 * controller follows for an update of a Rollout read from files, all PATHs one set (steps, traffic
 * split, gates, the minimum time to full promotion), with the plan checks that apply.
 */
import { Command, Option } from 'commander';
import { CliIo, EXIT_OK, EXIT_USAGE } from './io';
import { formatText } from './lint';
import { readOneSet } from './sources';
import { RolloutPlan } from '../plan/rollout-plan';
import { Linter } from '../validation/linter';

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
      'Exit status: 0 the plan was printed (plan checks are warnings), 2 usage errors, unreadable or malformed YAML, or no such Rollout.',
    ].join('\n'))
    .action((paths: string[], opts: PlanCommandOptions) => {
      select(() => plan(paths, opts, io));
    });
}

/** `plan PATH...`: prints the plan and returns the exit status. */
async function plan(paths: readonly string[], opts: PlanCommandOptions, io: CliIo): Promise<number> {
  const { sources, unreadable } = await readOneSet(paths, io);
  const parsed = Linter._parseSources(sources);
  const problems = [...unreadable.map((u) => u.finding), ...parsed.findings];
  if (problems.length > 0) {
    for (const f of problems) io.stderr.write(formatText(f) + '\n');
    return EXIT_USAGE;
  }
  let p: RolloutPlan;
  try {
    p = RolloutPlan.fromManifests(parsed.manifests, opts.rollout);
  } catch (e) {
    const hint = /choose one/.test(String((e as Error)?.message)) ? ' with --rollout NAME' : '';
    io.stderr.write(`${paths.join(' ')}: ${(e as Error)?.message ?? e}${hint}\n`);
    return EXIT_USAGE;
  }
  if (opts.format === 'json') io.stdout.write(JSON.stringify(p.toJson(), undefined, 2) + '\n');
  else if (opts.format === 'mermaid') io.stdout.write(p.toMermaid());
  else io.stdout.write(p.toMarkdown());
  return EXIT_OK;
}
