import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, Linter, MetricAuthentication, MetricProvider, TemplateArg, WebHeader, WebMethod } from '../../../src';
import { only, synthError, synthValid } from '../../support/synth';

describe('MetricProvider.web', () => {
  test('renders the lint fixture\'s template: URL, method, timeout, JSONPath and a header with a Secret argument', () => {
    const expected = analysisFixture('web.yaml');
    const chart = Testing.chart();
    const credentials = kplus.Secret.fromSecretName(chart, 'Credentials', 'smoke-test-credentials');
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'smoke-tests' },
      args: [TemplateArg.required('preview-url'), TemplateArg.fromSecret('api-token', credentials, 'token')],
      metrics: [{
        name: 'health',
        count: 3,
        interval: Duration.seconds(10),
        successCondition: 'result.ok == true',
        failureLimit: 1,
        provider: MetricProvider.web({
          url: '{{args.preview-url}}',
          method: WebMethod.GET,
          timeout: Duration.seconds(20),
          jsonPath: '{$.data}',
          headers: [WebHeader.value('Authorization', 'Bearer {{args.api-token}}')],
        }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec).toEqual(expected.spec);
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('header names are checked when the header is made: a token, without spaces or ":"', () => {
    for (const name of ['', 'X Api Key', 'Authorization:']) {
      expect(() => WebHeader.value(name, 'x')).toThrow(`web metric header names must be non-empty tokens: ${JSON.stringify(name)}`);
    }
    expect(() => WebHeader.value('X-Api-Key', 'x')).not.toThrow();
  });

  test('a timeout renders as whole seconds', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', { metrics: [{ name: 'm', provider: MetricProvider.web({ url: 'http://web/ok', timeout: Duration.millis(1500) }) }] });
    expect(synthError(chart)).toContain('"timeout" must be a whole number of seconds: 1500ms');
  });
});

describe('Web metrics in the rule engine (synth and lint)', () => {
  test('the factory takes the values; synth fails for each request the controller cannot send, with its message', () => {
    const bad = [
      MetricProvider.web({ url: 'web-preview/healthz' }),
      MetricProvider.web({ url: 'http://web/ok', body: 'ping' }),
      MetricProvider.web({ url: 'http://web/ok', method: WebMethod.POST, body: 'ping', jsonBody: { probe: true } }),
    ];
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', { metrics: bad.map((provider, i) => ({ name: `m${i}`, provider })) });
    const error = synthError(chart)!;
    for (const line of [
      '[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.web.url: metrics[0]: unsupported protocol scheme "": "web-preview/healthz" is not an http(s) URL',
      '[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[1].provider.web.method: metrics[1]: Body/JSONBody can only be used with POST or PUT WebMetric Method types',
      '[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[2].provider.web.body: metrics[2]: use either Body or JSONBody; both cannot exists for WebMetric payload',
    ]) expect(error).toContain(line);
  });

  test('near misses: a body with POST or PUT, a URL with a placeholder host', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      args: [TemplateArg.required('host')],
      metrics: [
        { name: 'a', provider: MetricProvider.web({ url: 'http://{{args.host}}/ok', method: WebMethod.POST, body: 'ping' }) },
        { name: 'b', provider: MetricProvider.web({ url: 'https://web/ok', method: WebMethod.PUT, jsonBody: {} }) },
      ],
    });
    expect(() => synthValid(chart)).not.toThrow();
  });
});

describe('MetricProvider.web: authentication', () => {
  test('OAuth2: renders the lint fixture\'s template (web-oauth2.yaml), the client secret read from a Secret through a generated argument; lint finds nothing', () => {
    const expected = analysisFixture('web-oauth2.yaml');
    const chart = Testing.chart();
    const idp = kplus.Secret.fromSecretName(chart, 'Idp', 'status-api-oauth');
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'status-page' },
      args: [TemplateArg.required('service-name')],
      metrics: [{
        name: 'status',
        interval: Duration.minutes(1),
        count: 3,
        successCondition: 'result == "ok"',
        failureLimit: 1,
        provider: MetricProvider.web({
          url: 'https://status.example.com/api/{{args.service-name}}',
          jsonPath: '{$.status}',
          authentication: MetricAuthentication.oauth2({
            tokenUrl: 'https://idp.example.com/oauth2/token',
            clientId: 'argo-rollouts',
            clientSecret: idp,
            clientSecretKey: 'client-secret',
            scopes: ['status.read'],
          }),
        }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec.metrics[0].provider).toEqual({
      web: {
        url: 'https://status.example.com/api/{{args.service-name}}',
        jsonPath: '{$.status}',
        authentication: {
          oauth2: {
            tokenUrl: 'https://idp.example.com/oauth2/token',
            clientId: 'argo-rollouts',
            clientSecret: '{{args.status-oauth2-client-secret}}',
            scopes: ['status.read'],
          },
        },
      },
    });
    expect(t.spec).toEqual(expected.spec);
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('OAuth2 next to headers from Secrets: both arguments are declared', () => {
    const chart = Testing.chart();
    const idp = kplus.Secret.fromSecretName(chart, 'Idp', 'idp');
    const api = kplus.Secret.fromSecretName(chart, 'Api', 'api');
    new AnalysisTemplate(chart, 'T', {
      metrics: [{
        name: 'm',
        provider: MetricProvider.web({
          url: 'https://api.example.com/check',
          headers: [WebHeader.fromSecret('X-Api-Key', api, 'key')],
          authentication: MetricAuthentication.oauth2({ tokenUrl: 'https://idp/token', clientId: 'c', clientSecret: idp, clientSecretKey: 'secret' }),
        }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec.args).toEqual([
      { name: 'm-header-x-api-key', valueFrom: { secretKeyRef: { name: 'api', key: 'key' } } },
      { name: 'm-oauth2-client-secret', valueFrom: { secretKeyRef: { name: 'idp', key: 'secret' } } },
    ]);
    expect(t.spec.metrics[0].provider.web.authentication).toEqual({ oauth2: { tokenUrl: 'https://idp/token', clientId: 'c', clientSecret: '{{args.m-oauth2-client-secret}}' } });
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('SigV4: rendered as given, but the Web provider does not sign: synth passes, lint and synth warn (web-sigv4-ignored)', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'signed' },
      metrics: [{ name: 'health', provider: MetricProvider.web({ url: 'https://api.example.com/healthz', authentication: MetricAuthentication.sigv4({ region: 'eu-west-1' }) }) }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec.metrics[0].provider).toEqual({ web: { url: 'https://api.example.com/healthz', authentication: { sigv4: { region: 'eu-west-1' } } } });
    expect(Linter.lintManifests([t]).map((f) => [f.ruleId, f.severity, f.path])).toEqual([
      ['web-sigv4-ignored', 'warning', 'spec.metrics[0].provider.web.authentication.sigv4'],
    ]);
  });
});
