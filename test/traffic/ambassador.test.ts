import { ApiObject, Testing } from 'cdk8s';
import { CanaryRollout, CanaryStep, TrafficRouting } from '../../src';
import { only, synthError, synthValid } from '../support/synth';

function mapping(chart: any, name: string, spec: Record<string, any> = {}): ApiObject {
  return new ApiObject(chart, `Mapping-${name}`, {
    apiVersion: 'getambassador.io/v3alpha1',
    kind: 'Mapping',
    metadata: { name },
    spec: { hostname: '*', prefix: '/', service: 'web-stable:8080', ...spec },
  });
}

function rollout(chart: any): CanaryRollout {
  return new CanaryRollout(chart, 'web', {
    metadata: { name: 'web' },
    containers: [{ image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 }],
    trafficRouting: TrafficRouting.ambassador({ mappings: ['web', 'web-api'] }),
    steps: [CanaryStep.weight(25)],
  });
}

describe('AmbassadorTrafficRouting', () => {
  test('Mappings by name', () => {
    const chart = Testing.chart();
    mapping(chart, 'web');
    mapping(chart, 'web-api', { prefix: '/api' });
    rollout(chart);
    expect(only(synthValid(chart), 'Rollout').spec.strategy.canary.trafficRouting).toEqual({ ambassador: { mappings: ['web', 'web-api'] } });
  });

  test('fails synth for a Mapping with a weight', () => {
    const chart = Testing.chart();
    mapping(chart, 'web');
    mapping(chart, 'web-api', { weight: 50 });
    rollout(chart);
    expect(synthError(chart)).toContain('Rollout/web spec.strategy.canary.trafficRouting.ambassador.mappings[1]: Ambassador mapping "web-api" can not define weight');
  });
});
