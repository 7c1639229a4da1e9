import { ApiObject, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import {
  AnalysisTemplate, AntiAffinity, ArgValue, CanaryRollout, CanaryStep, ITrafficRouting, MetricProvider, PodTemplateHash,
  ReplicaProgressThreshold, StringMatch, TemplateArg, TrafficRouting, TrafficRoutingConfig,
} from '../../src';
import { only, synthError, synthValid } from '../support/synth';

const container = { image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 };

/** A plugin router: supports header routes, needs no Services. */
class PluginRouter implements ITrafficRouting {
  public bind(_rollout: IConstruct): TrafficRoutingConfig {
    return { trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web' } } } };
  }
}

/** An NGINX canary with its stable Ingress routed to the stable Service. */
function nginxCanary(chart: Chart, props: Record<string, any> = {}): CanaryRollout {
  const ingress = new kplus.Ingress(chart, 'Ingress', { metadata: { name: 'web' } });
  const rollout = new CanaryRollout(chart, 'web', {
    metadata: { name: 'web' },
    containers: [container],
    trafficRouting: TrafficRouting.nginx({ stableIngress: ingress }),
    ...props,
  });
  ingress.addRule('/', kplus.IngressBackend.fromService(rollout.stableService!));
  return rollout;
}

function successRate(scope: Chart, count?: number): AnalysisTemplate {
  return new AnalysisTemplate(scope, 'SuccessRate', {
    metadata: { name: 'success-rate' },
    args: [TemplateArg.required('service-name')],
    metrics: [{
      name: 'success-rate',
      interval: Duration.minutes(1),
      count,
      successCondition: 'result[0] >= 0.95',
      provider: MetricProvider.prometheus({ address: 'http://prometheus:9090', query: 'sum(up{service="{{args.service-name}}"})' }),
    }],
  });
}

describe('CanaryRollout', () => {
  test('ApiObject.of(rollout) is its Rollout object: a JSON patch reaches the output and is validated', () => {
    const chart = Testing.chart();
    const rollout = new CanaryRollout(chart, 'web', { metadata: { name: 'web' }, containers: [container], steps: [CanaryStep.weight(20)] });
    ApiObject.of(rollout).addJsonPatch(JsonPatch.add('/spec/paused', true));
    expect(ApiObject.of(rollout).kind).toBe('Rollout');
    expect(only(synthValid(chart), 'Rollout').spec.paused).toBe(true);
    ApiObject.of(rollout).addJsonPatch(JsonPatch.replace('/spec/strategy/canary/steps/0/setWeight', 120));
    expect(synthError(chart)).toMatch(/\[test\/web\] Rollout\/web spec\.strategy\.canary\.steps\[0\]\.setWeight: /);
  });

  test('count props of the canary strategy reject fractions at synth with their prop names', () => {
    const chart = Testing.chart();
    new CanaryRollout(chart, 'web', { containers: [container], minPodsPerReplicaSet: 1.5, steps: [CanaryStep.weight(50)] });
    expect(synthError(chart)).toContain('[test/web] "minPodsPerReplicaSet" must be a whole number: 1.5');
  });

  test('without a router: steps only, no Services', () => {
    const chart = Testing.chart();
    const rollout = new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      steps: [CanaryStep.weight(20), CanaryStep.pauseUntilPromoted()],
    });
    const manifests = synthValid(chart);
    expect(only(manifests, 'Rollout').spec.strategy).toEqual({ canary: { steps: [{ setWeight: 20 }, { pause: {} }] } });
    expect(manifests.filter((m) => m.kind === 'Service')).toEqual([]);
    expect(rollout.stableService).toBeUndefined();
    expect(rollout.canaryService).toBeUndefined();
  });

  test('createServices: true creates stable and canary Services without a router', () => {
    const chart = Testing.chart();
    const rollout = new CanaryRollout(chart, 'web', { metadata: { name: 'web' }, containers: [container], createServices: true });
    const canary = only(synthValid(chart), 'Rollout').spec.strategy.canary;
    expect(canary).toEqual({ stableService: 'web-stable', canaryService: 'web-canary' });
    expect(rollout.stableService!.name).toBe('web-stable');
  });

  test('with NGINX: creates stable and canary Services selecting the pods, and names the stable Ingress', () => {
    const chart = Testing.chart();
    const rollout = nginxCanary(chart, { steps: [CanaryStep.weight(20)] });
    const manifests = synthValid(chart);
    const ro = only(manifests, 'Rollout');
    expect(ro.spec.strategy.canary).toMatchObject({
      stableService: 'web-stable',
      canaryService: 'web-canary',
      trafficRouting: { nginx: { stableIngress: 'web' } },
    });
    expect(rollout.canaryService!.name).toBe('web-canary');
    const svcs = manifests.filter((m) => m.kind === 'Service');
    expect(svcs.map((s) => s.metadata.name).sort()).toEqual(['web-canary', 'web-stable']);
    for (const s of svcs) {
      expect(s.spec.ports).toEqual([{ port: 8080, targetPort: 8080 }]);
      for (const [k, v] of Object.entries(s.spec.selector)) expect(ro.spec.template.metadata.labels[k]).toBe(v);
    }
  });

  test('takes the Services given by the user', () => {
    const chart = Testing.chart();
    const stable = new kplus.Service(chart, 'Stable', { metadata: { name: 'prod' }, ports: [{ port: 80, targetPort: 8080 }] });
    const canarySvc = new kplus.Service(chart, 'Canary', { metadata: { name: 'next' }, ports: [{ port: 80, targetPort: 8080 }] });
    const ingress = new kplus.Ingress(chart, 'Ingress', { metadata: { name: 'web' } });
    ingress.addRule('/', kplus.IngressBackend.fromService(stable));
    const rollout = new CanaryRollout(chart, 'web', {
      containers: [container], stableService: stable, canaryService: canarySvc, trafficRouting: TrafficRouting.nginx({ stableIngress: ingress }),
    });
    stable.select(rollout);
    canarySvc.select(rollout);
    const manifests = synthValid(chart);
    expect(only(manifests, 'Rollout').spec.strategy.canary).toMatchObject({ stableService: 'prod', canaryService: 'next' });
    expect(manifests.filter((m) => m.kind === 'Service')).toHaveLength(2);
    expect(rollout.stableService).toBe(stable);
  });

  test('a stable Service may select the stableMetadata labels, which the controller puts on the stable pods', () => {
    const chart = Testing.chart();
    const stable = new kplus.Service(chart, 'Stable', { metadata: { name: 'prod' }, ports: [{ port: 80, targetPort: 8080 }] });
    const rollout = new CanaryRollout(chart, 'web', {
      containers: [container], stableService: stable, createServices: true, stableMetadata: { labels: { role: 'stable' } },
    });
    stable.select(rollout);
    stable.selectLabel('role', 'stable');
    expect(only(synthValid(chart), 'Rollout').spec.strategy.canary).toMatchObject({ stableService: 'prod', stableMetadata: { labels: { role: 'stable' } } });
    stable.selectLabel('tier', 'web');
    expect(synthError(chart)).toContain('Service "prod" has unmatch label "tier" in rollout');
  });

  test('two Rollouts given the same Services fail synth, each naming the other', () => {
    const chart = Testing.chart();
    const stable = new kplus.Service(chart, 'Stable', { metadata: { name: 'prod' }, ports: [{ port: 80, targetPort: 8080 }] });
    const canarySvc = new kplus.Service(chart, 'Canary', { metadata: { name: 'next' }, ports: [{ port: 80, targetPort: 8080 }] });
    for (const name of ['web', 'web-v2']) {
      const rollout = new CanaryRollout(chart, name, {
        metadata: { name }, containers: [container], stableService: stable, canaryService: canarySvc,
      });
      rollout.podMetadata.addLabel('app', 'web');
    }
    stable.selectLabel('app', 'web');
    canarySvc.selectLabel('app', 'web');
    const error = synthError(chart);
    expect(error).toContain('[test/web] Rollout/web spec.strategy.canary.stableService: Service "prod" is managed by another Rollout: Rollout/web-v2 names it too');
    expect(error).toContain('[test/web-v2] Rollout/web-v2 spec.strategy.canary.canaryService: Service "next" is managed by another Rollout: Rollout/web names it too');
    expect(error!.match(/ref-service-one-rollout/g)).toHaveLength(4);
  });

  test('a plugin router needs no Services, so none are created', () => {
    const chart = Testing.chart();
    const rollout = new CanaryRollout(chart, 'web', { containers: [container], trafficRouting: new PluginRouter() });
    expect(only(synthValid(chart), 'Rollout').spec.strategy.canary).toEqual({
      trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web' } } },
    });
    expect(rollout.stableService).toBeUndefined();
  });

  test('addStep after construction still renders, in order', () => {
    const chart = Testing.chart();
    const rollout = new CanaryRollout(chart, 'web', { containers: [container], steps: [CanaryStep.weight(10)] });
    const step = rollout.addStep(CanaryStep.pause(Duration.minutes(1)));
    rollout.addStep(CanaryStep.weight(100));
    expect(step).toBeInstanceOf(CanaryStep);
    expect(rollout.steps).toHaveLength(3);
    expect(only(synthValid(chart), 'Rollout').spec.strategy.canary.steps).toEqual([{ setWeight: 10 }, { pause: { duration: '1m' } }, { setWeight: 100 }]);
  });

  test('adds managedRoutes for header routes in step order, once each, including steps added later', () => {
    const chart = Testing.chart();
    const rollout = new CanaryRollout(chart, 'web', {
      containers: [container],
      trafficRouting: new PluginRouter(),
      steps: [
        CanaryStep.setHeaderRoute('beta-users', [{ headerName: 'X-Beta', headerValue: StringMatch.exact('1') }]),
        CanaryStep.weight(10),
        CanaryStep.setHeaderRoute('qa', [{ headerName: 'X-QA', headerValue: StringMatch.prefix('team-') }]),
      ],
    });
    rollout.addStep(CanaryStep.setHeaderRoute('beta-users', []));
    rollout.addStep(CanaryStep.setHeaderRoute('mobile', [{ headerName: 'User-Agent', headerValue: StringMatch.regex('.*Android.*') }]));
    const tr = only(synthValid(chart), 'Rollout').spec.strategy.canary.trafficRouting;
    expect(tr.managedRoutes).toEqual([{ name: 'beta-users' }, { name: 'qa' }, { name: 'mobile' }]);
  });

  test('renders maxTrafficWeight under trafficRouting, and refuses it without a router', () => {
    const chart = Testing.chart();
    nginxCanary(chart, { maxTrafficWeight: 1000, steps: [CanaryStep.weight(250)] });
    const tr = only(synthValid(chart), 'Rollout').spec.strategy.canary.trafficRouting;
    expect(tr).toEqual({ nginx: { stableIngress: 'web' }, maxTrafficWeight: 1000 });
    expect(() => new CanaryRollout(Testing.chart(), 'web', { containers: [container], maxTrafficWeight: 1000 }))
      .toThrow('test/web: "maxTrafficWeight" (1000) is a traffic routing setting: give "trafficRouting" too, or remove it');
  });

  test('renders every strategy prop in Argo vocabulary', () => {
    const chart = Testing.chart();
    const t = successRate(chart);
    const ping = new kplus.Service(chart, 'Ping', { metadata: { name: 'web-ping' }, ports: [{ port: 80 }] });
    const pong = new kplus.Service(chart, 'Pong', { metadata: { name: 'web-pong' }, ports: [{ port: 80 }] });
    new CanaryRollout(chart, 'web', {
      containers: [container],
      replicas: 4,
      createServices: false,
      pingPong: { pingService: ping, pongService: pong },
      analysis: {
        templates: [t],
        args: { 'service-name': ArgValue.of('web-canary') },
        startingStep: 1,
        analysisRunLabels: { team: 'web' },
      },
      maxSurge: kplus.PercentOrAbsolute.percent(50),
      maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      stableMetadata: { labels: { role: 'stable' } },
      canaryMetadata: { labels: { role: 'canary' }, annotations: { note: 'canary' } },
      scaleDownDelayRevisionLimit: 2,
      abortScaleDownDelay: Duration.seconds(0),
      minPodsPerReplicaSet: 2,
      antiAffinity: AntiAffinity.preferred(50),
      replicaProgressThreshold: ReplicaProgressThreshold.percent(80),
      steps: [CanaryStep.weight(25), CanaryStep.pause(Duration.seconds(30))],
    });
    const canary = only(synthValid(chart), 'Rollout').spec.strategy.canary;
    expect(canary).toEqual({
      pingPong: { pingService: 'web-ping', pongService: 'web-pong' },
      analysis: {
        templates: [{ templateName: 'success-rate' }],
        args: [{ name: 'service-name', value: 'web-canary' }],
        analysisRunMetadata: { labels: { team: 'web' } },
        startingStep: 1,
      },
      maxSurge: '50%',
      maxUnavailable: 0,
      stableMetadata: { labels: { role: 'stable' } },
      canaryMetadata: { labels: { role: 'canary' }, annotations: { note: 'canary' } },
      scaleDownDelayRevisionLimit: 2,
      abortScaleDownDelaySeconds: 0,
      minPodsPerReplicaSet: 2,
      antiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: { weight: 50 } },
      replicaProgressThreshold: { type: 'Percent', value: 80 },
      steps: [{ setWeight: 25 }, { pause: { duration: '30s' } }],
    });
  });

  test('renders dynamicStableScale and scaleDownDelay with a router', () => {
    const render = (props: Record<string, any>) => {
      const chart = Testing.chart();
      nginxCanary(chart, props);
      return only(synthValid(chart), 'Rollout').spec.strategy.canary;
    };
    expect(render({ dynamicStableScale: true }).dynamicStableScale).toBe(true);
    expect(render({ scaleDownDelay: Duration.minutes(2) }).scaleDownDelaySeconds).toBe(120);
    expect(ReplicaProgressThreshold.pods(2)._toL1()).toEqual({ type: 'Pods', value: 2 });
    expect(() => ReplicaProgressThreshold.percent(0)).toThrow('ReplicaProgressThreshold.percent needs a whole percentage from 1 to 100: 0');
  });

  test('background analysis metrics may run until the rollout is done; step analysis metrics must end', () => {
    const chart = Testing.chart();
    const t = successRate(chart); // interval, no count
    nginxCanary(chart, {
      analysis: { templates: [t], args: { 'service-name': ArgValue.of('web-canary') } },
      steps: [CanaryStep.weight(20), CanaryStep.analysis({ templates: [t], args: { 'service-name': ArgValue.of('web-canary') } })],
    });
    expect(synthError(chart)).toContain('Rollout/web spec.strategy.canary.steps[1].analysis.templates: AnalysisTemplate success-rate has metric success-rate which runs indefinitely. Invalid value for count: <nil>');
    expect(synthError(chart)).not.toContain('spec.strategy.canary.analysis.templates');
  });

  test('setWeight 120, a header route under NGINX and dynamicStableScale with scaleDownDelay fail synth with all three findings', () => {
    const chart = Testing.chart();
    nginxCanary(chart, {
      dynamicStableScale: true,
      scaleDownDelay: Duration.seconds(30),
      steps: [
        CanaryStep.weight(120),
        CanaryStep.setHeaderRoute('beta', [{ headerName: 'X-Beta', headerValue: StringMatch.exact('1') }]),
      ],
    });
    const lines = synthError(chart)!.split('\n').filter((l) => l.startsWith('  ['));
    expect(lines).toEqual([
      '  [test/web] Rollout/web spec.strategy.canary.dynamicStableScale: Canary dynamicStableScale cannot be used with scaleDownDelaySeconds (fix: use either dynamicStableScale or scaleDownDelay, not both) [canary-dynamic-stable-scale-scale-down-delay]',
      '  [test/web] Rollout/web spec.strategy.canary.steps[0].setWeight: SetWeight needs to be between 0 and 100 (fix: use a weight from 0 to 100 (or to trafficRouting.maxTrafficWeight)) [canary-set-weight-range]',
      '  [test/web] Rollout/web spec.strategy.canary.steps[1].setHeaderRoute: SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix (fix: use header routes with the Istio, ALB, Apisix or a plugin router; with NGINX use additionalIngressAnnotations canary-by-header) [canary-header-route-router]',
    ]);
  });

  test('a stable Ingress that does not route to the stable Service fails synth', () => {
    const chart = Testing.chart();
    const ingress = new kplus.Ingress(chart, 'Ingress', { metadata: { name: 'web' } });
    const rollout = new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' }, containers: [container], trafficRouting: TrafficRouting.nginx({ stableIngress: ingress }),
    });
    ingress.addRule('/', kplus.IngressBackend.fromService(rollout.canaryService!));
    expect(synthError(chart)).toContain('[test/web] Rollout/web spec.strategy.canary.trafficRouting.nginx.stableIngress: ingress `web` has no rules using service web-stable backend');
  });

  test('a pod template with probes and named ports survives the round trip unchanged', () => {
    const containers: kplus.ContainerProps[] = [{
      name: 'web',
      image: 'ghcr.io/acme/web:1.0.0',
      ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }],
      readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080, periodSeconds: Duration.seconds(5), failureThreshold: 2 }),
      liveness: kplus.Probe.fromTcpSocket({ port: 8080, initialDelaySeconds: Duration.seconds(10) }),
      startup: kplus.Probe.fromCommand(['cat', '/tmp/started']),
      envVariables: { MODE: kplus.EnvValue.fromValue('prod') },
      volumeMounts: [],
    }];
    const chart = Testing.chart();
    new CanaryRollout(chart, 'web', { containers, steps: [CanaryStep.weight(50)] });
    new kplus.Deployment(chart, 'dep', { containers });
    const manifests = synthValid(chart);
    const ro = only(manifests, 'Rollout');
    const dep = only(manifests, 'Deployment');
    expect(ro.spec.template.spec).toEqual(dep.spec.template.spec);
    const c = ro.spec.template.spec.containers[0];
    expect(c.ports).toEqual([{ containerPort: 8080, name: 'http' }, { containerPort: 9090, name: 'metrics' }]);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 8080, scheme: 'HTTP' });
    expect(c.livenessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(c.startupProbe.exec).toEqual({ command: ['cat', '/tmp/started'] });
  });

  test('step analysis args with pod template hashes render through the schema', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'hash-check' },
      args: [TemplateArg.required('hash')],
      metrics: [{ name: 'm', count: 1, provider: MetricProvider.prometheus({ address: 'http://p:9090', query: 'up{h="{{args.hash}}"}' }) }],
    });
    new CanaryRollout(chart, 'web', {
      containers: [container],
      steps: [CanaryStep.analysis({ templates: [t], args: { hash: ArgValue.podTemplateHash(PodTemplateHash.LATEST) } })],
    });
    expect(only(synthValid(chart), 'Rollout').spec.strategy.canary.steps[0].analysis.args).toEqual([{ name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' } }]);
  });
});
