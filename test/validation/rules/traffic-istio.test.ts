import { service } from './fixtures';
import { allFindings, canaryRollout, canaryServices, ruleFindings } from './traffic-fixtures';
import { Severity } from '../../../src/validation/finding';
import { Manifest } from '../../../src/validation/manifest';

const ISTIO = 'spec.strategy.canary.trafficRouting.istio';
const E = Severity.ERROR;

/** An Istio VirtualService with `spec` (default: one `primary` HTTP route to stable and canary). */
function virtualService(name = 'web', spec?: Record<string, any>, apiVersion = 'networking.istio.io/v1beta1'): Manifest {
  return {
    apiVersion,
    kind: 'VirtualService',
    metadata: { name },
    spec: spec ?? { hosts: ['web'], http: [{ name: 'primary', route: [dest('web-stable', 100), dest('web-canary', 0)] }] },
  };
}

function dest(host: string, weight: number, subset?: string): Record<string, any> {
  return { destination: subset ? { host, subset } : { host }, weight };
}

function destinationRule(subsets = ['stable', 'canary']): Manifest {
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'DestinationRule',
    metadata: { name: 'web' },
    spec: { host: 'web', subsets: subsets.map((name) => ({ name, labels: { app: 'web' } })) },
  };
}

/** Rollout + Services + VirtualService, with the rollout's `istio` block and VirtualService spec given. */
function set(istio: Record<string, any>, vsSpec?: Record<string, any>, canary: Record<string, any> = {}): Manifest[] {
  return [canaryRollout({ istio }, canary), ...canaryServices(), virtualService('web', vsSpec)];
}

const PRIMARY = { virtualService: { name: 'web', routes: ['primary'] } };

test('a rollout whose VirtualService routes to its stable and canary Services is clean', () => {
  expect(allFindings(set(PRIMARY))).toEqual([]);
});

describe('istio-virtual-service-one-of (RR12)', () => {
  const id = 'istio-virtual-service-one-of';
  test('fails with both virtualService and virtualServices', () => {
    expect(ruleFindings(id, set({ ...PRIMARY, virtualServices: [{ name: 'web', routes: ['primary'] }] }))).toEqual([
      { path: ISTIO, message: 'either VirtualService or VirtualServices must be configured', severity: E },
    ]);
  });
  test('fails with neither', () => {
    expect(ruleFindings(id, set({}))).toEqual([
      { path: ISTIO, message: 'either VirtualService or VirtualServices must be configured', severity: E },
    ]);
  });
  test('passes with only virtualServices', () => {
    expect(allFindings(set({ virtualServices: [{ name: 'web', routes: ['primary'] }] }))).toEqual([]);
  });
  // the controller re-encodes the Rollout first, and an empty list is dropped (omitempty)
  test('passes with virtualService and an empty virtualServices list', () => {
    expect(allFindings(set({ ...PRIMARY, virtualServices: [] }))).toEqual([]);
  });
  test('fails with only an empty virtualServices list', () => {
    expect(ruleFindings(id, set({ virtualServices: [] }))).toEqual([
      { path: ISTIO, message: 'either VirtualService or VirtualServices must be configured', severity: E },
    ]);
  });
});

