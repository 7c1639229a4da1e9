/**
 * The plan a Rollout's controller follows for one update, computed from manifest JSON (constructs
 * and YAML share it): each step with its earliest start, the traffic split and the pods of each
 * ReplicaSet, the gates and what their failure does, and the minimum time to full promotion.
 *
 * Upstream behaviour it follows (argo-rollouts v1.9.1, `utils/replicaset/canary.go`):
 * - a basic canary (no traffic router) reaches `setWeight` by pod counts
 *   (`approximateWeightedCanaryStableReplicaCounts`); `setCanaryScale` is ignored;
 * - with a router, `CalculateReplicaCountsForTrafficRoutedCanary`: see `trafficRoutedReplicaCounts`;
 * - an analysis metric measures at once (after `initialDelay`), then every `interval` until `count`
 *   measurements: it takes at least `initialDelay + interval × (count - 1)`; `{{args.x}}` in those
 *   fields is resolved from the arguments the run gets (`ResolveMetricArgs` on the AnalysisRun).
 */
import { PlanStep, PlanStepKind } from './types';
import { intValue, isPlaceholder, parseGoDuration, pauseDurationSeconds } from '../validation/duration';
import { arrayOf, isObject, joinPath, Manifest, ManifestIndex, nameOf, namespaceOf, text } from '../validation/manifest';
import { AnalysisUse, flattenTemplateRefs, strategyOf, templateKind } from '../validation/rollout-model';
import { countAtRun } from '../validation/rules/references';

/** One metric of an analysis, as far as timing goes. */
export interface PlannedMetric {
  readonly template: string;
  readonly name: string;
  /** seconds between measurements (0 when unset) */
  readonly intervalSeconds: number;
  /** measurements; undefined when the metric runs until stopped (no count) or its timing is known only at run time */
  readonly count?: number;
  /** true when `count`, `interval` or `initialDelay` has a placeholder the plan cannot resolve (valueFrom, an undeclared argument) */
  readonly runTimeValues?: boolean;
  readonly initialDelaySeconds: number;
}

/** An analysis the plan runs: its templates and metrics. */
export interface PlannedAnalysis {
  /** `AnalysisTemplate/name` or `ClusterAnalysisTemplate/name` for each reference */
  readonly templates: string[];
  /** templates the set does not contain */
  readonly missing: string[];
  readonly metrics: PlannedMetric[];
  /** minimum seconds until the analysis completes; undefined when it cannot be computed */
  readonly minimumSeconds?: number;
}

/** A row of the plan with what the plan checks need besides the public fields. */
export interface PlanEntry {
  readonly step: PlanStep;
  /** a short label (diagrams) */
  readonly label: string;
  /** the analysis the row runs (analysis steps, background analysis, blue-green gates, experiment analyses) */
  readonly analysis?: PlannedAnalysis;
  /** seconds of a timed pause */
  readonly pauseSeconds?: number;
  /** a header or mirror route that sends matching requests to the canary */
  readonly routeOn?: boolean;
}

/** The whole plan of one Rollout. */
export interface ComputedPlan {
  readonly rollout: string;
  readonly namespace?: string;
  readonly strategy: 'canary' | 'blueGreen';
  /** with a traffic router (canary) */
  readonly trafficRouting: boolean;
  readonly replicas: number;
  readonly entries: PlanEntry[];
  /** the earliest time the new version is fully promoted (stable) */
  readonly minimumSeconds: number;
  /** a person must act before full promotion */
  readonly waitsForPerson: boolean;
  /** some row's duration cannot be computed */
  readonly unknownDurations: boolean;
  /** the AnalysisTemplates and ClusterAnalysisTemplates of the set the plan read (for the analyses' durations) */
  readonly templates: readonly Manifest[];
}

const CANARY_ABORT = 'abort: all traffic goes back to the stable version and the canary is scaled down';
const INCONCLUSIVE = 'the rollout pauses until a person promotes or aborts it';

/** The plan of a Rollout with the manifest set as context (for its AnalysisTemplates), or undefined when it has no strategy. */
export function computePlan(rollout: Manifest, index: ManifestIndex): ComputedPlan | undefined {
  const st = strategyOf(rollout);
  if (!st) return undefined;
  const replicas = typeof rollout?.spec?.replicas === 'number' && rollout.spec.replicas >= 0 ? Math.trunc(rollout.spec.replicas) : 1;
  const builder = new PlanBuilder(replicas);
  const templates = new Set<Manifest>();
  const ctx: Ctx = { index, namespace: namespaceOf(rollout), builder, replicas, templates };
  const trafficRouting = st.name === 'canary' && isObject(st.spec.trafficRouting);
  const complete = st.name === 'canary' ? canaryPlan(st.spec, st.path, ctx) : blueGreenPlan(st.spec, st.path, ctx);
  return {
    rollout: nameOf(rollout),
    namespace: namespaceOf(rollout),
    strategy: st.name,
    trafficRouting,
    replicas,
    entries: builder.entries,
    minimumSeconds: complete,
    waitsForPerson: builder.entries.some((e) => e.step.waitsForPerson && e.step.startSeconds <= complete),
    unknownDurations: builder.entries.some((e) => !e.step.durationKnown && e.step.startSeconds <= complete),
    templates: [...templates],
  };
}

