import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { BlueGreenSet, finding, findingsOf, metric } from './fixtures';
import { AnalysisTemplate, Linter, MetricProvider, TemplateArg, WebHeader } from '../../../src';
import { Severity } from '../../../src/validation/finding';
import { credentialForm, isCredentialName } from '../../../src/validation/rules/secrets';

const W = Severity.WARNING;
const T = 'AnalysisTemplate/success-rate';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3ZWIifQ.c2lnbmF0dXJlMTIzNDU2Nzg';

let set: BlueGreenSet;
beforeEach(() => {
  set = new BlueGreenSet();
});

function webMetric(headers: Array<{ key: string; value: string }>): Record<string, any> {
  return metric({ name: 'health', successCondition: 'result == true', provider: { web: { url: 'http://web/health', headers } } });
}

describe('credentialForm', () => {
  test.each([
    ['Bearer abcdefgh12345678', 'an Authorization credential'],
    ['Basic dXNlcjpwYXNzd29yZA==', 'an Authorization credential'],
    [JWT, 'a JSON Web Token'],
    ['ghp_0123456789abcdefABCDEF0123456789abcd', 'a GitHub token'],
    ['xoxb-123456789012-abcdefghij', 'a Slack token'],
    ['AKIAIOSFODNN7EXAMPLE', 'an AWS access key id'],
    ['q8Zr2LmX0pT4vN7bK1sW9yH3', 'a long random-looking string'],
    ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'a long random-looking string'],
  ])('%s is %s', (value, what) => {
    expect(credentialForm(value)).toBe(what);
  });

  test.each([
    'Bearer {{args.token}}', 'web-preview', '0.95', 'http://prometheus.monitoring:9090/api/v1/query', 'application/json',
    'sum(rate(http_requests_total[5m]))', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'payments-canary-service-v2', '2024-01-01T00:00:00Z', 'ghcr.io/acme/web:2.0.0-rc1',
  ])('%s is not a credential', (value) => {
    expect(credentialForm(value)).toBeUndefined();
  });
});

describe('isCredentialName', () => {
  test.each([
    'token', 'api-token', 'API_TOKEN', 'db_password', 'clientSecret', 'client-secret', 'x-api-key', 'X-API-Key', 'apiKey', 'private_key',
    'secret-access-key', 'aws_secret_access_key', 'Authorization', 'proxy-authorization', 'password-value', 'github.token.b64', 'Cookie', 'credentials',
  ])('%s names a credential', (name) => {
    expect(isCredentialName(name)).toBe(true);
  });

  test.each([
    'token-url', 'tokenUrl', 'password-policy', 'token-ttl', 'secret-namespace', 'credentials-secret', 'api-key-secret', 'token-secret-name',
    'secret-ref', 'secretKeyRef', 'private-key-path', 'api-key-id', 'max-tokens', 'passthrough', 'success-rate', '',
  ])('%s does not', (name) => {
    expect(isCredentialName(name)).toBe(false);
  });
});

