import { validateManifests } from '../../../../src/validation/engine';
import { analysisTemplate, finding, findingsOf } from '../fixtures';

/** A template `graphite` with one Graphite metric; `fields` replace the defaults (undefined removes one). */
function graphite(fields: Record<string, any> = {}, kind = 'AnalysisTemplate') {
  return analysisTemplate('graphite', {
    args: [{ name: 'graphite-url' }, { name: 'graphite-query' }],
    metrics: [{
      name: 'errors',
      successCondition: 'len(result) > 0 && all(result, {# < 5})',
      provider: { graphite: { address: 'http://graphite:8080', query: 'target=app.errors&from=-5min', ...fields } },
    }],
  }, kind);
}

const AT = (field: string) => `spec.metrics[0].provider.graphite.${field}`;

test('a Graphite metric with an http(s) address and a target is clean', () => {
  expect(validateManifests([graphite()])).toEqual([]);
  expect(validateManifests([graphite({ address: '{{args.graphite-url}}', query: '{{args.graphite-query}}' }, 'AnalysisRun')])).toEqual([]);
});

describe('graphite-address-url', () => {
  const id = 'graphite-address-url';
  test('fails for an empty address with the controller\'s message', () => {
    for (const address of [undefined, '']) {
      expect(findingsOf([graphite({ address }, 'AnalysisRun')], id)).toEqual([
        finding(id, 'AnalysisRun/graphite', AT('address'), 'metrics[0]: Graphite address  is not a valid URL: address is empty'),
      ]);
    }
  });
  test('fails for an address without scheme and host', () => {
    for (const address of ['graphite:8080', 'ftp://graphite', 'http://', 'http:// graphite']) {
      expect(findingsOf([graphite({ address }, 'ClusterAnalysisTemplate')], id)).toEqual([finding(id, 'ClusterAnalysisTemplate/graphite', AT('address'),
        `metrics[0]: Graphite address ${address} is not a valid URL: the provider queries <address>/render, so it must be an http(s) URL with a host`)]);
    }
  });
  test('near misses: a path, a query or fragment (dropped when the provider resolves ./render), placeholders for the address or its host, with spaces', () => {
    for (const address of ['https://metrics.example.com/graphite/', 'http://graphite:8080/?x=1', 'http://graphite#top', '{{args.graphite-url}}', '{{ args.graphite-url }}',
      'http://{{args.graphite-url}}:8080', 'http://{{ args.host }}:{{ args.port }}/graphite']) {
      expect(findingsOf([graphite({ address })], id)).toEqual([]);
    }
  });
});

describe('graphite-query-target', () => {
  const id = 'graphite-query-target';
  test('fails for an empty query', () => {
    for (const query of [undefined, '', ' \n']) {
      expect(findingsOf([graphite({ query })], id)).toEqual([
        finding(id, 'AnalysisTemplate/graphite', AT('query'), 'metrics[0]: query is empty: Graphite renders only the series a target names, so there is no series to measure'),
      ]);
    }
  });
  test('fails for a query without target parameter, read as the controller sends it (whitespace runs as one space)', () => {
    const message = (query: string) => `metrics[0]: query has no target parameter: Graphite renders only the series a target names, so there is no series to measure: ${JSON.stringify(query)}`;
    for (const query of ['sumSeries(app.errors)', '?target=app.errors', 'from=-2min\n&target = app.errors', '\ntarget=app.errors']) {
      expect(findingsOf([graphite({ query }, 'AnalysisRun')], id)).toEqual([finding(id, 'AnalysisRun/graphite', AT('query'), message(query))]);
    }
  });
  test('near misses: target anywhere among the parameters, a query spanning lines between arguments, a placeholder', () => {
    for (const query of ['from=-5min&target=app.errors', 'target=sumSeries(app.errors,\n  app.timeouts)\n&from=-5min', '{{args.graphite-query}}', 'from=-5min&{{args.graphite-query}}']) {
      expect(findingsOf([graphite({ query })], id)).toEqual([]);
    }
  });
});
