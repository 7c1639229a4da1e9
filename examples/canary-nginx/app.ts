/**
 * NGINX canary: the new version gets 20% of the traffic for five minutes, then a Prometheus
 * success-rate analysis of the canary Service decides whether it goes on to 50% for five more
 * minutes and then 100%. A failed analysis aborts the update and all traffic returns to the stable
 * version. The stable Ingress routes to the stable Service; the controller derives the canary
 * Ingress from it. A small traffic generator keeps the host busy so the analysis has data.
 */
import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AnalysisTemplate, ArgValue, CanaryRollout, CanaryStep, MetricProvider, TemplateArg, TrafficRouting,
} from '../../src';

export interface CanaryNginxProps extends ChartProps {
  /**
   * The release being deployed.
   * @default 'argoproj/rollouts-demo:blue'
   */
  readonly image?: string;
  /**
   * Host name the Ingress serves.
   * @default 'canary.local'
   */
  readonly host?: string;
  /**
   * Prometheus that scrapes the NGINX ingress controller.
   * @default 'http://prometheus.monitoring:9090'
   */
  readonly prometheusAddress?: string;
  /**
   * The NGINX ingress controller's Service, which the traffic generator calls.
   * @default 'http://ingress-nginx-controller.ingress-nginx'
   */
  readonly ingressControllerUrl?: string;
}

/** Success rate of a Service as seen by the NGINX ingress controller (no traffic counts as success). */
const SUCCESS_RATE = [
  'sum(rate(nginx_ingress_controller_requests{service="{{args.service-name}}",status!~"5.."}[1m]))',
  '/',
  'sum(rate(nginx_ingress_controller_requests{service="{{args.service-name}}"}[1m]))',
].join(' ');

export class CanaryNginxChart extends Chart {
  public readonly rollout: CanaryRollout;
  public readonly successRate: AnalysisTemplate;
  public readonly ingress: kplus.Ingress;

  constructor(scope: Construct, id: string, props: CanaryNginxProps = {}) {
    super(scope, id, props);
    const host = props.host ?? 'canary.local';
    const prometheus = props.prometheusAddress ?? 'http://prometheus.monitoring:9090';

    this.successRate = new AnalysisTemplate(this, 'SuccessRate', {
      metadata: { name: 'success-rate' },
      args: [TemplateArg.required('service-name')],
      metrics: [{
        name: 'success-rate',
        interval: Duration.minutes(1),
        count: 3,
        successCondition: 'len(result) == 0 || result[0] >= 0.95',
        failureLimit: 1,
        provider: MetricProvider.prometheus({ address: prometheus, query: SUCCESS_RATE }),
      }],
    });

    // The stable Ingress: the rollout names it, the controller copies it into a canary Ingress.
    this.ingress = new kplus.Ingress(this, 'Ingress', {
      metadata: { name: 'rollouts-demo' },
      className: 'nginx',
    });

    this.rollout = new CanaryRollout(this, 'Rollout', {
      metadata: { name: 'rollouts-demo' },
      replicas: 4,
      revisionHistoryLimit: 3,
      trafficRouting: TrafficRouting.nginx({ stableIngress: this.ingress }),
      containers: [{
        name: 'rollouts-demo',
        image: props.image ?? 'argoproj/rollouts-demo:blue',
        ports: [{ number: 8080, name: 'http' }],
        securityContext: { user: 1000, group: 3000 },
        readiness: kplus.Probe.fromHttpGet('/', { port: 8080, periodSeconds: Duration.seconds(5) }),
        liveness: kplus.Probe.fromHttpGet('/', { port: 8080, periodSeconds: Duration.seconds(10) }),
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(32), limit: Size.mebibytes(128) },
        },
      }],
    });

    // NGINX routing needs the stable and canary Services: the rollout created them.
    const stableService = this.rollout.stableService!;
    const canaryService = this.rollout.canaryService!;
    this.ingress.addHostRule(host, '/', kplus.IngressBackend.fromService(stableService));

    this.rollout.addStep(CanaryStep.weight(20));
    this.rollout.addStep(CanaryStep.pause(Duration.minutes(5)));
    this.rollout.addStep(CanaryStep.analysis({
      templates: [this.successRate],
      args: { 'service-name': ArgValue.of(canaryService.name) },
    }));
    this.rollout.addStep(CanaryStep.weight(50));
    this.rollout.addStep(CanaryStep.pause(Duration.minutes(5)));
    this.rollout.addStep(CanaryStep.weight(100));

    // Keeps the host busy through the ingress controller so that the analysis has data.
    const controller = props.ingressControllerUrl ?? 'http://ingress-nginx-controller.ingress-nginx';
    new kplus.Deployment(this, 'TrafficGenerator', {
      metadata: { name: 'traffic-generator' },
      replicas: 1,
      containers: [{
        name: 'load',
        image: 'curlimages/curl:8.10.1',
        command: ['/bin/sh', '-c'],
        args: [`while true; do curl -s -o /dev/null -H 'Host: ${host}' ${controller}/color; sleep 0.2; done`],
        securityContext: { user: 100, group: 101 },
        resources: {
          cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(100) },
          memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) },
        },
      }],
    });
  }
}
