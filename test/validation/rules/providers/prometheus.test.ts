import { Severity } from '../../../../src/validation/finding';
import { analysisTemplate, finding, findingsOf } from '../fixtures';

describe('prometheus-sigv4-ignored', () => {
  const RULE = 'prometheus-sigv4-ignored';
  /** A template whose Prometheus metric signs with SigV4 and queries `address`. */
  const sigv4 = (address: unknown, kind = 'AnalysisTemplate') => analysisTemplate('amp', {
    metrics: [{
      name: 'up',
      provider: { prometheus: { address, query: 'up', authentication: { sigv4: { region: 'us-east-1' } } } },
    }],
  }, kind);

  test('warns for SigV4 with an address that does not contain aps-workspaces (upstream signs only then)', () => {
    expect(findingsOf([sigv4('https://prometheus.example.com/workspaces/ws-1')], RULE)).toEqual([
      finding(RULE, 'AnalysisTemplate/amp', 'spec.metrics[0].provider.prometheus.authentication.sigv4',
        'metrics[0]: authentication.sigv4 is ignored: the controller signs requests only when the address contains "aps-workspaces", and "https://prometheus.example.com/workspaces/ws-1" does not',
        Severity.WARNING),
    ]);
    expect(findingsOf([sigv4('http://amp-proxy:8005', 'AnalysisRun')], RULE)).toHaveLength(1);
  });

  test('near misses: an AMP workspace URL, a placeholder or no address (the controller\'s default), no SigV4', () => {
    expect(findingsOf([sigv4('https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-1/')], RULE)).toEqual([]);
    expect(findingsOf([sigv4('{{args.prometheus-url}}')], RULE)).toEqual([]);
    expect(findingsOf([sigv4(''), sigv4(undefined)], RULE)).toEqual([]);
    const unsigned = sigv4('http://prometheus:9090');
    delete unsigned.spec.metrics[0].provider.prometheus.authentication;
    expect(findingsOf([unsigned], RULE)).toEqual([]);
  });
});

describe('prometheus-address-url and prometheus-query-required', () => {
  const prometheus = (provider: Record<string, any>, kind = 'AnalysisTemplate') => analysisTemplate('prom', {
    metrics: [{ name: 'up', successCondition: 'result[0] == 1', provider: { prometheus: { address: 'http://prometheus:9090', query: 'up', ...provider } } }],
  }, kind);
  test('fails for an address without scheme and host, with the controller\'s message', () => {
    for (const address of ['prometheus.monitoring:9090', 'prometheus', 'ftp://prometheus:9090', 'http://prometheus:9090/?x=1']) {
      expect(findingsOf([prometheus({ address })], 'prometheus-address-url')).toEqual([finding('prometheus-address-url', 'AnalysisTemplate/prom', 'spec.metrics[0].provider.prometheus.address',
        `metrics[0]: prometheus address is not is url format: ${JSON.stringify(address)} must be an http(s) URL without query or fragment`)]);
    }
  });
  test('near misses: a path, a placeholder, no address (the controller\'s ARGO_ROLLOUTS_PROMETHEUS_ADDRESS)', () => {
    for (const address of ['http://thanos-query.monitoring:9090/prometheus', '{{args.prometheus-url}}', '', undefined]) {
      expect(findingsOf([prometheus({ address }, 'AnalysisRun')], 'prometheus-address-url')).toEqual([]);
    }
  });
  test('fails for a missing or blank query', () => {
    for (const query of [undefined, '', '  \n']) {
      expect(findingsOf([prometheus({ query }, 'ClusterAnalysisTemplate')], 'prometheus-query-required')).toEqual([finding('prometheus-query-required', 'ClusterAnalysisTemplate/prom',
        'spec.metrics[0].provider.prometheus.query', 'metrics[0]: query is empty: Prometheus refuses an empty expression, so every measurement errors')]);
    }
    expect(findingsOf([prometheus({})], 'prometheus-query-required')).toEqual([]);
  });
});
