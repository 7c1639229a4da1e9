import * as path from 'path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { IAppProject } from './app-project';
import { ApplicationBaseOptions, ArgoCDApplication, CascadeDelete } from './application';
import { Destination } from './destination';
import { ARGOCD_NAMESPACE } from './private/application-spec';
import { ApplicationSource } from './source';
import { SyncPolicy } from './sync-policy';

/** Properties of a GitOpsRepository. */
export interface GitOpsRepositoryProps {
  /** URL of the Git repository that `cdk8s synth` output is committed to. */
  readonly repoUrl: string;
  /**
   * Branch, tag or commit Argo CD syncs.
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * Directory, relative to the repository root, that `cdk8s synth` writes into (the app's `outdir`).
   * @default - the app's `outdir` (cdk8s: `dist`) when it is a relative path; required when it is absolute
   */
  readonly path?: string;
  /**
   * AppProject of the Applications.
   * @default - the `default` project
   */
  readonly project?: IAppProject;
  /**
   * What deleting one of the Applications does to its objects.
   * @default - the objects stay in the cluster
   */
  readonly cascadeDelete?: CascadeDelete;
}

/** How a chart is deployed: destination, sync policy, and the rest of an Application's spec. */
export interface ChartApplicationOptions extends ApplicationBaseOptions {
  /**
   * `metadata.name` of the Application.
   * @default - the chart's file name (its DNS label, e.g. `web` for a chart with id `web`)
   */
  readonly name?: string;
  /**
   * What deleting the Application does to its objects.
   * @default - the repository's `cascadeDelete`
   */
  readonly cascadeDelete?: CascadeDelete;
  /**
   * Sync wave of the Application in the app-of-apps (lower waves first).
   * @default - wave 0
   */
  readonly syncWave?: number;
  /**
   * Ignore replicas that an HPA or a `workloadRef` Rollout in the chart owns (see
   * `ArgoCDApplication.ignoreRolloutDifferences()`).
   * @default true
   */
  readonly ignoreRolloutDifferences?: boolean;
}

/** The root Application of an app-of-apps: it deploys the Applications of a GitOpsRepository. */
export interface AppOfAppsOptions {
  /**
   * `metadata.name` of the root Application.
   * @default - the file name of the chart that holds the Applications
   */
  readonly name?: string;
  /**
   * Where the Application objects go: Argo CD's own cluster and namespace.
   * @default - Destination.inCluster(<the Applications' namespace>)
   */
  readonly destination?: Destination;
  /**
   * AppProject of the root Application (it deploys Application objects into Argo CD's namespace).
   * @default - the `default` project
   */
  readonly project?: IAppProject;
  /**
   * When the root syncs. Automated without prune: new Applications appear by themselves, removed
   * ones are only deleted by a person (with cascade delete, that would delete their workloads).
   * @default SyncPolicy.automated({ selfHeal: true })
   */
  readonly syncPolicy?: SyncPolicy;
}

/**
 * The GitOps repository that `cdk8s synth` writes into, and the Argo CD Applications that deploy
 * from it: `addChart(chart, ...)` creates an Application whose source is exactly the file (or
 * folder) cdk8s writes for that chart (repoURL, path, and a directory `include` glob), and
 * `addAppOfApps(...)` creates the root Application that deploys the chart holding those
 * Applications.
 *
 * The layout follows the app's `yamlOutputType`: `FILE_PER_CHART` (default: `<outdir>/<chart>.k8s.yaml`),
 * `FOLDER_PER_CHART_FILE_PER_RESOURCE` (`<outdir>/<chart>/`) or `FILE_PER_RESOURCE`; file names get
 * the `0000-` prefix cdk8s adds when charts depend on each other. `FILE_PER_APP` puts every chart in
 * one file and cannot be split into Applications.
 *
 * ```ts
 * const app = new App();                                   // cdk8s synth writes dist/<chart>.k8s.yaml
 * const web = new WebChart(app, 'web', { namespace: 'web' });
 * const apps = new Chart(app, 'apps', { namespace: 'argocd' });
 * const repo = new GitOpsRepository(apps, 'Repo', { repoUrl: 'https://github.com/acme/gitops.git', targetRevision: 'main' });
 * repo.addChart(web, { destination: Destination.cluster('dev', 'web'), syncPolicy: SyncPolicy.automated() });
 * repo.addAppOfApps(new Chart(app, 'bootstrap', { namespace: 'argocd' }), 'Root');  // kubectl apply -f dist/bootstrap.k8s.yaml once
 * ```
 */
