/**
 * Reading a Rollout manifest: the pieces several rules (and the rollout plan) need, in one place.
 */
import { arrayOf, isObject, joinPath, Manifest } from './manifest';

/** Where an analysis is referenced from in a Rollout. */
export enum AnalysisUse {
  /** blueGreen.prePromotionAnalysis: must end, failure aborts */
  PRE_PROMOTION = 'prePromotionAnalysis',
  /** blueGreen.postPromotionAnalysis: must end, failure rolls back */
  POST_PROMOTION = 'postPromotionAnalysis',
  /** canary.steps[].analysis: must end */
  STEP = 'step',
  /** canary.analysis: runs in the background until the rollout is done */
  BACKGROUND = 'background',
}

/** One analysis reference of a Rollout (pre/post-promotion, a step, background). */
export interface AnalysisReference {
  readonly use: AnalysisUse;
  /** path of the RolloutAnalysis object, e.g. `spec.strategy.canary.steps[2].analysis` */
  readonly path: string;
  /** the RolloutAnalysis object itself */
  readonly spec: Record<string, any>;
}

/** The strategy block of a Rollout: its name and value, when exactly one is set. */
export function strategyOf(r: Manifest): { name: 'blueGreen' | 'canary'; spec: Record<string, any>; path: string } | undefined {
  const s = r?.spec?.strategy;
  if (!isObject(s)) return undefined;
  if (isObject(s.blueGreen) && !isObject(s.canary)) return { name: 'blueGreen', spec: s.blueGreen, path: 'spec.strategy.blueGreen' };
  if (isObject(s.canary) && !isObject(s.blueGreen)) return { name: 'canary', spec: s.canary, path: 'spec.strategy.canary' };
  return undefined;
}

/** Every analysis a Rollout references, with where from. */
export function analysisReferences(r: Manifest): AnalysisReference[] {
  const out: AnalysisReference[] = [];
  const bg = r?.spec?.strategy?.blueGreen;
  if (isObject(bg)) {
    for (const use of [AnalysisUse.PRE_PROMOTION, AnalysisUse.POST_PROMOTION]) {
      if (isObject(bg[use])) out.push({ use, path: joinPath('spec.strategy.blueGreen', use), spec: bg[use] });
    }
  }
  const canary = r?.spec?.strategy?.canary;
  if (isObject(canary)) {
    if (isObject(canary.analysis)) out.push({ use: AnalysisUse.BACKGROUND, path: 'spec.strategy.canary.analysis', spec: canary.analysis });
    arrayOf(canary.steps).forEach((step, i) => {
      if (isObject(step?.analysis)) out.push({ use: AnalysisUse.STEP, path: joinPath('spec.strategy.canary.steps', i, 'analysis'), spec: step.analysis });
    });
  }
  return out;
}

/** The template labels of a Rollout's pod template. */
export function podLabels(r: Manifest): Record<string, string> | undefined {
  const l = r?.spec?.template?.metadata?.labels;
  return isObject(l) ? l : undefined;
}

/** Kind of a referenced analysis template. */
export function templateKind(ref: Record<string, any>): 'AnalysisTemplate' | 'ClusterAnalysisTemplate' {
  return ref?.clusterScope === true ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
}
