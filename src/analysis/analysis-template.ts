import { ApiObject, ApiObjectMetadata, Duration, GroupVersionKind } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { TemplateArg } from './args';
import { IMetricProvider } from './provider';
import { fractionalProps, goDuration, renderApiObject } from '../core/rendered';
import { isInstanceByPrototype, lazySpecProps } from '../core/spec-object';
import * as L1 from '../imports/rollouts-argoproj.io';
import { validateAtSynth } from '../validation/synth';

/**
 * A metric of an analysis template: what to measure, how often, and what counts as success.
 */
export interface Metric {
  /** Metric name, unique within the template. */
  readonly name: string;
  /** Where the measurement comes from. */
  readonly provider: IMetricProvider;
  /**
   * Time between measurements.
   * @default - measured once (or until `count`)
   */
  readonly interval?: Duration;
  /**
   * Delay before the first measurement.
   * @default - none
   */
  readonly initialDelay?: Duration;
  /**
   * Number of measurements. A metric with an `interval` and no `count` runs until the rollout is
   * done: fine for background analysis, an error for pre/post-promotion and step analysis.
   * @default - 1 without interval, unbounded with interval
   */
  readonly count?: number;
  /**
   * Expression over `result` that marks a measurement successful, e.g. `result[0] >= 0.95`.
   * @default - any measurement that is not a failure
   */
  readonly successCondition?: string;
  /**
   * Expression over `result` that marks a measurement failed.
   * @default - none
   */
  readonly failureCondition?: string;
  /**
   * Failed measurements allowed before the analysis fails; -1 disables the limit.
   * @default 0
   */
  readonly failureLimit?: number;
  /**
   * Inconclusive measurements allowed before the analysis is inconclusive.
   * @default 0
   */
  readonly inconclusiveLimit?: number;
  /**
   * Consecutive errors (provider unreachable, bad query) allowed before the analysis errors.
   * @default 4
   */
  readonly consecutiveErrorLimit?: number;
  /**
   * Consecutive successes after which the analysis succeeds early; 0 disables it.
   * @default 0
   */
  readonly consecutiveSuccessLimit?: number;
  /**
   * Evaluate the metric without letting it fail the analysis (`spec.dryRun`). The entry is written
   * as `^<name>$`: the controller reads it as a regular expression, so it matches this metric only.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * How many measurements to keep (`spec.measurementRetention`, written as `^<name>$` like `dryRun`).
   * @default - the controller's default (10)
   */
  readonly measurementRetention?: number;
}

/**
 * An analysis template a rollout or experiment can reference.
 */
export interface IAnalysisTemplate extends IConstruct {
  /** `metadata.name` of the template. */
  readonly name: string;
  /** True for a ClusterAnalysisTemplate. */
  readonly clusterScope: boolean;
}

/** Properties shared by AnalysisTemplate and ClusterAnalysisTemplate. */
export interface AnalysisTemplateProps {
  /**
   * Metadata of the template.
   * @default - a name generated from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Declared arguments. Arguments needed by providers (e.g. headers from Secrets) are declared for you.
   * @default - none
   */
  readonly args?: TemplateArg[];
  /**
   * Metrics. More can be added with `addMetric()`.
   * @default - none (at least one, here or in `templates`, is required by synth)
   */
  readonly metrics?: Metric[];
  /**
   * Templates whose metrics and arguments the runs of this one include (`spec.templates`: a
   * composite template; the controller follows their own `templates` too). More can be added with
   * `addTemplate()`. A namespaced template named here is looked up in the namespace of the rollout
   * or experiment that runs this one.
   * @default - none
   */
  readonly templates?: IAnalysisTemplate[];
}

/**
 * What AnalysisTemplate and ClusterAnalysisTemplate share: args, metrics, rendering and synth-time
 * validation. The construct is the API object itself (one construct node): `addJsonPatch()` is the
 * escape hatch for fields the props do not cover.
 */
export abstract class AnalysisTemplateBase extends ApiObject implements IAnalysisTemplate {
  /**
   * `instanceof` by prototype chain: true only for an AnalysisTemplateBase (or a subclass), where the check
   * inherited from ApiObject accepts any ApiObject.
   * @internal
   */
  public static [Symbol.hasInstance](o: unknown): o is AnalysisTemplateBase {
    return isInstanceByPrototype(this, o);
  }

  /** True for a ClusterAnalysisTemplate. */
  public abstract readonly clusterScope: boolean;
  private readonly _args: TemplateArg[] = [];
  private readonly _metrics: Metric[] = [];
  private readonly _templates: IAnalysisTemplate[] = [];

