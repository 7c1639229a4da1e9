import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { CanaryRollout, CanaryStep, SmiTrafficRouting, TrafficRouting } from '../../src';
import { only, synthValid } from '../support/synth';

const container = { image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 };

describe('SmiTrafficRouting', () => {
  test('a root Service and TrafficSplit name, with the Services the rollout creates', () => {
    const chart = Testing.chart();
    const root = new kplus.Service(chart, 'Root', { metadata: { name: 'web' }, ports: [{ port: 8080 }] });
    new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      trafficRouting: TrafficRouting.smi({ rootService: root, trafficSplitName: 'web-split' }),
      steps: [CanaryStep.weight(25)],
    });
    const canary = only(synthValid(chart), 'Rollout').spec.strategy.canary;
    expect(canary.trafficRouting).toEqual({ smi: { rootService: 'web', trafficSplitName: 'web-split' } });
    expect([canary.stableService, canary.canaryService]).toEqual(['web-stable', 'web-canary']);
  });

  test('defaults to an empty block (root Service and TrafficSplit from the rollout)', () => {
    expect(new SmiTrafficRouting().bind(Testing.chart()).trafficRouting).toEqual({ smi: {} });
  });
});