interface Ctx {
  readonly index: ManifestIndex;
  readonly namespace?: string;
  readonly builder: PlanBuilder;
  readonly replicas: number;
  /** the templates read so far */
  readonly templates: Set<Manifest>;
}

/** Traffic and pods from a row on. */
interface Split {
  readonly stablePercent: number;
  readonly canaryPercent: number;
  readonly stableReplicas: number;
  readonly canaryReplicas: number;
}

type RowInput = Omit<PlanStep, 'index' | 'durationKnown' | 'waitsForPerson' | keyof Split> & {
  label: string;
  durationKnown?: boolean;
  waitsForPerson?: boolean;
  analysis?: PlannedAnalysis;
  pauseSeconds?: number;
  routeOn?: boolean;
};

class PlanBuilder {
  public readonly entries: PlanEntry[] = [];
  public split: Split;

  constructor(replicas: number) {
    this.split = { stablePercent: 100, canaryPercent: 0, stableReplicas: replicas, canaryReplicas: 0 };
  }

  /**
   * Adds a row. The step is built field by field in `PlanStep`'s order, optional fields only when
   * set (object rest/spread over rows of many shapes made this the plan's hottest line).
   */
  public add(row: RowInput): void {
    const split = this.split;
    const step: Record<string, unknown> = { index: this.entries.length, kind: row.kind };
    if (row.stepIndex !== undefined) step.stepIndex = row.stepIndex;
    step.startSeconds = row.startSeconds;
    if (row.durationSeconds !== undefined) step.durationSeconds = row.durationSeconds;
    step.durationKnown = row.durationKnown ?? true;
    step.stablePercent = split.stablePercent;
    step.canaryPercent = split.canaryPercent;
    step.stableReplicas = split.stableReplicas;
    step.canaryReplicas = split.canaryReplicas;
    step.description = row.description;
    step.waitsForPerson = row.waitsForPerson ?? false;
    if (row.onFailure !== undefined) step.onFailure = row.onFailure;
    if (row.onInconclusive !== undefined) step.onInconclusive = row.onInconclusive;
    step.path = row.path;
    const { label, analysis, pauseSeconds, routeOn } = row;
    this.entries.push({ step: step as unknown as PlanStep, label, analysis, pauseSeconds, routeOn });
  }
}

// ---------------------------------------------------------------------------------------------
// canary

