import { Duration, Testing } from 'cdk8s';
import { AnalysisTemplate, Linter, MetricAuthentication, MetricProvider, TemplateArg } from '../../../src';
import { only, synthError, synthValid } from '../../support/synth';

describe('MetricProvider.prometheus', () => {
  test('address: an http(s) URL, with a path or as a template argument', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      args: [TemplateArg.required('prometheus-url')],
      metrics: [
        { name: 'a', provider: MetricProvider.prometheus({ address: 'http://thanos-query.monitoring:9090/prometheus', query: 'up' }) },
        { name: 'b', provider: MetricProvider.prometheus({ address: '{{args.prometheus-url}}', query: 'up' }) },
      ],
    });
    const ms = only(synthValid(chart), 'AnalysisTemplate').spec.metrics;
    expect(ms.map((m: any) => m.provider.prometheus.address)).toEqual(['http://thanos-query.monitoring:9090/prometheus', '{{args.prometheus-url}}']);
  });

  test('an address without scheme and host fails synth (upstream NewPrometheusAPI: "prometheus address is not is url format"), as does a blank query', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metrics: [
        { name: 'a', provider: MetricProvider.prometheus({ address: 'prometheus.monitoring:9090', query: 'up' }) },
        { name: 'b', provider: MetricProvider.prometheus({ address: 'http://prometheus:9090', query: ' ' }) },
      ],
    });
    const error = synthError(chart)!;
    expect(error).toContain('[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.prometheus.address: metrics[0]: prometheus address is not is url format: "prometheus.monitoring:9090" must be an http(s) URL with a host');
    expect(error).toContain('[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[1].provider.prometheus.query: metrics[1]: query is empty: Prometheus refuses an empty expression, so every measurement errors');
  });

  test('SigV4 with an address that is not an AMP workspace: the controller does not sign, lint warns', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'amp' },
      metrics: [
        { name: 'proxied', provider: MetricProvider.prometheus({ address: 'https://prometheus.example.com', query: 'up', authentication: MetricAuthentication.sigv4({ region: 'eu-west-1' }) }) },
        { name: 'amp', provider: MetricProvider.prometheus({ address: 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/', query: 'up', authentication: MetricAuthentication.sigv4() }) },
      ],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(Linter.lintManifests([t]).map((f) => [f.ruleId, f.severity, f.path])).toEqual([
      ['prometheus-sigv4-ignored', 'warning', 'spec.metrics[0].provider.prometheus.authentication.sigv4'],
    ]);
  });
});

describe('MetricProvider.prometheus: range queries', () => {
  test('renders rangeQuery with start, end and the step as a Go duration; lint finds nothing', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'error-rate' },
      args: [TemplateArg.withDefault('window', '10m')],
      metrics: [
        {
          name: 'error-rate',
          successCondition: 'len(result) > 0 && all(result, # < 0.05)',
          provider: MetricProvider.prometheus({
            address: 'http://prometheus.monitoring:9090',
            query: 'sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))',
            rangeQuery: { start: 'now() - duration("{{args.window}}")', end: 'now() - duration("1m")', step: Duration.seconds(90) },
          }),
        },
        {
          name: 'latency',
          successCondition: 'all(result, # < 0.5)',
          provider: MetricProvider.prometheus({
            address: 'http://prometheus.monitoring:9090',
            query: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[1m])))',
            rangeQuery: { start: 'now() - duration("30m")', step: Duration.minutes(1) },
          }),
        },
      ],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec.metrics[0].provider).toEqual({
      prometheus: {
        address: 'http://prometheus.monitoring:9090',
        query: 'sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))',
        rangeQuery: { start: 'now() - duration("{{args.window}}")', end: 'now() - duration("1m")', step: '1m30s' },
      },
    });
    // the controller has no default end (an empty one errors): the library writes now()
    expect(t.spec.metrics[1].provider.prometheus.rangeQuery).toEqual({ start: 'now() - duration("30m")', end: 'now()', step: '1m' });
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('a start, end or step the controller cannot use fails synth with its message (the rule engine\'s, as in lint)', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metrics: [
        { name: 'a', provider: MetricProvider.prometheus({ address: 'http://prometheus:9090', query: 'up', rangeQuery: { start: '1h', end: '', step: Duration.minutes(1) } }) },
        { name: 'b', provider: MetricProvider.prometheus({ address: 'http://prometheus:9090', query: 'up', rangeQuery: { start: 'now() - duration("1h")', step: Duration.seconds(0) } }) },
      ],
    });
    const error = synthError(chart)!;
    for (const line of [
      '[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.prometheus.rangeQuery.start: metrics[0]: failed to parse rangeQuery.start as time: "1h" is a duration, not a time, so every measurement errors (a time is an expression such as now() - duration("1h"))',
      '[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.prometheus.rangeQuery.end: metrics[0]: failed to parse rangeQuery.end as time: unexpected token EOF: end is empty, so every measurement errors',
      '[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[1].provider.prometheus.rangeQuery.step: metrics[1]: rangeQuery.step 0s is not positive: Prometheus refuses the range query (bad_data: zero or negative query resolution step widths are not accepted. Try a positive integer), so every measurement errors',
    ]) expect(error).toContain(line);
  });
});
