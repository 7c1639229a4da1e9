/**
 * Generators for the property tests: random props of each construct family, as plain data (so that
 * fast-check prints a failing case readably), and the functions that build a chart from them.
 *
 * A "valid" case must synthesize and match the CRD schemas. An "invalid" case is a valid case with
 * one mistake (`Mistake`): either a rule of the engine fails synth (`rules`), or a construct refuses
 * its arguments (`argument`, a text the error message must contain).
 */
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import {
  AnalysisTemplate, AntiAffinity, AppProject, ApplicationSet, ApplicationSetGenerator, ApplicationSource, ArgoCDApplication, ArgValue,
  BlueGreenPromotion, BlueGreenRollout, CanaryRollout, CanaryScale, CanaryStep, Destination, Experiment, ExperimentTemplate,
  IMetricProvider, Metric, MetricProvider, PodTemplateHash, ProjectPolicy, ProjectPolicyResource, RolloutAnalysis, StringMatch, SyncPolicy,
  SyncWindowKind,
  TemplateArg, TrafficRouting, WebHeader, WebMethod,
} from '../../src';
import { schemaErrors } from '../support/schema';

/** What an invalid case must produce. */
export interface Mistake {
  /** short description, printed by fast-check */
  readonly what: string;
  /** the synth error must name one of these rule ids */
  readonly rules?: string[];
  /** or a construct must throw an Error whose message contains this */
  readonly argument?: string;
}

/** A chart on an app whose outdir is never created (Testing.chart() makes a temp dir per call). */
export function newChart(): Chart {
  return new Chart(Testing.app({ outdir: path.join(os.tmpdir(), 'cdk8s-progressive-property-unused') }), 'test');
}

// ---------------------------------------------------------------------------------------------
// shared pieces

/** A DNS-1123 label: lowercase alphanumerics and `-`, starting and ending with an alphanumeric. */
export const dnsLabel = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/);

const image = fc.tuple(fc.constantFrom('ghcr.io/acme', 'docker.io/library', 'registry.local:5000/team'), dnsLabel, fc.stringMatching(/^[0-9]\.[0-9]{1,2}\.[0-9]{1,2}$/))
  .map(([reg, name, tag]) => `${reg}/${name}:${tag}`);

const port = fc.integer({ min: 1, max: 65535 });

interface ContainerData {
  readonly image: string;
  readonly port: number;
}

const container: fc.Arbitrary<ContainerData> = fc.record({ image, port });

function containerProps(c: ContainerData): kplus.ContainerProps {
  return { image: c.image, portNumber: c.port };
}

/** A metric's schedule that ends: count 1 (interval optional) or count > 1 with an interval. */
const schedule = fc.oneof(
  fc.record({ count: fc.constant(1), intervalSeconds: fc.option(fc.integer({ min: 1, max: 3600 }), { nil: undefined }) }),
  fc.record({ count: fc.integer({ min: 2, max: 20 }), intervalSeconds: fc.integer({ min: 1, max: 3600 }).map((n) => n as number | undefined) }),
);

type ProviderData =
  | { readonly type: 'prometheus'; readonly selector: string; readonly window: number }
  | { readonly type: 'web'; readonly host: string; readonly method: 'GET' | 'POST'; readonly secretHeader: boolean; readonly jsonPath?: string }
  | { readonly type: 'job'; readonly container: ContainerData; readonly backoffLimit?: number; readonly deadlineSeconds?: number };

