import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { CanaryRollout, CanaryStep, NginxTrafficRouting, TrafficRouting } from '../../src';
import { only, synthError, synthValid } from '../support/synth';

const container = { image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 };

describe('NginxTrafficRouting', () => {
  test('TrafficRouting.nginx makes an NginxTrafficRouting', () => {
    const chart = Testing.chart();
    const ingress = new kplus.Ingress(chart, 'Ingress', { metadata: { name: 'web' } });
    expect(TrafficRouting.nginx({ stableIngress: ingress })).toBeInstanceOf(NginxTrafficRouting);
  });

  test('renders several stable Ingresses and the annotation options', () => {
    const chart = Testing.chart();
    const a = new kplus.Ingress(chart, 'A', { metadata: { name: 'web-public' } });
    const b = new kplus.Ingress(chart, 'B', { metadata: { name: 'web-internal' } });
    const rollout = new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      trafficRouting: TrafficRouting.nginx({
        stableIngresses: [a, b],
        annotationPrefix: 'custom.nginx.org',
        additionalIngressAnnotations: { 'canary-by-header': 'X-Canary', 'canary-by-header-value': 'yes' },
        canaryIngressAnnotations: { 'team.example.com/owner': 'web' },
      }),
      steps: [CanaryStep.weight(10), CanaryStep.pauseUntilPromoted()],
    });
    for (const i of [a, b]) i.addHostRule(`${i.name}.local`, '/', kplus.IngressBackend.fromService(rollout.stableService!));
    const tr = only(synthValid(chart), 'Rollout').spec.strategy.canary.trafficRouting;
    expect(tr).toEqual({
      nginx: {
        stableIngresses: ['web-public', 'web-internal'],
        annotationPrefix: 'custom.nginx.org',
        additionalIngressAnnotations: { 'canary-by-header': 'X-Canary', 'canary-by-header-value': 'yes' },
        canaryIngressAnnotations: { 'team.example.com/owner': 'web' },
      },
    });
  });

  test('an Ingress without a name of its own is named by its generated name', () => {
    const chart = Testing.chart();
    const ingress = new kplus.Ingress(chart, 'Ingress');
    const rollout = new CanaryRollout(chart, 'web', { containers: [container], trafficRouting: TrafficRouting.nginx({ stableIngress: ingress }) });
    ingress.addRule('/', kplus.IngressBackend.fromService(rollout.stableService!));
    const manifests = synthValid(chart);
    expect(only(manifests, 'Rollout').spec.strategy.canary.trafficRouting.nginx.stableIngress).toBe(only(manifests, 'Ingress').metadata.name);
  });

  test('both stableIngress and stableIngresses fail synth (RR10)', () => {
    const chart = Testing.chart();
    const a = new kplus.Ingress(chart, 'A', { metadata: { name: 'a' } });
    const rollout = new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' }, containers: [container], trafficRouting: TrafficRouting.nginx({ stableIngress: a, stableIngresses: [a] }),
    });
    a.addRule('/', kplus.IngressBackend.fromService(rollout.stableService!));
    expect(synthError(chart)).toContain('[test/web] Rollout/web spec.strategy.canary.trafficRouting.nginx: Either StableIngress or StableIngresses must be configured. Both are configured.');
  });

  test('neither fails synth (RR10); an empty stableIngresses list is refused at the call', () => {
    const chart = Testing.chart();
    new CanaryRollout(chart, 'web', { metadata: { name: 'web' }, containers: [container], trafficRouting: TrafficRouting.nginx({}) });
    expect(synthError(chart)).toContain('Rollout/web spec.strategy.canary.trafficRouting.nginx: Either StableIngress or StableIngresses must be configured. Neither are configured.');
    expect(() => TrafficRouting.nginx({ stableIngresses: [] })).toThrow('"stableIngresses" must not be empty: give at least one Ingress, or use "stableIngress"');
  });
});
