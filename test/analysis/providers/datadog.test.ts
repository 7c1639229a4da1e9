import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, DatadogAggregator, DatadogApiVersion, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthValid } from '../../support/synth';

describe('MetricProvider.datadog', () => {
  test('renders the lint fixture\'s template: v2 queries, formula, aggregator, interval', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'datadog-error-rate' },
      args: [TemplateArg.required('service-name')],
      metrics: [{
        name: 'error-rate',
        interval: Duration.minutes(5),
        count: 3,
        successCondition: 'default(result, 0) < 0.05',
        failureLimit: 1,
        provider: MetricProvider.datadog({
          apiVersion: DatadogApiVersion.V2,
          interval: Duration.minutes(5),
          aggregator: DatadogAggregator.AVG,
          queries: {
            errors: 'sum:requests.error.count{service:{{args.service-name}}}.as_count()',
            total: 'sum:requests.request.count{service:{{args.service-name}}}.as_count()',
          },
          formula: 'errors / total',
        }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    const expected = analysisFixture('datadog.yaml');
    expect(t.spec).toEqual(expected.spec);
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('one query; API v2 written out by default; a Secret of the namespace', () => {
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'S', { metadata: { name: 'dd' } });
    new AnalysisTemplate(chart, 'T', {
      metrics: [
        { name: 'a', provider: MetricProvider.datadog({ query: 'avg:latency{*}' }) },
        { name: 'b', provider: MetricProvider.datadog({ query: 'avg:latency{*}', apiVersion: DatadogApiVersion.V1, secret, namespacedSecret: true }) },
        { name: 'c', provider: MetricProvider.datadog({ query: 'avg:latency{*}', secret }) },
      ],
    });
    const ms = only(synthValid(chart), 'AnalysisTemplate').spec.metrics;
    expect(ms[0].provider).toEqual({ datadog: { apiVersion: 'v2', query: 'avg:latency{*}' } });
    expect(ms[1].provider).toEqual({ datadog: { apiVersion: 'v1', query: 'avg:latency{*}', secretRef: { name: 'dd', namespaced: true } } });
    expect(ms[2].provider).toEqual({ datadog: { apiVersion: 'v2', query: 'avg:latency{*}', secretRef: { name: 'dd' } } });
  });

  test('the controller\'s argument checks, each with a near miss', () => {
    const q = { a: 'sum:x{*}', b: 'sum:y{*}' };
    expect(() => MetricProvider.datadog({})).toThrow('datadog metric provider: give "query" or "queries"');
    expect(() => MetricProvider.datadog({ query: ' ' })).toThrow('datadog metric provider: "query" must be a non-empty Datadog query');
    expect(() => MetricProvider.datadog({ queries: { a: '' } })).toThrow('datadog metric provider: every entry of "queries" needs a non-empty query: a');
    expect(() => MetricProvider.datadog({ query: 'x', queries: { a: 'x' } })).toThrow('datadog metric provider: "query" and "queries" are mutually exclusive: give one of them');
    expect(() => MetricProvider.datadog({ queries: { a: 'x' }, apiVersion: DatadogApiVersion.V1 })).toThrow('datadog metric provider: "queries" needs API version v2 (v1 only supports "query")');
    expect(() => MetricProvider.datadog({ query: 'x', formula: 'x' })).toThrow('datadog metric provider: "formula" combines "queries": give "queries" instead of "query"');
    expect(() => MetricProvider.datadog({ queries: q })).toThrow('datadog metric provider: several "queries" (a, b) need a "formula" that combines them');
    expect(() => MetricProvider.datadog({ query: 'x', apiVersion: DatadogApiVersion.V1, aggregator: DatadogAggregator.SUM }))
      .toThrow('datadog metric provider: "aggregator" is not supported by API version v1');
    expect(() => MetricProvider.datadog({ query: 'x', namespacedSecret: true })).toThrow('datadog metric provider: "namespacedSecret" needs "secret"');
    // near misses
    expect(() => MetricProvider.datadog({ queries: { a: 'x' } })).not.toThrow();
    expect(() => MetricProvider.datadog({ queries: q, formula: 'a / b' })).not.toThrow();
    expect(() => MetricProvider.datadog({ query: 'x', aggregator: DatadogAggregator.SUM })).not.toThrow();
  });
});