const provider: fc.Arbitrary<ProviderData> = fc.oneof(
  fc.record({ type: fc.constant('prometheus' as const), selector: dnsLabel, window: fc.integer({ min: 1, max: 60 }) }),
  fc.record({
    type: fc.constant('web' as const),
    host: dnsLabel,
    method: fc.constantFrom('GET' as const, 'POST' as const),
    secretHeader: fc.boolean(),
    jsonPath: fc.option(fc.constantFrom('{$.ok}', '{$.data.rate}'), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('job' as const),
    container,
    backoffLimit: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    deadlineSeconds: fc.option(fc.integer({ min: 1, max: 3600 }), { nil: undefined }),
  }),
);

/** Builds a metric provider; a template argument `arg` is used by the query/URL. */
function buildProvider(scope: Chart, p: ProviderData, arg: string): IMetricProvider {
  switch (p.type) {
    case 'prometheus':
      return MetricProvider.prometheus({
        address: 'http://prometheus.monitoring:9090',
        query: `sum(rate(http_requests_total{service="{{args.${arg}}}",app="${p.selector}"}[${p.window}m]))`,
      });
    case 'web':
      return MetricProvider.web({
        url: `http://${p.host}.svc/health?service={{args.${arg}}}`,
        method: p.method === 'GET' ? WebMethod.GET : WebMethod.POST,
        jsonBody: p.method === 'POST' ? { service: `{{args.${arg}}}` } : undefined,
        headers: p.secretHeader
          ? [WebHeader.fromSecret('Authorization', kplus.Secret.fromSecretName(scope, `Token-${scope.node.children.length}`, 'api-token'), 'token', 'Bearer ')]
          : [WebHeader.value('Accept', 'application/json')],
        jsonPath: p.jsonPath,
      });
    case 'job':
      return MetricProvider.job({
        containers: [{ ...containerProps(p.container), args: ['--service', `{{args.${arg}}}`] }],
        backoffLimit: p.backoffLimit,
        activeDeadline: p.deadlineSeconds !== undefined ? Duration.seconds(p.deadlineSeconds) : undefined,
      });
  }
}

interface MetricData {
  readonly schedule: { readonly count: number; readonly intervalSeconds?: number };
  readonly provider: ProviderData;
  readonly failureLimit?: number;
  readonly initialDelaySeconds?: number;
  readonly dryRun: boolean;
  readonly retention?: number;
}

const metric: fc.Arbitrary<MetricData> = fc.record({
  schedule,
  provider,
  failureLimit: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
  initialDelaySeconds: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
  dryRun: fc.boolean(),
  retention: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
});

function buildMetric(scope: Chart, name: string, m: MetricData, arg: string): Metric {
  return {
    name,
    provider: buildProvider(scope, m.provider, arg),
    count: m.schedule.count,
    interval: m.schedule.intervalSeconds !== undefined ? Duration.seconds(m.schedule.intervalSeconds) : undefined,
    // count >= failureLimit (+ consecutiveSuccessLimit 0) keeps M8 satisfied
    failureLimit: m.failureLimit !== undefined ? Math.min(m.failureLimit, m.schedule.count) : undefined,
    initialDelay: m.initialDelaySeconds !== undefined ? Duration.seconds(m.initialDelaySeconds) : undefined,
    dryRun: m.dryRun || undefined,
    measurementRetention: m.retention,
    successCondition: m.provider.type === 'job' ? undefined : 'result[0] >= 0.95',
  };
}

// ---------------------------------------------------------------------------------------------
// analysis templates

export interface TemplateData {
  readonly name: string;
  readonly arg: string;
  /** the argument is required (no default): rollouts must pass it */
  readonly argRequired: boolean;
  readonly metrics: MetricData[];
}

export const template: fc.Arbitrary<TemplateData> = fc.record({
  name: dnsLabel,
  arg: fc.constantFrom('service-name', 'namespace', 'host', 'canary-hash'),
  argRequired: fc.boolean(),
  metrics: fc.array(metric, { minLength: 1, maxLength: 3 }),
});

export function buildTemplate(scope: Chart, t: TemplateData, id = 'Template'): AnalysisTemplate {
  return new AnalysisTemplate(scope, id, {
    metadata: { name: t.name },
    args: [t.argRequired ? TemplateArg.required(t.arg) : TemplateArg.withDefault(t.arg, 'default')],
    metrics: t.metrics.map((m, i) => buildMetric(scope, `m${i}`, m, t.arg)),
  });
}

/** The analysis a rollout runs with a template: the template's argument passed. */
function analysisOf(tmpl: AnalysisTemplate, t: TemplateData, value: string): RolloutAnalysis {
  return { templates: [tmpl], args: { [t.arg]: ArgValue.of(value) } };
}

export const templateMistake: fc.Arbitrary<Mistake> = fc.constantFrom<Mistake>(
  { what: 'count > 1 without interval', rules: ['metric-interval-with-count'] },
  { what: 'PromQL syntax error', rules: ['prometheus-query-syntax'] },
  { what: 'placeholder of an undeclared argument', rules: ['analysis-placeholder-declared'] },
  { what: 'failureLimit below -1', rules: ['metric-failure-limit'] },
  { what: 'count below failureLimit', rules: ['metric-count-covers-limits'] },
  { what: 'duplicate metric name', argument: 'a metric named "m0" already exists' },
  { what: 'duplicate argument', argument: 'is already declared' },
  { what: 'argument name with a space', argument: 'analysis argument names must be non-empty and contain no spaces or braces' },
  { what: 'web body with GET', rules: ['web-body-method'] },
  { what: 'job without containers', rules: ['job-containers-required'] },
  { what: 'job with negative backoffLimit', rules: ['job-backoff-limit'] },
  { what: 'empty PromQL', rules: ['prometheus-query-required'] },
  { what: 'metric without a name', argument: 'every metric needs a "name"' },
);

/** Builds the valid template `t`, then applies `mistake`. */
export function buildBadTemplate(scope: Chart, t: TemplateData, mistake: Mistake): void {
  const tmpl = (metrics: Metric[], args?: TemplateArg[]) => new AnalysisTemplate(scope, 'Template', {
    metadata: { name: t.name }, args: args ?? [TemplateArg.required(t.arg)], metrics,
  });
  const ok = t.metrics.map((m, i) => buildMetric(scope, `m${i}`, m, t.arg));
  const prom = (query: string) => MetricProvider.prometheus({ address: 'http://prometheus:9090', query });
  switch (mistake.what) {
    case 'count > 1 without interval':
      tmpl([...ok, { name: 'bad', provider: prom('up'), count: 3 }]);
      return;
    case 'PromQL syntax error':
      tmpl([...ok, { name: 'bad', provider: prom(`sum(rate(x{service="{{args.${t.arg}}}"}[5m])`), count: 1 }]);
      return;
    case 'placeholder of an undeclared argument':
      tmpl([...ok, { name: 'bad', provider: prom('sum(up{service="{{args.undeclared}}"})'), count: 1 }]);
      return;
    case 'failureLimit below -1':
      tmpl([...ok, { name: 'bad', provider: prom('up'), count: 1, failureLimit: -2 }]);
      return;
    case 'count below failureLimit':
      tmpl([...ok, { name: 'bad', provider: prom('up'), count: 2, interval: Duration.minutes(1), failureLimit: 3 }]);
      return;
    case 'duplicate metric name':
      tmpl([...ok, { ...ok[0] }]);
      return;
    case 'duplicate argument':
      tmpl(ok, [TemplateArg.required(t.arg), TemplateArg.withDefault(t.arg, 'x')]);
      return;
    case 'argument name with a space':
      tmpl(ok, [TemplateArg.required(`${t.arg} x`)]);
      return;
    case 'web body with GET':
      tmpl([...ok, { name: 'bad', provider: MetricProvider.web({ url: 'http://x', body: '{}' }), count: 1 }]);
      return;
    case 'job without containers':
      tmpl([...ok, { name: 'bad', provider: MetricProvider.job({ containers: [] }), count: 1 }]);
      return;
    case 'job with negative backoffLimit':
      tmpl([...ok, { name: 'bad', provider: MetricProvider.job({ containers: [{ image: 'busybox:1' }], backoffLimit: -1 }), count: 1 }]);
      return;
    case 'empty PromQL':
      tmpl([...ok, { name: 'bad', provider: prom('  '), count: 1 }]);
      return;
    case 'metric without a name':
      tmpl([...ok, { name: '', provider: prom('up'), count: 1 }]);
      return;
  }
  throw new Error(`unknown mistake ${mistake.what}`);
}

// ---------------------------------------------------------------------------------------------
// blue-green

export interface BlueGreenData {
  readonly name: string;
  readonly container: ContainerData;
  readonly replicas?: number;
  readonly revisionHistoryLimit?: number;
  readonly minReadySeconds?: number;
  readonly deadlineExtraSeconds?: number;
  readonly promotion: { readonly kind: 'manual' | 'automatic' } | { readonly kind: 'after'; readonly seconds: number };
  readonly previewReplicaCount?: number;
  readonly scaleDownDelaySeconds?: number;
  readonly scaleDownDelayRevisionLimit?: number;
  readonly antiAffinity?: { readonly kind: 'required' } | { readonly kind: 'preferred'; readonly weight: number };
  readonly analysis: 'none' | 'pre' | 'post' | 'both';
  readonly template: TemplateData;
}

export const blueGreen: fc.Arbitrary<BlueGreenData> = fc.record({
  name: dnsLabel,
  container,
  replicas: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
  revisionHistoryLimit: fc.option(fc.integer({ min: 3, max: 20 }), { nil: undefined }),
  minReadySeconds: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
  deadlineExtraSeconds: fc.option(fc.integer({ min: 1, max: 900 }), { nil: undefined }),
  promotion: fc.oneof(
    fc.record({ kind: fc.constantFrom('manual' as const, 'automatic' as const) }),
    fc.record({ kind: fc.constant('after' as const), seconds: fc.integer({ min: 1, max: 86400 }) }),
  ),
  previewReplicaCount: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  scaleDownDelaySeconds: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
  scaleDownDelayRevisionLimit: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  antiAffinity: fc.option(fc.oneof(
    fc.record({ kind: fc.constant('required' as const) }),
    fc.record({ kind: fc.constant('preferred' as const), weight: fc.integer({ min: 1, max: 100 }) }),
  ), { nil: undefined }),
  analysis: fc.constantFrom('none' as const, 'pre' as const, 'post' as const, 'both' as const),
  template,
});

function promotionOf(p: BlueGreenData['promotion']): BlueGreenPromotion {
  if (p.kind === 'after') return BlueGreenPromotion.automaticAfter(Duration.seconds(p.seconds));
  return p.kind === 'manual' ? BlueGreenPromotion.manual() : BlueGreenPromotion.automatic();
}

/** Props of a valid BlueGreenRollout (the template, when used, is created in `scope`). */
export function blueGreenProps(scope: Chart, d: BlueGreenData): ConstructorParameters<typeof BlueGreenRollout>[2] {
  const tmpl = d.analysis !== 'none' ? buildTemplate(scope, d.template) : undefined;
  return {
    metadata: { name: d.name },
    containers: [containerProps(d.container)],
    replicas: d.replicas,
    revisionHistoryLimit: d.revisionHistoryLimit,
    minReady: d.minReadySeconds !== undefined ? Duration.seconds(d.minReadySeconds) : undefined,
    progressDeadline: d.deadlineExtraSeconds !== undefined ? Duration.seconds((d.minReadySeconds ?? 0) + d.deadlineExtraSeconds) : undefined,
    promotion: promotionOf(d.promotion),
    previewReplicaCount: d.previewReplicaCount,
    scaleDownDelay: d.scaleDownDelaySeconds !== undefined ? Duration.seconds(d.scaleDownDelaySeconds) : undefined,
    scaleDownDelayRevisionLimit: d.scaleDownDelayRevisionLimit,
    antiAffinity: d.antiAffinity?.kind === 'required' ? AntiAffinity.required()
      : d.antiAffinity?.kind === 'preferred' ? AntiAffinity.preferred(d.antiAffinity.weight) : undefined,
    prePromotionAnalysis: tmpl && (d.analysis === 'pre' || d.analysis === 'both') ? analysisOf(tmpl, d.template, `${d.name}-preview`) : undefined,
    postPromotionAnalysis: tmpl && (d.analysis === 'post' || d.analysis === 'both') ? analysisOf(tmpl, d.template, `${d.name}-active`) : undefined,
  };
}

export function buildBlueGreen(scope: Chart, d: BlueGreenData): BlueGreenRollout {
  return new BlueGreenRollout(scope, 'Rollout', blueGreenProps(scope, d));
}

export const blueGreenMistake: fc.Arbitrary<Mistake> = fc.constantFrom<Mistake>(
  { what: 'same active and preview Service', rules: ['bluegreen-distinct-services'] },
  { what: 'required analysis argument not passed', rules: ['analysis-args-resolved'] },
  { what: 'fractional replicas', argument: '"replicas" must be a whole number: 2.5' },
  { what: 'analysis metric without count', rules: ['analysis-metric-terminates'] },
  { what: 'progressDeadline not above minReady', rules: ['rollout-progress-deadline-exceeds-min-ready'] },
  { what: 'scale-down revision limit above history', rules: ['bluegreen-scale-down-limit'] },
  { what: 'analysis template not in the app', rules: ['ref-analysis-template-exists'] },
  { what: 'automaticAfter(0)', argument: 'BlueGreenPromotion.automaticAfter needs a positive delay' },
  { what: 'anti-affinity weight 0', argument: 'AntiAffinity weight must be between 1-100' },
  { what: 'fractional scaleDownDelay', argument: '"scaleDownDelay" must be a whole number of seconds' },
  { what: 'no container port', argument: 'cannot create the active Service: no container exposes a port' },
  { what: 'analysis without templates', argument: 'an analysis needs at least one template in "templates"' },
);

export function buildBadBlueGreen(scope: Chart, d: BlueGreenData, mistake: Mistake): void {
  const props = blueGreenProps(scope, { ...d, analysis: 'none' });
  const tmpl = () => buildTemplate(scope, { ...d.template, argRequired: true });
  const make = (extra: Record<string, unknown>) => new BlueGreenRollout(scope, 'Rollout', { ...props, ...extra });
  switch (mistake.what) {
    case 'same active and preview Service': {
      const svc = new kplus.Service(scope, 'Svc', { metadata: { name: `${d.name}-svc` }, ports: [{ port: d.container.port }] });
      const r = make({ activeService: svc, previewService: svc });
      svc.select(r);
      return;
    }
    case 'required analysis argument not passed':
      make({ prePromotionAnalysis: { templates: [tmpl()] } });
      return;
    case 'fractional replicas':
      make({ replicas: 2.5 });
      return;
    case 'analysis metric without count': {
      const t = new AnalysisTemplate(scope, 'Forever', {
        metadata: { name: `${d.template.name}-forever` },
        metrics: [{ name: 'forever', interval: Duration.minutes(1), provider: MetricProvider.prometheus({ address: 'http://p:9090', query: 'up' }) }],
      });
      make({ postPromotionAnalysis: { templates: [t] } });
      return;
    }
    case 'progressDeadline not above minReady':
      make({ minReady: Duration.seconds(600), progressDeadline: Duration.seconds(600 - (d.minReadySeconds ?? 0)) });
      return;
    case 'scale-down revision limit above history':
      make({ revisionHistoryLimit: 2, scaleDownDelayRevisionLimit: 3 + (d.scaleDownDelayRevisionLimit ?? 0) });
      return;
    case 'analysis template not in the app': {
      const other = new Chart(new App({ outdir: os.tmpdir() }), 'other');
      const t = buildTemplate(other, d.template);
      make({ prePromotionAnalysis: analysisOf(t, d.template, 'x') });
      return;
    }
    case 'automaticAfter(0)':
      make({ promotion: BlueGreenPromotion.automaticAfter(Duration.seconds(0)) });
      return;
    case 'anti-affinity weight 0':
      make({ antiAffinity: AntiAffinity.preferred(0) });
      return;
    case 'fractional scaleDownDelay':
      make({ scaleDownDelay: Duration.millis(1500 + 1000 * (d.scaleDownDelaySeconds ?? 0)) });
      return;
    case 'no container port':
      make({ containers: [{ image: d.container.image }] });
      return;
    case 'analysis without templates':
      make({ prePromotionAnalysis: { templates: [] } });
      return;
  }
  throw new Error(`unknown mistake ${mistake.what}`);
}

// ---------------------------------------------------------------------------------------------
// canary

type StepData =
  | { readonly kind: 'weight'; readonly weight: number }
  | { readonly kind: 'pause'; readonly seconds: number }
  | { readonly kind: 'pauseUntilPromoted' }
  | { readonly kind: 'analysis' }
  | { readonly kind: 'scale'; readonly scale: { readonly type: 'replicas' | 'weight'; readonly value: number } | { readonly type: 'match' } };

export interface CanaryData {
  readonly name: string;
  readonly container: ContainerData;
  readonly router: 'none' | 'nginx' | 'smi';
  readonly steps: StepData[];
  readonly maxSurge?: { readonly percent: boolean; readonly value: number };
  readonly maxUnavailable?: { readonly percent: boolean; readonly value: number };
  readonly maxTrafficWeight?: number;
  readonly background: boolean;
  readonly dynamicStableScale: boolean;
  readonly template: TemplateData;
  readonly replicas?: number;
}

const step: fc.Arbitrary<StepData> = fc.oneof(
  fc.record({ kind: fc.constant('weight' as const), weight: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ kind: fc.constant('pause' as const), seconds: fc.integer({ min: 1, max: 86400 }) }),
  fc.record({ kind: fc.constant('pauseUntilPromoted' as const) }),
  fc.record({ kind: fc.constant('analysis' as const) }),
  fc.record({
    kind: fc.constant('scale' as const),
    scale: fc.oneof(
      fc.record({ type: fc.constantFrom('replicas' as const), value: fc.integer({ min: 0, max: 10 }) }),
      fc.record({ type: fc.constantFrom('weight' as const), value: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ type: fc.constant('match' as const) }),
    ),
  }),
);

const intOrPercent = fc.record({ percent: fc.boolean(), value: fc.integer({ min: 0, max: 100 }) });

export const canary: fc.Arbitrary<CanaryData> = fc.record({
  name: dnsLabel,
  container,
  router: fc.constantFrom('none' as const, 'nginx' as const, 'smi' as const),
  steps: fc.array(step, { maxLength: 8 }),
  maxSurge: fc.option(intOrPercent, { nil: undefined }),
  maxUnavailable: fc.option(intOrPercent, { nil: undefined }),
  maxTrafficWeight: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
  background: fc.boolean(),
  dynamicStableScale: fc.boolean(),
  template,
  replicas: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
}).map((c) => {
  // the valid space: constraints between props that the rules check
  const routed = c.router !== 'none';
  // maxTrafficWeight: NGINX (and plugins) only
  const maxTrafficWeight = c.router === 'nginx' ? c.maxTrafficWeight : undefined;
  const maxWeight = maxTrafficWeight ?? 100;
  const steps = c.steps
    .filter((s) => routed || s.kind !== 'scale')
    .map((s) => s.kind === 'weight' ? { ...s, weight: Math.min(s.weight, maxWeight) } : s);
  const bothZero = (c.maxSurge?.value ?? 25) === 0 && (c.maxUnavailable?.value ?? 25) === 0;
  return {
    ...c,
    steps,
    maxTrafficWeight,
    dynamicStableScale: routed && c.dynamicStableScale,
    maxSurge: bothZero ? { percent: c.maxSurge!.percent, value: 1 } : c.maxSurge,
  };
});

function percentOrAbsolute(v: { percent: boolean; value: number } | undefined): kplus.PercentOrAbsolute | undefined {
  if (!v) return undefined;
  return v.percent ? kplus.PercentOrAbsolute.percent(v.value) : kplus.PercentOrAbsolute.absolute(v.value);
}

function stepOf(s: StepData, analysis: () => RolloutAnalysis): CanaryStep {
  switch (s.kind) {
    case 'weight': return CanaryStep.weight(s.weight);
    case 'pause': return CanaryStep.pause(Duration.seconds(s.seconds));
    case 'pauseUntilPromoted': return CanaryStep.pauseUntilPromoted();
    case 'analysis': return CanaryStep.analysis(analysis());
    case 'scale': return CanaryStep.canaryScale(s.scale.type === 'match' ? CanaryScale.matchTrafficWeight()
      : s.scale.type === 'replicas' ? CanaryScale.replicas(s.scale.value) : CanaryScale.weight(s.scale.value));
  }
}

/** Builds the valid canary `d`; `extra` overrides props (for invalid cases). */
export function buildCanary(scope: Chart, d: CanaryData, extra: Record<string, unknown> = {}, extraSteps: CanaryStep[] = []): CanaryRollout {
  let tmpl: AnalysisTemplate | undefined;
  const analysis = () => {
    tmpl = tmpl ?? buildTemplate(scope, d.template);
    return analysisOf(tmpl, d.template, d.name);
  };
  const ingress = d.router === 'nginx' ? new kplus.Ingress(scope, 'Ingress', { metadata: { name: `${d.name}-ingress` } }) : undefined;
  const rollout = new CanaryRollout(scope, 'Rollout', {
    metadata: { name: d.name },
    containers: [containerProps(d.container)],
    replicas: d.replicas,
    trafficRouting: d.router === 'nginx' ? TrafficRouting.nginx({ stableIngress: ingress! }) : d.router === 'smi' ? TrafficRouting.smi() : undefined,
    maxTrafficWeight: d.maxTrafficWeight,
    steps: [...d.steps.map((s) => stepOf(s, analysis)), ...extraSteps],
    maxSurge: percentOrAbsolute(d.maxSurge),
    maxUnavailable: percentOrAbsolute(d.maxUnavailable),
    analysis: d.background ? analysis() : undefined,
    dynamicStableScale: d.dynamicStableScale || undefined,
    ...extra,
  });
  ingress?.addRule('/', kplus.IngressBackend.fromService(rollout.stableService!));
  return rollout;
}

export const canaryMistake: fc.Arbitrary<Mistake> = fc.constantFrom<Mistake>(
  { what: 'setWeight above the maximum', rules: ['canary-set-weight-range'] },
  { what: 'setCanaryScale without a router', rules: ['canary-set-canary-scale-needs-routing'] },
  { what: 'maxSurge and maxUnavailable both zero', rules: ['canary-max-surge-unavailable-not-both-zero'] },
  { what: 'dynamicStableScale without a router', rules: ['canary-dynamic-stable-scale-needs-routing'] },
  { what: 'scaleDownDelay without a router', rules: ['canary-scale-down-delay-needs-routing'] },
  { what: 'header route with nginx', rules: ['canary-header-route-router', 'canary-managed-routes-required'] },
  { what: 'nginx Ingress not routing the stable Service', rules: ['nginx-ingress-routes-stable-service'] },
  { what: 'same stable and canary Service', rules: ['canary-distinct-services'] },
  { what: 'negative setWeight', argument: 'CanaryStep.weight (setWeight) needs a whole percentage, 0 or more' },
  { what: 'canary scale weight above 100', argument: 'CanaryScale.weight needs a whole percentage from 0 to 100' },
  { what: 'maxTrafficWeight without a router', argument: '"maxTrafficWeight"' },
  { what: 'mirror percentage above 100', argument: '"percentage" must be a whole number from 0 to 100' },
  { what: 'empty header route name', argument: 'CanaryStep.setHeaderRoute needs a route name' },
);

export function buildBadCanary(scope: Chart, d: CanaryData, mistake: Mistake): void {
  const plain: CanaryData = { ...d, router: 'none', steps: d.steps.filter((s) => s.kind !== 'scale'), maxTrafficWeight: undefined, dynamicStableScale: false };
  const nginx: CanaryData = { ...d, router: 'nginx' };
  switch (mistake.what) {
    case 'setWeight above the maximum':
      buildCanary(scope, d, {}, [CanaryStep.weight((d.maxTrafficWeight ?? 100) + 1)]);
      return;
    case 'setCanaryScale without a router':
      buildCanary(scope, plain, {}, [CanaryStep.canaryScale(CanaryScale.replicas(1))]);
      return;
    case 'maxSurge and maxUnavailable both zero':
      buildCanary(scope, d, { maxSurge: kplus.PercentOrAbsolute.percent(0), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) });
      return;
    case 'dynamicStableScale without a router':
      buildCanary(scope, plain, { dynamicStableScale: true });
      return;
    case 'scaleDownDelay without a router':
      buildCanary(scope, plain, { scaleDownDelay: Duration.seconds(30) });
      return;
    case 'header route with nginx':
      buildCanary(scope, nginx, {}, [CanaryStep.setHeaderRoute('canary', [{ headerName: 'X-Canary', headerValue: StringMatch.exact('yes') }])]);
      return;
    case 'nginx Ingress not routing the stable Service': {
      const ingress = new kplus.Ingress(scope, 'Elsewhere', { metadata: { name: `${d.name}-elsewhere` } });
      const other = new kplus.Service(scope, 'Other', { metadata: { name: `${d.name}-other` }, ports: [{ port: 80 }] });
      ingress.addRule('/', kplus.IngressBackend.fromService(other));
      buildCanary(scope, plain, { trafficRouting: TrafficRouting.nginx({ stableIngress: ingress }) });
      return;
    }
    case 'same stable and canary Service': {
      const svc = new kplus.Service(scope, 'Svc', { metadata: { name: `${d.name}-svc` }, ports: [{ port: d.container.port }] });
      const r = buildCanary(scope, plain, { stableService: svc, canaryService: svc });
      svc.select(r);
      return;
    }
    case 'negative setWeight':
      buildCanary(scope, d, {}, [CanaryStep.weight(-1 - (d.steps.length))]);
      return;
    case 'canary scale weight above 100':
      buildCanary(scope, nginx, {}, [CanaryStep.canaryScale(CanaryScale.weight(101 + d.steps.length))]);
      return;
    case 'maxTrafficWeight without a router':
      buildCanary(scope, plain, { maxTrafficWeight: 1 + d.steps.length });
      return;
    case 'mirror percentage above 100':
      buildCanary(scope, d, {}, [CanaryStep.setMirrorRoute('mirror', { percentage: 101 })]);
      return;
    case 'empty header route name':
      buildCanary(scope, d, {}, [CanaryStep.setHeaderRoute('', [])]);
      return;
  }
  throw new Error(`unknown mistake ${mistake.what}`);
}

