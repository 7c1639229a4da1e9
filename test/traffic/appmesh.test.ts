import { ApiObject, Chart, Testing } from 'cdk8s';
import { AppMeshTrafficRouting, CanaryRollout, CanaryStep, TrafficRouting } from '../../src';
import { only, synthError, synthValid } from '../support/synth';

const API = 'appmesh.k8s.aws/v1beta2';

/** The App Mesh objects of a canary: VirtualService → VirtualRouter → stable/canary VirtualNodes. */
function mesh(chart: Chart, targets = ['web-stable', 'web-canary']) {
  new ApiObject(chart, 'VS', { apiVersion: API, kind: 'VirtualService', metadata: { name: 'web' }, spec: { provider: { virtualRouter: { virtualRouterRef: { name: 'web-router' } } } } });
  new ApiObject(chart, 'VR', {
    apiVersion: API,
    kind: 'VirtualRouter',
    metadata: { name: 'web-router' },
    spec: { routes: [{ name: 'primary', httpRoute: { match: { prefix: '/' }, action: { weightedTargets: targets.map((name, i) => ({ virtualNodeRef: { name }, weight: i ? 0 : 100 })) } } }] },
  });
  for (const name of ['web-stable', 'web-canary']) new ApiObject(chart, name, { apiVersion: API, kind: 'VirtualNode', metadata: { name } });
}

function rollout(chart: Chart): CanaryRollout {
  return new CanaryRollout(chart, 'web', {
    metadata: { name: 'web' },
    containers: [{ image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 }],
    trafficRouting: TrafficRouting.appMesh({ virtualServiceName: 'web', routes: ['primary'], canaryVirtualNodeName: 'web-canary', stableVirtualNodeName: 'web-stable' }),
    steps: [CanaryStep.weight(25)],
  });
}

describe('AppMeshTrafficRouting', () => {
  test('a VirtualService, its routes and the canary/stable VirtualNodes', () => {
    const chart = Testing.chart();
    mesh(chart);
    rollout(chart);
    expect(only(synthValid(chart), 'Rollout').spec.strategy.canary.trafficRouting).toEqual({
      appMesh: {
        virtualService: { name: 'web', routes: ['primary'] },
        virtualNodeGroup: { canaryVirtualNodeRef: { name: 'web-canary' }, stableVirtualNodeRef: { name: 'web-stable' } },
      },
    });
  });

  test('fails synth for a route with one weighted target', () => {
    const chart = Testing.chart();
    mesh(chart, ['web-stable']);
    rollout(chart);
    expect(synthError(chart)).toContain('Invalid number of weightedTargets (1) for AppMesh virtual-router web-router and route primary, expected 2');
  });

  test('throws for an empty name', () => {
    expect(() => new AppMeshTrafficRouting({ virtualServiceName: 'web', canaryVirtualNodeName: '', stableVirtualNodeName: 'web-stable' }))
      .toThrow('"canaryVirtualNodeName" must name an App Mesh resource: it is empty');
  });
});
