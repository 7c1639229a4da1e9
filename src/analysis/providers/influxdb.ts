import { IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';

/** Properties of an InfluxDB metric provider. */
export interface InfluxDbProviderProps {
  /**
   * A Flux query, e.g.
   * `from(bucket: "app_istio") |> range(start: -5m) |> filter(fn: (r) => r["destination_workload"] == "{{args.application-name}}") |> mean()`.
   * It runs with a 30s timeout; `result` is the list of the `_value` of every record of every table
   * it returns (`result[0] <= 0.01`), and no record at all is an error. Synth fails on an empty query.
   */
  readonly query: string;
  /**
   * The Secret (in the controller's namespace) with the keys `address` (the InfluxDB URL),
   * `authToken` and `org`. An empty string is the default; synth fails on a name with whitespace.
   * @default - the controller's default, `influxdb`
   */
  readonly profile?: string;
}

/** An InfluxDB Flux query (`provider.influxdb`). */
export class InfluxDbProvider implements IMetricProvider {
  /**
   * An empty query and a profile that cannot name a Secret are the rule engine's
   * (`influxdb-query-required`, `influxdb-profile-secret-name`): synth fails with them under the
   * template, and `lint` finds the same in YAML.
   */
  constructor(private readonly props: InfluxDbProviderProps) {}

  /** Renders the `influxdb` provider block of a metric. */
  public bind(_metricName: string): MetricProviderConfig {
    return { provider: renderProvider({ influxdb: { query: this.props.query, profile: this.props.profile } }) };
  }
}
