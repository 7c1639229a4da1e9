import { Duration } from 'cdk8s';
import { goDuration } from '../../core/rendered';
import { IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';

/** Properties of an Apache SkyWalking metric provider. */
export interface SkyWalkingProviderProps {
  /**
   * The SkyWalking OAP server's http(s) URL, e.g. `http://skywalking-oap.skywalking:12800`; the
   * controller posts the query to `<address>/graphql`, without authentication. May be a
   * `{{args.name}}` placeholder. Synth fails for one that is not an http(s) URL without query or
   * fragment, or that ends in `/graphql` (`skywalking-address-url`).
   */
  readonly address: string;
  /**
   * A GraphQL query that declares `$duration: Duration!`, e.g.
   * `query queryData($duration: Duration!) { service_sla: readMetricsValues(condition: { name: "service_sla", entity: { scope: Service, serviceName: "{{args.service-name}}", normal: true } }, duration: $duration) { label values { values { value } } } }`.
   * `result` is the response's `data`, keyed by the query's fields or aliases, e.g.
   * `all(result.service_sla.values.values, {asFloat(.value) >= 9500})`.
   */
  readonly query: string;
  /**
   * The time window the query covers (`$duration`): from `interval` ago to now, by the minute.
   * Required by the controller. Give whole minutes: SkyWalking's window is minute-grained, so with
   * seconds its length depends on the second each measurement runs at (synth and lint warn,
   * `skywalking-interval-whole-minutes`).
   */
  readonly interval: Duration;
}

/** An Apache SkyWalking GraphQL query (`provider.skywalking`). */
export class SkyWalkingProvider implements IMetricProvider {
  constructor(private readonly props: SkyWalkingProviderProps) {
    // what rendering needs; the address, query and interval are the rule engine's
    // (rules/providers/skywalking.ts): synth and lint report them
    if (!props.interval) throw new Error('skywalking metric provider: "interval" is required');
  }

  /** Renders the `skywalking` provider block of a metric. */
  public bind(_metricName: string): MetricProviderConfig {
    const p = this.props;
    return { provider: renderProvider({ skywalking: { address: p.address, query: p.query, interval: goDuration(p.interval) } }) };
  }
}
