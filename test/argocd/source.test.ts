import { Chart, Testing } from 'cdk8s';
import { ApplicationSource, ArgoCDApplication, Destination, PluginParameter } from '../../src';
import { only, synthValid } from '../support/synth';

const GITOPS = 'https://github.com/acme/gitops.git';

/** The spec of an Application with `sources` (one source renders as spec.source). */
function specOf(...sources: ApplicationSource[]): any {
  const chart = new Chart(Testing.app(), 'test');
  new ArgoCDApplication(chart, 'App', {
    metadata: { name: 'web' },
    ...(sources.length === 1 ? { source: sources[0] } : { sources }),
    destination: Destination.inCluster('web'),
  });
  return only(synthValid(chart), 'Application').spec;
}

describe('ApplicationSource.git', () => {
  test('a plain directory has no directory block', () => {
    expect(specOf(ApplicationSource.git({ repoUrl: GITOPS, path: 'dist', targetRevision: 'main' })).source).toEqual({
      repoURL: GITOPS, path: 'dist', targetRevision: 'main',
    });
  });

  test('recurse, include, exclude and jsonnet', () => {
    const source = ApplicationSource.git({
      repoUrl: GITOPS,
      path: 'manifests',
      recurse: true,
      include: '{web,worker}.yaml',
      exclude: '*.test.yaml',
      jsonnet: {
        extVars: [{ name: 'env', value: 'prod' }],
        tlas: [{ name: 'replicas', value: '3', code: true }],
        libs: ['vendor'],
      },
    });
    expect(specOf(source).source.directory).toEqual({
      recurse: true,
      include: '{web,worker}.yaml',
      exclude: '*.test.yaml',
      jsonnet: { extVars: [{ name: 'env', value: 'prod' }], tlas: [{ name: 'replicas', value: '3', code: true }], libs: ['vendor'] },
    });
  });
});

describe('ApplicationSource.helm', () => {
  test('a chart from a Helm repository with values as an object, parameters and release name', () => {
    const source = ApplicationSource.helm({
      repoUrl: 'https://kubernetes.github.io/ingress-nginx',
      chart: 'ingress-nginx',
      targetRevision: '4.11.3',
      values: { controller: { replicaCount: 2, metrics: { enabled: true } } },
      parameters: [{ name: 'controller.image.tag', value: '1.11.3' }, { name: 'controller.podAnnotations.port', value: '10254', forceString: true }],
      fileParameters: [{ name: 'config', path: 'files/config.json' }],
      releaseName: 'ingress',
      skipCrds: true,
      skipTests: true,
    });
    expect(specOf(source).source).toEqual({
      repoURL: 'https://kubernetes.github.io/ingress-nginx',
      chart: 'ingress-nginx',
      targetRevision: '4.11.3',
      helm: {
        valuesObject: { controller: { replicaCount: 2, metrics: { enabled: true } } },
        parameters: [{ name: 'controller.image.tag', value: '1.11.3' }, { name: 'controller.podAnnotations.port', value: '10254', forceString: true }],
        fileParameters: [{ name: 'config', path: 'files/config.json' }],
        releaseName: 'ingress',
        skipCrds: true,
        skipTests: true,
      },
    });
  });

  test('a chart in a Git repository with value files', () => {
    const source = ApplicationSource.helm({ repoUrl: GITOPS, path: 'charts/web', valueFiles: ['values-prod.yaml'], ignoreMissingValueFiles: true });
    expect(specOf(source).source).toEqual({
      repoURL: GITOPS, path: 'charts/web', helm: { valueFiles: ['values-prod.yaml'], ignoreMissingValueFiles: true },
    });
  });

  test('throws for both chart and path', () => {
    expect(() => ApplicationSource.helm({ repoUrl: GITOPS, chart: 'web', path: 'charts/web' }))
      .toThrow('a helm source takes "chart" (Helm repository) or "path" (Git), not both: chart "web", path "charts/web"');
  });
});

