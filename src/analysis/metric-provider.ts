import { IMetricProvider } from './provider';
import { DatadogProvider, DatadogProviderProps } from './providers/datadog';
import { JobProvider, JobProviderProps } from './providers/job';
import { NewRelicProvider, NewRelicProviderProps } from './providers/newrelic';
import { PrometheusProvider, PrometheusProviderProps } from './providers/prometheus';
import { WebProvider, WebProviderProps } from './providers/web';

/**
 * Factories for the built-in metric providers. Each returns an `IMetricProvider`; a provider not
 * listed here is any class implementing that interface.
 */
export class MetricProvider {
  /** A Prometheus query. */
  public static prometheus(props: PrometheusProviderProps): IMetricProvider {
    return new PrometheusProvider(props);
  }

  /** An HTTP call, judged on its (JSON) response. */
  public static web(props: WebProviderProps): IMetricProvider {
    return new WebProvider(props);
  }

  /** A Kubernetes Job: success or failure of the Job is the measurement. */
  public static job(props: JobProviderProps): IMetricProvider {
    return new JobProvider(props);
  }

  /** A Datadog metrics query (API v2 by default: one query, or named queries and a formula). */
  public static datadog(props: DatadogProviderProps): IMetricProvider {
    return new DatadogProvider(props);
  }

  /** A New Relic NRQL query. */
  public static newRelic(props: NewRelicProviderProps): IMetricProvider {
    return new NewRelicProvider(props);
  }

  private constructor() {}
}
