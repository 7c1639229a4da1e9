import fc from 'fast-check';
import { blueGreen, blueGreenMistake, buildBadBlueGreen, buildBlueGreen, expectMistake, RUNS, synthesizeValid } from './arbitraries';

describe('BlueGreenRollout properties', () => {
  test(`${RUNS} random valid props synthesize schema-valid YAML that passes every rule`, () => {
    fc.assert(fc.property(blueGreen, (d) => {
      const manifests = synthesizeValid((chart) => buildBlueGreen(chart, d));
      const rollout = manifests.find((m) => m.kind === 'Rollout');
      expect(rollout.metadata.name).toBe(d.name);
      expect(rollout.spec.strategy.blueGreen.activeService).toBe(`${d.name}-active`);
      expect(rollout.spec.strategy.blueGreen.previewService).toBe(`${d.name}-preview`);
    }), { numRuns: RUNS });
  });

  test(`${RUNS} random invalid props fail with a finding or an argument error, never a crash`, () => {
    fc.assert(fc.property(blueGreen, blueGreenMistake, (d, mistake) => {
      expectMistake((chart) => buildBadBlueGreen(chart, d, mistake), mistake);
    }), { numRuns: RUNS });
  });
});
