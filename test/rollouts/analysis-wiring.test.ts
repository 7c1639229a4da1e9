import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AnalysisTemplate, ArgValue, BlueGreenRollout, CanaryRollout, CanaryStep, CatalogSelector, Experiment, ExperimentSpecRef, MetricCatalog,
  MetricProvider, PodTemplateHash, RolloutValue, TemplateArg,
} from '../../src';
import { only, synthError, synthValid } from '../support/synth';

const container = { image: 'ghcr.io/acme/web:2.0.0', portNumber: 8080 };
const address = 'http://prometheus:9090';

const NAMESPACE = { name: 'namespace', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } };
const ROLLOUT_NAME = { name: 'rollout-name', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } };
const CANARY_HASH = { name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' } };

/** A canary rollout named `web` with the stable and canary Services it creates (`web-stable`, `web-canary`). */
function canaryRollout(chart: Chart, props: Record<string, any>): CanaryRollout {
  return new CanaryRollout(chart, 'Rollout', { metadata: { name: 'web' }, containers: [container], createServices: true, ...props });
}

describe('arguments a rollout supplies to the templates it runs', () => {
  test('blue-green: the preview Service before promotion, the active Service after it', () => {
    const chart = Testing.chart();
    const rate = MetricCatalog.successRate({ address }).template(chart, 'SuccessRate', { metadata: { name: 'success-rate' } });
    new BlueGreenRollout(chart, 'Rollout', {
      metadata: { name: 'web' },
      containers: [container],
      prePromotionAnalysis: { templates: [rate] },
      postPromotionAnalysis: { templates: [rate] },
    });
    const bg = only(synthValid(chart), 'Rollout').spec.strategy.blueGreen;
    expect(bg.prePromotionAnalysis).toEqual({ templates: [{ templateName: 'success-rate' }], args: [NAMESPACE, { name: 'service-name', value: 'web-preview' }] });
    expect(bg.postPromotionAnalysis).toEqual({ templates: [{ templateName: 'success-rate' }], args: [NAMESPACE, { name: 'service-name', value: 'web-active' }] });
  });

  test('blue-green: explicit args win, the rest is still supplied', () => {
    const chart = Testing.chart();
    const rate = MetricCatalog.successRate({ address }).template(chart, 'SuccessRate', { metadata: { name: 'success-rate' } });
    new BlueGreenRollout(chart, 'Rollout', {
      metadata: { name: 'web' },
      containers: [container],
      prePromotionAnalysis: { templates: [rate], args: { 'service-name': ArgValue.of('web-internal') } },
    });
    expect(only(synthValid(chart), 'Rollout').spec.strategy.blueGreen.prePromotionAnalysis.args)
      .toEqual([NAMESPACE, { name: 'service-name', value: 'web-internal' }]);
  });

  test('canary: step analysis and background analysis get the canary Service, namespace, rollout name and canary hash', () => {
    const chart = Testing.chart();
    const rate = MetricCatalog.successRate({ address }).template(chart, 'SuccessRate', { metadata: { name: 'success-rate' } });
    const cpu = MetricCatalog.cpuSaturation({ address, interval: Duration.minutes(1) }).template(chart, 'Cpu', { metadata: { name: 'cpu' } });
    canaryRollout(chart, {
      steps: [CanaryStep.weight(20), CanaryStep.analysis({ templates: [rate, cpu] }), CanaryStep.weight(100)],
      analysis: { templates: [cpu], startingStep: 1 },
    });
    const canary = only(synthValid(chart), 'Rollout').spec.strategy.canary;
    expect(canary.steps[1].analysis).toEqual({
      templates: [{ templateName: 'success-rate' }, { templateName: 'cpu' }],
      args: [CANARY_HASH, NAMESPACE, ROLLOUT_NAME, { name: 'service-name', value: 'web-canary' }],
    });
    expect(canary.analysis).toEqual({ templates: [{ templateName: 'cpu' }], args: [CANARY_HASH, NAMESPACE, ROLLOUT_NAME], startingStep: 1 });
  });

  test('canary: explicit args win in steps and background analysis', () => {
    const chart = Testing.chart();
    const rate = MetricCatalog.errorRate({ address }).template(chart, 'ErrorRate', { metadata: { name: 'error-rate' } });
    canaryRollout(chart, {
      steps: [CanaryStep.weight(20), CanaryStep.analysis({ templates: [rate], args: { namespace: ArgValue.of('shop') } })],
      analysis: { templates: [rate], args: { 'service-name': ArgValue.of('web-stable') } },
    });
    const canary = only(synthValid(chart), 'Rollout').spec.strategy.canary;
    expect(canary.steps[1].analysis.args).toEqual([{ name: 'namespace', value: 'shop' }, { name: 'service-name', value: 'web-canary' }]);
    expect(canary.analysis.args).toEqual([NAMESPACE, { name: 'service-name', value: 'web-stable' }]);
  });

  test('a step is wired by the rollout that runs it: the same step in two rollouts', () => {
    const chart = Testing.chart();
    const rate = MetricCatalog.successRate({ address }).template(chart, 'SuccessRate', { metadata: { name: 'success-rate' } });
    const step = CanaryStep.analysis({ templates: [rate] });
    const a = new CanaryRollout(chart, 'A', { metadata: { name: 'a' }, containers: [container], createServices: true, steps: [step] });
    const b = new CanaryRollout(chart, 'B', { metadata: { name: 'b' }, containers: [container], createServices: true, steps: [step] });
    const rollouts = synthValid(chart).filter((m) => m.kind === 'Rollout');
    expect(rollouts.map((r) => r.spec.strategy.canary.steps[0].analysis.args[1])).toEqual([
      { name: 'service-name', value: 'a-canary' },
      { name: 'service-name', value: 'b-canary' },
    ]);
    expect([a.canaryService!.name, b.canaryService!.name]).toEqual(['a-canary', 'b-canary']);
  });

  test('a canary without a canary Service cannot supply service-name: synth fails; selecting the new pods instead passes', () => {
    const chart = Testing.chart();
    const rate = MetricCatalog.successRate({ address }).template(chart, 'SuccessRate', { metadata: { name: 'success-rate' } });
    new CanaryRollout(chart, 'Rollout', { metadata: { name: 'web' }, containers: [container], steps: [CanaryStep.weight(20), CanaryStep.analysis({ templates: [rate] })] });
    expect(synthError(chart)).toContain(
      'Rollout/web spec.strategy.canary.steps[1].analysis.args: args.service-name was not resolved (fix: pass the argument in the analysis args, or give it a default value in the template) [analysis-args-resolved]');

    const fixed = Testing.chart();
    const byPods = MetricCatalog.successRate({ address, selector: CatalogSelector.newPods() }).template(fixed, 'SuccessRate', { metadata: { name: 'success-rate' } });
    new CanaryRollout(fixed, 'Rollout', { metadata: { name: 'web' }, containers: [container], steps: [CanaryStep.weight(20), CanaryStep.analysis({ templates: [byPods] })] });
    expect(only(synthValid(fixed), 'Rollout').spec.strategy.canary.steps[1].analysis.args).toEqual([CANARY_HASH, NAMESPACE, ROLLOUT_NAME]);
  });

  test('an argument some template gives a value of its own is left to the templates', () => {
    const chart = Testing.chart();
    const rate = MetricCatalog.successRate({ address }).template(chart, 'SuccessRate', { metadata: { name: 'success-rate' } });
    const own = new AnalysisTemplate(chart, 'Own', {
      metadata: { name: 'own' },
      args: [TemplateArg.withDefault('service-name', 'web-canary')],
      metrics: [{ name: 'up', provider: MetricProvider.prometheus({ address, query: 'up{service="{{args.service-name}}"}' }) }],
    });
    canaryRollout(chart, { steps: [CanaryStep.weight(20), CanaryStep.analysis({ templates: [rate, own] })] });
    expect(only(synthValid(chart), 'Rollout').spec.strategy.canary.steps[1].analysis.args).toEqual([NAMESPACE]);
  });

  test('canary experiment step: its analyses get the rollout-supplied arguments too; explicit args win', () => {
    const chart = Testing.chart();
    const rate = MetricCatalog.successRate({ address }).template(chart, 'SuccessRate', { metadata: { name: 'success-rate' } });
    const experiment = (args?: { [name: string]: ArgValue }) => CanaryStep.experiment({
      templates: [{ name: 'canary', specRef: ExperimentSpecRef.CANARY, replicas: 1 }],
      analyses: [{ name: 'rate', template: rate, args }],
      duration: Duration.minutes(5),
    });
    canaryRollout(chart, { steps: [CanaryStep.weight(20), experiment(), experiment({ 'service-name': ArgValue.of('web-internal') })] });
    const steps = only(synthValid(chart), 'Rollout').spec.strategy.canary.steps;
    expect(steps[1].experiment.analyses).toEqual([{ name: 'rate', templateName: 'success-rate', args: [NAMESPACE, { name: 'service-name', value: 'web-canary' }] }]);
    expect(steps[2].experiment.analyses[0].args).toEqual([NAMESPACE, { name: 'service-name', value: 'web-internal' }]);
  });

  test('canary experiment step: synth fails for a required argument of an analysis that is not passed', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T', {
      metadata: { name: 't' },
      args: [TemplateArg.required('baseline-hash')],
      metrics: [{ name: 'm', provider: MetricProvider.prometheus({ address, query: 'up{hash="{{args.baseline-hash}}"}' }) }],
    });
    canaryRollout(chart, {
      steps: [CanaryStep.weight(20), CanaryStep.experiment({ templates: [{ name: 'canary', specRef: ExperimentSpecRef.CANARY }], analyses: [{ name: 'a', template: t }] })],
    });
    expect(synthError(chart)).toContain('Rollout/web spec.strategy.canary.steps[1].experiment.analyses[0].args: args.baseline-hash was not resolved');
  });

  test('synth fails for a value passed for an argument the template reads from a Secret', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 'Token', 'prom-token');
    const t = new AnalysisTemplate(chart, 'T', {
      metadata: { name: 't' },
      args: [TemplateArg.fromSecret('token', secret, 'k')],
      metrics: [{ name: 'm', provider: MetricProvider.web({ url: 'http://m/ok', headers: [] }) }],
    });
    canaryRollout(chart, { steps: [CanaryStep.weight(20), CanaryStep.analysis({ templates: [t], args: { token: ArgValue.of('x') } })] });
    expect(synthError(chart)).toContain('Rollout/web spec.strategy.canary.steps[1].analysis.args[0]: arg \'token\' has both Value and ValueFrom fields');
  });

  test('the first template that declares a rollout-supplied argument decides its value', () => {
    const chart = Testing.chart();
    const q = (arg: string) => MetricProvider.prometheus({ address, query: `up{hash="{{args.${arg}}}"}` });
    const latest = new AnalysisTemplate(chart, 'Latest', {
      args: [TemplateArg.fromRollout('hash', RolloutValue.podTemplateHash(PodTemplateHash.LATEST))], metrics: [{ name: 'a', provider: q('hash') }],
    });
    const stable = new AnalysisTemplate(chart, 'Stable', {
      args: [TemplateArg.fromRollout('hash', RolloutValue.podTemplateHash(PodTemplateHash.STABLE)), TemplateArg.fromRollout('stable', RolloutValue.stableServiceName())],
      metrics: [{ name: 'b', provider: MetricProvider.prometheus({ address, query: 'up{hash="{{args.hash}}",svc="{{args.stable}}"}' }) }],
    });
    canaryRollout(chart, { steps: [CanaryStep.weight(20), CanaryStep.analysis({ templates: [latest, stable] })] });
    expect(only(synthValid(chart), 'Rollout').spec.strategy.canary.steps[1].analysis.args).toEqual([
      { name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' } },
      { name: 'stable', value: 'web-stable' },
    ]);
  });

  test('RolloutValue.of and the blue-green stable Service', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T', {
      metadata: { name: 't' },
      args: [TemplateArg.fromRollout('env', RolloutValue.of(ArgValue.of('prod'))), TemplateArg.fromRollout('stable', RolloutValue.stableServiceName())],
      metrics: [{ name: 'm', provider: MetricProvider.prometheus({ address, query: 'up{env="{{args.env}}",service="{{args.stable}}"}' }) }],
    });
    new BlueGreenRollout(chart, 'Rollout', { metadata: { name: 'web' }, containers: [container], prePromotionAnalysis: { templates: [t] } });
    expect(only(synthValid(chart), 'Rollout').spec.strategy.blueGreen.prePromotionAnalysis.args).toEqual([
      { name: 'env', value: 'prod' },
      { name: 'stable', value: 'web-active' },
    ]);
  });

  test('plain required arguments are not wired: synth still asks for them', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T', {
      metadata: { name: 't' },
      args: [TemplateArg.required('service-name')],
      metrics: [{ name: 'm', provider: MetricProvider.prometheus({ address, query: 'up{service="{{args.service-name}}"}' }) }],
    });
    new BlueGreenRollout(chart, 'Rollout', { metadata: { name: 'web' }, containers: [container], prePromotionAnalysis: { templates: [t] } });
    expect(synthError(chart)).toContain('Rollout/web spec.strategy.blueGreen.prePromotionAnalysis.args: args.service-name was not resolved');
  });

  test('catalog templates run by a rollout synthesize with every argument resolved (both strategies)', () => {
    const chart = Testing.chart();
    const metrics = [
      MetricCatalog.successRate({ address }), MetricCatalog.latency({ address }), MetricCatalog.memorySaturation({ address }),
      MetricCatalog.restarts({ address }), MetricCatalog.eventLoopLag({ address }), MetricCatalog.healthCheck({ port: 8080 }),
      MetricCatalog.datadogSuccessRate({ name: 'dd-success-rate' }), MetricCatalog.newRelicLatency({ name: 'nr-latency-p95' }),
    ];
    const golden = new AnalysisTemplate(chart, 'Golden', { metadata: { name: 'golden' }, metrics: metrics.map((m) => m.toMetric()) });
    const smoke = MetricCatalog.smokeTest({ container: { image: 'smoke' } }).template(chart, 'Smoke', { metadata: { name: 'smoke' } });
    new BlueGreenRollout(chart, 'BlueGreen', {
      metadata: { name: 'bg' }, containers: [container], prePromotionAnalysis: { templates: [smoke, golden] }, postPromotionAnalysis: { templates: [golden] },
    });
    canaryRollout(chart, { steps: [CanaryStep.weight(20), CanaryStep.analysis({ templates: [golden] })] });
    const rollouts = synthValid(chart).filter((m) => m.kind === 'Rollout');
    expect(rollouts.map((r) => r.metadata.name)).toEqual(['bg', 'web']);
    expect(rollouts[0].spec.strategy.blueGreen.prePromotionAnalysis.args.map((a: any) => a.name)).toEqual(['canary-hash', 'namespace', 'rollout-name', 'service-name']);
  });
});

