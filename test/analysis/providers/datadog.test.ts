import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, DatadogAggregator, DatadogApiVersion, DatadogProviderProps, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthError, synthValid } from '../../support/synth';

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

  test('the factory leaves the controller\'s checks to the rule engine: it renders what it is given', () => {
    const chart = Testing.chart();
    const combos: DatadogProviderProps[] = [
      {},
      { query: ' ' },
      { queries: { a: '' } },
      { query: 'x', queries: { a: 'x' } },
      { queries: { a: 'x' }, apiVersion: DatadogApiVersion.V1 },
      { query: 'x', formula: 'x' },
      { queries: { a: 'sum:x{*}', b: 'sum:y{*}' } },
      { query: 'x', apiVersion: DatadogApiVersion.V1, aggregator: DatadogAggregator.SUM },
      { query: 'x', namespacedSecret: true },
    ];
    for (const props of combos) expect(() => MetricProvider.datadog(props)).not.toThrow();
    // namespacedSecret without secret is written out, for the engine to see
    new AnalysisTemplate(chart, 'T', { metrics: [{ name: 'm', provider: MetricProvider.datadog({ query: 'x', namespacedSecret: true }) }] });
    expect(synthError(chart)).toContain(
      '[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.datadog.secretRef.name: metrics[0]: secret name is required for namespaced credentials');
  });
});

describe('Datadog metrics in the rule engine (synth and lint)', () => {
  test('the combinations the controller refuses fail synth with its messages, all at once', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metrics: [
        { name: 'both', provider: MetricProvider.datadog({ query: 'avg:latency{*}', queries: { a: 'avg:latency{*}' } }) },
        { name: 'v1-queries', provider: MetricProvider.datadog({ queries: { a: 'sum:x{*}', b: 'sum:y{*}' }, apiVersion: DatadogApiVersion.V1 }) },
      ],
    });
    const error = synthError(chart);
    expect(error).toContain('spec.metrics[0].provider.datadog.query: metrics[0]: Cannot have both a query and queries. Please review the Analysis Template.');
    expect(error).toContain('spec.metrics[1].provider.datadog.queries: metrics[1]: Query is empty. API Version v1 only supports using the query parameter in your Analysis Template.');
    expect(error).toContain('spec.metrics[1].provider.datadog.formula: metrics[1]: When multiple queries are provided you must include a formula.');
  });

  test('a near miss synthesizes: one query on v1, several queries with a formula on v2', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metrics: [
        { name: 'a', provider: MetricProvider.datadog({ query: 'avg:latency{*}', apiVersion: DatadogApiVersion.V1 }) },
        { name: 'b', provider: MetricProvider.datadog({ queries: { a: 'sum:x{*}', b: 'sum:y{*}' }, formula: 'a / b', aggregator: DatadogAggregator.SUM }) },
      ],
    });
    expect(() => synthValid(chart)).not.toThrow();
  });
});
