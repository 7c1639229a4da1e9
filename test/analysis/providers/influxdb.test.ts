import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthValid } from '../../support/synth';

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

  test('bad arguments', () => {
    expect(() => MetricProvider.influxdb({ query: ' ' })).toThrow('influxdb metric provider: "query" must be a non-empty Flux query');
    expect(() => MetricProvider.influxdb({ query: 'from(bucket: "b")', profile: '' })).toThrow('influxdb metric provider: "profile" must name a Secret');
    expect(() => MetricProvider.influxdb({ query: 'from(bucket: "b")', profile: ' ' })).toThrow('influxdb metric provider: "profile" must name a Secret');
  });
});
