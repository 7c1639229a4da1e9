import { ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AnalysisTemplate, Metric } from '../analysis-template';
import { TemplateArg } from '../args';
import { IMetricProvider, MetricProviderConfig } from '../provider';

/** Settings every catalog entry takes: the metric's name and how often and how long it is measured. */
export interface CatalogMetricOptions {
  /**
   * The metric's name in the template.
   * @default - the entry's name, e.g. `success-rate`, `latency-p95`
   */
  readonly name?: string;
  /**
   * Time between measurements.
   * @default Duration.minutes(1) (a smoke test runs once)
   */
  readonly interval?: Duration;
  /**
   * Number of measurements.
   * @default 5 (a smoke test runs once)
   */
  readonly count?: number;
  /**
   * Failed measurements tolerated before the analysis fails.
   * @default 1 (0 for a smoke test)
   */
  readonly failureLimit?: number;
  /**
   * Delay before the first measurement, e.g. to let the new pods take traffic first.
   * @default - none
   */
  readonly initialDelay?: Duration;
  /**
   * Evaluate the metric without letting it fail the analysis.
   * @default false
   */
  readonly dryRun?: boolean;
}

/** Properties of a catalog metric. */
export interface CatalogMetricProps {
  /** The metric: name, provider, conditions, interval and count. */
  readonly metric: Metric;
  /**
   * The arguments the metric uses. Any template the metric is added to declares them (an argument
   * the template declares itself wins).
   * @default - none
   */
  readonly args?: TemplateArg[];
}

/** Properties of a template made from one catalog metric. */
export interface CatalogTemplateProps {
  /**
   * Metadata of the template.
   * @default - a name generated from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * A ready-made metric with the arguments it needs (see `MetricCatalog`). Use it as its own
 * template (`template()`), or as one metric of a template (`toMetric()`): either way the template
 * declares the arguments, and a rollout supplies those declared with `TemplateArg.fromRollout()`.
 */
export class CatalogMetric {
  /** The metric's name. */
  public readonly name: string;
  /** The arguments the metric uses. */
  public readonly args: TemplateArg[];
  private readonly metric: Metric;

  constructor(props: CatalogMetricProps) {
    if (!props.metric?.name) throw new Error('catalog metric: the metric needs a "name"');
    this.metric = props.metric;
    this.name = props.metric.name;
    this.args = [...(props.args ?? [])];
  }

  /** The metric, for `new AnalysisTemplate(..., { metrics: [...] })` or `addMetric()`; its provider declares the arguments. */
  public toMetric(): Metric {
    return { ...this.metric, provider: new ProviderWithArgs(this.metric.provider, this.args) };
  }

  /**
   * An AnalysisTemplate with this metric alone.
   * @param scope the scope
   * @param id the construct id
   * @param props metadata of the template
   */
  public template(scope: Construct, id: string, props: CatalogTemplateProps = {}): AnalysisTemplate {
    return new AnalysisTemplate(scope, id, { metadata: props.metadata, metrics: [this.toMetric()] });
  }
}

/** A provider that also declares the arguments its metric's queries use. */
class ProviderWithArgs implements IMetricProvider {
  constructor(private readonly inner: IMetricProvider, private readonly args: TemplateArg[]) {}

  public bind(metricName: string): MetricProviderConfig {
    const config = this.inner.bind(metricName);
    return { provider: config.provider, args: [...this.args, ...(config.args ?? [])] };
  }
}

/** Defaults of an entry for the shared options. */
export interface EntryDefaults {
  readonly name: string;
  readonly interval?: Duration;
  readonly count?: number;
  readonly failureLimit?: number;
}

/** The rolling measurements of most entries: every minute, five times, one failure tolerated. */
export const ROLLING: Omit<EntryDefaults, 'name'> = { interval: Duration.minutes(1), count: 5, failureLimit: 1 };

/** A catalog metric from the shared options, the entry's defaults, a provider, conditions and arguments. */
export function catalogMetric(options: CatalogMetricOptions, defaults: EntryDefaults, provider: IMetricProvider,
  conditions: { successCondition?: string; failureCondition?: string }, args: TemplateArg[]): CatalogMetric {
  return new CatalogMetric({
    metric: {
      name: options.name ?? defaults.name,
      provider,
      interval: options.interval ?? defaults.interval,
      count: options.count ?? defaults.count,
      failureLimit: options.failureLimit ?? defaults.failureLimit,
      initialDelay: options.initialDelay,
      dryRun: options.dryRun,
      ...conditions,
    },
    args: uniqueArgs(args),
  });
}

/** Arguments by name, first declaration wins. */
export function uniqueArgs(args: TemplateArg[]): TemplateArg[] {
  return args.filter((a, i) => args.findIndex((b) => b.name === a.name) === i);
}

/** A threshold within [min, max], with an error naming the entry and the prop. */
export function checkRange(entry: string, prop: string, value: number, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    throw new Error(`MetricCatalog.${entry}: "${prop}" must be ${what}: ${value}`);
  }
  return value;
}

/** A positive duration in seconds as a decimal number for a condition (500ms → 0.5). */
export function positiveSeconds(entry: string, prop: string, d: Duration): number {
  return checkRange(entry, prop, d.toMilliseconds() / 1000, Number.MIN_VALUE, Infinity, 'positive');
}

/** A percentile above 0 and below 100 (default 95). */
export function percentileOf(entry: string, value: number | undefined): number {
  return checkRange(entry, 'percentile', value ?? 95, Number.MIN_VALUE, 99.999999, 'above 0 and below 100');
}

/**
 * The condition pair of a threshold: `<value> <op> <threshold>` succeeds, its negation fails, and
 * anything else (a NaN when there is no traffic to judge) is inconclusive.
 *
 * `nilChecks` are the expressions that are `nil` when the provider has no data (Datadog's empty
 * result, a null in a New Relic row): each condition checks them first (`result != nil && ...`), so
 * such a measurement is neither, inconclusive, instead of an evaluation error (comparing nil with a
 * number fails; expr's `&&` stops at the first false).
 */
export function bound(value: string, op: '>=' | '<=', threshold: number, nilChecks: string[] = []): { successCondition: string; failureCondition: string } {
  const guard = nilChecks.map((e) => `${e} != nil && `).join('');
  return { successCondition: `${guard}${value} ${op} ${threshold}`, failureCondition: `${guard}${value} ${op === '>=' ? '<' : '>'} ${threshold}` };
}
