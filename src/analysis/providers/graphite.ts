import { IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';

/** Properties of a Graphite metric provider. */
export interface GraphiteProviderProps {
  /**
   * The Graphite web server's http(s) URL, e.g. `http://graphite.monitoring:8080`; the controller
   * queries `<address>/render`, without authentication. May be a `{{args.name}}` placeholder. Synth
   * fails for one that is not an http(s) URL without query or fragment (`graphite-address-url`).
   */
  readonly address: string;
  /**
   * The render API's query string: a `target` and the time range, e.g.
   * `target=asPercent(sumSeries(stats.{{args.service-name}}.requests.2xx.count),sumSeries(stats.{{args.service-name}}.requests.*.count))&from=-5min`.
   * The controller replaces each run of whitespace with one space (so the query may span lines where
   * a space is allowed, e.g. between function arguments, but not inside `target=`) and adds
   * `format=json`. `result` is the list of the first series' non-null points, e.g.
   * `len(result) > 0 && all(result, {# >= 95})`. Synth fails for a query without `target`
   * (`graphite-query-target`).
   */
  readonly query: string;
}

/** A Graphite render API query (`provider.graphite`). */
export class GraphiteProvider implements IMetricProvider {
  constructor(private readonly props: GraphiteProviderProps) {
    // the address and query are the rule engine's (rules/providers/graphite.ts): synth and lint report them
  }

  /** Renders the `graphite` provider block of a metric. */
  public bind(_metricName: string): MetricProviderConfig {
    return { provider: renderProvider({ graphite: { address: this.props.address, query: this.props.query } }) };
  }
}
