import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type { IAppProject } from './app-project';
import { Destination } from './destination';
import { ApplicationSpecBuilder, argocdMetadata, mergeFinalizers } from './private/application-spec';
import { ApplicationSource } from './source';
import { SyncOption } from './sync-option';
import { SyncPolicy, SyncRetry } from './sync-policy';
import { SyncWave } from './sync-wave';
import { renderApiObject } from '../core/rendered';
import { isInstanceByPrototype, lazySpecProps } from '../core/spec-object';
import * as L1 from '../imports/argocd-argoproj.io';
import { validateAtSynth } from '../validation/synth';

/**
 * Fields of live objects that Argo CD ignores when it compares them with the source
 * (`spec.ignoreDifferences`).
 */
export interface ResourceIgnoreDifferences {
  /**
   * API group of the objects (`apps`, `argoproj.io`, ...).
   * @default - the core group
   */
  readonly group?: string;
  /** Kind of the objects. */
  readonly kind: string;
  /**
   * Name of the object.
   * @default - every object of the kind
   */
  readonly name?: string;
  /**
   * Namespace of the object.
   * @default - every namespace
   */
  readonly namespace?: string;
  /**
   * JSON pointers of the ignored fields, e.g. `/spec/replicas`.
   * @default - none
   */
  readonly jsonPointers?: string[];
  /**
   * jq path expressions of the ignored fields, e.g. `.spec.template.spec.initContainers[] | select(.name == "istio")`.
   * @default - none
   */
  readonly jqPathExpressions?: string[];
  /**
   * Field managers (e.g. `kube-controller-manager`) whose changes are ignored.
   * @default - none
   */
  readonly managedFieldsManagers?: string[];
}

/** A line of information shown with the Application in the UI (a URL, an email address, text). */
export interface ApplicationInfo {
  /** Label. */
  readonly name: string;
  /** Value. */
  readonly value: string;
}

/**
 * The objects whose replicas a controller other than Argo CD owns. Argo CD then ignores
 * `spec.replicas` of those objects in the diff and during sync (`RespectIgnoreDifferences=true`).
 */
export interface RolloutDifferencesOptions {
  /**
   * Charts (or other constructs) this Application deploys. At synth, every object a
   * HorizontalPodAutoscaler scales (a Rollout, a Deployment, ...) and every Deployment that a
   * Rollout's `workloadRef` scales down (`scaleDown: onsuccess | progressively`) is found in them.
   * @default - none
   */
  readonly scopes?: IConstruct[];
  /**
   * Names of Rollouts whose replicas an HPA manages (when the HPA is not in `scopes`).
   * @default - none
   */
  readonly hpaScaledRollouts?: string[];
  /**
   * Names of Deployments that a Rollout's `workloadRef` scales down (when the Rollout is not in `scopes`).
   * @default - none
   */
  readonly scaledDownDeployments?: string[];
}

/** What deleting the Application does to the objects it deployed (the resources finalizer). */
export enum CascadeDelete {
  /** Delete the objects first, then the Application (`resources-finalizer.argocd.argoproj.io`). */
  FOREGROUND = 'resources-finalizer.argocd.argoproj.io',
  /** Delete the Application, then the objects in the background (`resources-finalizer.argocd.argoproj.io/background`). */
  BACKGROUND = 'resources-finalizer.argocd.argoproj.io/background',
}

/**
 * Where an Application deploys and how it syncs: everything of its spec except the sources.
 */
export interface ApplicationBaseOptions {
  /** Cluster and namespace to deploy to. */
  readonly destination: Destination;
  /**
   * The AppProject the Application belongs to.
   * @default - the `default` project
   */
  readonly project?: IAppProject;
  /**
   * When to sync.
   * @default SyncPolicy.manual()
   */
  readonly syncPolicy?: SyncPolicy;
  /**
   * Application-wide sync options (a set: one value per option).
   * @default - none
   */
  readonly syncOptions?: SyncOption[];
  /**
   * How failed syncs are retried.
   * @default - failed syncs are not retried
   */
  readonly retry?: SyncRetry;
  /**
   * Fields ignored in the diff (and, with `SyncOption.respectIgnoreDifferences()`, during sync).
   * For replicas owned by an HPA or a Rollout see `ignoreRolloutDifferences()`.
   * @default - none
   */
  readonly ignoreDifferences?: ResourceIgnoreDifferences[];
  /**
   * Information shown with the Application.
   * @default - none
   */
  readonly info?: ApplicationInfo[];
  /**
   * Sync results kept in the history (for rollback).
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Labels of the destination namespace when Argo CD creates it (`SyncOption.createNamespace()`).
   * @default - none
   */
  readonly managedNamespaceLabels?: { [key: string]: string };
  /**
   * Annotations of the destination namespace when Argo CD creates it (`SyncOption.createNamespace()`).
   * @default - none
   */
  readonly managedNamespaceAnnotations?: { [key: string]: string };
}

/**
 * The spec of an Argo CD Application: where the manifests come from, where they go, and how they
 * are synced. Shared by `ArgoCDApplication` and the template of an `ApplicationSet`.
 */
