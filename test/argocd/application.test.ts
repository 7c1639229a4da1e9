import { ApiObject, Chart, Duration, JsonPatch, Names, Testing } from 'cdk8s';
import {
  ApplicationSource, AppProject, ArgoCDApplication, ArgoCDApplicationProps, CascadeDelete, Destination,
  PrunePropagationPolicy, SyncOption, SyncPolicy, SyncWave,
} from '../../src';
import { only, synthError, synthValid } from '../support/synth';

const GITOPS = 'https://github.com/acme/gitops.git';
const source = ApplicationSource.git({ repoUrl: GITOPS, path: 'dist', targetRevision: 'main' });

function chart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/** The one Application of an app with `props` (plus a name). */
function application(props: Partial<ArgoCDApplicationProps> = {}, c: Chart = chart()): any {
  new ArgoCDApplication(c, 'App', { metadata: { name: 'web' }, source, destination: Destination.inCluster('web'), ...props });
  return only(synthValid(c), 'Application');
}

describe('ArgoCDApplication', () => {
  test('minimal: one source, a destination, the default project, manual sync', () => {
    expect(application()).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'web', namespace: 'argocd' },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
        source: { repoURL: GITOPS, path: 'dist', targetRevision: 'main' },
      },
    });
  });

  test('exposes its name, namespace, sources and destination', () => {
    const app = new ArgoCDApplication(chart(), 'App', { metadata: { name: 'web' }, source, destination: Destination.cluster('prod', 'web') });
    expect(app.name).toBe('web');
    expect(app.namespace).toBe('argocd');
    expect(app.sources).toEqual([source]);
    expect(app.destination.clusterName).toBe('prod');
    expect(app.destination.serverUrl).toBeUndefined();
  });

  test('lives in the chart\'s namespace when the chart has one', () => {
    expect(application({}, chart('argo-system')).metadata.namespace).toBe('argo-system');
  });

  test('destination by cluster name', () => {
    expect(application({ destination: Destination.cluster('prod', 'web') }).spec.destination).toEqual({ name: 'prod', namespace: 'web' });
  });

  test('destination by server, without namespace', () => {
    expect(application({ destination: Destination.server('https://10.0.0.1:6443') }).spec.destination).toEqual({ server: 'https://10.0.0.1:6443' });
  });

  test('belongs to the AppProject it is given', () => {
    const c = chart();
    const project = new AppProject(c, 'Project', { metadata: { name: 'payments' } });
    new ArgoCDApplication(c, 'App', { source, destination: Destination.inCluster('web'), project });
    expect(only(synthValid(c), 'Application').spec.project).toBe('payments');
  });

  test('belongs to a project defined elsewhere by name', () => {
    const c = chart();
    expect(application({ project: AppProject.fromProjectName(c, 'Platform', 'platform') }, c).spec.project).toBe('platform');
  });

  test('automated sync with prune, self-heal and allowEmpty', () => {
    const spec = application({ syncPolicy: SyncPolicy.automated({ prune: true, selfHeal: true, allowEmpty: true }) }).spec;
    expect(spec.syncPolicy).toEqual({ automated: { prune: true, selfHeal: true, allowEmpty: true } });
  });

  test('automated sync without options is automated: {}', () => {
    expect(application({ syncPolicy: SyncPolicy.automated() }).spec.syncPolicy).toEqual({ automated: {} });
  });

  test('manual sync has no automated block', () => {
    expect(SyncPolicy.manual().isAutomated).toBe(false);
    expect(SyncPolicy.automated().isAutomated).toBe(true);
    expect(application({ syncPolicy: SyncPolicy.manual() }).spec.syncPolicy).toBeUndefined();
  });

  test('sync options are a set: repeated options appear once', () => {
    const spec = application({
      syncOptions: [
        SyncOption.createNamespace(), SyncOption.serverSideApply(), SyncOption.pruneLast(), SyncOption.applyOutOfSyncOnly(),
        SyncOption.respectIgnoreDifferences(), SyncOption.prunePropagationPolicy(PrunePropagationPolicy.BACKGROUND),
        SyncOption.skipDryRunOnMissingResource(), SyncOption.failOnSharedResource(), SyncOption.createNamespace(),
        SyncOption.of('Validate=false'), SyncOption.skipSchemaValidation(), SyncOption.replace(), SyncOption.force(),
        SyncOption.disableClientSideApplyMigration(),
      ],
    }).spec;
    expect(spec.syncPolicy.syncOptions).toEqual([
      'CreateNamespace=true', 'ServerSideApply=true', 'PruneLast=true', 'ApplyOutOfSyncOnly=true', 'RespectIgnoreDifferences=true',
      'PrunePropagationPolicy=background', 'SkipDryRunOnMissingResource=true', 'FailOnSharedResource=true', 'Validate=false',
      'Replace=true', 'Force=true', 'ClientSideApplyMigration=false',
    ]);
  });

  test('throws for two values of one sync option', () => {
    const app = new ArgoCDApplication(chart(), 'App', { source, destination: Destination.inCluster(), syncOptions: [SyncOption.serverSideApply()] });
    expect(() => app.addSyncOption(SyncOption.serverSideApply(false))).toThrow('conflicting sync options: ServerSideApply=true and ServerSideApply=false (keep one)');
  });

  test('throws for a sync option that is not Key=value', () => {
    expect(() => SyncOption.of('CreateNamespace')).toThrow('a sync option has the form "Key=value": "CreateNamespace"');
  });

  test('retry with backoff as Durations', () => {
    const spec = application({
      retry: { limit: 5, backoffDuration: Duration.seconds(10), backoffFactor: 3, backoffMaxDuration: Duration.minutes(5), refresh: true },
    }).spec;
    expect(spec.syncPolicy.retry).toEqual({ limit: 5, backoff: { duration: '10s', factor: 3, maxDuration: '5m' }, refresh: true });
  });

  test('retry without backoff', () => {
    expect(application({ retry: { limit: -1 } }).spec.syncPolicy.retry).toEqual({ limit: -1 });
  });

  test('throws for a retry backoff factor below 1', () => {
    expect(() => new ArgoCDApplication(chart(), 'App', { source, destination: Destination.inCluster(), retry: { limit: 3, backoffFactor: 0 } }))
      .toThrow('retry "backoffFactor" must be a whole number >= 1: 0');
  });

  test('ignoreDifferences, info, revisionHistoryLimit and managed namespace metadata', () => {
    const c = chart();
    const app = new ArgoCDApplication(c, 'App', {
      metadata: { name: 'web' },
      source,
      destination: Destination.inCluster('web'),
      syncOptions: [SyncOption.createNamespace()],
      ignoreDifferences: [{ group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] }],
      info: [{ name: 'Runbook', value: 'https://runbooks.example.com/web' }],
      revisionHistoryLimit: 3,
      managedNamespaceLabels: { 'istio-injection': 'enabled' },
    });
    app.addIgnoreDifferences({ kind: 'Secret', name: 'web-tls', managedFieldsManagers: ['cert-manager'] });
    app.addInfo('Owner', 'payments@example.com');
    const spec = only(synthValid(c), 'Application').spec;
    expect(spec.ignoreDifferences).toEqual([
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
      { kind: 'Secret', name: 'web-tls', managedFieldsManagers: ['cert-manager'] },
    ]);
    expect(spec.info).toEqual([{ name: 'Runbook', value: 'https://runbooks.example.com/web' }, { name: 'Owner', value: 'payments@example.com' }]);
    expect(spec.revisionHistoryLimit).toBe(3);
    expect(spec.syncPolicy.managedNamespaceMetadata).toEqual({ labels: { 'istio-injection': 'enabled' } });
  });

  test('throws for a negative revisionHistoryLimit', () => {
    expect(() => new ArgoCDApplication(chart(), 'App', { source, destination: Destination.inCluster(), revisionHistoryLimit: -1 }))
      .toThrow('"revisionHistoryLimit" must be a whole number >= 0: -1');
  });

  test('the cascade-delete finalizer', () => {
    expect(application({ cascadeDelete: CascadeDelete.FOREGROUND }).metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    expect(application({ cascadeDelete: CascadeDelete.BACKGROUND }).metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io/background']);
  });

  test('a sync wave is a quoted integer annotation', () => {
    expect(application({ syncWave: -2 }).metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-2' });
    expect(() => application({ syncWave: 1.5 })).toThrow('a sync wave must be a whole number: 1.5');
  });

  test('addSource() turns a single-source Application into a multi-source one', () => {
    const c = chart();
    const app = new ArgoCDApplication(c, 'App', { source, destination: Destination.inCluster() });
    app.addSource(ApplicationSource.reference({ repoUrl: 'https://github.com/acme/values.git', ref: 'values' }));
    const spec = only(synthValid(c), 'Application').spec;
    expect(spec.source).toBeUndefined();
    expect(spec.sources.map((s: any) => s.repoURL)).toEqual([GITOPS, 'https://github.com/acme/values.git']);
    expect(app.repoUrls).toEqual([GITOPS, 'https://github.com/acme/values.git']);
  });

  test('throws for both source and sources', () => {
    expect(() => new ArgoCDApplication(chart(), 'App', { source, sources: [source], destination: Destination.inCluster() }))
      .toThrow('pass either "source" or "sources", not both');
  });
});

describe('ignoreRolloutDifferences()', () => {
  /** A Rollout that scales down Deployment `web` progressively, and an HPA scaling Rollout `api`. */
  function workloads(c: Chart): void {
    new ApiObject(c, 'WebRollout', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', scaleDown: 'progressively' },
        strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
      },
    });
    new ApiObject(c, 'ApiHpa', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'api' }, minReplicas: 2, maxReplicas: 10 },
    });
  }

  test('finds HPA-scaled Rollouts and workloadRef Deployments in the chart, and respects them during sync', () => {
    const app = new App();
    workloads(app.workloads);
    const argo = new ArgoCDApplication(app.apps, 'App', { metadata: { name: 'shop' }, source, destination: Destination.inCluster('shop') });
    argo.ignoreRolloutDifferences({ scopes: [app.workloads] });
    const spec = only(synthValid(app.apps), 'Application').spec;
    expect(spec.ignoreDifferences).toEqual([
      { group: 'apps', kind: 'Deployment', name: 'web', namespace: 'shop', jsonPointers: ['/spec/replicas'] },
      { group: 'argoproj.io', kind: 'Rollout', name: 'api', namespace: 'shop', jsonPointers: ['/spec/replicas'] },
    ]);
    expect(spec.syncPolicy.syncOptions).toEqual(['RespectIgnoreDifferences=true']);
  });

  test('RespectIgnoreDifferences=false set by the user fails synth naming ignoreRolloutDifferences and the opt-out, not a serialization error', () => {
    const c = chart();
    const argo = new ArgoCDApplication(c, 'App', {
      metadata: { name: 'shop' }, source, destination: Destination.inCluster('shop'), syncOptions: [SyncOption.of('RespectIgnoreDifferences=false')],
    });
    argo.ignoreRolloutDifferences({ hpaScaledRollouts: ['api'] });
    const error = synthError(c);
    expect(error).toContain('[test/App] ignoreRolloutDifferences() ignores spec.replicas of Rollout/api');
    expect(error).toContain('the Application\'s sync options set RespectIgnoreDifferences=false: remove that sync option, or opt out');
    expect(error).toContain('{ ignoreRolloutDifferences: false }');
    expect(error).not.toContain('Failed serializing');
  });

  test('RespectIgnoreDifferences=false is fine when ignoreRolloutDifferences finds nothing to ignore', () => {
    const app = new App();
    const argo = new ArgoCDApplication(app.apps, 'App', {
      source, destination: Destination.inCluster('shop'), syncOptions: [SyncOption.of('RespectIgnoreDifferences=false')],
    });
    argo.ignoreRolloutDifferences({ scopes: [app.workloads] });
    expect(only(synthValid(app.apps), 'Application').spec.syncPolicy.syncOptions).toEqual(['RespectIgnoreDifferences=false']);
  });

  test('a workloadRef Rollout that never scales the Deployment down adds nothing', () => {
    const app = new App();
    new ApiObject(app.workloads, 'Rollout', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web' },
      spec: { workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', scaleDown: 'never' }, strategy: { canary: {} } },
    });
    const argo = new ArgoCDApplication(app.apps, 'App', { source, destination: Destination.inCluster('shop') });
    argo.ignoreRolloutDifferences({ scopes: [app.workloads] });
    const spec = only(synthValid(app.apps), 'Application').spec;
    expect(spec.ignoreDifferences).toBeUndefined();
    expect(spec.syncPolicy).toBeUndefined();
  });

  test('by name, without scanning, merged with a hand-written entry', () => {
    const spec = (() => {
      const c = chart();
      const argo = new ArgoCDApplication(c, 'App', {
        source,
        destination: Destination.inCluster('shop'),
        syncOptions: [SyncOption.respectIgnoreDifferences()],
        ignoreDifferences: [{ group: 'argoproj.io', kind: 'Rollout', name: 'api', jsonPointers: ['/spec/replicas'] }],
      });
      argo.ignoreRolloutDifferences({ hpaScaledRollouts: ['api'], scaledDownDeployments: ['web'] });
      return only(synthValid(c), 'Application').spec;
    })();
    expect(spec.ignoreDifferences).toEqual([
      { group: 'argoproj.io', kind: 'Rollout', name: 'api', jsonPointers: ['/spec/replicas'] },
      { group: 'apps', kind: 'Deployment', name: 'web', jsonPointers: ['/spec/replicas'] },
    ]);
    expect(spec.syncPolicy.syncOptions).toEqual(['RespectIgnoreDifferences=true']);
  });
});

