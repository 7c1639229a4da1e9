import { Testing } from 'cdk8s';
import { CanaryNginxChart } from '../../examples/canary-nginx/app';
import { only, synthValid } from '../support/synth';

describe('examples/canary-nginx', () => {
  const app = Testing.app();
  const chart = new CanaryNginxChart(app, 'rollouts-demo', { namespace: 'rollouts-demo' });
  const manifests = synthValid(chart);

  test('synthesizes valid YAML (snapshot)', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('steps: 20% → pause 5m → analysis → 50% → pause 5m → 100%', () => {
    const steps = only(manifests, 'Rollout').spec.strategy.canary.steps;
    expect(steps).toEqual([
      { setWeight: 20 },
      { pause: { duration: '5m' } },
      { analysis: { templates: [{ templateName: 'success-rate' }], args: [{ name: 'service-name', value: 'rollouts-demo-canary' }] } },
      { setWeight: 50 },
      { pause: { duration: '5m' } },
      { setWeight: 100 },
    ]);
    const template = only(manifests, 'AnalysisTemplate');
    expect(template.metadata.name).toBe('success-rate');
    expect(template.spec.args).toEqual([{ name: 'service-name' }]);
  });

  test('trafficRouting.nginx.stableIngress names an Ingress that routes to the stable Service', () => {
    const canary = only(manifests, 'Rollout').spec.strategy.canary;
    expect(canary.stableService).toBe('rollouts-demo-stable');
    expect(canary.canaryService).toBe('rollouts-demo-canary');
    const ingress = manifests.find((m) => m.kind === 'Ingress' && m.metadata.name === canary.trafficRouting.nginx.stableIngress);
    expect(ingress).toBeDefined();
    const backends = ingress.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => p.backend.service.name));
    expect(backends).toEqual([canary.stableService]);
    const services = manifests.filter((m) => m.kind === 'Service').map((s) => s.metadata.name).sort();
    expect(services).toEqual(['rollouts-demo-canary', 'rollouts-demo-stable']);
  });
});