function canaryPlan(c: Record<string, any>, base: string, ctx: Ctx): number {
  const b = ctx.builder;
  const R = ctx.replicas;
  const router = isObject(c.trafficRouting);
  const maxWeight = router && typeof c.trafficRouting.maxTrafficWeight === 'number' && c.trafficRouting.maxTrafficWeight > 0
    ? c.trafficRouting.maxTrafficWeight : 100;
  const steps = arrayOf(c.steps);
  const background = isObject(c.analysis) ? c.analysis : undefined;
  const startingStep = background ? Math.max(0, intValue(background.startingStep)) : 0;

  let weight = 0;
  let scale: Scale | undefined;
  const split = (): Split => {
    const percent = round(weight * 100 / maxWeight);
    const [canaryReplicas, stableReplicas] = router
      ? trafficRoutedReplicaCounts(c, R, weight, percent, scale)
      : approximateWeightedCanaryStableReplicaCounts(R, Math.min(100, weight), maxSurge(c.maxSurge, R));
    return { stablePercent: round(100 - percent), canaryPercent: percent, stableReplicas, canaryReplicas };
  };

  b.add({
    kind: PlanStepKind.START,
    label: 'update starts',
    startSeconds: 0,
    path: joinPath(base, 'steps'),
    description: 'update starts: a ReplicaSet for the new version is created; all traffic stays on the stable version',
  });

  let t = 0;
  const startBackground = () => {
    const a = plannedAnalysis(background!, ctx);
    b.add({
      kind: PlanStepKind.BACKGROUND_ANALYSIS,
      label: `background analysis ${templateNames(a)} starts`,
      startSeconds: t,
      path: joinPath(base, 'analysis'),
      description: `background analysis starts (${analysisText(a, false)}) and runs until the update is fully promoted`,
      onFailure: CANARY_ABORT,
      onInconclusive: INCONCLUSIVE,
      analysis: a,
    });
  };

  // each row is one object literal (stepIndex and startSeconds written out, not spread from a shared
  // object): spreading made computing a plan about nine times slower
  steps.forEach((raw, i) => {
    if (background && i === startingStep) startBackground();
    const step = isObject(raw) ? raw : {};
    const path = joinPath(base, 'steps', i);
    if (step.setWeight !== undefined && step.setWeight !== null) {
      weight = intValue(step.setWeight);
      b.split = split();
      const share = maxWeight === 100 ? `${weight}%` : `${weight} of ${maxWeight} (${b.split.canaryPercent}%)`;
      b.add({
        stepIndex: i,
        startSeconds: t,
        kind: PlanStepKind.SET_WEIGHT,
        label: `setWeight ${weight}`,
        path: joinPath(path, 'setWeight'),
        description: router
          ? `setWeight ${weight}: ${share} of the traffic goes to the canary`
          : `setWeight ${weight}: the canary runs ${pods(b.split.canaryReplicas)} and the stable version ${pods(b.split.stableReplicas)}`
            + ' (no traffic router: the weight is approximated by pod counts)',
      });
    } else if (isObject(step.setCanaryScale)) {
      const s = step.setCanaryScale;
      let what: string;
      if (!router) {
        what = 'ignored: setCanaryScale needs a traffic router';
      } else if (s.matchTrafficWeight === true) {
        scale = undefined;
        what = 'the canary is scaled with its traffic weight again';
      } else if (typeof s.replicas === 'number') {
        scale = { replicas: s.replicas };
        what = `the canary is scaled to ${pods(s.replicas)}; traffic does not change`;
      } else {
        scale = { weight: intValue(s.weight) };
        what = `the canary is scaled to ${scale.weight}% of the pods; traffic does not change`;
      }
      b.split = split();
      b.add({ stepIndex: i, startSeconds: t, kind: PlanStepKind.SET_CANARY_SCALE, label: 'setCanaryScale', path: joinPath(path, 'setCanaryScale'), description: `setCanaryScale: ${what}` });
    } else if (isObject(step.pause)) {
      const pause = step.pause;
      if (pause.duration === undefined || pause.duration === null) {
        b.add({
          stepIndex: i,
          startSeconds: t,
          kind: PlanStepKind.PAUSE,
          label: 'pause until a person promotes',
          path: joinPath(path, 'pause'),
          waitsForPerson: true,
          durationKnown: false,
          description: 'pause until a person promotes the rollout (kubectl argo rollouts promote)',
        });
      } else {
        const secs = pauseDurationSeconds(pause.duration);
        const known = secs >= 0;
        b.add({
          stepIndex: i,
          startSeconds: t,
          kind: PlanStepKind.PAUSE,
          label: known ? `pause ${formatSeconds(secs)}` : 'pause (invalid duration)',
          path: joinPath(path, 'pause.duration'),
          durationSeconds: known ? secs : undefined,
          durationKnown: known,
          pauseSeconds: known ? secs : undefined,
          description: known ? `pause ${formatSeconds(secs)}` : `pause for ${JSON.stringify(pause.duration)}, which is not a duration`,
        });
        if (known) t += secs;
      }
    } else if (isObject(step.analysis)) {
      const a = plannedAnalysis(step.analysis, ctx);
      b.add({
        stepIndex: i,
        startSeconds: t,
        kind: PlanStepKind.ANALYSIS,
        label: `analysis ${templateNames(a)}${a.minimumSeconds !== undefined ? `, at least ${formatSeconds(a.minimumSeconds)}` : ''}`,
        path: joinPath(path, 'analysis'),
        durationSeconds: a.minimumSeconds,
        durationKnown: a.minimumSeconds !== undefined,
        description: `analysis (${analysisText(a, true)}); the next step waits for its result`,
        onFailure: CANARY_ABORT,
        onInconclusive: INCONCLUSIVE,
        analysis: a,
      });
      t += a.minimumSeconds ?? 0;
    } else if (isObject(step.experiment)) {
      const e = experimentStep(step.experiment, ctx, b.split);
      b.split = e.split;
      b.add({
        stepIndex: i,
        startSeconds: t,
        kind: PlanStepKind.EXPERIMENT,
        label: `experiment${e.seconds !== undefined ? `, ${formatSeconds(e.seconds)}` : ''}`,
        path: joinPath(path, 'experiment'),
        durationSeconds: e.seconds,
        durationKnown: e.seconds !== undefined,
        description: e.description,
        onFailure: e.analysis ? `the experiment fails, then ${CANARY_ABORT}` : undefined,
        onInconclusive: e.analysis ? INCONCLUSIVE : undefined,
        analysis: e.analysis,
      });
      b.split = split(); // the experiment's ReplicaSets and weights end with the step
      t += e.seconds ?? 0;
    } else if (isObject(step.setHeaderRoute)) {
      const h = step.setHeaderRoute;
      const matches = arrayOf(h.match).filter(isObject);
      b.add({
        stepIndex: i,
        startSeconds: t,
        kind: PlanStepKind.SET_HEADER_ROUTE,
        label: `header route ${quote(h.name)} ${matches.length > 0 ? 'on' : 'off'}`,
        path: joinPath(path, 'setHeaderRoute'),
        routeOn: matches.length > 0,
        description: matches.length > 0
          ? `header route ${quote(h.name)}: ${headerMatchText(matches, c.trafficRouting)} go to the canary`
          : `header route ${quote(h.name)} is removed`,
      });
    } else if (isObject(step.setMirrorRoute)) {
      const m = step.setMirrorRoute;
      const matches = arrayOf(m.match).filter(isObject);
      const percent = typeof m.percentage === 'number' ? m.percentage : 100;
      b.add({
        stepIndex: i,
        startSeconds: t,
        kind: PlanStepKind.SET_MIRROR_ROUTE,
        label: `mirror route ${quote(m.name)} ${matches.length > 0 ? 'on' : 'off'}`,
        path: joinPath(path, 'setMirrorRoute'),
        routeOn: matches.length > 0,
        description: matches.length > 0
          ? `mirror route ${quote(m.name)}: ${percent}% of the requests ${matches.map(routeMatchText).join(' or ')} are copied to the canary (its responses are discarded)`
          : `mirror route ${quote(m.name)} is removed`,
      });
    } else if (isObject(step.plugin)) {
      b.add({
        stepIndex: i,
        startSeconds: t,
        kind: PlanStepKind.PLUGIN,
        label: `plugin ${quote(step.plugin.name)}`,
        path: joinPath(path, 'plugin'),
        durationKnown: false,
        description: `step plugin ${quote(step.plugin.name)} runs; how long it takes is up to the plugin`,
      });
    } else {
      b.add({ stepIndex: i, startSeconds: t, kind: PlanStepKind.PLUGIN, label: 'unknown step', path, durationKnown: false, description: 'a step the plan does not know' });
    }
  });
  // a startingStep past the last step: it starts when the steps are done
  if (background && startingStep >= steps.length) startBackground();

  // the steps are done: the new version becomes stable
  weight = maxWeight;
  scale = undefined;
  b.split = { stablePercent: 0, canaryPercent: 100, stableReplicas: router ? R : 0, canaryReplicas: R };
  b.add({
    kind: PlanStepKind.PROMOTION,
    label: 'fully promoted',
    startSeconds: t,
    path: joinPath(base, 'steps'),
    description: steps.length === 0
      ? 'no steps: the new version replaces the stable one at once (a rolling update within maxSurge/maxUnavailable) and becomes stable'
      : 'fully promoted: all traffic goes to the new version, which becomes stable',
  });
  if (router) scaleDown(b, base, c, t);
  return t;
}

