import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type { ArgoCDApplication } from './application';
import { Destination } from './destination';
import { goDuration, renderApiObject } from '../core/rendered';
import { isInstanceByPrototype, lazySpecProps } from '../core/spec-object';
import * as L1 from '../imports/argocd-argoproj.io';
import { validateAtSynth } from '../validation/synth';
import { argocdMetadata } from './private/application-spec';

/** An Argo CD AppProject that Applications can belong to. */
export interface IAppProject extends IConstruct {
  /** `metadata.name` of the project. */
  readonly name: string;
}

/** A Kubernetes resource type (group and kind, globs allowed) for the project's resource lists. */
export interface ProjectResourceKind {
  /** API group (`''` for the core group, `*` for any). */
  readonly group: string;
  /** Kind (`*` for any). */
  readonly kind: string;
  /**
   * Object name glob (cluster resource lists only).
   * @default - every object of the kind
   */
  readonly name?: string;
}

/** An object kept out of orphaned-resource monitoring. */
export interface OrphanedResourceKey {
  /**
   * API group.
   * @default - any
   */
  readonly group?: string;
  /**
   * Kind.
   * @default - any
   */
  readonly kind?: string;
  /**
   * Name glob.
   * @default - any
   */
  readonly name?: string;
}

/** Orphaned-resource monitoring: objects in the project's namespaces that no Application manages. */
export interface OrphanedResourcesOptions {
  /**
   * Set a warning condition on Applications whose namespace holds orphaned objects.
   * @default true
   */
  readonly warn?: boolean;
  /**
   * Objects that are never reported.
   * @default - none
   */
  readonly ignore?: OrphanedResourceKey[];
}

/** What a project role's policy applies to. */
export enum ProjectPolicyResource {
  /** Applications of the project. */
  APPLICATIONS = 'applications',
  /** ApplicationSets of the project. */
  APPLICATIONSETS = 'applicationsets',
  /** Project-scoped repositories. */
  REPOSITORIES = 'repositories',
  /** Project-scoped clusters. */
  CLUSTERS = 'clusters',
  /** Exec into pods of the project's Applications. */
  EXEC = 'exec',
  /** Pod logs of the project's Applications. */
  LOGS = 'logs',
}

/**
 * A policy of a project role, rendered in Argo CD's casbin form
 * `p, proj:<project>:<role>, <resource>, <action>, <project>/<object>, allow|deny`.
 */
export class ProjectPolicy {
  /**
   * Allows `action` on `resource`.
   * @param resource what the policy applies to
   * @param action `get`, `create`, `update`, `delete`, `sync`, `override`, `action/<group>/<kind>/<name>` or `*`
   * @param target the object within the project: an Application name (glob), `<namespace>/<name>`, or `*`
   */
  public static allow(resource: ProjectPolicyResource, action: string, target: string = '*'): ProjectPolicy {
    return new ProjectPolicy(resource, action, target, 'allow');
  }

  /**
   * Denies `action` on `resource` (deny wins over allow).
   * @param resource what the policy applies to
   * @param action `get`, `create`, `update`, `delete`, `sync`, `override`, `action/<group>/<kind>/<name>` or `*`
   * @param target the object within the project: an Application name (glob), `<namespace>/<name>`, or `*`
   */
  public static deny(resource: ProjectPolicyResource, action: string, target: string = '*'): ProjectPolicy {
    return new ProjectPolicy(resource, action, target, 'deny');
  }

  private constructor(
    private readonly resource: ProjectPolicyResource,
    private readonly action: string,
    private readonly target: string,
    private readonly effect: string,
  ) {
    for (const [what, v] of [['action', action], ['target', target]]) {
      if (!v || v.includes(',')) throw new Error(`a project policy ${what} must be non-empty and contain no comma: ${JSON.stringify(v)}`);
    }
  }

  /** @internal */
  public _render(project: string, role: string): string {
    return `p, proj:${project}:${role}, ${this.resource}, ${this.action}, ${project}/${this.target}, ${this.effect}`;
  }
}

