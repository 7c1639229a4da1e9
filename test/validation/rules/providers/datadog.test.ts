import { validateManifests } from '../../../../src/validation/engine';
import { analysisTemplate, finding, findingsOf } from '../fixtures';

/** A template (or run) `dd` with one Datadog metric whose provider block is `datadog`. */
function datadog(block: Record<string, any>, kind = 'AnalysisTemplate') {
  return analysisTemplate('dd', {
    args: [{ name: 'service' }],
    metrics: [{ name: 'errors', interval: '5m', successCondition: 'result < 0.01', provider: { datadog: block } }],
  }, kind);
}

const AT = 'spec.metrics[0].provider.datadog';
const Q = 'sum:requests.error.rate{service:{{args.service}}}';
const QUERIES = { errors: 'sum:errors{*}.as_count()', hits: 'sum:hits{*}.as_count()' };

test('valid Datadog metrics are clean: one query on v1 or v2, named queries with a formula on v2, a namespaced Secret', () => {
  const valid = [
    datadog({ query: Q }),
    datadog({ apiVersion: 'v1', query: Q, interval: '10m' }, 'AnalysisRun'),
    datadog({ apiVersion: 'v2', query: Q, aggregator: 'avg' }, 'ClusterAnalysisTemplate'),
    datadog({ apiVersion: 'v2', queries: QUERIES, formula: 'errors / hits', aggregator: 'sum' }),
    datadog({ apiVersion: 'v2', queries: { only: 'sum:x{*}' } }),
    datadog({ apiVersion: 'v2', query: Q, secretRef: { name: 'dd-keys', namespaced: true } }),
  ];
  for (const t of valid) expect(validateManifests([t])).toEqual([]);
});

describe('datadog-query-or-queries', () => {
  const id = 'datadog-query-or-queries';
  test('fails with neither query nor queries ("" and {} are none, as Go reads them)', () => {
    const message = 'metrics[0]: Must have either a query or queries. Please review the Analysis Template.';
    expect(findingsOf([datadog({ apiVersion: 'v2' })], id)).toEqual([finding(id, 'AnalysisTemplate/dd', `${AT}.query`, message)]);
    expect(findingsOf([datadog({ apiVersion: 'v2', query: '', queries: {} }, 'AnalysisRun')], id))
      .toEqual([finding(id, 'AnalysisRun/dd', `${AT}.query`, message)]);
  });
  test('fails with both', () => {
    expect(findingsOf([datadog({ apiVersion: 'v2', query: Q, queries: { a: Q } }, 'ClusterAnalysisTemplate')], id)).toEqual([
      finding(id, 'ClusterAnalysisTemplate/dd', `${AT}.query`, 'metrics[0]: Cannot have both a query and queries. Please review the Analysis Template.'),
    ]);
  });
  test('passes with one of them, a placeholder too', () => {
    expect(findingsOf([datadog({ query: '{{args.query}}' }), datadog({ apiVersion: 'v2', query: '', queries: { a: Q } })], id)).toEqual([]);
  });
});