describe('ref-istio-virtual-service-exists (RR13)', () => {
  const id = 'ref-istio-virtual-service-exists';
  test('fails for a VirtualService that is not in the set, as an error', () => {
    const m = set({ virtualServices: [{ name: 'web', routes: ['primary'] }, { name: 'gateway' }] });
    expect(ruleFindings(id, m)).toEqual([
      { path: `${ISTIO}.virtualServices[1].name`, message: 'virtualservices.networking.istio.io "gateway" not found', severity: E },
    ]);
  });
  test('reports it as a warning with ignoreMissingRefs', () => {
    expect(ruleFindings(id, set({ virtualService: { name: 'other' } }), true)).toEqual([
      { path: `${ISTIO}.virtualService.name`, message: 'virtualservices.networking.istio.io "other" not found', severity: Severity.WARNING },
    ]);
  });
  test('fails when only an App Mesh VirtualService has the name', () => {
    const m = [canaryRollout({ istio: PRIMARY }), ...canaryServices(), virtualService('web', undefined, 'appmesh.k8s.aws/v1beta2')];
    expect(ruleFindings(id, m)).toHaveLength(1);
  });
  test('looks a `name.namespace` reference up in that namespace', () => {
    const vs = virtualService('web');
    vs.metadata.namespace = 'mesh';
    const rollout = canaryRollout({ istio: { virtualService: { name: 'web.mesh', routes: ['primary'] } } });
    rollout.metadata.namespace = 'shop';
    const services = canaryServices().map((s) => ({ ...s, metadata: { ...s.metadata, namespace: 'shop' } }));
    expect(allFindings([rollout, ...services, vs])).toEqual([]);
    vs.metadata.namespace = 'other';
    expect(ruleFindings(id, [rollout, ...services, vs])).toHaveLength(1);
  });
  test('reads a `name.namespace.svc.cluster.local` reference as name and namespace, as the controller does', () => {
    const vs = virtualService('web');
    vs.metadata.namespace = 'mesh';
    const rollout = canaryRollout({ istio: { virtualService: { name: 'web.mesh.svc.cluster.local', routes: ['primary'] } } });
    expect(allFindings([rollout, ...canaryServices(), vs])).toEqual([]);
    vs.spec.http[0].name = 'other';
    expect(ruleFindings('istio-virtual-service-routes', [rollout, ...canaryServices(), vs]).map((f) => f.message))
      .toEqual(['Istio VirtualService has invalid HTTP routes. Error: HTTP Route \'primary\' is not found in the defined Virtual Service.']);
  });
});

