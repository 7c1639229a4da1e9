import { ApiObject, Chart, Duration, JsonPatch, Names, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AnalysisTemplate, AnalysisTemplateBase, CanaryRollout, CanaryStep, ClusterAnalysisTemplate, MetricAuthentication, MetricProvider, RolloutValue,
  TemplateArg, WebHeader, WebMethod,
} from '../../src';
import { goRegExp } from '../../src/validation/rules/analysis';
import { only, synthError, synthValid } from '../support/synth';

const prom = (query = 'sum(up)') => MetricProvider.prometheus({ address: 'http://prometheus:9090', query });

describe('AnalysisTemplate', () => {
  test('renders metrics with Go durations and int-or-string limits', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'rate' },
      args: [TemplateArg.required('svc'), TemplateArg.withDefault('threshold', '0.95')],
      metrics: [{
        name: 'rate',
        provider: prom('sum(rate(x{svc="{{args.svc}}"}[5m]))'),
        interval: Duration.minutes(90),
        initialDelay: Duration.seconds(30),
        count: 5,
        successCondition: 'result[0] >= {{args.threshold}}',
        failureCondition: 'result[0] < 0.5',
        failureLimit: 2,
        inconclusiveLimit: 1,
        consecutiveErrorLimit: 3,
        consecutiveSuccessLimit: 0,
        dryRun: true,
        measurementRetention: 20,
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec.args).toEqual([{ name: 'svc' }, { name: 'threshold', value: '0.95' }]);
    expect(t.spec.metrics[0]).toEqual({
      name: 'rate',
      interval: '1h30m',
      initialDelay: '30s',
      count: 5,
      successCondition: 'result[0] >= {{args.threshold}}',
      failureCondition: 'result[0] < 0.5',
      failureLimit: 2,
      inconclusiveLimit: 1,
      consecutiveErrorLimit: 3,
      consecutiveSuccessLimit: 0,
      provider: { prometheus: { address: 'http://prometheus:9090', query: 'sum(rate(x{svc="{{args.svc}}"}[5m]))' } },
    });
    expect(t.spec.dryRun).toEqual([{ metricName: '^rate$' }]);
    expect(t.spec.measurementRetention).toEqual([{ metricName: '^rate$', limit: 20 }]);
  });

  test('dryRun and measurementRetention match their own metric only: the controller reads metricName as a regular expression', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metrics: [
        { name: 'error', provider: prom(), dryRun: true },
        { name: 'error-rate', provider: prom() },
        { name: 'latency.p99', provider: prom(), measurementRetention: 20 },
        { name: 'latencyXp99', provider: prom(), measurementRetention: 5 },
      ],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec.dryRun).toEqual([{ metricName: '^error$' }]);
    expect(t.spec.measurementRetention).toEqual([{ metricName: '^latency\\.p99$', limit: 20 }, { metricName: '^latencyXp99$', limit: 5 }]);
    const names: string[] = t.spec.metrics.map((m: any) => m.name);
    const matched = (pattern: string) => names.filter((n) => goRegExp(pattern)!.test(n));
    expect(matched(t.spec.dryRun[0].metricName)).toEqual(['error']);
    expect(t.spec.measurementRetention.map((r: any) => matched(r.metricName))).toEqual([['latency.p99'], ['latencyXp99']]);
  });

  test('addMetric and addArg after construction still render', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T');
    t.addArg(TemplateArg.required('x'));
    t.addMetric({ name: 'm', provider: prom('up{job="{{args.x}}"}') });
    expect(t.argNames).toEqual(['x']);
    expect(t.metricNames).toEqual(['m']);
    expect(only(synthValid(chart), 'AnalysisTemplate').spec.metrics).toHaveLength(1);
    expect(() => t.addMetric({ name: 'm', provider: prom() })).toThrow('test/T: a metric named "m" already exists');
    expect(() => t.addArg(TemplateArg.required('x'))).toThrow('test/T: argument "x" is already declared');
  });

  test('Prometheus: timeout, headers, insecure and authentication', () => {
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'S', { metadata: { name: 'prom-oauth' } });
    new AnalysisTemplate(chart, 'T', {
      metrics: [
        { name: 'a', provider: MetricProvider.prometheus({ address: 'https://amp', query: 'up', timeout: Duration.seconds(20), headers: { 'X-Scope-OrgID': 'team' }, insecure: true, authentication: MetricAuthentication.sigv4({ region: 'eu-west-1', roleArn: 'arn:aws:iam::1:role/r' }) }) },
        { name: 'b', provider: MetricProvider.prometheus({ address: 'https://p', query: 'up', authentication: MetricAuthentication.oauth2({ tokenUrl: 'https://idp/token', clientId: 'c', clientSecret: secret, clientSecretKey: 'secret', scopes: ['read'] }) }) },
      ],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec.metrics[0].provider.prometheus).toEqual({
      address: 'https://amp',
      query: 'up',
      timeout: 20,
      headers: [{ key: 'X-Scope-OrgID', value: 'team' }],
      insecure: true,
      authentication: { sigv4: { region: 'eu-west-1', roleArn: 'arn:aws:iam::1:role/r' } },
    });
    expect(t.spec.metrics[1].provider.prometheus.authentication.oauth2).toEqual({ tokenUrl: 'https://idp/token', clientId: 'c', clientSecret: '{{args.b-oauth2-client-secret}}', scopes: ['read'] });
    expect(t.spec.args).toEqual([{ name: 'b-oauth2-client-secret', valueFrom: { secretKeyRef: { name: 'prom-oauth', key: 'secret' } } }]);
  });

  test('Web: headers from Secrets become secretKeyRef args, never plain text', () => {
    const chart = Testing.chart();
    const token = new kplus.Secret(chart, 'Token', { metadata: { name: 'api-token' } });
    new AnalysisTemplate(chart, 'T', {
      metrics: [{
        name: 'health',
        successCondition: 'result == true',
        provider: MetricProvider.web({
          url: 'https://web-preview/health',
          method: WebMethod.POST,
          jsonBody: { probe: true },
          jsonPath: '{$.ok}',
          timeout: Duration.seconds(5),
          headers: [WebHeader.value('Accept', 'application/json'), WebHeader.fromSecret('Authorization', token, 'token', 'Bearer ')],
        }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec.metrics[0].provider.web).toEqual({
      url: 'https://web-preview/health',
      method: 'POST',
      jsonBody: { probe: true },
      jsonPath: '{$.ok}',
      timeoutSeconds: 5,
      headers: [{ key: 'Accept', value: 'application/json' }, { key: 'Authorization', value: 'Bearer {{args.health-header-authorization}}' }],
    });
    expect(t.spec.args).toEqual([{ name: 'health-header-authorization', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } }]);
  });

  test('a declared argument may not take the name of the Secret argument a provider generates; fractional counts fail, each named', () => {
    const chart = Testing.chart();
    const token = new kplus.Secret(chart, 'Token', { metadata: { name: 'api-token' } });
    const web = () => MetricProvider.web({ url: 'https://web/health', headers: [WebHeader.fromSecret('Authorization', token, 'token')] });
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 't' },
      args: [TemplateArg.required('health-header-authorization')],
      metrics: [{ name: 'health', provider: web(), count: 2.5, failureLimit: 1 }],
    });
    const error = synthError(chart)!;
    expect(error).toContain('[test/T] argument "health-header-authorization" of "args" takes the name of the argument metric "health" declares for its provider '
      + '(Secret "api-token" key "token"), which would read yours instead: give your argument another name');
    expect(error).toContain('[test/T] metric "health": "count" must be a whole number: 2.5');
    expect(error).not.toContain('failureLimit');
    // the same argument, declared as the provider declares it, is no conflict
    const ok = Testing.chart();
    const secret = new kplus.Secret(ok, 'Token', { metadata: { name: 'api-token' } });
    new AnalysisTemplate(ok, 'T', {
      args: [TemplateArg.fromSecret('health-header-authorization', secret, 'token')],
      metrics: [{ name: 'health', provider: MetricProvider.web({ url: 'https://web/health', headers: [WebHeader.fromSecret('Authorization', secret, 'token')] }) }],
    });
    expect(only(synthValid(ok), 'AnalysisTemplate').spec.args).toHaveLength(1);
  });

  test('Job: a smoke-test pod with secure defaults and no retries', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      args: [TemplateArg.required('url')],
      metrics: [{ name: 'smoke', provider: MetricProvider.job({ activeDeadline: Duration.minutes(2), containers: [{ image: 'curlimages/curl:8.10.1', args: ['-sf', '{{args.url}}'] }] }) }],
    });
    const job = only(synthValid(chart), 'AnalysisTemplate').spec.metrics[0].provider.job;
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.activeDeadlineSeconds).toBe(120);
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true });
    expect(pod.containers[0]).toMatchObject({
      name: 'main',
      image: 'curlimages/curl:8.10.1',
      args: ['-sf', '{{args.url}}'],
      securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
      resources: { limits: { cpu: '1500m', memory: '2048Mi' }, requests: { cpu: '1000m', memory: '512Mi' } },
    });
  });

  test('fails synth with the controller\'s metric messages', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'bad' },
      metrics: [{ name: 'm', provider: prom('up{x="{{args.missing}}"}'), count: 2, failureLimit: 2, consecutiveSuccessLimit: 1, interval: Duration.minutes(1) }],
    });
    const err = synthError(chart)!;
    expect(err).toContain('[test/T] AnalysisTemplate/bad spec.metrics[0].count: metrics[0]: count (2) must be >= failureLimit + consecutiveSuccessLimit (2 + 1) if both >= 0');
    expect(err).toContain('[test/T] AnalysisTemplate/bad spec.metrics[0]: failed to resolve {{args.missing}}');
  });

  test('a template without metrics fails synth', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', { metadata: { name: 'empty' } });
    expect(synthError(chart)).toContain('AnalysisTemplate/empty spec.metrics: no metrics specified');
  });
});

