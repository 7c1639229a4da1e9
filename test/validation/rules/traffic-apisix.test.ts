import { allFindings, canaryRollout, canaryServices, ruleFindings } from './traffic-fixtures';
import { Severity } from '../../../src/validation/finding';
import { Manifest } from '../../../src/validation/manifest';

const APISIX = 'spec.strategy.canary.trafficRouting.apisix';
const E = Severity.ERROR;
const id = 'apisix-route-rule-exists';

/** An ApisixRoute named `name` with HTTP rules named `rules`, each to the stable and canary Services. */
function apisixRoute(name: string, ...rules: string[]): Manifest {
  return {
    apiVersion: 'apisix.apache.org/v2',
    kind: 'ApisixRoute',
    metadata: { name },
    spec: {
      http: rules.map((rule) => ({
        name: rule,
        match: { paths: ['/*'] },
        backends: [{ serviceName: 'web-stable', servicePort: 80 }, { serviceName: 'web-canary', servicePort: 80 }],
      })),
    },
  };
}

const set = (route: Record<string, any>, ...more: Manifest[]) => [canaryRollout({ apisix: { route } }), ...canaryServices(), ...more];

describe('apisix-route-rule-exists (library: apisix.go processSetWeightRoutes)', () => {
  test('an APISIX canary whose rules name HTTP rules of the route is clean', () => {
    expect(allFindings(set({ name: 'web-route', rules: ['main'] }, apisixRoute('web-route', 'main', 'other')))).toEqual([]);
  });
  test('fails for a rule the ApisixRoute does not have', () => {
    expect(ruleFindings(id, set({ name: 'web-route', rules: ['main', 'api'] }, apisixRoute('web-route', 'main')))).toEqual([
      { path: `${APISIX}.route.rules[1]`, severity: E, message: 'Apisix http route rule api not found: ApisixRoute web-route has the rules "main"' },
    ]);
  });
  test('without rules the controller edits the rule named like the route: fails when there is none', () => {
    expect(ruleFindings(id, set({ name: 'web-route' }, apisixRoute('web-route', 'main')))).toEqual([
      { path: `${APISIX}.route`, severity: E, message: 'Apisix http route rule web-route not found: ApisixRoute web-route has the rules "main" (without route.rules the controller edits the rule named like the route)' },
    ]);
    expect(ruleFindings(id, set({ name: 'web-route' }, apisixRoute('web-route', 'web-route')))).toEqual([]);
  });
  test('near misses: the ApisixRoute not in the set, an object of another API group', () => {
    expect(ruleFindings(id, set({ name: 'web-route', rules: ['api'] }))).toEqual([]);
    const other = { ...apisixRoute('web-route', 'main'), apiVersion: 'example.com/v1' };
    expect(ruleFindings(id, set({ name: 'web-route', rules: ['api'] }, other))).toEqual([]);
  });
});