/** The previous version's ReplicaSet is scaled down `scaleDownDelaySeconds` (default 30) after `t`. */
function scaleDown(b: PlanBuilder, base: string, strategy: Record<string, any>, t: number): void {
  const delay = typeof strategy.scaleDownDelaySeconds === 'number' ? strategy.scaleDownDelaySeconds : 30;
  b.split = { ...b.split, stableReplicas: 0 };
  b.add({
    kind: PlanStepKind.SCALE_DOWN,
    label: 'previous version scaled down',
    startSeconds: t + delay,
    path: joinPath(base, 'scaleDownDelaySeconds'),
    description: `the previous version's ReplicaSet is scaled down (scaleDownDelaySeconds: ${delay})`,
  });
}

/** A `setCanaryScale` in force: explicit canary pods, or a percentage of the replicas. */
type Scale = { replicas?: number; weight?: number };

/**
 * [canary, stable] pods with a traffic router once a step has settled, as upstream's
 * `CalculateReplicaCountsForTrafficRoutedCanary` computes them (v1.9.1 `utils/replicaset/canary.go`):
 * - `GetCanaryReplicasOrWeight`: explicit `setCanaryScale.replicas` give the canary that count and a
 *   desired weight of 0; otherwise the desired weight is `setCanaryScale.weight` or the last `setWeight`,
 *   and the canary runs `ceil(desired × replicas / 100)` pods, `minPodsPerReplicaSet` at least;
 * - without `dynamicStableScale` the stable ReplicaSet stays at `replicas` (an explicit canary count is
 *   then taken as it is, below `minPodsPerReplicaSet` too);
 * - with it the stable runs the larger of `ceil((100 - desired) × replicas / 100)` and the pods for
 *   its actual traffic share (`100 - canaryPercent`: the traffic a settled step has), and both counts
 *   are raised to `minPodsPerReplicaSet` (`CheckMinPodsPerReplicaSet`, which leaves 0 alone).
 *
 * `weight` is the `setWeight` value (upstream divides it by 100 whatever `maxTrafficWeight` is);
 * `percent` is the canary's share of the traffic.
 */
