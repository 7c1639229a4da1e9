import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { bound, catalogMetric, CatalogMetric, CatalogMetricOptions, checkRange, percentileOf, positiveSeconds, ROLLING } from './catalog-metric';
import { CatalogSelector, labelName, metricName } from './selector';
import { goDuration } from '../../core/rendered';
import { replacePlaceholders, scanPlaceholders } from '../../validation/rules/analysis';
import { MetricProvider } from '../metric-provider';
import { MetricAuthentication } from '../providers/prometheus';

/** What every Prometheus catalog entry takes: where Prometheus is and which series to read. */
export interface PrometheusCatalogProps extends CatalogMetricOptions {
  /** Prometheus server address, e.g. `http://prometheus-operated.monitoring:9090`. */
  readonly address: string;
  /**
   * Which series to read.
   * @default - `CatalogSelector.service()` for HTTP metrics, `CatalogSelector.newPods()` for container and runtime metrics
   */
  readonly selector?: CatalogSelector;
  /**
   * More label matchers, each added to every series selector of the query, e.g. `handler!="/healthz"`.
   * @default - none
   */
  readonly matchers?: string[];
  /**
   * The range of the range vectors (`rate(...[2m])`, `avg_over_time(...[2m])`): at least four scrape intervals.
   * @default Duration.minutes(2)
   */
  readonly window?: Duration;
  /**
   * Query timeout.
   * @default - the controller's default (30s)
   */
  readonly timeout?: Duration;
  /**
   * Extra HTTP headers sent with the query, e.g. a tenant header.
   * @default - none
   */
  readonly headers?: { [key: string]: string };
  /**
   * Authentication.
   * @default - none
   */
  readonly authentication?: MetricAuthentication;
}

/** Properties of the success-rate and error-rate entries. */
export interface HttpRequestsProps extends PrometheusCatalogProps {
  /**
   * The request counter.
   * @default 'http_requests_total'
   */
  readonly requestsMetric?: string;
  /**
   * The label that carries the response status code.
   * @default 'code'
   */
  readonly statusCodeLabel?: string;
  /**
   * Regular expression of the status codes that count as errors.
   * @default '5..'
   */
  readonly errorCodes?: string;
}

/** Properties of the success-rate entry. */
export interface SuccessRateProps extends HttpRequestsProps {
  /**
   * The lowest share (0 to 1) of requests that may not end in an error.
   * @default 0.99
   */
  readonly minSuccessRate?: number;
}

/** Properties of the error-rate entry. */
export interface ErrorRateProps extends HttpRequestsProps {
  /**
   * The highest share (0 to 1) of requests that may end in an error.
   * @default 0.01
   */
  readonly maxErrorRate?: number;
}

/** Properties of the latency entry. */
export interface LatencyProps extends PrometheusCatalogProps {
  /**
   * The histogram's bucket series.
   * @default 'http_request_duration_seconds_bucket'
   */
  readonly bucketMetric?: string;
  /**
   * The percentile (above 0, below 100), e.g. 95 or 99.
   * @default 95
   */
  readonly percentile?: number;
  /**
   * The highest latency allowed at that percentile.
   * @default Duration.millis(500)
   */
  readonly maxLatency?: Duration;
}

/** Properties of the CPU saturation entry. */
export interface CpuSaturationProps extends PrometheusCatalogProps {
  /**
   * The cAdvisor CPU counter.
   * @default 'container_cpu_usage_seconds_total'
   */
  readonly cpuMetric?: string;
  /**
   * kube-state-metrics' resource limits (with a `resource` label).
   * @default 'kube_pod_container_resource_limits'
   */
  readonly limitsMetric?: string;
  /**
   * The highest share (above 0, at most 1) of its CPU limit any new pod may use.
   * @default 0.8
   */
  readonly maxUtilization?: number;
}

/** Properties of the memory saturation entry. */
export interface MemorySaturationProps extends PrometheusCatalogProps {
  /**
   * The cAdvisor working-set gauge (what the OOM killer looks at).
   * @default 'container_memory_working_set_bytes'
   */
  readonly memoryMetric?: string;
  /**
   * kube-state-metrics' resource limits (with a `resource` label).
   * @default 'kube_pod_container_resource_limits'
   */
  readonly limitsMetric?: string;
  /**
   * The highest share (above 0, at most 1) of its memory limit any new pod may use.
   * @default 0.9
   */
  readonly maxUtilization?: number;
}

/** Properties of the restarts entry. */
export interface RestartsProps extends PrometheusCatalogProps {
  /**
   * kube-state-metrics' restart counter.
   * @default 'kube_pod_container_status_restarts_total'
   */
  readonly restartsMetric?: string;
  /**
   * The most container restarts allowed across the new pods.
   * @default 0
   */
  readonly maxRestarts?: number;
}

