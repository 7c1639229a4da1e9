import { Duration } from 'cdk8s';
import { goDuration, wholeSecondsError } from '../../core/rendered';
import * as L1 from '../../imports/rollouts-argoproj.io';
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
   * metrics only) or a multiple of a minute (synth fails otherwise). Rendered in whole seconds: a
   * fraction of a second throws.
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
   * query's entry in `result`. May use `{{args.name}}`. Synth fails on an id of another form or one
   * used twice.
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
   * expressions): 1, 5, 10, 20 or 30 seconds or a multiple of a minute (synth fails otherwise).
   * Rendered in whole seconds: a fraction of a second throws.
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
   * The GetMetricData queries (1 to 500; synth fails otherwise, or when every query sets
   * `returnData: false`). `result` is the list of GetMetricData `MetricDataResults`
   * of the queries that return data, each with `Id`, `Label`, `Timestamps` and `Values` (newest
   * first), e.g. `successCondition: all(result[0].Values, {# <= 0.01})`. Make a single query return
   * data (`returnData: false` on the others) to know which one `result[0]` is.
   */
  readonly metricDataQueries: CloudWatchMetricDataQuery[];
  /**
   * How far back the queries look: each measurement reads from now minus `interval` to now (synth
   * fails on 0).
   * @default - the controller's default (5m)
   */
  readonly interval?: Duration;
}

/**
 * AWS CloudWatch metrics read with GetMetricData (`provider.cloudWatch`): metrics and metric math
 * over them, judged on the returned data points.
 */
export class CloudWatchProvider implements IMetricProvider {
  /**
   * GetMetricData's rules (1 to 500 queries, ids, exactly one of expression and metricStat, the
   * periods, a query that returns data, a positive interval) are the rule engine's (`cloudwatch-*`
   * rules): synth fails with them under the template, and `lint` finds the same in YAML. Only a
   * period that is not whole seconds is refused here: it is rendered as a number of seconds.
   */
  constructor(private readonly props: CloudWatchProviderProps) {
    (props.metricDataQueries ?? []).forEach((q, i) => {
      if (q.period !== undefined) wholeSecondsOnly(q.period, `"period" of metricDataQueries[${i}]`);
      if (q.metricStat?.period !== undefined) wholeSecondsOnly(q.metricStat.period, `"metricStat.period" of metricDataQueries[${i}]`);
    });
  }

  /** Renders the `cloudWatch` provider block of a metric. */
  public bind(_metricName: string): MetricProviderConfig {
    const cloudWatch: L1.AnalysisTemplateSpecMetricsProviderCloudWatch = {
      interval: this.props.interval ? goDuration(this.props.interval) : undefined,
      metricDataQueries: (this.props.metricDataQueries ?? []).map((q) => ({
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
          // left out (from JavaScript), it stays out: synth then fails (cloudwatch-period)
          period: q.metricStat.period !== undefined
            ? L1.AnalysisTemplateSpecMetricsProviderCloudWatchMetricDataQueriesMetricStatPeriod.fromNumber(q.metricStat.period.toSeconds())
            : undefined,
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

/** Throws when a period cannot be rendered: the CRD holds it as a number of seconds. */
function wholeSecondsOnly(period: Duration, subject: string): void {
  const error = wholeSecondsError(period, subject);
  if (error) throw new Error(`cloudwatch metric provider: ${error}`);
}