export function trafficRoutedReplicaCounts(c: Record<string, any>, R: number, weight: number, percent: number, scale?: Scale): [number, number] {
  const minPods = (n: number) => (n === 0 || typeof c.minPodsPerReplicaSet !== 'number' ? n : Math.max(n, c.minPodsPerReplicaSet));
  const toReplicas = (w: number) => Math.ceil(w * R / 100);
  const explicit = typeof scale?.replicas === 'number' ? scale.replicas : undefined;
  const desiredWeight = explicit !== undefined ? 0 : scale?.weight ?? weight;
  const canary = explicit ?? minPods(toReplicas(desiredWeight));
  if (c.dynamicStableScale !== true) return [canary, R];
  const stable = Math.max(toReplicas(100 - desiredWeight), toReplicas(100 - percent));
  return [minPods(canary), minPods(stable)];
}

/** `MaxSurge`: an int, or a percentage of the replicas rounded up (default 25%). */
function maxSurge(v: unknown, R: number): number {
  const s = v === undefined || v === null ? '25%' : v;
  if (typeof s === 'string' && /^[0-9]+%$/.test(s)) return Math.ceil(parseInt(s, 10) * R / 100);
  return intValue(s);
}

/**
 * Upstream's `approximateWeightedCanaryStableReplicaCounts`: the canary/stable pod counts closest to
 * the weight, summing to the replicas or (with surge) one more; never 0 for a weight of 1-99.
 */
export function approximateWeightedCanaryStableReplicaCounts(replicas: number, weight: number, surge: number): [number, number] {
  if (replicas === 0) return [0, 0];
  const options: Array<{ canary: number; total: number }> = [];
  const ceil = Math.ceil(replicas * weight / 100);
  const floor = Math.floor(replicas * weight / 100);
  const tied = (total: number) => (total * weight / 100) % 1 === 0.5;
  const zeroAllowed = weight === 100 || weight === 0 || (replicas === 1 && surge === 0);
  if (ceil < replicas || zeroAllowed) options.push({ canary: ceil, total: replicas });
  if (!tied(replicas) && (floor !== 0 || zeroAllowed)) options.push({ canary: floor, total: replicas });
  if (surge > 0) {
    options.push({ canary: ceil, total: replicas + 1 });
    if (!tied(replicas + 1) && (floor !== 0 || zeroAllowed)) options.push({ canary: floor, total: replicas + 1 });
  }
  if (options.length === 0) return [0, replicas];
  const delta = (o: { canary: number; total: number }) => Math.abs(o.canary * 100 / o.total - weight);
  let best = options[0];
  for (const o of options.slice(1)) if (delta(o) < delta(best)) best = o;
  return [best.canary, best.total - best.canary];
}

interface ExperimentRow {
  readonly description: string;
  readonly seconds?: number;
  readonly analysis?: PlannedAnalysis;
  readonly split: Split;
}

