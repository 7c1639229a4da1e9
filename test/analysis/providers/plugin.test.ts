import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthError, synthValid } from '../../support/synth';

describe('MetricProvider.plugin', () => {
  test('renders the lint fixture\'s template: the plugin\'s name as the key of its config', () => {
    const expected = analysisFixture('plugin.yaml');
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'plugin-success-rate' },
      args: [TemplateArg.required('service-name')],
      metrics: [{
        name: 'success-rate',
        interval: Duration.minutes(1),
        count: 5,
        successCondition: 'result[0] >= 0.95',
        failureLimit: 2,
        provider: MetricProvider.plugin({
          name: 'argoproj-labs/sample-prometheus',
          config: expected.spec.metrics[0].provider.plugin['argoproj-labs/sample-prometheus'],
        }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec).toEqual(expected.spec);
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('config defaults to {}; nested config is passed as is; the provider can be reused', () => {
    const chart = Testing.chart();
    const config = { queries: [{ name: 'errors', expr: 'x' }], thresholds: { max: 0.01 }, enabled: true };
    const nested = MetricProvider.plugin({ name: 'my-org/metric.v2_beta', config });
    new AnalysisTemplate(chart, 'T', {
      metrics: [
        { name: 'a', provider: MetricProvider.plugin({ name: 'argoproj-labs/sample-prometheus' }) },
        { name: 'b', provider: nested },
        { name: 'c', provider: nested },
      ],
    });
    const ms = only(synthValid(chart), 'AnalysisTemplate').spec.metrics;
    expect(ms[0].provider).toEqual({ plugin: { 'argoproj-labs/sample-prometheus': {} } });
    expect(ms[1].provider).toEqual({ plugin: { 'my-org/metric.v2_beta': config } });
    expect(ms[2].provider).toEqual(ms[1].provider);
  });

  test('a placeholder in the config must be a declared argument, as for built-in providers', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metrics: [{ name: 'm', provider: MetricProvider.plugin({ name: 'argoproj-labs/sample-prometheus', config: { query: 'up{job="{{args.job}}"}' } }) }],
    });
    expect(synthError(chart)).toContain('failed to resolve {{args.job}}');
  });

  test('one plugin per metric: a plugin next to a built-in provider is two providers', () => {
    const t = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name: 't' },
      spec: { metrics: [{ name: 'm', provider: { ...MetricProvider.plugin({ name: 'a/b' }).bind('m').provider, ...MetricProvider.newRelic({ query: 'x' }).bind('m').provider } }] },
    };
    expect(Linter.lintManifests([t]).map((f) => f.ruleId)).toEqual(['metric-single-provider']);
  });

  test('the name the controller\'s plugin registry accepts: the factory takes any, synth fails for another form', () => {
    expect(() => MetricProvider.plugin({ name: '' })).not.toThrow();
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metrics: [
        { name: 'a', provider: MetricProvider.plugin({ name: 'sample-prometheus' }) },
        { name: 'b', provider: MetricProvider.plugin({ name: 'Org-1/my_plugin.v2' }) },
      ],
    });
    const error = synthError(chart)!;
    expect(error).toContain('[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.plugin.sample-prometheus: metrics[0]: plugin sample-prometheus not configured in configmap: '
      + 'the controller registers plugins only under names in the format of <namespace>/<name> (letters, digits and "-", a "/", then letters, digits, "_", "-" and "."): "sample-prometheus"');
    expect(error).not.toContain('metrics[1]');
  });
});
