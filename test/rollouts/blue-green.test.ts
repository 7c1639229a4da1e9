import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AnalysisTemplate, AntiAffinity, ArgValue, BlueGreenPromotion, BlueGreenRollout, MetricProvider, PodTemplateHash, TemplateArg, WorkloadRef,
} from '../../src';
import { validateManifests } from '../../src/validation/engine';
import { Severity } from '../../src/validation/finding';
import { only, synthError, synthValid } from '../support/synth';

const container = { image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 };

function successRate(scope: any, id = 'SuccessRate', props: { count?: number } = { count: 3 }) {
  return new AnalysisTemplate(scope, id, {
    metadata: { name: id.toLowerCase() },
    args: [TemplateArg.required('service-name')],
    metrics: [{
      name: 'success-rate',
      interval: Duration.minutes(1),
      count: props.count,
      successCondition: 'result[0] >= 0.95',
      provider: MetricProvider.prometheus({ address: 'http://prometheus:9090', query: 'sum(up{service="{{args.service-name}}"})' }),
    }],
  });
}

describe('BlueGreenRollout', () => {
  test('creates active and preview Services that select the pods, and names them in the strategy', () => {
    const chart = Testing.chart();
    const rollout = new BlueGreenRollout(chart, 'web', { metadata: { name: 'web' }, containers: [container] });
    const manifests = synthValid(chart);
    const ro = only(manifests, 'Rollout');
    expect(ro.spec.strategy.blueGreen.activeService).toBe('web-active');
    expect(ro.spec.strategy.blueGreen.previewService).toBe('web-preview');
    expect(rollout.activeService.name).toBe('web-active');
    expect(rollout.previewService.name).toBe('web-preview');
    const services = manifests.filter((m) => m.kind === 'Service');
    expect(services.map((s) => s.metadata.name).sort()).toEqual(['web-active', 'web-preview']);
    for (const s of services) {
      expect(s.spec.ports).toEqual([{ port: 8080, targetPort: 8080 }]);
      for (const [k, v] of Object.entries(s.spec.selector)) expect(ro.spec.template.metadata.labels[k]).toBe(v);
    }
    expect(ro.spec.selector.matchLabels).toEqual(ro.spec.template.metadata.labels);
  });

  test('takes Services given by the user', () => {
    const chart = Testing.chart();
    const active = new kplus.Service(chart, 'Active', { metadata: { name: 'prod' }, ports: [{ port: 80, targetPort: 8080 }] });
    const preview = new kplus.Service(chart, 'Preview', { metadata: { name: 'staging' }, ports: [{ port: 80, targetPort: 8080 }] });
    const rollout = new BlueGreenRollout(chart, 'web', { containers: [container], activeService: active, previewService: preview });
    active.select(rollout);
    preview.select(rollout);
    const ro = only(synthValid(chart), 'Rollout');
    expect(ro.spec.strategy.blueGreen).toMatchObject({ activeService: 'prod', previewService: 'staging' });
    expect(rollout.activeService).toBe(active);
  });

  test('promotion is manual by default, and one choice sets both upstream fields', () => {
    const render = (promotion?: BlueGreenPromotion) => {
      const chart = Testing.chart();
      new BlueGreenRollout(chart, 'web', { containers: [container], promotion });
      return only(synthValid(chart), 'Rollout').spec.strategy.blueGreen;
    };
    expect(render()).toMatchObject({ autoPromotionEnabled: false });
    expect(render(BlueGreenPromotion.automatic()).autoPromotionEnabled).toBeUndefined();
    const after = render(BlueGreenPromotion.automaticAfter(Duration.minutes(10)));
    expect(after.autoPromotionEnabled).toBeUndefined();
    expect(after.autoPromotionSeconds).toBe(600);
    expect(() => BlueGreenPromotion.automaticAfter(Duration.seconds(0))).toThrow('BlueGreenPromotion.automaticAfter needs a positive delay: 0s');
  });

  test('renders every strategy prop in Argo vocabulary', () => {
    const chart = Testing.chart();
    const t = successRate(chart);
    new BlueGreenRollout(chart, 'web', {
      containers: [container],
      replicas: 4,
      revisionHistoryLimit: 5,
      minReady: Duration.seconds(10),
      progressDeadline: Duration.minutes(5),
      progressDeadlineAbort: true,
      rollbackWindowRevisions: 2,
      previewReplicaCount: 1,
      scaleDownDelay: Duration.minutes(1),
      scaleDownDelayRevisionLimit: 2,
      abortScaleDownDelay: Duration.seconds(45),
      antiAffinity: AntiAffinity.preferred(50),
      activeMetadata: { labels: { role: 'active' } },
      previewMetadata: { labels: { role: 'preview' }, annotations: { note: 'preview' } },
      prePromotionAnalysis: { templates: [t], args: { 'service-name': ArgValue.of('web-preview') }, analysisRunLabels: { team: 'web' }, analysisRunAnnotations: { owner: 'sre' } },
      postPromotionAnalysis: { templates: [t], args: { 'service-name': ArgValue.of('web-active') }, dryRunMetrics: ['success-rate'] },
    });
    const ro = only(synthValid(chart), 'Rollout');
    expect(ro.spec).toMatchObject({
      replicas: 4,
      revisionHistoryLimit: 5,
      minReadySeconds: 10,
      progressDeadlineSeconds: 300,
      progressDeadlineAbort: true,
      rollbackWindow: { revisions: 2 },
    });
    expect(ro.spec.strategy.blueGreen).toMatchObject({
      previewReplicaCount: 1,
      scaleDownDelaySeconds: 60,
      scaleDownDelayRevisionLimit: 2,
      abortScaleDownDelaySeconds: 45,
      antiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: { weight: 50 } },
      activeMetadata: { labels: { role: 'active' } },
      previewMetadata: { labels: { role: 'preview' }, annotations: { note: 'preview' } },
      prePromotionAnalysis: {
        templates: [{ templateName: 'successrate' }],
        args: [{ name: 'service-name', value: 'web-preview' }],
        analysisRunMetadata: { labels: { team: 'web' }, annotations: { owner: 'sre' } },
      },
      postPromotionAnalysis: { dryRun: [{ metricName: 'success-rate' }] },
    });
  });

  test('passes pod-template-hash and downward-API argument values', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T', {
      args: [TemplateArg.required('hash'), TemplateArg.required('ns')],
      metrics: [{ name: 'm', provider: MetricProvider.web({ url: 'http://x/{{args.ns}}/{{args.hash}}' }) }],
    });
    new BlueGreenRollout(chart, 'web', {
      containers: [container],
      prePromotionAnalysis: { templates: [t], args: { hash: ArgValue.podTemplateHash(PodTemplateHash.LATEST), ns: ArgValue.fromField('metadata.namespace') } },
    });
    const args = only(synthValid(chart), 'Rollout').spec.strategy.blueGreen.prePromotionAnalysis.args;
    expect(args).toEqual([
      { name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' } },
      { name: 'ns', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ]);
  });

  test('the pod template is cdk8s-plus\'s own: probes, named ports, volumes and secure defaults survive', () => {
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Config', { data: { a: 'b' } });
    const rollout = new BlueGreenRollout(chart, 'web', {
      containers: [{
        image: 'web:1',
        ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }],
        readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
        liveness: kplus.Probe.fromTcpSocket({ port: 8080 }),
        volumeMounts: [{ path: '/config', volume: kplus.Volume.fromConfigMap(chart, 'Vol', cm) }],
      }],
    });
    rollout.addContainer({ name: 'sidecar', image: 'sidecar:1' });
    const ro = only(synthValid(chart), 'Rollout');
    const main = ro.spec.template.spec.containers[0];
    expect(main.ports).toEqual([{ containerPort: 8080, name: 'http' }, { containerPort: 9090, name: 'metrics' }]);
    expect(main.readinessProbe.httpGet).toEqual({ path: '/ready', port: 8080, scheme: 'HTTP' });
    expect(main.livenessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(main.securityContext).toEqual({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true });
    expect(main.resources.limits).toEqual({ cpu: '1500m', memory: '2048Mi' });
    expect(ro.spec.template.spec.volumes[0].configMap.name).toBe(cm.name);
    expect(ro.spec.template.spec.containers[1].name).toBe('sidecar');
    // the same pod spec a cdk8s-plus Deployment with these containers renders
    const dchart = Testing.chart();
    const dcm = new kplus.ConfigMap(dchart, 'Config', { data: { a: 'b' } });
    new kplus.Deployment(dchart, 'web', {
      containers: [{
        image: 'web:1',
        ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }],
        readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
        liveness: kplus.Probe.fromTcpSocket({ port: 8080 }),
        volumeMounts: [{ path: '/config', volume: kplus.Volume.fromConfigMap(dchart, 'Vol', dcm) }],
      }, { name: 'sidecar', image: 'sidecar:1' }],
    });
    const dep = only(Testing.synth(dchart), 'Deployment');
    expect(ro.spec.template.spec.containers).toEqual(dep.spec.template.spec.containers);
  });

  test('cannot create Services without a container port', () => {
    const chart = Testing.chart();
    expect(() => new BlueGreenRollout(chart, 'web', { containers: [{ image: 'web:1' }] }))
      .toThrow('test/web: cannot create the active Service: no container exposes a port. Fix: give a container "portNumber" or "ports" in the props, or pass the Service as "activeService"');
    // a Deployment referenced by name has no ports known here: containers cannot help, the Services can
    expect(() => new BlueGreenRollout(chart, 'ref', { workloadRef: WorkloadRef.fromDeploymentName('orders', { matchLabels: { app: 'orders' } }) }))
      .toThrow('test/ref: cannot create the active Service: no container exposes a port. Fix: the Deployment is referenced by name, so its ports are not known here: pass the Service as "activeService", or reference the Deployment construct (WorkloadRef.fromDeployment)');
  });

  test('whole-second props reject fractions with the prop name', () => {
    const chart = Testing.chart();
    new BlueGreenRollout(chart, 'web', { containers: [container], scaleDownDelay: Duration.millis(1500) });
    expect(() => Testing.synth(chart)).toThrow('"scaleDownDelay" must be a whole number of seconds: 1500ms');
  });

  test('count props reject fractions at synth, each with its prop name, all at once', () => {
    const chart = Testing.chart();
    new BlueGreenRollout(chart, 'web', { containers: [container], replicas: 2.5, previewReplicaCount: 1.5, revisionHistoryLimit: 3, scaleDownDelayRevisionLimit: 0.5 });
    const error = synthError(chart)!;
    expect(error).toContain('[test/web] "replicas" must be a whole number: 2.5');
    expect(error).toContain('[test/web] "previewReplicaCount" must be a whole number: 1.5');
    expect(error).toContain('[test/web] "scaleDownDelayRevisionLimit" must be a whole number: 0.5');
    expect(error).not.toContain('revisionHistoryLimit"');
  });

  test('fails synth with every finding at once: same Service twice, an argument never supplied, a pre-promotion metric that never ends', () => {
    const chart = Testing.chart();
    const svc = new kplus.Service(chart, 'Svc', { metadata: { name: 'web' }, ports: [{ port: 8080 }] });
    const t = successRate(chart, 'Endless', { count: undefined });
    const rollout = new BlueGreenRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      activeService: svc,
      previewService: svc,
      prePromotionAnalysis: { templates: [t] },
    });
    svc.select(rollout);
    const message = synthError(chart)!;
    expect(message).toContain('Validation failed with the following errors:');
    const lines = message.split('\n').filter((l) => l.startsWith('  ['));
    expect(lines).toEqual([
      '  [test/web] Rollout/web spec.strategy.blueGreen.prePromotionAnalysis.args: args.service-name was not resolved (fix: pass the argument in the analysis args, or give it a default value in the template) [analysis-args-resolved]',
      '  [test/web] Rollout/web spec.strategy.blueGreen.prePromotionAnalysis.templates: AnalysisTemplate endless has metric success-rate which runs indefinitely. Invalid value for count: <nil> (fix: give the metric a count (e.g. count: 5 with interval: 1m), or run it as background analysis) [analysis-metric-terminates]',
      '  [test/web] Rollout/web spec.strategy.blueGreen.previewService: This rollout uses the same service for the active and preview services, but two different services are required. (fix: give previewService a different Service than activeService) [bluegreen-distinct-services]',
    ]);
  });

  test('an argument the template does not declare passes synth with a warning (the controller ignores it)', () => {
    const chart = Testing.chart();
    const t = successRate(chart);
    new BlueGreenRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      prePromotionAnalysis: { templates: [t], args: { 'service-name': ArgValue.of('a'), 'servce': ArgValue.of('typo') } },
    });
    const found = validateManifests(synthValid(chart)).filter((f) => f.ruleId === 'analysis-arg-declared');
    expect(found.map((f) => [f.severity, f.path, f.message])).toEqual([[
      Severity.WARNING, 'spec.strategy.blueGreen.prePromotionAnalysis.args[0].name', 'argument "servce" is not declared by AnalysisTemplate/successrate: the controller ignores it',
    ]]);
  });

  test('findings follow changes made after the first synth', () => {
    const chart = Testing.chart();
    const rollout = new BlueGreenRollout(chart, 'web', { metadata: { name: 'web' }, containers: [container], revisionHistoryLimit: 1 });
    synthValid(chart);
    rollout.addContainer({ name: 'second', image: '' });
    expect(synthError(chart)).toContain('Rollout/web spec.template.spec.containers[1].image: Required value');
  });

  test('app.synth() with many charts reports each finding once and re-validates on the next call', () => {
    const app = Testing.app();
    const rollouts = [0, 1, 2].map((i) => new BlueGreenRollout(new Chart(app, `c${i}`), 'web', { metadata: { name: `web${i}` }, containers: [container] }));
    app.synth();
    rollouts[2].addContainer({ name: 'second', image: '' });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n').filter((l) => l.startsWith('  ['))).toEqual([
      '  [c2/web] Rollout/web2 spec.template.spec.containers[1].image: Required value (fix: give every container a unique DNS-1123 name and an image) [rollout-template-containers-valid]',
    ]);
  });
});

