import fc from 'fast-check';
import { buildBadTemplate, buildTemplate, expectMistake, RUNS, synthesizeValid, template, templateMistake } from './arbitraries';

describe('AnalysisTemplate properties (providers and metrics)', () => {
  test(`${RUNS} random valid props synthesize schema-valid YAML that passes every rule`, () => {
    fc.assert(fc.property(template, (t) => {
      const manifests = synthesizeValid((chart) => buildTemplate(chart, t));
      const spec = manifests.find((m) => m.kind === 'AnalysisTemplate').spec;
      expect(spec.metrics.map((m: any) => Object.keys(m.provider)[0])).toEqual(t.metrics.map((m) => m.provider.type));
    }), { numRuns: RUNS });
  });

  test(`${RUNS} random invalid props fail with a finding or an argument error, never a crash`, () => {
    fc.assert(fc.property(template, templateMistake, (t, mistake) => {
      expectMistake((chart) => buildBadTemplate(chart, t, mistake), mistake);
    }), { numRuns: RUNS });
  });
});