describe('analysis-arg-plain-secret', () => {
  test('warns for an argument named like a credential with a plain value, masking the value', () => {
    set.template.spec.args.push({ name: 'api-token', value: 'hunter2hunter2' });
    expect(set.findingsOf('analysis-arg-plain-secret')).toEqual([
      finding('analysis-arg-plain-secret', T, 'spec.args[2].value', 'argument "api-token" has the value of "api-token" in plain text: "hun…" (14 characters)', W),
    ]);
    expect(set.findingsOf('analysis-arg-plain-secret')[0].fix).toContain('TemplateArg.fromSecret');
  });

  test('warns for a plain value that looks like a token whatever the name', () => {
    set.template.spec.args.push({ name: 'header', value: JWT });
    expect(set.findingsOf('analysis-arg-plain-secret')).toEqual([
      finding('analysis-arg-plain-secret', T, 'spec.args[2].value', `argument "header" has a JSON Web Token in plain text: "eyJh…" (${JWT.length} characters)`, W),
    ]);
  });

  test('near misses: secretKeyRef, a placeholder, a secret\'s name, an ordinary default', () => {
    set.template.spec.args.push(
      { name: 'api-token', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
      { name: 'password', value: '{{args.other}}' },
      { name: 'token-secret-name', value: 'api-credentials' },
      { name: 'secret-ref', value: 'vault/web' },
    );
    expect(set.findingsOf('analysis-arg-plain-secret')).toEqual([]);
  });

  test('settings and references named after a credential are not flagged; the credential itself is', () => {
    set.template.spec.args.push(
      { name: 'token-url', value: 'https://auth.example.com/oauth/token' },
      { name: 'password-policy', value: 'strict' },
      { name: 'credentials-secret', value: 'prod-creds' },
      { name: 'token-ttl', value: '3600' },
      { name: 'clientSecret', value: 'abc' },
    );
    expect(set.findingsOf('analysis-arg-plain-secret').map((f) => f.message)).toEqual([
      'argument "clientSecret" has the value of "clientSecret" in plain text: "…" (3 characters)',
    ]);
  });

  test('a random-looking value under an identifier\'s name (a commit, a request id) is the identifier; other forms still warn', () => {
    const sha = '3f786850e387550fdab836ed7e6dc881de23001b';
    set.template.spec.args.push(
      { name: 'commit-sha', value: sha },
      { name: 'request-id', value: 'q8Zr2LmX0pT4vN7bK1sW9yH3' },
      { name: 'webhook', value: sha },
      { name: 'build-id', value: JWT },
    );
    expect(set.findingsOf('analysis-arg-plain-secret').map((f) => `${f.path}: ${f.message.split(' in plain')[0]}`)).toEqual([
      'spec.args[4].value: argument "webhook" has a long random-looking string',
      'spec.args[5].value: argument "build-id" has a JSON Web Token',
    ]);
  });

  test('a warning does not fail lint (exit 0 level) but is reported', () => {
    set.template.spec.args.push({ name: 'password', value: 'correct horse battery staple' });
    expect(set.findings().filter((f) => f.severity === Severity.ERROR)).toEqual([]);
    expect(set.findingsOf('analysis-arg-plain-secret')).toHaveLength(1);
  });
});

describe('analysis-header-plain-secret', () => {
  test('warns for a web Authorization header with a literal Bearer token', () => {
    set.template.spec.metrics.push(webMetric([{ key: 'Accept', value: 'application/json' }, { key: 'Authorization', value: 'Bearer s3cr3t-t0ken-value' }]));
    expect(set.findingsOf('analysis-header-plain-secret')).toEqual([
      finding('analysis-header-plain-secret', T, 'spec.metrics[1].provider.web.headers[1].value',
        'metrics[1]: header "Authorization" has an Authorization credential in plain text: "Bear…" (25 characters)', W),
    ]);
    expect(set.findingsOf('analysis-header-plain-secret')[0].fix).toContain('WebHeader.fromSecret');
  });

  test('warns for prometheus headers too, and for an X-API-Key header of any form', () => {
    set.metric.provider.prometheus.headers = [{ key: 'X-API-Key', value: 'abc' }];
    expect(set.findingsOf('analysis-header-plain-secret').map((f) => f.path)).toEqual(['spec.metrics[0].provider.prometheus.headers[0].value']);
  });

  test('near miss: the header value comes from a secret argument', () => {
    set.template.spec.args.push({ name: 'token', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } });
    set.template.spec.metrics.push(webMetric([{ key: 'Authorization', value: 'Bearer {{args.token}}' }]));
    expect(set.findingsOf('analysis-header-plain-secret')).toEqual([]);
  });
});

describe('analysis-passed-arg-plain-secret', () => {
  test('warns for a Rollout passing a token as an analysis argument value', () => {
    set.template.spec.args.push({ name: 'auth' });
    set.analysis.args.push({ name: 'auth', value: 'Bearer abcdef0123456789' });
    expect(set.findingsOf('analysis-passed-arg-plain-secret')).toEqual([
      finding('analysis-passed-arg-plain-secret', 'Rollout/web', 'spec.strategy.blueGreen.prePromotionAnalysis.args[1].value',
        'analysis argument "auth" is passed an Authorization credential in plain text: "Bear…" (23 characters)', W),
    ]);
  });

  test('warns for an Experiment passing a password', () => {
    const experiment = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Experiment',
      metadata: { name: 'ab' },
      spec: { templates: [], analyses: [{ name: 'a', templateName: 'success-rate', args: [{ name: 'db-password', value: 'pa55word!' }] }] },
    };
    expect(findingsOf([experiment], 'analysis-passed-arg-plain-secret').map((f) => `${f.path}: ${f.message}`)).toEqual([
      'spec.analyses[0].args[0].value: analysis argument "db-password" is passed the value of "db-password" in plain text: "pa…" (9 characters)',
    ]);
  });

  test('near miss: ordinary values are not secrets', () => {
    expect(set.findingsOf('analysis-passed-arg-plain-secret')).toEqual([]);
  });
});

describe('constructs', () => {
  test('WebHeader.fromSecret and TemplateArg.fromSecret produce no warning; WebHeader.value with a token does', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 'Api', 'api');
    const safe = new AnalysisTemplate(chart, 'Safe', {
      metadata: { name: 'safe' },
      args: [TemplateArg.fromSecret('api-token', secret, 'token')],
      metrics: [{ name: 'health', count: 1, provider: MetricProvider.web({ url: 'http://web', headers: [WebHeader.fromSecret('Authorization', secret, 'token', 'Bearer ')] }) }],
    });
    const leaky = new AnalysisTemplate(chart, 'Leaky', {
      metadata: { name: 'leaky' },
      metrics: [{ name: 'health', count: 1, provider: MetricProvider.web({ url: 'http://web', headers: [WebHeader.value('Authorization', 'Bearer abcdef0123456789')] }) }],
    });
    // warnings do not fail synth
    const manifests = Testing.synth(chart);
    expect(manifests).toHaveLength(2);
    const findings = Linter.lintManifests(manifests).filter((f) => f.ruleId.endsWith('plain-secret'));
    expect(findings.map((f) => `${f.name} ${f.ruleId}`)).toEqual([`${leaky.name} analysis-header-plain-secret`]);
    expect(safe.name).toBe('safe');
  });
});
