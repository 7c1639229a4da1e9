import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { bound, catalogMetric, CatalogMetric, CatalogMetricOptions, checkRange, percentileOf, positiveSeconds, ROLLING } from './catalog-metric';
import { CatalogArgs } from './selector';
import { TemplateArg } from '../args';
import { MetricProvider } from '../metric-provider';
import { DatadogAggregator } from '../providers/datadog';

/** What the APM (Datadog, New Relic) entries share. */
export interface ApmCatalogProps extends CatalogMetricOptions {
  /**
   * The APM service (Datadog `service` tag, New Relic `appName`).
   * @default - the `service-name` argument: the rollout supplies the name of the Service in front of the new version
   * (pass `service-name` in the analysis args when the APM name differs)
   */
  readonly service?: string;
  /**
   * The time window each measurement covers.
   * @default Duration.minutes(5)
   */
  readonly window?: Duration;
}

/** Properties of the Datadog entries. */
export interface DatadogCatalogProps extends ApmCatalogProps {
  /**
   * The APM span metric prefix: `<operation>.hits`, `<operation>.errors`, and the `<operation>` distribution.
   * @default 'trace.http.request'
   */
  readonly operation?: string;
  /**
   * More tag filters, e.g. `env:prod`.
   * @default - none
   */
  readonly tags?: string[];
  /**
   * The Secret with the Datadog keys.
   * @default - the controller's `datadog` Secret
   */
  readonly secret?: kplus.ISecret;
  /**
   * Read `secret` from the analysis's namespace instead of the controller's.
   * @default false
   */
  readonly namespacedSecret?: boolean;
}

/** Properties of the Datadog success-rate entry. */
export interface DatadogSuccessRateProps extends DatadogCatalogProps {
  /**
   * The lowest share (0 to 1) of requests that may not end in an error.
   * @default 0.99
   */
  readonly minSuccessRate?: number;
}

/** Properties of the Datadog latency entry. */
export interface DatadogLatencyProps extends DatadogCatalogProps {
  /**
   * The percentile (above 0, below 100).
   * @default 95
   */
  readonly percentile?: number;
  /**
   * The highest latency allowed at that percentile.
   * @default Duration.millis(500)
   */
  readonly maxLatency?: Duration;
}

/** Properties of the New Relic entries. */
export interface NewRelicCatalogProps extends ApmCatalogProps {
  /**
   * The event type queried.
   * @default 'Transaction'
   */
  readonly eventType?: string;
  /**
   * More NRQL conditions, joined with AND, e.g. `name LIKE 'WebTransaction/%'`.
   * @default - none
   */
  readonly where?: string;
  /**
   * The Secret (in the controller's namespace) with the New Relic account settings.
   * @default - the controller's default, `newrelic`
   */
  readonly profile?: string;
}

/** Properties of the New Relic success-rate entry. */
export interface NewRelicSuccessRateProps extends NewRelicCatalogProps {
  /**
   * The NRQL condition of a failed request.
   * @default "httpResponseCode LIKE '5%'"
   */
  readonly errorCondition?: string;
  /**
   * The lowest share (0 to 1) of requests that may not end in an error.
   * @default 0.99
   */
  readonly minSuccessRate?: number;
}

/** Properties of the New Relic latency entry. */
export interface NewRelicLatencyProps extends NewRelicCatalogProps {
  /**
   * The percentile (above 0, below 100).
   * @default 95
   */
  readonly percentile?: number;
  /**
   * The highest `duration` allowed at that percentile.
   * @default Duration.millis(500)
   */
  readonly maxLatency?: Duration;
}

/** The service, literal or the rollout-supplied argument. */
function service(entry: string, p: ApmCatalogProps): { name: string; args: TemplateArg[] } {
  if (p.service === undefined) return { name: `{{args.${CatalogArgs.SERVICE_NAME}}}`, args: [CatalogArgs.serviceName()] };
  if (!p.service.trim()) throw new Error(`MetricCatalog.${entry}: "service" must be a non-empty service name`);
  return { name: p.service, args: [] };
}

function windowOf(entry: string, p: ApmCatalogProps): Duration {
  const w = p.window ?? Duration.minutes(5);
  if (w.toMilliseconds() < 1000 || w.toMilliseconds() % 1000 !== 0) throw new Error(`MetricCatalog.${entry}: "window" must be a whole number of seconds, 1 or more`);
  return w;
}

function datadogFilter(entry: string, p: DatadogCatalogProps, svc: string): string {
  for (const t of p.tags ?? []) {
    if (!t || /[{},\s]/.test(t)) throw new Error(`MetricCatalog.${entry}: every entry of "tags" must be one Datadog tag filter such as env:prod: ${JSON.stringify(t)}`);
  }
  return [`service:${svc}`, ...(p.tags ?? [])].join(',');
}

function datadogOperation(entry: string, p: DatadogCatalogProps): string {
  const op = p.operation ?? 'trace.http.request';
  if (!/^[a-zA-Z][a-zA-Z0-9_.]*$/.test(op)) throw new Error(`MetricCatalog.${entry}: "operation" must be a Datadog metric name such as trace.http.request: ${JSON.stringify(op)}`);
  return op;
}

