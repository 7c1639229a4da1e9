import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { synthTemplate } from './synth-template';
import { MetricCatalog } from '../../../src';


describe('MetricCatalog (Datadog)', () => {
  test('success rate: APM errors over hits, API v2, service from the wired argument', () => {
    const t = synthTemplate(MetricCatalog.datadogSuccessRate());
    expect(t.spec.args).toEqual([{ name: 'service-name' }]);
    expect(t.spec.metrics).toEqual([{
      name: 'success-rate',
      interval: '1m',
      count: 5,
      failureLimit: 1,
      // no data is a nil result (upstream parseResponseV2), which a comparison cannot take: inconclusive
      successCondition: 'result != nil && result >= 0.99',
      failureCondition: 'result != nil && result < 0.99',
      provider: {
        datadog: {
          apiVersion: 'v2',
          interval: '5m',
          aggregator: 'sum',
          queries: {
            errors: 'default_zero(sum:trace.http.request.errors{service:{{args.service-name}}}.as_count())',
            hits: 'sum:trace.http.request.hits{service:{{args.service-name}}}.as_count()',
          },
          formula: '1 - errors / hits',
        },
      },
    }]);
  });

  test('latency: a percentile of the span distribution', () => {
    const t = synthTemplate(MetricCatalog.datadogLatency());
    expect(t.spec.metrics[0]).toMatchObject({
      name: 'latency-p95',
      successCondition: 'result != nil && result <= 0.5',
      failureCondition: 'result != nil && result > 0.5',
      provider: { datadog: { apiVersion: 'v2', interval: '5m', aggregator: 'avg', query: 'p95:trace.http.request{service:{{args.service-name}}}' } },
    });
  });

  test('overrides: service, operation, tags, window, thresholds, Secret', () => {
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'DD', { metadata: { name: 'dd-keys' } });
    const rate = synthTemplate(MetricCatalog.datadogSuccessRate({
      service: 'checkout',
      operation: 'trace.express.request',
      tags: ['env:prod'],
      window: Duration.minutes(2),
      minSuccessRate: 0.95,
      secret,
      namespacedSecret: true,
    }), chart);
    expect(rate.spec.args).toBeUndefined();
    expect(rate.spec.metrics[0].successCondition).toBe('result != nil && result >= 0.95');
    expect(rate.spec.metrics[0].provider.datadog).toMatchObject({
      interval: '2m',
      queries: {
        errors: 'default_zero(sum:trace.express.request.errors{service:checkout,env:prod}.as_count())',
        hits: 'sum:trace.express.request.hits{service:checkout,env:prod}.as_count()',
      },
      secretRef: { name: 'dd-keys', namespaced: true },
    });
    const lat = synthTemplate(MetricCatalog.datadogLatency({ percentile: 99, maxLatency: Duration.seconds(1) }));
    expect(lat.spec.metrics[0]).toMatchObject({ name: 'latency-p99', successCondition: 'result != nil && result <= 1' });
    expect(lat.spec.metrics[0].provider.datadog.query).toBe('p99:trace.http.request{service:{{args.service-name}}}');
  });

  test('bad arguments', () => {
    expect(() => MetricCatalog.datadogSuccessRate({ tags: ['env:prod,team:x'] }))
      .toThrow('MetricCatalog.datadogSuccessRate: every entry of "tags" must be one Datadog tag filter such as env:prod: "env:prod,team:x"');
    expect(() => MetricCatalog.datadogLatency({ operation: 'trace http' })).toThrow('MetricCatalog.datadogLatency: "operation" must be a Datadog metric name');
    expect(() => MetricCatalog.datadogLatency({ window: Duration.millis(1500) })).toThrow('MetricCatalog.datadogLatency: "window" must be a whole number of seconds, 1 or more');
    expect(() => MetricCatalog.datadogSuccessRate({ service: ' ' })).toThrow('MetricCatalog.datadogSuccessRate: "service" must be a non-empty service name');
    expect(() => MetricCatalog.datadogSuccessRate({ minSuccessRate: 1.1 })).toThrow('MetricCatalog.datadogSuccessRate: "minSuccessRate" must be a ratio from 0 to 1: 1.1');
  });
});

describe('MetricCatalog (New Relic)', () => {
  test('success rate: NRQL over Transaction, 5xx fail', () => {
    const t = synthTemplate(MetricCatalog.newRelicSuccessRate());
    expect(t.spec.args).toEqual([{ name: 'service-name' }]);
    expect(t.spec.metrics).toEqual([{
      name: 'success-rate',
      interval: '1m',
      count: 5,
      failureLimit: 1,
      // a null value (no data) is neither: inconclusive, not an evaluation error
      successCondition: 'result.successRate != nil && result.successRate >= 0.99',
      failureCondition: 'result.successRate != nil && result.successRate < 0.99',
      provider: {
        newRelic: {
          query: 'FROM Transaction SELECT 1 - filter(count(*), WHERE httpResponseCode LIKE \'5%\') / count(*) AS successRate '
            + 'WHERE appName = \'{{args.service-name}}\' SINCE 5 minutes ago',
        },
      },
    }]);
  });

  test('latency: percentile(duration) read from the percentile map', () => {
    const t = synthTemplate(MetricCatalog.newRelicLatency({ percentile: 99, maxLatency: Duration.millis(800) }));
    expect(t.spec.metrics[0]).toMatchObject({
      name: 'latency-p99',
      successCondition: 'result.latency != nil && result.latency["99"] != nil && result.latency["99"] <= 0.8',
      failureCondition: 'result.latency != nil && result.latency["99"] != nil && result.latency["99"] > 0.8',
      provider: { newRelic: { query: 'FROM Transaction SELECT percentile(duration, 99) AS latency WHERE appName = \'{{args.service-name}}\' SINCE 5 minutes ago' } },
    });
  });

  test('overrides: service, event type, extra conditions, error condition, window, profile', () => {
    const t = synthTemplate(MetricCatalog.newRelicSuccessRate({
      service: 'O\'Brien shop',
      eventType: 'Span',
      where: 'name LIKE \'WebTransaction/%\'',
      errorCondition: 'error IS true',
      window: Duration.seconds(90),
      profile: 'newrelic-prod',
      minSuccessRate: 0.9,
    }));
    expect(t.spec.args).toBeUndefined();
    expect(t.spec.metrics[0].successCondition).toBe('result.successRate != nil && result.successRate >= 0.9');
    expect(t.spec.metrics[0].provider.newRelic).toEqual({
      profile: 'newrelic-prod',
      query: 'FROM Span SELECT 1 - filter(count(*), WHERE error IS true) / count(*) AS successRate '
        + 'WHERE appName = \'O\\\'Brien shop\' AND (name LIKE \'WebTransaction/%\') SINCE 90 seconds ago',
    });
  });

  test('bad arguments', () => {
    expect(() => MetricCatalog.newRelicSuccessRate({ eventType: 'Transaction; DROP' })).toThrow('MetricCatalog.newRelicSuccessRate: "eventType" must be a New Relic event type');
    expect(() => MetricCatalog.newRelicSuccessRate({ where: ' ' })).toThrow('MetricCatalog.newRelicSuccessRate: "where" must be a non-empty NRQL condition');
    expect(() => MetricCatalog.newRelicSuccessRate({ errorCondition: '' })).toThrow('MetricCatalog.newRelicSuccessRate: "errorCondition" must be a non-empty NRQL condition');
    expect(() => MetricCatalog.newRelicLatency({ percentile: 0 })).toThrow('MetricCatalog.newRelicLatency: "percentile" must be above 0 and below 100: 0');
  });
});
