import { Chart, Testing } from 'cdk8s';
import { ApplicationSource, AppProject, ArgoCDApplication, Destination } from '../../src';
import { only, synthValid } from '../support/synth';

function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

const WILDCARD_OPT_INS = ['allowAnySourceRepo', 'allowAnyDestination', 'allowAllClusterResources', 'allowAnySourceNamespace'] as const;

/** Every place of an AppProject spec where `*` opens a whole dimension. */
function wildcards(spec: any): string[] {
  const out: string[] = [];
  if ((spec.sourceRepos ?? []).includes('*')) out.push('sourceRepos');
  if ((spec.destinations ?? []).some((d: any) => (d.server ?? d.name) === '*' && d.namespace === '*')) out.push('destinations');
  if ((spec.clusterResourceWhitelist ?? []).some((k: any) => k.group === '*' && k.kind === '*')) out.push('clusterResourceWhitelist');
  if ((spec.sourceNamespaces ?? []).includes('*')) out.push('sourceNamespaces');
  return out;
}

describe('AppProject: wildcards only on explicit opt-in', () => {
  test('no prop default is a wildcard: an empty project, and one built with allowApplication(), have none', () => {
    const c = chart();
    new AppProject(c, 'Empty', { metadata: { name: 'empty' } });
    const project = new AppProject(c, 'Payments', { metadata: { name: 'payments' } });
    project.allowApplication(new ArgoCDApplication(c, 'App', {
      project, source: ApplicationSource.git({ repoUrl: 'https://github.com/acme/payments.git', path: '.' }), destination: Destination.inCluster('payments'),
    }));
    const specs = synthValid(c).filter((m) => m.kind === 'AppProject').map((m) => m.spec);
    expect(specs[0]).toEqual({});
    expect(specs.map(wildcards)).toEqual([[], []]);
  });

  test.each([
    ['sourceRepos', { sourceRepos: ['*'] }, 'call allowAnySourceRepo()'],
    ['destinations (server)', { destinations: [Destination.server('*', '*')] }, 'call allowAnyDestination()'],
    ['destinations (cluster)', { destinations: [Destination.cluster('*', '*')] }, 'call allowAnyDestination()'],
    ['clusterResourceWhitelist', { clusterResourceWhitelist: [{ group: '*', kind: '*' }] }, 'call allowAllClusterResources()'],
    ['clusterResourceWhitelist (name *)', { clusterResourceWhitelist: [{ group: '*', kind: '*', name: '*' }] }, 'call allowAllClusterResources()'],
    ['sourceNamespaces', { sourceNamespaces: ['team-a', '*'] }, 'call allowAnySourceNamespace()'],
  ])('"*" in %s props is refused, naming the opt-in', (_what, props, message) => {
    expect(() => new AppProject(chart(), 'Project', props)).toThrow(message);
  });

  test('the add methods refuse "*" too', () => {
    const project = new AppProject(chart(), 'Project');
    expect(() => project.addSourceNamespace('*')).toThrow(
      '"*" lets Applications of the project be created in every namespace: call allowAnySourceNamespace() if that is what you want');
    expect(() => project.addSourceRepo('*')).toThrow('call allowAnySourceRepo()');
  });

  test('near misses: narrower globs are accepted as given, duplicates once', () => {
    const c = chart();
    const project = new AppProject(c, 'Project', { metadata: { name: 'team-a' }, sourceNamespaces: ['team-a-*', 'team-a-*'] });
    project.addSourceNamespace('team-a');
    expect(only(synthValid(c), 'AppProject').spec).toEqual({ sourceNamespaces: ['team-a-*', 'team-a'] });
  });

  test.each(WILDCARD_OPT_INS)('%s() opens exactly its own dimension', (method) => {
    const c = chart();
    const project = new AppProject(c, 'Project', { metadata: { name: 'platform' } });
    project[method]();
    const expected: Record<string, string> = {
      allowAnySourceRepo: 'sourceRepos',
      allowAnyDestination: 'destinations',
      allowAllClusterResources: 'clusterResourceWhitelist',
      allowAnySourceNamespace: 'sourceNamespaces',
    };
    expect(wildcards(only(synthValid(c), 'AppProject').spec)).toEqual([expected[method]]);
  });
});
