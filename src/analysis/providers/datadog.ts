import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { goDuration } from '../../core/rendered';
import * as L1 from '../../imports/rollouts-argoproj.io';
import { IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';

/** The Datadog API a metric queries (`datadog.apiVersion`). */
export enum DatadogApiVersion {
  /** `/api/v1/query`: one `query`; Datadog is retiring it */
  V1 = 'v1',
  /** `/api/v2/query/scalar`: one `query`, or several `queries` combined by a `formula` */
  V2 = 'v2',
}

/** How Datadog reduces a v2 query's time series to the one value the conditions see (`datadog.aggregator`). */
export enum DatadogAggregator {
  /** the average of the points */
  AVG = 'avg',
  /** the smallest point */
  MIN = 'min',
  /** the largest point */
  MAX = 'max',
  /** the sum of the points */
  SUM = 'sum',
  /** the last point */
  LAST = 'last',
  /** a percentile of the points */
  PERCENTILE = 'percentile',
  /** the mean of the points */
  MEAN = 'mean',
  /** the L2 norm of the points */
  L2NORM = 'l2norm',
  /** the area under the series */
  AREA = 'area',
}

/** Properties of a Datadog metric provider. */
export interface DatadogProviderProps {
  /**
   * One metrics query, e.g. `sum:requests.error.rate{service:{{args.service-name}}}`. Give either
   * `query` or `queries` (synth fails with both or neither, or with a blank query).
   * @default - none: `queries` is required
   */
  readonly query?: string;
  /**
   * Named queries (API v2 only: synth fails on v1), combined by `formula`, e.g.
   * `{ errors: 'sum:trace.http.request.errors{...}.as_count()', hits: 'sum:trace.http.request.hits{...}.as_count()' }`.
   * @default - none: `query` is required
   */
  readonly queries?: { [name: string]: string };
  /**
   * Arithmetic over the named `queries`, e.g. `errors / hits`. Required with more than one query,
   * and only valid with `queries` (synth fails otherwise).
   * @default - none
   */
  readonly formula?: string;
  /**
   * The Datadog API version.
   * @default DatadogApiVersion.V2 (written out: the controller's own default is v1, which Datadog is retiring)
   */
  readonly apiVersion?: DatadogApiVersion;
  /**
   * The time window the query covers.
   * @default - the controller's default (5m)
   */
  readonly interval?: Duration;
  /**
   * How a v2 query's time series is reduced to one value (not supported by API v1: synth fails).
   * @default - `last` (the controller sends `last` when unset)
   */
  readonly aggregator?: DatadogAggregator;
  /**
   * The Secret with the Datadog `api-key`, `app-key` and `address`.
   * @default - the controller's `datadog` Secret in its own namespace
   */
  readonly secret?: kplus.ISecret;
  /**
   * Read `secret` from the namespace of the analysis instead of the controller's (`secretRef.namespaced`).
   * Needs `secret`: synth fails without it, as the controller refuses namespaced credentials with no name.
   * @default false
   */
  readonly namespacedSecret?: boolean;
}

/**
 * A Datadog metrics query (`provider.datadog`). The result is one number (`result`), e.g.
 * `successCondition: result < 0.01`.
 */
export class DatadogProvider implements IMetricProvider {
  /**
   * What the controller refuses (query and queries together or neither, queries or an aggregator on
   * API v1, several queries without a formula, a formula without queries, `namespacedSecret` without
   * `secret`) is checked by the rule engine (`datadog-*` rules): synth fails with the controller's
   * message under the template, and `lint` finds the same in YAML.
   */
  constructor(private readonly props: DatadogProviderProps) {}

  /** Renders the `datadog` provider block of a metric. */
  public bind(_metricName: string): MetricProviderConfig {
    const p = this.props;
    const datadog: L1.AnalysisTemplateSpecMetricsProviderDatadog = {
      // the public enums carry the CRD's enum values
      apiVersion: (p.apiVersion ?? DatadogApiVersion.V2) as string as L1.AnalysisTemplateSpecMetricsProviderDatadogApiVersion,
      interval: p.interval ? goDuration(p.interval) : undefined,
      query: p.query,
      queries: p.queries,
      formula: p.formula,
      aggregator: p.aggregator as string | undefined as L1.AnalysisTemplateSpecMetricsProviderDatadogAggregator | undefined,
      // namespacedSecret alone is written out too: synth then fails (datadog-namespaced-secret-name)
      secretRef: p.secret || p.namespacedSecret ? { name: p.secret?.name, namespaced: p.namespacedSecret } : undefined,
    };
    return { provider: renderProvider({ datadog }) };
  }
}
