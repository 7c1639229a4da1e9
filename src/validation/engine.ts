/**
 * The rule engine: one list of rules, run by the constructs at synth and by `lint` on files.
 */
import { Finding, Severity, sortFindings } from './finding';
import { judgedAsArgo, kindOf, Manifest, ManifestIndex } from './manifest';
import { ANY_KIND, applyRule, Rule, RuleContext } from './rule';
import { ANALYSIS_TEMPLATE_RULES } from './rules/analysis';
import { ARGOCD_RULES } from './rules/argocd';
import { CANARY_RULES } from './rules/canary';
import { EXPERIMENT_RULES } from './rules/experiment';
import { PLAN_RULES } from './rules/plan';
import { PROMQL_RULES } from './rules/promql';
import { PROVIDER_RULES } from './rules/providers';
import { REFERENCE_RULES } from './rules/references';
import { ROLLOUT_RULES } from './rules/rollout';
import { SCHEMA_RULES } from './rules/schema';
import { SECRET_RULES } from './rules/secrets';
import { SET_RULES } from './rules/set';
import { ALB_TRAFFIC_RULES } from './rules/traffic-alb';
import { AMBASSADOR_TRAFFIC_RULES } from './rules/traffic-ambassador';
import { APISIX_TRAFFIC_RULES } from './rules/traffic-apisix';
import { APPMESH_TRAFFIC_RULES } from './rules/traffic-appmesh';
import { ISTIO_TRAFFIC_RULES } from './rules/traffic-istio';
import { NGINX_TRAFFIC_RULES } from './rules/traffic-nginx';
import { SMI_TRAFFIC_RULES } from './rules/traffic-smi';

/** Every rule, in the order they are reported. */
export const RULES: readonly Rule[] = [
  ...SCHEMA_RULES,
  ...ROLLOUT_RULES,
  ...CANARY_RULES,
  ...NGINX_TRAFFIC_RULES,
  ...ISTIO_TRAFFIC_RULES, ...ALB_TRAFFIC_RULES, ...SMI_TRAFFIC_RULES, ...AMBASSADOR_TRAFFIC_RULES, ...APISIX_TRAFFIC_RULES, ...APPMESH_TRAFFIC_RULES,
  ...REFERENCE_RULES,
  ...ANALYSIS_TEMPLATE_RULES,
  ...EXPERIMENT_RULES,
  ...PROMQL_RULES,
  ...PROVIDER_RULES,
  ...SECRET_RULES,
  ...ARGOCD_RULES,
  ...PLAN_RULES,
  ...SET_RULES,
];

/** The rules of every object, whatever its kind and API group (`ANY_KIND`). */
const ANY_KIND_RULES = RULES.filter((r) => r.kinds.includes(ANY_KIND));
/** The rules of each kind that has rules of its own, followed by `ANY_KIND_RULES`. */
const RULES_BY_KIND = new Map<string, Rule[]>();
for (const r of RULES) {
  for (const k of r.kinds) {
    if (k !== ANY_KIND) RULES_BY_KIND.set(k, [...(RULES_BY_KIND.get(k) ?? []), r]);
  }
}
for (const [k, rules] of RULES_BY_KIND) RULES_BY_KIND.set(k, [...rules, ...ANY_KIND_RULES]);
{
  const ids = new Set<string>();
  for (const r of RULES) {
    // a rule id is its identity in docs, output and tests: never two rules with one id
    if (ids.has(r.id)) throw new Error(`duplicate rule id: ${r.id}`);
    ids.add(r.id);
  }
}

/** The kinds that have rules. */
export function checkedKinds(): string[] {
  return [...RULES_BY_KIND.keys()];
}

/**
 * Annotation that acknowledges warnings on an object: a comma-separated list of rule ids
 * (`progressive.cdk8s.io/acknowledge: "plan-no-analysis,plan-auto-promotion-unchecked"`). Acknowledged
 * warnings are not reported; errors are reported whatever the annotation says.
 */
export const ACKNOWLEDGE_ANNOTATION = 'progressive.cdk8s.io/acknowledge';

/** The rule ids an object acknowledges (its `ACKNOWLEDGE_ANNOTATION`). */
export function acknowledgedRules(obj: Manifest): Set<string> {
  const v = obj?.metadata?.annotations?.[ACKNOWLEDGE_ANNOTATION];
  return new Set(typeof v === 'string' ? v.split(',').map((id) => id.trim()).filter((id) => id !== '') : []);
}

/** Runs `rules` on `obj`; warnings the object acknowledges are left out. */
export function applyRules(rules: readonly Rule[], obj: Manifest, ctx: RuleContext): Finding[] {
  // read when the first warning comes: most objects have none
  let acknowledged: Set<string> | undefined;
  const out: Finding[] = [];
  for (const r of rules) {
    for (const f of applyRule(r, obj, ctx)) {
      if (f.severity === Severity.ERROR || !(acknowledged ??= acknowledgedRules(obj)).has(f.ruleId)) out.push(f);
    }
  }
  return out;
}

/**
 * Runs every rule that applies to `obj`: those of its kind (for Argo objects: see `judgedAsArgo`) and
 * those of every object (`ANY_KIND`); warnings the object acknowledges are left out.
 */
export function validateObject(obj: Manifest, ctx: RuleContext): Finding[] {
  const rules = (judgedAsArgo(obj) ? RULES_BY_KIND.get(kindOf(obj)) : undefined) ?? ANY_KIND_RULES;
  if (rules.length === 0) return [];
  // the objects applied together with obj (at synth: its chart's) are the ones its references mean
  const together = ctx.together;
  return applyRules(rules, obj, together ? { ...ctx, index: ctx.index.preferring((m) => together(obj, m)) } : ctx);
}

/** Options for validating a manifest set. */
export interface ValidateOptions {
  /** report references to objects absent from the set as warnings instead of errors */
  readonly ignoreMissingRefs?: boolean;
  /** check Argo objects against the pinned CRD schemas too (`RuleContext.checkSchemas`) */
  readonly checkSchemas?: boolean;
}

/** Validates a whole manifest set, each object with the others as context; findings sorted. */
export function validateManifests(manifests: readonly Manifest[], options: ValidateOptions = {}): Finding[] {
  return sortFindings(validateEach(manifests, options).flat());
}

/**
 * Validates a whole manifest set, each object with the others as context: the findings of each
 * object, in the order of `manifests` (unsorted), so that a caller knows which object each came
 * from even when two objects have one kind, namespace and name.
 */
export function validateEach(manifests: readonly Manifest[], options: ValidateOptions = {}): Finding[][] {
  const index = new ManifestIndex();
  for (const m of manifests) index.addManifest(m);
  const ctx: RuleContext = {
    index,
    missingRefSeverity: options.ignoreMissingRefs ? Severity.WARNING : Severity.ERROR,
    checkSchemas: options.checkSchemas ?? false,
  };
  return manifests.map((m) => validateObject(m, ctx));
}
