/**
 * Rules for the Datadog metric provider (argo-rollouts `metricproviders/datadog`); see common.ts.
 * Read from upstream v1.9.1 `datadog.go`: `validateIncomingProps` (its messages are the rules'),
 * `findCredentials` and `Run`. The provider makes these checks each time it measures, so a metric
 * that fails one errors at every measurement.
 *
 * `apiVersion` left out is `v1`: the CRD defaults it (the API server writes it in), and the provider
 * reads anything but "v1" as v2. `MetricProvider.datadog` writes its own default, v2, out.
 */
import { providerRuleFor, unset } from './common';
import { goDurationError, isPlaceholder } from '../../duration';
import { isObject, joinPath } from '../../manifest';
import { Rule } from '../../rule';

const datadogRule = providerRuleFor('datadog');

/** The names of `queries`, as the provider counts them (`len(dd.Queries)`): none unless it is a map. */
function queryNames(dd: Record<string, any>): string[] {
  return isObject(dd.queries) ? Object.keys(dd.queries) : [];
}

/** Whether the metric queries API v1: `apiVersion: v1`, or no apiVersion (the CRD's default). */
function isV1(dd: Record<string, any>): boolean {
  return dd.apiVersion == null || dd.apiVersion === 'v1';
}

/** How a v1 message says why the metric is on v1, when the CRD's default put it there. */
function v1Note(dd: Record<string, any>): string {
  return dd.apiVersion == null ? ' (apiVersion is not set: the CRD defaults it to v1)' : '';
}

/** Whether a string field holds only whitespace (and is not ""): the provider sends it as it is. */
function blank(v: unknown): boolean {
  return typeof v === 'string' && v !== '' && v.trim() === '';
}

export const DATADOG_RULES: Rule[] = [
  datadogRule({
    id: 'datadog-query-or-queries',
    ref: 'library',
    message: 'Must have either a query or queries. Please review the Analysis Template.',
    fix: 'give query (one metrics query) or queries (named queries, combined by formula), not both',
    *check({ provider, path }) {
      const hasQuery = !unset(provider.query);
      const hasQueries = queryNames(provider).length > 0;
      if (!hasQuery && !hasQueries) {
        yield { path: joinPath(path, 'query') };
      } else if (hasQuery && hasQueries) {
        yield { path: joinPath(path, 'query'), message: 'Cannot have both a query and queries. Please review the Analysis Template.' };
      }
    },
  }),
  datadogRule({
    id: 'datadog-v1-query-only',
    ref: 'library',
    message: 'Query is empty. API Version v1 only supports using the query parameter in your Analysis Template.',
    fix: 'set apiVersion: v2 to use queries and formula, or give one query instead',
    *check({ provider, path }) {
      // validateIncomingProps: v1 with no query; without queries either, datadog-query-or-queries says so
      if (!isV1(provider) || !unset(provider.query) || queryNames(provider).length === 0) return;
      yield {
        path: joinPath(path, 'queries'),
        message: `Query is empty. API Version v1 only supports using the query parameter in your Analysis Template.${v1Note(provider)}`,
      };
    },
  }),
  datadogRule({
    id: 'datadog-formula-needs-queries',
    ref: 'library',
    message: 'Formula are only valid when queries are set. Please review the Analysis Template.',
    fix: 'give the queries the formula combines by name (queries: { a: ..., b: ... }), or remove formula and keep query',
    *check({ provider, path }) {
      if (unset(provider.formula) || queryNames(provider).length > 0) return;
      yield { path: joinPath(path, 'formula') };
    },
  }),
  datadogRule({
    id: 'datadog-queries-need-formula',
    ref: 'library',
    message: 'When multiple queries are provided you must include a formula.',
    fix: 'add a formula over the query names, e.g. formula: errors / hits (Datadog returns one column per query, in no set order)',
    *check({ provider, path }) {
      if (!unset(provider.formula) || queryNames(provider).length < 2) return;
      yield { path: joinPath(path, 'formula') };
    },
  }),
  datadogRule({
    id: 'datadog-v1-aggregator',
    ref: 'library',
    message: 'Aggregator is not supported in v1. Please review the Analysis Template.',
    fix: 'set apiVersion: v2, or remove aggregator (v1 returns the last point of the first series)',
    *check({ provider, path }) {
      if (!isV1(provider) || unset(provider.aggregator)) return;
      yield {
        path: joinPath(path, 'aggregator'),
        message: `Aggregator is not supported in v1. Please review the Analysis Template.${v1Note(provider)}`,
      };
    },
  }),
  datadogRule({
    id: 'datadog-namespaced-secret-name',
    ref: 'library',
    message: 'secret name is required for namespaced credentials',
    fix: 'name the Secret (secretRef.name) with api-key, app-key and address in the namespace of the analysis, or remove secretRef.namespaced to use the controller\'s datadog Secret',
    *check({ provider, path }) {
      // findCredentials: namespaced credentials are looked up by name only, before any measurement
      const ref = provider.secretRef;
      if (!isObject(ref) || ref.namespaced !== true || !unset(ref.name)) return;
      yield { path: joinPath(path, 'secretRef.name') };
    },
  }),
  datadogRule({
    id: 'datadog-query-nonempty',
    ref: 'library',
    message: 'a Datadog query or formula holds only whitespace: Datadog refuses it, so every measurement errors',
    fix: 'write the metrics query (e.g. avg:trace.http.request.duration{service:web}) or the formula over the query names',
    *check({ provider, path }) {
      // the provider sends query, each entry of queries and formula as they are (only "" counts as unset)
      if (blank(provider.query)) yield { path: joinPath(path, 'query'), message: 'query holds only whitespace: Datadog refuses an empty query, so every measurement errors' };
      for (const name of queryNames(provider)) {
        const q = provider.queries[name];
        if (unset(q) || blank(q)) {
          yield { path: joinPath(path, 'queries', name), message: `queries.${name} is empty: Datadog refuses an empty query, so every measurement errors` };
        }
      }
      if (blank(provider.formula)) yield { path: joinPath(path, 'formula'), message: 'formula holds only whitespace: Datadog refuses an empty formula, so every measurement errors' };
    },
  }),
  datadogRule({
    id: 'datadog-interval-duration',
    ref: 'library',
    message: 'interval must be a Go duration such as 5m: the provider parses it at every measurement',
    fix: 'write interval as a Go duration: a number and a unit (ns, us, ms, s, m, h), e.g. 5m or 1h30m; leave it out for the CRD\'s default, 5m',
    *check({ provider, path }) {
      // Run parses interval (the CRD defaults it to 5m when it is left out, not when it is "")
      const interval = provider.interval;
      if (typeof interval !== 'string' || isPlaceholder(interval)) return;
      const error = goDurationError(interval);
      if (error) yield { path: joinPath(path, 'interval'), message: `${error}: interval must be a Go duration such as 5m, so every measurement errors` };
    },
  }),
];