// ---------------------------------------------------------------------------------------------
// experiments

export interface ExperimentData {
  readonly name: string;
  readonly templates: Array<{
    readonly name: string; readonly container: ContainerData; readonly replicas?: number; readonly minReadySeconds?: number;
  }>;
  readonly durationSeconds?: number;
  readonly progressDeadlineSeconds?: number;
  readonly analysis: boolean;
  readonly requiredForCompletion: boolean;
  readonly template: TemplateData;
}

export const experiment: fc.Arbitrary<ExperimentData> = fc.record({
  name: dnsLabel,
  templates: fc.uniqueArray(fc.record({
    name: dnsLabel,
    container,
    replicas: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    minReadySeconds: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
  }), { minLength: 1, maxLength: 3, selector: (t) => t.name }),
  durationSeconds: fc.option(fc.integer({ min: 1, max: 7 * 86400 }), { nil: undefined }),
  progressDeadlineSeconds: fc.option(fc.integer({ min: 600, max: 3600 }), { nil: undefined }),
  analysis: fc.boolean(),
  requiredForCompletion: fc.boolean(),
  template,
});

export function buildExperiment(
  scope: Chart, d: ExperimentData, extra: Record<string, unknown> = {}, extraTemplates: ExperimentTemplate[] = [],
): Experiment {
  const tmpl = d.analysis ? buildTemplate(scope, d.template) : undefined;
  return new Experiment(scope, 'Experiment', {
    metadata: { name: d.name },
    templates: [...d.templates.map((t) => ExperimentTemplate.fromContainers({
      name: t.name,
      containers: [containerProps(t.container)],
      replicas: t.replicas,
      minReady: t.minReadySeconds !== undefined ? Duration.seconds(t.minReadySeconds) : undefined,
    })), ...extraTemplates],
    duration: d.durationSeconds !== undefined ? Duration.seconds(d.durationSeconds) : undefined,
    progressDeadline: d.progressDeadlineSeconds !== undefined ? Duration.seconds(d.progressDeadlineSeconds) : undefined,
    analyses: tmpl ? [{
      name: 'check', template: tmpl, args: { [d.template.arg]: ArgValue.of(d.name) }, requiredForCompletion: d.requiredForCompletion || undefined,
    }] : undefined,
    ...extra,
  });
}

