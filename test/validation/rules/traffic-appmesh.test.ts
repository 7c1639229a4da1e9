import { allFindings, canaryRollout, canaryServices, ruleFindings } from './traffic-fixtures';
import { Severity } from '../../../src/validation/finding';
import { Manifest } from '../../../src/validation/manifest';

const MESH = 'spec.strategy.canary.trafficRouting.appMesh';
const VS = `${MESH}.virtualService.name`;
const E = Severity.ERROR;
const API = 'appmesh.k8s.aws/v1beta2';

function virtualService(provider: Record<string, any> = { virtualRouter: { virtualRouterRef: { name: 'web-router' } } }): Manifest {
  return { apiVersion: API, kind: 'VirtualService', metadata: { name: 'web' }, spec: { awsName: 'web.shop.svc.cluster.local', provider } };
}

function target(virtualNode: string, weight: number) {
  return { virtualNodeRef: { name: virtualNode }, weight };
}

function router(routes: any): Manifest {
  return { apiVersion: API, kind: 'VirtualRouter', metadata: { name: 'web-router' }, spec: { listeners: [{ portMapping: { port: 80, protocol: 'http' } }], routes } };
}

const ROUTE = { name: 'primary', httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [target('web-stable', 100), target('web-canary', 0)] } } };

function node(name: string): Manifest {
  return { apiVersion: API, kind: 'VirtualNode', metadata: { name }, spec: { podSelector: { matchLabels: { app: 'web' } } } };
}

const APPMESH = {
  virtualService: { name: 'web', routes: ['primary'] },
  virtualNodeGroup: { canaryVirtualNodeRef: { name: 'web-canary' }, stableVirtualNodeRef: { name: 'web-stable' } },
};

function set(...objects: Manifest[]): Manifest[] {
  return [canaryRollout({ appMesh: APPMESH }), ...canaryServices(), node('web-canary'), node('web-stable'), ...objects];
}

test('an App Mesh canary with its VirtualService, VirtualRouter and VirtualNodes is clean', () => {
  expect(allFindings(set(virtualService(), router([ROUTE])))).toEqual([]);
});

describe('appmesh-virtual-service-required (RR15)', () => {
  test('fails without a virtualService', () => {
    const m = [canaryRollout({ appMesh: { virtualNodeGroup: APPMESH.virtualNodeGroup } }), ...canaryServices()];
    expect(ruleFindings('appmesh-virtual-service-required', m)).toEqual([
      { path: `${MESH}.virtualService`, message: 'must provide virtual-service', severity: E },
    ]);
  });
});

describe('ref-appmesh-virtual-service-exists (RR15)', () => {
  const id = 'ref-appmesh-virtual-service-exists';
  test('fails when only an Istio VirtualService has the name', () => {
    const istio = { ...virtualService(), apiVersion: 'networking.istio.io/v1beta1' };
    expect(ruleFindings(id, set(istio, router([ROUTE])))).toEqual([
      { path: VS, message: 'virtualservices.appmesh.k8s.aws "web" not found', severity: E },
    ]);
  });
  test('reports it as a warning with ignoreMissingRefs', () => {
    expect(ruleFindings(id, set(), true)).toEqual([
      { path: VS, message: 'virtualservices.appmesh.k8s.aws "web" not found', severity: Severity.WARNING },
    ]);
  });
});

describe('appmesh-virtual-service-uses-router (RR15)', () => {
  const id = 'appmesh-virtual-service-uses-router';
  test('fails for a VirtualService whose provider is a VirtualNode', () => {
    expect(ruleFindings(id, set(virtualService({ virtualNode: { virtualNodeRef: { name: 'web-stable' } } })))).toEqual([
      { path: VS, message: 'Virtual-service is not associated with virtual-router', severity: E },
    ]);
  });
  test('passes for a VirtualRouter provider', () => {
    expect(ruleFindings(id, set(virtualService()))).toEqual([]);
  });
});

describe('ref-appmesh-virtual-router-exists (RR15)', () => {
  const id = 'ref-appmesh-virtual-router-exists';
  test('fails when the VirtualRouter is not in the set', () => {
    expect(ruleFindings(id, set(virtualService()))).toEqual([
      { path: VS, message: 'virtualrouters.appmesh.k8s.aws "web-router" not found', severity: E },
    ]);
  });
  test('looks the router up in the namespace its reference names', () => {
    const vr = router([ROUTE]);
    vr.metadata.namespace = 'mesh';
    const vs = virtualService({ virtualRouter: { virtualRouterRef: { name: 'web-router', namespace: 'other' } } });
    expect(ruleFindings(id, set(vs, vr))).toHaveLength(1);
    vs.spec.provider.virtualRouter.virtualRouterRef.namespace = 'mesh';
    expect(ruleFindings(id, set(vs, vr))).toEqual([]);
  });
});

describe('appmesh-virtual-router-routes (RR16)', () => {
  const id = 'appmesh-virtual-router-routes';
  const check = (routes: any) => ruleFindings(id, set(virtualService(), router(routes)));

  test('fails for a router without routes', () => {
    expect(check([])).toEqual([{ path: VS, message: 'No routes defined for AppMesh virtual-router web-router', severity: E }]);
  });
  test('fails for a route that is not an object', () => {
    expect(check([ROUTE, 'primary'])).toEqual([{ path: VS, message: 'Invalid route was found for AppMesh virtual-router web-router at index 1', severity: E }]);
  });
  test('fails for a route of an unsupported type', () => {
    expect(check([{ name: 'legacy', tlsRoute: {} }])).toEqual([{
      path: VS, message: 'Error getting route details for AppMesh virtual-router web-router and route legacy. Error: Route has unsupported route type', severity: E,
    }]);
  });
  test('fails for a route without weighted targets', () => {
    expect(check([{ name: 'primary', grpcRoute: { action: {} } }])).toEqual([{
      path: VS, message: 'Invalid route action found for AppMesh virtual-router web-router and route primary', severity: E,
    }]);
  });
  test('fails for a route with three weighted targets', () => {
    const route = { name: 'primary', tcpRoute: { action: { weightedTargets: [target('a', 50), target('b', 25), target('c', 25)] } } };
    expect(check([route])).toEqual([{
      path: VS, message: 'Invalid number of weightedTargets (3) for AppMesh virtual-router web-router and route primary, expected 2', severity: E,
    }]);
  });
  test('passes for http2 and grpc routes with two targets each', () => {
    const action = { action: { weightedTargets: [target('web-stable', 100), target('web-canary', 0)] } };
    expect(check([{ name: 'h2', http2Route: action }, { name: 'grpc', grpcRoute: action }])).toEqual([]);
  });
});

describe('ref-appmesh-virtual-node-exists', () => {
  test('fails for a VirtualNode that is not in the set', () => {
    const m = [canaryRollout({ appMesh: APPMESH }), ...canaryServices(), node('web-stable'), virtualService(), router([ROUTE])];
    expect(ruleFindings('ref-appmesh-virtual-node-exists', m)).toEqual([
      { path: `${MESH}.virtualNodeGroup.canaryVirtualNodeRef.name`, message: 'virtualnodes.appmesh.k8s.aws "web-canary" not found', severity: E },
    ]);
  });
});
