import { ApiObject, Chart, JsonPatch, Names, Testing } from 'cdk8s';
import {
  ApplicationSet, ApplicationSetGenerator, ApplicationSetProps, ApplicationsSyncPolicy, ApplicationSource, CascadeDelete,
  Destination, SyncOption, SyncPolicy,
} from '../../src';
import { only, synthError, synthValid } from '../support/synth';

const GITOPS = 'https://github.com/acme/gitops.git';

function appSet(props: Partial<ApplicationSetProps> = {}): any {
  const c = new Chart(Testing.app(), 'test');
  new ApplicationSet(c, 'Set', {
    metadata: { name: 'web' },
    generators: [ApplicationSetGenerator.list([{ cluster: 'dev' }, { cluster: 'prod' }])],
    template: {
      name: '{{.cluster}}-web',
      source: ApplicationSource.git({ repoUrl: GITOPS, path: 'envs/{{.cluster}}' }),
      destination: Destination.cluster('{{.cluster}}', 'web'),
    },
    ...props,
  });
  return only(synthValid(c), 'ApplicationSet');
}

describe('ApplicationSet', () => {
  test('list generator and a template built from Application props, with Go templates', () => {
    expect(appSet()).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'web', namespace: 'argocd' },
      spec: {
        generators: [{ list: { elements: [{ cluster: 'dev' }, { cluster: 'prod' }] } }],
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        template: {
          metadata: { name: '{{.cluster}}-web' },
          spec: {
            project: 'default',
            destination: { name: '{{.cluster}}', namespace: 'web' },
            source: { repoURL: GITOPS, path: 'envs/{{.cluster}}' },
          },
        },
      },
    });
  });

  test('cluster generator with a label selector and values', () => {
    const set = appSet({ generators: [ApplicationSetGenerator.clusters({ matchLabels: { env: 'prod' }, values: { replicas: '3' } })] });
    expect(set.spec.generators).toEqual([{ clusters: { selector: { matchLabels: { env: 'prod' } }, values: { replicas: '3' } } }]);
  });

  test('cluster generator for every cluster', () => {
    expect(appSet({ generators: [ApplicationSetGenerator.clusters()] }).spec.generators).toEqual([{ clusters: {} }]);
  });

  test('Git directory generator with excluded paths', () => {
    const set = appSet({ generators: [ApplicationSetGenerator.gitDirectories({ repoUrl: GITOPS, revision: 'main', paths: ['apps/*'], excludePaths: ['apps/legacy'] })] });
    expect(set.spec.generators).toEqual([{
      git: { repoURL: GITOPS, revision: 'main', directories: [{ path: 'apps/*' }, { path: 'apps/legacy', exclude: true }] },
    }]);
  });

  test('Git file generator', () => {
    const set = appSet({ generators: [ApplicationSetGenerator.gitFiles({ repoUrl: GITOPS, paths: ['clusters/*.json'], pathParamPrefix: 'cfg' })] });
    expect(set.spec.generators).toEqual([{ git: { repoURL: GITOPS, revision: 'HEAD', pathParamPrefix: 'cfg', files: [{ path: 'clusters/*.json' }] } }]);
  });

  test('the template carries sync policy, options, finalizer, labels and sync wave; the set its own sync policy', () => {
    const set = appSet({
      template: {
        name: '{{.cluster}}-web',
        labels: { team: 'payments' },
        cascadeDelete: CascadeDelete.FOREGROUND,
        syncWave: 1,
        source: ApplicationSource.helm({ repoUrl: 'https://charts.example.com', chart: 'web', targetRevision: '1.0.0', values: { env: '{{.cluster}}' } }),
        destination: Destination.cluster('{{.cluster}}', 'web'),
        syncPolicy: SyncPolicy.automated({ prune: true }),
        syncOptions: [SyncOption.createNamespace()],
      },
      applicationsSync: ApplicationsSyncPolicy.CREATE_UPDATE,
      preserveResourcesOnDeletion: true,
    });
    expect(set.spec.syncPolicy).toEqual({ applicationsSync: 'create-update', preserveResourcesOnDeletion: true });
    expect(set.spec.template.metadata).toEqual({
      name: '{{.cluster}}-web',
      labels: { team: 'payments' },
      annotations: { 'argocd.argoproj.io/sync-wave': '1' },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    });
    expect(set.spec.template.spec.syncPolicy).toEqual({ automated: { prune: true }, syncOptions: ['CreateNamespace=true'] });
    expect(set.spec.template.spec.source.helm).toEqual({ valuesObject: { env: '{{.cluster}}' } });
  });

  test('legacy fasttemplate syntax when goTemplate is false', () => {
    const set = appSet({ goTemplate: false });
    expect(set.spec.goTemplate).toBeUndefined();
    expect(set.spec.goTemplateOptions).toBeUndefined();
  });

  test('addGenerator() adds a generator', () => {
    const c = new Chart(Testing.app(), 'test');
    const set = new ApplicationSet(c, 'Set', {
      generators: [],
      template: { name: '{{.name}}', source: ApplicationSource.git({ repoUrl: GITOPS, path: '.' }), destination: Destination.server('{{.server}}', 'web') },
    });
    set.addGenerator(ApplicationSetGenerator.clusters());
    expect(set.name).toMatch(/^test-set-/);
    expect(only(synthValid(c), 'ApplicationSet').spec.generators).toEqual([{ clusters: {} }]);
  });

  test('no generator at all fails synth with the fix, not a serialization error', () => {
    const c = new Chart(Testing.app(), 'test');
    new ApplicationSet(c, 'Set', {
      generators: [],
      template: { name: '{{.name}}', source: ApplicationSource.git({ repoUrl: GITOPS, path: '.' }), destination: Destination.server('{{.server}}', 'web') },
    });
    const error = synthError(c);
    expect(error).toContain('[test/Set] an ApplicationSet needs at least one generator: pass one in "generators"');
    expect(error).toContain('or call addGenerator()');
    expect(error).not.toContain('Failed serializing');
  });

  test('throws for a list generator without elements and a Git generator without paths', () => {
    expect(() => ApplicationSetGenerator.list([])).toThrow('ApplicationSetGenerator.list() needs at least one element');
    expect(() => ApplicationSetGenerator.gitFiles({ repoUrl: GITOPS, paths: [] })).toThrow('a Git generator needs at least one path glob in "paths"');
  });

  test('the template is checked with the Application rules at synth', () => {
    const c = new Chart(Testing.app(), 'test');
    new ApplicationSet(c, 'Set', {
      metadata: { name: 'web' },
      generators: [ApplicationSetGenerator.clusters()],
      template: {
        name: '{{.name}}-web',
        source: ApplicationSource.helm({ repoUrl: 'https://charts.example.com', chart: 'web' }),
        destination: Destination.server('{{.server}}', 'web'),
      },
    });
    expect(synthError(c)).toContain('ApplicationSet/web spec.template.spec.source.targetRevision: spec.source.targetRevision is required if the manifest source is a helm chart');
  });
});

