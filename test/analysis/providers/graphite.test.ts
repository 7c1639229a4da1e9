import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthValid } from '../../support/synth';

describe('MetricProvider.graphite', () => {
  test('renders the lint fixture\'s template: address and a render API query string', () => {
    const expected = analysisFixture('graphite.yaml');
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'graphite-success-rate' },
      args: [TemplateArg.required('service-name')],
      metrics: [{
        name: 'success-rate',
        interval: Duration.minutes(5),
        count: 3,
        successCondition: 'len(result) > 0 && all(result, {# >= 95})',
        failureLimit: 1,
        provider: MetricProvider.graphite({
          address: 'http://graphite.monitoring.svc.cluster.local:8080',
          query: expected.spec.metrics[0].provider.graphite.query,
        }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec).toEqual(expected.spec);
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('address as a template argument; a URL with a path; the query as given (the controller collapses whitespace)', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      args: [TemplateArg.required('graphite-url')],
      metrics: [
        { name: 'a', provider: MetricProvider.graphite({ address: '{{args.graphite-url}}', query: 'target=app.errors&from=-2min' }) },
        { name: 'b', provider: MetricProvider.graphite({ address: 'https://metrics.example.com/graphite/', query: 'from=-2min&target=sumSeries(app.errors,\n  app.timeouts)\n' }) },
      ],
    });
    const ms = only(synthValid(chart), 'AnalysisTemplate').spec.metrics;
    expect(ms[0].provider).toEqual({ graphite: { address: '{{args.graphite-url}}', query: 'target=app.errors&from=-2min' } });
    expect(ms[1].provider).toEqual({ graphite: { address: 'https://metrics.example.com/graphite/', query: 'from=-2min&target=sumSeries(app.errors,\n  app.timeouts)\n' } });
  });

  test('bad arguments', () => {
    const address = 'http://graphite:8080';
    expect(() => MetricProvider.graphite({ address: 'graphite:8080', query: 'target=x' }))
      .toThrow('graphite metric provider: "address" must be an http(s) URL without query or fragment, such as http://graphite.monitoring:8080: "graphite:8080"');
    expect(() => MetricProvider.graphite({ address: '', query: 'target=x' })).toThrow('graphite metric provider: "address" must be an http(s) URL without query or fragment, such as http://graphite.monitoring:8080: ""');
    expect(() => MetricProvider.graphite({ address: 'http:// graphite', query: 'target=x' })).toThrow('"address" must be an http(s) URL');
    // the controller appends /render and the query: a query or fragment of its own breaks the call
    expect(() => MetricProvider.graphite({ address: 'http://graphite:8080/?x=1', query: 'target=x' })).toThrow('"address" must be an http(s) URL without query or fragment');
    expect(() => MetricProvider.graphite({ address: 'http://graphite:8080/#top', query: 'target=x' })).toThrow('"address" must be an http(s) URL without query or fragment');
    expect(() => MetricProvider.graphite({ address, query: ' \n' })).toThrow('graphite metric provider: "query" must be a non-empty render API query string');
    expect(() => MetricProvider.graphite({ address, query: 'sumSeries(app.errors)' }))
      .toThrow('graphite metric provider: "query" must be a render API query string with a target, e.g. target=sumSeries(app.requests.count)&from=-5min: "sumSeries(app.errors)"');
    expect(() => MetricProvider.graphite({ address, query: '?target=app.errors' })).toThrow('"query" must be a render API query string with a target');
    // each run of whitespace becomes one space, it is not removed: the parameter is then "target " (or " target")
    expect(() => MetricProvider.graphite({ address, query: 'from=-2min\n&target = app.errors' })).toThrow('"query" must be a render API query string with a target');
    expect(() => MetricProvider.graphite({ address, query: '\ntarget=app.errors' })).toThrow('"query" must be a render API query string with a target');
    // near misses
    expect(() => MetricProvider.graphite({ address, query: 'from=-5min&target=app.errors' })).not.toThrow();
    expect(() => MetricProvider.graphite({ address, query: '{{args.graphite-query}}' })).not.toThrow();
  });
});