export class GitOpsRepository extends Construct {
  /** Repository URL. */
  public readonly repoUrl: string;
  /** Revision Argo CD syncs. */
  public readonly targetRevision: string;
  private readonly props: GitOpsRepositoryProps;
  private readonly apps: ArgoCDApplication[] = [];

  constructor(scope: Construct, id: string, props: GitOpsRepositoryProps) {
    super(scope, id);
    if (!props.repoUrl) throw new Error('GitOpsRepository needs the "repoUrl" of the repository that cdk8s synth output is committed to');
    this.props = props;
    this.repoUrl = props.repoUrl;
    this.targetRevision = props.targetRevision ?? 'HEAD';
  }

  /** The Applications created by `addChart()`. */
  public get applications(): ArgoCDApplication[] {
    return [...this.apps];
  }

  /**
   * A Git directory source that selects exactly what `cdk8s synth` writes for `chart`.
   * The path is computed at synth (file names depend on the whole app).
   */
  public sourceFor(chart: Chart): ApplicationSource {
    const layout = this.layout(chart);
    return ApplicationSource._lazy({ repoUrl: this.repoUrl, targetRevision: this.targetRevision }, () => {
      const out = layout();
      return {
        repoUrl: this.repoUrl,
        targetRevision: this.targetRevision,
        path: out.path,
        directory: out.include ? { include: out.include } : undefined,
      };
    });
  }

  /**
   * Creates an Application (in this construct's chart) that deploys `chart` from the repository.
   */
  public addChart(chart: Chart, options: ChartApplicationOptions): ArgoCDApplication {
    if (chart === Chart.of(this)) {
      throw new Error(`${chart.node.path} holds the Applications of this GitOpsRepository: deploy it with addAppOfApps(), not addChart()`);
    }
    const name = options.name ?? Names.toDnsLabel(chart);
    const taken = this.apps.find((a) => a.name === name);
    if (taken) {
      throw new Error(`${this.node.path}: addChart(${chart.node.path}) would create a second Application named "${name}" (the first is ${taken.node.path}); `
        + 'give each Application of a chart deployed more than once its own "name", e.g. { name: \'web-prod\' }');
    }
    const app = new ArgoCDApplication(this, `App-${name}`, {
      ...options,
      project: options.project ?? this.props.project,
      source: this.sourceFor(chart),
      metadata: { name },
      cascadeDelete: options.cascadeDelete ?? this.props.cascadeDelete,
      syncWave: options.syncWave,
    });
    if (options.ignoreRolloutDifferences ?? true) app.ignoreRolloutDifferences({ scopes: [chart] });
    this.apps.push(app);
    return app;
  }

  /**
   * Creates the root Application of an app-of-apps in `scope` (a chart of its own, applied once by
   * hand: `kubectl apply -f <outdir>/<chart>.k8s.yaml`): it deploys the chart that holds this
   * repository's Applications, so Applications added in code appear in Argo CD after a commit.
   */
  public addAppOfApps(scope: Construct, id: string, options: AppOfAppsOptions = {}): ArgoCDApplication {
    const appsChart = Chart.of(this);
    return new ArgoCDApplication(scope, id, {
      metadata: { name: options.name ?? Names.toDnsLabel(appsChart) },
      project: options.project,
      destination: options.destination ?? Destination.inCluster(appsChart.namespace ?? ARGOCD_NAMESPACE),
      source: this.sourceFor(appsChart),
      syncPolicy: options.syncPolicy ?? SyncPolicy.automated({ selfHeal: true }),
    });
  }