describe('datadog-v1-query-only', () => {
  const id = 'datadog-v1-query-only';
  test('fails for queries on v1, also when apiVersion is left to the CRD\'s default (v1)', () => {
    expect(findingsOf([datadog({ apiVersion: 'v1', queries: { a: Q } })], id)).toEqual([
      finding(id, 'AnalysisTemplate/dd', `${AT}.queries`, 'metrics[0]: Query is empty. API Version v1 only supports using the query parameter in your Analysis Template.'),
    ]);
    expect(findingsOf([datadog({ queries: QUERIES, formula: 'errors / hits' }, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/dd', `${AT}.queries`,
        'metrics[0]: Query is empty. API Version v1 only supports using the query parameter in your Analysis Template. (apiVersion is not set: the CRD defaults it to v1)'),
    ]);
  });
  test('passes for queries on v2, and leaves "neither" and "both" to datadog-query-or-queries', () => {
    expect(findingsOf([datadog({ apiVersion: 'v2', queries: { a: Q } }), datadog({ apiVersion: 'v1' }), datadog({ apiVersion: 'v1', query: Q, queries: { a: Q } })], id)).toEqual([]);
  });
});

describe('datadog-formula-needs-queries', () => {
  const id = 'datadog-formula-needs-queries';
  test('fails for a formula over a single query', () => {
    expect(findingsOf([datadog({ apiVersion: 'v2', query: Q, formula: 'query * 100' })], id)).toEqual([
      finding(id, 'AnalysisTemplate/dd', `${AT}.formula`, 'metrics[0]: Formula are only valid when queries are set. Please review the Analysis Template.'),
    ]);
  });
  test('passes with queries, or with formula ""', () => {
    expect(findingsOf([datadog({ apiVersion: 'v2', queries: QUERIES, formula: 'errors / hits' }), datadog({ apiVersion: 'v2', query: Q, formula: '' })], id)).toEqual([]);
  });
});

describe('datadog-queries-need-formula', () => {
  const id = 'datadog-queries-need-formula';
  test('fails for several queries without formula', () => {
    expect(findingsOf([datadog({ apiVersion: 'v2', queries: QUERIES }, 'AnalysisRun'), datadog({ apiVersion: 'v2', queries: QUERIES, formula: '' })], id)).toEqual([
      finding(id, 'AnalysisRun/dd', `${AT}.formula`, 'metrics[0]: When multiple queries are provided you must include a formula.'),
      finding(id, 'AnalysisTemplate/dd', `${AT}.formula`, 'metrics[0]: When multiple queries are provided you must include a formula.'),
    ]);
  });
  test('passes for one query without formula, or several with one', () => {
    expect(findingsOf([datadog({ apiVersion: 'v2', queries: { a: Q } }), datadog({ apiVersion: 'v2', queries: QUERIES, formula: '{{args.formula}}' })], id)).toEqual([]);
  });
});

describe('datadog-v1-aggregator', () => {
  const id = 'datadog-v1-aggregator';
  test('fails for an aggregator on v1, given or defaulted', () => {
    expect(findingsOf([datadog({ apiVersion: 'v1', query: Q, aggregator: 'sum' }), datadog({ query: Q, aggregator: 'avg' }, 'ClusterAnalysisTemplate')], id)).toEqual([
      finding(id, 'AnalysisTemplate/dd', `${AT}.aggregator`, 'metrics[0]: Aggregator is not supported in v1. Please review the Analysis Template.'),
      finding(id, 'ClusterAnalysisTemplate/dd', `${AT}.aggregator`,
        'metrics[0]: Aggregator is not supported in v1. Please review the Analysis Template. (apiVersion is not set: the CRD defaults it to v1)'),
    ]);
  });
  test('passes on v2, or without aggregator', () => {
    expect(findingsOf([datadog({ apiVersion: 'v2', query: Q, aggregator: 'sum' }), datadog({ apiVersion: 'v1', query: Q, aggregator: '' })], id)).toEqual([]);
  });
});

describe('datadog-namespaced-secret-name', () => {
  const id = 'datadog-namespaced-secret-name';
  test('fails for namespaced credentials without a Secret name', () => {
    expect(findingsOf([datadog({ apiVersion: 'v2', query: Q, secretRef: { namespaced: true } }), datadog({ apiVersion: 'v2', query: Q, secretRef: { name: '', namespaced: true } }, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/dd', `${AT}.secretRef.name`, 'metrics[0]: secret name is required for namespaced credentials'),
      finding(id, 'AnalysisTemplate/dd', `${AT}.secretRef.name`, 'metrics[0]: secret name is required for namespaced credentials'),
    ]);
  });
  test('passes with a name, or without namespaced (the controller\'s datadog Secret)', () => {
    expect(findingsOf([
      datadog({ apiVersion: 'v2', query: Q, secretRef: { name: '{{args.secret}}', namespaced: true } }),
      datadog({ apiVersion: 'v2', query: Q, secretRef: { namespaced: false } }),
      datadog({ apiVersion: 'v2', query: Q, secretRef: {} }),
    ], id)).toEqual([]);
  });
});

describe('datadog-query-nonempty', () => {
  const id = 'datadog-query-nonempty';
  test('fails for a whitespace query or formula, and for each empty entry of queries', () => {
    expect(findingsOf([datadog({ apiVersion: 'v2', query: ' ' })], id)).toEqual([
      finding(id, 'AnalysisTemplate/dd', `${AT}.query`, 'metrics[0]: query holds only whitespace: Datadog refuses an empty query, so every measurement errors'),
    ]);
    expect(findingsOf([datadog({ apiVersion: 'v2', queries: { a: Q, b: '', c: '\n' }, formula: '  ' }, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/dd', `${AT}.formula`, 'metrics[0]: formula holds only whitespace: Datadog refuses an empty formula, so every measurement errors'),
      finding(id, 'AnalysisRun/dd', `${AT}.queries.b`, 'metrics[0]: queries.b is empty: Datadog refuses an empty query, so every measurement errors'),
      finding(id, 'AnalysisRun/dd', `${AT}.queries.c`, 'metrics[0]: queries.c is empty: Datadog refuses an empty query, so every measurement errors'),
    ]);
  });
  test('passes for "" query and formula (unset, judged by the other rules) and placeholders', () => {
    expect(findingsOf([datadog({ apiVersion: 'v2', query: '', formula: '', queries: { a: '{{args.q}}' } })], id)).toEqual([]);
  });
});

describe('datadog-interval-duration', () => {
  const id = 'datadog-interval-duration';
  test('fails for an interval Go cannot parse, "" included (the CRD default applies only when it is left out)', () => {
    expect(findingsOf([datadog({ apiVersion: 'v2', query: Q, interval: '1d' }), datadog({ apiVersion: 'v2', query: Q, interval: '' }, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/dd', `${AT}.interval`, 'metrics[0]: time: invalid duration "": interval must be a Go duration such as 5m, so every measurement errors'),
      finding(id, 'AnalysisTemplate/dd', `${AT}.interval`, 'metrics[0]: time: unknown unit "d" in duration "1d": interval must be a Go duration such as 5m, so every measurement errors'),
    ]);
  });
  test('passes for Go durations, placeholders and no interval', () => {
    expect(findingsOf([
      datadog({ apiVersion: 'v2', query: Q, interval: '1h30m' }),
      datadog({ apiVersion: 'v2', query: Q, interval: '{{args.window}}' }),
      datadog({ apiVersion: 'v2', query: Q }),
    ], id)).toEqual([]);
  });
});
