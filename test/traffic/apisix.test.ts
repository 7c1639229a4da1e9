import { Testing } from 'cdk8s';
import { ApisixTrafficRouting, CanaryRollout, CanaryStep, StringMatch, TrafficRouting } from '../../src';
import { only, synthValid } from '../support/synth';

describe('ApisixTrafficRouting', () => {
  test('a route and its rules, with a header route step', () => {
    const chart = Testing.chart();
    new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [{ image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 }],
      trafficRouting: TrafficRouting.apisix({ routeName: 'web-route', rules: ['web-rule'] }),
      steps: [CanaryStep.setHeaderRoute('beta', [{ headerName: 'x-beta', headerValue: StringMatch.exact('1') }]), CanaryStep.weight(25)],
    });
    const tr = only(synthValid(chart), 'Rollout').spec.strategy.canary.trafficRouting;
    expect(tr.apisix).toEqual({ route: { name: 'web-route', rules: ['web-rule'] } });
  });

  test('throws without a route name', () => {
    expect(() => new ApisixTrafficRouting({ routeName: '' })).toThrow('"routeName" must name the ApisixRoute: it is empty');
  });
});
