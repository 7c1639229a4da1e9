/**
 * Reading a Rollout manifest: the pieces several rules (and the rollout plan) need, in one place.
 */
import { arrayOf, isObject, joinPath, kindOf, Manifest, ManifestIndex, nameOf, namespaceOf, text } from './manifest';

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
  /**
   * an analysis of an experiment: `canary.steps[].experiment.analyses[]`, or an Experiment's
   * `spec.analyses[]`. The Rollout controller does not validate these (no InvalidSpec): the
   * Experiment creates the AnalysisRun, and fails (phase Error) when it cannot.
   */
  EXPERIMENT = 'experiment',
}

/** One analysis reference of a Rollout (pre/post-promotion, a step, background). */
export interface AnalysisReference {
  readonly use: AnalysisUse;
  /** path of the RolloutAnalysis object, e.g. `spec.strategy.canary.steps[2].analysis` */
  readonly path: string;
  /** the RolloutAnalysis object itself (for an experiment analysis: the analysis entry, which names one template) */
  readonly spec: Record<string, any>;
  /**
   * For an experiment analysis: the experiment (step) spec and its path. Its `dryRun` and
   * `measurementRetention` go into the run of each of its analyses.
   */
  readonly experiment?: { readonly path: string; readonly spec: Record<string, any> };
}

/**
 * Whether an object's controller owner reference is the Rollout `r` (upstream metav1.IsControlledBy,
 * by kind and name: a manifest has no UID): an object the controller creates and owns, such as an SMI
 * TrafficSplit or an APISIX header route.
 */
export function controlledByRollout(obj: Manifest, r: Manifest): boolean {
  return arrayOf(obj?.metadata?.ownerReferences).some((o) => o?.controller === true && o?.kind === 'Rollout' && o?.name === nameOf(r));
}

/**
 * The canary strategy of a Rollout and its `trafficRouting.<router>` block (`nginx`, `alb`, `istio`,
 * ...), when the Rollout is a canary that routes with that router.
 */