  /** Where cdk8s writes `chart`, relative to the repository root (computed at synth). */
  private layout(chart: Chart): () => { path: string; include?: string } {
    const app = chart.node.root instanceof App ? chart.node.root : undefined;
    const type = app?.yamlOutputType ?? YamlOutputType.FILE_PER_CHART;
    const ext = app?.outputFileExtension ?? '.k8s.yaml';
    if (type === YamlOutputType.FILE_PER_APP) {
      throw new Error(`${chart.node.path}: the app writes every chart into one file (YamlOutputType.FILE_PER_APP); use FILE_PER_CHART or FOLDER_PER_CHART_FILE_PER_RESOURCE to deploy charts as separate Applications`);
    }
    let base = this.props.path;
    if (base === undefined) {
      const outdir = app?.outdir ?? 'dist';
      if (path.isAbsolute(outdir)) {
        throw new Error(`the app's outdir is an absolute path (${outdir}): give GitOpsRepository the directory relative to the repository root with "path"`);
      }
      if (outsideRoot(outdir)) {
        throw new Error(`the app's outdir (${outdir}) climbs out of the current directory with "..", so it is not the Applications' path in the repository (Argo CD refuses it: "app path outside root"): `
          + 'give GitOpsRepository the directory relative to the repository root with "path", e.g. path: \'dist\'');
      }
      base = outdir;
    } else if (path.isAbsolute(base) || outsideRoot(base)) {
      throw new Error(`GitOpsRepository "path" (${base}) must be relative to the repository root and stay inside it: Argo CD refuses an Application path outside the repository root ("app path outside root")`);
    }
    const dir = path.posix.normalize(base.replace(/\\/g, '/')).replace(/^\.\/+/, '').replace(/\/+$/, '') || '.';
    const join = (...parts: string[]) => (dir === '.' ? path.posix.join(...parts) : path.posix.join(dir, ...parts));
    return () => {
      switch (type) {
        case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE:
          return { path: join(chartFileName(chart)) };
        case YamlOutputType.FILE_PER_RESOURCE: {
          const fileOf = (o: ApiObject) => `${`${o.kind}.${o.name}`.replace(/[^0-9a-zA-Z-_.]/g, '')}${ext}`;
          const files = objectsInOwnChart(chart).map(fileOf);
          // cdk8s writes every chart's objects into one folder, one file per kind and name: an object of
          // another chart with the same kind and name overwrites this one's file, and both Applications
          // would deploy whichever was written last
          for (const other of app?.charts ?? []) {
            if (other === chart) continue;
            const clash = objectsInOwnChart(other).map(fileOf).find((f) => files.includes(f));
            if (clash) {
              throw new Error(`${chart.node.path}: with YamlOutputType.FILE_PER_RESOURCE cdk8s writes ${clash} for this chart and for chart ${other.node.path}, one over the other, `
                + 'so both Applications would deploy the same object; use FOLDER_PER_CHART_FILE_PER_RESOURCE or FILE_PER_CHART, or give the objects different names');
            }
          }
          return { path: dir, include: files.length === 1 ? files[0] : `{${files.join(',')}}` };
        }
        default:
          return { path: dir, include: `${chartFileName(chart)}${ext}` };
      }
    };
  }
}

/**
 * The ApiObjects in `c`'s subtree whose closest chart is `c`'s: for a chart, the objects cdk8s writes
 * for it; for any construct, the objects cdk8s makes depend on what it depends on.
 */
function objectsInOwnChart(c: IConstruct): ApiObject[] {
  const chart = chartOf(c);
  return c.node.findAll().filter((x): x is ApiObject => x instanceof ApiObject && chartOf(x) === chart);
}

/** Whether a relative path leads out of the directory it is relative to (`..`, `../x`, `a/../../x`). */
function outsideRoot(p: string): boolean {
  const n = path.posix.normalize(p.replace(/\\/g, '/'));
  return n === '..' || n.startsWith('../');
}

/**
 * The name cdk8s gives a chart's file or folder: its DNS label, prefixed with its index among the
 * app's charts (`0000-`) when charts are nested or depend on each other. The index is the chart's
 * place in the order `App.synth()` writes the charts in (see `synthChartOrder`), not in `app.charts`
 * as it is before synth.
 */
