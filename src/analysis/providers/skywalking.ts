import { Duration } from 'cdk8s';
import { goDuration } from '../../core/rendered';
import { IMetricProvider, isHttpAddress, MetricProviderConfig, renderProvider } from '../provider';

/** Properties of an Apache SkyWalking metric provider. */
export interface SkyWalkingProviderProps {
  /**
   * The SkyWalking OAP server's http(s) URL, e.g. `http://skywalking-oap.skywalking:12800`; the
   * controller posts the query to `<address>/graphql`, without authentication. May be a
   * `{{args.name}}` placeholder.
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
   * Required by the controller; whole minutes, since SkyWalking's window is minute-grained.
   */
  readonly interval: Duration;
}

/** An Apache SkyWalking GraphQL query (`provider.skywalking`). */
export class SkyWalkingProvider implements IMetricProvider {
  constructor(private readonly props: SkyWalkingProviderProps) {
    const fail = (message: string) => {
      throw new Error(`skywalking metric provider: ${message}`);
    };
    if (!isHttpAddress(props.address)) {
      fail(`"address" must be an http(s) URL without query or fragment, such as http://skywalking-oap.skywalking:12800: ${JSON.stringify(props.address)}`);
    }
    if (/\/(graphql\/?)?$/.test(props.address)) fail(`"address" must be the OAP server's URL without "/graphql" or a trailing "/" (the controller appends /graphql): ${props.address}`);
    if (!props.query || !props.query.trim()) fail('"query" must be a non-empty GraphQL query');
    const ms = props.interval?.toMilliseconds() ?? 0;
    if (ms <= 0 || ms % 60_000 !== 0) fail(`"interval" must be a positive whole number of minutes (SkyWalking's query window is minute-grained): ${ms}ms`);
  }

  /** Renders the `skywalking` provider block of a metric. */
  public bind(_metricName: string): MetricProviderConfig {
    const p = this.props;
    return { provider: renderProvider({ skywalking: { address: p.address, query: p.query, interval: goDuration(p.interval) } }) };
  }
}
