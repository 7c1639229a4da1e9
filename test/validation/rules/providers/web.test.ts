import { validateManifests } from '../../../../src/validation/engine';
import { Severity } from '../../../../src/validation/finding';
import { analysisTemplate, finding, findingsOf } from '../fixtures';

/** A template `health` with one Web metric; `web` fields replace the defaults (undefined removes one). */
function web(fields: Record<string, any> = {}, kind = 'AnalysisTemplate') {
  return analysisTemplate('health', {
    args: [{ name: 'url' }, { name: 'token' }],
    metrics: [{ name: 'health', successCondition: 'result == true', provider: { web: { url: 'http://web-preview/healthz', ...fields } } }],
  }, kind);
}

const AT = (field: string) => `spec.metrics[0].provider.web.${field}`;

test('a Web metric with a URL, GET without body, POST with one, and token headers is clean', () => {
  expect(validateManifests([web()])).toEqual([]);
  expect(validateManifests([web({ method: 'POST', jsonBody: { probe: true }, headers: [{ key: 'Authorization', value: 'Bearer {{args.token}}' }] })])).toEqual([]);
  expect(validateManifests([web({ url: '{{args.url}}', method: 'PUT', body: 'ping' }, 'ClusterAnalysisTemplate')])).toEqual([]);
});

describe('web-url-http', () => {
  const id = 'web-url-http';
  const fails = (url: string, message: string, kind = 'AnalysisTemplate') =>
    expect(findingsOf([web({ url }, kind)], id)).toEqual([finding(id, `${kind}/health`, AT('url'), `metrics[0]: ${message}`)]);

  test('fails for an empty URL: the CRD requires url but accepts ""', () => {
    fails('', 'url is empty: every request fails with unsupported protocol scheme ""', 'AnalysisRun');
  });
  test('fails for a URL without an http(s) scheme, with net/http\'s words', () => {
    fails('web-preview/healthz', 'unsupported protocol scheme "": "web-preview/healthz" is not an http(s) URL');
    // url.Parse reads "web-preview" as the scheme of "web-preview:8080/healthz"
    fails('web-preview:8080/healthz', 'unsupported protocol scheme "web-preview": "web-preview:8080/healthz" is not an http(s) URL');
    fails('FTP://files/x', 'unsupported protocol scheme "ftp": "FTP://files/x" is not an http(s) URL');
    // the text before a placeholder already rules the scheme out
    fails('web-preview/{{args.url}}', 'unsupported protocol scheme "": "web-preview/{{args.url}}" is not an http(s) URL', 'ClusterAnalysisTemplate');
  });
  test('fails for a URL without host', () => {
    fails('http:///healthz', 'http: no Host in request URL: "http:///healthz"');
    fails('https://', 'http: no Host in request URL: "https://"');
    fails('http:web-preview', 'http: no Host in request URL: "http:web-preview"');
  });
  test('fails for a control character, such as the line break a YAML block scalar leaves', () => {
    fails('http://web-preview/healthz\n', 'net/url: invalid control character in URL: "http://web-preview/healthz\\n"');
  });
  test('near misses: http(s) with a host, port, path and query; a placeholder for the URL, the scheme or the host', () => {
    for (const url of ['HTTPS://web-preview:8443/api/v1/check?service={{args.url}}', 'http://[::1]:8080/', '{{args.url}}', '{{args.url}}/healthz', 'http{{args.url}}', 'http://{{args.url}}/healthz']) {
      expect({ url, findings: findingsOf([web({ url })], id) }).toEqual({ url, findings: [] });
    }
    // a missing url is the schema's (crd-required-field)
    expect(findingsOf([web({ url: undefined })], id)).toEqual([]);
  });
});

