import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthError, synthValid } from '../../support/synth';

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

  test('a timeout that is not whole seconds cannot be rendered: synth throws', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', { metrics: [{ name: 'm', provider: MetricProvider.newRelic({ query: 'x', timeout: Duration.millis(1500) }) }] });
    expect(() => Testing.synth(chart)).toThrow('"timeout" must be a whole number of seconds: 1500ms');
  });

  test('an empty query or a profile with whitespace fails synth (the engine\'s newrelic-* rules); "" is the default profile', () => {
    expect(() => MetricProvider.newRelic({ query: ' ' })).not.toThrow();
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metrics: [
        { name: 'a', provider: MetricProvider.newRelic({ query: ' ' }) },
        { name: 'b', provider: MetricProvider.newRelic({ query: 'SELECT count(*) FROM Transaction', profile: 'newrelic prod' }) },
      ],
    });
    const error = synthError(chart);
    expect(error).toContain('[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.newRelic.query: metrics[0]: query is empty: New Relic refuses an empty NRQL query, so every measurement errors');
    expect(error).toContain('spec.metrics[1].provider.newRelic.profile: metrics[1]: profile "newrelic prod" is not a Secret name');
    const ok = Testing.chart();
    new AnalysisTemplate(ok, 'T', { metrics: [{ name: 'm', provider: MetricProvider.newRelic({ query: 'SELECT count(*) FROM Transaction', profile: '' }) }] });
    expect(only(synthValid(ok), 'AnalysisTemplate').spec.metrics[0].provider.newRelic.profile).toBe('');
  });
});
