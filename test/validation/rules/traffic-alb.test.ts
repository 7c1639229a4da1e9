import { service as serviceOf } from './fixtures';
import { allFindings, canaryRollout, canaryServices, ruleFindings } from './traffic-fixtures';
import { Severity } from '../../../src/validation/finding';
import { Manifest } from '../../../src/validation/manifest';

const ALB = 'spec.strategy.canary.trafficRouting.alb';
const E = Severity.ERROR;

function ingress(name: string, service: string): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, annotations: { 'kubernetes.io/ingress.class': 'alb' } },
    spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { name: 'use-annotation' } } } }] } }] },
  };
}

function set(alb: Record<string, any>, ...ingresses: Manifest[]): Manifest[] {
  return [canaryRollout({ alb: { servicePort: 80, ...alb } }), ...canaryServices(), ...ingresses];
}

test('an ALB canary whose Ingress routes to the stable Service is clean', () => {
  expect(allFindings(set({ ingress: 'web' }, ingress('web', 'web-stable')))).toEqual([]);
});

describe('alb-ingress-one-of (RR11)', () => {
  const id = 'alb-ingress-one-of';
  test('fails with both ingress and ingresses', () => {
    expect(ruleFindings(id, set({ ingress: 'a', ingresses: ['b'] }, ingress('a', 'web-stable'), ingress('b', 'web-stable')))).toEqual([
      { path: ALB, message: 'Either Ingress or Ingresses must be configured. Both are configured.', severity: E },
    ]);
  });
  test('fails with neither (an empty name and an empty list)', () => {
    expect(ruleFindings(id, set({ ingress: '', ingresses: [] }))).toEqual([
      { path: ALB, message: 'Either Ingress or Ingresses must be configured. Neither are configured.', severity: E },
    ]);
  });
  test('passes with only ingresses', () => {
    expect(allFindings(set({ ingresses: ['a', 'b'] }, ingress('a', 'web-stable'), ingress('b', 'web-stable')))).toEqual([]);
  });
});

describe('ref-alb-ingress-exists (RR9)', () => {
  const id = 'ref-alb-ingress-exists';
  test('fails for an Ingress that is not in the set', () => {
    expect(ruleFindings(id, set({ ingresses: ['a', 'b'] }, ingress('a', 'web-stable')))).toEqual([
      { path: `${ALB}.ingresses[1]`, message: 'ingresses.networking.k8s.io "b" not found', severity: E },
    ]);
  });
  test('reports it as a warning with ignoreMissingRefs', () => {
    expect(ruleFindings(id, set({ ingress: 'a' }), true)).toEqual([
      { path: `${ALB}.ingress`, message: 'ingresses.networking.k8s.io "a" not found', severity: Severity.WARNING },
    ]);
  });
});

describe('alb-ingress-routes-service (RR9)', () => {
  const id = 'alb-ingress-routes-service';
  test('fails when the Ingress has no rule to the stable Service', () => {
    expect(ruleFindings(id, set({ ingress: 'web' }, ingress('web', 'web-canary')))).toEqual([
      { path: `${ALB}.ingress`, message: 'ingress `web` has no rules using service web-stable backend', severity: E },
    ]);
  });
  test('fails when rootService is set and the Ingress routes to the stable Service instead', () => {
    expect(ruleFindings(id, set({ ingress: 'web', rootService: 'web-root' }, ingress('web', 'web-stable')))).toEqual([
      { path: `${ALB}.ingress`, message: 'ingress `web` has no rules using service web-root backend', severity: E },
    ]);
  });
  test('passes when the Ingress routes to the rootService', () => {
    expect(ruleFindings(id, set({ ingress: 'web', rootService: 'web-root' }, ingress('web', 'web-root')))).toEqual([]);
  });
  test('leaves a rollout without a stable Service to R25', () => {
    const m = [canaryRollout({ alb: { servicePort: 80, ingress: 'web' } }, { stableService: undefined }), ingress('web', 'web')];
    expect(ruleFindings(id, m)).toEqual([]);
  });
});

