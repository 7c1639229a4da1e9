import { ApiObject, Chart, Testing } from 'cdk8s';
import { CanaryRollout, CanaryStep, IstioTrafficRouting, IstioVirtualService, TrafficRouting } from '../../src';
import { only, synthError, synthValid } from '../support/synth';

const container = { image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 };

/** A VirtualService with one `primary` HTTP route to `web-stable` / `web-canary`. */
function virtualService(chart: Chart, name = 'web', hosts = ['web-stable', 'web-canary']): ApiObject {
  return new ApiObject(chart, `VirtualService-${name}`, {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name },
    spec: { hosts: ['web'], http: [{ name: 'primary', route: hosts.map((host, i) => ({ destination: { host }, weight: i ? 0 : 100 })) }] },
  });
}

describe('IstioTrafficRouting', () => {
  test('host-level: a VirtualService ApiObject, by its name, with the Services the rollout creates', () => {
    const chart = Testing.chart();
    const vs = virtualService(chart);
    new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      trafficRouting: TrafficRouting.istio({ virtualService: IstioVirtualService.fromApiObject(vs, { routes: ['primary'] }) }),
      steps: [CanaryStep.weight(20), CanaryStep.pauseUntilPromoted()],
    });
    const canary = only(synthValid(chart), 'Rollout').spec.strategy.canary;
    expect(canary.trafficRouting).toEqual({ istio: { virtualService: { name: 'web', routes: ['primary'] } } });
    expect([canary.stableService, canary.canaryService]).toEqual(['web-stable', 'web-canary']);
  });

  test('several VirtualServices by name, with TLS and TCP routes', () => {
    const routing = new IstioTrafficRouting({
      virtualServices: [
        IstioVirtualService.fromName('web', { routes: ['primary'] }),
        IstioVirtualService.fromName('gateway.ingress', { tlsRoutes: [{ port: 443, sniHosts: ['web.example.com'] }], tcpRoutes: [{ port: 5432 }] }),
      ],
    });
    expect(routing.bind(Testing.chart()).trafficRouting).toEqual({
      istio: {
        virtualServices: [
          { name: 'web', routes: ['primary'] },
          { name: 'gateway.ingress', tlsRoutes: [{ port: 443, sniHosts: ['web.example.com'] }], tcpRoutes: [{ port: 5432 }] },
        ],
      },
    });
  });

  test('writes name.namespace for a VirtualService ApiObject in another namespace than the rollout', () => {
    const chart = Testing.chart();
    const vs = new ApiObject(chart, 'Mesh', { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'web', namespace: 'mesh' } });
    const rollout = new CanaryRollout(chart, 'web', { metadata: { name: 'web', namespace: 'shop' }, containers: [container] });
    expect(IstioVirtualService.fromApiObject(vs)._toL1(rollout).name).toBe('web.mesh');
    const sameNs = new CanaryRollout(chart, 'web2', { metadata: { name: 'web2', namespace: 'mesh' }, containers: [container] });
    expect(IstioVirtualService.fromApiObject(vs)._toL1(sameNs).name).toBe('web');
  });

  test('subset-level: a DestinationRule, and no Services', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'VS', {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name: 'web' },
      spec: { http: [{ name: 'primary', route: [{ destination: { host: 'web', subset: 'stable' } }, { destination: { host: 'web', subset: 'canary' } }] }] },
    });
    new ApiObject(chart, 'DR', {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'DestinationRule',
      metadata: { name: 'web' },
      spec: { host: 'web', subsets: [{ name: 'stable' }, { name: 'canary' }, { name: 'preview' }] },
    });
    new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      trafficRouting: TrafficRouting.istio({
        virtualService: IstioVirtualService.fromName('web', { routes: ['primary'] }),
        destinationRule: { name: 'web', canarySubsetName: 'canary', stableSubsetName: 'stable', additionalSubsetNames: ['preview'] },
      }),
      steps: [CanaryStep.weight(50)],
    });
    const manifests = synthValid(chart);
    expect(only(manifests, 'Rollout').spec.strategy.canary.trafficRouting.istio.destinationRule).toEqual({
      name: 'web', canarySubsetName: 'canary', stableSubsetName: 'stable', additionalSubsetNames: ['preview'],
    });
    expect(manifests.filter((m) => m.kind === 'Service')).toEqual([]);
  });

  test('fails synth when the VirtualService route does not reach the canary Service', () => {
    const chart = Testing.chart();
    const vs = virtualService(chart, 'web', ['web-stable', 'web-preview']);
    new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      trafficRouting: TrafficRouting.istio({ virtualService: IstioVirtualService.fromApiObject(vs, { routes: ['primary'] }) }),
      steps: [CanaryStep.weight(20)],
    });
    expect(synthError(chart)).toContain(
      'Rollout/web spec.strategy.canary.trafficRouting.istio.virtualService.name: Istio VirtualService has invalid HTTP routes. Error: Canary Service \'web-canary\' not found in route',
    );
  });

  test('throws for bad arguments', () => {
    expect(() => IstioVirtualService.fromName('a.b.c')).toThrow('istio virtual service names are "name" or "name.namespace": "a.b.c"');
    expect(() => IstioVirtualService.fromName('web', { tcpRoutes: [{ port: 0 }] })).toThrow('istio route ports must be integers from 1 to 65535: 0');
    expect(() => new IstioTrafficRouting({ virtualServices: [] })).toThrow('"virtualServices" must not be empty');
  });
});