function chartFileName(chart: Chart): string {
  const label = Names.toDnsLabel(chart);
  const root = chart.node.root;
  if (!(root instanceof App)) return label;
  const order = synthChartOrder(root);
  if (!order.indexed) return label;
  const index = order.charts.indexOf(chart);
  return `${String(index).padStart(4, '0')}-${label}`;
}

function chartOf(c: IConstruct): Chart | undefined {
  try {
    return Chart.of(c);
  } catch {
    return undefined;
  }
}

/**
 * The charts in the order cdk8s's `App.synth()` writes them, and whether it prefixes their files
 * with an index (`hasDependantCharts`), computed without touching the app.
 *
 * Before writing, `App.synth()` (cdk8s `lib/app.js`, `resolveDependencies`) adds dependencies to the
 * app: each chart on the charts nested in it, the chart of each construct on the chart of each
 * construct it depends on (when they differ), and each ApiObject on the ApiObjects of the constructs
 * its construct depends on. Then it sorts the app's constructs with a `DependencyGraph` (`app.charts`)
 * and names the charts' files in that order. This function replays those steps on a copy of the
 * dependency lists, so the index is the one cdk8s writes, whether or not synth has already added the
 * dependencies (the steps are idempotent), and the app is left as it is.
 */
function synthChartOrder(app: App): { charts: Chart[]; indexed: boolean } {
  const all = app.node.findAll();
  // the dependency list of every construct, as `node.dependencies` will be after resolveDependencies
  const deps = new Map<IConstruct, IConstruct[]>();
  for (const c of all) deps.set(c, [...new Set(c.node.dependencies)]);
  const depend = (source: IConstruct, target: IConstruct) => {
    const list = deps.get(source);
    if (list && !list.includes(target)) list.push(target);
  };
  const edges = () => all.flatMap((source) => deps.get(source)!.map((target) => ({ source, target })));
  let indexed = false;
  // 1. a chart depends on the charts nested in it
  for (const parent of all) {
    if (!(parent instanceof Chart)) continue;
    for (const child of parent.node.children) {
      if (child instanceof Chart) {
        depend(parent, child);
        indexed = true;
      }
    }
  }
  // 2. a chart depends on the charts its constructs' dependencies are in
  for (const { source, target } of edges()) {
    const sourceChart = chartOf(source);
    const targetChart = chartOf(target);
    if (sourceChart && targetChart && sourceChart !== targetChart) {
      depend(sourceChart, targetChart);
      indexed = true;
    }
  }
  if (!indexed) return { charts: [], indexed };
  // 3. ApiObjects depend on the ApiObjects of what their construct depends on (it can change the order)
  for (const { source, target } of edges()) {
    const targets = objectsInOwnChart(target);
    const sources = objectsInOwnChart(source);
    for (const t of targets) {
      for (const s of sources) if (t !== s) depend(s, t);
    }
  }
  // DependencyGraph(app.node).topology(): the vertices keyed by path (a plain object, as cdk8s keeps
  // them, so that its key order is the same), each with its dependencies in order; the roots are the
  // vertices nothing depends on, visited in key order, dependencies first
  const vertices: Record<string, IConstruct> = {};
  for (const c of all) vertices[c.node.path] = c;
  const outbound = new Map<IConstruct, Set<IConstruct>>(all.map((c) => [c, new Set<IConstruct>()]));
  const dependedOn = new Set<IConstruct>();
  for (const c of all) {
    for (const d of deps.get(c)!) {
      const v = vertices[d.node.path];
      if (!v) continue;
      outbound.get(c)!.add(v);
      dependedOn.add(v);
    }
  }
  const order: IConstruct[] = [];
  const visited = new Set<IConstruct>();
  const visit = (c: IConstruct) => {
    if (visited.has(c)) return;
    visited.add(c);
    for (const d of outbound.get(c)!) visit(d);
    order.push(c);
  };
  for (const c of Object.values(vertices)) if (!dependedOn.has(c)) visit(c);
  return { charts: order.filter((c): c is Chart => c instanceof Chart), indexed };
}