export const experimentMistake: fc.Arbitrary<Mistake> = fc.constantFrom<Mistake>(
  { what: 'two templates with one name', rules: ['experiment-template-name-unique'] },
  { what: 'minReady above progressDeadline', rules: ['experiment-template-min-ready'] },
  { what: 'required analysis argument not passed', rules: ['analysis-args-resolved'] },
  { what: 'negative template replicas', argument: '"replicas" must be a whole number, 0 or more' },
  { what: 'template without containers', argument: 'needs at least one container in "containers"' },
  { what: 'podTemplateHash argument', argument: 'ArgValue.podTemplateHash() exists only in rollouts' },
  { what: 'analysis without a name', argument: 'every analysis needs a "name"' },
  { what: 'fractional progressDeadline', argument: '"progressDeadline" must be a whole number of seconds' },
);

export function buildBadExperiment(scope: Chart, d: ExperimentData, mistake: Mistake): void {
  const first = d.templates[0];
  switch (mistake.what) {
    case 'two templates with one name':
      buildExperiment(scope, d, {}, [ExperimentTemplate.fromContainers({ name: first.name, containers: [containerProps(first.container)] })]);
      return;
    case 'minReady above progressDeadline':
      buildExperiment(scope, d, { progressDeadline: Duration.seconds(600) }, [ExperimentTemplate.fromContainers({
        name: `${first.name}-slow`, containers: [containerProps(first.container)], minReady: Duration.seconds(601 + (first.minReadySeconds ?? 0)),
      })]);
      return;
    case 'required analysis argument not passed': {
      const tmpl = buildTemplate(scope, { ...d.template, argRequired: true }, 'Required');
      buildExperiment(scope, { ...d, analysis: false }, { analyses: [{ name: 'check', template: tmpl }] });
      return;
    }
    case 'negative template replicas':
      buildExperiment(scope, d, {}, [ExperimentTemplate.fromContainers({ name: 'neg', containers: [containerProps(first.container)], replicas: -1 })]);
      return;
    case 'template without containers':
      buildExperiment(scope, d, {}, [ExperimentTemplate.fromContainers({ name: 'none', containers: [] })]);
      return;
    case 'podTemplateHash argument': {
      const tmpl = buildTemplate(scope, d.template, 'Hash');
      buildExperiment(scope, { ...d, analysis: false }, {
        analyses: [{ name: 'check', template: tmpl, args: { [d.template.arg]: ArgValue.podTemplateHash(PodTemplateHash.STABLE) } }],
      });
      return;
    }
    case 'analysis without a name': {
      const tmpl = buildTemplate(scope, d.template, 'Unnamed');
      buildExperiment(scope, { ...d, analysis: false }, { analyses: [{ name: '', template: tmpl, args: { [d.template.arg]: ArgValue.of('x') } }] });
      return;
    }
    case 'fractional progressDeadline':
      buildExperiment(scope, d, { progressDeadline: Duration.millis(600_500) });
      return;
  }
  throw new Error(`unknown mistake ${mistake.what}`);
}

