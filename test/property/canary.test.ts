import fc from 'fast-check';
import { buildBadCanary, buildCanary, canary, canaryMistake, expectMistake, RUNS, synthesizeValid } from './arbitraries';

describe('CanaryRollout properties (steps and traffic routers)', () => {
  test(`${RUNS} random valid props synthesize schema-valid YAML that passes every rule`, () => {
    fc.assert(fc.property(canary, (d) => {
      const manifests = synthesizeValid((chart) => buildCanary(chart, d));
      const strategy = manifests.find((m) => m.kind === 'Rollout').spec.strategy.canary;
      expect(strategy.steps ?? []).toHaveLength(d.steps.length);
      if (d.router === 'none') expect(strategy.trafficRouting).toBeUndefined();
      else expect(strategy.trafficRouting[d.router]).toBeDefined();
    }), { numRuns: RUNS });
  });

  test(`${RUNS} random invalid props fail with a finding or an argument error, never a crash`, () => {
    fc.assert(fc.property(canary, canaryMistake, (d, mistake) => {
      expectMistake((chart) => buildBadCanary(chart, d, mistake), mistake);
    }), { numRuns: RUNS });
  });
});
