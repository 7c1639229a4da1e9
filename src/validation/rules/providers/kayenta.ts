/**
 * Rules for the Kayenta metric provider (argo-rollouts `metricproviders/kayenta`); see common.ts.
 * Read from upstream v1.9.1 `kayenta.go`: `getScopeRequest`, `getStartTime`, `Run` and `Resume`.
 */
import { isHttpAddress, providerRuleFor, unset } from './common';
import { Severity } from '../../finding';
import { arrayOf, isObject, joinPath } from '../../manifest';
import { Rule, Violation } from '../../rule';

/** A scope bound (`start` / `end`) as the Kayenta provider reads it: unset or "" is "not set". */
function bound(side: unknown, field: 'start' | 'end'): boolean {
  return isObject(side) && side[field] != null && side[field] !== '';
}

const kayentaRule = providerRuleFor('kayenta');


export const KAYENTA_RULES: Rule[] = [
  kayentaRule({
    id: 'kayenta-address-url',
    ref: 'library',
    message: 'address must be the Kayenta server\'s http(s) URL: the provider posts to <address>/canary/<config id>',
    fix: 'give the Kayenta server\'s URL, such as http://kayenta.kayenta:8090 (a {{args.x}} placeholder may stand in it)',
    *check({ provider, path }) {
      if (provider.address === undefined || isHttpAddress(provider.address)) return;
      yield {
        path: joinPath(path, 'address'),
        message: `address must be the Kayenta server's http(s) URL without query or fragment: ${JSON.stringify(provider.address)}`,
      };
    },
  }),
  kayentaRule({
    id: 'kayenta-canary-config-name',
    ref: 'library',
    message: 'Canary config not found: canaryConfigName is empty, and the provider looks the config up by name',
    fix: 'name the canary config to judge with, as Kayenta lists it for the application',
    *check({ provider, path }) {
      // getCanaryConfigId lists the application's configs and takes the one of this name; an empty
      // account name is fine (Kayenta then uses its first account of that type), an empty config name is not
      const name = provider.canaryConfigName;
      if (typeof name === 'string' && name.trim() === '') yield { path: joinPath(path, 'canaryConfigName') };
    },
  }),
  kayentaRule({
    id: 'kayenta-threshold-range',
    ref: 'library',
    severity: Severity.WARNING,
    message: 'threshold.pass and threshold.marginal are compared with a score from 0 to 100: outside it, or with marginal above pass, some outcome can never happen',
    fix: 'set threshold.pass (a score at or above it succeeds) and threshold.marginal (at or above it is inconclusive, below fails) as whole numbers, 0 <= marginal <= pass <= 100',
    *check({ provider, path }) {
      // the provider compares the score (0-100) with pass, then marginal: outside 0-100 a metric always
      // or never passes, and with marginal above pass no score is inconclusive
      const threshold = provider.threshold;
      if (!isObject(threshold)) return;
      const at = joinPath(path, 'threshold');
      const inRange = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 100;
      for (const field of ['pass', 'marginal']) {
        const v = threshold[field];
        if (typeof v === 'number' && !inRange(v)) {
          yield { path: joinPath(at, field), message: `threshold.${field} is ${v}: Kayenta's score is from 0 to 100, so ${v < 0 ? 'every' : 'no'} score is at or above it` };
        }
      }
      if (inRange(threshold.pass) && inRange(threshold.marginal) && threshold.marginal > threshold.pass) {
        yield {
          path: joinPath(at, 'marginal'),
          message: `threshold.marginal (${threshold.marginal}) exceeds threshold.pass (${threshold.pass}): no score is inconclusive`,
        };
      }
    },
  }),
  kayentaRule({
    id: 'kayenta-scopes-valid',
    ref: 'library',
    message: 'scopes must list at least one scope, each with its own name and a non-empty control and experiment scope',
    fix: 'give each scope a unique name and the metrics selectors (scope) of the baseline (controlScope) and the canary (experimentScope)',
    *check({ provider, path }) {
      // getScopeRequest sends the scopes as a map by name: a later scope of a name replaces the earlier one
      if (!Array.isArray(provider.scopes)) return;
      const at = joinPath(path, 'scopes');
      if (provider.scopes.length === 0) {
        yield { path: at, message: 'scopes is empty: Kayenta has no scope to judge' };
        return;
      }
      const seen = new Set<string>();
      const found: Violation[] = [];
      provider.scopes.forEach((s: unknown, j: number) => {
        if (!isObject(s)) return;
        if (typeof s.name === 'string') {
          if (s.name.trim() === '') found.push({ path: joinPath(at, j, 'name'), message: `scopes[${j}].name is empty: Kayenta receives the scopes by name` });
          else if (seen.has(s.name)) found.push({ path: joinPath(at, j, 'name'), message: `scopes[${j}].name repeats "${s.name}": Kayenta receives the scopes by name, so this one replaces the earlier one` });
          seen.add(s.name);
        }
        for (const side of ['controlScope', 'experimentScope']) {
          const scope = isObject(s[side]) ? s[side].scope : undefined;
          if (typeof scope === 'string' && scope.trim() === '') {
            found.push({ path: joinPath(at, j, side, 'scope'), message: `scopes[${j}].${side}.scope is empty: Kayenta has no metrics to select` });
          }
        }
      });
      yield* found;
    },
  }),
  kayentaRule({
    id: 'kayenta-scope-bounds-paired',
    ref: 'library',
    message: 'controlScope.start and experimentScope.start must both be set or be empty',
    fix: 'set start (and end) on both controlScope and experimentScope of the scope, or on neither: the controller then fills both in',
    *check({ provider, path }) {
      // the Kayenta provider's getScopeRequest: every measurement errors with this message
      const scopes = arrayOf(provider.scopes);
      for (let j = 0; j < scopes.length; j++) {
        for (const field of ['start', 'end'] as const) {
          if (bound(scopes[j]?.controlScope, field) !== bound(scopes[j]?.experimentScope, field)) {
            yield {
              path: joinPath(path, 'scopes', j),
              message: `controlScope.${field} and experimentScope.${field} must both be set or be empty`,
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
    *check({ metric, provider, metricPath }) {
      // getStartTime: without lookback the window starts at now minus metric.interval, parsed as a Go duration
      if (provider.lookback === true || !unset(metric.interval)) return;
      if (!arrayOf(provider.scopes).some((s) => !bound(s?.controlScope, 'start') && !bound(s?.experimentScope, 'start'))) return;
      yield {
        path: joinPath(metricPath, 'interval'),
        message: 'Invalid duration "": a Kayenta scope without start judges the last interval of the metric, which has none, so every measurement errors',
      };
    },
  }),
  kayentaRule({
    id: 'kayenta-conditions-unused',
    ref: 'library',
    severity: Severity.WARNING,
    message: 'Kayenta metrics are judged by threshold: successCondition and failureCondition are not evaluated',
    fix: 'remove the condition and set provider.kayenta.threshold: a score at or above pass succeeds, at or above marginal is inconclusive, below fails',
    *check({ metric, metricPath }) {
      for (const field of ['successCondition', 'failureCondition']) {
        if (!unset(metric[field])) {
          yield { path: joinPath(metricPath, field), message: `Kayenta metrics are judged by threshold: ${field} is not evaluated` };
        }
      }
    },
  }),
];