// ---------------------------------------------------------------------------------------------
// Argo CD

export interface ArgoCdData {
  readonly project: string;
  readonly org: string;
  readonly apps: Array<{ readonly name: string; readonly namespace: string; readonly kind: 'git' | 'helm' | 'kustomize'; readonly automated: boolean }>;
  readonly roles: Array<{ readonly name: string; readonly groups: string[]; readonly action: 'get' | 'sync' | 'override' }>;
  readonly windows: Array<{ readonly kind: 'allow' | 'deny'; readonly hour: number; readonly days: string; readonly minutes: number; readonly target: 'applications' | 'namespaces' | 'clusters' }>;
  readonly appSet?: { readonly name: string; readonly envs: string[] };
}

const roleName = fc.stringMatching(/^[a-z0-9]([a-z0-9_-]{0,10}[a-z0-9])?$/);

export const argocd: fc.Arbitrary<ArgoCdData> = fc.record({
  project: dnsLabel,
  org: dnsLabel,
  apps: fc.uniqueArray(fc.record({
    name: dnsLabel,
    namespace: dnsLabel,
    kind: fc.constantFrom('git' as const, 'helm' as const, 'kustomize' as const),
    automated: fc.boolean(),
  }), { minLength: 1, maxLength: 3, selector: (a) => a.name }),
  roles: fc.uniqueArray(fc.record({
    name: roleName,
    groups: fc.uniqueArray(dnsLabel, { maxLength: 2 }), // a group twice in a role is an error (argocd-project-role-group-unique)
    action: fc.constantFrom('get' as const, 'sync' as const, 'override' as const),
  }), { maxLength: 3, selector: (r) => r.name }),
  // two equal windows are an error (argocd-sync-window-unique)
  windows: fc.uniqueArray(fc.record({
    kind: fc.constantFrom('allow' as const, 'deny' as const),
    hour: fc.integer({ min: 0, max: 23 }),
    days: fc.constantFrom('*', '1-5', '0,6', '1'),
    minutes: fc.integer({ min: 1, max: 24 * 60 }),
    target: fc.constantFrom('applications' as const, 'namespaces' as const, 'clusters' as const),
  }), { maxLength: 3, selector: (w) => `${w.kind} ${w.hour} ${w.days} ${w.minutes} ${w.target}` }),
  appSet: fc.option(fc.record({ name: dnsLabel, envs: fc.uniqueArray(dnsLabel, { minLength: 1, maxLength: 3 }) }), { nil: undefined }),
});

