import fc from 'fast-check';
import { buildBadExperiment, buildExperiment, expectMistake, experiment, experimentMistake, RUNS, synthesizeValid } from './arbitraries';

describe('Experiment properties', () => {
  test(`${RUNS} random valid props synthesize schema-valid YAML that passes every rule`, () => {
    fc.assert(fc.property(experiment, (d) => {
      const manifests = synthesizeValid((chart) => buildExperiment(chart, d));
      const spec = manifests.find((m) => m.kind === 'Experiment').spec;
      expect(spec.templates.map((t: any) => t.name)).toEqual(d.templates.map((t) => t.name));
    }), { numRuns: RUNS });
  });

  test(`${RUNS} random invalid props fail with a finding or an argument error, never a crash`, () => {
    fc.assert(fc.property(experiment, experimentMistake, (d, mistake) => {
      expectMistake((chart) => buildBadExperiment(chart, d, mistake), mistake);
    }), { numRuns: RUNS });
  });
});
