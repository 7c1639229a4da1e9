import { IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';

/** Properties of a Wavefront metric provider. */
export interface WavefrontProviderProps {
  /**
   * The Wavefront cluster's host name, e.g. `example.wavefront.com` (the controller calls
   * `https://<address>/api/v2/`). It is also the key of the API token in the controller's
   * `wavefront-api-tokens` Secret (in the controller's namespace), so it is a host name, not a URL:
   * synth fails for one that cannot be a key of a Secret (`wavefront-address-token-key`).
   */
  readonly address: string;
  /**
   * A Wavefront query (WQL), e.g.
   * `sum(rate(ts("istio.requestcount.count", response_code!=500 and destination_service="{{args.service-name}}"))) / sum(rate(ts("istio.requestcount.count", destination_service="{{args.service-name}}")))`.
   * `result` is each series' point nearest the measurement's time (0 for a series without points):
   * one number for one series (`result >= 0.95`), a list for several; no series is an error.
   */
  readonly query: string;
}

/** A Wavefront (VMware Aria Operations for Applications) query (`provider.wavefront`). */
export class WavefrontProvider implements IMetricProvider {
  constructor(private readonly props: WavefrontProviderProps) {
    // the address and query are the rule engine's (rules/providers/wavefront.ts): synth and lint report them
  }

  /** Renders the `wavefront` provider block of a metric. */
  public bind(_metricName: string): MetricProviderConfig {
    return { provider: renderProvider({ wavefront: { address: this.props.address, query: this.props.query } }) };
  }
}
