/**
 * Apache APISIX traffic routing rules. Upstream has no reference validation for APISIX; this catches,
 * when the ApisixRoute is in the set, what makes the controller fail at every weight change
 * (`rollout/trafficrouting/apisix/apisix.go` processSetWeightRoutes, GetHttpRoute).
 */
import { arrayOf, isObject, joinPath, Manifest } from '../manifest';
import { strategyOf } from '../rollout-model';
import { Rule, rule, Violation } from '../rule';

const ROLLOUT = ['Rollout'];
const APISIX = 'spec.strategy.canary.trafficRouting.apisix';
const APISIX_GROUP = 'apisix.apache.org';

/** `trafficRouting.apisix.route` of a canary Rollout, when set. */
function routeOf(r: Manifest): Record<string, any> | undefined {
  const st = strategyOf(r);
  const apisix = st?.name === 'canary' && isObject(st.spec.trafficRouting) ? st.spec.trafficRouting.apisix : undefined;
  return isObject(apisix) && isObject(apisix.route) ? apisix.route : undefined;
}

export const APISIX_TRAFFIC_RULES: Rule[] = [
  rule({
    id: 'apisix-route-rule-exists',
    ref: 'library',
    kinds: ROLLOUT,
    message: 'Apisix http route rule not found',
    fix: 'name an HTTP rule of the ApisixRoute (spec.http[].name) in route.rules; without rules the controller edits the rule named like the route itself',
    *check(r, ctx) {
      const route = routeOf(r);
      if (!route || typeof route.name !== 'string' || route.name === '') return;
      const apisixRoute = ctx.index.findInGroup('ApisixRoute', APISIX_GROUP, route.name, r?.metadata?.namespace);
      if (!apisixRoute) return;
      const names = new Set(arrayOf(apisixRoute.spec?.http).map((h) => h?.name));
      // processSetWeightRoutes: without rules, the one rule named like the ApisixRoute
      const rules = Array.isArray(route.rules) ? route.rules.map((name: unknown, i: number) => ({ name, path: joinPath(APISIX, 'route.rules', i) }))
        : [{ name: route.name, path: joinPath(APISIX, 'route') }];
      const found: Violation[] = [];
      for (const { name, path } of rules) {
        if (typeof name === 'string' && !names.has(name)) {
          found.push({
            path,
            message: `Apisix http route rule ${name} not found: ApisixRoute ${route.name} has ${names.size ? `the rules ${[...names].map((n) => JSON.stringify(n)).join(', ')}` : 'no named rules'}${Array.isArray(route.rules) ? '' : ' (without route.rules the controller edits the rule named like the route)'}`,
          });
        }
      }
      yield* found;
    },
  }),
];
