import { Testing } from 'cdk8s';
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
    expect(error).toContain('[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.prometheus.address: metrics[0]: prometheus address is not is url format: "prometheus.monitoring:9090" must be an http(s) URL without query or fragment');
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