export interface ApplicationSpecOptions extends ApplicationBaseOptions {
  /**
   * The manifests. More sources can be added with `addSource()`.
   * @default - none (one of `source` / `sources` is required)
   */
  readonly source?: ApplicationSource;
  /**
   * Several sources (a multi-source Application), e.g. a Helm chart and a Git repository with its
   * value files (`ref`).
   * @default - none (one of `source` / `sources` is required)
   */
  readonly sources?: ApplicationSource[];
}

/** Properties of an ArgoCDApplication. */
export interface ArgoCDApplicationProps extends ApplicationSpecOptions {
  /**
   * Metadata. Applications live in Argo CD's namespace.
   * @default - a generated name; the chart's namespace, or `argocd` when the chart has none
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Delete the deployed objects when the Application is deleted (the resources finalizer).
   * @default - deleting the Application leaves its objects in the cluster
   */
  readonly cascadeDelete?: CascadeDelete;
  /**
   * Sync wave of the Application itself, for app-of-apps ordering (see `SyncWave`).
   * @default - wave 0
   */
  readonly syncWave?: number;
}

/**
 * An Argo CD Application (Argo CD v3.5): a set of manifests (Git directory, Helm chart, kustomization,
 * plugin, or several of them) that Argo CD keeps in sync with a cluster.
 *
 * Checked at synth with the Argo CD rules that need no cluster (destination, sources, refs).
 *
 * The construct is the Application object itself; `addJsonPatch()` reaches fields the props do not cover.
 */
export class ArgoCDApplication extends ApiObject {
  /**
   * `instanceof` by prototype chain: true only for an ArgoCDApplication (or a subclass), where the check
   * inherited from ApiObject accepts any ApiObject.
   * @internal
   */
  public static [Symbol.hasInstance](o: unknown): o is ArgoCDApplication {
    return isInstanceByPrototype(this, o);
  }

  /** Where the Application deploys. */
  public readonly destination: Destination;
  /**
   * The AppProject.
   * @default - the `default` project
   */
  public readonly project?: IAppProject;
  private readonly spec: ApplicationSpecBuilder;

  constructor(scope: Construct, id: string, props: ArgoCDApplicationProps) {
    const annotations = { ...props.metadata?.annotations };
    if (props.syncWave !== undefined) annotations[SyncWave.ANNOTATION] = SyncWave.value(props.syncWave);
    const metadata = {
      ...argocdMetadata(scope, props.metadata),
      annotations,
      finalizers: mergeFinalizers(props.metadata?.finalizers, props.cascadeDelete),
    };
    // props are checked (the builder throws) before the object joins the tree
    const spec = new ApplicationSpecBuilder(props);
    super(scope, id, lazySpecProps(L1.Application.GVK, metadata, () => spec.render()));
    this.spec = spec;
    this.destination = props.destination;
    this.project = props.project;
    validateAtSynth(this, () => [this], () => spec.problems());
  }

  /**
   * Renders the object (`spec` built from the sources and sync settings, JSON patches applied).
   */
  public override toJson(): any {
    return renderApiObject(this);
  }

  /** `metadata.namespace` (Argo CD's namespace). */
  public get namespace(): string | undefined {
    return this.metadata.namespace;
  }

  /** The sources, in order. */
  public get sources(): ApplicationSource[] {
    return this.spec.allSources;
  }

  /** Repository URLs of the sources (what the AppProject must allow). */
  public get repoUrls(): string[] {
    return [...new Set(this.spec.allSources.map((s) => s.repoUrl))];
  }

  /** Adds a source; a second source makes this a multi-source Application. */
  public addSource(source: ApplicationSource): void {
    this.spec.addSource(source);
  }

  /**
   * Whether Argo CD creates the destination namespace (`SyncOption.createNamespace()`): the
   * Namespace is then an object of the Application, which its project must allow
   * (`AppProject.allowApplication()` does).
   */
  public get createsNamespace(): boolean {
    return this.spec.createsNamespace;
  }

  /** Adds an application-wide sync option (throws when it conflicts with one already set). */
  public addSyncOption(option: SyncOption): void {
    this.spec.addSyncOption(option);
  }

  /** Ignores fields of live objects in the diff. */
  public addIgnoreDifferences(entry: ResourceIgnoreDifferences): void {
    this.spec.addIgnoreDifferences(entry);
  }

  /** Adds a line of information shown with the Application. */
  public addInfo(name: string, value: string): void {
    this.spec.addInfo({ name, value });
  }

  /**
   * The rollout-aware defaults users otherwise write by hand: ignore `spec.replicas` of objects
   * an HPA scales and of Deployments a `workloadRef` Rollout scales down, and respect those
   * differences during sync (`RespectIgnoreDifferences=true`) so that a sync does not reset them.
   *
   * With `scopes` the objects are found in the charts at synth: nothing is added when there are none.
   */
  public ignoreRolloutDifferences(options: RolloutDifferencesOptions): void {
    this.spec.ignoreRolloutDifferences(options);
  }
}
