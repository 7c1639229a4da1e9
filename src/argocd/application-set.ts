import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { ApplicationSpecOptions, CascadeDelete } from './application';
import { ApplicationSetGenerator } from './generator';
import { renderApiObject } from '../core/rendered';
import { isInstanceByPrototype, lazySpecProps } from '../core/spec-object';
import * as L1 from '../imports/argocd-argoproj.io';
import { validateAtSynth } from '../validation/synth';
import { ApplicationSpecBuilder, argocdMetadata, mergeFinalizers } from './private/application-spec';
import { SyncWave } from './sync-wave';

/**
 * The Application an ApplicationSet renders for each parameter set: the same props as an
 * ArgoCDApplication, where any string may hold template parameters (`{{.name}}`).
 */
export interface ApplicationTemplate extends ApplicationSpecOptions {
  /** Name of each generated Application: must differ per parameter set, e.g. `'{{.name}}-web'`. */
  readonly name: string;
  /**
   * Namespace of the generated Applications.
   * @default - the ApplicationSet's namespace
   */
  readonly namespace?: string;
  /**
   * Labels of the generated Applications.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the generated Applications.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Delete the deployed objects when a generated Application is deleted (the resources finalizer).
   * @default - deleting an Application leaves its objects in the cluster
   */
  readonly cascadeDelete?: CascadeDelete;
  /**
   * Sync wave of the generated Applications, for app-of-apps ordering.
   * @default - wave 0
   */
  readonly syncWave?: number;
}

/** What the ApplicationSet controller may do to the Applications it generates. */
export enum ApplicationsSyncPolicy {
  /** Create Applications, never update or delete them. */
  CREATE_ONLY = 'create-only',
  /** Create and update Applications, never delete them. */
  CREATE_UPDATE = 'create-update',
  /** Create and delete Applications, never update them. */
  CREATE_DELETE = 'create-delete',
  /** Create, update and delete Applications (the controller's default). */
  SYNC = 'sync',
}

/** Properties of an ApplicationSet. */
export interface ApplicationSetProps {
  /**
   * Metadata. ApplicationSets live in Argo CD's namespace.
   * @default - a generated name; the chart's namespace, or `argocd` when the chart has none
   */
  readonly metadata?: ApiObjectMetadata;
  /** Generators: the parameter sets of all generators are combined (one Application each). */
  readonly generators: ApplicationSetGenerator[];
  /** The Application rendered for each parameter set. */
  readonly template: ApplicationTemplate;
  /**
   * Render the template with Go templates (`{{.name}}`, `{{.metadata.labels.env}}`) instead of the
   * legacy fasttemplate syntax (`{{name}}`).
   * @default true
   */
  readonly goTemplate?: boolean;
  /**
   * Go template options.
   * @default ['missingkey=error'] with Go templates: a misspelt parameter fails instead of rendering empty
   */
  readonly goTemplateOptions?: string[];
  /**
   * What the controller may do to the generated Applications.
   * @default ApplicationsSyncPolicy.SYNC
   */
  readonly applicationsSync?: ApplicationsSyncPolicy;
  /**
   * Keep the objects of generated Applications when the ApplicationSet is deleted.
   * @default false
   */
  readonly preserveResourcesOnDeletion?: boolean;
}

/**
 * An Argo CD ApplicationSet: one template, many Applications (per cluster, per directory, per list
 * element).
 *
 * The template's Application spec is checked at synth with the same Argo CD rules as an
 * ArgoCDApplication.
 *
 * The construct is the ApplicationSet object itself; `addJsonPatch()` reaches fields the props do not cover.
 */
export class ApplicationSet extends ApiObject {
  /**
   * `instanceof` by prototype chain: true only for an ApplicationSet (or a subclass), where the check
   * inherited from ApiObject accepts any ApiObject.
   * @internal
   */
  public static [Symbol.hasInstance](o: unknown): o is ApplicationSet {
    return isInstanceByPrototype(this, o);
  }

  private readonly options: ApplicationSetProps;
  private readonly generators: ApplicationSetGenerator[];
  private readonly spec: ApplicationSpecBuilder;

  constructor(scope: Construct, id: string, props: ApplicationSetProps) {
    if (!props.template.name) throw new Error('an ApplicationSet template needs a "name", e.g. "{{.name}}-web"');
    // props are checked (the builder throws) before the object joins the tree
    const spec = new ApplicationSpecBuilder(props.template);
    super(scope, id, lazySpecProps(L1.ApplicationSet.GVK, argocdMetadata(scope, props.metadata), () => this._renderSpec()));
    this.options = props;
    this.generators = [...props.generators];
    this.spec = spec;
    validateAtSynth(this, () => [this], () => [
      ...this.generators.length === 0 ? ['an ApplicationSet needs at least one generator: pass one in "generators" (e.g. ApplicationSetGenerator.list([...])) or call addGenerator()'] : [],
      ...spec.problems(),
    ]);
  }

  /**
   * Renders the object (`spec` built from the generators and the template, JSON patches applied).
   */
  public override toJson(): any {
    return renderApiObject(this);
  }

  /** Adds a generator. */
  public addGenerator(generator: ApplicationSetGenerator): void {
    this.generators.push(generator);
  }

  /** @internal */
  public _renderSpec(): Record<string, any> {
    const p = this.options;
    const t = p.template;
    // no generator is reported by the synth check (validateAtSynth above), not thrown while rendering
    const goTemplate = p.goTemplate ?? true;
    const annotations = { ...t.annotations };
    if (t.syncWave !== undefined) annotations[SyncWave.ANNOTATION] = SyncWave.value(t.syncWave);
    const metadata: L1.ApplicationSetSpecTemplateMetadata = {
      name: t.name,
      namespace: t.namespace,
      labels: t.labels,
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      finalizers: mergeFinalizers(undefined, t.cascadeDelete),
    };
    const syncPolicy: L1.ApplicationSetSpecSyncPolicy = {
      applicationsSync: p.applicationsSync as string as L1.ApplicationSetSpecSyncPolicyApplicationsSync | undefined,
      preserveResourcesOnDeletion: p.preserveResourcesOnDeletion,
    };
    const json = L1.toJson_ApplicationSetSpec({
      generators: this.generators.map((g) => g._toL1()),
      goTemplate: goTemplate ? true : undefined,
      goTemplateOptions: p.goTemplateOptions ?? (goTemplate ? ['missingkey=error'] : undefined),
      syncPolicy: Object.values(syncPolicy).some((v) => v !== undefined) ? syncPolicy : undefined,
      // the template's spec is an Application spec: rendered below with the Application serializers
      template: { metadata, spec: { project: '', destination: {} } },
    })!;
    return { ...json, template: { metadata: json.template.metadata, spec: this.spec.render() } };
  }
}