describe('alb-ingress-backend-use-annotation (library: the AWS Load Balancer Controller reads the action only then)', () => {
  const id = 'alb-ingress-backend-use-annotation';
  const withPort = (port: Record<string, any>) => {
    const i = ingress('web', 'web-stable');
    i.spec.rules[0].http.paths[0].backend.service.port = port;
    return i;
  };
  test('fails for a path to the stable Service by port number, in networking.k8s.io/v1 and v1beta1', () => {
    expect(ruleFindings(id, set({ ingress: 'web' }, withPort({ number: 80 })))).toEqual([{
      path: `${ALB}.ingress`,
      severity: E,
      message: 'ingress `web` spec.rules[0].http.paths[0] routes to service web-stable by port 80, not by port name use-annotation: the AWS Load Balancer Controller forwards straight to it, and the canary gets no traffic',
    }]);
    const beta = { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', metadata: { name: 'web' }, spec: { rules: [{ http: { paths: [{ path: '/', backend: { serviceName: 'web-stable', servicePort: 'http' } }] } }] } };
    expect(ruleFindings(id, set({ ingress: 'web' }, beta))).toEqual([{
      path: `${ALB}.ingress`,
      severity: E,
      message: 'ingress `web` spec.rules[0].http.paths[0] routes to service web-stable by servicePort http, not by port name use-annotation: the AWS Load Balancer Controller forwards straight to it, and the canary gets no traffic',
    }]);
  });
  test('near misses: use-annotation (v1 and v1beta1), a path to another Service, the rootService by name', () => {
    expect(ruleFindings(id, set({ ingress: 'web' }, ingress('web', 'web-stable')))).toEqual([]);
    const beta = { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', metadata: { name: 'web' }, spec: { rules: [{ http: { paths: [{ path: '/', backend: { serviceName: 'web-stable', servicePort: 'use-annotation' } }] } }] } };
    expect(ruleFindings(id, set({ ingress: 'web' }, beta))).toEqual([]);
    const other = withPort({ number: 80 });
    other.spec.rules[0].http.paths.push({ path: '/api', pathType: 'Prefix', backend: { service: { name: 'web-stable', port: { name: 'use-annotation' } } } });
    other.spec.rules[0].http.paths[0].backend.service.name = 'docs';
    expect(ruleFindings(id, set({ ingress: 'web' }, other))).toEqual([]);
    expect(ruleFindings(id, set({ ingress: 'web', rootService: 'web-root' }, ingress('web', 'web-root')))).toEqual([]);
  });
});

describe('alb-service-port-exposed (library: the port the ALB action forwards to)', () => {
  const id = 'alb-service-port-exposed';
  test('fails for each of the stable and canary Services that lacks servicePort, naming the ports they expose', () => {
    expect(ruleFindings(id, set({ ingress: 'web', servicePort: 8080 }, ingress('web', 'web-stable')))).toEqual([
      { path: `${ALB}.servicePort`, message: 'unable to find port 8080 on service web-stable: the ALB action of stableService forwards to that port, and the Service exposes 80', severity: E },
      { path: `${ALB}.servicePort`, message: 'unable to find port 8080 on service web-canary: the ALB action of canaryService forwards to that port, and the Service exposes 80', severity: E },
    ]);
  });
  test('with ping-pong the action forwards to the ping and pong Services, in the Rollout\'s namespace', () => {
    const rollout = canaryRollout(
      { alb: { ingress: 'web', servicePort: 80, rootService: 'web-root' } },
      { stableService: undefined, canaryService: undefined, pingPong: { pingService: 'web-ping', pongService: 'web-pong' } },
    );
    const inTeam = (m: Manifest) => ({ ...m, metadata: { ...m.metadata, namespace: 'team' } });
    const ping = serviceOf('web-ping');
    const pong = { ...serviceOf('web-pong'), spec: { selector: { app: 'web' }, ports: [{ port: 443 }, { port: 8443 }] } };
    expect(ruleFindings(id, [rollout, ping, pong, ingress('web', 'web-root')].map(inTeam))).toEqual([
      { path: `${ALB}.servicePort`, message: 'unable to find port 80 on service team/web-pong: the ALB action of pongService forwards to that port, and the Service exposes 443, 8443', severity: E },
    ]);
  });
  test('leaves a Service that is not in the set to ref-service-exists', () => {
    const m = [canaryRollout({ alb: { servicePort: 8080, ingress: 'web' } }), ingress('web', 'web-stable')];
    expect(ruleFindings(id, m)).toEqual([]);
  });
});

describe('alb-header-route-name (library: alb.go SetHeaderRoutePerIngress, ingressutil CreateAnnotationBasedPath)', () => {
  const id = 'alb-header-route-name';
  const DNS1035 = 'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')';
  const header = (name: string, match = true) => ({ setHeaderRoute: match ? { name, match: [{ headerName: 'x-canary', headerValue: { exact: 'yes' } }] } : { name } });
  /** An ALB canary whose steps set (or remove) header routes, each listed in managedRoutes. */
  const routes = (names: string[], steps: Record<string, any>[], alb: Record<string, any> = {}) => [
    canaryRollout(
      { alb: { servicePort: 80, ingress: 'web', ...alb }, managedRoutes: names.map((name) => ({ name })) },
      { steps: [{ setWeight: 20 }, ...steps, { pause: {} }] },
    ),
    ...canaryServices(),
    ingress('web', 'web-stable'),
  ];

  test('fails for a name that is no Service name (DNS-1035 label), on the managedRoutes entry', () => {
    expect(ruleFindings(id, routes(['canary', 'Beta_Users'], [header('Beta_Users')]))).toEqual([{
      path: 'spec.strategy.canary.trafficRouting.managedRoutes[1].name',
      severity: E,
      message: `managed route "Beta_Users" cannot be an ALB header route: steps[1].setHeaderRoute has the controller add to the Ingress a path to the Service "Beta_Users" and the annotations alb.ingress.kubernetes.io/actions.Beta_Users and alb.ingress.kubernetes.io/conditions.Beta_Users, and the API server rejects the patch: spec.rules[0].http.paths[0].backend.service.name: Invalid value: "Beta_Users": ${DNS1035}`,
    }]);
  });
  test('fails for a name of 53 characters (conditions.<name> is a 64-character key name), with the annotationPrefix', () => {
    const name = `a${'b'.repeat(51)}c`;
    expect(ruleFindings(id, routes([name], [header(name)], { annotationPrefix: 'custom.example.com' }))).toEqual([{
      path: 'spec.strategy.canary.trafficRouting.managedRoutes[0].name',
      severity: E,
      message: `managed route "${name}" cannot be an ALB header route: steps[1].setHeaderRoute has the controller add to the Ingress a path to the Service "${name}" and the annotations custom.example.com/actions.${name} and custom.example.com/conditions.${name}, and the API server rejects the patch: metadata.annotations: Invalid value: "custom.example.com/conditions.${name}": name part must be no more than 63 characters`,
    }]);
  });
  test('fails for a name of 64 characters: both annotation keys and the Service name are too long', () => {
    const name = 'a'.repeat(64);
    expect(ruleFindings(id, routes([name], [header(name)])).map((f) => f.message.split('rejects the patch: ')[1])).toEqual([[
      `metadata.annotations: Invalid value: "alb.ingress.kubernetes.io/actions.${name}": name part must be no more than 63 characters`,
      `metadata.annotations: Invalid value: "alb.ingress.kubernetes.io/conditions.${name}": name part must be no more than 63 characters`,
      `spec.rules[0].http.paths[0].backend.service.name: Invalid value: "${name}": must be no more than 63 characters`,
    ].join('; ')]);
  });
  test('near misses: valid names (52 characters), a route only removed, a route of another router, an unused entry', () => {
    const longest = 'a'.repeat(52);
    expect(allFindings(routes(['beta-users', longest], [header('beta-users'), header(longest), header('beta-users', false)]))).toEqual([]);
    // a step without a match removes the path and annotations: nothing invalid is written
    expect(ruleFindings(id, routes(['Beta_Users'], [header('Beta_Users', false)]))).toEqual([]);
    // an entry no setHeaderRoute step names (R41 reports a step naming a route that is not listed)
    expect(ruleFindings(id, routes(['Beta_Users'], []))).toEqual([]);
    const istio = canaryRollout(
      { istio: { virtualService: { name: 'web', routes: ['primary'] } }, managedRoutes: [{ name: 'Beta_Users' }] },
      { steps: [header('Beta_Users')] },
    );
    expect(ruleFindings(id, [istio, ...canaryServices()])).toEqual([]);
  });
});
