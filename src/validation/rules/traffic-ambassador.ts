/**
 * Ambassador (Emissary-ingress) traffic routing reference rules (argo-rollouts
 * `validation_references.go` ValidateAmbassadorMapping RR14, and the Mapping lookup of
 * `rollout/controller.go` getAmbassadorMappings that precedes it).
 */
import { arrayOf, groupOf, joinPath, Manifest } from '../manifest';
import { canaryRouting } from '../rollout-model';
import { Rule, rule, RuleContext } from '../rule';

const ROLLOUT = ['Rollout'];
const AMBASSADOR = 'spec.strategy.canary.trafficRouting.ambassador';

/** `trafficRouting.ambassador` of a canary Rollout, when set. */
function ambassadorOf(r: Manifest): Record<string, any> | undefined {
  return canaryRouting(r, 'ambassador')?.router;
}

/** A Mapping of any Ambassador API group (`getambassador.io`, `x.getambassador.io`) and version. */
function findMapping(ctx: RuleContext, name: string, namespace?: string): Manifest | undefined {
  return ctx.index.find('Mapping', name, namespace, (m) => /(^|\.)getambassador\.io$/.test(groupOf(m) ?? ''));
}

/** The Mapping names with their paths. */
function mappings(a: Record<string, any>): Array<{ name: string; path: string }> {
  return arrayOf(a.mappings).map((name, i) => ({ name: String(name), path: joinPath(AMBASSADOR, 'mappings', i) }));
}

export const AMBASSADOR_TRAFFIC_RULES: Rule[] = [
  rule({
    id: 'ambassador-mappings-required',
    ref: 'RR14',
    kinds: ROLLOUT,
    message: 'must provide at least one mapping',
    fix: 'name at least one Mapping in TrafficRouting.ambassador({ mappings })',
    *check(r) {
      const a = ambassadorOf(r);
      if (a && arrayOf(a.mappings).length === 0) yield { path: joinPath(AMBASSADOR, 'mappings') };
    },
  }),
  rule({
    id: 'ref-ambassador-mapping-exists',
    ref: 'RR14',
    kinds: ROLLOUT,
    message: 'mapping not found',
    fix: 'add the Mapping (getambassador.io) to the set, or correct its name',
    *check(r, ctx) {
      const a = ambassadorOf(r);
      if (!a) return;
      for (const m of mappings(a)) {
        if (!findMapping(ctx, m.name, r?.metadata?.namespace)) {
          yield { path: m.path, message: `mappings.getambassador.io ${JSON.stringify(m.name)} not found`, severity: ctx.missingRefSeverity };
        }
      }
    },
  }),
  rule({
    id: 'ambassador-mapping-no-weight',
    ref: 'RR14',
    kinds: ROLLOUT,
    message: 'Ambassador mapping can not define weight',
    fix: 'remove spec.weight from the Mapping: the controller creates a weighted canary Mapping next to it',
    *check(r, ctx) {
      const a = ambassadorOf(r);
      if (!a) return;
      for (const m of mappings(a)) {
        // upstream GetMappingWeight reads spec.weight as an int64; anything else reads as 0
        const weight = findMapping(ctx, m.name, r?.metadata?.namespace)?.spec?.weight;
        if (Number.isInteger(weight) && weight !== 0) yield { path: m.path, message: `Ambassador mapping ${JSON.stringify(m.name)} can not define weight` };
      }
    },
  }),
];