describe('SyncWave.apply()', () => {
  test('annotates every object under a scope', () => {
    const c = chart();
    new ApiObject(c, 'A', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    new ApiObject(c, 'B', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
    SyncWave.apply(c, 1);
    expect(Testing.synth(c).map((m) => m.metadata.annotations)).toEqual([
      { 'argocd.argoproj.io/sync-wave': '1' }, { 'argocd.argoproj.io/sync-wave': '1' },
    ]);
  });
});

describe('synth-time validation', () => {
  test('both destination server and name, a Helm chart without targetRevision and a $missing value file fail synth with all three findings', () => {
    const c = chart();
    const app = new ArgoCDApplication(c, 'App', {
      metadata: { name: 'web' },
      sources: [
        ApplicationSource.helm({ repoUrl: 'https://charts.example.com', chart: 'web', valueFiles: ['$missing/values.yaml'] }),
        ApplicationSource.reference({ repoUrl: GITOPS, ref: 'values' }),
      ],
      destination: Destination.cluster('prod', 'web'),
    });
    // the Destination choice cannot hold both: the escape hatch can
    app.addJsonPatch(JsonPatch.add('/spec/destination/server', 'https://prod.example.com'));
    const error = synthError(c);
    expect(error).toContain('[test/App] Application/web spec.destination: application destination can\'t have both name and server defined: prod https://prod.example.com');
    expect(error).toContain('[test/App] Application/web spec.sources[0].targetRevision: spec.source.targetRevision is required if the manifest source is a helm chart');
    expect(error).toContain('[test/App] Application/web spec.sources[0].helm.valueFiles[0]: helm value file $missing/values.yaml names $missing, but no source of the application has ref: missing');
  });

  test('an Application without a source fails synth', () => {
    const c = chart();
    new ArgoCDApplication(c, 'App', { metadata: { name: 'web' }, destination: Destination.inCluster() });
    expect(synthError(c)).toContain('Application/web spec.source: spec.source.repoURL and either spec.source.path or spec.source.chart are required');
  });
});

/** Two charts of one app: the workloads and the Applications that deploy them. */
class App {
  public readonly app = Testing.app();
  public readonly workloads = new Chart(this.app, 'workloads');
  public readonly apps = new Chart(this.app, 'apps');
}

describe('the construct is the Application object', () => {
  test('one node, named from its own path, addJsonPatch reaches the output', () => {
    const c = chart();
    const app = new ArgoCDApplication(c, 'App', { source, destination: Destination.inCluster('web') });
    expect(app).toBeInstanceOf(ApiObject);
    expect(ApiObject.of(app)).toBe(app);
    expect(app.node.children).toHaveLength(0);
    expect(app.name).toBe(Names.toDnsLabel(app));
    expect(app.name).toMatch(/^test-app-[0-9a-f]{8}$/);
    app.addJsonPatch(JsonPatch.add('/spec/source/directory', { recurse: true }));
    const m = only(synthValid(c), 'Application');
    expect(m.metadata).toEqual({ name: app.name, namespace: 'argocd' });
    expect(m.spec.source).toEqual({ repoURL: GITOPS, path: 'dist', targetRevision: 'main', directory: { recurse: true } });
  });

  test('instanceof accepts an ArgoCDApplication and no other ApiObject', () => {
    const c = chart();
    const app = new ArgoCDApplication(c, 'App', { source, destination: Destination.inCluster('web') });
    const project = new AppProject(c, 'Project');
    expect(app instanceof ArgoCDApplication).toBe(true);
    expect([project instanceof ArgoCDApplication, app instanceof AppProject]).toEqual([false, false]);
  });

  test('bad props throw before the object joins the tree', () => {
    const c = chart();
    expect(() => new ArgoCDApplication(c, 'App', { source, sources: [source], destination: Destination.inCluster('web') }))
      .toThrow('pass either "source" or "sources", not both (a single source is sources: [source])');
    expect(c.node.tryFindChild('App')).toBeUndefined();
  });
});
