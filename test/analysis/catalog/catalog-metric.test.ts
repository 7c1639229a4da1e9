import { Testing } from 'cdk8s';
import { AnalysisTemplate, CatalogArgs, CatalogMetric, MetricCatalog, MetricProvider, RolloutValue, TemplateArg } from '../../../src';
import { only, synthError, synthValid } from '../../support/synth';

const address = 'http://prometheus:9090';

describe('CatalogMetric', () => {
  test('toMetric(): several catalog metrics in one template declare the union of their arguments once', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'Health', {
      metadata: { name: 'health' },
      metrics: [
        MetricCatalog.successRate({ address }).toMetric(),
        MetricCatalog.latency({ address }).toMetric(),
        MetricCatalog.restarts({ address }).toMetric(),
      ],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec.metrics.map((m: any) => m.name)).toEqual(['success-rate', 'latency-p95', 'restarts']);
    expect(t.spec.args).toEqual([{ name: 'namespace' }, { name: 'service-name' }, { name: 'rollout-name' }, { name: 'canary-hash' }]);
  });

  test('addMetric() after construction, next to a metric of your own', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T', { metrics: [{ name: 'up', provider: MetricProvider.prometheus({ address, query: 'up' }) }] });
    t.addMetric(MetricCatalog.errorRate({ address }).toMetric());
    expect(t.argNames).toEqual(['namespace', 'service-name']);
    expect(only(synthValid(chart), 'AnalysisTemplate').spec.metrics).toHaveLength(2);
  });

  test('an argument the template declares itself wins over the catalog\'s', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      args: [TemplateArg.withDefault(CatalogArgs.SERVICE_NAME, 'web-canary')],
      metrics: [MetricCatalog.successRate({ address }).toMetric()],
    });
    expect(only(synthValid(chart), 'AnalysisTemplate').spec.args).toEqual([{ name: 'service-name', value: 'web-canary' }, { name: 'namespace' }]);
  });

  test('two catalog metrics with the same name in one template fail synth', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T', { metrics: [MetricCatalog.latency({ address }).toMetric()] });
    expect(() => t.addMetric(MetricCatalog.datadogLatency().toMetric())).toThrow('test/T: a metric named "latency-p95" already exists');
    t.addMetric(MetricCatalog.datadogLatency({ name: 'dd-latency-p95' }).toMetric());
    expect(only(synthValid(chart), 'AnalysisTemplate').spec.metrics.map((m: any) => m.name)).toEqual(['latency-p95', 'dd-latency-p95']);
  });

  test('an entry of your own: a metric and the rollout-supplied arguments it uses', () => {
    const chart = Testing.chart();
    const queueDepth = new CatalogMetric({
      metric: {
        name: 'queue-depth',
        provider: MetricProvider.prometheus({ address, query: 'max(queue_depth{namespace="{{args.namespace}}",consumer="{{args.stable-service}}"})' }),
        successCondition: 'result[0] < 100',
      },
      args: [CatalogArgs.namespace(), TemplateArg.fromRollout('stable-service', RolloutValue.stableServiceName())],
    });
    expect(queueDepth.name).toBe('queue-depth');
    expect(queueDepth.args.map((a) => a.name)).toEqual(['namespace', 'stable-service']);
    queueDepth.template(chart, 'T');
    expect(only(synthValid(chart), 'AnalysisTemplate').spec.args).toEqual([{ name: 'namespace' }, { name: 'stable-service' }]);
    expect(() => new CatalogMetric({ metric: { name: '', provider: MetricProvider.prometheus({ address, query: 'up' }) } }))
      .toThrow('catalog metric: the metric needs a "name"');
  });

  test('without the argument declared the engine reports the placeholder (near miss of the test above)', () => {
    const chart = Testing.chart();
    new CatalogMetric({
      metric: { name: 'q', provider: MetricProvider.prometheus({ address, query: 'up{namespace="{{args.namespace}}"}' }) },
    }).template(chart, 'T', { metadata: { name: 't' } });
    expect(synthError(chart)).toContain('AnalysisTemplate/t spec.metrics[0]: failed to resolve {{args.namespace}}');
  });
});