/** Properties of the Node.js event-loop lag entry. */
export interface EventLoopLagProps extends PrometheusCatalogProps {
  /**
   * prom-client's event-loop lag gauge.
   * @default 'nodejs_eventloop_lag_seconds'
   */
  readonly lagMetric?: string;
  /**
   * The highest event-loop lag (averaged over `window`) any new pod may have.
   * @default Duration.millis(100)
   */
  readonly maxLag?: Duration;
}

/** Properties of the response size entry. */
export interface ResponseSizeProps extends PrometheusCatalogProps {
  /**
   * The histogram's bucket series.
   * @default 'http_response_size_bytes_bucket'
   */
  readonly bucketMetric?: string;
  /**
   * The percentile (above 0, below 100).
   * @default 95
   */
  readonly percentile?: number;
  /**
   * The largest response allowed at that percentile.
   * @default Size.mebibytes(1)
   */
  readonly maxSize?: Size;
}

/** The conditions on the first sample of the query's result vector. */
function bounded(op: '>=' | '<=', threshold: number): { successCondition: string; failureCondition: string } {
  return bound('result[0]', op, threshold);
}

/** Builds the queries of one entry: series selectors from the selector and the extra matchers. */
class Query {
  public readonly selector: CatalogSelector;
  public readonly window: string;
  private readonly base: string[];

  constructor(public readonly entry: string, private readonly props: PrometheusCatalogProps, defaultSelector: () => CatalogSelector) {
    if (!props.address) throw new Error(`MetricCatalog.${entry}: "address" is required (the Prometheus server, e.g. http://prometheus-operated.monitoring:9090)`);
    this.selector = props.selector ?? defaultSelector();
    for (const m of props.matchers ?? []) {
      // braces outside {{args.x}} placeholders (an unclosed one included) break the selector
      if (!m || !m.trim() || scanPlaceholders(m).some((p) => !p.closed) || /[{}]/.test(replacePlaceholders(m, () => ''))) {
        throw new Error(`MetricCatalog.${entry}: every entry of "matchers" must be one label matcher without braces, e.g. handler!="/healthz": ${JSON.stringify(m)}`);
      }
    }
    this.base = [...this.selector._matchers(), ...(props.matchers ?? []).map((m) => m.trim())];
    const w = props.window ?? Duration.minutes(2);
    if (w.toMilliseconds() <= 0) throw new Error(`MetricCatalog.${entry}: "window" must be positive`);
    this.window = goDuration(w);
  }

  /** `name{selector,extra...}` */
  public series(name: string, prop: string, ...extra: string[]): string {
    return `${metricName(name, prop, `MetricCatalog.${this.entry}`)}{${[...this.base, ...extra].join(',')}}`;
  }

  /** ` by (pod)` when the selector tells pods apart. */
  public perPod(): string {
    const pod = this.selector._podLabel();
    return pod ? ` by (${pod})` : '';
  }

  public metric(defaults: { name: string }, query: string, conditions: { successCondition: string; failureCondition: string }): CatalogMetric {
    const p = this.props;
    const provider = MetricProvider.prometheus({
      address: p.address, query, timeout: p.timeout, headers: p.headers, authentication: p.authentication,
    });
    return catalogMetric(p, { ...ROLLING, ...defaults }, provider, conditions, this.selector._args());
  }

}

function requests(entry: string, p: HttpRequestsProps, errors: boolean): { q: Query; ratio: string } {
  const q = new Query(entry, p, () => CatalogSelector.service());
  const metric = p.requestsMetric ?? 'http_requests_total';
  const code = labelName(p.statusCodeLabel ?? 'code', 'statusCodeLabel', `MetricCatalog.${entry}`);
  const errorCodes = p.errorCodes ?? '5..';
  if (!errorCodes) throw new Error(`MetricCatalog.${entry}: "errorCodes" must be a regular expression of status codes, e.g. 5..`);
  const part = q.series(metric, 'requestsMetric', `${code}${errors ? '=~' : '!~'}${JSON.stringify(errorCodes)}`);
  const all = q.series(metric, 'requestsMetric');
  // "or vector(0)": no matching series is 0 requests, so no traffic at all gives 0/0 = NaN (inconclusive), not an empty result (an error)
  const ratio = `(sum(rate(${part}[${q.window}])) or vector(0)) / (sum(rate(${all}[${q.window}])) or vector(0))`;
  return { q, ratio };
}

export function successRate(p: SuccessRateProps): CatalogMetric {
  const min = checkRange('successRate', 'minSuccessRate', p.minSuccessRate ?? 0.99, 0, 1, 'a ratio from 0 to 1');
  const { q, ratio } = requests('successRate', p, false);
  return q.metric({ name: 'success-rate' }, ratio, bounded('>=', min));
}

export function errorRate(p: ErrorRateProps): CatalogMetric {
  const max = checkRange('errorRate', 'maxErrorRate', p.maxErrorRate ?? 0.01, 0, 1, 'a ratio from 0 to 1');
  const { q, ratio } = requests('errorRate', p, true);
  return q.metric({ name: 'error-rate' }, ratio, bounded('<=', max));
}