describe('ApplicationSource.kustomize', () => {
  test('images, name prefix and suffix, labels, patches and replicas', () => {
    const source = ApplicationSource.kustomize({
      repoUrl: GITOPS,
      path: 'overlays/prod',
      images: ['web=registry.example.com/web:1.4.2'],
      namePrefix: 'prod-',
      nameSuffix: '-v2',
      commonLabels: { team: 'payments' },
      commonAnnotations: { owner: 'payments@example.com' },
      patches: [{
        target: { kind: 'Deployment', name: 'web' },
        patch: '- op: replace\n  path: /spec/template/spec/priorityClassName\n  value: high',
      }],
      replicas: [{ name: 'web', count: 4 }],
      components: ['../../components/metrics'],
    });
    expect(specOf(source).source.kustomize).toEqual({
      images: ['web=registry.example.com/web:1.4.2'],
      namePrefix: 'prod-',
      nameSuffix: '-v2',
      commonLabels: { team: 'payments' },
      commonAnnotations: { owner: 'payments@example.com' },
      patches: [{ target: { kind: 'Deployment', name: 'web' }, patch: '- op: replace\n  path: /spec/template/spec/priorityClassName\n  value: high' }],
      replicas: [{ name: 'web', count: 4 }],
      components: ['../../components/metrics'],
    });
  });

  test('throws for a fractional replica count', () => {
    expect(() => ApplicationSource.kustomize({ repoUrl: GITOPS, path: '.', replicas: [{ name: 'web', count: 1.5 }] }))
      .toThrow('kustomize replicas of "web" must be a whole number >= 0: 1.5');
  });
});

describe('ApplicationSource.plugin', () => {
  test('name, env and typed parameters', () => {
    const source = ApplicationSource.plugin({
      repoUrl: GITOPS,
      path: 'apps/web',
      pluginName: 'cdk8s-v1.0',
      env: { ENVIRONMENT: 'prod' },
      parameters: [
        PluginParameter.ofString('chart', 'web'),
        PluginParameter.ofArray('files', ['a.yaml', 'b.yaml']),
        PluginParameter.ofMap('labels', { team: 'payments' }),
      ],
    });
    expect(specOf(source).source.plugin).toEqual({
      name: 'cdk8s-v1.0',
      env: [{ name: 'ENVIRONMENT', value: 'prod' }],
      parameters: [
        { name: 'chart', string: 'web' },
        { name: 'files', array: ['a.yaml', 'b.yaml'] },
        { name: 'labels', map: { team: 'payments' } },
      ],
    });
  });

  test('without a plugin name the plugin is discovered (plugin: {})', () => {
    expect(specOf(ApplicationSource.plugin({ repoUrl: GITOPS, path: 'apps/web' })).source.plugin).toEqual({});
  });
});

describe('multi-source with ref', () => {
  test('a Helm chart reads its value file from a ref source', () => {
    const values = ApplicationSource.reference({ repoUrl: GITOPS, ref: 'values', targetRevision: 'main' });
    const chart = ApplicationSource.helm({
      repoUrl: 'https://charts.example.com',
      chart: 'web',
      targetRevision: '1.2.3',
      name: 'web',
      valueFiles: [values.valueFile('/envs/prod/values.yaml')],
    });
    expect(specOf(chart, values).sources).toEqual([
      { repoURL: 'https://charts.example.com', chart: 'web', targetRevision: '1.2.3', name: 'web', helm: { valueFiles: ['$values/envs/prod/values.yaml'] } },
      { repoURL: GITOPS, ref: 'values', targetRevision: 'main' },
    ]);
  });

  test('valueFile() throws for a source without ref', () => {
    expect(() => ApplicationSource.git({ repoUrl: GITOPS, path: '.' }).valueFile('values.yaml'))
      .toThrow('valueFile("values.yaml") needs a source with a "ref"');
  });
});
