import { Testing } from 'cdk8s';
import { CanaryRollout, CanaryStep, PluginTrafficRouting, TrafficRouting } from '../../src';
import { only, synthValid } from '../support/synth';

describe('PluginTrafficRouting', () => {
  test('the Gateway API plugin with its HTTPRoute', () => {
    const chart = Testing.chart();
    new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [{ image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 }],
      trafficRouting: TrafficRouting.plugin({ name: 'argoproj-labs/gatewayAPI', config: { httpRoute: 'web-route', namespace: 'web' } }),
      steps: [CanaryStep.weight(25), CanaryStep.pauseUntilPromoted()],
    });
    expect(only(synthValid(chart), 'Rollout').spec.strategy.canary.trafficRouting).toEqual({
      plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web-route', namespace: 'web' } },
    });
  });

  test('without config renders an empty object', () => {
    expect(new PluginTrafficRouting({ name: 'acme/router' }).bind(Testing.chart()).trafficRouting).toEqual({ plugins: { 'acme/router': {} } });
  });

  test('throws without a name', () => {
    expect(() => new PluginTrafficRouting({ name: '' })).toThrow('"name" must be the plugin\'s registered name');
  });
});
