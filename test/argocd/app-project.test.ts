import { ApiObject, Chart, Duration, JsonPatch, Names, Testing } from 'cdk8s';
import {
  ApplicationSource, AppProject, ArgoCDApplication, Destination, ProjectPolicy, ProjectPolicyResource, SyncOption, SyncWindowKind,
} from '../../src';
import { only, synthError, synthValid } from '../support/synth';

const GITOPS = 'https://github.com/acme/gitops.git';

function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

describe('AppProject', () => {
  test('least privilege by default: no repository, no destination, no cluster-scoped resource', () => {
    const c = chart();
    new AppProject(c, 'Project', { metadata: { name: 'payments' } });
    expect(only(synthValid(c), 'AppProject')).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'payments', namespace: 'argocd' },
      spec: {},
    });
  });

  test('allowApplication() allows exactly the repositories and the destination of an Application', () => {
    const c = chart();
    const project = new AppProject(c, 'Project', { metadata: { name: 'payments' } });
    const values = ApplicationSource.reference({ repoUrl: GITOPS, ref: 'values' });
    const web = new ArgoCDApplication(c, 'Web', {
      project,
      sources: [ApplicationSource.helm({ repoUrl: 'https://charts.example.com', chart: 'web', targetRevision: '1.0.0', valueFiles: [values.valueFile('web.yaml')] }), values],
      destination: Destination.cluster('prod', 'web'),
    });
    const worker = new ArgoCDApplication(c, 'Worker', {
      project, source: ApplicationSource.git({ repoUrl: GITOPS, path: 'worker' }), destination: Destination.server('https://prod.example.com', 'worker'),
    });
    project.allowApplication(web);
    project.allowApplication(worker);
    project.allowApplication(worker); // twice is harmless
    expect(only(synthValid(c), 'AppProject').spec).toEqual({
      sourceRepos: ['https://charts.example.com', GITOPS],
      destinations: [{ name: 'prod', namespace: 'web' }, { server: 'https://prod.example.com', namespace: 'worker' }],
    });
  });

  test('allowApplication() reads the Application at synth: a source added afterwards is allowed too', () => {
    const c = chart();
    const project = new AppProject(c, 'Project', { metadata: { name: 'payments' } });
    project.addSourceRepo('https://github.com/acme/other.git');
    const web = new ArgoCDApplication(c, 'Web', {
      project,
      source: ApplicationSource.helm({ repoUrl: 'https://charts.example.com', chart: 'web', targetRevision: '1.0.0', valueFiles: ['$values/web.yaml'] }),
      destination: Destination.cluster('prod', 'web'),
    });
    project.allowApplication(web);
    web.addSource(ApplicationSource.reference({ repoUrl: GITOPS, ref: 'values' }));
    project.addSourceRepo(GITOPS); // already allowed through the Application: listed once
    expect(only(synthValid(c), 'AppProject').spec).toEqual({
      sourceRepos: ['https://github.com/acme/other.git', 'https://charts.example.com', GITOPS],
      destinations: [{ name: 'prod', namespace: 'web' }],
    });
  });

  test('allowApplication() throws for an Application without destination namespace', () => {
    const c = chart();
    const project = new AppProject(c, 'Project');
    const app = new ArgoCDApplication(c, 'App', { source: ApplicationSource.git({ repoUrl: GITOPS, path: '.' }), destination: Destination.cluster('prod') });
    expect(() => project.allowApplication(app)).toThrow('allowApplication(test/App): the Application has no destination namespace');
    expect(() => project.allowApplication(app)).toThrow('it allows only cluster-scoped objects');
  });

  test('"*" is refused unless asked for explicitly', () => {
    const project = new AppProject(chart(), 'Project');
    expect(() => project.addSourceRepo('*')).toThrow('"*" allows every repository: call allowAnySourceRepo() if that is what you want');
    expect(() => project.addDestination(Destination.server('*', '*'))).toThrow('call allowAnyDestination() if that is what you want');
    expect(() => project.addDestination(Destination.cluster('*', '*'))).toThrow('call allowAnyDestination() if that is what you want');
    expect(() => project.allowClusterResource({ group: '*', kind: '*' })).toThrow('call allowAllClusterResources() if that is what you want');
  });

  test('a destination without namespace is not "every namespace": it is rendered as written (Argo CD: cluster-scoped objects only)', () => {
    const c = chart();
    const project = new AppProject(c, 'Project', { metadata: { name: 'crds' } });
    // argo-cd isDestinationMatched: glob.Match("", namespace) matches only the empty namespace
    project.addDestination(Destination.cluster('*'));
    project.addDestination(Destination.server('https://prod.example.com'));
    expect(only(synthValid(c), 'AppProject').spec.destinations).toEqual([{ name: '*' }, { server: 'https://prod.example.com' }]);
  });

  test('allowAny...() open a dimension explicitly', () => {
    const c = chart();
    const project = new AppProject(c, 'Project', { metadata: { name: 'platform' } });
    project.allowAnySourceRepo();
    project.allowAnyDestination();
    project.allowAllClusterResources();
    expect(only(synthValid(c), 'AppProject').spec).toEqual({
      sourceRepos: ['*'],
      destinations: [{ server: '*', namespace: '*' }],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    });
  });

  test('globs narrower than everything are fine', () => {
    const c = chart();
    new AppProject(c, 'Project', {
      sourceRepos: ['https://github.com/acme/*', '!https://github.com/acme/secret'],
      destinations: [Destination.server('*', 'team-a-*'), Destination.cluster('dev-*', '*')],
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }, { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'team-a-*' }],
      clusterResourceBlacklist: [{ group: '', kind: 'Node' }],
      namespaceResourceWhitelist: [{ group: 'apps', kind: '*' }, { group: 'argoproj.io', kind: 'Rollout' }],
      namespaceResourceBlacklist: [{ group: '', kind: 'ResourceQuota' }],
      sourceNamespaces: ['team-a'],
      permitOnlyProjectScopedClusters: true,
      description: 'team A',
    });
    expect(only(synthValid(c), 'AppProject').spec).toEqual({
      description: 'team A',
      sourceRepos: ['https://github.com/acme/*', '!https://github.com/acme/secret'],
      destinations: [{ server: '*', namespace: 'team-a-*' }, { name: 'dev-*', namespace: '*' }],
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }, { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'team-a-*' }],
      clusterResourceBlacklist: [{ group: '', kind: 'Node' }],
      namespaceResourceWhitelist: [{ group: 'apps', kind: '*' }, { group: 'argoproj.io', kind: 'Rollout' }],
      namespaceResourceBlacklist: [{ group: '', kind: 'ResourceQuota' }],
      sourceNamespaces: ['team-a'],
      permitOnlyProjectScopedClusters: true,
    });
  });

  test('roles with casbin policies bound to groups', () => {
    const c = chart();
    const project = new AppProject(c, 'Project', { metadata: { name: 'payments' } });
    project.addRole({
      name: 'deployer',
      description: 'syncs the payments apps',
      policies: [
        ProjectPolicy.allow(ProjectPolicyResource.APPLICATIONS, 'sync'),
        ProjectPolicy.allow(ProjectPolicyResource.APPLICATIONS, 'get', 'web-*'),
        ProjectPolicy.deny(ProjectPolicyResource.EXEC, 'create'),
      ],
      groups: ['acme:payments'],
    });
    expect(only(synthValid(c), 'AppProject').spec.roles).toEqual([{
      name: 'deployer',
      description: 'syncs the payments apps',
      policies: [
        'p, proj:payments:deployer, applications, sync, payments/*, allow',
        'p, proj:payments:deployer, applications, get, payments/web-*, allow',
        'p, proj:payments:deployer, exec, create, payments/*, deny',
      ],
      groups: ['acme:payments'],
    }]);
  });

  test('throws for a policy action with a comma', () => {
    expect(() => ProjectPolicy.allow(ProjectPolicyResource.APPLICATIONS, 'get,sync'))
      .toThrow('a project policy action must be non-empty and contain no comma: "get,sync"');
  });

  test('a policy Argo CD refuses (an unknown action, a target that is not an application name) fails synth', () => {
    const c = chart();
    const project = new AppProject(c, 'Project', { metadata: { name: 'payments' } });
    project.addRole({
      name: 'deployer',
      policies: [
        ProjectPolicy.allow(ProjectPolicyResource.APPLICATIONS, 'deploy'),
        ProjectPolicy.allow(ProjectPolicyResource.APPLICATIONS, 'get', 'web app'),
      ],
    });
    const error = synthError(c);
    expect(error).toContain('AppProject/payments spec.roles[0].policies[0]: invalid policy rule \'p, proj:payments:deployer, applications, deploy, payments/*, allow\': invalid action \'deploy\'');
    expect(error).toContain('spec.roles[0].policies[1]: invalid policy rule \'p, proj:payments:deployer, applications, get, payments/web app, allow\': object must be of form');
  });

  test('sync windows with Duration', () => {
    const c = chart();
    new AppProject(c, 'Project', {
      syncWindows: [{
        kind: SyncWindowKind.DENY,
        schedule: '0 18 * * 5',
        duration: Duration.hours(63),
        clusters: ['prod'],
        manualSync: true,
        timeZone: 'Europe/Berlin',
        description: 'no weekend deploys',
      }, {
        kind: SyncWindowKind.ALLOW, schedule: '0 9 * * 1-5', duration: Duration.minutes(90), applications: ['web-*'], namespaces: ['web'], andOperator: true, syncOverrun: true,
      }],
    });
    expect(only(synthValid(c), 'AppProject').spec.syncWindows).toEqual([
      { kind: 'deny', schedule: '0 18 * * 5', duration: '63h', clusters: ['prod'], manualSync: true, timeZone: 'Europe/Berlin', description: 'no weekend deploys' },
      { kind: 'allow', schedule: '0 9 * * 1-5', duration: '1h30m', applications: ['web-*'], namespaces: ['web'], andOperator: true, syncOverrun: true },
    ]);
  });

  test('orphaned-resource warnings', () => {
    const c = chart();
    new AppProject(c, 'Project', { orphanedResources: { ignore: [{ kind: 'ConfigMap', name: 'kube-root-ca.crt' }] } });
    expect(only(synthValid(c), 'AppProject').spec.orphanedResources).toEqual({ warn: true, ignore: [{ kind: 'ConfigMap', name: 'kube-root-ca.crt' }] });
  });

  test('a sync window with a bad schedule and no targets fails synth', () => {
    const c = chart();
    new AppProject(c, 'Project', {
      metadata: { name: 'payments' },
      syncWindows: [{ kind: SyncWindowKind.DENY, schedule: '0 18 * *', duration: Duration.hours(1) }],
    });
    const error = synthError(c);
    expect(error).toContain('AppProject/payments spec.syncWindows[0].schedule: cannot parse schedule \'0 18 * *\': expected exactly 5 fields, found 4: [0 18 * *]');
    expect(error).toContain('AppProject/payments spec.syncWindows[0]: window \'deny\':\'0 18 * *\':\'1h\' requires one of application, cluster or namespace');
  });
});