  /**
   * @param gvk apiVersion and kind of the object (AnalysisTemplate or ClusterAnalysisTemplate)
   */
  constructor(scope: Construct, id: string, gvk: GroupVersionKind, props: AnalysisTemplateProps) {
    super(scope, id, lazySpecProps(gvk, props.metadata, () => this._renderSpec()));
    for (const a of props.args ?? []) this.addArg(a);
    for (const m of props.metrics ?? []) this.addMetric(m);
    for (const t of props.templates ?? []) this.addTemplate(t);
    validateAtSynth(this, () => [this], () => this.propErrors());
  }

  /**
   * Renders the object (`spec` built from the args and metrics, JSON patches applied).
   */
  public override toJson(): any {
    return renderApiObject(this);
  }

  /** Names of the declared arguments (including those providers declare). */
  public get argNames(): string[] {
    return this._declaredArgs().map((a) => a.name);
  }

  /**
   * The declared arguments, including those providers declare (what `spec.args` renders).
   * @internal
   */
  public _declaredArgs(): TemplateArg[] {
    return this.renderArgs(this._metrics.flatMap((m) => m.provider.bind(m.name).args ?? []));
  }

  /**
   * The arguments of this template and, recursively, of the templates it includes (each template
   * once): what a run of it declares.
   * @internal
   */
  public _runArgs(seen: Set<AnalysisTemplateBase> = new Set()): TemplateArg[] {
    if (seen.has(this)) return [];
    seen.add(this);
    return [...this._declaredArgs(), ...this._templates.flatMap((t) => (t instanceof AnalysisTemplateBase ? t._runArgs(seen) : []))];
  }

  /** The templates this one includes (`spec.templates`), in order. */
  public get templates(): IAnalysisTemplate[] {
    return [...this._templates];
  }

  /**
   * Includes a template: its metrics and arguments become part of this template's runs.
   * @param template an AnalysisTemplate or ClusterAnalysisTemplate
   */
  public addTemplate(template: IAnalysisTemplate): void {
    if (template === this) throw new Error(`${this.node.path}: a template cannot include itself`);
    if (this._templates.some((t) => t.name === template.name && t.clusterScope === template.clusterScope)) {
      throw new Error(`${this.node.path}: template "${template.name}" is already included`);
    }
    this._templates.push(template);
  }

  /** Metric names, in order. */
  public get metricNames(): string[] {
    return this._metrics.map((m) => m.name);
  }

  /** Declares an argument. */
  public addArg(arg: TemplateArg): void {
    if (this._args.some((a) => a.name === arg.name)) throw new Error(`${this.node.path}: argument "${arg.name}" is already declared`);
    this._args.push(arg);
  }

  /** Adds a metric. */
  public addMetric(metric: Metric): void {
    if (!metric.name) throw new Error(`${this.node.path}: every metric needs a "name"`);
    if (this._metrics.some((m) => m.name === metric.name)) throw new Error(`${this.node.path}: a metric named "${metric.name}" already exists`);
    if (typeof metric.provider?.bind !== 'function') {
      throw new Error(`${this.node.path}: metric "${metric.name}" needs a "provider", e.g. MetricProvider.prometheus({ address, query })`);
    }
    this._metrics.push(metric);
  }

  /** @internal */
  protected _renderSpec(): Record<string, any> {
    const { metrics, args: providerArgs } = this.renderMetrics();
    const spec: L1.AnalysisTemplateSpec = {
      args: undef(this.renderArgs(providerArgs).map((a) => a._toL1())),
      metrics: [],
      dryRun: undef(this._metrics.filter((m) => m.dryRun).map((m) => ({ metricName: onlyMetric(m.name) }))),
      measurementRetention: undef(this._metrics.filter((m) => m.measurementRetention !== undefined)
        .map((m) => ({ metricName: onlyMetric(m.name), limit: m.measurementRetention! }))),
      templates: undef(this._templates.map((t) => ({ templateName: t.name, clusterScope: t.clusterScope ? true : undefined }))),
    };
    return { ...L1.toJson_AnalysisTemplateSpec(spec), metrics };
  }

