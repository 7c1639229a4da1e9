import { analysisTemplate, finding, findingsOf, metric } from './fixtures';
import { promqlSyntaxError, substitutePlaceholders } from '../../../src/validation/rules/promql';

const RULE = 'prometheus-query-syntax';
const QUERY_PATH = 'spec.metrics[0].provider.prometheus.query';

/** A template whose only metric queries `query`. */
function withQuery(query: unknown, kind = 'AnalysisTemplate') {
  return analysisTemplate('success-rate', {
    metrics: [metric({ provider: { prometheus: { address: 'http://prometheus:9090', query } } })],
  }, kind);
}

describe('prometheus-query-syntax', () => {
  test('fails on an unclosed parenthesis, at the end of the query', () => {
    expect(findingsOf([withQuery('sum(rate(http_requests_total{service="{{args.service}}"}[5m])')], RULE)).toEqual([
      finding(RULE, 'AnalysisTemplate/success-rate', QUERY_PATH,
        'metrics[0]: PromQL syntax error at line 1, column 62 of the query: unexpected end of input'),
    ]);
  });

  test('fails on an unexpected token, with its line and column in a multi-line query', () => {
    const query = 'sum(rate(errors_total[5m]))\n  /\n  sum(rate(requests_total[5m])) )';
    expect(findingsOf([withQuery(query)], RULE)).toEqual([
      finding(RULE, 'AnalysisTemplate/success-rate', QUERY_PATH,
        'metrics[0]: PromQL syntax error at line 3, column 33 of the query: unexpected ")"'),
    ]);
  });

  test('fails on a bad duration inside a range, reported at the original position', () => {
    // the placeholder before it is replaced by a shorter token: the column is still the query's own
    const query = 'rate(http_requests_total{job="{{args.service}}"}[5mm])';
    expect(findingsOf([withQuery(query)], RULE)).toEqual([
      finding(RULE, 'AnalysisTemplate/success-rate', QUERY_PATH,
        'metrics[0]: PromQL syntax error at line 1, column 52 of the query: unexpected "m"'),
    ]);
  });

  test('fails on an unknown function name', () => {
    expect(findingsOf([withQuery('rates(x[5m])')], RULE)).toEqual([
      finding(RULE, 'AnalysisTemplate/success-rate', QUERY_PATH, 'metrics[0]: PromQL syntax error at line 1, column 6 of the query: unexpected "("'),
    ]);
  });

  test('fails on an empty or missing query', () => {
    const message = 'metrics[0]: the Prometheus query is empty';
    expect(findingsOf([withQuery('  ')], RULE)).toEqual([finding(RULE, 'AnalysisTemplate/success-rate', QUERY_PATH, message)]);
    expect(findingsOf([withQuery(undefined)], RULE)).toEqual([finding(RULE, 'AnalysisTemplate/success-rate', QUERY_PATH, message)]);
  });

  test('fails in ClusterAnalysisTemplates and AnalysisRuns, one finding per bad metric', () => {
    expect(findingsOf([withQuery('up{', 'ClusterAnalysisTemplate')], RULE)).toEqual([
      finding(RULE, 'ClusterAnalysisTemplate/success-rate', QUERY_PATH, 'metrics[0]: PromQL syntax error at line 1, column 4 of the query: unexpected end of input'),
    ]);
    const run = withQuery('up', 'AnalysisRun');
    run.spec.metrics.push(metric({ name: 'second', provider: { prometheus: { query: 'up offset' } } }));
    expect(findingsOf([run], RULE)).toEqual([
      finding(RULE, 'AnalysisRun/success-rate', 'spec.metrics[1].provider.prometheus.query',
        'metrics[1]: PromQL syntax error at line 1, column 10 of the query: unexpected end of input'),
    ]);
  });

  test.each([
    ['valid queries with placeholders in every position', [
      'sum(irate(istio_requests_total{reporter="source",destination_service=~"{{args.service}}",response_code!~"5.*"}[5m])) / sum(irate(istio_requests_total{reporter="source",destination_service=~"{{args.service}}"}[5m]))',
      '{{args.query}}',
      'rate(http_requests_total[{{args.window}}])',
      'rate(http_requests_total[{{args.minutes}}m])',
      'rate(http_requests_total[5m:{{args.step}}])',
      'http_requests_total offset {{args.offset}}',
      'up{job={{args.matcher}}}',
      'http_{{args.prefix}}_requests_total > {{args.threshold}}',
      'histogram_quantile(0.{{args.percentile}}, sum by (le) (rate(latency_bucket[5m])))',
      '{{args.aggregation}}(rate(http_requests_total[5m]))',
      '{{args.aggregation}} by (code) (rate(http_requests_total[5m]))',
      'topk({{args.k}}, up)',
      "up{job='{{ args.job }}'}",
      '# a comment with {{args.x}}\nsum(up)',
      'scalar(sum(rate(x[5m]))) == bool 1',
      'x[1h] @ end()',
    ]],
    ['a placeholder that stands for more than a token (matchers, an operator, a clause)', [
      'sum(rate(x{ {{args.matchers}} }[5m]))',
      'x{job="a",{{args.extra}}}',
      'x{job="a"{{args.extra}}}',
      'x{job="a"} {{args.cmp}} {{args.threshold}}',
      'sum(rate(x{job="a"}[5m])) {{args.grouping}}',
      'x[5m] offset -{{args.offset}}',
      'rate(x{job="a",{{args.extra}}}[{{args.window}}])',
    ]],
  ])('near miss: %s passes', (_what, queries) => {
    for (const query of queries) expect([query, findingsOf([withQuery(query)], RULE)]).toEqual([query, []]);
  });

  test('near miss: a placeholder that stands for a binary operator alone passes', () => {
    const t = withQuery('up{job="a"} {{args.op}} 1');
    t.spec.args.push({ name: 'op', value: '>' });
    expect(findingsOf([t], RULE)).toEqual([]);
    expect(promqlSyntaxError('sum(rate(x[5m])) {{args.op}} on(job) sum(rate(y[5m]))')).toBeUndefined();
    expect(promqlSyntaxError('up {{ args.cmp }} bool 1')).toBeUndefined();
  });

  test('placeholders are found as the controller finds them: {{ to the next }}', () => {
    // `{{args.a} > {{args.b}}` is one tag (args.a} > {{args.b), so the query is one placeholder
    expect(promqlSyntaxError('{{args.a} > {{args.b}}')).toBeUndefined();
    // an unclosed placeholder fails the run before any query is sent: analysis-placeholder-declared reports it
    expect(findingsOf([withQuery('up{job="{{args.job}"}')], RULE)).toEqual([]);
  });

  test('a query that fails however its placeholders are filled in still fails', () => {
    expect(promqlSyntaxError('sum(rate(x{job="{{args.job}}"}[5m])')?.detail).toBe('unexpected end of input');
    expect(promqlSyntaxError('x{job="a"} > > {{args.threshold}}')?.detail).toBe('unexpected ">"');
  });

  test('near miss: holt_winters, which Prometheus 2 servers still run, passes (the grammar is Prometheus 3\'s)', () => {
    expect(findingsOf([withQuery('holt_winters(rate(x[5m])[1h:1m], 0.5, 0.5) > 0')], RULE)).toEqual([]);
    expect(promqlSyntaxError('holt_winters(x[5m], 0.5')).toEqual(expect.objectContaining({ column: 24, detail: 'unexpected end of input' }));
  });

  test('near miss: metrics of other providers and non-string queries are not checked here', () => {
    const web = analysisTemplate('w', { metrics: [metric({ provider: { web: { url: 'http://x/{{args.service}}' } } })] });
    expect(findingsOf([web, withQuery(42)], RULE)).toEqual([]);
  });
});

describe('substitutePlaceholders', () => {
  test('maps offsets after a placeholder back to the query as written', () => {
    const sub = substitutePlaceholders('x{a="{{args.long-name}}"} y');
    expect(sub.text).toBe('x{a="x"} y');
    expect(sub.original(sub.text.indexOf('y'))).toBe(26);
    // an offset inside the replacement maps to the placeholder's start
    expect(sub.original(sub.text.indexOf('x"'))).toBe(5);
  });

  test('leaves queries without placeholders alone', () => {
    expect(substitutePlaceholders('sum(up)').text).toBe('sum(up)');
    expect(promqlSyntaxError('sum(up)')).toBeUndefined();
  });
});
