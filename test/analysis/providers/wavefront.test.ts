import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthValid } from '../../support/synth';

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

  test('bad arguments', () => {
    const notHost = (address: string) => 'wavefront metric provider: "address" must be a host name such as example.wavefront.com, the key of its token in the '
      + `wavefront-api-tokens Secret (not a URL): ${JSON.stringify(address)}`;
    expect(() => MetricProvider.wavefront({ address: 'https://example.wavefront.com', query: 'ts(x)' })).toThrow(notHost('https://example.wavefront.com'));
    expect(() => MetricProvider.wavefront({ address: 'example.wavefront.com:443', query: 'ts(x)' })).toThrow(notHost('example.wavefront.com:443'));
    expect(() => MetricProvider.wavefront({ address: '', query: 'ts(x)' })).toThrow(notHost(''));
    expect(() => MetricProvider.wavefront({ address: 'example.wavefront.com', query: '\n' })).toThrow('wavefront metric provider: "query" must be a non-empty Wavefront query');
  });
});