  private renderMetrics(): { metrics: any[]; args: TemplateArg[] } {
    const args: TemplateArg[] = [];
    const metrics = this._metrics.map((m) => {
      const bound = m.provider.bind(m.name);
      args.push(...(bound.args ?? []));
      const typed: L1.AnalysisTemplateSpecMetrics = {
        name: m.name,
        provider: {},
        interval: m.interval ? goDuration(m.interval) : undefined,
        initialDelay: m.initialDelay ? goDuration(m.initialDelay) : undefined,
        count: intOrString(m.count, L1.AnalysisTemplateSpecMetricsCount),
        successCondition: m.successCondition,
        failureCondition: m.failureCondition,
        failureLimit: intOrString(m.failureLimit, L1.AnalysisTemplateSpecMetricsFailureLimit),
        inconclusiveLimit: intOrString(m.inconclusiveLimit, L1.AnalysisTemplateSpecMetricsInconclusiveLimit),
        consecutiveErrorLimit: intOrString(m.consecutiveErrorLimit, L1.AnalysisTemplateSpecMetricsConsecutiveErrorLimit),
        consecutiveSuccessLimit: intOrString(m.consecutiveSuccessLimit, L1.AnalysisTemplateSpecMetricsConsecutiveSuccessLimit),
      };
      // the provider block is rendered by the provider (through the L1 serializers, plus raw pod specs for jobs)
      return { ...L1.toJson_AnalysisTemplateSpecMetrics(typed), provider: bound.provider };
    });
    return { metrics, args };
  }

  /**
   * Errors in the metrics' props, reported at synth with the construct path: counts that are not whole
   * numbers, and a declared argument that takes the name of the Secret argument a metric's provider
   * declares (its Secret header, its OAuth2 client secret): the provider would read the user's instead.
   */
  private propErrors(): string[] {
    const errors: string[] = [];
    for (const m of this._metrics) {
      errors.push(...fractionalProps({
        count: m.count,
        failureLimit: m.failureLimit,
        inconclusiveLimit: m.inconclusiveLimit,
        consecutiveErrorLimit: m.consecutiveErrorLimit,
        consecutiveSuccessLimit: m.consecutiveSuccessLimit,
        measurementRetention: m.measurementRetention,
      }).map((e) => `metric "${m.name}": ${e}`));
      for (const generated of m.provider.bind(m.name).args ?? []) {
        // the catalog's plain arguments (service-name, ...) are the template's to redeclare; a credential is not
        const l1 = generated._toL1();
        const secret = l1.valueFrom?.secretKeyRef;
        const own = secret ? this._args.find((a) => a.name === generated.name) : undefined;
        if (secret && own && JSON.stringify(own._toL1()) !== JSON.stringify(l1)) {
          errors.push(`argument "${own.name}" of "args" takes the name of the argument metric "${m.name}" declares for its provider `
            + `(Secret "${secret.name}" key "${secret.key}"), which would read yours instead: give your argument another name`);
        }
      }
    }
    return errors;
  }

  private renderArgs(providerArgs: TemplateArg[]): TemplateArg[] {
    const out = [...this._args];
    for (const a of providerArgs) if (!out.some((x) => x.name === a.name)) out.push(a);
    return out;
  }
}

/**
 * The dryRun / measurementRetention `metricName` that matches metric `name` and no other. The controller
 * reads it as a regular expression matched anywhere in each metric name of the run (all its templates'),
 * so a bare `error` would also catch `error-rate`: anchored, with Go's regexp metacharacters escaped.
 */
function onlyMetric(name: string): string {
  return `^${name.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')}$`;
}

function intOrString<T>(v: number | undefined, cls: { fromNumber(n: number): T }): T | undefined {
  return v === undefined ? undefined : cls.fromNumber(v);
}

function undef<T>(a: T[]): T[] | undefined {
  return a.length === 0 ? undefined : a;
}

/**
 * An Argo Rollouts AnalysisTemplate: metrics that decide whether a release may proceed. The construct
 * is the AnalysisTemplate object itself; `addJsonPatch()` reaches fields the props do not cover.
 *
 * Checked at synth with the controller's metric rules (limits, counts, intervals, one provider per
 * metric, arguments).
 */
export class AnalysisTemplate extends AnalysisTemplateBase {
  /** False: an AnalysisTemplate is namespaced. */
  public readonly clusterScope = false;

  constructor(scope: Construct, id: string, props: AnalysisTemplateProps = {}) {
    super(scope, id, L1.AnalysisTemplate.GVK, props);
  }
}

/**
 * An Argo Rollouts ClusterAnalysisTemplate: an analysis template shared by every namespace. The
 * construct is the ClusterAnalysisTemplate object itself; `addJsonPatch()` reaches fields the props
 * do not cover.
 */
export class ClusterAnalysisTemplate extends AnalysisTemplateBase {
  /** True: a ClusterAnalysisTemplate is shared by every namespace. */
  public readonly clusterScope = true;

  constructor(scope: Construct, id: string, props: AnalysisTemplateProps = {}) {
    super(scope, id, L1.ClusterAnalysisTemplate.GVK, props);
    if (props.metadata?.namespace) throw new Error(`${this.node.path}: a ClusterAnalysisTemplate is cluster-scoped and takes no "metadata.namespace"`);
  }
}