describe('istio-virtual-service-routes (RR13)', () => {
  const id = 'istio-virtual-service-routes';
  const at = `${ISTIO}.virtualService.name`;

  test('fails for a route name the VirtualService does not have', () => {
    expect(ruleFindings(id, set({ virtualService: { name: 'web', routes: ['primary', 'secondary'] } }))).toEqual([
      { path: at, message: 'Istio VirtualService has invalid HTTP routes. Error: HTTP Route \'secondary\' is not found in the defined Virtual Service.', severity: E },
    ]);
  });

  test('fails when the route does not reach the canary Service', () => {
    const spec = { http: [{ name: 'primary', route: [dest('web-stable', 100)] }] };
    expect(ruleFindings(id, set(PRIMARY, spec))).toEqual([
      { path: at, message: 'Istio VirtualService has invalid HTTP routes. Error: Canary Service \'web-canary\' not found in route', severity: E },
    ]);
  });

  test('fails when the route does not reach the stable Service', () => {
    const spec = { http: [{ name: 'primary', route: [dest('web', 100), dest('web-canary', 0)] }] };
    expect(ruleFindings(id, set(PRIMARY, spec))).toEqual([
      { path: at, message: 'Istio VirtualService has invalid HTTP routes. Error: Stable Service \'web-stable\' not found in route', severity: E },
    ]);
  });

  // upstream GetStableAndCanaryServices(r, false): ping-pong names when neither stableService nor
  // canaryService is set; with no status yet, pong is stable and ping is canary
  test('ping-pong without stable/canary Services: the route must reach the ping and pong Services', () => {
    const pingPong = { stableService: undefined, canaryService: undefined, pingPong: { pingService: 'web-ping', pongService: 'web-pong' } };
    const manifests = (spec: Record<string, any>) => [
      canaryRollout({ istio: PRIMARY }, pingPong), service('web-ping'), service('web-pong'), virtualService('web', spec),
    ];
    expect(ruleFindings(id, manifests({ http: [{ name: 'primary', route: [dest('web-pong', 100), dest('web-ping', 0)] }] }))).toEqual([]);
    expect(ruleFindings(id, manifests({ http: [{ name: 'primary', route: [dest('web-pong', 100)] }] }))).toEqual([
      { path: at, message: 'Istio VirtualService has invalid HTTP routes. Error: Canary Service \'web-ping\' not found in route', severity: E },
    ]);
    expect(ruleFindings(id, manifests({ http: [{ name: 'primary', route: [dest('web-ping', 100)] }] }))).toEqual([
      { path: at, message: 'Istio VirtualService has invalid HTTP routes. Error: Stable Service \'web-pong\' not found in route', severity: E },
    ]);
  });

  test('passes for fully qualified hosts (the part before the first dot is the Service)', () => {
    const spec = { http: [{ name: 'primary', route: [dest('web-stable.shop.svc.cluster.local', 100), dest('web-canary.shop.svc.cluster.local', 0)] }] };
    expect(allFindings(set(PRIMARY, spec))).toEqual([]);
  });

  test('fails when routes are omitted and the VirtualService has several unmanaged HTTP routes', () => {
    const spec = { http: [{ route: [dest('web-stable', 100), dest('web-canary', 0)] }, { name: 'other', route: [dest('web-stable', 100)] }] };
    expect(ruleFindings(id, set({ virtualService: { name: 'web' } }, spec))).toEqual([{
      path: at,
      message: 'Istio VirtualService has invalid HTTP routes. Error: spec.http[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.routes',
      severity: E,
    }]);
  });

  test('passes when routes are omitted and the other HTTP routes are managed routes', () => {
    const spec = { http: [{ name: 'dark', route: [dest('web-canary', 100)] }, { route: [dest('web-stable', 100), dest('web-canary', 0)] }] };
    const canary = {
      trafficRouting: { istio: { virtualService: { name: 'web' } }, managedRoutes: [{ name: 'dark' }] },
      steps: [{ setHeaderRoute: { name: 'dark', match: [{ headerName: 'x-dark', headerValue: { exact: 'on' } }] } }, { setWeight: 20 }],
    };
    expect(allFindings([canaryRollout({}, canary), ...canaryServices(), virtualService('web', spec)])).toEqual([]);
  });

  test('fails for a VirtualService without HTTP, TLS or TCP routes', () => {
    expect(ruleFindings(id, set(PRIMARY, { hosts: ['web'] }))).toEqual([
      { path: at, message: 'Unable to get any of the HTTP, TCP or TLS routes for the Istio VirtualService', severity: E },
    ]);
  });

  test('fails for HTTP routes the controller cannot read', () => {
    expect(ruleFindings(id, set(PRIMARY, { http: [{ name: 'primary', route: 'web-stable' }] }))).toEqual([
      { path: at, message: 'Unable to get HTTP routes for Istio VirtualService', severity: E },
    ]);
  });

  test('passes for another route whose `route` is null (a redirect), which the controller reads as empty', () => {
    const http = [{ name: 'primary', route: [dest('web-stable', 100), dest('web-canary', 0)] }, { name: 'redirect', redirect: { uri: '/x' }, route: null }];
    expect(allFindings(set(PRIMARY, { hosts: ['web'], http }))).toEqual([]);
  });

  describe('TLS routes', () => {
    const tls = (sniHosts: string[], port = 443) => ({ match: [{ port, sniHosts }], route: [dest('web-stable', 100), dest('web-canary', 0)] });

    test('fails when no TLS route has the port and SNI hosts', () => {
      const m = set({ virtualService: { name: 'web', tlsRoutes: [{ port: 443, sniHosts: ['a.example.com'] }] } }, { tls: [tls(['b.example.com'])] });
      expect(ruleFindings(id, m)).toEqual([
        { path: at, message: 'Istio VirtualService has invalid TLS routes. Error: No matching TLS routes found in the defined Virtual Service.', severity: E },
      ]);
    });

    test('passes when the SNI hosts match in another order', () => {
      const m = set({ virtualService: { name: 'web', tlsRoutes: [{ port: 443, sniHosts: ['b.example.com', 'a.example.com'] }] } },
        { tls: [tls(['a.example.com', 'b.example.com'])] });
      expect(allFindings(m)).toEqual([]);
    });

    test('fails when tlsRoutes are omitted and there are several TLS routes', () => {
      const m = set({ virtualService: { name: 'web' } }, { tls: [tls(['a.example.com']), tls(['b.example.com'])] });
      expect(ruleFindings(id, m)).toEqual([{
        path: at,
        message: 'Istio VirtualService has invalid TLS routes. Error: spec.tls[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.tlsRoutes',
        severity: E,
      }]);
    });
  });

  describe('TCP routes', () => {
    const tcp = (port: number, hosts = ['web-stable', 'web-canary']) => ({ match: [{ port }], route: hosts.map((h, i) => dest(h, i ? 0 : 100)) });

    test('fails when the matched TCP route does not reach the canary Service', () => {
      const m = set({ virtualService: { name: 'web', tcpRoutes: [{ port: 5432 }] } }, { tcp: [tcp(3306), tcp(5432, ['web-stable'])] });
      expect(ruleFindings(id, m)).toEqual([
        { path: at, message: 'Istio VirtualService has invalid TCP routes. Error: Canary Service \'web-canary\' not found in route', severity: E },
      ]);
    });

    test('fails when no TCP route has the port', () => {
      const m = set({ virtualService: { name: 'web', tcpRoutes: [{ port: 6379 }] } }, { tcp: [tcp(5432)] });
      expect(ruleFindings(id, m)).toEqual([
        { path: at, message: 'Istio VirtualService has invalid TCP routes. Error: No matching TCP routes found in the defined Virtual Service.', severity: E },
      ]);
    });

    test('passes for the matching port', () => {
      expect(allFindings(set({ virtualService: { name: 'web', tcpRoutes: [{ port: 5432 }] } }, { tcp: [tcp(3306, ['db']), tcp(5432)] }))).toEqual([]);
    });
  });

  describe('subset-level routing', () => {
    const subsetIstio = { ...PRIMARY, destinationRule: { name: 'web', canarySubsetName: 'canary', stableSubsetName: 'stable' } };
    const subsetSet = (route: any[]) => [
      canaryRollout({ istio: subsetIstio }, { stableService: undefined, canaryService: undefined }),
      virtualService('web', { http: [{ name: 'primary', route }] }),
      destinationRule(),
    ];

    test('fails when the route lacks the canary subset', () => {
      expect(ruleFindings(id, subsetSet([dest('web', 100, 'stable')]))).toEqual([
        { path: at, message: 'Istio VirtualService has invalid HTTP routes. Error: Canary DestinationRule subset \'canary\' not found in route', severity: E },
      ]);
    });

    test('fails when the route lacks the stable subset', () => {
      expect(ruleFindings(id, subsetSet([dest('web', 0, 'canary')]))).toEqual([
        { path: at, message: 'Istio VirtualService has invalid HTTP routes. Error: Stable DestinationRule subset \'stable\' not found in route', severity: E },
      ]);
    });

    test('passes with both subsets and no Services', () => {
      expect(allFindings(subsetSet([dest('web', 100, 'stable'), dest('web', 0, 'canary')]))).toEqual([]);
    });
  });

  test('leaves a host-level rollout without a canary Service to R25', () => {
    const m = [canaryRollout({ istio: PRIMARY }, { canaryService: undefined }), ...canaryServices(), virtualService('web', { http: [{ name: 'primary', route: [dest('web-stable', 100)] }] })];
    expect(ruleFindings(id, m)).toEqual([]);
  });
});

