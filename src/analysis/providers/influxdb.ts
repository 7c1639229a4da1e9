import { IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';

/** Properties of an InfluxDB metric provider. */
export interface InfluxDbProviderProps {
  /**
   * A Flux query, e.g.
   * `from(bucket: "app_istio") |> range(start: -5m) |> filter(fn: (r) => r["destination_workload"] == "{{args.application-name}}") |> mean()`.
   * It runs with a 30s timeout; `result` is the list of the `_value` of every record of every table
   * it returns (`result[0] <= 0.01`), and no record at all is an error.
   */
  readonly query: string;
  /**
   * The Secret (in the controller's namespace) with the keys `address` (the InfluxDB URL),
   * `authToken` and `org`.
   * @default - the controller's default, `influxdb`
   */
  readonly profile?: string;
}

/** An InfluxDB Flux query (`provider.influxdb`). */
export class InfluxDbProvider implements IMetricProvider {
  constructor(private readonly props: InfluxDbProviderProps) {
    if (!props.query || !props.query.trim()) throw new Error('influxdb metric provider: "query" must be a non-empty Flux query');
    if (props.profile !== undefined && !props.profile.trim()) throw new Error('influxdb metric provider: "profile" must name a Secret');
  }

  /** Renders the `influxdb` provider block of a metric. */
  public bind(_metricName: string): MetricProviderConfig {
    return { provider: renderProvider({ influxdb: { query: this.props.query, profile: this.props.profile } }) };
  }
}