function sourceOf(org: string, a: ArgoCdData['apps'][number]): ApplicationSource {
  const repoUrl = `https://github.com/${org}/${a.name}.git`;
  if (a.kind === 'helm') return ApplicationSource.helm({ repoUrl: `https://charts.${org}.example.com`, chart: a.name, targetRevision: '1.2.3' });
  if (a.kind === 'kustomize') return ApplicationSource.kustomize({ repoUrl, path: `overlays/${a.namespace}` });
  return ApplicationSource.git({ repoUrl, path: a.name, targetRevision: 'main' });
}

export function buildArgoCd(scope: Chart, d: ArgoCdData): AppProject {
  const project = new AppProject(scope, 'Project', {
    metadata: { name: d.project },
    roles: d.roles.map((r) => ({
      name: r.name,
      groups: r.groups.length ? r.groups : undefined,
      policies: [ProjectPolicy.allow(ProjectPolicyResource.APPLICATIONS, r.action, `${d.org}-*`)],
    })),
    syncWindows: d.windows.map((w) => ({
      kind: w.kind === 'allow' ? SyncWindowKind.ALLOW : SyncWindowKind.DENY,
      schedule: `0 ${w.hour} * * ${w.days}`,
      duration: Duration.minutes(w.minutes),
      [w.target]: ['*'],
    })),
  });
  d.apps.forEach((a, i) => {
    const app = new ArgoCDApplication(scope, `App${i}`, {
      metadata: { name: a.name },
      project,
      source: sourceOf(d.org, a),
      destination: Destination.inCluster(a.namespace),
      syncPolicy: a.automated ? SyncPolicy.automated({ prune: true, selfHeal: true }) : undefined,
    });
    project.allowApplication(app);
  });
  if (d.appSet) {
    project.addSourceRepo(`https://github.com/${d.org}/${d.appSet.name}.git`);
    project.addDestination(Destination.inCluster(`${d.appSet.name}-*`));
    new ApplicationSet(scope, 'AppSet', {
      metadata: { name: d.appSet.name },
      generators: [ApplicationSetGenerator.list(d.appSet.envs.map((env) => ({ env })))],
      template: {
        name: `${d.appSet.name}-{{env}}`,
        project,
        source: ApplicationSource.git({ repoUrl: `https://github.com/${d.org}/${d.appSet.name}.git`, path: 'envs/{{env}}' }),
        destination: Destination.inCluster(`${d.appSet.name}-{{env}}`),
      },
    });
  }
  return project;
}