describe('ref-istio-destination-rule-exists', () => {
  const id = 'ref-istio-destination-rule-exists';
  const istio = { ...PRIMARY, destinationRule: { name: 'web', canarySubsetName: 'canary', stableSubsetName: 'stable' } };
  const spec = { http: [{ name: 'primary', route: [dest('web', 100, 'stable'), dest('web', 0, 'canary')] }] };

  test('fails when the DestinationRule is not in the set', () => {
    expect(ruleFindings(id, set(istio, spec))).toEqual([
      { path: `${ISTIO}.destinationRule.name`, message: 'destinationrules.networking.istio.io "web" not found', severity: E },
    ]);
  });
  test('passes when it is', () => {
    expect(allFindings([...set(istio, spec), destinationRule()])).toEqual([]);
  });
});

describe('istio-destination-rule-subsets', () => {
  const id = 'istio-destination-rule-subsets';
  const istio = { ...PRIMARY, destinationRule: { name: 'web', canarySubsetName: 'canary', stableSubsetName: 'stable' } };
  const spec = { http: [{ name: 'primary', route: [dest('web', 100, 'stable'), dest('web', 0, 'canary')] }] };

  test('fails for a subset the DestinationRule does not define', () => {
    expect(ruleFindings(id, [...set(istio, spec), destinationRule(['stable', 'preview'])])).toEqual([
      { path: `${ISTIO}.destinationRule.canarySubsetName`, message: 'DestinationRule "web" has no subset "canary"', severity: E },
    ]);
  });
  test('passes when both subsets exist among others', () => {
    expect(ruleFindings(id, [...set(istio, spec), destinationRule(['preview', 'stable', 'canary'])])).toEqual([]);
  });
});

