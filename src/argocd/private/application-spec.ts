/**
 * The spec of an Argo CD Application, shared by ArgoCDApplication and the template of an
 * ApplicationSet (the CRDs give both the same shape).
 */
import { ApiObjectMetadata, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as L1 from '../../imports/argocd-argoproj.io';
import type { ApplicationInfo, ApplicationSpecOptions, CascadeDelete, ResourceIgnoreDifferences, RolloutDifferencesOptions } from '../application';
import { Destination } from '../destination';
import { ApplicationSource } from '../source';
import { SyncOption } from '../sync-option';
import { SyncPolicy } from '../sync-policy';
import { renderRetry, SyncOptionSet } from './render';
import { managedReplicaDifferences } from './rollout-differences';

/** The project every Application without one belongs to. */
export const DEFAULT_PROJECT = 'default';

/** The namespace Argo CD is installed in by default, where Applications and AppProjects live. */
export const ARGOCD_NAMESPACE = 'argocd';

/**
 * Metadata of an Argo CD object (Application, ApplicationSet, AppProject): they live in Argo CD's
 * namespace, which is the given one, else the chart's, else `argocd`.
 */
export function argocdMetadata(scope: IConstruct, metadata: ApiObjectMetadata | undefined): ApiObjectMetadata {
  return { ...metadata, namespace: metadata?.namespace ?? Chart.of(scope).namespace ?? ARGOCD_NAMESPACE };
}

/** metadata.finalizers with the resources finalizer of `cascade` added. */
export function mergeFinalizers(finalizers: string[] | undefined, cascade: CascadeDelete | undefined): string[] | undefined {
  const out = [...(finalizers ?? [])];
  if (cascade && !out.includes(cascade)) out.push(cascade);
  return out.length > 0 ? out : undefined;
}

/** Mutable state of an Application spec, rendered lazily so that `addX()` calls reach the output. */
export class ApplicationSpecBuilder {
  public readonly destination: Destination;
  public readonly projectName: () => string;
  private readonly sources: ApplicationSource[] = [];
  private multiSource: boolean;
  private readonly syncOptions = new SyncOptionSet();
  private readonly ignoreDifferences: ResourceIgnoreDifferences[] = [];
  private readonly info: ApplicationInfo[] = [];
  private readonly rolloutScopes: IConstruct[] = [];
  private readonly hpaScaledRollouts: string[] = [];
  private readonly scaledDownDeployments: string[] = [];

  constructor(private readonly options: ApplicationSpecOptions) {
    if (options.source && options.sources) {
      throw new Error('pass either "source" or "sources", not both (a single source is sources: [source])');
    }
    if (!options.destination) throw new Error('an Application needs a "destination" (Destination.server(), Destination.cluster() or Destination.inCluster())');
    this.destination = options.destination;
    this.projectName = () => options.project?.name ?? DEFAULT_PROJECT;
    this.multiSource = options.sources !== undefined;
    if (options.source) this.sources.push(options.source);
    for (const s of options.sources ?? []) this.sources.push(s);
    for (const o of options.syncOptions ?? []) this.syncOptions.add(o);
    for (const d of options.ignoreDifferences ?? []) this.ignoreDifferences.push(d);
    for (const i of options.info ?? []) this.info.push(i);
    if (options.revisionHistoryLimit !== undefined && (!Number.isInteger(options.revisionHistoryLimit) || options.revisionHistoryLimit < 0)) {
      throw new Error(`"revisionHistoryLimit" must be a whole number >= 0: ${options.revisionHistoryLimit}`);
    }
    renderRetry(options.retry); // argument checks at the call
  }

  public get allSources(): ApplicationSource[] {
    return [...this.sources];
  }

  public addSource(source: ApplicationSource): void {
    if (this.sources.length > 0) this.multiSource = true;
    this.sources.push(source);
  }

  public addSyncOption(option: SyncOption): void {
    this.syncOptions.add(option);
  }

  /** Whether Argo CD creates the destination namespace (`CreateNamespace=true`). */
  public get createsNamespace(): boolean {
    return this.syncOptions.values().some((o) => o.key === 'CreateNamespace' && o.value === 'true');
  }

  public addIgnoreDifferences(entry: ResourceIgnoreDifferences): void {
    this.ignoreDifferences.push(entry);
  }

  public addInfo(entry: ApplicationInfo): void {
    this.info.push(entry);
  }

  public ignoreRolloutDifferences(options: RolloutDifferencesOptions): void {
    this.rolloutScopes.push(...(options.scopes ?? []));
    this.hpaScaledRollouts.push(...(options.hpaScaledRollouts ?? []));
    this.scaledDownDeployments.push(...(options.scaledDownDeployments ?? []));
  }

  /**
   * What is wrong with the spec as a whole, found at synth (each message says what and how to fix it):
   * the rollout-aware differences (`ignoreRolloutDifferences()`) need `RespectIgnoreDifferences=true`,
   * which the user's sync options turned off.
   */
  public problems(): string[] {
    const off = this.respectIgnoreDifferencesTurnedOff();
    if (off === undefined) return [];
    const managed = this.managedDifferences();
    if (managed.length === 0) return [];
    const what = managed.map((d) => `${d.kind}/${d.name}`).join(', ');
    return [
      `ignoreRolloutDifferences() ignores spec.replicas of ${what}, which another controller owns, and needs the sync option RespectIgnoreDifferences=true so that a sync does not reset them, `
      + `but the Application's sync options set ${off}: remove that sync option, or opt out of the rollout-aware differences `
      + '(GitOpsRepository.addChart(chart, { ignoreRolloutDifferences: false }), or do not call ignoreRolloutDifferences())',
    ];
  }

  /** The user's `RespectIgnoreDifferences=<not true>` sync option, if any. */
  private respectIgnoreDifferencesTurnedOff(): SyncOption | undefined {
    const respect = SyncOption.respectIgnoreDifferences();
    return this.syncOptions.values().find((o) => o.key === respect.key && o.value !== respect.value);
  }

  /** ignoreDifferences entries for the replicas that an HPA or a Rollout owns (`ignoreRolloutDifferences()`). */
  private managedDifferences(): L1.ApplicationSpecIgnoreDifferences[] {
    return [
      ...this.hpaScaledRollouts.map((name) => ({ group: 'argoproj.io', kind: 'Rollout', name, jsonPointers: ['/spec/replicas'] })),
      ...this.scaledDownDeployments.map((name) => ({ group: 'apps', kind: 'Deployment', name, jsonPointers: ['/spec/replicas'] })),
      ...managedReplicaDifferences(this.rolloutScopes),
    ];
  }

  /** The spec as Argo CD JSON. */
  public render(): Record<string, any> {
    const o = this.options;
    const ignore: L1.ApplicationSpecIgnoreDifferences[] = this.ignoreDifferences.map((d) => ({
      group: d.group,
      kind: d.kind,
      name: d.name,
      namespace: d.namespace,
      jsonPointers: d.jsonPointers,
      jqPathExpressions: d.jqPathExpressions,
      managedFieldsManagers: d.managedFieldsManagers,
    }));
    const managed = this.managedDifferences();
    const key = (d: L1.ApplicationSpecIgnoreDifferences) => `${d.group ?? ''}/${d.kind}/${d.namespace ?? ''}/${d.name ?? ''}/${(d.jsonPointers ?? []).join(',')}`;
    const keys = new Set(ignore.map(key));
    const syncOptions = new SyncOptionSet();
    for (const opt of this.syncOptions.values()) syncOptions.add(opt);
    for (const d of managed) {
      if (keys.has(key(d))) continue;
      keys.add(key(d));
      ignore.push(d);
    }
    // without it a sync would reset what the HPA / the Rollout set; a user's RespectIgnoreDifferences=false
    // is kept as written and reported by problems()
    if (managed.length > 0 && this.respectIgnoreDifferencesTurnedOff() === undefined) syncOptions.add(SyncOption.respectIgnoreDifferences());

    const syncPolicy: L1.ApplicationSpecSyncPolicy = {
      automated: (o.syncPolicy ?? SyncPolicy.manual())._toL1(),
      syncOptions: syncOptions.render(),
      retry: renderRetry(o.retry),
      managedNamespaceMetadata: o.managedNamespaceLabels || o.managedNamespaceAnnotations
        ? { labels: o.managedNamespaceLabels, annotations: o.managedNamespaceAnnotations }
        : undefined,
    };
    const hasSyncPolicy = Object.values(syncPolicy).some((v) => v !== undefined);
    const spec: L1.ApplicationSpec = {
      project: this.projectName(),
      destination: this.destination._toL1(),
      ignoreDifferences: ignore.length > 0 ? ignore : undefined,
      info: this.info.length > 0 ? this.info.map((i) => ({ name: i.name, value: i.value })) : undefined,
      revisionHistoryLimit: o.revisionHistoryLimit,
      syncPolicy: hasSyncPolicy ? syncPolicy : undefined,
    };
    // spec.source and spec.sources[] have the same JSON shape; each source renders itself through
    // the generated serializer (see ApplicationSource._render)
    const rendered = this.sources.map((s) => s._render());
    return {
      ...L1.toJson_ApplicationSpec(spec),
      ...(this.multiSource ? { sources: rendered } : rendered.length > 0 ? { source: rendered[0] } : {}),
    };
  }
}
