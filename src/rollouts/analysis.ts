import { AnalysisTemplateBase, IAnalysisTemplate } from '../analysis/analysis-template';
import { AnalysisServices, ArgValue } from '../analysis/args';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * An analysis a rollout runs: which templates, with which arguments.
 */
export interface RolloutAnalysis {
  /** The templates whose metrics make up the analysis. */
  readonly templates: IAnalysisTemplate[];
  /**
   * Values for the templates' arguments, by argument name. Every argument without a default must
   * be given (synth fails otherwise), and none the templates read `valueFrom` (a Secret, a field):
   * the controller keeps the template's valueFrom next to the value passed, and the run fails. An
   * argument no template declares is ignored by the controller (synth warns). Arguments declared
   * with `TemplateArg.fromRollout()` are filled in by the rollout when not given here.
   * @default - none
   */
  readonly args?: { [name: string]: ArgValue };
  /**
   * Metrics (names or regular expressions) evaluated without failing the analysis.
   * @default - none
   */
  readonly dryRunMetrics?: string[];
  /**
   * Labels of the AnalysisRuns created (`analysisRunMetadata.labels`).
   * @default - none
   */
  readonly analysisRunLabels?: { [key: string]: string };
  /**
   * Annotations of the AnalysisRuns created (`analysisRunMetadata.annotations`).
   * @default - none
   */
  readonly analysisRunAnnotations?: { [key: string]: string };
}

/**
 * The `RolloutAnalysis` block of a Rollout spec (the same shape everywhere it appears).
 * @param services the rollout's Services while this analysis runs; with them, the arguments the
 * templates declare with `TemplateArg.fromRollout()` and the analysis does not pass are wired
 */
export function renderRolloutAnalysis(
  a: RolloutAnalysis, where: string, services?: AnalysisServices,
): L1.RolloutSpecStrategyBlueGreenPrePromotionAnalysis {
  if (!a.templates || a.templates.length === 0) throw new Error(`${where}: an analysis needs at least one template in "templates"`);
  // what a JavaScript caller (no compiler to check the props) may pass: a message, not a TypeError
  a.templates.forEach((t, i) => {
    if (typeof t?.name !== 'string') throw new Error(`${where}: templates[${i}] must be an AnalysisTemplate or ClusterAnalysisTemplate, got ${describe(t)}`);
  });
  assertArgValues(a.args, where);
  const args = { ...(services ? rolloutSuppliedArgs(a.templates, services) : {}), ...a.args };
  return {
    templates: a.templates.map((t) => ({ templateName: t.name, clusterScope: t.clusterScope ? true : undefined })),
    args: Object.keys(args).length ? Object.keys(args).sort().map((name) => args[name]._toArg(name)) : undefined,
    dryRun: a.dryRunMetrics?.length ? a.dryRunMetrics.map((metricName) => ({ metricName })) : undefined,
    analysisRunMetadata: a.analysisRunLabels || a.analysisRunAnnotations
      ? { labels: a.analysisRunLabels, annotations: a.analysisRunAnnotations }
      : undefined,
  };
}

/**
 * The values the rollout supplies for the templates' `TemplateArg.fromRollout()` arguments. An
 * argument that some template gives a value of its own (a default, a Secret) is left to the
 * templates; one the rollout cannot supply is left out (synth then reports it unresolved).
 * Used for analyses and for the analyses of experiment steps.
 */
export function rolloutSuppliedArgs(templates: IAnalysisTemplate[], services: AnalysisServices): { [name: string]: ArgValue } {
  const declared = templates.flatMap((t) => (t instanceof AnalysisTemplateBase ? t._runArgs() : []));
  const out: { [name: string]: ArgValue } = {};
  for (const arg of declared) {
    if (arg.name in out) continue; // the first template that declares it decides
    const supplied = arg._rolloutValue()?._resolve(services);
    if (supplied && !declared.some((d) => d.name === arg.name && (d._toL1().value != null || d._toL1().valueFrom != null))) out[arg.name] = supplied;
  }
  return out;
}

/**
 * Throws a message naming the argument when a value of `args` is not an `ArgValue` (a JavaScript
 * caller's `{ 'service-name': 'web' }`), instead of the TypeError rendering it would hit.
 */
export function assertArgValues(args: { [name: string]: ArgValue } | undefined, where: string): void {
  for (const [name, v] of Object.entries(args ?? {})) {
    if (typeof (v as Partial<ArgValue>)?._toArg !== 'function') throw new Error(`${where}: args["${name}"] must be an ArgValue, e.g. ArgValue.of('text'), got ${describe(v)}`);
  }
}

/** A value a caller passed where another type was expected, for messages. */
function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return typeof v === 'object' ? `an object (${(v as object).constructor?.name ?? 'Object'})` : `the ${typeof v} ${String(v)}`;
}