describe('web-body-or-json-body', () => {
  const id = 'web-body-or-json-body';
  test('fails for a body and a jsonBody together, with the controller\'s message', () => {
    expect(findingsOf([web({ method: 'POST', body: 'ping', jsonBody: { probe: true } }, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/health', AT('body'), 'metrics[0]: use either Body or JSONBody; both cannot exists for WebMetric payload'),
    ]);
    // an empty object is a JSON body too
    expect(findingsOf([web({ method: 'POST', body: 'ping', jsonBody: {} })], id)).toHaveLength(1);
  });
  test('near misses: an empty body is none, as is a null jsonBody; a body that is only a placeholder may resolve to ""', () => {
    expect(findingsOf([web({ method: 'POST', body: '', jsonBody: { probe: true } })], id)).toEqual([]);
    expect(findingsOf([web({ method: 'POST', body: 'ping', jsonBody: null })], id)).toEqual([]);
    expect(findingsOf([web({ method: 'POST', body: '{{args.token}}', jsonBody: { probe: true } })], id)).toEqual([]);
  });
});

describe('web-body-method', () => {
  const id = 'web-body-method';
  const message = 'metrics[0]: Body/JSONBody can only be used with POST or PUT WebMetric Method types';
  test('fails for a body or jsonBody with GET, given or by default', () => {
    expect(findingsOf([web({ body: 'ping' })], id)).toEqual([finding(id, 'AnalysisTemplate/health', AT('method'), message)]);
    expect(findingsOf([web({ method: 'GET', jsonBody: { probe: true } }, 'ClusterAnalysisTemplate')], id)).toEqual([finding(id, 'ClusterAnalysisTemplate/health', AT('method'), message)]);
    expect(findingsOf([web({ method: '', body: 'x {{args.token}}' })], id)).toHaveLength(1);
  });
  test('near misses: POST and PUT; no body; a method placeholder; both bodies (the controller reports that first)', () => {
    expect(findingsOf([web({ method: 'POST', body: 'ping' }), web({ method: 'PUT', jsonBody: {} }), web({ body: '' })], id)).toEqual([]);
    expect(findingsOf([web({ method: '{{args.token}}', body: 'ping' })], id)).toEqual([]);
    expect(findingsOf([web({ body: 'ping', jsonBody: {} })], id)).toEqual([]);
  });
});

describe('web-header-valid', () => {
  const id = 'web-header-valid';
  const headers = (...hs: Array<{ key: unknown; value: unknown }>) => web({ headers: hs });
  test('fails for a header name that is empty or not a token: net/http refuses the request', () => {
    expect(findingsOf([headers({ key: 'Accept', value: 'application/json' }, { key: '', value: 'x' }, { key: 'X Api Key', value: 'x' }, { key: 'Authorization:', value: 'x' })], id)).toEqual([
      finding(id, 'AnalysisTemplate/health', AT('headers[1].key'), 'metrics[0]: net/http: invalid header field name "": every request fails'),
      finding(id, 'AnalysisTemplate/health', AT('headers[2].key'), 'metrics[0]: net/http: invalid header field name "X Api Key": every request fails'),
      finding(id, 'AnalysisTemplate/health', AT('headers[3].key'), 'metrics[0]: net/http: invalid header field name "Authorization:": every request fails'),
    ]);
    // the text around a placeholder is there whatever it resolves to
    expect(findingsOf([headers({ key: 'X {{args.token}}', value: 'x' })], id)).toHaveLength(1);
  });
  test('fails for a value with a control character, naming the header as net/http does', () => {
    expect(findingsOf([web({ headers: [{ key: 'x-api-key', value: '{{args.token}}\n' }] }, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/health', AT('headers[0].value'),
        'metrics[0]: net/http: invalid header field value for "X-Api-Key": the value has a control character (a line break?), so every request fails'),
    ]);
  });
  test('near misses: token names, a placeholder name, a tab in a value', () => {
    expect(findingsOf([headers(
      { key: 'X-Request-Id', value: 'a\tb' },
      { key: "x!#$%&'*+.^_`|~1", value: '' },
      { key: '{{args.token}}', value: 'x' },
      { key: 'X-{{args.token}}', value: 'x' },
    )], id)).toEqual([]);
  });
});

describe('web-sigv4-ignored', () => {
  const id = 'web-sigv4-ignored';
  test('warns for authentication.sigv4 on a Web metric: the provider does not sign', () => {
    for (const kind of ['AnalysisTemplate', 'ClusterAnalysisTemplate']) {
      expect(findingsOf([web({ authentication: { sigv4: { region: 'eu-west-1', roleArn: 'arn:aws:iam::1:role/r' } } }, kind)], id)).toEqual([
        finding(id, `${kind}/health`, AT('authentication.sigv4'),
          'metrics[0]: authentication.sigv4 is ignored: the Web provider does not sign requests (it reads only authentication.oauth2)', Severity.WARNING),
      ]);
    }
    // what MetricAuthentication.sigv4() with no options writes
    expect(findingsOf([web({ authentication: { sigv4: {} } })], id)).toHaveLength(1);
  });
  test('near misses: OAuth2, no authentication', () => {
    expect(findingsOf([web({ authentication: { oauth2: { tokenUrl: 'https://idp/token', clientId: 'c', clientSecret: '{{args.token}}' } } }), web()], id)).toEqual([]);
  });
});

describe('web-oauth2-incomplete and web-oauth2-ignored', () => {
  const oauth2 = (fields: Record<string, any>, kind = 'AnalysisTemplate') =>
    web({ authentication: { oauth2: { tokenUrl: 'https://idp/token', clientId: 'rollouts', clientSecret: '{{args.token}}', scopes: ['read'], ...fields } } }, kind);

  test('fails for a token URL without a client secret, with the controller\'s message', () => {
    const id = 'web-oauth2-incomplete';
    expect(findingsOf([oauth2({ clientSecret: '' }, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/health', AT('authentication.oauth2.clientSecret'),
        'metrics[0]: missing mandatory parameter in metric for OAuth2 setup: clientSecret is empty, so every measurement errors'),
    ]);
  });
  test('warns for scopes or credentials without a token URL', () => {
    const id = 'web-oauth2-ignored';
    expect(findingsOf([oauth2({ tokenUrl: undefined })], id)).toEqual([
      finding(id, 'AnalysisTemplate/health', AT('authentication.oauth2.tokenUrl'),
        'metrics[0]: authentication.oauth2 is ignored: the controller requests a token only when tokenUrl is set', Severity.WARNING),
    ]);
    expect(findingsOf([oauth2({ tokenUrl: '', clientId: '', clientSecret: '' })], id)).toHaveLength(1);
  });
  test('near misses: complete credentials; a token URL placeholder; an empty oauth2 block', () => {
    expect(findingsOf([oauth2({}), oauth2({ tokenUrl: '{{args.url}}' })], 'web-oauth2-incomplete')).toEqual([]);
    expect(findingsOf([oauth2({}), oauth2({ tokenUrl: '{{args.url}}' })], 'web-oauth2-ignored')).toEqual([]);
    const empty = web({ authentication: { oauth2: {}, sigv4: undefined } }, 'AnalysisRun');
    expect(findingsOf([empty], 'web-oauth2-incomplete')).toEqual([]);
    expect(findingsOf([empty], 'web-oauth2-ignored')).toEqual([]);
  });
});
