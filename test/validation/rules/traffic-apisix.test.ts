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

describe('apisix-header-route-name (library: apisix.go makeSetHeaderRoute)', () => {
  const nameRule = 'apisix-header-route-name';
  const SUBDOMAIN = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';
  const header = (name: string, match = true) => ({ setHeaderRoute: match ? { name, match: [{ headerName: 'x-canary', headerValue: { exact: 'yes' } }] } : { name } });
  /** An APISIX canary with the route `web-route`, whose steps set (or remove) header routes, each listed in managedRoutes. */
  const routes = (names: string[], steps: Record<string, any>[], ...more: Manifest[]) => [
    canaryRollout(
      { apisix: { route: { name: 'web-route', rules: ['main'] } }, managedRoutes: names.map((name) => ({ name })) },
      { steps: [{ setWeight: 20 }, ...steps, { pause: {} }] },
    ),
    ...canaryServices(),
    apisixRoute('web-route', 'main'),
    ...more,
  ];
  const entry = (i: number) => `spec.strategy.canary.trafficRouting.managedRoutes[${i}].name`;

  test('fails for a name that is no object name (DNS-1123 subdomain), on the managedRoutes entry', () => {
    expect(ruleFindings(nameRule, routes(['beta', 'Beta_Users'], [header('beta'), header('Beta_Users')]))).toEqual([{
      path: entry(1),
      severity: E,
      message: `managed route "Beta_Users" cannot be an Apisix header route: steps[2].setHeaderRoute has the controller create an ApisixRoute named like the route, and the API server rejects it: metadata.name: Invalid value: "Beta_Users": ${SUBDOMAIN}`,
    }]);
  });
  test('fails for a name of 254 characters', () => {
    const name = 'a'.repeat(254);
    expect(ruleFindings(nameRule, routes([name], [header(name)]))).toEqual([{
      path: entry(0),
      severity: E,
      message: `managed route "${name}" cannot be an Apisix header route: steps[1].setHeaderRoute has the controller create an ApisixRoute named like the route, and the API server rejects it: metadata.name: Invalid value: "${name}": must be no more than 253 characters`,
    }]);
  });
  test('fails for the name of route.name\'s ApisixRoute, or of another ApisixRoute of the set, even for a step that removes the route', () => {
    expect(ruleFindings(nameRule, routes(['web-route'], [header('web-route', false)]))).toEqual([{
      path: entry(0),
      severity: E,
      message: 'duplicate ApisixRoute [web-route] already exists: steps[1].setHeaderRoute has the controller create an ApisixRoute named like the route, and that is the ApisixRoute of route.name',
    }]);
    expect(ruleFindings(nameRule, routes(['docs'], [header('docs')], apisixRoute('docs', 'docs')))).toEqual([{
      path: entry(0),
      severity: E,
      message: 'duplicate ApisixRoute [docs] already exists: steps[1].setHeaderRoute has the controller create an ApisixRoute named like the route, and the set has an ApisixRoute of that name that the Rollout does not control',
    }]);
  });
  test('near misses: valid names, an ApisixRoute the Rollout controls, a route only removed, a route of another router', () => {
    expect(allFindings(routes(['beta-users', 'v2.beta'], [header('beta-users'), header('v2.beta'), header('beta-users', false)]))).toEqual([]);
    const owned = { ...apisixRoute('beta', 'main'), metadata: { name: 'beta', ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: 'u', controller: true }] } };
    expect(ruleFindings(nameRule, routes(['beta'], [header('beta')], owned))).toEqual([]);
    const otherGroup = { ...apisixRoute('docs', 'docs'), apiVersion: 'example.com/v1' };
    expect(ruleFindings(nameRule, routes(['docs'], [header('docs')], otherGroup))).toEqual([]);
    // a step without a match and no ApisixRoute of that name: the controller creates nothing
    expect(ruleFindings(nameRule, routes(['Beta_Users'], [header('Beta_Users', false)]))).toEqual([]);
    const alb = canaryRollout(
      { alb: { ingress: 'web', servicePort: 80 }, managedRoutes: [{ name: 'web-route' }, { name: 'Beta.Users' }] },
      { steps: [header('web-route'), header('Beta.Users')] },
    );
    expect(ruleFindings(nameRule, [alb, ...canaryServices(), apisixRoute('web-route', 'main')])).toEqual([]);
  });
});
