import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Names, Testing, YamlOutputType } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { AppProject, ArgoCDApplication, CascadeDelete, Destination, GitOpsRepository, SyncOption, SyncPolicy } from '../../src';
import { only, synthError, synthValid } from '../support/synth';

const REPO = 'https://github.com/acme/gitops.git';

/** A ConfigMap chart `id` in `app`. */
function workload(app: App, id: string): Chart {
  const c = new Chart(app, id, { namespace: id });
  new ApiObject(c, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${id}-config` } });
  new ApiObject(c, 'Other', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${id}-other` } });
  return c;
}

/** The Applications (by name) of `apps` after adding `charts`. */
function sourcesOf(app: App, charts: Chart[], props: { path?: string } = { path: 'dist' }): Record<string, any> {
  const apps = new Chart(app, 'apps', { namespace: 'argocd' });
  const repo = new GitOpsRepository(apps, 'Repo', { repoUrl: REPO, targetRevision: 'main', ...props });
  for (const c of charts) repo.addChart(c, { destination: Destination.cluster('dev', c.namespace) });
  return Object.fromEntries(synthValid(apps).filter((m) => m.kind === 'Application').map((m) => [m.metadata.name, m.spec.source]));
}


/** An HPA in `chart` that scales Rollout `web`. */
function scaleRolloutWithHpa(chart: Chart): void {
  new ApiObject(chart, 'Hpa', {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web' },
    spec: { scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web' }, maxReplicas: 5 },
  });
}

describe('GitOpsRepository', () => {
  test('FILE_PER_CHART (the default): the chart\'s file in the outdir', () => {
    const app = Testing.app();
    expect(sourcesOf(app, [workload(app, 'web')])).toEqual({
      web: { repoURL: REPO, targetRevision: 'main', path: 'dist', directory: { include: 'web.k8s.yaml' } },
    });
  });

  test('the outdir of the app when it is relative, normalized', () => {
    const app = new App({ outdir: './manifests/dev/' });
    expect(sourcesOf(app, [workload(app, 'web')], {}).web.path).toBe('manifests/dev');
  });

  test('the repository root', () => {
    const app = Testing.app();
    expect(sourcesOf(app, [workload(app, 'web')], { path: '.' }).web).toMatchObject({ path: '.', directory: { include: 'web.k8s.yaml' } });
  });

  test('FOLDER_PER_CHART_FILE_PER_RESOURCE: the chart\'s folder', () => {
    const app = new App({ outdir: 'dist', yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    expect(sourcesOf(app, [workload(app, 'web')], {}).web).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'dist/web' });
  });

  test('FILE_PER_RESOURCE: the chart\'s files, as a brace glob', () => {
    const app = new App({ outdir: 'dist', yamlOutputType: YamlOutputType.FILE_PER_RESOURCE, outputFileExtension: '.yaml' });
    expect(sourcesOf(app, [workload(app, 'web')], {}).web.directory).toEqual({ include: '{ConfigMap.web-config.yaml,ConfigMap.web-other.yaml}' });
  });

  test('FILE_PER_RESOURCE: an object of another chart with the same kind and name (one file, written over) fails synth', () => {
    const app = new App({ outdir: 'dist', yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
    const dev = new Chart(app, 'dev', { namespace: 'dev' });
    const prod = new Chart(app, 'prod', { namespace: 'prod' });
    for (const c of [dev, prod]) new ApiObject(c, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' } });
    expect(() => sourcesOf(app, [dev, prod], {})).toThrow('dev: with YamlOutputType.FILE_PER_RESOURCE cdk8s writes ConfigMap.config.k8s.yaml for this chart and for chart prod, one over the other');
  });

  test('charts that depend on each other get the index prefix cdk8s gives their files', () => {
    const app = Testing.app();
    const db = workload(app, 'db');
    const web = workload(app, 'web');
    web.addDependency(db);
    const sources = sourcesOf(app, [web, db]);
    expect(sources.db.directory.include).toBe('0000-db.k8s.yaml');
    expect(sources.web.directory.include).toBe('0001-web.k8s.yaml');
  });

  test('throws for an outdir that climbs out of the current directory ("..") without "path"', () => {
    const app = new App({ outdir: '../gitops-demo/dist' });
    const repo = new GitOpsRepository(new Chart(app, 'apps'), 'Repo', { repoUrl: REPO });
    expect(() => repo.addChart(workload(app, 'web'), { destination: Destination.inCluster() }))
      .toThrow('the app\'s outdir (../gitops-demo/dist) climbs out of the current directory with ".."');
    expect(() => repo.addChart(workload(app, 'db'), { destination: Destination.inCluster() }))
      .toThrow('give GitOpsRepository the directory relative to the repository root with "path"');
    // with "path" the outdir does not matter
    const ok = new GitOpsRepository(new Chart(app, 'apps2'), 'Repo', { repoUrl: REPO, path: 'dist' });
    expect(only(synthValid(Chart.of(ok.addChart(workload(app, 'api'), { destination: Destination.inCluster() }))), 'Application').spec.source.path).toBe('dist');
  });

  test('throws for a "path" outside the repository root', () => {
    const app = Testing.app();
    for (const p of ['..', '../other/dist', 'dist/../../x', '/abs/dist']) {
      const repo = new GitOpsRepository(new Chart(app, `apps-${Names.toDnsLabel(new Chart(app, `c${p.length}${p.charCodeAt(1)}`))}`), 'Repo', { repoUrl: REPO, path: p });
      expect(() => repo.sourceFor(workload(app, `w${p.length}${p.charCodeAt(1)}`))).toThrow(`GitOpsRepository "path" (${p}) must be relative to the repository root and stay inside it`);
    }
  });

  test('the same chart for two clusters: two Applications, named apart', () => {
    const app = Testing.app();
    const web = workload(app, 'web');
    const apps = new Chart(app, 'apps', { namespace: 'argocd' });
    const repo = new GitOpsRepository(apps, 'Repo', { repoUrl: REPO, path: 'dist' });
    const dev = repo.addChart(web, { name: 'web-dev', destination: Destination.cluster('dev', 'web') });
    const prod = repo.addChart(web, { name: 'web-prod', destination: Destination.cluster('prod', 'web') });
    expect(dev.node.id).toBe('App-web-dev');
    expect(prod.node.id).toBe('App-web-prod');
    const applications = synthValid(apps).filter((m) => m.kind === 'Application');
    expect(applications.map((a) => [a.metadata.name, a.spec.destination.name, a.spec.source.directory.include])).toEqual([
      ['web-dev', 'dev', 'web.k8s.yaml'],
      ['web-prod', 'prod', 'web.k8s.yaml'],
    ]);
  });

  test('the same Application name twice is refused with the fix', () => {
    const app = Testing.app();
    const web = workload(app, 'web');
    const repo = new GitOpsRepository(new Chart(app, 'apps'), 'Repo', { repoUrl: REPO, path: 'dist' });
    repo.addChart(web, { destination: Destination.cluster('dev', 'web') });
    expect(() => repo.addChart(web, { destination: Destination.cluster('prod', 'web') })).toThrow(
      'apps/Repo: addChart(web) would create a second Application named "web" (the first is apps/Repo/App-web); give each Application of a chart deployed more than once its own "name"');
    expect(repo.applications).toHaveLength(1);
  });

  test('RespectIgnoreDifferences=false with the default rollout-aware differences fails synth naming the opt-out', () => {
    const app = Testing.app();
    const web = workload(app, 'web');
    scaleRolloutWithHpa(web);
    const apps = new Chart(app, 'apps');
    const repo = new GitOpsRepository(apps, 'Repo', { repoUrl: REPO, path: 'dist' });
    repo.addChart(web, { destination: Destination.cluster('dev', 'web'), syncOptions: [SyncOption.of('RespectIgnoreDifferences=false')] });
    const error = synthError(apps);
    expect(error).toContain('[apps/Repo/App-web] ignoreRolloutDifferences() ignores spec.replicas of Rollout/web');
    expect(error).toContain('GitOpsRepository.addChart(chart, { ignoreRolloutDifferences: false })');
    expect(error).not.toContain('Failed serializing');
  });

  test('throws for FILE_PER_APP (every chart in one file)', () => {
    const app = new App({ outdir: 'dist', yamlOutputType: YamlOutputType.FILE_PER_APP });
    const repo = new GitOpsRepository(new Chart(app, 'apps'), 'Repo', { repoUrl: REPO });
    expect(() => repo.addChart(workload(app, 'web'), { destination: Destination.inCluster() }))
      .toThrow('web: the app writes every chart into one file (YamlOutputType.FILE_PER_APP); use FILE_PER_CHART or FOLDER_PER_CHART_FILE_PER_RESOURCE');
  });

  test('throws for an absolute outdir without "path"', () => {
    const app = Testing.app();
    const repo = new GitOpsRepository(new Chart(app, 'apps'), 'Repo', { repoUrl: REPO });
    expect(() => repo.addChart(workload(app, 'web'), { destination: Destination.inCluster() }))
      .toThrow('give GitOpsRepository the directory relative to the repository root with "path"');
  });

  test('throws for the chart that holds the Applications', () => {
    const apps = new Chart(Testing.app(), 'apps');
    const repo = new GitOpsRepository(apps, 'Repo', { repoUrl: REPO, path: 'dist' });
    expect(() => repo.addChart(apps, { destination: Destination.inCluster() })).toThrow('apps holds the Applications of this GitOpsRepository: deploy it with addAppOfApps()');
  });

  test('Applications are named after their chart and take the repository\'s project and cascade delete', () => {
    const app = Testing.app();
    const web = workload(app, 'web');
    const apps = new Chart(app, 'apps', { namespace: 'argocd' });
    const project = new AppProject(apps, 'Project', { metadata: { name: 'team' } });
    const repo = new GitOpsRepository(apps, 'Repo', { repoUrl: REPO, path: 'dist', project, cascadeDelete: CascadeDelete.FOREGROUND });
    const a = repo.addChart(web, { destination: Destination.cluster('dev', 'web'), syncPolicy: SyncPolicy.automated(), syncWave: 2 });
    project.allowApplication(a);
    expect(repo.applications).toEqual([a]);
    expect(only(synthValid(apps), 'Application')).toMatchObject({
      metadata: { name: 'web', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'], annotations: { 'argocd.argoproj.io/sync-wave': '2' } },
      spec: { project: 'team', destination: { name: 'dev', namespace: 'web' }, syncPolicy: { automated: {} } },
    });
  });

  test('a chart with an HPA-scaled Rollout gets the rollout-aware ignoreDifferences', () => {
    const app = Testing.app();
    const web = workload(app, 'web');
    scaleRolloutWithHpa(web);
    const apps = new Chart(app, 'apps');
    const repo = new GitOpsRepository(apps, 'Repo', { repoUrl: REPO, path: 'dist' });
    repo.addChart(web, { destination: Destination.cluster('dev', 'web') });
    const spec = only(synthValid(apps), 'Application').spec;
    expect(spec.ignoreDifferences).toEqual([{ group: 'argoproj.io', kind: 'Rollout', name: 'web', namespace: 'web', jsonPointers: ['/spec/replicas'] }]);
    expect(spec.syncPolicy.syncOptions).toEqual(['RespectIgnoreDifferences=true']);
  });

  test('... unless turned off', () => {
    const app = Testing.app();
    const apps = new Chart(app, 'apps');
    const a: ArgoCDApplication = new GitOpsRepository(apps, 'Repo', { repoUrl: REPO, path: 'dist' })
      .addChart(workload(app, 'web'), { destination: Destination.cluster('dev', 'web'), ignoreRolloutDifferences: false });
    expect(a).toBeDefined();
    expect(only(synthValid(apps), 'Application').spec.syncPolicy).toBeUndefined();
  });

  test('the app-of-apps root deploys the chart that holds the Applications, automated without prune', () => {
    const app = Testing.app();
    const apps = new Chart(app, 'apps', { namespace: 'argocd' });
    const repo = new GitOpsRepository(apps, 'Repo', { repoUrl: REPO, targetRevision: 'main', path: 'dist' });
    repo.addChart(workload(app, 'web'), { destination: Destination.cluster('dev', 'web') });
    const bootstrap = new Chart(app, 'bootstrap', { namespace: 'argocd' });
    repo.addAppOfApps(bootstrap, 'Root');
    expect(only(synthValid(bootstrap), 'Application')).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'apps', namespace: 'argocd' },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
        source: { repoURL: REPO, targetRevision: 'main', path: 'dist', directory: { include: 'apps.k8s.yaml' } },
        syncPolicy: { automated: { selfHeal: true } },
      },
    });
  });

  test('the paths match what app.synth() writes, for each output type', () => {
    const types = [YamlOutputType.FILE_PER_CHART, YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE, YamlOutputType.FILE_PER_RESOURCE];
    for (const yamlOutputType of types) {
      const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
      try {
        const app = new App({ outdir: path.join(repo, 'out'), yamlOutputType });
        const db = workload(app, 'db');
        const web = workload(app, 'web');
        web.addDependency(db);
        const apps = new Chart(app, 'apps', { namespace: 'argocd' });
        const r = new GitOpsRepository(apps, 'Repo', { repoUrl: REPO, path: 'out' });
        r.addChart(web, { destination: Destination.cluster('dev', 'web') });
        r.addChart(db, { destination: Destination.cluster('dev', 'db') });
        r.addAppOfApps(new Chart(app, 'bootstrap', { namespace: 'argocd' }), 'Root');
        app.synth();
        const files = listFiles(path.join(repo, 'out'));
        const written = files.flatMap((f) => parseAllDocuments(fs.readFileSync(f, 'utf-8')).map((d) => d.toJS()));
        const applications = written.filter((m) => m.kind === 'Application');
        expect(applications).toHaveLength(3);
        for (const a of applications) {
          const selected = selectedFiles(path.join(repo, a.spec.source.path), a.spec.source.directory?.include);
          const objects = selected.flatMap((f) => parseAllDocuments(fs.readFileSync(f, 'utf-8')).map((d) => d.toJS()));
          const expected: Record<string, string[]> = { web: ['web-config', 'web-other'], db: ['db-config', 'db-other'], apps: ['db', 'web'] };
          expect(objects.map((o) => o.metadata.name).sort()).toEqual(expected[a.metadata.name]);
        }
      } finally {
        fs.rmSync(repo, { recursive: true, force: true });
      }
    }
  });

  /** Synthesizes `build`'s app into a temporary repository, for each output type, and checks each Application against the files cdk8s wrote. */
  function expectIncludesMatchFiles(build: (app: App) => { charts: Chart[]; names: Record<string, string[]> }) {
    const types = [YamlOutputType.FILE_PER_CHART, YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE, YamlOutputType.FILE_PER_RESOURCE];
    for (const yamlOutputType of types) {
      const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
      try {
        const app = new App({ outdir: path.join(repo, 'out'), yamlOutputType });
        const { charts, names } = build(app);
        const apps = new Chart(app, 'apps', { namespace: 'argocd' });
        const r = new GitOpsRepository(apps, 'Repo', { repoUrl: REPO, path: 'out' });
        for (const c of charts) r.addChart(c, { destination: Destination.cluster('dev', c.namespace) });
        app.synth();
        const written = listFiles(path.join(repo, 'out')).flatMap((f) => parseAllDocuments(fs.readFileSync(f, 'utf-8')).map((d) => d.toJS()));
        const applications = written.filter((m) => m.kind === 'Application');
        expect(applications.map((a) => a.metadata.name).sort()).toEqual(Object.keys(names).sort());
        for (const a of applications) {
          const selected = selectedFiles(path.join(repo, a.spec.source.path), a.spec.source.directory?.include);
          // the include names files that exist, and they hold exactly the chart's objects
          expect(selected.length).toBeGreaterThan(0);
          const objects = selected.flatMap((f) => parseAllDocuments(fs.readFileSync(f, 'utf-8')).map((d) => d.toJS()));
          const got = objects.map((o) => o.metadata.name).sort();
          expect([yamlOutputType, a.metadata.name, got]).toEqual([yamlOutputType, a.metadata.name, names[a.metadata.name]]);
        }
      } finally {
        fs.rmSync(repo, { recursive: true, force: true });
      }
    }
  }

  test('nested charts: each Application selects the file cdk8s writes for its chart (children are written first)', () => {
    expectIncludesMatchFiles((app) => {
      const web = workload(app, 'web');
      const sub = new Chart(web, 'sub', { namespace: 'web' });
      new ApiObject(sub, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sub-config' } });
      const db = workload(app, 'db');
      return { charts: [web, sub, db], names: { web: ['web-config', 'web-other'], [Names.toDnsLabel(sub)]: ['sub-config'], db: ['db-config', 'db-other'] } };
    });
  });

  test('a dependency between objects of two charts: each Application selects the file cdk8s writes for its chart', () => {
    expectIncludesMatchFiles((app) => {
      const web = workload(app, 'web');
      const db = workload(app, 'db');
      // web is declared first, but its ConfigMap needs db's: cdk8s writes db first
      web.node.findChild('Config').node.addDependency(db.node.findChild('Config'));
      return { charts: [web, db], names: { web: ['web-config', 'web-other'], db: ['db-config', 'db-other'] } };
    });
  });

  test('the index is the one synth writes even when read before synth, and reading it leaves the app as it was', () => {
    const app = Testing.app();
    const web = workload(app, 'web');
    const sub = new Chart(web, 'sub', { namespace: 'web' });
    new ApiObject(sub, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sub-config' } });
    const db = workload(app, 'db');
    web.node.findChild('Config').node.addDependency(db.node.findChild('Config'));
    const apps = new Chart(app, 'apps', { namespace: 'argocd' });
    const repo = new GitOpsRepository(apps, 'Repo', { repoUrl: REPO, path: 'dist' });
    const applications = [web, sub, db].map((c) => repo.addChart(c, { destination: Destination.cluster('dev', c.namespace) }));
    const before = app.node.findAll().map((c) => c.node.dependencies.length);
    const includes = applications.map((a) => a.toJson().spec.source.directory.include);
    expect(app.node.findAll().map((c) => c.node.dependencies.length)).toEqual(before);
    // cdk8s writes the nested chart first (web depends on it), then db (web's ConfigMap depends on db's), then web
    expect(includes).toEqual(['0002-web.k8s.yaml', `0000-${Names.toDnsLabel(sub)}.k8s.yaml`, '0001-db.k8s.yaml']);
  });
});

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The files of `dir` (not recursive) that Argo CD's directory `include` glob selects (names and `{a,b}` only). */
function selectedFiles(dir: string, include?: string): string[] {
  const names = include === undefined ? undefined : include.startsWith('{') ? include.slice(1, -1).split(',') : [include];
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && (names === undefined || names.includes(e.name)))
    .map((e) => path.join(dir, e.name));
}