function experimentStep(e: Record<string, any>, ctx: Ctx, before: Split): ExperimentRow {
  const templates = arrayOf(e.templates).filter(isObject);
  let weights = 0;
  const rs = templates.map((t) => {
    const version = t.specRef === 'stable' ? 'stable version' : 'new version';
    // the Experiment the rollout creates copies the template's replicas as they are: unset is the Experiment's default, 1
    // (rollout/experiment.go GetExperimentFromTemplate, experiments: defaults.GetReplicasOrDefault)
    const n = typeof t.replicas === 'number' ? t.replicas : 1;
    const w = typeof t.weight === 'number' ? t.weight : 0;
    weights += w;
    return `${text(t.name)} (${version}, ${pods(n)}${w ? `, ${w}% of the traffic` : ''})`;
  });
  const analyses = arrayOf(e.analyses).filter(isObject);
  const planned = analyses.map((a) => ({
    a,
    p: plannedAnalysis({ templates: [{ templateName: a.templateName, clusterScope: a.clusterScope }], args: a.args }, ctx),
  }));
  const merged: PlannedAnalysis | undefined = planned.length ? {
    templates: planned.flatMap((x) => x.p.templates),
    missing: planned.flatMap((x) => x.p.missing),
    metrics: planned.flatMap((x) => x.p.metrics),
    minimumSeconds: undefined,
  } : undefined;
  const duration = typeof e.duration === 'string' ? parseGoDuration(e.duration) : undefined;
  let total: number | undefined;
  if (duration !== undefined) {
    total = duration;
  } else {
    // no duration: the experiment ends when the analyses required for completion have
    const required = planned.filter((x) => x.a.requiredForCompletion === true);
    if (required.length > 0 && required.every((x) => x.p.minimumSeconds !== undefined)) {
      total = Math.max(...required.map((x) => x.p.minimumSeconds!));
    }
  }
  const analysesPart = planned.length
    ? `; analyses ${planned.map((x) => `${text(x.a.name)} (${analysisText(x.p, true)}${x.a.requiredForCompletion ? ', required for completion' : ''})`).join(', ')}`
    : '';
  const length = duration !== undefined ? `for ${formatSeconds(duration)}` : total !== undefined ? 'until its required analyses complete' : 'with no end the plan can compute';
  return {
    description: `experiment ${length}: ReplicaSets ${rs.join(', ')}${analysesPart}`,
    seconds: total,
    analysis: merged ? { ...merged, minimumSeconds: total } : undefined,
    split: weights > 0 ? { ...before, stablePercent: round(Math.max(0, before.stablePercent - weights)) } : before,
  };
}

// ---------------------------------------------------------------------------------------------
// blue-green

function blueGreenPlan(bg: Record<string, any>, base: string, ctx: Ctx): number {
  const b = ctx.builder;
  const R = ctx.replicas;
  const preview = typeof bg.previewReplicaCount === 'number' ? bg.previewReplicaCount : R;
  const auto = bg.autoPromotionEnabled !== false;
  const autoSeconds = typeof bg.autoPromotionSeconds === 'number' ? bg.autoPromotionSeconds : 0;
  const abortDelay = typeof bg.abortScaleDownDelaySeconds === 'number' ? bg.abortScaleDownDelaySeconds : 30;
  const active = typeof bg.activeService === 'string' ? bg.activeService : '';
  const previewService = typeof bg.previewService === 'string' && bg.previewService ? bg.previewService : undefined;

  b.split = { stablePercent: 100, canaryPercent: 0, stableReplicas: R, canaryReplicas: preview };
  b.add({
    kind: PlanStepKind.START,
    label: 'update starts, preview up',
    startSeconds: 0,
    path: base,
    description: `update starts: the new version runs ${pods(preview)}${previewService ? ` behind the preview Service ${quote(previewService)}` : ' (no preview Service)'};`
      + ` the active Service ${quote(active)} keeps all traffic on the previous version`,
  });

  let t = 0;
  if (isObject(bg.prePromotionAnalysis)) {
    const a = plannedAnalysis(bg.prePromotionAnalysis, ctx);
    b.add({
      kind: PlanStepKind.ANALYSIS,
      label: `pre-promotion analysis ${templateNames(a)}${a.minimumSeconds !== undefined ? `, at least ${formatSeconds(a.minimumSeconds)}` : ''}`,
      startSeconds: 0,
      path: joinPath(base, 'prePromotionAnalysis'),
      durationSeconds: a.minimumSeconds,
      durationKnown: a.minimumSeconds !== undefined,
      description: `pre-promotion analysis (${analysisText(a, true)}); promotion waits for it to pass`,
      onFailure: `abort before switching: the active Service stays on the previous version; the new ReplicaSet is scaled down after ${formatSeconds(abortDelay)}`,
      onInconclusive: INCONCLUSIVE,
      analysis: a,
    });
    t = a.minimumSeconds ?? 0;
  }

  const promoteAt = auto ? Math.max(t, autoSeconds) : t;
  const how = !auto
    ? 'waits until a person promotes the rollout (kubectl argo rollouts promote)'
    : autoSeconds > 0 ? `automatic, ${formatSeconds(autoSeconds)} after the new version is ready (autoPromotionSeconds)`
      : 'automatic, as soon as the new version is ready';
  b.split = { stablePercent: 0, canaryPercent: 100, stableReplicas: R, canaryReplicas: R };
  b.add({
    kind: PlanStepKind.PROMOTION,
    label: auto ? 'automatic promotion: active switches' : 'a person promotes: active switches',
    startSeconds: promoteAt,
    path: joinPath(base, auto ? (autoSeconds > 0 ? 'autoPromotionSeconds' : 'autoPromotionEnabled') : 'autoPromotionEnabled'),
    waitsForPerson: !auto,
    durationKnown: auto,
    description: `promotion (${how}): ${preview < R ? `the new version is scaled to ${pods(R)}, then ` : ''}the active Service switches to it`,
  });
  t = promoteAt;

  if (isObject(bg.postPromotionAnalysis)) {
    const a = plannedAnalysis(bg.postPromotionAnalysis, ctx);
    b.add({
      kind: PlanStepKind.ANALYSIS,
      label: `post-promotion analysis ${templateNames(a)}${a.minimumSeconds !== undefined ? `, at least ${formatSeconds(a.minimumSeconds)}` : ''}`,
      startSeconds: t,
      path: joinPath(base, 'postPromotionAnalysis'),
      durationSeconds: a.minimumSeconds,
      durationKnown: a.minimumSeconds !== undefined,
      description: `post-promotion analysis (${analysisText(a, true)}); the previous version keeps running until it passes`,
      onFailure: 'rollback: the active Service switches back to the previous version, which is still running',
      onInconclusive: INCONCLUSIVE,
      analysis: a,
    });
    t += a.minimumSeconds ?? 0;
    b.add({
      kind: PlanStepKind.COMPLETE,
      label: 'fully promoted',
      startSeconds: t,
      path: joinPath(base, 'postPromotionAnalysis'),
      description: 'fully promoted: the new version is stable',
    });
  }
  scaleDown(b, base, bg, t);
  return t;
}

