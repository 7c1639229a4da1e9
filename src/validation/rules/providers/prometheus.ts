/** Rules for the Prometheus metric provider (argo-rollouts `metricproviders/prometheus`); see common.ts. */
import { headersRule, isHttpAddress, oauth2Rules, providerRule, queryRequiredRule, unset } from './common';
import { goDurationError, isPlaceholder, parseGoDuration } from '../../duration';
import { Severity } from '../../finding';
import { isObject, joinPath } from '../../manifest';
import { Rule } from '../../rule';

/**
 * Why `EvalTime` (upstream `utils/evaluate`: expr, no variables, its built-in functions) cannot make
 * a time of a range query's `start` or `end`, when that shows without an expr parser: the value is
 * empty (expr: "unexpected token EOF"), an integer (an int to expr) or a bare Go duration such as
 * `1h` (to expr a number and a name: never a time). Undefined otherwise, and for a value with a
 * `{{...}}` placeholder, which the controller resolves first.
 */
function timeExpressionError(field: 'start' | 'end', value: unknown): string | undefined {
  if (!unset(value) && typeof value !== 'string') return undefined; // the schema's (crd-*)
  const text = unset(value) ? '' : (value as string).trim();
  if (isPlaceholder(text)) return undefined;
  const prefix = `failed to parse rangeQuery.${field} as time`;
  if (text === '') return `${prefix}: unexpected token EOF: ${field} is empty, so every measurement errors`;
  // an integer (a Unix time, say) is an int to expr
  if (/^[+-]?[0-9]{1,18}$/.test(text)) return `${prefix}: expected time.Time, but got int: ${field} ${text} is a number, so every measurement errors`;
  if (parseGoDuration(text) !== undefined) {
    const lookback = JSON.stringify(text.replace(/^[+-]/, ''));
    return `${prefix}: ${JSON.stringify(text)} is a duration, not a time, so every measurement errors (a time is an expression such as now() - duration(${lookback}))`;
  }
  return undefined;
}

export const PROMETHEUS_RULES: Rule[] = [
  providerRule({
    id: 'prometheus-address-url',
    ref: 'library',
    provider: 'prometheus',
    message: 'prometheus address is not is url format',
    fix: 'give the Prometheus server\'s http(s) URL, such as http://prometheus.monitoring:9090, or leave address empty for the controller\'s ARGO_ROLLOUTS_PROMETHEUS_ADDRESS',
    *check({ provider, path }) {
      // NewPrometheusAPI: a non-empty address must pass IsUrl (url.Parse with a scheme and a host), else
      // every measurement errors; the client then speaks http(s) only, and keeps the address's own query
      // parameters (e.g. VictoriaMetrics' extra_label). An empty address is the controller's environment's.
      const address = provider.address;
      if (unset(address) || isHttpAddress(address, { queryAllowed: true })) return;
      const scheme = typeof address === 'string' ? /^([a-z][a-z0-9+.-]*):\/\/[^/?#\s]/i.exec(address)?.[1] : undefined;
      yield {
        path: joinPath(path, 'address'),
        message: scheme && !/^https?$/i.test(scheme)
          ? `unsupported protocol scheme "${scheme.toLowerCase()}": the Prometheus client speaks http(s) only: ${JSON.stringify(address)}`
          : `prometheus address is not is url format: ${JSON.stringify(address)} must be an http(s) URL with a host`,
      };
    },
  }),
  headersRule('prometheus'),
  queryRequiredRule({
    id: 'prometheus-query-required',
    provider: 'prometheus',
    message: 'query is empty: Prometheus refuses an empty expression, so every measurement errors',
    fix: 'give a PromQL expression, e.g. sum(rate(http_requests_total{code!~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
  }),
  providerRule({
    id: 'prometheus-sigv4-ignored',
    ref: 'library',
    provider: 'prometheus',
    severity: Severity.WARNING,
    message: 'authentication.sigv4 is ignored: the controller signs requests only when the address contains "aps-workspaces"',
    fix: 'use the Amazon Managed Service for Prometheus workspace URL (https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/) as the address, or remove authentication.sigv4: the requests go unsigned',
    *check({ provider, path }) {
      // NewPrometheusAPI builds the SigV4 round tripper only when strings.Contains(address, "aps-workspaces");
      // an empty address is the controller's ARGO_ROLLOUTS_PROMETHEUS_ADDRESS, unknown here
      if (!isObject(provider.authentication) || !isObject(provider.authentication.sigv4)) return;
      const address = provider.address;
      if (typeof address !== 'string' || address === '' || isPlaceholder(address) || address.includes('aps-workspaces')) return;
      yield {
        path: joinPath(path, 'authentication.sigv4'),
        message: `authentication.sigv4 is ignored: the controller signs requests only when the address contains "aps-workspaces", and ${JSON.stringify(address)} does not`,
      };
    },
  }),
  providerRule({
    id: 'prometheus-range-query-time',
    ref: 'library',
    provider: 'prometheus',
    message: 'failed to parse rangeQuery.start as time: start and end must be expressions that yield a time',
    fix: 'write start and end in Argo\'s expression language, e.g. start: now() - duration("10m") and end: now() ({{args.x}} may stand in them)',
    *check({ provider, path }) {
      // Run (executeQuery) evaluates start, then end, with evaluate.EvalTime at every measurement
      const range = provider.rangeQuery;
      if (!isObject(range)) return;
      for (const field of ['start', 'end'] as const) {
        const message = timeExpressionError(field, range[field]);
        if (message) yield { path: joinPath(path, 'rangeQuery', field), message };
      }
    },
  }),
  providerRule({
    id: 'prometheus-range-query-step',
    ref: 'library',
    provider: 'prometheus',
    message: 'failed to parse rangeQuery.step as duration: step must be a positive Go duration such as 1m',
    fix: 'set rangeQuery.step to the time between two points of each series, a positive Go duration such as 30s or 1m',
    *check({ provider, path }) {
      // Run parses step with time.ParseDuration at every measurement; Prometheus then refuses a step <= 0
      const range = provider.rangeQuery;
      if (!isObject(range)) return;
      const step = range.step;
      if (!unset(step) && (typeof step !== 'string' || isPlaceholder(step))) return;
      const at = joinPath(path, 'rangeQuery.step');
      const text = unset(step) ? '' : step as string;
      const error = goDurationError(text);
      if (error) {
        yield { path: at, message: `failed to parse rangeQuery.step as duration: ${error}: step must be a Go duration such as 1m, so every measurement errors` };
      } else if (parseGoDuration(text)! <= 0) {
        yield {
          path: at,
          message: `rangeQuery.step ${text} is not positive: Prometheus refuses the range query (bad_data: zero or negative query resolution step widths are not accepted. Try a positive integer), so every measurement errors`,
        };
      }
    },
  }),
  ...oauth2Rules('prometheus'),
];
