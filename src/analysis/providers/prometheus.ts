import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { goDuration, wholeSeconds } from '../../core/rendered';
import * as L1 from '../../imports/rollouts-argoproj.io';
import { TemplateArg } from '../args';
import { derivedArgName, IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';

/**
 * How an analysis authenticates to Prometheus (`provider.prometheus.authentication`) or to a Web
 * endpoint (`provider.web.authentication`).
 */
export class MetricAuthentication {
  /**
   * AWS SigV4 signing (Amazon Managed Service for Prometheus), for Prometheus metrics only. The
   * controller signs only when the address contains `aps-workspaces` (an AMP workspace URL such as
   * `https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-.../`): with any other address,
   * a proxy or a custom domain included, the requests go unsigned (lint and synth warn:
   * `prometheus-sigv4-ignored`). A Web metric never signs (`web-sigv4-ignored`).
   */
  public static sigv4(options: Sigv4Options = {}): MetricAuthentication {
    const sigv4 = { region: options.region, profile: options.profile, roleArn: options.roleArn };
    return new MetricAuthentication(() => ({ auth: { sigv4 }, args: [] }));
  }

  /**
   * OAuth2 client credentials, for Prometheus and Web metrics: the controller fetches a token from
   * `tokenUrl` and sends it with every request. The client secret is read from a Secret through a
   * template argument, so it never appears in the manifest.
   */
  public static oauth2(options: OAuth2Options): MetricAuthentication {
    return new MetricAuthentication((metricName) => {
      const argName = derivedArgName(metricName, 'oauth2-client-secret');
      return {
        auth: { oauth2: { tokenUrl: options.tokenUrl, clientId: options.clientId, clientSecret: `{{args.${argName}}}`, scopes: options.scopes } },
        args: [TemplateArg.fromSecret(argName, options.clientSecret, options.clientSecretKey)],
      };
    });
  }

  private constructor(private readonly render: (metricName: string) => BoundAuthentication) {}

  /** @internal */
  public _bind(metricName: string) {
    return this.render(metricName);
  }
}

interface BoundAuthentication {
  readonly auth: L1.AnalysisTemplateSpecMetricsProviderPrometheusAuthentication;
  readonly args: TemplateArg[];
}

/** Options for SigV4 authentication. */
export interface Sigv4Options {
  /**
   * AWS region.
   * @default - the controller's environment
   */
  readonly region?: string;
  /**
   * AWS profile.
   * @default - the controller's environment
   */
  readonly profile?: string;
  /**
   * IAM role to assume.
   * @default - no role is assumed
   */
  readonly roleArn?: string;
}

/** Options for OAuth2 client-credentials authentication. */
export interface OAuth2Options {
  /** Token endpoint URL. */
  readonly tokenUrl: string;
  /** OAuth2 client id. */
  readonly clientId: string;
  /** The Secret holding the client secret. */
  readonly clientSecret: kplus.ISecret;
  /** The key of the client secret in `clientSecret`. */
  readonly clientSecretKey: string;
  /**
   * Scopes to request.
   * @default - none
   */
  readonly scopes?: string[];
}

/** Properties of a Prometheus metric provider. */
export interface PrometheusProviderProps {
  /**
   * Prometheus server address: an http(s) URL, which may have a path (e.g.
   * `http://prometheus.monitoring:9090`, `http://thanos-query.monitoring:9090/prometheus`); the
   * controller errors at every measurement for an address without scheme and host
   * (`prometheus:9090`), so synth and lint fail for one (`prometheus-address-url`). May be a
   * `{{args.name}}` placeholder.
   */
  readonly address: string;
  /**
   * PromQL query. Use `{{args.name}}` for template arguments. The result is available to the
   * success and failure conditions as `result`: a number for a scalar, the list of the sample values
   * for an instant vector (e.g. `result[0] >= 0.95`), and for a range query (`rangeQuery`) every
   * sample of every series, in one list.
   */
  readonly query: string;
  /**
   * Query timeout.
   * @default - the controller's default (30s)
   */
  readonly timeout?: Duration;
  /**
   * Extra HTTP headers sent with the query. Values may use `{{args.name}}`.
   * @default - none
   */
  readonly headers?: { [key: string]: string };
  /**
   * Skip TLS verification.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Authentication.
   * @default - none
   */
  readonly authentication?: MetricAuthentication;
  /**
   * Run the query over a time range (Prometheus `/api/v1/query_range`) instead of at the time of
   * each measurement. `result` is then every sample of every returned series in one flat list of
   * numbers (series after series, each oldest first), so the conditions judge the whole window,
   * e.g. `successCondition: len(result) > 0 && all(result, # < 0.05)` (without the length guard
   * an empty result, no series at all, passes `all`); `result[0]` is the oldest sample of the first
   * series, not the latest value.
   * @default - an instant query at the time of each measurement
   */
  readonly rangeQuery?: PrometheusRangeQuery;
}

/**
 * The time range of a Prometheus range query (`provider.prometheus.rangeQuery`). `start` and `end`
 * are expressions of Argo's expression language (expr, the language of `successCondition`), evaluated
 * by the controller at each measurement, with its built-in functions such as `now()`,
 * `duration("1h")` and `date(...)`: e.g. `now() - duration("10m")` to `now()`. `{{args.name}}` may
 * stand in them (`now() - duration("{{args.window}}")`): arguments are resolved first.
 */
export interface PrometheusRangeQuery {
  /**
   * Start of the range: an expression that yields a time, e.g. `now() - duration("10m")`. The
   * controller errors at every measurement for an empty start or a bare duration such as `10m`
   * (not a time), so synth and lint fail (`prometheus-range-query-time`).
   */
  readonly start: string;
  /**
   * End of the range: an expression that yields a time, like `start`. The controller has no
   * default (an empty end errors at every measurement), so the library writes `now()`.
   * @default 'now()'
   */
  readonly end?: string;
  /**
   * Resolution: the time between two points of each series (Prometheus' `step`), written as a Go
   * duration (`30s`, `1m`). Prometheus refuses a step that is not positive
   * (`prometheus-range-query-step`), and more than 11,000 points per series.
   */
  readonly step: Duration;
}

/** A Prometheus query (`provider.prometheus`). */
export class PrometheusProvider implements IMetricProvider {
  constructor(private readonly props: PrometheusProviderProps) {
    // the address and query are the rule engine's (rules/providers/prometheus.ts): synth and lint report them
  }

  /** Renders the `prometheus` provider block of a metric, and the arguments its authentication reads from Secrets. */
  public bind(metricName: string): MetricProviderConfig {
    const auth = this.props.authentication?._bind(metricName);
    return {
      provider: renderProvider({
        prometheus: {
          address: this.props.address,
          query: this.props.query,
          timeout: this.props.timeout ? wholeSeconds(this.props.timeout, 'timeout') : undefined,
          headers: headerList(this.props.headers),
          insecure: this.props.insecure,
          authentication: auth?.auth,
          rangeQuery: rangeQuery(this.props.rangeQuery),
        },
      }),
      args: auth?.args,
    };
  }
}

/** The `rangeQuery` block: the end defaults to `now()` (the controller has no default), the step is a Go duration. */
function rangeQuery(q?: PrometheusRangeQuery): L1.AnalysisTemplateSpecMetricsProviderPrometheusRangeQuery | undefined {
  if (!q) return undefined;
  return { start: q.start, end: q.end ?? 'now()', step: goDuration(q.step) };
}

/** `{ key, value }` entries from a map, in key order. */
export function headerList(headers?: { [key: string]: string }): Array<{ key: string; value: string }> | undefined {
  if (!headers) return undefined;
  const keys = Object.keys(headers).sort();
  return keys.length === 0 ? undefined : keys.map((key) => ({ key, value: headers[key] }));
}