/** A project role: policies bound to SSO groups (or to JWT tokens issued with `argocd proj role create-token`). */
export interface ProjectRole {
  /** Role name: alphanumerics, `-` and `_`, starting and ending with an alphanumeric. */
  readonly name: string;
  /**
   * Description.
   * @default - none
   */
  readonly description?: string;
  /**
   * Policies.
   * @default - none
   */
  readonly policies?: ProjectPolicy[];
  /**
   * SSO (OIDC) groups bound to the role.
   * @default - none
   */
  readonly groups?: string[];
}

/** Whether a sync window allows or blocks syncs. */
export enum SyncWindowKind {
  /** Syncs may run only inside the window (when any allow window exists). */
  ALLOW = 'allow',
  /** Syncs may not run inside the window. */
  DENY = 'deny',
}

/** A time window in which syncs of the project's Applications are allowed or blocked. */
export interface SyncWindow {
  /** Allow or deny. */
  readonly kind: SyncWindowKind;
  /** When the window opens: a 5-field cron expression, e.g. `0 22 * * 1-5`. */
  readonly schedule: string;
  /** How long the window stays open. */
  readonly duration: Duration;
  /**
   * Application names (globs) the window applies to.
   * @default - none (at least one of applications, namespaces or clusters is required)
   */
  readonly applications?: string[];
  /**
   * Destination namespaces (globs) the window applies to.
   * @default - none (at least one of applications, namespaces or clusters is required)
   */
  readonly namespaces?: string[];
  /**
   * Destination clusters (names or servers, globs) the window applies to.
   * @default - none (at least one of applications, namespaces or clusters is required)
   */
  readonly clusters?: string[];
  /**
   * Allow manual syncs while a deny window is active.
   * @default false
   */
  readonly manualSync?: boolean;
  /**
   * Time zone of the schedule (IANA name).
   * @default 'UTC'
   */
  readonly timeZone?: string;
  /**
   * Match Applications on all of applications, namespaces and clusters instead of any.
   * @default false
   */
  readonly andOperator?: boolean;
  /**
   * Let syncs that are running when the window changes state finish.
   * @default false
   */
  readonly syncOverrun?: boolean;
  /**
   * Description (at most 255 characters).
   * @default - none
   */
  readonly description?: string;
}

/** Properties of an AppProject. */
export interface AppProjectProps {
  /**
   * Metadata. AppProjects live in Argo CD's namespace.
   * @default - a generated name; the chart's namespace, or `argocd` when the chart has none
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Description (at most 255 characters).
   * @default - none
   */
  readonly description?: string;
  /**
   * Repositories (URL globs) Applications may use. `*` is refused here: call `allowAnySourceRepo()`.
   * @default - none (see `allowApplication()`)
   */
  readonly sourceRepos?: string[];
  /**
   * Clusters and namespaces (globs) Applications may deploy to. A destination of any cluster and
   * any namespace is refused here: call `allowAnyDestination()`. A destination without namespace
   * allows only cluster-scoped objects (see `addDestination()`).
   * @default - none (see `allowApplication()`)
   */
  readonly destinations?: Destination[];
  /**
   * Cluster-scoped resource kinds Applications may deploy. `*`/`*` is refused here: call
   * `allowAllClusterResources()`.
   * @default - none: no cluster-scoped resources
   */
  readonly clusterResourceWhitelist?: ProjectResourceKind[];
  /**
   * Cluster-scoped resource kinds Applications may not deploy.
   * @default - none
   */
  readonly clusterResourceBlacklist?: ProjectResourceKind[];
  /**
   * Namespaced resource kinds Applications may deploy.
   * @default - every namespaced kind
   */
  readonly namespaceResourceWhitelist?: ProjectResourceKind[];
  /**
   * Namespaced resource kinds Applications may not deploy.
   * @default - none
   */
  readonly namespaceResourceBlacklist?: ProjectResourceKind[];
  /**
   * Namespaces, other than Argo CD's, in which Applications of the project may be created
   * ("apps in any namespace"), globs allowed. `*` is refused here: call `allowAnySourceNamespace()`.
   * @default - none
   */
  readonly sourceNamespaces?: string[];
  /**
   * Roles.
   * @default - none
   */
  readonly roles?: ProjectRole[];
  /**
   * Sync windows.
   * @default - syncs may run at any time
   */
  readonly syncWindows?: SyncWindow[];
  /**
   * Monitor objects that no Application manages in the project's namespaces.
   * @default - not monitored
   */
  readonly orphanedResources?: OrphanedResourcesOptions;
  /**
   * Allow only clusters registered with this project as destinations.
   * @default false
   */
  readonly permitOnlyProjectScopedClusters?: boolean;
}

