/**
 * A GitOps repository written by `cdk8s synth`: the blue-green service for a dev and a prod cluster,
 * and the Argo CD objects that deploy it. Dev syncs automatically; prod syncs when a person (or the
 * release pipeline) asks, and never on weekends. The ingress controller each cluster needs is a Helm
 * chart with values, the Argo Rollouts controller is installed on every labelled cluster by an
 * ApplicationSet, and a root Application (app-of-apps) deploys all the Applications.
 */
import { App, Chart, Duration } from 'cdk8s';
import {
  ApplicationSet, ApplicationSetGenerator, ApplicationSource, AppProject, ArgoCDApplication, CascadeDelete, Destination,
  GitOpsRepository, ProjectPolicy, ProjectPolicyResource, SyncOption, SyncPolicy, SyncWindowKind,
} from '../../src';
import { BlueGreenDemoChart } from '../blue-green/app';

/** Options of the demo repository. */
export interface GitOpsDemoOptions {
  /**
   * URL of the GitOps repository the synthesized manifests are committed to.
   * @default 'https://github.com/cdk8s-progressive/gitops-demo.git'
   */
  readonly repoUrl?: string;
  /**
   * Branch Argo CD syncs.
   * @default 'main'
   */
  readonly targetRevision?: string;
  /**
   * Directory of the repository that `cdk8s synth` writes into.
   * @default 'dist'
   */
  readonly path?: string;
  /**
   * The release running in dev (what CI built last).
   * @default 'argoproj/rollouts-demo:green'
   */
  readonly devImage?: string;
  /**
   * The release running in prod (promoted from dev by changing this line).
   * @default 'argoproj/rollouts-demo:blue'
   */
  readonly prodImage?: string;
}

/** The charts and Argo CD objects of the demo. */
export interface GitOpsDemo {
  /** The blue-green service as the dev cluster runs it. */
  readonly dev: BlueGreenDemoChart;
  /** The blue-green service as the prod cluster runs it. */
  readonly prod: BlueGreenDemoChart;
  /** The Argo CD objects: project, Applications, ApplicationSet. */
  readonly argocd: Chart;
  /** The root Application, applied once by hand. */
  readonly bootstrap: Chart;
  readonly repo: GitOpsRepository;
  readonly project: AppProject;
  readonly devApp: ArgoCDApplication;
  readonly prodApp: ArgoCDApplication;
  readonly ingressApps: ArgoCDApplication[];
  readonly rolloutsControllers: ApplicationSet;
  readonly root: ArgoCDApplication;
}

// One namespace per environment: the synth-time reference checks see the whole app as one set of
// objects, so two copies of the service in one namespace would be looked up across environments.
const DEV_NAMESPACE = 'rollouts-demo-dev';
const PROD_NAMESPACE = 'rollouts-demo';
const INGRESS_NGINX = 'https://kubernetes.github.io/ingress-nginx';
const ARGO_HELM = 'https://argoproj.github.io/argo-helm';