describe('composite templates (templates, addTemplate)', () => {
  test('renders spec.templates, passes synth without metrics of its own, and a rollout wires the nested fromRollout args', () => {
    const chart = Testing.chart();
    const child = new AnalysisTemplate(chart, 'Child', {
      metadata: { name: 'child' },
      args: [TemplateArg.fromRollout('svc', RolloutValue.newVersionServiceName())],
      metrics: [{ name: 'rate', provider: prom('sum(rate(x{svc="{{args.svc}}"}[5m]))') }],
    });
    const shared = new ClusterAnalysisTemplate(chart, 'Shared', { metadata: { name: 'shared' }, metrics: [{ name: 'up', provider: prom() }] });
    const parent = new AnalysisTemplate(chart, 'Parent', { metadata: { name: 'parent' }, templates: [child] });
    parent.addTemplate(shared);
    expect(parent.templates.map((t) => t.name)).toEqual(['child', 'shared']);
    new CanaryRollout(chart, 'Rollout', {
      metadata: { name: 'web' },
      containers: [{ image: 'web:2', portNumber: 8080 }],
      createServices: true,
      steps: [CanaryStep.weight(20), CanaryStep.analysis({ templates: [parent] })],
    });
    const out = synthValid(chart);
    expect(out.find((m) => m.metadata.name === 'parent').spec).toEqual({ metrics: [], templates: [{ templateName: 'child' }, { templateName: 'shared', clusterScope: true }] });
    expect(only(out, 'Rollout').spec.strategy.canary.steps[1].analysis.args).toEqual([{ name: 'svc', value: 'web-canary' }]);
  });

  test('fails synth for a composite whose templates have no metrics either', () => {
    const chart = Testing.chart();
    const empty = new AnalysisTemplate(chart, 'Empty', { metadata: { name: 'empty' }, metrics: [{ name: 'm', provider: prom() }] });
    empty.addJsonPatch(JsonPatch.replace('/spec/metrics', []));
    new AnalysisTemplate(chart, 'Parent', { metadata: { name: 'parent' }, templates: [empty] });
    expect(synthError(chart)).toContain('AnalysisTemplate/parent spec.templates: no metrics specified');
  });

  test('addTemplate refuses the template itself and a template included twice', () => {
    const chart = Testing.chart();
    const child = new AnalysisTemplate(chart, 'Child', { metadata: { name: 'child' }, metrics: [{ name: 'm', provider: prom() }] });
    const parent = new AnalysisTemplate(chart, 'Parent', { metadata: { name: 'parent' }, templates: [child] });
    expect(() => parent.addTemplate(parent)).toThrow('test/Parent: a template cannot include itself');
    expect(() => parent.addTemplate(child)).toThrow('test/Parent: template "child" is already included');
  });
});