/** `histogram_quantile(0.95, sum by (le) (rate(<bucket>{...}[2m])))` */
function quantile(q: Query, percentile: number, bucket: string, prop: string): string {
  return `histogram_quantile(${quantileOf(percentile)}, sum by (le) (rate(${q.series(bucket, prop)}[${q.window}])))`;
}

/**
 * A percentile as a quantile, the exact decimal of `percentile / 100` written as the percentile is
 * written (99.9 → `0.999`, where the division gives 0.9990000000000001; 5 → `0.05`; 1e-7 → `0.000000001`).
 */
function quantileOf(percentile: number): string {
  const [mantissa, exponent = '0'] = String(percentile).split('e');
  const [int, frac = ''] = mantissa.split('.');
  const digits = int + frac;
  // the decimal point moves two places left (and by the exponent)
  const point = int.length + Number(exponent) - 2;
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0');
  const at = Math.max(point, 1);
  const whole = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(at).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

export function latency(p: LatencyProps): CatalogMetric {
  const q = new Query('latency', p, () => CatalogSelector.service());
  const pct = percentileOf(q.entry, p.percentile);
  const max = positiveSeconds('latency', 'maxLatency', p.maxLatency ?? Duration.millis(500));
  return q.metric({ name: `latency-p${pct}` }, quantile(q, pct, p.bucketMetric ?? 'http_request_duration_seconds_bucket', 'bucketMetric'), bounded('<=', max));
}

export function responseSize(p: ResponseSizeProps): CatalogMetric {
  const q = new Query('responseSize', p, () => CatalogSelector.service());
  const pct = percentileOf(q.entry, p.percentile);
  const max = (p.maxSize ?? Size.mebibytes(1)).toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
  checkRange('responseSize', 'maxSize', max, Number.MIN_VALUE, Infinity, 'positive');
  return q.metric({ name: `response-size-p${pct}` }, quantile(q, pct, p.bucketMetric ?? 'http_response_size_bytes_bucket', 'bucketMetric'), bounded('<=', max));
}

/** Usage over limit of the worst pod: `max(usage by pod / limit by pod)`. */
function saturation(entry: string, p: PrometheusCatalogProps & { maxUtilization?: number; limitsMetric?: string },
  defaults: { name: string; max: number; resource: string }, usage: (q: Query) => string): CatalogMetric {
  const max = checkRange(entry, 'maxUtilization', p.maxUtilization ?? defaults.max, Number.MIN_VALUE, 1, 'above 0 and at most 1');
  const q = new Query(entry, p, () => CatalogSelector.newPods());
  const limits = q.series(p.limitsMetric ?? 'kube_pod_container_resource_limits', 'limitsMetric', `resource="${defaults.resource}"`);
  const query = `max(sum${q.perPod()} (${usage(q)}) / sum${q.perPod()} (${limits}))`;
  return q.metric({ name: defaults.name }, query, bounded('<=', max));
}

/** cAdvisor's per-container series without the pod-level (`container=""`) and pause-container (`POD`) ones. */
const CONTAINERS = ['container!=""', 'container!="POD"'];

export function cpuSaturation(p: CpuSaturationProps): CatalogMetric {
  return saturation('cpuSaturation', p, { name: 'cpu-saturation', max: 0.8, resource: 'cpu' },
    (q) => `rate(${q.series(p.cpuMetric ?? 'container_cpu_usage_seconds_total', 'cpuMetric', ...CONTAINERS)}[${q.window}])`);
}

export function memorySaturation(p: MemorySaturationProps): CatalogMetric {
  return saturation('memorySaturation', p, { name: 'memory-saturation', max: 0.9, resource: 'memory' },
    (q) => q.series(p.memoryMetric ?? 'container_memory_working_set_bytes', 'memoryMetric', ...CONTAINERS));
}

export function restarts(p: RestartsProps): CatalogMetric {
  const max = p.maxRestarts ?? 0;
  if (!Number.isInteger(max) || max < 0) throw new Error(`MetricCatalog.restarts: "maxRestarts" must be a whole number, 0 or more: ${max}`);
  const q = new Query('restarts', p, () => CatalogSelector.newPods());
  // the counter counts since each pod started: its sum over the new pods is their restarts so far
  const query = `sum(${q.series(p.restartsMetric ?? 'kube_pod_container_status_restarts_total', 'restartsMetric')})`;
  return q.metric({ name: 'restarts' }, query, bounded('<=', max));
}

export function eventLoopLag(p: EventLoopLagProps): CatalogMetric {
  const q = new Query('eventLoopLag', p, () => CatalogSelector.newPods());
  const max = positiveSeconds('eventLoopLag', 'maxLag', p.maxLag ?? Duration.millis(100));
  const query = `max(avg_over_time(${q.series(p.lagMetric ?? 'nodejs_eventloop_lag_seconds', 'lagMetric')}[${q.window}]))`;
  return q.metric({ name: 'event-loop-lag' }, query, bounded('<=', max));
}