export function datadogSuccessRate(p: DatadogSuccessRateProps): CatalogMetric {
  const entry = 'datadogSuccessRate';
  const min = checkRange(entry, 'minSuccessRate', p.minSuccessRate ?? 0.99, 0, 1, 'a ratio from 0 to 1');
  const svc = service(entry, p);
  const filter = datadogFilter(entry, p, svc.name);
  const op = datadogOperation(entry, p);
  const provider = MetricProvider.datadog({
    queries: {
      // no error at all is no series: default_zero makes it 0
      errors: `default_zero(sum:${op}.errors{${filter}}.as_count())`,
      hits: `sum:${op}.hits{${filter}}.as_count()`,
    },
    formula: '1 - errors / hits',
    aggregator: DatadogAggregator.SUM,
    interval: windowOf(entry, p),
    secret: p.secret,
    namespacedSecret: p.namespacedSecret,
  });
  // no data is a nil result (metricproviders/datadog): inconclusive, not an evaluation error
  return catalogMetric(p, { ...ROLLING, name: 'success-rate' }, provider, bound('result', '>=', min, ['result']), svc.args);
}

export function datadogLatency(p: DatadogLatencyProps): CatalogMetric {
  const entry = 'datadogLatency';
  const pct = percentileOf(entry, p.percentile);
  const max = positiveSeconds(entry, 'maxLatency', p.maxLatency ?? Duration.millis(500));
  const svc = service(entry, p);
  const provider = MetricProvider.datadog({
    // APM span metrics are distributions: pXX: is the percentile across the service's spans, in seconds
    query: `p${pct}:${datadogOperation(entry, p)}{${datadogFilter(entry, p, svc.name)}}`,
    aggregator: DatadogAggregator.AVG,
    interval: windowOf(entry, p),
    secret: p.secret,
    namespacedSecret: p.namespacedSecret,
  });
  return catalogMetric(p, { ...ROLLING, name: `latency-p${pct}` }, provider, bound('result', '<=', max, ['result']), svc.args);
}

/** `WHERE appName = '<service>' [AND <where>] SINCE <n> seconds ago` */
function nrqlTail(entry: string, p: NewRelicCatalogProps, svc: string): string {
  if (p.where !== undefined && !p.where.trim()) throw new Error(`MetricCatalog.${entry}: "where" must be a non-empty NRQL condition`);
  const w = windowOf(entry, p).toSeconds();
  const since = w % 60 === 0 ? `${w / 60} minutes ago` : `${w} seconds ago`;
  return `WHERE appName = '${svc.replace(/'/g, '\\\'')}'${p.where ? ` AND (${p.where})` : ''} SINCE ${since}`;
}

function eventType(entry: string, p: NewRelicCatalogProps): string {
  const t = p.eventType ?? 'Transaction';
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(t)) throw new Error(`MetricCatalog.${entry}: "eventType" must be a New Relic event type such as Transaction: ${JSON.stringify(t)}`);
  return t;
}

/**
 * A New Relic entry: `FROM <eventType> SELECT <select> AS <alias> WHERE appName = ... SINCE ...`, judged
 * on `result.<value>` once each of `result.<nilChecks>` is set (no data: a null, inconclusive).
 */
function newRelicMetric(entry: string, p: NewRelicCatalogProps, name: string, select: string, alias: string, value: string,
  op: '>=' | '<=', threshold: number, nilChecks: string[]): CatalogMetric {
  const svc = service(entry, p);
  const query = `FROM ${eventType(entry, p)} SELECT ${select} AS ${alias} ${nrqlTail(entry, p, svc.name)}`;
  const provider = MetricProvider.newRelic({ query, profile: p.profile });
  return catalogMetric(p, { ...ROLLING, name }, provider, bound(`result.${value}`, op, threshold, nilChecks.map((c) => `result.${c}`)), svc.args);
}

export function newRelicSuccessRate(p: NewRelicSuccessRateProps): CatalogMetric {
  const entry = 'newRelicSuccessRate';
  const min = checkRange(entry, 'minSuccessRate', p.minSuccessRate ?? 0.99, 0, 1, 'a ratio from 0 to 1');
  const errorCondition = p.errorCondition ?? 'httpResponseCode LIKE \'5%\'';
  if (!errorCondition.trim()) throw new Error(`MetricCatalog.${entry}: "errorCondition" must be a non-empty NRQL condition`);
  return newRelicMetric(entry, p, 'success-rate', `1 - filter(count(*), WHERE ${errorCondition}) / count(*)`, 'successRate', 'successRate', '>=', min,
    ['successRate']);
}

export function newRelicLatency(p: NewRelicLatencyProps): CatalogMetric {
  const entry = 'newRelicLatency';
  const pct = percentileOf(entry, p.percentile);
  const max = positiveSeconds(entry, 'maxLatency', p.maxLatency ?? Duration.millis(500));
  // percentile() yields a map keyed by the percentile: {"latency": {"95": 0.12}}
  return newRelicMetric(entry, p, `latency-p${pct}`, `percentile(duration, ${pct})`, 'latency', `latency["${pct}"]`, '<=', max,
    ['latency', `latency["${pct}"]`]);
}