describe('ClusterAnalysisTemplate', () => {
  test('is cluster-scoped and referenced with clusterScope', () => {
    const chart = Testing.chart();
    const t = new ClusterAnalysisTemplate(chart, 'T', { metadata: { name: 'shared' }, metrics: [{ name: 'm', provider: prom() }] });
    expect(t.clusterScope).toBe(true);
    const m = only(synthValid(chart), 'ClusterAnalysisTemplate');
    expect(m.metadata.name).toBe('shared');
    expect(m.spec.metrics[0].provider.prometheus.query).toBe('sum(up)');
    expect(() => new ClusterAnalysisTemplate(chart, 'N', { metadata: { namespace: 'x' } })).toThrow('test/N: a ClusterAnalysisTemplate is cluster-scoped and takes no "metadata.namespace"');
  });
});

describe('the construct is the API object', () => {
  test.each([
    ['AnalysisTemplate', (c: Chart) => new AnalysisTemplate(c, 'T', { metrics: [{ name: 'm', provider: prom() }] })],
    ['ClusterAnalysisTemplate', (c: Chart) => new ClusterAnalysisTemplate(c, 'T', { metrics: [{ name: 'm', provider: prom() }] })],
  ])('%s: one node, named from its own path, addJsonPatch reaches the output', (kind, make) => {
    const chart = Testing.chart();
    const t: AnalysisTemplateBase = make(chart);
    expect(t).toBeInstanceOf(ApiObject);
    expect(ApiObject.of(t)).toBe(t);
    expect(t.node.children).toHaveLength(0);
    expect(t.kind).toBe(kind);
    // the generated name hashes the construct's own address (there is no `Resource` child any more)
    expect(t.name).toBe(Names.toDnsLabel(t));
    expect(t.name).toMatch(/^test-t-[0-9a-f]{8}$/);
    t.addJsonPatch(JsonPatch.add('/spec/metrics/0/failureLimit', 3));
    const m = only(synthValid(chart), kind);
    expect(m.metadata.name).toBe(t.name);
    expect(m.spec.metrics[0]).toEqual({ name: 'm', failureLimit: 3, provider: { prometheus: { address: 'http://prometheus:9090', query: 'sum(up)' } } });
  });

  test('instanceof tells the template classes apart from each other and from other ApiObjects', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T');
    const ct = new ClusterAnalysisTemplate(chart, 'C');
    const other = new ApiObject(chart, 'Other', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect([t instanceof AnalysisTemplate, t instanceof AnalysisTemplateBase, ct instanceof AnalysisTemplateBase]).toEqual([true, true, true]);
    expect([ct instanceof AnalysisTemplate, t instanceof ClusterAnalysisTemplate]).toEqual([false, false]);
    // ApiObject's own instanceof check accepts any ApiObject: the templates' must not
    expect(other instanceof ApiObject).toBe(true);
    expect([other instanceof AnalysisTemplateBase, other instanceof AnalysisTemplate, other instanceof ClusterAnalysisTemplate])
      .toEqual([false, false, false]);
  });
});
