/**
 * Metric provider rules: what a provider's own code (argo-rollouts `metricproviders/<name>`) does with
 * a metric's fields when it measures. The controller accepts such a metric when it creates the run;
 * every measurement then errors, or a field the user set is ignored.
 */
import { isPlaceholder } from '../duration';
import { Severity } from '../finding';
import { arrayOf, isObject, joinPath, Manifest } from '../manifest';
import { Rule, rule, Violation } from '../rule';
import { METRIC_KINDS } from './analysis';

/** Each metric of a template or run whose provider is `name`, with its index and the provider block. */
function* metricsOf(t: Manifest, name: string): Iterable<{ m: Record<string, any>; i: number; p: Record<string, any> }> {
  const metrics = arrayOf(t?.spec?.metrics);
  for (let i = 0; i < metrics.length; i++) {
    const m = metrics[i];
    if (isObject(m) && isObject(m.provider) && isObject(m.provider[name])) yield { m, i, p: m.provider[name] };
  }
}

/** A rule over the Kayenta metrics of a template or run. */
function kayentaRule(def: Omit<Rule, 'kinds' | 'check' | 'severity'> & {
  severity?: Severity;
  check: (m: Record<string, any>, kayenta: Record<string, any>, path: string, i: number) => Iterable<Violation>;
}): Rule {
  return rule({
    ...def,
    kinds: METRIC_KINDS,
    *check(t) {
      for (const { m, i, p } of metricsOf(t, 'kayenta')) yield* def.check(m, p, joinPath('spec.metrics', i), i);
    },
  });
}

/** A scope bound (`start` / `end`) as the Kayenta provider reads it: unset or "" is "not set". */
function bound(side: unknown, field: 'start' | 'end'): boolean {
  return isObject(side) && side[field] != null && side[field] !== '';
}

export const PROVIDER_RULES: Rule[] = [
  rule({
    id: 'prometheus-sigv4-ignored',
    ref: 'library',
    kinds: METRIC_KINDS,
    severity: Severity.WARNING,
    message: 'authentication.sigv4 is ignored: the controller signs requests only when the address contains "aps-workspaces"',
    fix: 'use the Amazon Managed Service for Prometheus workspace URL (https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/) as the address, or remove authentication.sigv4: the requests go unsigned',
    *check(t) {
      // NewPrometheusAPI builds the SigV4 round tripper only when strings.Contains(address, "aps-workspaces");
      // an empty address is the controller's ARGO_ROLLOUTS_PROMETHEUS_ADDRESS, unknown here
      for (const { i, p } of metricsOf(t, 'prometheus')) {
        if (!isObject(p.authentication) || !isObject(p.authentication.sigv4)) continue;
        const address = p.address;
        if (typeof address !== 'string' || address === '' || isPlaceholder(address) || address.includes('aps-workspaces')) continue;
        yield {
          path: joinPath('spec.metrics', i, 'provider.prometheus.authentication.sigv4'),
          message: `metrics[${i}]: authentication.sigv4 is ignored: the controller signs requests only when the address contains "aps-workspaces", and ${JSON.stringify(address)} does not`,
        };
      }
    },
  }),
  kayentaRule({
    id: 'kayenta-scope-bounds-paired',
    ref: 'library',
    message: 'controlScope.start and experimentScope.start must both be set or be empty',
    fix: 'set start (and end) on both controlScope and experimentScope of the scope, or on neither: the controller then fills both in',
    *check(_m, kayenta, path, i) {
      // the Kayenta provider's getScopeRequest: every measurement errors with this message
      const scopes = arrayOf(kayenta.scopes);
      for (let j = 0; j < scopes.length; j++) {
        for (const field of ['start', 'end'] as const) {
          if (bound(scopes[j]?.controlScope, field) !== bound(scopes[j]?.experimentScope, field)) {
            yield {
              path: joinPath(path, 'provider.kayenta.scopes', j),
              message: `metrics[${i}]: controlScope.${field} and experimentScope.${field} must both be set or be empty`,
            };
          }
        }
      }
    },
  }),
  kayentaRule({
    id: 'kayenta-window-needs-interval',
    ref: 'library',
    message: 'Invalid duration "": a Kayenta scope without start judges the last interval of the metric, which has none',
    fix: 'give the metric an interval (each measurement judges that much time up to now), set provider.kayenta.lookback: true (everything since the analysis started), or give each scope a start',
    *check(m, kayenta, path, i) {
      // getStartTime: without lookback the window starts at now minus metric.interval, parsed as a Go duration
      if (kayenta.lookback === true || (m.interval != null && m.interval !== '')) return;
      if (!arrayOf(kayenta.scopes).some((s) => !bound(s?.controlScope, 'start') && !bound(s?.experimentScope, 'start'))) return;
      yield {
        path: joinPath(path, 'interval'),
        message: `metrics[${i}]: Invalid duration "": a Kayenta scope without start judges the last interval of the metric, which has none, so every measurement errors`,
      };
    },
  }),
  kayentaRule({
    id: 'kayenta-conditions-unused',
    ref: 'library',
    severity: Severity.WARNING,
    message: 'Kayenta metrics are judged by threshold: successCondition and failureCondition are not evaluated',
    fix: 'remove the condition and set provider.kayenta.threshold: a score at or above pass succeeds, at or above marginal is inconclusive, below fails',
    *check(m, _kayenta, path, i) {
      for (const field of ['successCondition', 'failureCondition']) {
        if (m[field] != null && m[field] !== '') {
          yield { path: joinPath(path, field), message: `metrics[${i}]: Kayenta metrics are judged by threshold: ${field} is not evaluated` };
        }
      }
    },
  }),
];