export const argocdMistake: fc.Arbitrary<Mistake> = fc.constantFrom<Mistake>(
  { what: 'invalid role name', rules: ['argocd-project-role-name'] },
  { what: 'two roles with one name', rules: ['argocd-project-role-unique'] },
  { what: 'bad sync window schedule', rules: ['argocd-sync-window-schedule'] },
  { what: 'sync window without targets', rules: ['argocd-sync-window-targets'] },
  { what: 'negated wildcard repository', rules: ['argocd-project-source-repo-no-negated-wildcard'] },
  { what: 'helm chart without targetRevision', rules: ['argocd-helm-chart-target-revision'] },
  { what: 'wildcard repository without opt-in', argument: 'call allowAnySourceRepo()' },
  { what: 'wildcard destination without opt-in', argument: 'call allowAnyDestination()' },
  { what: 'wildcard cluster resources without opt-in', argument: 'call allowAllClusterResources()' },
  { what: 'helm chart and path', argument: 'a helm source takes "chart" (Helm repository) or "path" (Git), not both' },
  { what: 'empty list generator', argument: 'ApplicationSetGenerator.list() needs at least one element' },
  { what: 'policy target with a comma', argument: 'a project policy target must be non-empty and contain no comma' },
  { what: 'empty cluster name', argument: 'Destination.cluster() needs the cluster name' },
);