/** Builds the demo repository into `app`. */
export function buildGitOpsDemo(app: App, options: GitOpsDemoOptions = {}): GitOpsDemo {
  // the service, once per cluster: one file each in the repository
  const dev = new BlueGreenDemoChart(app, 'dev-rollouts-demo', {
    namespace: DEV_NAMESPACE,
    host: 'rollouts-demo.dev.example.com',
    image: options.devImage ?? 'argoproj/rollouts-demo:green',
  });
  const prod = new BlueGreenDemoChart(app, 'prod-rollouts-demo', {
    namespace: PROD_NAMESPACE,
    host: 'rollouts-demo.example.com',
    image: options.prodImage ?? 'argoproj/rollouts-demo:blue',
  });

  const argocd = new Chart(app, 'argocd-apps', { namespace: 'argocd' });

  // least privilege: exactly the repositories, destinations and cluster-scoped kinds in use
  const project = new AppProject(argocd, 'Project', {
    metadata: { name: 'rollouts-demo' },
    description: 'The blue-green demo service and what it needs on each cluster',
    clusterResourceWhitelist: [
      { group: '', kind: 'Namespace' },
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
      { group: 'networking.k8s.io', kind: 'IngressClass' },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
    ],
    roles: [
      {
        name: 'developer',
        description: 'sees every application, syncs dev',
        policies: [
          ProjectPolicy.allow(ProjectPolicyResource.APPLICATIONS, 'get'),
          ProjectPolicy.allow(ProjectPolicyResource.APPLICATIONS, 'sync', 'dev-*'),
        ],
        groups: ['acme:developers'],
      },
      {
        name: 'release-manager',
        description: 'promotes to prod',
        policies: [ProjectPolicy.allow(ProjectPolicyResource.APPLICATIONS, 'sync')],
        groups: ['acme:release-managers'],
      },
    ],
    syncWindows: [{
      kind: SyncWindowKind.DENY,
      schedule: '0 0 * * 6',
      duration: Duration.hours(48),
      clusters: ['prod'],
      description: 'no prod changes on weekends',
    }],
    orphanedResources: { warn: true },
  });

  const repo = new GitOpsRepository(argocd, 'Repo', {
    repoUrl: options.repoUrl ?? 'https://github.com/cdk8s-progressive/gitops-demo.git',
    targetRevision: options.targetRevision ?? 'main',
    path: options.path ?? 'dist',
    project,
    cascadeDelete: CascadeDelete.FOREGROUND,
  });

  const devApp = repo.addChart(dev, {
    destination: Destination.cluster('dev', DEV_NAMESPACE),
    syncPolicy: SyncPolicy.automated({ prune: true, selfHeal: true }),
    syncOptions: [SyncOption.createNamespace()],
    retry: { limit: 5, backoffDuration: Duration.seconds(10), backoffMaxDuration: Duration.minutes(3) },
    syncWave: 1,
  });
  const prodApp = repo.addChart(prod, {
    destination: Destination.cluster('prod', PROD_NAMESPACE),
    syncPolicy: SyncPolicy.manual(),
    syncOptions: [SyncOption.createNamespace()],
    info: [{ name: 'Promotion', value: 'change prodImage in examples/gitops/app.ts, synth, commit, then sync' }],
    syncWave: 1,
  });

  // the ingress controller the demo's Ingresses and success-rate analyses rely on: a Helm chart with values
  const ingressApps = [{ cluster: 'dev', replicas: 1 }, { cluster: 'prod', replicas: 2 }].map(({ cluster, replicas }) =>
    new ArgoCDApplication(argocd, `IngressNginx-${cluster}`, {
      metadata: { name: `${cluster}-ingress-nginx` },
      project,
      source: ApplicationSource.helm({
        repoUrl: INGRESS_NGINX,
        chart: 'ingress-nginx',
        targetRevision: '4.11.3',
        releaseName: 'ingress-nginx',
        values: {
          controller: {
            replicaCount: replicas,
            metrics: { enabled: true },
            podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '10254' },
          },
        },
      }),
      destination: Destination.cluster(cluster, 'ingress-nginx'),
      syncPolicy: SyncPolicy.automated({ prune: true, selfHeal: true }),
      syncOptions: [SyncOption.createNamespace()],
      cascadeDelete: CascadeDelete.FOREGROUND,
    }));

  // the Argo Rollouts controller on every cluster labelled argo-rollouts=enabled (dev and prod)
  const rolloutsControllers = new ApplicationSet(argocd, 'RolloutsControllers', {
    metadata: { name: 'argo-rollouts' },
    generators: [ApplicationSetGenerator.clusters({ matchLabels: { 'argo-rollouts': 'enabled' } })],
    template: {
      name: '{{.name}}-argo-rollouts',
      project,
      source: ApplicationSource.helm({
        repoUrl: ARGO_HELM,
        chart: 'argo-rollouts',
        targetRevision: '2.41.1', // Argo Rollouts v1.9.1
        values: { controller: { replicas: 2 }, dashboard: { enabled: true } },
      }),
      destination: Destination.cluster('{{.name}}', 'argo-rollouts'),
      syncPolicy: SyncPolicy.automated({ prune: true, selfHeal: true }),
      syncOptions: [SyncOption.createNamespace(), SyncOption.serverSideApply()],
      cascadeDelete: CascadeDelete.FOREGROUND,
    },
  });

  for (const a of [devApp, prodApp, ...ingressApps]) project.allowApplication(a);
  project.addSourceRepo(ARGO_HELM);
  for (const cluster of ['dev', 'prod']) project.addDestination(Destination.cluster(cluster, 'argo-rollouts'));

  // the root of the app-of-apps: `kubectl apply -f dist/bootstrap.k8s.yaml` once
  const bootstrap = new Chart(app, 'bootstrap', { namespace: 'argocd' });
  const root = repo.addAppOfApps(bootstrap, 'Root');

  return { dev, prod, argocd, bootstrap, repo, project, devApp, prodApp, ingressApps, rolloutsControllers, root };
}
