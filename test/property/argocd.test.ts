import fc from 'fast-check';
import { argocd, argocdMistake, buildArgoCd, buildBadArgoCd, expectMistake, RUNS, synthesizeValid } from './arbitraries';

describe('Argo CD properties (Application, AppProject, ApplicationSet)', () => {
  test(`${RUNS} random valid props synthesize schema-valid YAML that passes every rule`, () => {
    fc.assert(fc.property(argocd, (d) => {
      const manifests = synthesizeValid((chart) => buildArgoCd(chart, d));
      expect(manifests.filter((m) => m.kind === 'Application')).toHaveLength(d.apps.length);
      expect(manifests.filter((m) => m.kind === 'ApplicationSet')).toHaveLength(d.appSet ? 1 : 0);
      // least privilege: never a wildcard repository, destination or cluster resource
      const project = manifests.find((m) => m.kind === 'AppProject').spec;
      expect(project.sourceRepos).not.toContain('*');
      expect(project.destinations.filter((x: any) => (x.server ?? x.name) === '*' && x.namespace === '*')).toEqual([]);
      expect(project.clusterResourceWhitelist).toBeUndefined();
    }), { numRuns: RUNS });
  });

  test(`${RUNS} random invalid props fail with a finding or an argument error, never a crash`, () => {
    fc.assert(fc.property(argocd, argocdMistake, (d, mistake) => {
      expectMistake((chart) => buildBadArgoCd(chart, d, mistake), mistake);
    }), { numRuns: RUNS });
  });
});