describe('istio-route-steps-need-http-routes (library: istio.go removeRoute in SetHeaderRoute / SetMirrorRoute)', () => {
  const id = 'istio-route-steps-need-http-routes';
  const tlsOnly = { tls: [{ match: [{ port: 443, sniHosts: ['web.example.com'] }], route: [dest('web-stable', 100), dest('web-canary', 0)] }] };
  const header = (match = true) => ({ setHeaderRoute: match ? { name: 'beta', match: [{ headerName: 'x-beta', headerValue: { exact: 'yes' } }] } : { name: 'beta' } });
  const mirror = { setMirrorRoute: { name: 'shadow', match: [{ method: { exact: 'GET' } }] } };
  /** Rollout (the given steps, their routes managed) + Services + VirtualServices. */
  const routeSet = (istio: Record<string, any>, steps: Record<string, any>[], ...vss: Manifest[]) => [
    canaryRollout({ istio, managedRoutes: [{ name: 'beta' }, { name: 'shadow' }] }, { steps: [{ setWeight: 20 }, ...steps, { pause: {} }] }),
    ...canaryServices(),
    ...vss,
  ];

  test('fails for a TLS-only VirtualService with header and mirror steps, with the first step\'s error', () => {
    expect(ruleFindings(id, routeSet({ virtualService: { name: 'web' } }, [header(), mirror, header(false)], virtualService('web', tlsOnly)))).toEqual([{
      path: `${ISTIO}.virtualService.name`,
      severity: E,
      message: 'VirtualService web has no spec.http, only spec.tls, so steps[1].setHeaderRoute fails (as do steps[2].setMirrorRoute, steps[3].setHeaderRoute): [SetHeaderRoute] failed to reconcile header routes: [reconcileVirtualServiceHeaderRoutes] failed to remove http route from virtual service: spec.http not found',
    }]);
  });
  test('a route step without a match fails too (it removes the route); a mirror step\'s error', () => {
    expect(ruleFindings(id, routeSet({ virtualService: { name: 'web' } }, [header(false)], virtualService('web', tlsOnly))).map((f) => f.message)).toEqual([
      'VirtualService web has no spec.http, only spec.tls, so steps[1].setHeaderRoute fails: [SetHeaderRoute] failed to reconcile header routes: [reconcileVirtualServiceHeaderRoutes] failed to remove route from virtual service: spec.http not found',
    ]);
    expect(ruleFindings(id, routeSet({ virtualService: { name: 'web' } }, [mirror], virtualService('web', tlsOnly))).map((f) => f.message)).toEqual([
      'VirtualService web has no spec.http, only spec.tls, so steps[1].setMirrorRoute fails: [SetMirrorRoute] failed reconcile virtual service for mirror routes: [reconcileVirtualServiceMirrorRoutes] failed to remove http route from virtual service: spec.http not found',
    ]);
  });
  test('with virtualServices, on the one without HTTP routes (TLS and TCP)', () => {
    const tcpAndTls = { ...tlsOnly, tcp: [{ match: [{ port: 5432 }], route: [dest('web-stable', 100), dest('web-canary', 0)] }] };
    const istio = { virtualServices: [{ name: 'web', routes: ['primary'] }, { name: 'db' }] };
    expect(ruleFindings(id, routeSet(istio, [header()], virtualService('web'), virtualService('db', tcpAndTls)))).toEqual([{
      path: `${ISTIO}.virtualServices[1].name`,
      severity: E,
      message: 'VirtualService db has no spec.http, only spec.tls and spec.tcp, so steps[1].setHeaderRoute fails: [SetHeaderRoute] failed to reconcile header routes: [reconcileVirtualServiceHeaderRoutes] failed to remove http route from virtual service: spec.http not found',
    }]);
  });
  test('near misses: HTTP routes (even none), no route steps, a VirtualService not in the set or of another group, no routes at all', () => {
    expect(allFindings(routeSet(PRIMARY, [header(), mirror, header(false)], virtualService('web')))).toEqual([]);
    expect(ruleFindings(id, routeSet({ virtualService: { name: 'web' } }, [header()], virtualService('web', { ...tlsOnly, http: [] })))).toEqual([]);
    expect(ruleFindings(id, routeSet({ virtualService: { name: 'web' } }, [], virtualService('web', tlsOnly)))).toEqual([]);
    expect(ruleFindings(id, routeSet({ virtualService: { name: 'web' } }, [header()]))).toEqual([]);
    expect(ruleFindings(id, routeSet({ virtualService: { name: 'web' } }, [header()], virtualService('web', tlsOnly, 'example.com/v1')))).toEqual([]);
    // istio-virtual-service-routes reports a VirtualService without routes, and the weight steps fail first
    expect(ruleFindings(id, routeSet({ virtualService: { name: 'web' } }, [header()], virtualService('web', { hosts: ['web'] })))).toEqual([]);
  });
});
