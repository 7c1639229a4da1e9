import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthError, synthValid } from '../../support/synth';

describe('MetricProvider.wavefront', () => {
  test('renders the lint fixture\'s template: host name and query', () => {
    const expected = analysisFixture('wavefront.yaml');
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'wavefront-success-rate' },
      args: [TemplateArg.required('service-name')],
      metrics: [{
        name: 'success-rate',
        interval: Duration.minutes(5),
        count: 3,
        successCondition: 'result >= 0.95',
        failureLimit: 1,
        provider: MetricProvider.wavefront({ address: 'example.wavefront.com', query: expected.spec.metrics[0].provider.wavefront.query }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec).toEqual(expected.spec);
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('address as a template argument', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      args: [TemplateArg.required('wavefront-host')],
      metrics: [{ name: 'm', provider: MetricProvider.wavefront({ address: '{{args.wavefront-host}}', query: 'ts(app.errors)' }) }],
    });
    expect(only(synthValid(chart), 'AnalysisTemplate').spec.metrics[0].provider).toEqual({ wavefront: { address: '{{args.wavefront-host}}', query: 'ts(app.errors)' } });
  });

  test('the factory takes the values; synth fails for an address that cannot name a token, or an empty query', () => {
    expect(() => MetricProvider.wavefront({ address: 'https://example.wavefront.com', query: '' })).not.toThrow();
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metrics: [
        { name: 'a', provider: MetricProvider.wavefront({ address: 'https://example.wavefront.com', query: 'ts(x)' }) },
        { name: 'b', provider: MetricProvider.wavefront({ address: 'example.wavefront.com', query: '\n' }) },
      ],
    });
    const error = synthError(chart)!;
    expect(error).toContain('[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.wavefront.address: metrics[0]: API token not found: '
      + 'address "https://example.wavefront.com" cannot be a key of the wavefront-api-tokens Secret (letters, digits, "-", "_" and "."): it is the host name, not a URL');
    expect(error).toContain('spec.metrics[1].provider.wavefront.query: metrics[1]: query is empty: Wavefront has no query to run, so every measurement errors');
  });
});