class ImportedAppProject extends Construct implements IAppProject {
  constructor(scope: Construct, id: string, public readonly name: string) {
    super(scope, id);
  }
}

/**
 * An Argo CD AppProject, least privilege by default: no repository, no destination, no other
 * namespace for Applications and no cluster-scoped resource is allowed until added. `allowApplication()` allows exactly what an
 * Application uses; the `allowAny...()` methods open a dimension completely, explicitly.
 *
 * Checked at synth with Argo CD's project rules (duplicates, `!*`, roles, sync window syntax).
 *
 * The construct is the AppProject object itself; `addJsonPatch()` reaches fields the props do not cover.
 */
export class AppProject extends ApiObject implements IAppProject {
  /**
   * A project defined outside this app, by name (`default` for Argo CD's default project).
   */
  public static fromProjectName(scope: Construct, id: string, name: string): IAppProject {
    return new ImportedAppProject(scope, id, name);
  }

  /**
   * `instanceof` by prototype chain: true only for an AppProject (or a subclass), where the check
   * inherited from ApiObject accepts any ApiObject.
   * @internal
   */
  public static [Symbol.hasInstance](o: unknown): o is AppProject {
    return isInstanceByPrototype(this, o);
  }

  private readonly options: AppProjectProps;
  /** repositories added by URL, and Applications whose repositories are read at synth (`allowApplication`) */
  private readonly sourceRepos: Array<string | ArgoCDApplication> = [];
  /** the Applications of `allowApplication()`: the Namespace of those that create theirs is allowed at render */
  private readonly allowedApps: ArgoCDApplication[] = [];
  private readonly destinations: L1.AppProjectSpecDestinations[] = [];
  private readonly clusterWhitelist: ProjectResourceKind[] = [];
  private readonly roles: ProjectRole[] = [];
  private readonly syncWindows: SyncWindow[] = [];
  private readonly sourceNamespaces: string[] = [];

  constructor(scope: Construct, id: string, props: AppProjectProps = {}) {
    super(scope, id, lazySpecProps(L1.AppProject.GVK, argocdMetadata(scope, props.metadata), () => this._renderSpec()));
    this.options = props;
    for (const r of props.sourceRepos ?? []) this.addSourceRepo(r);
    for (const d of props.destinations ?? []) this.addDestination(d);
    for (const k of props.clusterResourceWhitelist ?? []) this.allowClusterResource(k);
    for (const ns of props.sourceNamespaces ?? []) this.addSourceNamespace(ns);
    for (const r of props.roles ?? []) this.addRole(r);
    for (const w of props.syncWindows ?? []) this.addSyncWindow(w);
    validateAtSynth(this, () => [this]);
  }

  /**
   * Renders the object (`spec` built from what was allowed, JSON patches applied).
   */
  public override toJson(): any {
    return renderApiObject(this);
  }

  /**
   * Allows a repository (URL glob; `!url` denies one). Adding one twice is harmless.
   * @param repoUrl repository URL or glob, e.g. `https://github.com/acme/*`
   */
  public addSourceRepo(repoUrl: string): void {
    if (repoUrl === '*') throw new Error('"*" allows every repository: call allowAnySourceRepo() if that is what you want');
    this.pushRepo(repoUrl);
  }