describe('the construct is the AppProject object', () => {
  test('one node, named from its own path, addJsonPatch reaches the output', () => {
    const c = chart();
    const project = new AppProject(c, 'Project');
    expect(project).toBeInstanceOf(ApiObject);
    expect(ApiObject.of(project)).toBe(project);
    expect(project.node.children).toHaveLength(0);
    expect(project.name).toBe(Names.toDnsLabel(project));
    expect(project.name).toMatch(/^test-project-[0-9a-f]{8}$/);
    project.addJsonPatch(JsonPatch.add('/spec/signatureKeys', [{ keyID: '4AEE18F83AFDEB23' }]));
    const m = only(synthValid(c), 'AppProject');
    expect(m).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: project.name, namespace: 'argocd' },
      spec: { signatureKeys: [{ keyID: '4AEE18F83AFDEB23' }] },
    });
  });

  test('instanceof accepts an AppProject and no other ApiObject', () => {
    const c = chart();
    const project = new AppProject(c, 'Project');
    const other = new ApiObject(c, 'Other', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(project instanceof AppProject).toBe(true);
    expect(other instanceof AppProject).toBe(false);
  });
});

describe('allowApplication and CreateNamespace=true', () => {
  test('allows the Namespace that Argo CD creates (resource :Namespace is not permitted in project otherwise), also for a sync option added later', () => {
    const cdk = Testing.chart();
    const project = new AppProject(cdk, 'Project', { metadata: { name: 'shop' } });
    const source = ApplicationSource.git({ repoUrl: 'https://github.com/acme/gitops.git', path: 'shop' });
    const a = new ArgoCDApplication(cdk, 'A', { metadata: { name: 'a' }, project, source, destination: Destination.cluster('prod', 'shop'), syncOptions: [SyncOption.createNamespace()] });
    const b = new ArgoCDApplication(cdk, 'B', { metadata: { name: 'b' }, project, source, destination: Destination.cluster('prod', 'payments') });
    const c = new ArgoCDApplication(cdk, 'C', { metadata: { name: 'c' }, project, source, destination: Destination.cluster('prod', 'docs') });
    for (const app of [a, b, c]) project.allowApplication(app);
    b.addSyncOption(SyncOption.createNamespace());
    expect(a.createsNamespace).toBe(true);
    expect(c.createsNamespace).toBe(false);
    const spec = Testing.synth(cdk).find((m: any) => m.kind === 'AppProject').spec;
    expect(spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace', name: 'shop' }, { group: '', kind: 'Namespace', name: 'payments' }]);
  });

  test('adds nothing when the project already allows the Namespace, or no Application creates one', () => {
    const cdk = Testing.chart();
    const project = new AppProject(cdk, 'Project', { metadata: { name: 'shop' } });
    const source = ApplicationSource.git({ repoUrl: 'https://github.com/acme/gitops.git', path: 'shop' });
    project.allowApplication(new ArgoCDApplication(cdk, 'A', { metadata: { name: 'a' }, project, source, destination: Destination.cluster('prod', 'shop') }));
    expect(Testing.synth(cdk).find((m: any) => m.kind === 'AppProject').spec.clusterResourceWhitelist).toBeUndefined();
    project.allowClusterResource({ group: '', kind: 'Namespace' });
    project.allowApplication(new ArgoCDApplication(cdk, 'B', { metadata: { name: 'b' }, project, source, destination: Destination.cluster('prod', 'web'), syncOptions: [SyncOption.createNamespace()] }));
    expect(Testing.synth(cdk).find((m: any) => m.kind === 'AppProject').spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
  });
});

test('an Application in a workload chart\'s namespace fails synth: Argo CD ignores it unless the project names that namespace in sourceNamespaces', () => {
  const app = Testing.app();
  const argocd = new Chart(app, 'argocd');
  const project = new AppProject(argocd, 'Project', { metadata: { name: 'shop' } });
  const web = new Chart(app, 'web', { namespace: 'web' });
  const application = new ArgoCDApplication(web, 'App', {
    metadata: { name: 'web' }, project, source: ApplicationSource.git({ repoUrl: GITOPS, path: 'web' }), destination: Destination.cluster('prod', 'shop'),
  });
  project.allowApplication(application);
  expect(() => app.synth()).toThrow(/\[web\/App\] Application\/web metadata\.namespace: application 'web' in namespace 'web' is not permitted to use project 'shop'/);
  project.addSourceNamespace('web');
  expect(() => app.synth()).not.toThrow();
});
