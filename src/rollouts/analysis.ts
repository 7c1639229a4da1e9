import { IAnalysisTemplate } from '../analysis/analysis-template';
import { ArgValue } from '../analysis/args';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * An analysis a rollout runs: which templates, with which arguments.
 */
export interface RolloutAnalysis {
  /** The templates whose metrics make up the analysis. */
  readonly templates: IAnalysisTemplate[];
  /**
   * Values for the templates' arguments, by argument name. Every argument without a default must
   * be given, and only declared arguments may be: synth fails otherwise.
   * @default - none
   */
  readonly args?: { [name: string]: ArgValue };
  /**
   * Metrics (names or regular expressions) evaluated without failing the analysis.
   * @default - none
   */
  readonly dryRunMetrics?: string[];
  /**
   * Labels and annotations of the AnalysisRuns created.
   * @default - none
   */
  readonly analysisRunLabels?: { [key: string]: string };
}

/** The `RolloutAnalysis` block of a Rollout spec (the same shape everywhere it appears). */
export function renderRolloutAnalysis(a: RolloutAnalysis, where: string): L1.RolloutSpecStrategyBlueGreenPrePromotionAnalysis {
  if (!a.templates || a.templates.length === 0) throw new Error(`${where}: an analysis needs at least one template in "templates"`);
  const args = a.args ?? {};
  return {
    templates: a.templates.map((t) => ({ templateName: t.name, clusterScope: t.clusterScope ? true : undefined })),
    args: Object.keys(args).length ? Object.keys(args).sort().map((name) => args[name]._toArg(name)) : undefined,
    dryRun: a.dryRunMetrics?.length ? a.dryRunMetrics.map((metricName) => ({ metricName })) : undefined,
    analysisRunMetadata: a.analysisRunLabels ? { labels: a.analysisRunLabels } : undefined,
  };
}
