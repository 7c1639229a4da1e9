// A user's cdk8s app with the installed cdk8s-progressive package (plain node, no TypeScript):
// a canary Rollout with NGINX routing and an analysis step. `node app.js <outdir>`.
const { App, Chart, Duration } = require('cdk8s');
const kplus = require('cdk8s-plus-27');
const {
  AnalysisTemplate, ArgValue, CanaryRollout, CanaryStep, MetricProvider, TemplateArg, TrafficRouting,
} = require('cdk8s-progressive');

const app = new App({ outdir: process.argv[2] || 'dist' });
const chart = new Chart(app, 'web', { namespace: 'web' });

const successRate = new AnalysisTemplate(chart, 'SuccessRate', {
  metadata: { name: 'success-rate' },
  args: [TemplateArg.required('service-name')],
  metrics: [{
    name: 'success-rate',
    interval: Duration.minutes(1),
    count: 3,
    successCondition: 'result[0] >= 0.95',
    provider: MetricProvider.prometheus({
      address: 'http://prometheus.monitoring:9090',
      query: 'sum(rate(http_requests_total{service="{{args.service-name}}",code!~"5.."}[1m])) / sum(rate(http_requests_total{service="{{args.service-name}}"}[1m]))',
    }),
  }],
});

const ingress = new kplus.Ingress(chart, 'Ingress', { metadata: { name: 'web' }, className: 'nginx' });
const rollout = new CanaryRollout(chart, 'Rollout', {
  metadata: { name: 'web' },
  replicas: 4,
  containers: [{ image: 'ghcr.io/acme/web:2.0.0', portNumber: 8080 }],
  trafficRouting: TrafficRouting.nginx({ stableIngress: ingress }),
  steps: [
    CanaryStep.weight(20),
    CanaryStep.pause(Duration.minutes(5)),
    CanaryStep.analysis({ templates: [successRate], args: { 'service-name': ArgValue.of('web-canary') } }),
    CanaryStep.weight(100),
  ],
});
ingress.addHostRule('web.example.com', '/', kplus.IngressBackend.fromService(rollout.stableService));

app.synth();
