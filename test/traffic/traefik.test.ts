import { Testing } from 'cdk8s';
import { CanaryRollout, CanaryStep, TraefikTrafficRouting, TrafficRouting } from '../../src';
import { only, synthValid } from '../support/synth';

describe('TraefikTrafficRouting', () => {
  test('a weighted TraefikService by name, with the Services the rollout creates', () => {
    const chart = Testing.chart();
    new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [{ image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 }],
      trafficRouting: TrafficRouting.traefik({ weightedTraefikServiceName: 'web-weighted' }),
      steps: [CanaryStep.weight(25)],
    });
    const canary = only(synthValid(chart), 'Rollout').spec.strategy.canary;
    expect(canary.trafficRouting).toEqual({ traefik: { weightedTraefikServiceName: 'web-weighted' } });
    expect(canary.stableService).toBe('web-stable');
  });

  test('throws without a TraefikService name', () => {
    expect(() => new TraefikTrafficRouting({ weightedTraefikServiceName: '' })).toThrow('"weightedTraefikServiceName" must name the weighted TraefikService: it is empty');
  });
});
