import { IMetricProvider } from './provider';
import { CloudWatchProvider, CloudWatchProviderProps } from './providers/cloudwatch';
import { DatadogProvider, DatadogProviderProps } from './providers/datadog';
import { GraphiteProvider, GraphiteProviderProps } from './providers/graphite';
import { InfluxDbProvider, InfluxDbProviderProps } from './providers/influxdb';
import { JobProvider, JobProviderProps } from './providers/job';
import { KayentaProvider, KayentaProviderProps } from './providers/kayenta';
import { NewRelicProvider, NewRelicProviderProps } from './providers/newrelic';
import { PluginProvider, PluginProviderProps } from './providers/plugin';
import { PrometheusProvider, PrometheusProviderProps } from './providers/prometheus';
import { SkyWalkingProvider, SkyWalkingProviderProps } from './providers/skywalking';
import { WavefrontProvider, WavefrontProviderProps } from './providers/wavefront';
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

  /** AWS CloudWatch metrics and metric math, read with GetMetricData using the controller's AWS credentials. */
  public static cloudWatch(props: CloudWatchProviderProps): IMetricProvider {
    return new CloudWatchProvider(props);
  }

  /** A Kayenta canary judgement: Kayenta's score, against `threshold`, decides each measurement (conditions are not used). */
  public static kayenta(props: KayentaProviderProps): IMetricProvider {
    return new KayentaProvider(props);
  }

  /** A Graphite render API query (`target=...&from=...`); `result` is the list of the first series' points. */
  public static graphite(props: GraphiteProviderProps): IMetricProvider {
    return new GraphiteProvider(props);
  }

  /** An InfluxDB Flux query, with the credentials of a Secret in the controller's namespace. */
  public static influxdb(props: InfluxDbProviderProps): IMetricProvider {
    return new InfluxDbProvider(props);
  }

  /** An Apache SkyWalking GraphQL query over the last `interval`. */
  public static skywalking(props: SkyWalkingProviderProps): IMetricProvider {
    return new SkyWalkingProvider(props);
  }

  /** A Wavefront query, with the API token of the controller's `wavefront-api-tokens` Secret. */
  public static wavefront(props: WavefrontProviderProps): IMetricProvider {
    return new WavefrontProvider(props);
  }

  /**
   * A metric-provider plugin registered in the controller's `argo-rollouts-config` ConfigMap
   * (`metricProviderPlugins`), with its own free-form config (e.g. the Gateway API's sibling,
   * `argoproj-labs/sample-prometheus`).
   */
  public static plugin(props: PluginProviderProps): IMetricProvider {
    return new PluginProvider(props);
  }

  private constructor() {}
}
