import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthValid } from '../../support/synth';

describe('MetricProvider.newRelic', () => {
  test('renders the lint fixture\'s template: profile and NRQL query', () => {
    const expected = analysisFixture('newrelic.yaml');
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'newrelic-success-rate' },
      args: [TemplateArg.required('application-name')],
      metrics: [{
        name: 'success-rate',
        interval: Duration.minutes(2),
        count: 5,
        successCondition: 'result.successRate >= 0.95',
        failureLimit: 2,
        provider: MetricProvider.newRelic({ profile: 'newrelic-production', query: expected.spec.metrics[0].provider.newRelic.query }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec).toEqual(expected.spec);
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('timeout in whole seconds; profile left to the controller by default', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', { metrics: [{ name: 'm', provider: MetricProvider.newRelic({ query: 'SELECT count(*) FROM Transaction', timeout: Duration.seconds(30) }) }] });
    expect(only(synthValid(chart), 'AnalysisTemplate').spec.metrics[0].provider).toEqual({ newRelic: { query: 'SELECT count(*) FROM Transaction', timeout: 30 } });
  });

  test('bad arguments', () => {
    expect(() => MetricProvider.newRelic({ query: ' ' })).toThrow('newrelic metric provider: "query" must be a non-empty NRQL query');
    expect(() => MetricProvider.newRelic({ query: 'x', profile: '' })).toThrow('newrelic metric provider: "profile" must name a Secret');
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', { metrics: [{ name: 'm', provider: MetricProvider.newRelic({ query: 'x', timeout: Duration.millis(1500) }) }] });
    expect(() => Testing.synth(chart)).toThrow('"timeout" must be a whole number of seconds: 1500ms');
  });
});
