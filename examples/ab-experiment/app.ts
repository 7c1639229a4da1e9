/**
 * A/B experiment: the current version (baseline) and a candidate (canary) run side by side for 30
 * minutes, each with its own ReplicaSet and Service, while a traffic generator calls both equally.
 * An analysis compares their server error rates every two minutes, selecting each version's pods
 * by the pod-template hash of its ReplicaSet; the experiment fails if the candidate errs more than
 * one percentage point above the baseline too often. Nothing is promoted: the experiment only
 * answers "is the candidate at least as good?".
 */
import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AnalysisTemplate, ArgValue, Experiment, ExperimentTemplate, MetricProvider, TemplateArg } from '../../src';

export interface AbExperimentProps extends ChartProps {
  /**
   * The version running today.
   * @default 'argoproj/rollouts-demo:blue'
   */
  readonly baselineImage?: string;
  /**
   * The candidate version.
   * @default 'argoproj/rollouts-demo:yellow'
   */
  readonly canaryImage?: string;
  /**
   * Prometheus that scrapes the pods (with their `rollouts-pod-template-hash` label).
   * @default 'http://prometheus.monitoring:9090'
   */
  readonly prometheusAddress?: string;
}

/** Share of 5xx responses of the pods of one pod-template hash. */
function errorRate(hashArg: string): string {
  const pods = `namespace="{{args.namespace}}",rollouts_pod_template_hash="{{args.${hashArg}}}"`;
  return `(sum(rate(http_requests_total{${pods},code=~"5.."}[2m])) / sum(rate(http_requests_total{${pods}}[2m])))`;
}

const PORT = 8080;

export class AbExperimentChart extends Chart {
  public readonly experiment: Experiment;
  public readonly comparison: AnalysisTemplate;
  public readonly baseline: ExperimentTemplate;
  public readonly canary: ExperimentTemplate;

  constructor(scope: Construct, id: string, props: AbExperimentProps = {}) {
    super(scope, id, props);

    this.comparison = new AnalysisTemplate(this, 'ErrorRateComparison', {
      metadata: { name: 'error-rate-comparison' },
      args: [TemplateArg.required('baseline-hash'), TemplateArg.required('canary-hash'), TemplateArg.required('namespace')],
      metrics: [{
        name: 'error-rate-delta',
        interval: Duration.minutes(2),
        count: 10,
        failureLimit: 2,
        // no traffic yet (empty result) is not a failure
        successCondition: 'len(result) == 0 || result[0] <= 0.01',
        provider: MetricProvider.prometheus({
          address: props.prometheusAddress ?? 'http://prometheus.monitoring:9090',
          query: `${errorRate('canary-hash')} - ${errorRate('baseline-hash')}`,
        }),
      }],
    });

    const version = (name: string, image: string): ExperimentTemplate => ExperimentTemplate.fromContainers({
      name,
      replicas: 2,
      labels: { app: 'rollouts-demo', role: name },
      serviceName: `rollouts-demo-${name}`,
      podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(PORT) },
      containers: [{
        name: 'rollouts-demo',
        image,
        ports: [{ number: PORT, name: 'http' }],
        securityContext: { user: 1000, group: 3000 },
        readiness: kplus.Probe.fromHttpGet('/', { port: PORT, periodSeconds: Duration.seconds(5) }),
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(32), limit: Size.mebibytes(128) },
        },
      }],
    });
    this.baseline = version('baseline', props.baselineImage ?? 'argoproj/rollouts-demo:blue');
    this.canary = version('canary', props.canaryImage ?? 'argoproj/rollouts-demo:yellow');

    this.experiment = new Experiment(this, 'Experiment', {
      metadata: { name: 'rollouts-demo-ab' },
      duration: Duration.minutes(30),
      progressDeadline: Duration.minutes(5),
      templates: [this.baseline, this.canary],
      analyses: [{
        name: 'error-rate',
        template: this.comparison,
        requiredForCompletion: true,
        args: {
          'baseline-hash': this.baseline.podTemplateHash(),
          'canary-hash': this.canary.podTemplateHash(),
          'namespace': ArgValue.of(this.namespace ?? 'default'),
        },
      }],
    });

    // Calls both versions equally, so that the comparison has data.
    new kplus.Deployment(this, 'TrafficGenerator', {
      metadata: { name: 'traffic-generator' },
      replicas: 1,
      containers: [{
        name: 'load',
        image: 'curlimages/curl:8.10.1',
        command: ['/bin/sh', '-c'],
        args: [`while true; do for s in rollouts-demo-baseline rollouts-demo-canary; do curl -s -o /dev/null http://$s:${PORT}/color; done; sleep 0.2; done`],
        securityContext: { user: 100, group: 101 },
        resources: {
          cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(100) },
          memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) },
        },
      }],
    });
  }
}