describe('the construct is the ApplicationSet object', () => {
  const template = {
    name: '{{.cluster}}-web',
    source: ApplicationSource.git({ repoUrl: GITOPS, path: 'envs/{{.cluster}}' }),
    destination: Destination.cluster('{{.cluster}}', 'web'),
  };

  test('one node, named from its own path, addJsonPatch reaches the output', () => {
    const c = new Chart(Testing.app(), 'test');
    const set = new ApplicationSet(c, 'Set', { generators: [ApplicationSetGenerator.list([{ cluster: 'dev' }])], template });
    expect(set).toBeInstanceOf(ApiObject);
    expect(ApiObject.of(set)).toBe(set);
    expect(set.node.children).toHaveLength(0);
    expect(set.name).toBe(Names.toDnsLabel(set));
    expect(set.name).toMatch(/^test-set-[0-9a-f]{8}$/);
    set.addJsonPatch(JsonPatch.add('/spec/ignoreApplicationDifferences', [{ jsonPointers: ['/spec/source/targetRevision'] }]));
    const m = only(synthValid(c), 'ApplicationSet');
    expect(m.metadata).toEqual({ name: set.name, namespace: 'argocd' });
    expect(m.spec.ignoreApplicationDifferences).toEqual([{ jsonPointers: ['/spec/source/targetRevision'] }]);
  });

  test('instanceof accepts an ApplicationSet and no other ApiObject; bad props throw before the object joins the tree', () => {
    const c = new Chart(Testing.app(), 'test');
    const set = new ApplicationSet(c, 'Set', { generators: [], template });
    const other = new ApiObject(c, 'Other', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect([set instanceof ApplicationSet, other instanceof ApplicationSet]).toEqual([true, false]);
    expect(() => new ApplicationSet(c, 'Bad', { generators: [], template: { ...template, name: '' } }))
      .toThrow('an ApplicationSet template needs a "name", e.g. "{{.name}}-web"');
    expect(c.node.tryFindChild('Bad')).toBeUndefined();
  });
});
