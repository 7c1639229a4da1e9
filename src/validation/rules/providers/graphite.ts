/**
 * Rules for the Graphite metric provider (argo-rollouts `metricproviders/graphite`); see common.ts.
 * Read from upstream v1.9.1 `graphite.go` `NewAPIClient` and `api.go` `Query`: the provider parses
 * the address, then asks `<address path>/render?<query>&format=json`, the query's whitespace runs
 * collapsed to one space (`trimQuery`).
 */
import { isHttpAddress, providerRule, unset } from './common';
import { isPlaceholder } from '../../duration';
import { joinPath, text } from '../../manifest';
import { Rule } from '../../rule';

export const GRAPHITE_RULES: Rule[] = [
  providerRule({
    id: 'graphite-address-url',
    ref: 'library',
    provider: 'graphite',
    message: 'Graphite address is not a valid URL: address must be the Graphite server\'s http(s) URL',
    fix: 'give the Graphite web server\'s URL, such as http://graphite.monitoring:8080 (a path is fine; a {{args.x}} placeholder may stand in it)',
    *check({ provider, path }) {
      const address = provider.address;
      if (unset(address)) {
        // NewAPIClient: `%s address %s is not a valid URL` for an empty address
        yield { path: joinPath(path, 'address'), message: 'Graphite address  is not a valid URL: address is empty' };
      } else if (!isHttpAddress(address, { queryAllowed: true })) {
        // without scheme and host every request fails (the address's own query and fragment do no
        // harm: the provider resolves ./render against the address, which drops them)
        yield {
          path: joinPath(path, 'address'),
          message: `Graphite address ${text(address)} is not a valid URL: the provider queries <address>/render, so it must be an http(s) URL with a host`,
        };
      }
    },
  }),
  providerRule({
    id: 'graphite-query-target',
    ref: 'library',
    provider: 'graphite',
    message: 'query must be a render API query string with a target: Graphite renders only the series target names',
    fix: 'give the render API parameters, e.g. target=sumSeries(app.requests.count)&from=-5min (spaces only where Graphite allows them: the controller makes each run of whitespace one space)',
    *check({ provider, path }) {
      const query = provider.query;
      if (typeof query !== 'string' && !unset(query)) return;
      // as Query sends it: each run of whitespace is one space
      const sent = unset(query) ? '' : text(query).replace(/\s+/g, ' ');
      if (sent.trim() === '') {
        yield { path: joinPath(path, 'query'), message: 'query is empty: Graphite renders only the series a target names, so there is no series to measure' };
        return;
      }
      // a placeholder may carry the target
      if (/(^|&)target=/.test(sent) || isPlaceholder(sent)) return;
      yield {
        path: joinPath(path, 'query'),
        message: `query has no target parameter: Graphite renders only the series a target names, so there is no series to measure: ${JSON.stringify(query)}`,
      };
    },
  }),
];