export function canaryRouting(r: Manifest, router: string): { canary: Record<string, any>; router: Record<string, any> } | undefined {
  const st = strategyOf(r);
  const routing = st?.name === 'canary' ? st.spec.trafficRouting : undefined;
  if (!isObject(routing) || !isObject(routing[router])) return undefined;
  return { canary: st!.spec, router: routing[router] };
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

/**
 * The analyses of a Rollout's experiment steps (`canary.steps[].experiment.analyses[]`). The
 * Rollout passes their args as it passes a step analysis' (each gets a value), and the Experiment
 * it creates runs them.
 */
export function experimentStepAnalyses(r: Manifest): AnalysisReference[] {
  const out: AnalysisReference[] = [];
  arrayOf(r?.spec?.strategy?.canary?.steps).forEach((step, i) => {
    const exp = step?.experiment;
    if (!isObject(exp)) return;
    const experiment = { path: joinPath('spec.strategy.canary.steps', i, 'experiment'), spec: exp };
    arrayOf(exp.analyses).forEach((an, j) => {
      out.push({ use: AnalysisUse.EXPERIMENT, path: joinPath(experiment.path, 'analyses', j), spec: isObject(an) ? an : {}, experiment });
    });
  });
  return out;
}

/**
 * Every analysis whose run a Rollout or an Experiment starts: a Rollout's analyses
 * (`analysisReferences`) and those of its experiment steps; an Experiment's `spec.analyses`.
 */
export function analysisReferencesOf(obj: Manifest): AnalysisReference[] {
  if (kindOf(obj) !== 'Experiment') return [...analysisReferences(obj), ...experimentStepAnalyses(obj)];
  const experiment = { path: 'spec', spec: isObject(obj?.spec) ? obj.spec : {} };
  return arrayOf(obj?.spec?.analyses).map((an, i) => ({
    use: AnalysisUse.EXPERIMENT, path: joinPath('spec.analyses', i), spec: isObject(an) ? an : {}, experiment,
  }));
}

/**
 * The dryRun / measurementRetention rules a reference adds to its run, with their path: the
 * reference's own, or for an experiment analysis the experiment's.
 */
export function runMatchRules(a: AnalysisReference, field: 'dryRun' | 'measurementRetention'): { list: any[]; path: string } {
  const owner = a.experiment ?? a;
  return { list: arrayOf(owner.spec[field]), path: joinPath(owner.path, field) };
}

/** A reference to a template, with its path: `templates[i]` of an analysis, or an experiment analysis itself. */
export interface TemplateRef {
  readonly path: string;
  readonly ref: Record<string, any>;
}

/** The template references of an analysis reference with their paths. */
export function templateRefs(a: AnalysisReference): TemplateRef[] {
  if (a.spec.templates === undefined && a.spec.templateName !== undefined) return [{ path: a.path, ref: a.spec }];
  return arrayOf(a.spec.templates).map((ref, i) => ({ path: joinPath(a.path, 'templates', i), ref }));
}

/** A template a reference resolved to (directly, or nested in another template's `spec.templates`). */
export interface ResolvedTemplate {
  /** path of the reference in the referencing object that leads to it */
  readonly refPath: string;
  readonly kind: string;
  readonly name: string;
  readonly template: Manifest;
}

/** A template reference that names no template of the set. */
export interface MissingTemplate {
  /** path of the reference in the referencing object (for a nested one: the reference that leads to it) */
  readonly refPath: string;
  readonly kind: string;
  readonly name: string;
  /** for a nested reference: the template whose `spec.templates[index]` it is */
  readonly via?: { readonly kind: string; readonly name: string; readonly index: number };
}

/** The templates an AnalysisRun is made of, flattened, and the references that found none. */
export interface FlatTemplates {
  readonly templates: ResolvedTemplate[];
  readonly missing: MissingTemplate[];
}

/**
 * The templates an AnalysisRun is built from, as the controller collects them
 * (getAnalysisTemplatesFromRefs, FilterUniqueTemplates, FlattenTemplates): each referenced template
 * and, recursively, those its `spec.templates` names (namespaced ones in `namespace`, the
 * referencing object's; `clusterScope` ones cluster-wide), each template once, namespaced ones
 * before cluster-scoped ones. A cycle is followed once (upstream recurses without end).
 * @param seed templates already collected (e.g. a template flattened on its own)
 */
export function flattenTemplateRefs(
  refs: readonly TemplateRef[], index: ManifestIndex, namespace?: string, seed: ResolvedTemplate[] = [],
): FlatTemplates {
  const found: ResolvedTemplate[] = [...seed];
  const missing: MissingTemplate[] = [];
  const visit = (ref: Record<string, any>, refPath: string, via?: MissingTemplate['via']) => {
    const kind = templateKind(ref);
    const name = text(ref?.templateName ?? '');
    const template = index.find(kind, name, kind === 'ClusterAnalysisTemplate' ? undefined : namespace);
    if (!template) {
      missing.push({ refPath, kind, name, via });
      return;
    }
    if (found.some((t) => t.template === template)) return;
    found.push({ refPath, kind, name, template });
    arrayOf(template?.spec?.templates).forEach((child, k) => visit(child, refPath, { kind, name, index: k }));
  };
  for (const seeded of seed) {
    arrayOf(seeded.template?.spec?.templates).forEach((child, k) => visit(child, seeded.refPath, { kind: seeded.kind, name: seeded.name, index: k }));
  }
  for (const { path, ref } of refs) visit(ref, path);
  const templates = [...found.filter((t) => t.kind !== 'ClusterAnalysisTemplate'), ...found.filter((t) => t.kind === 'ClusterAnalysisTemplate')];
  return { templates, missing };
}

/**
 * A template as it runs when referenced: itself and the templates its `spec.templates` names,
 * flattened (namespaced ones looked up in its own namespace).
 */
export function flattenTemplate(t: Manifest, index: ManifestIndex): FlatTemplates {
  const kind = kindOf(t);
  return flattenTemplateRefs([], index, kind === 'ClusterAnalysisTemplate' ? undefined : namespaceOf(t), [{ refPath: 'spec', kind, name: text(t?.metadata?.name ?? ''), template: t }]);
}

/** Every analysis reference of a Rollout or Experiment, with the templates of its run, flattened. */
export function* eachAnalysisReference(obj: Manifest, index: ManifestIndex): Iterable<{ a: AnalysisReference } & FlatTemplates> {
  for (const a of analysisReferencesOf(obj)) yield { a, ...flattenTemplateRefs(templateRefs(a), index, obj?.metadata?.namespace) };
}

/** An argument of an AnalysisRun: its name, value and valueFrom, and which passed argument set its value. */
export interface RunArg {
  readonly name: unknown;
  readonly value?: unknown;
  readonly valueFrom?: unknown;
  /** index in the reference's `args` of the argument that set `value` over the templates' */
  readonly passedAt?: number;
  /** the argument as the templates declare it, flattened */
  readonly declared: { readonly value?: unknown; readonly valueFrom?: unknown };
}

/**
 * The arguments of a reference's AnalysisRun: the templates' arguments flattened as upstream
 * flattenArgs does (an argument without a value is replaced by a later one of the same name), then
 * what the object passes merged in (MergeArgs: a passed value replaces the value and keeps the
 * template's valueFrom; else a passed valueFrom replaces the valueFrom; an argument no template
 * declares is ignored). A Rollout's argument always has a value (`AnalysisRunArgument.value` is a
 * string, absent is ""; valueFrom is resolved into it), in its experiment steps too; an
 * Experiment's may have none (`Argument.value` is a pointer).
 */
export function runArgs(a: AnalysisReference, templates: readonly ResolvedTemplate[], alwaysValue: boolean): RunArg[] {
  const flat = new Map<unknown, { name: unknown; value?: unknown; valueFrom?: unknown; passedAt?: number; declared: RunArg['declared'] }>();
  for (const t of templates) {
    for (const arg of arrayOf(t.template?.spec?.args)) {
      if (flat.get(arg?.name)?.value == null) {
        const declared = { value: arg?.value ?? undefined, valueFrom: arg?.valueFrom ?? undefined };
        flat.set(arg?.name, { name: arg?.name, ...declared, declared });
      }
    }
  }
  arrayOf(a.spec.args).forEach((arg, i) => {
    const merged = flat.get(arg?.name);
    if (!merged) return;
    if (arg?.value != null || alwaysValue) {
      merged.value = arg?.value ?? '';
      merged.passedAt = i;
    } else if (arg?.valueFrom != null) {
      merged.valueFrom = arg.valueFrom;
    }
  });
  return [...flat.values()];
}

/**
 * The pod template a Rollout runs, as the controller validates it: its own, or with a `workloadRef`
 * the referenced workload's (the controller copies that template into the Rollout before it
 * validates, upstream `Resolve`). Undefined when the workload is not in the set.
 */
export function runningPodTemplate(r: Manifest, index: ManifestIndex): Record<string, any> | undefined {
  const ref = r?.spec?.workloadRef;
  const owner = !isObject(ref) ? r
    : typeof ref.name === 'string' && typeof ref.kind === 'string' ? index.find(ref.kind, ref.name, namespaceOf(r)) : undefined;
  const template = owner?.spec?.template;
  return isObject(template) ? template : undefined;
}

/** The pod template labels a Rollout runs with (of `runningPodTemplate`). */
export function runningPodLabels(r: Manifest, index: ManifestIndex): Record<string, string> | undefined {
  const l = runningPodTemplate(r, index)?.metadata?.labels;
  return isObject(l) ? l : undefined;
}

/** Kind of a referenced analysis template. */
export function templateKind(ref: Record<string, any>): 'AnalysisTemplate' | 'ClusterAnalysisTemplate' {
  return ref?.clusterScope === true ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
}
