import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, KayentaProviderProps, KayentaScopeDetail, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthError, synthValid } from '../../support/synth';

const side = (hash: string, more: Partial<KayentaScopeDetail> = {}): KayentaScopeDetail => ({
  scope: `app=alb-demo and rollouts-pod-template-hash={{args.${hash}}}`,
  region: 'us-east-1',
  step: Duration.minutes(1),
  ...more,
});

const PROPS: KayentaProviderProps = {
  address: 'http://kayenta.kayenta.svc.cluster.local:8090',
  application: 'alb-demo',
  canaryConfigName: 'alb-demo-canary-config',
  metricsAccountName: 'prometheus-account',
  configurationAccountName: 'gcs-config-account',
  storageAccountName: 'gcs-storage-account',
  threshold: { pass: 90, marginal: 75 },
  scopes: [{ name: 'default', controlScope: side('baseline-hash'), experimentScope: side('canary-hash') }],
};

/** The provider block of a one-metric template using `props`. */
function rendered(props: KayentaProviderProps): any {
  const chart = Testing.chart();
  new AnalysisTemplate(chart, 'T', {
    args: [TemplateArg.required('baseline-hash'), TemplateArg.required('canary-hash'), TemplateArg.required('start-time'), TemplateArg.required('end-time')],
    metrics: [{ name: 'm', interval: Duration.hours(1), count: 3, provider: MetricProvider.kayenta(props) }],
  });
  return only(synthValid(chart), 'AnalysisTemplate').spec.metrics[0].provider;
}