// ---------------------------------------------------------------------------------------------
// analyses

/**
 * The templates and metrics of a RolloutAnalysis, found in the set (with the templates they nest in
 * `spec.templates`, each once, as the controller flattens them). A metric's `count`, `interval` and
 * `initialDelay` may be `{{args.x}}` placeholders: they get the values the AnalysisRun gets (what the
 * reference passes, else the templates' defaults; `countAtRun`, the resolution rule
 * `analysis-metric-terminates-with-args` uses). A value known only at run time (valueFrom) stays unknown.
 */
export function plannedAnalysis(
  ra: Record<string, any>,
  ctx: { index: ManifestIndex; namespace?: string; templates?: Set<Manifest> },
): PlannedAnalysis {
  // the templates the run is built from, nested ones included, each once: as the engine's rules read them
  const refs = arrayOf(ra.templates).filter(isObject).map((ref) => ({ path: '', ref }));
  const { templates: found, missing: notFound } = flattenTemplateRefs(refs, ctx.index, ctx.namespace);
  const templates = refs.map(({ ref }) => `${templateKind(ref)}/${typeof ref.templateName === 'string' ? ref.templateName : ''}`);
  const missing = notFound.map((m) => `${m.kind}/${m.name}`);
  const metrics: PlannedMetric[] = [];
  const reference = { use: AnalysisUse.STEP, path: '', spec: ra };
  /** a field with its placeholders resolved as the run resolves them; undefined when one stays unknown */
  const resolved = (v: unknown): unknown => (isPlaceholder(v) ? countAtRun(v as string, reference, found) : v);
  for (const { name, template: t } of found) {
    ctx.templates?.add(t);
    for (const m of arrayOf(t?.spec?.metrics).filter(isObject)) {
      // without a count a metric measures until stopped, but once when it has no interval either
      const fields = [m.interval, m.count, m.initialDelay];
      const values = fields.map(resolved);
      const [interval, count, initialDelay] = values;
      const runTimeValues = fields.some((v, i) => isPlaceholder(v) && (values[i] === undefined || isPlaceholder(values[i])));
      const intervalSeconds = seconds(interval);
      const n = runTimeValues ? undefined : m.count === undefined || m.count === null ? (intervalSeconds === 0 ? 1 : undefined) : intValue(count);
      metrics.push({
        template: name,
        name: typeof m.name === 'string' ? m.name : '',
        intervalSeconds,
        count: n !== undefined && n > 0 ? n : undefined,
        initialDelaySeconds: seconds(initialDelay),
        ...runTimeValues ? { runTimeValues } : {},
      });
    }
  }
  const computable = missing.length === 0 && metrics.length > 0 && metrics.every((m) => m.count !== undefined);
  return {
    templates,
    missing,
    metrics,
    minimumSeconds: computable ? Math.max(...metrics.map(metricSeconds)) : undefined,
  };
}

/** Shortest time a metric with a count takes: the first measurement at once (after initialDelay), then one per interval. */
export function metricSeconds(m: PlannedMetric): number {
  return m.initialDelaySeconds + m.intervalSeconds * Math.max(0, (m.count ?? 1) - 1);
}

function seconds(v: unknown): number {
  return typeof v === 'string' ? Math.max(0, parseGoDuration(v) ?? 0) : 0;
}