describe('props of the wrong type (JavaScript callers, no compiler to check them)', () => {
  /** The message `build` throws, failing the test when it is a TypeError (a crash, not a message). */
  function thrown(build: () => void): string {
    try {
      build();
    } catch (e) {
      if (e instanceof TypeError) throw new Error(`crashed: ${e.stack}`);
      return (e as Error).message;
    }
    throw new Error('nothing was thrown');
  }
  const prom = MetricProvider.prometheus({ address, query: 'up' });

  test('analysis args and templates, a metric without provider, a promotion that is not a BlueGreenPromotion: each named, never a TypeError', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T', { metrics: [{ name: 'up', provider: prom }] });
    expect(thrown(() => CanaryStep.analysis({ templates: [t], args: { 'service-name': 'web' as any } })))
      .toBe('CanaryStep.analysis: args["service-name"] must be an ArgValue, e.g. ArgValue.of(\'text\'), got the string "web"');
    expect(thrown(() => CanaryStep.analysis({ templates: [t, undefined as any] })))
      .toBe('CanaryStep.analysis: templates[1] must be an AnalysisTemplate or ClusterAnalysisTemplate, got undefined');
    expect(thrown(() => CanaryStep.experiment({ templates: [{ name: 'c', specRef: ExperimentSpecRef.CANARY }], analyses: [{ name: 'a', template: t, args: { x: 5 as any } }] })))
      .toBe('CanaryStep.experiment analysis "a": args["x"] must be an ArgValue, e.g. ArgValue.of(\'text\'), got the number 5');
    expect(thrown(() => new Experiment(chart, 'Exp', { templates: [], analyses: [{ name: 'a', template: t, args: { x: null as any } }] })))
      .toBe('test/Exp: analysis "a": args["x"] must be an ArgValue, e.g. ArgValue.of(\'text\'), got null');
    expect(thrown(() => new AnalysisTemplate(chart, 'NoProvider', { metrics: [{ name: 'up' } as any] })))
      .toBe('test/NoProvider: metric "up" needs a "provider", e.g. MetricProvider.prometheus({ address, query })');
    expect(thrown(() => new BlueGreenRollout(chart, 'Web', { containers: [container], promotion: {} as any })))
      .toBe('test/Web: "promotion" must be a BlueGreenPromotion, e.g. BlueGreenPromotion.manual() or BlueGreenPromotion.automaticAfter(Duration.minutes(10))');
  });
});
