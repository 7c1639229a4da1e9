/**
 * Plan checks: warnings for update plans the controller accepts but that are unwise (no analysis,
 * full traffic before any analysis, a last pause shorter than the background analysis's interval,
 * a header or mirror route to a canary with no pods, automatic blue-green promotion without a check).
 *
 * Each one reads the plan `src/plan` computes. A warning can be acknowledged on the Rollout with
 * the annotation `progressive.cdk8s.io/acknowledge: "<rule id>,..."` (see `engine.ts`).
 */
import { ComputedPlan, computePlan, formatSeconds, formatTime, PlanEntry } from '../../plan/compute';
import { PlanStepKind } from '../../plan/types';
import { Severity } from '../finding';
import { joinPath, Manifest, ManifestIndex } from '../manifest';
import { Rule, rule, RuleContext, Violation } from '../rule';

const ROLLOUT = ['Rollout'];
const ACK = 'or acknowledge it with the annotation progressive.cdk8s.io/acknowledge';

/** The plan of each Rollout object, computed once per object and manifest set. */
const PLANS = new WeakMap<Manifest, { index: ManifestIndex; plan?: ComputedPlan }>();

export function planOf(r: Manifest, ctx: RuleContext): ComputedPlan | undefined {
  const cached = PLANS.get(r);
  if (cached && cached.index === ctx.index) return cached.plan;
  const plan = computePlan(r, ctx.index);
  PLANS.set(r, { index: ctx.index, plan });
  return plan;
}

/** A warning rule over the plan of a Rollout. */
function planRule(def: Omit<Rule, 'severity' | 'kinds' | 'check' | 'ref'> & { check: (plan: ComputedPlan, r: Manifest) => Iterable<Violation> }): Rule {
  return rule({
    ...def,
    ref: 'library',
    kinds: ROLLOUT,
    severity: Severity.WARNING,
    *check(r, ctx) {
      const plan = planOf(r, ctx);
      if (plan) yield* def.check(plan, r);
    },
  });
}

/** Rows that run an analysis (gates, background analyses, experiments with analyses). */
function analysisRows(plan: ComputedPlan): PlanEntry[] {
  return plan.entries.filter((e) => e.analysis !== undefined);
}

function strategyPath(plan: ComputedPlan): string {
  return joinPath('spec.strategy', plan.strategy);
}

export const PLAN_RULES: Rule[] = [
  planRule({
    id: 'plan-no-analysis',
    message: 'the update runs no analysis: nothing but time (and people) checks the new version before it takes all the traffic',
    fix: `add an analysis step or a background analysis (canary), or a pre-promotion analysis (blue-green); ${ACK}: plan-no-analysis`,
    *check(plan) {
      if (analysisRows(plan).length === 0) yield { path: strategyPath(plan) };
    },
  }),
  planRule({
    id: 'plan-full-traffic-unchecked',
    message: 'the new version takes 100% of the traffic before any analysis has run',
    fix: `run an analysis step (or start the background analysis) before the weight reaches 100; ${ACK}: plan-full-traffic-unchecked`,
    *check(plan) {
      if (plan.strategy !== 'canary' || analysisRows(plan).length === 0) return;
      const full = plan.entries.findIndex((e) => e.step.canaryPercent >= 100);
      if (full < 0) return;
      const at = plan.entries[full];
      // a gate completes before the next step; a background analysis needs time before full traffic to measure anything
      const checked = plan.entries.slice(0, full).some((e) => e.analysis !== undefined
        && (e.step.kind !== PlanStepKind.BACKGROUND_ANALYSIS || e.step.startSeconds < at.step.startSeconds));
      if (checked) return;
      const where = at.step.stepIndex !== undefined ? `at steps[${at.step.stepIndex}] (${at.label})` : 'when the steps are done';
      yield {
        path: at.step.path,
        message: `the new version takes 100% of the traffic ${where}, ${formatTime(at.step.startSeconds)}, before any analysis has run`,
      };
    },
  }),
  planRule({
    id: 'plan-last-pause-shorter-than-interval',
    message: 'the last pause is shorter than the interval of the background analysis: the last weight may be promoted before it is measured',
    fix: `make the last pause at least as long as the metric's interval, or measure more often; ${ACK}: plan-last-pause-shorter-than-interval`,
    *check(plan) {
      const bgIndex = plan.entries.findIndex((e) => e.step.kind === PlanStepKind.BACKGROUND_ANALYSIS);
      if (bgIndex < 0) return;
      const metrics = plan.entries[bgIndex].analysis!.metrics.filter((m) => m.intervalSeconds > 0);
      if (metrics.length === 0) return;
      const promotion = plan.entries.findIndex((e) => e.step.kind === PlanStepKind.PROMOTION);
      const pauses = plan.entries.slice(bgIndex + 1, promotion).filter((e) => e.step.kind === PlanStepKind.PAUSE);
      const last = pauses[pauses.length - 1];
      if (!last || last.pauseSeconds === undefined) return; // no pause, or one that waits for a person
      const slowest = metrics.reduce((a, b) => (b.intervalSeconds > a.intervalSeconds ? b : a));
      if (last.pauseSeconds >= slowest.intervalSeconds) return;
      yield {
        path: last.step.path,
        message: `the last pause (${formatSeconds(last.pauseSeconds)}) is shorter than the interval (${formatSeconds(slowest.intervalSeconds)}) `
          + `of metric "${slowest.name}" of the background analysis (${slowest.template}): the last weight may be promoted before it is measured`,
      };
    },
  }),
  planRule({
    id: 'plan-route-without-canary-pods',
    message: 'a header or mirror route sends requests to the canary before it has any pods',
    fix: `scale the canary first with a setCanaryScale step (e.g. setCanaryScale: {replicas: 1}) before the route; ${ACK}: plan-route-without-canary-pods`,
    *check(plan) {
      for (const e of plan.entries) {
        if (e.routeOn && e.step.canaryReplicas === 0) {
          const what = e.step.kind === PlanStepKind.SET_HEADER_ROUTE ? 'header route' : 'mirror route';
          yield {
            path: e.step.path,
            message: `the ${what} at steps[${e.step.stepIndex}] sends requests to the canary, which has no pods yet (no setCanaryScale or setWeight before it)`,
          };
        }
      }
    },
  }),
  planRule({
    id: 'plan-auto-promotion-unchecked',
    message: 'the new version is promoted automatically and no pre-promotion analysis checks it first',
    fix: `add a prePromotionAnalysis, or promote by hand (autoPromotionEnabled: false, BlueGreenPromotion.manual()); ${ACK}: plan-auto-promotion-unchecked`,
    *check(plan, r) {
      const bg = r.spec.strategy.blueGreen;
      if (plan.strategy !== 'blueGreen' || bg.autoPromotionEnabled === false || bg.prePromotionAnalysis != null) return;
      yield { path: joinPath(strategyPath(plan), typeof bg.autoPromotionSeconds === 'number' ? 'autoPromotionSeconds' : 'autoPromotionEnabled') };
    },
  }),
];

/** The ids of the plan checks. */
