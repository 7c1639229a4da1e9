import { Duration } from 'cdk8s';
import { goDuration, wholeSecondsError } from '../../core/rendered';
import * as L1 from '../../imports/rollouts-argoproj.io';
import { replacePlaceholders, scanPlaceholders } from '../../validation/rules/analysis';
import { IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';

/** The unit a CloudWatch metric was published with (`metricStat.unit`, AWS `StandardUnit`). */
export enum CloudWatchUnit {
  /** seconds */
  SECONDS = 'Seconds',
  /** microseconds */
  MICROSECONDS = 'Microseconds',
  /** milliseconds */
  MILLISECONDS = 'Milliseconds',
  /** bytes */
  BYTES = 'Bytes',
  /** kilobytes */
  KILOBYTES = 'Kilobytes',
  /** megabytes */
  MEGABYTES = 'Megabytes',
  /** gigabytes */
  GIGABYTES = 'Gigabytes',
  /** terabytes */
  TERABYTES = 'Terabytes',
  /** bits */
  BITS = 'Bits',
  /** kilobits */
  KILOBITS = 'Kilobits',
  /** megabits */
  MEGABITS = 'Megabits',
  /** gigabits */
  GIGABITS = 'Gigabits',
  /** terabits */
  TERABITS = 'Terabits',
  /** a percentage */
  PERCENT = 'Percent',
  /** a count */
  COUNT = 'Count',
  /** bytes per second */
  BYTES_PER_SECOND = 'Bytes/Second',
  /** kilobytes per second */
  KILOBYTES_PER_SECOND = 'Kilobytes/Second',
  /** megabytes per second */
  MEGABYTES_PER_SECOND = 'Megabytes/Second',
  /** gigabytes per second */
  GIGABYTES_PER_SECOND = 'Gigabytes/Second',
  /** terabytes per second */
  TERABYTES_PER_SECOND = 'Terabytes/Second',
  /** bits per second */
  BITS_PER_SECOND = 'Bits/Second',
  /** kilobits per second */
  KILOBITS_PER_SECOND = 'Kilobits/Second',
  /** megabits per second */
  MEGABITS_PER_SECOND = 'Megabits/Second',
  /** gigabits per second */
  GIGABITS_PER_SECOND = 'Gigabits/Second',
  /** terabits per second */
  TERABITS_PER_SECOND = 'Terabits/Second',
  /** a count per second */
  COUNT_PER_SECOND = 'Count/Second',
  /** no unit */
  NONE = 'None',
}

/** A CloudWatch metric and the statistic to read from it (`metricDataQueries[].metricStat`). */
export interface CloudWatchMetricStat {
  /** The metric's namespace, e.g. `AWS/ApplicationELB`. May use `{{args.name}}`. */
  readonly namespace: string;
  /** The metric's name, e.g. `HTTPCode_Target_5XX_Count`. May use `{{args.name}}`. */
  readonly metricName: string;
  /**
   * The metric's dimensions, name to value, e.g. `{ LoadBalancer: '{{args.load-balancer}}' }`.
   * Values may use `{{args.name}}`.
   * @default - none: the metric without dimensions
   */
  readonly dimensions?: { [name: string]: string };
  /**
   * The granularity of the returned data points: 1, 5, 10, 20 or 30 seconds (high-resolution
   * metrics only) or a multiple of a minute. Rendered in whole seconds.
   */
  readonly period: Duration;
  /**
   * The statistic: `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount`, or an extended statistic
   * such as `p99`, `tm90` or `TM(10%:90%)`.
   */
  readonly stat: string;
  /**
   * Only data published with this unit.
   * @default - data published with any unit
   */
  readonly unit?: CloudWatchUnit;
}

/**
 * One query of a CloudWatch GetMetricData call (`metricDataQueries[]`): a metric (`metricStat`) or a
 * metric math expression over other queries' ids (`expression`); give exactly one of them.
 */
export interface CloudWatchMetricDataQuery {
  /**
   * The query's id, unique within the metric: a lowercase letter, then letters, digits and
   * underscores (e.g. `errors`). Expressions refer to other queries by it, and it is the `Id` of the
   * query's entry in `result`. May use `{{args.name}}`.
   */
  readonly id: string;
  /**
   * A metric math expression over the ids of other queries, e.g. `errors / requests`, or a
   * `SEARCH(...)` / Metrics Insights query. May use `{{args.name}}`.
   * @default - none: `metricStat` is required
   */
  readonly expression?: string;
  /**
   * The metric and statistic to read.
   * @default - none: `expression` is required
   */
  readonly metricStat?: CloudWatchMetricStat;
  /**
   * A human-readable label for the query's data (the `Label` of its entry in `result`).
   * @default - CloudWatch generates one
   */
  readonly label?: string;
  /**
   * The granularity of the query's data points (mostly for `SEARCH` and Metrics Insights
   * expressions): 1, 5, 10, 20 or 30 seconds or a multiple of a minute. Rendered in whole seconds.
   * @default - CloudWatch's default for the query
   */
  readonly period?: Duration;
  /**
   * Whether the query's data is part of `result`. Set `false` on the queries an expression only
   * combines, so that `result` holds the expression's data alone.
   * @default true (CloudWatch's default)
   */
  readonly returnData?: boolean;
}

/**
 * Properties of an AWS CloudWatch metric provider.
 *
 * The controller calls CloudWatch GetMetricData with its own AWS credentials (the SDK's default
 * chain: IRSA or EKS Pod Identity on the controller's service account, environment, instance
 * profile) and region (`AWS_REGION`); its role needs `cloudwatch:GetMetricData`.
 */
export interface CloudWatchProviderProps {
  /**
   * The GetMetricData queries (1 to 500). `result` is the list of GetMetricData `MetricDataResults`
   * of the queries that return data, each with `Id`, `Label`, `Timestamps` and `Values` (newest
   * first), e.g. `successCondition: all(result[0].Values, {# <= 0.01})`. Make a single query return
   * data (`returnData: false` on the others) to know which one `result[0]` is.
   */
  readonly metricDataQueries: CloudWatchMetricDataQuery[];
  /**
   * How far back the queries look: each measurement reads from now minus `interval` to now.
   * @default - the controller's default (5m)
   */
  readonly interval?: Duration;
}

/** GetMetricData accepts at most this many queries in one call. */
const MAX_QUERIES = 500;
/** The period lengths CloudWatch accepts below a minute, for high-resolution metrics. */
const SUB_MINUTE_PERIODS = [1, 5, 10, 20, 30];
/** GetMetricData's query id syntax. */
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

/**
 * AWS CloudWatch metrics read with GetMetricData (`provider.cloudWatch`): metrics and metric math
 * over them, judged on the returned data points.
 */
export class CloudWatchProvider implements IMetricProvider {
  constructor(private readonly props: CloudWatchProviderProps) {
    // the controller checks none of this (metricproviders/cloudwatch passes the queries to
    // GetMetricData as they are): these are GetMetricData's rules, which fail every measurement
    const fail = (message: string): never => {
      throw new Error(`cloudwatch metric provider: ${message}`);
    };
    const queries = props.metricDataQueries ?? [];
    if (queries.length === 0) fail('"metricDataQueries" must hold at least one query');
    if (queries.length > MAX_QUERIES) fail(`"metricDataQueries" must hold at most ${MAX_QUERIES} queries (GetMetricData's limit): ${queries.length}`);
    const seen = new Set<string>();
    queries.forEach((q, i) => {
      // a placeholder stands for a value the run fills in: judge the text around it
      const id = q.id ?? '';
      if (scanPlaceholders(id).some((p) => !p.closed) || !QUERY_ID.test(replacePlaceholders(id, () => 'x'))) {
        fail(`"id" of metricDataQueries[${i}] must start with a lowercase letter and hold only letters, digits and underscores: ${JSON.stringify(q.id ?? '')}`);
      }
      if (seen.has(q.id)) fail(`query ids must be unique: "${q.id}" is used twice`);
      seen.add(q.id);
      const query = `query "${q.id}"`;
      if ((q.expression === undefined) === (q.metricStat === undefined)) {
        fail(`${query} must have exactly one of "expression" and "metricStat": it has ${q.expression === undefined ? 'neither' : 'both'}`);
      }
      if (q.expression !== undefined && !q.expression.trim()) fail(`"expression" of ${query} must be a non-empty metric math expression`);
      if (q.period !== undefined) checkPeriod(q.period, `"period" of ${query}`, fail);
      const stat = q.metricStat;
      if (stat) {
        for (const prop of ['namespace', 'metricName', 'stat'] as const) {
          if (!stat[prop] || !stat[prop].trim()) fail(`"metricStat.${prop}" of ${query} must be non-empty`);
        }
        for (const [name, value] of Object.entries(stat.dimensions ?? {})) {
          if (!name.trim() || !value || !value.trim()) fail(`"metricStat.dimensions" of ${query} needs non-empty names and values: ${JSON.stringify(name)}: ${JSON.stringify(value)}`);
        }
        checkPeriod(stat.period, `"metricStat.period" of ${query}`, fail);
      }
    });
    if (queries.every((q) => q.returnData === false)) fail('every query sets "returnData: false": at least one must return data for the conditions to judge');
    const intervalError = props.interval !== undefined ? wholeSecondsError(props.interval, '"interval"', true) : undefined;
    if (intervalError) fail(intervalError);
  }

  /** Renders the `cloudWatch` provider block of a metric. */
  public bind(_metricName: string): MetricProviderConfig {
    const cloudWatch: L1.AnalysisTemplateSpecMetricsProviderCloudWatch = {
      interval: this.props.interval ? goDuration(this.props.interval) : undefined,
      metricDataQueries: this.props.metricDataQueries.map((q) => ({
        id: q.id,
        expression: q.expression,
        metricStat: q.metricStat ? {
          metric: {
            namespace: q.metricStat.namespace,
            metricName: q.metricStat.metricName,
            dimensions: q.metricStat.dimensions && Object.keys(q.metricStat.dimensions).length
              ? Object.entries(q.metricStat.dimensions).map(([name, value]) => ({ name, value }))
              : undefined,
          },
          period: L1.AnalysisTemplateSpecMetricsProviderCloudWatchMetricDataQueriesMetricStatPeriod.fromNumber(q.metricStat.period.toSeconds()),
          stat: q.metricStat.stat,
          unit: q.metricStat.unit,
        } : undefined,
        label: q.label,
        period: q.period ? L1.AnalysisTemplateSpecMetricsProviderCloudWatchMetricDataQueriesPeriod.fromNumber(q.period.toSeconds()) : undefined,
        returnData: q.returnData,
      })),
    };
    return { provider: renderProvider({ cloudWatch }) };
  }
}

/**
 * GetMetricData's period rule (MetricStat.Period, MetricDataQuery.Period): whole seconds, and 1, 5,
 * 10, 20, 30 or a multiple of 60. The controller sends the number as is (`IntOrString.IntValue`).
 */
function checkPeriod(period: Duration, prop: string, fail: (message: string) => never): void {
  const error = wholeSecondsError(period, prop, true);
  if (error) fail(error);
  const s = period.toMilliseconds() / 1000;
  if (!SUB_MINUTE_PERIODS.includes(s) && s % 60 !== 0) {
    fail(`${prop} must be ${SUB_MINUTE_PERIODS.join(', ')} seconds or a multiple of 60 seconds: ${s}s`);
  }
}
