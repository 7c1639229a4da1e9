import { Duration } from 'cdk8s';
import { wholeSeconds } from '../../core/rendered';
import { IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';

/** Properties of a New Relic metric provider. */
export interface NewRelicProviderProps {
  /**
   * An NRQL query, e.g.
   * `FROM Transaction SELECT filter(count(*), WHERE httpResponseCode NOT LIKE '5%') / count(*) AS successRate WHERE appName = '{{args.service-name}}' SINCE 5 minutes ago`.
   * A single result row is `result`, a map whose keys are the aliases (`result.successRate`); a
   * query that returns several rows (`FACET`, `TIMESERIES`) gives the list of rows
   * (`result[0].successRate`), and one that returns no row errors the measurement. Synth fails on an
   * empty query.
   */
  readonly query: string;
  /**
   * The Secret (in the controller's namespace) with the account id, personal API key and region. An
   * empty string is the default; synth fails on a name with whitespace.
   * @default - the controller's default, `newrelic`
   */
  readonly profile?: string;
  /**
   * How long the NRQL query may run.
   * @default - New Relic's default
   */
  readonly timeout?: Duration;
}

/** A New Relic NRQL query (`provider.newRelic`). */
export class NewRelicProvider implements IMetricProvider {
  /**
   * An empty query and a profile that cannot name a Secret are the rule engine's
   * (`newrelic-query-required`, `newrelic-profile-secret-name`): synth fails with them under the
   * template, and `lint` finds the same in YAML.
   */
  constructor(private readonly props: NewRelicProviderProps) {}

  /** Renders the `newRelic` provider block of a metric. */
  public bind(_metricName: string): MetricProviderConfig {
    return {
      provider: renderProvider({
        newRelic: {
          query: this.props.query,
          profile: this.props.profile,
          timeout: this.props.timeout ? wholeSeconds(this.props.timeout, 'timeout') : undefined,
        },
      }),
    };
  }
}
