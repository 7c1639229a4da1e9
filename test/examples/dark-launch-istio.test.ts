import { Testing } from 'cdk8s';
import { DarkLaunchIstioChart } from '../../examples/dark-launch-istio/app';
import { only, synthValid } from '../support/synth';

describe('examples/dark-launch-istio', () => {
  const app = Testing.app();
  const chart = new DarkLaunchIstioChart(app, 'rollouts-demo', { namespace: 'rollouts-demo' });
  const manifests = synthValid(chart);

  test('synthesizes valid YAML (snapshot)', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('steps: one canary pod → header route → manual promotion → mirror → weights, with the routes managed', () => {
    const canary = only(manifests, 'Rollout').spec.strategy.canary;
    expect(canary.steps).toEqual([
      { setCanaryScale: { replicas: 1 } },
      { setHeaderRoute: { name: 'dark-launch', match: [{ headerName: 'x-dark-launch', headerValue: { exact: 'true' } }] } },
      { pause: {} },
      { setMirrorRoute: { name: 'shadow', match: [{ method: { exact: 'GET' } }], percentage: 50 } },
      { pause: { duration: '10m' } },
      { setMirrorRoute: { name: 'shadow' } },
      { setHeaderRoute: { name: 'dark-launch' } },
      { setCanaryScale: { matchTrafficWeight: true } },
      { setWeight: 10 },
      { pause: { duration: '5m' } },
      { setWeight: 50 },
      { pause: { duration: '5m' } },
    ]);
    expect(canary.trafficRouting).toEqual({
      istio: { virtualService: { name: 'rollouts-demo', routes: ['primary'] } },
      managedRoutes: [{ name: 'dark-launch' }, { name: 'shadow' }],
    });
  });

  test('the VirtualService primary route sends traffic to the stable and canary Services', () => {
    const canary = only(manifests, 'Rollout').spec.strategy.canary;
    const vs = manifests.find((m) => m.kind === 'VirtualService');
    expect(vs.apiVersion).toBe('networking.istio.io/v1beta1');
    expect(vs.metadata.name).toBe(canary.trafficRouting.istio.virtualService.name);
    expect(vs.spec.http).toEqual([{
      name: 'primary',
      route: [
        { destination: { host: canary.stableService, port: { number: 8080 } }, weight: 100 },
        { destination: { host: canary.canaryService, port: { number: 8080 } }, weight: 0 },
      ],
    }]);
    expect(manifests.filter((m) => m.kind === 'Service').map((s) => s.metadata.name).sort()).toEqual(['rollouts-demo-canary', 'rollouts-demo-stable']);
  });
});
