import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthError, synthValid } from '../../support/synth';

describe('MetricProvider.influxdb', () => {
  test('renders the lint fixture\'s template: profile and Flux query', () => {
    const expected = analysisFixture('influxdb.yaml');
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'influxdb-error-rate' },
      args: [TemplateArg.required('application-name')],
      metrics: [{
        name: 'error-rate',
        interval: Duration.minutes(1),
        count: 5,
        successCondition: 'result[0] <= 0.01',
        failureLimit: 1,
        provider: MetricProvider.influxdb({ profile: 'influxdb-production', query: expected.spec.metrics[0].provider.influxdb.query }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec).toEqual(expected.spec);
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('profile left to the controller (its influxdb Secret) by default', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', { metrics: [{ name: 'm', provider: MetricProvider.influxdb({ query: 'from(bucket: "b") |> range(start: -5m)' }) }] });
    expect(only(synthValid(chart), 'AnalysisTemplate').spec.metrics[0].provider).toEqual({ influxdb: { query: 'from(bucket: "b") |> range(start: -5m)' } });
  });

  test('an empty query or a profile with whitespace fails synth (the engine\'s influxdb-* rules); "" is the default profile', () => {
    expect(() => MetricProvider.influxdb({ query: '' })).not.toThrow();
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metrics: [
        { name: 'a', provider: MetricProvider.influxdb({ query: '' }) },
        { name: 'b', provider: MetricProvider.influxdb({ query: 'from(bucket: "b")', profile: ' ' }) },
      ],
    });
    const error = synthError(chart);
    expect(error).toContain('[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.influxdb.query: metrics[0]: query is empty: InfluxDB refuses an empty Flux query, so every measurement errors');
    expect(error).toContain('spec.metrics[1].provider.influxdb.profile: metrics[1]: profile " " is not a Secret name');
    const ok = Testing.chart();
    new AnalysisTemplate(ok, 'T', { metrics: [{ name: 'm', provider: MetricProvider.influxdb({ query: 'from(bucket: "b")', profile: '' }) }] });
    expect(() => synthValid(ok)).not.toThrow();
  });
});
