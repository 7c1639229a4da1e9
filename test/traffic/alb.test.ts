import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AlbTrafficRouting, CanaryRollout, CanaryStep, TrafficRouting } from '../../src';
import { only, synthError, synthValid } from '../support/synth';

const container = { image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 };

describe('AlbTrafficRouting', () => {
  test('an Ingress routed to the stable Service the rollout creates, with stickiness', () => {
    const chart = Testing.chart();
    const ingress = new kplus.Ingress(chart, 'Ingress', { metadata: { name: 'web', annotations: { 'kubernetes.io/ingress.class': 'alb' } } });
    const rollout = new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      trafficRouting: TrafficRouting.alb({
        ingress,
        servicePort: 8080,
        annotationPrefix: 'custom.alb.ingress.kubernetes.io',
        stickinessConfig: { enabled: true, duration: Duration.hours(1) },
      }),
      steps: [CanaryStep.weight(10), CanaryStep.pauseUntilPromoted()],
    });
    ingress.addRule('/', kplus.IngressBackend.fromService(rollout.stableService!));
    expect(only(synthValid(chart), 'Rollout').spec.strategy.canary.trafficRouting).toEqual({
      alb: {
        ingress: 'web',
        servicePort: 8080,
        annotationPrefix: 'custom.alb.ingress.kubernetes.io',
        stickinessConfig: { enabled: true, durationSeconds: 3600 },
      },
    });
  });

  test('the Ingress paths to the stable Service name the port use-annotation, so that the AWS Load Balancer Controller reads the weighted action', () => {
    const chart = Testing.chart();
    const docs = new kplus.Service(chart, 'Docs', { metadata: { name: 'docs' }, ports: [{ port: 80 }] });
    const ingress = new kplus.Ingress(chart, 'Ingress', { metadata: { name: 'web' }, className: 'alb' });
    const rollout = new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      trafficRouting: TrafficRouting.alb({ ingress, servicePort: 8080 }),
      steps: [CanaryStep.weight(10)],
    });
    ingress.addHostRule('web.example.com', '/', kplus.IngressBackend.fromService(rollout.stableService!));
    ingress.addHostRule('web.example.com', '/docs', kplus.IngressBackend.fromService(docs));
    expect(only(synthValid(chart), 'Ingress').spec.rules).toEqual([{
      host: 'web.example.com',
      http: {
        paths: [
          { path: '/', pathType: 'Prefix', backend: { service: { name: 'web-stable', port: { name: 'use-annotation' } } } },
          { path: '/docs', pathType: 'Prefix', backend: { service: { name: 'docs', port: { number: 80 } } } },
        ],
      },
    }]);
  });

  test('several Ingresses and a root Service', () => {
    const chart = Testing.chart();
    const root = new kplus.Service(chart, 'Root', { metadata: { name: 'web-root' }, ports: [{ port: 80 }] });
    const a = new kplus.Ingress(chart, 'A', { metadata: { name: 'a' }, rules: [{ path: '/', backend: kplus.IngressBackend.fromService(root) }] });
    const b = new kplus.Ingress(chart, 'B', { metadata: { name: 'b' }, rules: [{ path: '/', backend: kplus.IngressBackend.fromService(root) }] });
    new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      trafficRouting: TrafficRouting.alb({ ingresses: [a, b], servicePort: 8080, rootService: root }),
      steps: [CanaryStep.weight(10)],
    });
    const out = synthValid(chart);
    expect(only(out, 'Rollout').spec.strategy.canary.trafficRouting).toEqual({
      alb: { ingresses: ['a', 'b'], servicePort: 8080, rootService: 'web-root' },
    });
    // each Ingress's path to the root Service is forwarded by the annotation
    for (const i of out.filter((m: any) => m.kind === 'Ingress')) expect(i.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'web-root', port: { name: 'use-annotation' } });
  });

  test('fails synth when the Ingress does not route to the stable Service', () => {
    const chart = Testing.chart();
    const other = new kplus.Service(chart, 'Other', { metadata: { name: 'other' }, ports: [{ port: 80 }] });
    const ingress = new kplus.Ingress(chart, 'Ingress', { metadata: { name: 'web' }, rules: [{ path: '/', backend: kplus.IngressBackend.fromService(other) }] });
    new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      trafficRouting: TrafficRouting.alb({ ingress, servicePort: 8080 }),
      steps: [CanaryStep.weight(10)],
    });
    expect(synthError(chart)).toContain('Rollout/web spec.strategy.canary.trafficRouting.alb.ingress: ingress `web` has no rules using service web-stable backend');
  });

  test('fails synth when servicePort is not a port of the Services the rollout creates (they expose the container ports)', () => {
    const chart = Testing.chart();
    const ingress = new kplus.Ingress(chart, 'Ingress', { metadata: { name: 'web' } });
    const rollout = new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      trafficRouting: TrafficRouting.alb({ ingress, servicePort: 80 }),
      steps: [CanaryStep.weight(10)],
    });
    ingress.addRule('/', kplus.IngressBackend.fromService(rollout.stableService!));
    const error = synthError(chart);
    expect(error).toContain('Rollout/web spec.strategy.canary.trafficRouting.alb.servicePort: unable to find port 80 on service web-stable: the ALB action of stableService forwards to that port, and the Service exposes 8080');
    expect(error).toContain('unable to find port 80 on service web-canary');
  });

  test('throws for bad arguments', () => {
    const chart = Testing.chart();
    const ingress = new kplus.Ingress(chart, 'Ingress');
    expect(() => new AlbTrafficRouting({ ingress, servicePort: 0 })).toThrow('"servicePort" must be an integer from 1 to 65535: 0');
    expect(() => new AlbTrafficRouting({ ingresses: [], servicePort: 80 })).toThrow('"ingresses" must not be empty');
    expect(() => new AlbTrafficRouting({ ingress, servicePort: 80, stickinessConfig: { enabled: true, duration: Duration.days(8) } }))
      .toThrow('"stickinessConfig.duration" must be from 1 second to 7 days (604800s): 691200s');
    expect(() => new AlbTrafficRouting({ ingress, servicePort: 80, stickinessConfig: { enabled: true, duration: Duration.millis(1500) } }))
      .toThrow('"stickinessConfig.duration" must be a whole number of seconds: 1500ms');
  });
});
