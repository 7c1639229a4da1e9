import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { wholeSeconds } from '../../core/rendered';
import * as L1 from '../../imports/rollouts-argoproj.io';
import { TemplateArg } from '../args';
import { derivedArgName, IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';

/**
 * How an analysis authenticates to Prometheus (or a Web endpoint).
 */
export class MetricAuthentication {
  /**
   * AWS SigV4 signing (Amazon Managed Service for Prometheus). The controller signs only when the
   * address contains `aps-workspaces` (an AMP workspace URL such as
   * `https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-.../`): with any other address,
   * a proxy or a custom domain included, the requests go unsigned (lint and synth warn:
   * `prometheus-sigv4-ignored`).
   */
  public static sigv4(options: Sigv4Options = {}): MetricAuthentication {
    const sigv4 = { region: options.region, profile: options.profile, roleArn: options.roleArn };
    return new MetricAuthentication(() => ({ auth: { sigv4 }, args: [] }));
  }

  /**
   * OAuth2 client credentials. The client secret is read from a Secret through a template
   * argument, so it never appears in the manifest.
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
   * success and failure conditions as `result` (e.g. `result[0] >= 0.95`).
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
        },
      }),
      args: auth?.args,
    };
  }
}

/** `{ key, value }` entries from a map, in key order. */
export function headerList(headers?: { [key: string]: string }): Array<{ key: string; value: string }> | undefined {
  if (!headers) return undefined;
  const keys = Object.keys(headers).sort();
  return keys.length === 0 ? undefined : keys.map((key) => ({ key, value: headers[key] }));
}
