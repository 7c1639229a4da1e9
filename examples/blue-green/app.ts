/**
 * Blue-green with preview: v1 serves prod.local through the active Service while v2 is reachable on
 * preview.local through the preview Service. A smoke-test Job and a Prometheus success-rate check
 * must pass before promotion (failure aborts the update); after promotion the success rate is
 * checked again (failure rolls back). A small traffic generator keeps both hosts busy so the
 * analyses have data.
 */
import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AnalysisTemplate, ArgValue, BlueGreenPromotion, BlueGreenRollout, MetricProvider, TemplateArg,
} from '../../src';

export interface BlueGreenDemoProps extends ChartProps {
  /**
   * The release being deployed.
   * @default 'argoproj/rollouts-demo:blue'
   */
  readonly image?: string;
  /**
   * Production host name.
   * @default 'prod.local'
   */
  readonly host?: string;
  /**
   * Preview host name.
   * @default 'preview.local'
   */
  readonly previewHost?: string;
  /**
   * Prometheus that scrapes the ingress controller.
   * @default 'http://prometheus.monitoring:9090'
   */
  readonly prometheusAddress?: string;
}

/** Success rate of a Service as seen by the NGINX ingress controller. */
const SUCCESS_RATE = [
  'sum(rate(nginx_ingress_controller_requests{service="{{args.service-name}}",status!~"5.."}[1m]))',
  '/',
  'sum(rate(nginx_ingress_controller_requests{service="{{args.service-name}}"}[1m]))',
].join(' ');

export class BlueGreenDemoChart extends Chart {
  public readonly rollout: BlueGreenRollout;
  public readonly smokeTest: AnalysisTemplate;
  public readonly successRate: AnalysisTemplate;

  constructor(scope: Construct, id: string, props: BlueGreenDemoProps = {}) {
    super(scope, id, props);
    const host = props.host ?? 'prod.local';
    const previewHost = props.previewHost ?? 'preview.local';
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

    this.smokeTest = new AnalysisTemplate(this, 'SmokeTest', {
      metadata: { name: 'smoke-test' },
      args: [TemplateArg.required('url')],
      metrics: [{
        name: 'smoke-test',
        provider: MetricProvider.job({
          activeDeadline: Duration.minutes(2),
          containers: [{
            name: 'smoke',
            image: 'curlimages/curl:8.10.1',
            args: ['--fail', '--silent', '--show-error', '--retry', '5', '--retry-all-errors', '{{args.url}}'],
            securityContext: { user: 100, group: 101 },
            resources: {
              cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(200) },
              memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
            },
          }],
        }),
      }],
    });

    this.rollout = new BlueGreenRollout(this, 'Rollout', {
      metadata: { name: 'rollouts-demo' },
      replicas: 2,
      revisionHistoryLimit: 3,
      promotion: BlueGreenPromotion.automatic(),
      scaleDownDelay: Duration.seconds(30),
      containers: [{
        name: 'rollouts-demo',
        image: props.image ?? 'argoproj/rollouts-demo:blue',
        portNumber: 8080,
        securityContext: { user: 1000, group: 3000 },
        readiness: kplus.Probe.fromHttpGet('/', { port: 8080, periodSeconds: Duration.seconds(5) }),
        liveness: kplus.Probe.fromHttpGet('/', { port: 8080, periodSeconds: Duration.seconds(10) }),
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(32), limit: Size.mebibytes(128) },
        },
      }],
      prePromotionAnalysis: {
        templates: [this.smokeTest, this.successRate],
        args: {
          'url': ArgValue.of('http://rollouts-demo-preview:8080/'),
          'service-name': ArgValue.of('rollouts-demo-preview'),
        },
      },
      postPromotionAnalysis: {
        templates: [this.successRate],
        args: { 'service-name': ArgValue.of('rollouts-demo-active') },
      },
    });

    new kplus.Ingress(this, 'ProdIngress', {
      metadata: { name: 'rollouts-demo-prod', annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
      rules: [{ host, backend: kplus.IngressBackend.fromService(this.rollout.activeService) }],
    });
    new kplus.Ingress(this, 'PreviewIngress', {
      metadata: { name: 'rollouts-demo-preview', annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
      rules: [{ host: previewHost, backend: kplus.IngressBackend.fromService(this.rollout.previewService) }],
    });

    // Keeps both hosts busy so that the success-rate analyses have data.
    new kplus.Deployment(this, 'TrafficGenerator', {
      metadata: { name: 'traffic-generator' },
      replicas: 1,
      containers: [{
        name: 'load',
        image: 'curlimages/curl:8.10.1',
        command: ['/bin/sh', '-c'],
        args: ['while true; do curl -s -o /dev/null http://rollouts-demo-active:8080/color; curl -s -o /dev/null http://rollouts-demo-preview:8080/color; sleep 0.5; done'],
        securityContext: { user: 100, group: 101 },
        resources: {
          cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(100) },
          memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) },
        },
      }],
    });
  }
}