describe('MetricProvider.kayenta', () => {
  test('renders the lint fixture\'s template: accounts, thresholds, one scope pair with step in seconds and a start', () => {
    const chart = Testing.chart();
    const start = { start: '{{args.start-time}}' };
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'kayenta-judge' },
      args: [TemplateArg.required('start-time'), TemplateArg.required('baseline-hash'), TemplateArg.required('canary-hash')],
      metrics: [{
        name: 'mann-whitney',
        provider: MetricProvider.kayenta({
          ...PROPS,
          scopes: [{ name: 'default', controlScope: side('baseline-hash', start), experimentScope: side('canary-hash', start) }],
        }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec).toEqual(analysisFixture('kayenta.yaml').spec);
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('lookback, end, several scopes; a trailing "/" of the address is dropped', () => {
    const window = { start: '{{args.start-time}}', end: '{{args.end-time}}' };
    const p = rendered({
      ...PROPS,
      address: 'https://kayenta.example.com/api/',
      lookback: true,
      scopes: [
        PROPS.scopes[0],
        { name: 'latency', controlScope: side('baseline-hash', { step: Duration.seconds(30), ...window }), experimentScope: side('canary-hash', { step: Duration.seconds(30), ...window }) },
      ],
    }).kayenta;
    expect(p.address).toBe('https://kayenta.example.com/api');
    expect(p.lookback).toBe(true);
    expect(p.scopes.map((s: any) => s.name)).toEqual(['default', 'latency']);
    expect(p.scopes[0].controlScope).toEqual({ scope: 'app=alb-demo and rollouts-pod-template-hash={{args.baseline-hash}}', region: 'us-east-1', step: 60 });
    expect(p.scopes[1].experimentScope).toEqual({
      scope: 'app=alb-demo and rollouts-pod-template-hash={{args.canary-hash}}', region: 'us-east-1', step: 30, start: '{{args.start-time}}', end: '{{args.end-time}}',
    });
  });

  test('boundary values pass: thresholds 0 and 100, marginal equal to pass, an empty region, a templated address', () => {
    expect(rendered({ ...PROPS, threshold: { pass: 100, marginal: 0 } }).kayenta.threshold).toEqual({ pass: 100, marginal: 0 });
    expect(rendered({ ...PROPS, threshold: { pass: 80, marginal: 80 } }).kayenta.threshold).toEqual({ pass: 80, marginal: 80 });
    const noRegion = { name: 'default', controlScope: side('baseline-hash', { region: '' }), experimentScope: side('canary-hash', { region: '' }) };
    expect(rendered({ ...PROPS, scopes: [noRegion] }).kayenta.scopes[0].controlScope.region).toBe('');
    expect(() => MetricProvider.kayenta({ ...PROPS, address: 'http://{{args.kayenta-host}}:8090' })).not.toThrow();
  });

  test('bad arguments: what the output cannot carry', () => {
    const bad = (props: Partial<KayentaProviderProps>) => () => MetricProvider.kayenta({ ...PROPS, ...props });
    const withSides = (control: Partial<KayentaScopeDetail>, experiment: Partial<KayentaScopeDetail> = {}) =>
      bad({ scopes: [{ name: 'default', controlScope: side('baseline-hash', control), experimentScope: side('canary-hash', experiment) }] });

    expect(bad({ threshold: { pass: 90.5, marginal: 75 } })).toThrow('kayenta metric provider: "threshold.pass" must be a whole number: 90.5');
    expect(bad({ threshold: undefined as any })).toThrow('kayenta metric provider: "threshold.pass" must be a whole number: undefined');
    expect(bad({ scopes: [{ name: 'default', controlScope: side('baseline-hash'), experimentScope: undefined as any }] }))
      .toThrow('kayenta metric provider: "scopes[0].experimentScope" is required');
    expect(withSides({ step: undefined as any })).toThrow('kayenta metric provider: "scopes[0].controlScope.step" is required');
    expect(withSides({}, { step: Duration.millis(1500) })).toThrow('kayenta metric provider: "scopes[0].experimentScope.step" must be a whole number of seconds: 1500ms');
    // near misses
    expect(withSides({ step: Duration.minutes(5) }, { step: Duration.seconds(300) })).not.toThrow();
    // values are the rule engine's: the factory takes them, synth reports them (below)
    expect(bad({ address: 'kayenta:8090', threshold: { pass: 101, marginal: 75 }, scopes: [] })).not.toThrow();
  });
});

describe('Kayenta metrics in the rule engine (synth and lint)', () => {
  const template = (metric: Record<string, any>) => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      args: [TemplateArg.required('baseline-hash'), TemplateArg.required('canary-hash'), TemplateArg.required('start-time')],
      metrics: [{ name: 'm', ...metric } as any],
    });
    return chart;
  };
  const withScope = (control: Partial<KayentaScopeDetail>, experiment: Partial<KayentaScopeDetail>) => MetricProvider.kayenta({
    ...PROPS, scopes: [{ name: 'default', controlScope: side('baseline-hash', control), experimentScope: side('canary-hash', experiment) }],
  });

  test('a bound set on one side of a scope fails synth with the controller\'s message', () => {
    const error = synthError(template({ interval: Duration.hours(1), provider: withScope({ start: '{{args.start-time}}' }, {}) }));
    expect(error).toContain('[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.kayenta.scopes[0]: metrics[0]: controlScope.start and experimentScope.start must both be set or be empty');
  });

  test('a window without start needs the metric\'s interval, or lookback', () => {
    const error = synthError(template({ provider: withScope({}, {}) }));
    expect(error).toContain('spec.metrics[0].interval: metrics[0]: Invalid duration "": a Kayenta scope without start judges the last interval of the metric, which has none, so every measurement errors');
    expect(() => synthValid(template({ provider: MetricProvider.kayenta({ ...PROPS, lookback: true }) }))).not.toThrow();
    expect(() => synthValid(template({ interval: Duration.minutes(30), provider: withScope({}, {}) }))).not.toThrow();
    expect(() => synthValid(template({ provider: withScope({ start: '{{args.start-time}}' }, { start: '{{args.start-time}}' }) }))).not.toThrow();
  });

  test('bad values fail synth together, each under the template with its field', () => {
    const error = synthError(template({
      interval: Duration.hours(1),
      provider: MetricProvider.kayenta({ ...PROPS, address: 'kayenta:8090', canaryConfigName: ' ', scopes: [PROPS.scopes[0], PROPS.scopes[0]] }),
    }))!;
    for (const line of [
      'spec.metrics[0].provider.kayenta.address: metrics[0]: address must be the Kayenta server\'s http(s) URL without query or fragment: "kayenta:8090"',
      'spec.metrics[0].provider.kayenta.canaryConfigName: metrics[0]: Canary config not found: canaryConfigName is empty, and the provider looks the config up by name',
      'spec.metrics[0].provider.kayenta.scopes[1].name: metrics[0]: scopes[1].name repeats "default": Kayenta receives the scopes by name, so this one replaces the earlier one',
    ]) expect(error).toContain(line);
  });

  test('a condition on a Kayenta metric is a warning: the score against threshold decides', () => {
    const chart = template({ interval: Duration.hours(1), successCondition: 'result >= 90', provider: withScope({}, {}) });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(Linter.lintManifests([t]).map((f) => `${f.severity} ${f.ruleId} ${f.path}: ${f.message}`)).toEqual([
      'warning kayenta-conditions-unused spec.metrics[0].successCondition: metrics[0]: Kayenta metrics are judged by threshold: successCondition is not evaluated',
    ]);
  });
});