export function buildBadArgoCd(scope: Chart, d: ArgoCdData, mistake: Mistake): void {
  const project = buildArgoCd(scope, { ...d, appSet: undefined });
  const window = { kind: SyncWindowKind.DENY, duration: Duration.hours(1) };
  switch (mistake.what) {
    case 'invalid role name':
      project.addRole({ name: `-${d.project}` });
      return;
    case 'two roles with one name':
      project.addRole({ name: 'dup' });
      project.addRole({ name: 'dup' });
      return;
    case 'bad sync window schedule':
      project.addSyncWindow({ ...window, schedule: `0 ${24 + d.windows.length} * *`, applications: ['*'] });
      return;
    case 'sync window without targets':
      project.addSyncWindow({ ...window, schedule: '0 22 * * *' });
      return;
    case 'negated wildcard repository':
      project.addSourceRepo('!*');
      return;
    case 'helm chart without targetRevision':
      new ArgoCDApplication(scope, 'Helm', {
        project, source: ApplicationSource.helm({ repoUrl: `https://charts.${d.org}.example.com`, chart: d.project }), destination: Destination.inCluster('x'),
      });
      return;
    case 'wildcard repository without opt-in':
      project.addSourceRepo('*');
      return;
    case 'wildcard destination without opt-in':
      project.addDestination(Destination.server('*', '*'));
      return;
    case 'wildcard cluster resources without opt-in':
      project.allowClusterResource({ group: '*', kind: '*' });
      return;
    case 'helm chart and path':
      ApplicationSource.helm({ repoUrl: 'https://charts.example.com', chart: d.project, path: 'charts', targetRevision: '1' });
      return;
    case 'empty list generator':
      ApplicationSetGenerator.list([]);
      return;
    case 'policy target with a comma':
      ProjectPolicy.allow(ProjectPolicyResource.APPLICATIONS, 'get', `${d.org},*`);
      return;
    case 'empty cluster name':
      Destination.cluster('');
      return;
  }
  throw new Error(`unknown mistake ${mistake.what}`);
}

// ---------------------------------------------------------------------------------------------
// checks

/** Synthesizes what `build` makes (synth-time rules run) and checks every Argo object against the CRD schemas. */
export function synthesizeValid(build: (chart: Chart) => void): any[] {
  const chart = newChart();
  build(chart);
  const manifests = Testing.synth(chart);
  const errors = manifests.flatMap(schemaErrors);
  if (errors.length > 0) throw new Error(`manifests do not match the pinned CRD schemas:\n  ${errors.join('\n  ')}`);
  return manifests;
}

/** JavaScript's own errors: a construct or rule that throws one of these has a bug, not a message. */
const CRASHES = [TypeError, RangeError, ReferenceError, SyntaxError];

/**
 * Builds and synthesizes an invalid case: it must fail with an `Error` (never a crash such as a
 * TypeError) that names one of the mistake's rules as `[rule-id]` after the construct path, or
 * whose message says what argument is wrong.
 */
export function expectMistake(build: (chart: Chart) => void, mistake: Mistake): void {
  let error: unknown;
  try {
    const chart = newChart();
    build(chart);
    Testing.synth(chart);
  } catch (e) {
    error = e;
  }
  if (!(error instanceof Error)) throw new Error(`${mistake.what}: expected an Error, got ${error === undefined ? 'a successful synth' : String(error)}`);
  const crash = CRASHES.find((c) => error instanceof c);
  if (crash) throw new Error(`${mistake.what}: crashed with a ${crash.name} instead of a message: ${error.stack}`);
  const message = error.message;
  if (mistake.rules) {
    const named = mistake.rules.some((id) => new RegExp(`^  \\[test(/[^\\]]+)?\\] \\S+ \\S+: .* \\[${id}\\]$`, 'm').test(message));
    if (!named) throw new Error(`${mistake.what}: expected a finding of ${mistake.rules.join(' or ')}, got:\n${message}`);
  } else if (!message.includes(mistake.argument!)) {
    throw new Error(`${mistake.what}: expected an error containing ${JSON.stringify(mistake.argument)}, got:\n${message}`);
  }
}

/** Runs of each property in the normal test run. */
export const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