  /** Allows every repository (`sourceRepos: ['*']`). */
  public allowAnySourceRepo(): void {
    this.pushRepo('*');
  }

  /**
   * Allows a destination: a cluster (by server or name, globs allowed) and a namespace glob.
   * Adding one twice is harmless.
   *
   * A destination without a namespace is Argo CD's empty namespace pattern, which matches only the
   * empty namespace (argo-cd `isDestinationMatched` → `glob.Match("", ns)`): it allows Applications
   * whose destination has no namespace, and only their cluster-scoped objects (each namespaced object
   * is checked with its own namespace). It is not "every namespace": that is `'*'`.
   */
  public addDestination(destination: Destination): void {
    const cluster = destination.serverUrl ?? destination.clusterName;
    if (cluster === '*' && destination.namespace === '*') {
      throw new Error('a destination of every cluster and every namespace: call allowAnyDestination() if that is what you want');
    }
    this.pushDestination({ server: destination.serverUrl, name: destination.clusterName, namespace: destination.namespace });
  }

  /** Allows every cluster and namespace (`destinations: [{ server: '*', namespace: '*' }]`). */
  public allowAnyDestination(): void {
    this.pushDestination({ server: '*', namespace: '*' });
  }

  /**
   * Allows exactly what `app` uses: the repositories of its sources, its destination (cluster
   * and namespace) and, when Argo CD creates that namespace (`SyncOption.createNamespace()`), the
   * Namespace object (`clusterResourceWhitelist`; Argo CD refuses to create it otherwise:
   * `resource :Namespace is not permitted in project`). Both are read at synth, so sources and sync
   * options added to `app` later are allowed too.
   */
  public allowApplication(app: ArgoCDApplication): void {
    const d = app.destination;
    if (d.namespace === undefined) {
      throw new Error(`allowApplication(${app.node.path}): the Application has no destination namespace, so each of its namespaced objects names its own namespace, `
        + 'and a project destination without namespace allows none of them (Argo CD matches the empty namespace pattern against each object\'s namespace: it allows only cluster-scoped objects); '
        + 'give the Application a destination namespace (e.g. Destination.cluster(name, namespace)) or add the namespaces it deploys to with addDestination()');
    }
    if (!this.sourceRepos.includes(app)) this.sourceRepos.push(app);
    this.addDestination(d);
    if (!this.allowedApps.includes(app)) this.allowedApps.push(app);
  }

  /**
   * Allows a cluster-scoped resource kind (CustomResourceDefinition, ClusterRole, Namespace, ...).
   * `*`/`*` is refused: call `allowAllClusterResources()`.
   */
  public allowClusterResource(kind: ProjectResourceKind): void {
    if (kind.group === '*' && kind.kind === '*' && (kind.name ?? '*') === '*') {
      throw new Error('{ group: "*", kind: "*" } allows every cluster-scoped resource: call allowAllClusterResources() if that is what you want');
    }
    this.pushClusterKind(kind);
  }

  /** Allows every cluster-scoped resource (`clusterResourceWhitelist: [{ group: '*', kind: '*' }]`). */
  public allowAllClusterResources(): void {
    this.pushClusterKind({ group: '*', kind: '*' });
  }

  /**
   * Lets Applications of the project live in a namespace other than Argo CD's ("apps in any
   * namespace"; glob allowed). `*` is refused: call `allowAnySourceNamespace()`. Adding one twice is harmless.
   * @param namespace namespace or glob, e.g. `team-a-*`
   */
  public addSourceNamespace(namespace: string): void {
    if (namespace === '*') throw new Error('"*" lets Applications of the project be created in every namespace: call allowAnySourceNamespace() if that is what you want');
    this.pushSourceNamespace(namespace);
  }

  /** Lets Applications of the project live in every namespace (`sourceNamespaces: ['*']`). */
  public allowAnySourceNamespace(): void {
    this.pushSourceNamespace('*');
  }

  /** Adds a role. */
  public addRole(role: ProjectRole): void {
    this.roles.push(role);
  }

