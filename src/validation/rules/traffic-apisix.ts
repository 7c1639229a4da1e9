/**
 * Apache APISIX traffic routing rules. Upstream has no reference validation for APISIX; this catches,
 * when the ApisixRoute is in the set, what makes the controller fail at every weight change
 * (`rollout/trafficrouting/apisix/apisix.go` processSetWeightRoutes, GetHttpRoute), and header
 * routes it cannot create (makeSetHeaderRoute).
 */
import { dns1123SubdomainErrors } from '../labels';
import { arrayOf, isObject, joinPath, Manifest } from '../manifest';
import { canaryRouting, controlledByRollout } from '../rollout-model';
import { Rule, rule, Violation } from '../rule';
import { managedHeaderRoutes } from './canary';

const ROLLOUT = ['Rollout'];
const APISIX = 'spec.strategy.canary.trafficRouting.apisix';
const APISIX_GROUP = 'apisix.apache.org';

/** The canary strategy and its `trafficRouting.apisix`, when set. */
function apisixOf(r: Manifest): { canary: Record<string, any>; apisix: Record<string, any> } | undefined {
  const c = canaryRouting(r, 'apisix');
  return c && { canary: c.canary, apisix: c.router };
}

/** `trafficRouting.apisix.route` of a canary Rollout, when set. */
function routeOf(r: Manifest): Record<string, any> | undefined {
  const route = apisixOf(r)?.apisix.route;
  return isObject(route) ? route : undefined;
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
  rule({
    id: 'apisix-header-route-name',
    ref: 'library',
    kinds: ROLLOUT,
    message: 'the header route cannot be an ApisixRoute of its own',
    fix: 'name the header route like an object (at most 253 lower case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit) that no other ApisixRoute of the namespace has: the Apisix router creates an ApisixRoute of that name for the route',
    *check(r, ctx) {
      // makeSetHeaderRoute: each setHeaderRoute step gets the ApisixRoute named like the route; one
      // the Rollout does not control fails every such step ("duplicate ApisixRoute [<name>] already
      // exists"), and without one a step with a match creates it, a copy of route.name's ApisixRoute
      const a = apisixOf(r);
      if (!a) return;
      const route = routeOf(r);
      for (const use of managedHeaderRoutes(a.canary)) {
        const step = use.steps[0].path.replace('spec.strategy.canary.', '');
        const other = use.name === route?.name ? undefined : ctx.index.findInGroup('ApisixRoute', APISIX_GROUP, use.name, r?.metadata?.namespace);
        if (use.name === route?.name || (other && !controlledByRollout(other, r))) {
          yield {
            path: use.path,
            message: `duplicate ApisixRoute [${use.name}] already exists: ${step} has the controller create an ApisixRoute named like the route, and ${other ? 'the set has an ApisixRoute of that name that the Rollout does not control' : 'that is the ApisixRoute of route.name'}`,
          };
          continue;
        }
        const adds = use.steps.find((s) => s.adds);
        const errs = dns1123SubdomainErrors(use.name).map((e) => `metadata.name: Invalid value: ${JSON.stringify(use.name)}: ${e}`);
        if (!adds || errs.length === 0) continue;
        yield {
          path: use.path,
          message: `managed route ${JSON.stringify(use.name)} cannot be an Apisix header route: ${adds.path.replace('spec.strategy.canary.', '')} has the controller create an ApisixRoute named like the route, and the API server rejects it: ${errs.join('; ')}`,
        };
      }
    },
  }),
];