function analysisText(a: PlannedAnalysis, gate: boolean): string {
  const parts: string[] = [templateNames(a) || 'no templates'];
  for (const m of a.metrics) {
    const every = m.intervalSeconds > 0 ? ` every ${formatSeconds(m.intervalSeconds)}` : '';
    const delay = m.initialDelaySeconds > 0 ? ` after ${formatSeconds(m.initialDelaySeconds)}` : '';
    parts.push(m.count !== undefined
      ? `${m.name}: ${m.count} measurement${m.count === 1 ? '' : 's'}${every}${delay}`
      : m.runTimeValues ? `${m.name}: its count, interval or initialDelay takes an argument the plan cannot resolve (valueFrom, or not declared)`
        : `${m.name}: measures${every || ' continuously'}${delay}${gate ? ', with no count' : ' until stopped'}`);
  }
  if (a.missing.length) parts.push(`not in the set: ${a.missing.join(', ')}`);
  if (gate) parts.push(a.minimumSeconds !== undefined ? `at least ${formatSeconds(a.minimumSeconds)}` : 'duration unknown');
  return parts.join('; ');
}

function templateNames(a: PlannedAnalysis): string {
  return a.templates.map((t) => t.split('/')[1]).join(', ');
}

function stringMatchText(m: unknown): string {
  if (!isObject(m)) return 'matching';
  if (typeof m.exact === 'string') return `= ${JSON.stringify(m.exact)}`;
  if (typeof m.prefix === 'string') return `starting with ${JSON.stringify(m.prefix)}`;
  if (typeof m.regex === 'string') return `matching /${m.regex}/`;
  return 'matching';
}

/**
 * How each router that takes `setHeaderRoute` (v1.9.1: Istio, ALB, Apisix, plugins) combines several
 * `match` entries:
 * - Istio (`istio.go` createHeaderRoute): one HTTPMatchRequest per entry in the route's `match`, which
 *   Istio ORs: a request matching any entry goes to the canary;
 * - ALB (`alb.go` getTrafficForwardConditionString): one `http-header` condition per entry in one
 *   listener rule, whose conditions an ALB requires all of;
 * - Apisix (`apisix.go` setApisixRuleMatch): every entry becomes an expression of one rule's
 *   `match.exprs`; whether any or all must hold is APISIX's matching, not the controller's;
 * - a plugin: up to the plugin.
 */
const HEADER_MATCH_JOIN: Record<string, { join?: string; who: string }> = {
  istio: { join: 'or', who: 'Istio: any of them' },
  alb: { join: 'and', who: 'ALB: all of them' },
  apisix: { who: 'Apisix: any or all of them, as APISIX matches one rule\'s match.exprs' },
  plugins: { who: 'plugin: any or all of them, per the plugin' },
};

/** `requests with A or B` (Istio), `requests with A and B` (ALB), or the entries and what each router does with them. */
function headerMatchText(matches: Array<Record<string, any>>, routing: Record<string, any>): string {
  const parts = matches.map((m) => `${text(m.headerName)} ${stringMatchText(m.headerValue)}`);
  if (parts.length === 1) return `requests with ${parts[0]}`;
  const routers = Object.keys(HEADER_MATCH_JOIN).filter((r) => isObject(routing?.[r]));
  const joins = new Set(routers.map((r) => HEADER_MATCH_JOIN[r].join));
  if (joins.size === 1) {
    const join = [...joins][0];
    if (join !== undefined) return `requests with ${parts.join(` ${join} `)}`;
  }
  const how = routers.length > 0 ? routers.map((r) => HEADER_MATCH_JOIN[r].who).join('; ') : 'any or all of them, per the router';
  return `requests with ${parts.join(', ')} (${how})`;
}

function routeMatchText(m: Record<string, any>): string {
  const parts: string[] = [];
  if (isObject(m.method)) parts.push(`method ${stringMatchText(m.method)}`);
  if (isObject(m.path)) parts.push(`path ${stringMatchText(m.path)}`);
  if (isObject(m.headers)) for (const [k, v] of Object.entries(m.headers)) parts.push(`${k} ${stringMatchText(v)}`);
  return parts.length ? `with ${parts.join(', ')}` : '(any)';
}

// ---------------------------------------------------------------------------------------------
// text

/** `5m`, `1h30m`, `45s`, `0s`: whole hours, minutes and seconds (fractions of a second kept). */
export function formatSeconds(s: number): string {
  if (s <= 0) return '0s';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = round(s % 60);
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${sec ? `${sec}s` : ''}`;
}

/** `T+0`, `T+5m`, `T+1h30m`. */
export function formatTime(s: number): string {
  return s <= 0 ? 'T+0' : `T+${formatSeconds(s)}`;
}

function pods(n: number): string {
  return `${n} pod${n === 1 ? '' : 's'}`;
}

function quote(s: unknown): string {
  return typeof s === 'string' ? `"${s}"` : '""';
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

