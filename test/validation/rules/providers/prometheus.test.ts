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
    for (const address of ['prometheus.monitoring:9090', 'prometheus', 'http://', 'http:// prometheus:9090']) {
      expect(findingsOf([prometheus({ address })], 'prometheus-address-url')).toEqual([finding('prometheus-address-url', 'AnalysisTemplate/prom', 'spec.metrics[0].provider.prometheus.address',
        `metrics[0]: prometheus address is not is url format: ${JSON.stringify(address)} must be an http(s) URL with a host`)]);
    }
  });
  test('fails for a scheme other than http(s): the address passes IsUrl, and the client refuses it', () => {
    expect(findingsOf([prometheus({ address: 'FTP://prometheus:9090' })], 'prometheus-address-url')).toEqual([finding('prometheus-address-url', 'AnalysisTemplate/prom',
      'spec.metrics[0].provider.prometheus.address', 'metrics[0]: unsupported protocol scheme "ftp": the Prometheus client speaks http(s) only: "FTP://prometheus:9090"')]);
  });
  test('near misses: a path, query parameters (the client keeps them), a fragment, placeholders with or without spaces, no address (the controller\'s ARGO_ROLLOUTS_PROMETHEUS_ADDRESS)', () => {
    for (const address of ['http://thanos-query.monitoring:9090/prometheus', 'http://vmselect:8481/select/0/prometheus?extra_label=team=a', 'http://prom:9090/#x',
      '{{args.prometheus-url}}', '{{ args.prometheus-endpoint }}', 'https://{{ args.host }}/x', 'http://prom:{{args.port}}', '', undefined]) {
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

/** A template `range` whose Prometheus metric runs a range query; `rangeQuery` fields replace the defaults (undefined removes one). */
function rangeQuery(fields: Record<string, any> = {}, kind = 'AnalysisTemplate') {
  return analysisTemplate('range', {
    args: [{ name: 'window', value: '10m' }, { name: 'start' }],
    metrics: [{
      name: 'errors',
      successCondition: 'len(result) > 0 && all(result, # < 0.05)',
      provider: { prometheus: { address: 'http://prometheus:9090', query: 'up', rangeQuery: { start: 'now() - duration("10m")', end: 'now()', step: '1m', ...fields } } },
    }],
  }, kind);
}
const RANGE = (field: string) => `spec.metrics[0].provider.prometheus.rangeQuery.${field}`;

describe('prometheus-range-query-time', () => {
  const id = 'prometheus-range-query-time';
  const fails = (fields: Record<string, any>, field: string, message: string, kind = 'AnalysisTemplate') =>
    expect(findingsOf([rangeQuery(fields, kind)], id)).toEqual([finding(id, `${kind}/range`, RANGE(field), `metrics[0]: ${message}`)]);

  test('fails for an empty or missing start or end: EvalTime (expr) fails on an empty expression', () => {
    fails({ start: '' }, 'start', 'failed to parse rangeQuery.start as time: unexpected token EOF: start is empty, so every measurement errors');
    fails({ end: undefined }, 'end', 'failed to parse rangeQuery.end as time: unexpected token EOF: end is empty, so every measurement errors', 'AnalysisRun');
    fails({ end: '  ' }, 'end', 'failed to parse rangeQuery.end as time: unexpected token EOF: end is empty, so every measurement errors', 'ClusterAnalysisTemplate');
    // both at once: each field is reported (the controller reports the start first)
    expect(findingsOf([analysisTemplate('range', { metrics: [{ name: 'm', provider: { prometheus: { query: 'up', rangeQuery: {} } } }] })], id).map((f) => f.path).sort())
      .toEqual([RANGE('end'), RANGE('start')]);
  });
  test('fails for a bare duration or a number, which expr never makes a time', () => {
    fails({ start: '1h' }, 'start', 'failed to parse rangeQuery.start as time: "1h" is a duration, not a time, so every measurement errors (a time is an expression such as now() - duration("1h"))');
    fails({ start: '-30m' }, 'start', 'failed to parse rangeQuery.start as time: "-30m" is a duration, not a time, so every measurement errors (a time is an expression such as now() - duration("30m"))');
    fails({ end: '1692000000' }, 'end', 'failed to parse rangeQuery.end as time: expected time.Time, but got int: end 1692000000 is a number, so every measurement errors');
  });
  test('near misses: time expressions, placeholders (resolved first), no rangeQuery (an instant query)', () => {
    for (const start of ['now() - duration("1h")', 'now() - duration("{{args.window}}")', '{{args.start}}', 'date("2023-08-14 00:00:00", "2006-01-02 15:04:05", "UTC")', 'now()']) {
      expect({ start, findings: findingsOf([rangeQuery({ start })], id) }).toEqual({ start, findings: [] });
    }
    const instant = rangeQuery();
    delete instant.spec.metrics[0].provider.prometheus.rangeQuery;
    expect(findingsOf([instant, rangeQuery({ end: 'now() - duration("1m")' })], id)).toEqual([]);
  });
});

describe('prometheus-range-query-step', () => {
  const id = 'prometheus-range-query-step';
  const fails = (step: unknown, message: string, kind = 'AnalysisTemplate') =>
    expect(findingsOf([rangeQuery({ step }, kind)], id)).toEqual([finding(id, `${kind}/range`, RANGE('step'), `metrics[0]: ${message}`)]);

  test('fails for a step that is not a Go duration, with time.ParseDuration\'s words (missing: "")', () => {
    fails('??', 'failed to parse rangeQuery.step as duration: time: invalid duration "??": step must be a Go duration such as 1m, so every measurement errors');
    fails('60', 'failed to parse rangeQuery.step as duration: time: missing unit in duration "60": step must be a Go duration such as 1m, so every measurement errors', 'AnalysisRun');
    fails(undefined, 'failed to parse rangeQuery.step as duration: time: invalid duration "": step must be a Go duration such as 1m, so every measurement errors');
    fails('1d', 'failed to parse rangeQuery.step as duration: time: unknown unit "d" in duration "1d": step must be a Go duration such as 1m, so every measurement errors', 'ClusterAnalysisTemplate');
  });
  test('fails for a zero or negative step, which Prometheus refuses', () => {
    fails('0', 'rangeQuery.step 0 is not positive: Prometheus refuses the range query (bad_data: zero or negative query resolution step widths are not accepted. Try a positive integer), so every measurement errors');
    fails('-1m', 'rangeQuery.step -1m is not positive: Prometheus refuses the range query (bad_data: zero or negative query resolution step widths are not accepted. Try a positive integer), so every measurement errors');
  });
  test('near misses: positive Go durations, a placeholder, no rangeQuery', () => {
    for (const step of ['1m', '30s', '1m30s', '500ms', '{{args.window}}']) {
      expect({ step, findings: findingsOf([rangeQuery({ step })], id) }).toEqual({ step, findings: [] });
    }
    expect(findingsOf([analysisTemplate('range')], id)).toEqual([]);
  });
});

describe('prometheus-oauth2-incomplete and prometheus-oauth2-ignored', () => {
  /** A template whose Prometheus metric authenticates with `oauth2`. */
  const oauth2 = (fields: Record<string, any>, kind = 'AnalysisTemplate') => analysisTemplate('oauth', {
    args: [{ name: 'client-secret', valueFrom: { secretKeyRef: { name: 'idp', key: 'secret' } } }],
    metrics: [{
      name: 'up',
      provider: { prometheus: { address: 'https://prometheus.example.com', query: 'up', authentication: { oauth2: { tokenUrl: 'https://idp/token', clientId: 'rollouts', clientSecret: '{{args.client-secret}}', ...fields } } } },
    }],
  }, kind);
  const AUTH = (field: string) => `spec.metrics[0].provider.prometheus.authentication.oauth2${field ? `.${field}` : ''}`;

  test('fails for a token URL without a client id or secret, with the controller\'s message', () => {
    const id = 'prometheus-oauth2-incomplete';
    expect(findingsOf([oauth2({ clientId: '' })], id)).toEqual([finding(id, 'AnalysisTemplate/oauth', AUTH('clientId'),
      'metrics[0]: missing mandatory parameter in metric for OAuth2 setup: clientId is empty, so every measurement errors')]);
    expect(findingsOf([oauth2({ clientId: undefined, clientSecret: undefined }, 'AnalysisRun')], id)).toEqual([finding(id, 'AnalysisRun/oauth', AUTH(''),
      'metrics[0]: missing mandatory parameter in metric for OAuth2 setup: clientId and clientSecret are empty, so every measurement errors')]);
  });
  test('warns for client credentials without a token URL: no token is requested', () => {
    const id = 'prometheus-oauth2-ignored';
    expect(findingsOf([oauth2({ tokenUrl: '' })], id)).toEqual([finding(id, 'AnalysisTemplate/oauth', AUTH('tokenUrl'),
      'metrics[0]: authentication.oauth2 is ignored: the controller requests a token only when tokenUrl is set', Severity.WARNING)]);
  });
  test('near misses: complete credentials (a placeholder secret), an empty oauth2 block (as the controller writes it in runs)', () => {
    expect(findingsOf([oauth2({})], 'prometheus-oauth2-incomplete')).toEqual([]);
    expect(findingsOf([oauth2({})], 'prometheus-oauth2-ignored')).toEqual([]);
    const empty = oauth2({ tokenUrl: undefined, clientId: undefined, clientSecret: undefined }, 'AnalysisRun');
    expect(findingsOf([empty], 'prometheus-oauth2-incomplete')).toEqual([]);
    expect(findingsOf([empty], 'prometheus-oauth2-ignored')).toEqual([]);
  });
});

describe('prometheus-header-valid', () => {
  const id = 'prometheus-header-valid';
  const withHeaders = (headers: any[], kind = 'AnalysisTemplate') => analysisTemplate('prom', {
    metrics: [{ name: 'up', successCondition: 'result[0] == 1', provider: { prometheus: { address: 'http://prometheus:9090', query: 'up', headers } } }],
  }, kind);
  test('fails for a header key that is not a token and a value with a line break (net/http refuses the request)', () => {
    expect(findingsOf([withHeaders([{ key: 'X Scope OrgID', value: 't' }, { key: 'x-scope-orgid', value: 'a\nb' }], 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/prom', 'spec.metrics[0].provider.prometheus.headers[0].key', 'metrics[0]: net/http: invalid header field name "X Scope OrgID": every request fails'),
      finding(id, 'AnalysisRun/prom', 'spec.metrics[0].provider.prometheus.headers[1].value',
        'metrics[0]: net/http: invalid header field value for "X-Scope-Orgid": the value has a control character (a line break?), so every request fails'),
    ]);
  });
  test('near misses: a token key, a placeholder key or value with spaces inside the braces, a tab in a value', () => {
    expect(findingsOf([withHeaders([{ key: 'X-Scope-OrgID', value: 'team-a' }, { key: '{{ args.header }}', value: '{{ args.token }}' }, { key: 'X-A', value: 'a\tb' }])], id)).toEqual([]);
  });
});
