import * as apm from './apm';
import { CatalogMetric } from './catalog-metric';
import * as checks from './checks';
import * as prom from './prometheus';

/**
 * Ready-made metrics: the analyses teams run, one call each, with the conventional metric names
 * and documented thresholds as overridable defaults.
 *
 * Each returns a `CatalogMetric`: `.template(scope, id)` makes an AnalysisTemplate of it,
 * `.toMetric()` adds it to a template of your own. The templates declare the arguments the queries
 * use (`namespace`, `service-name`, `rollout-name`, `canary-hash`) with `TemplateArg.fromRollout()`:
 * a BlueGreenRollout or CanaryRollout that runs them supplies the values you do not pass.
 *
 * Prometheus entries measure every minute, five times, tolerate one failed measurement, and are
 * inconclusive (the rollout pauses for a person) when there is no traffic to judge. The Datadog and
 * New Relic entries measure the same way; their conditions check for the `nil` a query without data
 * gives first (`result != nil && ...`), so no data is inconclusive too (a New Relic query that
 * returns no row at all is a measurement error).
 */
export class MetricCatalog {
  /**
   * Share of requests that did not fail: `http_requests_total` by status code label,
   * `result[0] >= 0.99` (no traffic: inconclusive).
   */
  public static successRate(props: prom.SuccessRateProps): CatalogMetric {
    return prom.successRate(props);
  }

  /** Share of requests that failed (status code `5..`): `result[0] <= 0.01` (no traffic: inconclusive). */
  public static errorRate(props: prom.ErrorRateProps): CatalogMetric {
    return prom.errorRate(props);
  }

  /**
   * Latency percentile from the `http_request_duration_seconds` histogram (`histogram_quantile`):
   * p95 at most 500ms by default; `percentile: 99` for p99.
   */
  public static latency(props: prom.LatencyProps): CatalogMetric {
    return prom.latency(props);
  }

  /** CPU used by the new pods over their CPU limit (cAdvisor and kube-state-metrics), worst pod at most 0.8. */
  public static cpuSaturation(props: prom.CpuSaturationProps): CatalogMetric {
    return prom.cpuSaturation(props);
  }

  /** Working-set memory of the new pods over their memory limit, worst pod at most 0.9. */
  public static memorySaturation(props: prom.MemorySaturationProps): CatalogMetric {
    return prom.memorySaturation(props);
  }

  /** Container restarts of the new pods (kube-state-metrics): none allowed by default. */
  public static restarts(props: prom.RestartsProps): CatalogMetric {
    return prom.restarts(props);
  }

  /** Node.js event-loop lag of the new pods (prom-client), worst pod at most 100ms on average. */
  public static eventLoopLag(props: prom.EventLoopLagProps): CatalogMetric {
    return prom.eventLoopLag(props);
  }

  /** Response size percentile from the `http_response_size_bytes` histogram: p95 at most 1 MiB. */
  public static responseSize(props: prom.ResponseSizeProps): CatalogMetric {
    return prom.responseSize(props);
  }

  /**
   * A smoke-test Job against the new version's Service (`TARGET_HOST`): the Job's success is the
   * result. Runs once, within 5 minutes.
   */
  public static smokeTest(props: checks.SmokeTestProps): CatalogMetric {
    return checks.smokeTest(props);
  }

  /** A JSON health endpoint of the new version's Service: `{$.status}` must be `ok`. */
  public static healthCheck(props: checks.HealthCheckProps): CatalogMetric {
    return checks.healthCheck(props);
  }

  /** Datadog APM success rate (`trace.http.request.errors` / `.hits`, API v2): at least 0.99. */
  public static datadogSuccessRate(props: apm.DatadogSuccessRateProps = {}): CatalogMetric {
    return apm.datadogSuccessRate(props);
  }

  /** Datadog APM latency percentile (`p95:trace.http.request`, API v2): at most 500ms. */
  public static datadogLatency(props: apm.DatadogLatencyProps = {}): CatalogMetric {
    return apm.datadogLatency(props);
  }

  /** New Relic success rate (NRQL over `Transaction`, `httpResponseCode LIKE '5%'` fails): at least 0.99. */
  public static newRelicSuccessRate(props: apm.NewRelicSuccessRateProps = {}): CatalogMetric {
    return apm.newRelicSuccessRate(props);
  }

  /** New Relic latency percentile (NRQL `percentile(duration, 95)` over `Transaction`): at most 500ms. */
  public static newRelicLatency(props: apm.NewRelicLatencyProps = {}): CatalogMetric {
    return apm.newRelicLatency(props);
  }

  private constructor() {}
}
