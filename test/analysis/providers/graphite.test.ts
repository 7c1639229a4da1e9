import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthError, synthValid } from '../../support/synth';

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

  test('the factory takes the address and query; synth fails for ones the provider cannot use, under the template', () => {
    expect(() => MetricProvider.graphite({ address: 'graphite:8080', query: 'sumSeries(app.errors)' })).not.toThrow();
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metrics: [
        { name: 'a', provider: MetricProvider.graphite({ address: 'graphite:8080', query: 'target=app.errors' }) },
        { name: 'b', provider: MetricProvider.graphite({ address: 'http://graphite:8080', query: 'from=-2min\n&target = app.errors' }) },
      ],
    });
    const error = synthError(chart)!;
    expect(error).toContain('[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.graphite.address: metrics[0]: Graphite address graphite:8080 is not a valid URL: '
      + 'the provider queries <address>/render, so it must be an http(s) URL with a host');
    expect(error).toContain('[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[1].provider.graphite.query: metrics[1]: query has no target parameter: '
      + 'Graphite renders only the series a target names, so there is no series to measure: "from=-2min\\n&target = app.errors"');
  });
});
