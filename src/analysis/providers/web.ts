import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { wholeSeconds } from '../../core/rendered';
import * as L1 from '../../imports/rollouts-argoproj.io';
import { TemplateArg } from '../args';
import { derivedArgName, IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';
import { MetricAuthentication } from './prometheus';

/** HTTP methods a Web metric can use. */
export enum WebMethod {
  /** HTTP GET (the default). */
  GET = 'GET',
  /** HTTP POST, with `body` or `jsonBody`. */
  POST = 'POST',
  /** HTTP PUT, with `body` or `jsonBody`. */
  PUT = 'PUT',
}

/**
 * An HTTP header of a Web metric.
 */
export class WebHeader {
  /**
   * A header with a literal value (may use `{{args.name}}`).
   * @param name header name
   * @param value header value
   */
  public static value(name: string, value: string): WebHeader {
    return new WebHeader(name, () => ({ value, args: [] }));
  }

  /**
   * A header whose value comes from a key of a Secret, through a template argument, so that the
   * token never appears in the manifest. `prefix` is prepended, e.g. `Bearer `.
   * @param name header name
   * @param secret the Secret
   * @param key the key in the Secret
   * @param prefix text before the secret value
   */
  public static fromSecret(name: string, secret: kplus.ISecret, key: string, prefix?: string): WebHeader {
    return new WebHeader(name, (metricName) => {
      const argName = derivedArgName(metricName, `header-${name}`);
      return { value: `${prefix ?? ''}{{args.${argName}}}`, args: [TemplateArg.fromSecret(argName, secret, key)] };
    });
  }

  /** @param name the header's name */
  private constructor(public readonly name: string, private readonly render: (metricName: string) => { value: string; args: TemplateArg[] }) {
    if (!name || /[\s:]/.test(name)) throw new Error(`web metric header names must be non-empty tokens: ${JSON.stringify(name)}`);
  }

  /** @internal */
  public _bind(metricName: string) {
    return this.render(metricName);
  }
}

/** Properties of a Web metric provider. */
export interface WebProviderProps {
  /**
   * URL to call: an http(s) URL with a host, e.g. `http://web-preview.default/healthz`. May use
   * `{{args.name}}`. Synth fails for one the controller cannot call (`web-url-http`).
   */
  readonly url: string;
  /**
   * HTTP method.
   * @default WebMethod.GET
   */
  readonly method?: WebMethod;
  /**
   * Request headers.
   * @default - none
   */
  readonly headers?: WebHeader[];
  /**
   * Request body as text (POST/PUT). Mutually exclusive with `jsonBody`; synth fails for both, or
   * for a body with GET (`web-body-or-json-body`, `web-body-method`).
   * @default - none
   */
  readonly body?: string;
  /**
   * Request body as JSON (POST/PUT). Mutually exclusive with `body`; synth fails for both, or for a
   * body with GET (`web-body-or-json-body`, `web-body-method`).
   * @default - none
   */
  readonly jsonBody?: any;
  /**
   * JSONPath into the response whose value becomes `result`, e.g. `{$.data.ok}`.
   * @default - the whole response
   */
  readonly jsonPath?: string;
  /**
   * Request timeout.
   * @default - the controller's default (10s)
   */
  readonly timeout?: Duration;
  /**
   * Skip TLS verification.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Authentication: `MetricAuthentication.oauth2(...)`, with which the controller fetches a token
   * (client credentials) and sends it with every request; the client secret is read from a Secret
   * through a generated template argument. The Web provider does not sign requests:
   * `MetricAuthentication.sigv4()` is ignored, and synth and lint warn (`web-sigv4-ignored`).
   * @default - none (a token may also be sent as a header, `WebHeader.fromSecret`)
   */
  readonly authentication?: MetricAuthentication;
}

/** An HTTP call whose response is judged (`provider.web`), e.g. a JSON health endpoint. */
export class WebProvider implements IMetricProvider {
  constructor(private readonly props: WebProviderProps) {
    // the url, the body and the method are the rule engine's (rules/providers/web.ts): synth and lint report them
  }

  /** Renders the `web` provider block of a metric, and the arguments its headers and authentication read from Secrets. */
  public bind(metricName: string): MetricProviderConfig {
    const headers = (this.props.headers ?? []).map((h) => ({ name: h.name, ...h._bind(metricName) }));
    const auth = this.props.authentication?._bind(metricName);
    const web: L1.AnalysisTemplateSpecMetricsProviderWeb = {
      url: this.props.url,
      method: this.props.method,
      headers: headers.length ? headers.map((h) => ({ key: h.name, value: h.value })) : undefined,
      body: this.props.body,
      jsonBody: this.props.jsonBody,
      jsonPath: this.props.jsonPath,
      timeoutSeconds: this.props.timeout ? wholeSeconds(this.props.timeout, 'timeout') : undefined,
      insecure: this.props.insecure,
      authentication: auth?.auth,
    };
    return { provider: renderProvider({ web }), args: [...headers.flatMap((h) => h.args), ...(auth?.args ?? [])] };
  }
}