  /** Adds a sync window. */
  public addSyncWindow(window: SyncWindow): void {
    this.syncWindows.push(window);
  }

  /** @internal */
  public _renderSpec(): Record<string, any> {
    const p = this.options;
    const repos = [...new Set(this.sourceRepos.flatMap((r) => (typeof r === 'string' ? [r] : r.repoUrls)))];
    const kinds = (list: ProjectResourceKind[] | undefined) => list?.map((k) => ({ group: k.group, kind: k.kind, name: k.name }));
    const spec: L1.AppProjectSpec = {
      description: p.description,
      sourceRepos: repos.length > 0 ? repos : undefined,
      destinations: this.destinations.length > 0 ? this.destinations : undefined,
      clusterResourceWhitelist: kinds(this.clusterKinds()),
      clusterResourceBlacklist: kinds(p.clusterResourceBlacklist),
      namespaceResourceWhitelist: p.namespaceResourceWhitelist?.map((k) => ({ group: k.group, kind: k.kind })),
      namespaceResourceBlacklist: p.namespaceResourceBlacklist?.map((k) => ({ group: k.group, kind: k.kind })),
      sourceNamespaces: this.sourceNamespaces.length > 0 ? this.sourceNamespaces : undefined,
      roles: this.roles.length > 0 ? this.roles.map((r) => ({
        name: r.name,
        description: r.description,
        policies: r.policies?.map((x) => x._render(this.name, r.name)),
        groups: r.groups,
      })) : undefined,
      syncWindows: this.syncWindows.length > 0 ? this.syncWindows.map((w) => ({
        kind: w.kind,
        schedule: w.schedule,
        duration: goDuration(w.duration),
        applications: w.applications,
        namespaces: w.namespaces,
        clusters: w.clusters,
        manualSync: w.manualSync,
        timeZone: w.timeZone,
        andOperator: w.andOperator,
        syncOverrun: w.syncOverrun,
        description: w.description,
      })) : undefined,
      orphanedResources: p.orphanedResources ? {
        warn: p.orphanedResources.warn ?? true,
        ignore: p.orphanedResources.ignore?.map((k) => ({ group: k.group, kind: k.kind, name: k.name })),
      } : undefined,
      permitOnlyProjectScopedClusters: p.permitOnlyProjectScopedClusters,
    };
    return L1.toJson_AppProjectSpec(spec)!;
  }

  private pushRepo(url: string): void {
    if (!this.sourceRepos.includes(url)) this.sourceRepos.push(url);
  }

  private pushSourceNamespace(namespace: string): void {
    if (!this.sourceNamespaces.includes(namespace)) this.sourceNamespaces.push(namespace);
  }

  private pushDestination(d: L1.AppProjectSpecDestinations): void {
    if (!this.destinations.some((x) => x.server === d.server && x.name === d.name && x.namespace === d.namespace)) this.destinations.push(d);
  }

  /**
   * The cluster-scoped kinds allowed: those added, and the Namespace of each Application of
   * `allowApplication()` that creates it (`CreateNamespace=true`): Argo CD checks the Namespace it
   * creates against the project like any object (`resource :Namespace is not permitted in project`).
   * Undefined when there are none.
   */
  private clusterKinds(): ProjectResourceKind[] | undefined {
    const out = [...this.clusterWhitelist];
    const covers = (k: ProjectResourceKind, ns: string) => (k.group === '' || k.group === '*') && (k.kind === 'Namespace' || k.kind === '*') && (k.name === undefined || k.name === '*' || k.name === ns);
    for (const app of this.allowedApps) {
      const ns = app.destination.namespace;
      if (ns !== undefined && app.createsNamespace && !out.some((k) => covers(k, ns))) out.push({ group: '', kind: 'Namespace', name: ns });
    }
    return out.length > 0 ? out : undefined;
  }

  private pushClusterKind(k: ProjectResourceKind): void {
    if (!this.clusterWhitelist.some((x) => x.group === k.group && x.kind === k.kind && x.name === k.name)) this.clusterWhitelist.push(k);
  }
}
