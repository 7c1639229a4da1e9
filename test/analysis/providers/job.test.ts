import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AnalysisTemplate, BlueGreenRollout, MetricProvider } from '../../../src';
import { only, synthError, synthValid } from '../../support/synth';

/** The pod spec of the Job of a template with one job metric. */
function jobPod(props: Parameters<typeof MetricProvider.job>[0]): any {
  const chart = Testing.chart();
  new AnalysisTemplate(chart, 'Smoke', { metadata: { name: 'smoke' }, metrics: [{ name: 'smoke', count: 1, provider: MetricProvider.job(props) }] });
  return only(synthValid(chart), 'AnalysisTemplate').spec.metrics[0].provider.job.spec.template.spec;
}

const SECURE_CONTAINER = {
  securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
  resources: { limits: { cpu: '1500m', memory: '2048Mi' }, requests: { cpu: '1000m', memory: '512Mi' } },
};

describe('job metric provider: secure defaults', () => {
  test('the pod runs non-root, read-only root filesystem, no privilege escalation, resources set, no service account token', () => {
    const pod = jobPod({ containers: [{ image: 'curlimages/curl:8.8.0', args: ['-fsS', 'http://web-preview/healthz'] }] });
    expect(pod).toEqual({
      automountServiceAccountToken: false,
      restartPolicy: 'Never',
      securityContext: { runAsNonRoot: true },
      containers: [{
        name: 'main',
        image: 'curlimages/curl:8.8.0',
        imagePullPolicy: 'Always',
        args: ['-fsS', 'http://web-preview/healthz'],
        ...SECURE_CONTAINER,
      }],
    });
  });

  test('every container gets the defaults, and its own name', () => {
    const pod = jobPod({ containers: [{ image: 'a:1' }, { image: 'b:1' }] });
    expect(pod.containers.map((c: any) => c.name)).toEqual(['main', 'main1']);
    for (const c of pod.containers) expect(c).toMatchObject(SECURE_CONTAINER);
  });

  test('explicit settings win: resources, a user id, a writable filesystem (opt-out is visible in code)', () => {
    const pod = jobPod({
      containers: [{
        image: 'a:1',
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(100) },
          memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
        },
        securityContext: { user: 1000, readOnlyRootFilesystem: false },
      }],
    });
    expect(pod.containers[0].resources).toEqual({ limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '50m', memory: '32Mi' } });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: false, runAsNonRoot: true, runAsUser: 1000,
    });
  });

  test('a service account is used as given, and then its token is mounted (the Job needs it)', () => {
    const pod = jobPod({ containers: [{ image: 'a:1' }], serviceAccountName: 'smoke-test' });
    expect(pod.serviceAccountName).toBe('smoke-test');
    expect(pod.automountServiceAccountToken).toBeUndefined();
  });

  test('Job settings: backoffLimit 0 by default, deadline and TTL in whole seconds', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'Smoke', {
      metadata: { name: 'smoke' },
      metrics: [{
        name: 'smoke',
        count: 1,
        provider: MetricProvider.job({ containers: [{ image: 'a:1' }], activeDeadline: Duration.minutes(5), ttlAfterFinished: Duration.hours(1) }),
      }],
    });
    const job = only(synthValid(chart), 'AnalysisTemplate').spec.metrics[0].provider.job;
    expect(job.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 300, ttlSecondsAfterFinished: 3600 });
  });

  test('what the output cannot carry is refused with the field named', () => {
    expect(() => MetricProvider.job({ containers: [{ image: 'a:1' }], backoffLimit: 1.5 }))
      .toThrow('job metric provider: "backoffLimit" must be a whole number: 1.5');
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'Smoke', {
      metadata: { name: 'smoke' },
      metrics: [{ name: 'smoke', count: 1, provider: MetricProvider.job({ containers: [{ image: 'a:1' }], activeDeadline: Duration.millis(1500) }) }],
    });
    expect(() => Testing.synth(chart)).toThrow('"activeDeadline" must be a whole number of seconds: 1500ms');
  });
});

describe('Job metrics in the rule engine (synth and lint)', () => {
  test('the factory takes no containers or a negative backoffLimit; synth fails with Kubernetes\' Job validation messages', () => {
    expect(() => MetricProvider.job({ containers: [], backoffLimit: -1 })).not.toThrow();
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'Smoke', {
      metadata: { name: 'smoke' },
      metrics: [{ name: 'smoke', count: 1, provider: MetricProvider.job({ containers: [], backoffLimit: -1 }) }],
    });
    const error = synthError(chart)!;
    expect(error).toContain('[test/Smoke] AnalysisTemplate/smoke spec.metrics[0].provider.job.spec.backoffLimit: metrics[0]: the Job is invalid: '
      + 'spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0');
    expect(error).toContain('[test/Smoke] AnalysisTemplate/smoke spec.metrics[0].provider.job.spec.template.spec.containers: metrics[0]: the Job is invalid: '
      + 'spec.template.spec.containers: Required value');
  });
});

describe('rollout pods: cdk8s-plus Workload defaults, as synthesized', () => {
  test('non-root, read-only root filesystem, no privilege escalation, resources set, no service account token', () => {
    const chart = Testing.chart();
    new BlueGreenRollout(chart, 'Rollout', { metadata: { name: 'web' }, containers: [{ image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 }] });
    const pod = only(synthValid(chart), 'Rollout').spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork).toBe(false);
    expect(pod.containers[0]).toMatchObject(SECURE_CONTAINER);
  });
});

describe('preview access can be restricted', () => {
  test('a preview Ingress with an NGINX source allow-list annotation routes to the preview Service', () => {
    const chart = Testing.chart();
    const rollout = new BlueGreenRollout(chart, 'Rollout', { metadata: { name: 'web' }, containers: [{ image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 }] });
    new kplus.Ingress(chart, 'Preview', {
      metadata: {
        name: 'web-preview',
        annotations: { 'nginx.ingress.kubernetes.io/whitelist-source-range': '10.0.0.0/8,192.168.0.0/16' },
      },
      rules: [{ host: 'preview.internal.example.com', backend: kplus.IngressBackend.fromService(rollout.previewService) }],
    });
    const ingress = only(synthValid(chart), 'Ingress');
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/whitelist-source-range': '10.0.0.0/8,192.168.0.0/16' });
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe('web-preview');
  });
});
