import { Duration, Size, Testing } from 'cdk8s';
import { synthTemplate } from './synth-template';
import { CatalogMetric, CatalogSelector, MetricCatalog, TemplateArg } from '../../../src';
import { synthError, synthValid } from '../../support/synth';

const address = 'http://prometheus-operated.monitoring:9090';
const SVC = 'namespace="{{args.namespace}}",service="{{args.service-name}}"';
const PODS = 'namespace="{{args.namespace}}",pod=~"{{args.rollout-name}}-{{args.canary-hash}}-.*"';
const SVC_ARGS = [{ name: 'namespace' }, { name: 'service-name' }];
const POD_ARGS = [{ name: 'namespace' }, { name: 'rollout-name' }, { name: 'canary-hash' }];


describe('MetricCatalog (Prometheus)', () => {
  test.each([
    ['successRate', MetricCatalog.successRate({ address }), 'success-rate', SVC_ARGS,
      `(sum(rate(http_requests_total{${SVC},code!~"5.."}[2m])) or vector(0)) / (sum(rate(http_requests_total{${SVC}}[2m])) or vector(0))`,
      'result[0] >= 0.99', 'result[0] < 0.99'],
    ['errorRate', MetricCatalog.errorRate({ address }), 'error-rate', SVC_ARGS,
      `(sum(rate(http_requests_total{${SVC},code=~"5.."}[2m])) or vector(0)) / (sum(rate(http_requests_total{${SVC}}[2m])) or vector(0))`,
      'result[0] <= 0.01', 'result[0] > 0.01'],
    ['latency', MetricCatalog.latency({ address }), 'latency-p95', SVC_ARGS,
      `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${SVC}}[2m])))`,
      'result[0] <= 0.5', 'result[0] > 0.5'],
    ['cpuSaturation', MetricCatalog.cpuSaturation({ address }), 'cpu-saturation', POD_ARGS,
      `max(sum by (pod) (rate(container_cpu_usage_seconds_total{${PODS},container!="",container!="POD"}[2m])) / sum by (pod) (kube_pod_container_resource_limits{${PODS},resource="cpu"}))`,
      'result[0] <= 0.8', 'result[0] > 0.8'],
    ['memorySaturation', MetricCatalog.memorySaturation({ address }), 'memory-saturation', POD_ARGS,
      `max(sum by (pod) (container_memory_working_set_bytes{${PODS},container!="",container!="POD"}) / sum by (pod) (kube_pod_container_resource_limits{${PODS},resource="memory"}))`,
      'result[0] <= 0.9', 'result[0] > 0.9'],
    ['restarts', MetricCatalog.restarts({ address }), 'restarts', POD_ARGS,
      `sum(kube_pod_container_status_restarts_total{${PODS}})`,
      'result[0] <= 0', 'result[0] > 0'],
    ['eventLoopLag', MetricCatalog.eventLoopLag({ address }), 'event-loop-lag', POD_ARGS,
      `max(avg_over_time(nodejs_eventloop_lag_seconds{${PODS}}[2m]))`,
      'result[0] <= 0.1', 'result[0] > 0.1'],
    ['responseSize', MetricCatalog.responseSize({ address }), 'response-size-p95', SVC_ARGS,
      `histogram_quantile(0.95, sum by (le) (rate(http_response_size_bytes_bucket{${SVC}}[2m])))`,
      'result[0] <= 1048576', 'result[0] > 1048576'],
  ])('%s: a schema-valid template whose query parses', (_entry, m, name, args, query, successCondition, failureCondition) => {
    const t = synthTemplate(m as CatalogMetric);
    expect(t.spec.args).toEqual(args);
    expect(t.spec.metrics).toEqual([{
      name,
      interval: '1m',
      count: 5,
      failureLimit: 1,
      successCondition,
      failureCondition,
      provider: { prometheus: { address, query } },
    }]);
  });

  test('overrides: metric names, labels, thresholds, window and measurement settings', () => {
    const t = synthTemplate(MetricCatalog.successRate({
      address,
      name: 'checkout-success',
      requestsMetric: 'http_server_requests_seconds_count',
      statusCodeLabel: 'status',
      errorCodes: '5..|429',
      selector: CatalogSelector.service({ serviceLabel: 'job', namespaceLabel: 'kubernetes_namespace' }),
      matchers: ['uri!="/actuator/health"'],
      window: Duration.minutes(5),
      minSuccessRate: 0.995,
      interval: Duration.seconds(30),
      count: 10,
      failureLimit: 2,
      initialDelay: Duration.minutes(1),
      timeout: Duration.seconds(20),
      headers: { 'X-Scope-OrgID': 'shop' },
    }));
    const sel = 'kubernetes_namespace="{{args.namespace}}",job="{{args.service-name}}",uri!="/actuator/health"';
    expect(t.spec.metrics[0]).toEqual({
      name: 'checkout-success',
      interval: '30s',
      initialDelay: '1m',
      count: 10,
      failureLimit: 2,
      successCondition: 'result[0] >= 0.995',
      failureCondition: 'result[0] < 0.995',
      provider: {
        prometheus: {
          address,
          query: `(sum(rate(http_server_requests_seconds_count{${sel},status!~"5..|429"}[5m])) or vector(0)) / (sum(rate(http_server_requests_seconds_count{${sel}}[5m])) or vector(0))`,
          timeout: 20,
          headers: [{ key: 'X-Scope-OrgID', value: 'shop' }],
        },
      },
    });
  });

  test('latency: p99 with its own threshold and histogram', () => {
    const t = synthTemplate(MetricCatalog.latency({ address, percentile: 99, maxLatency: Duration.seconds(2), bucketMetric: 'http_server_duration_seconds_bucket' }));
    expect(t.spec.metrics[0].name).toBe('latency-p99');
    expect(t.spec.metrics[0].provider.prometheus.query)
      .toBe(`histogram_quantile(0.99, sum by (le) (rate(http_server_duration_seconds_bucket{${SVC}}[2m])))`);
    expect(t.spec.metrics[0].successCondition).toBe('result[0] <= 2');
  });

  test('saturation, restarts, lag and size: metric names, label names and thresholds', () => {
    const pods = CatalogSelector.newPods({ podLabel: 'pod_name', namespaceLabel: 'ns' });
    const sel = 'ns="{{args.namespace}}",pod_name=~"{{args.rollout-name}}-{{args.canary-hash}}-.*"';
    const cpu = synthTemplate(MetricCatalog.cpuSaturation({ address, selector: pods, cpuMetric: 'cpu_total', limitsMetric: 'limits', maxUtilization: 0.5 }));
    expect(cpu.spec.metrics[0].provider.prometheus.query).toBe(
      `max(sum by (pod_name) (rate(cpu_total{${sel},container!="",container!="POD"}[2m])) / sum by (pod_name) (limits{${sel},resource="cpu"}))`);
    expect(cpu.spec.metrics[0].successCondition).toBe('result[0] <= 0.5');
    const mem = synthTemplate(MetricCatalog.memorySaturation({ address, memoryMetric: 'mem', maxUtilization: 1 }));
    expect(mem.spec.metrics[0].provider.prometheus.query).toContain(`max(sum by (pod) (mem{${PODS},container!="",container!="POD"})`);
    expect(mem.spec.metrics[0].successCondition).toBe('result[0] <= 1');
    const restarts = synthTemplate(MetricCatalog.restarts({ address, restartsMetric: 'restarts_total', maxRestarts: 2 }));
    expect(restarts.spec.metrics[0].provider.prometheus.query).toBe(`sum(restarts_total{${PODS}})`);
    expect(restarts.spec.metrics[0].successCondition).toBe('result[0] <= 2');
    const lag = synthTemplate(MetricCatalog.eventLoopLag({ address, lagMetric: 'nodejs_eventloop_lag_p99_seconds', maxLag: Duration.millis(250), window: Duration.minutes(1) }));
    expect(lag.spec.metrics[0].provider.prometheus.query).toBe(`max(avg_over_time(nodejs_eventloop_lag_p99_seconds{${PODS}}[1m]))`);
    expect(lag.spec.metrics[0].successCondition).toBe('result[0] <= 0.25');
    // the quantile is the percentile's exact decimal, not the float division (0.9990000000000001)
    expect(synthTemplate(MetricCatalog.latency({ address, percentile: 99.9 })).spec.metrics[0].provider.prometheus.query)
      .toBe(`histogram_quantile(0.999, sum by (le) (rate(http_request_duration_seconds_bucket{${SVC}}[2m])))`);
    expect(synthTemplate(MetricCatalog.responseSize({ address, percentile: 0.5 })).spec.metrics[0].provider.prometheus.query)
      .toBe(`histogram_quantile(0.005, sum by (le) (rate(http_response_size_bytes_bucket{${SVC}}[2m])))`);
    const size = synthTemplate(MetricCatalog.responseSize({ address, percentile: 99, maxSize: Size.kibibytes(256), bucketMetric: 'resp_bytes_bucket' }));
    expect(size.spec.metrics[0].name).toBe('response-size-p99');
    expect(size.spec.metrics[0].provider.prometheus.query).toBe(`histogram_quantile(0.99, sum by (le) (rate(resp_bytes_bucket{${SVC}}[2m])))`);
    expect(size.spec.metrics[0].successCondition).toBe('result[0] <= 262144');
  });

  test('selectors: HTTP metrics by the new pods, pod metrics by Service, or matchers of your own', () => {
    const byPods = synthTemplate(MetricCatalog.errorRate({ address, selector: CatalogSelector.newPods() }));
    expect(byPods.spec.args).toEqual(POD_ARGS);
    expect(byPods.spec.metrics[0].provider.prometheus.query).toContain(`http_requests_total{${PODS},code=~"5.."}`);
    // a Service selector does not tell pods apart: the ratio is over all of them
    const bySvc = synthTemplate(MetricCatalog.cpuSaturation({ address, selector: CatalogSelector.service() }));
    expect(bySvc.spec.metrics[0].provider.prometheus.query).toMatch(/^max\(sum \(rate\(container_cpu_usage_seconds_total\{namespace=.*\/ sum \(kube_pod/);
    const own = synthTemplate(MetricCatalog.latency({
      address,
      selector: CatalogSelector.matchers('app="web", track="{{args.track}}"', [TemplateArg.withDefault('track', 'canary')]),
    }));
    expect(own.spec.args).toEqual([{ name: 'track', value: 'canary' }]);
    expect(own.spec.metrics[0].provider.prometheus.query).toContain('http_request_duration_seconds_bucket{app="web",track="{{args.track}}"}');
  });

  test('the engine parses the query at synth: a bad extra matcher fails, a good one passes', () => {
    const bad = Testing.chart();
    MetricCatalog.successRate({ address, matchers: ['handler!'] }).template(bad, 'T', { metadata: { name: 't' } });
    expect(synthError(bad)).toContain('[prometheus-query-syntax]');
    const good = Testing.chart();
    MetricCatalog.successRate({ address, matchers: ['handler!="/healthz"'] }).template(good, 'T', { metadata: { name: 't' } });
    expect(synthValid(good)).toHaveLength(1);
  });

  test('bad arguments throw with the entry, the prop and the value', () => {
    expect(() => MetricCatalog.successRate({ address: '' })).toThrow('MetricCatalog.successRate: "address" is required');
    expect(() => MetricCatalog.successRate({ address, minSuccessRate: 99 })).toThrow('MetricCatalog.successRate: "minSuccessRate" must be a ratio from 0 to 1: 99');
    expect(() => MetricCatalog.errorRate({ address, maxErrorRate: -0.1 })).toThrow('MetricCatalog.errorRate: "maxErrorRate" must be a ratio from 0 to 1: -0.1');
    expect(() => MetricCatalog.errorRate({ address, errorCodes: '' })).toThrow('MetricCatalog.errorRate: "errorCodes" must be a regular expression');
    expect(() => MetricCatalog.latency({ address, percentile: 100 })).toThrow('MetricCatalog.latency: "percentile" must be above 0 and below 100: 100');
    expect(() => MetricCatalog.latency({ address, maxLatency: Duration.seconds(0) })).toThrow('MetricCatalog.latency: "maxLatency" must be positive: 0');
    expect(() => MetricCatalog.cpuSaturation({ address, maxUtilization: 1.5 })).toThrow('MetricCatalog.cpuSaturation: "maxUtilization" must be above 0 and at most 1: 1.5');
    expect(() => MetricCatalog.restarts({ address, maxRestarts: 0.5 })).toThrow('MetricCatalog.restarts: "maxRestarts" must be a whole number, 0 or more: 0.5');
    expect(() => MetricCatalog.successRate({ address, requestsMetric: 'http-requests' }))
      .toThrow('MetricCatalog.successRate: "requestsMetric" must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*): "http-requests"');
    expect(() => MetricCatalog.successRate({ address, statusCodeLabel: 'status code' })).toThrow('MetricCatalog.successRate: "statusCodeLabel" must be a Prometheus label name');
    expect(() => CatalogSelector.service({ serviceLabel: 'svc-name' })).toThrow('CatalogSelector.service: "serviceLabel" must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*): "svc-name"');
    expect(() => MetricCatalog.latency({ address, matchers: ['{app="x"}'] }))
      .toThrow('MetricCatalog.latency: every entry of "matchers" must be one label matcher without braces, e.g. handler!="/healthz": "{app=\\"x\\"}"');
    expect(() => MetricCatalog.latency({ address, window: Duration.seconds(0) })).toThrow('MetricCatalog.latency: "window" must be positive');
    expect(() => CatalogSelector.matchers(' , ')).toThrow('CatalogSelector.matchers needs at least one label matcher, e.g. app="web": " , "');
  });

  test('near misses pass: the bounds themselves', () => {
    expect(() => MetricCatalog.successRate({ address, minSuccessRate: 1 })).not.toThrow();
    expect(() => MetricCatalog.errorRate({ address, maxErrorRate: 0 })).not.toThrow();
    expect(() => MetricCatalog.cpuSaturation({ address, maxUtilization: 1 })).not.toThrow();
    expect(() => MetricCatalog.latency({ address, percentile: 99.9 })).not.toThrow();
    expect(() => MetricCatalog.latency({ address, matchers: ['route="{{args.namespace}"'] })).toThrow('MetricCatalog.latency: every entry of "matchers" must be one label matcher without braces');
    expect(() => MetricCatalog.latency({ address, matchers: ['route="{{args.namespace}}"'] })).not.toThrow();
  });
});
