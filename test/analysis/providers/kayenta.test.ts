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

  test('bad arguments', () => {
    const bad = (props: Partial<KayentaProviderProps>) => () => MetricProvider.kayenta({ ...PROPS, ...props });
    const withSides = (control: Partial<KayentaScopeDetail>, experiment: Partial<KayentaScopeDetail> = {}) =>
      bad({ scopes: [{ name: 'default', controlScope: side('baseline-hash', control), experimentScope: side('canary-hash', experiment) }] });

    for (const address of ['', 'kayenta:8090', 'ftp://kayenta', 'http://', 'http://kayenta:8090/?x=1', 'http://kayenta#top', 'http://kay enta']) {
      expect(bad({ address })).toThrow(`kayenta metric provider: "address" must be an http(s) URL without query or fragment, e.g. http://kayenta:8090: ${JSON.stringify(address)}`);
    }
    expect(bad({ application: ' ' })).toThrow('kayenta metric provider: "application" must name the Kayenta application');
    expect(bad({ canaryConfigName: '' })).toThrow('kayenta metric provider: "canaryConfigName" must name a canary config');
    expect(bad({ metricsAccountName: '' })).toThrow('kayenta metric provider: "metricsAccountName" must name a Kayenta account');
    expect(bad({ configurationAccountName: '' })).toThrow('kayenta metric provider: "configurationAccountName" must name a Kayenta account');
    expect(bad({ storageAccountName: '' })).toThrow('kayenta metric provider: "storageAccountName" must name a Kayenta account');

    expect(bad({ threshold: { pass: 101, marginal: 75 } })).toThrow('kayenta metric provider: "threshold.pass" must be a whole number from 0 to 100: 101');
    expect(bad({ threshold: { pass: 90, marginal: -1 } })).toThrow('kayenta metric provider: "threshold.marginal" must be a whole number from 0 to 100: -1');
    expect(bad({ threshold: { pass: 90.5, marginal: 75 } })).toThrow('kayenta metric provider: "threshold.pass" must be a whole number from 0 to 100: 90.5');
    expect(bad({ threshold: { pass: 75, marginal: 90 } })).toThrow('kayenta metric provider: "threshold.marginal" (90) must not exceed "threshold.pass" (75)');
    expect(bad({ threshold: undefined as any })).toThrow('kayenta metric provider: "threshold.pass" must be a whole number from 0 to 100: undefined');

    expect(bad({ scopes: [] })).toThrow('kayenta metric provider: "scopes" must list at least one scope');
    expect(bad({ scopes: [{ ...PROPS.scopes[0], name: '' }] })).toThrow('kayenta metric provider: "scopes[0].name" must name the scope');
    expect(bad({ scopes: [PROPS.scopes[0], PROPS.scopes[0]] }))
      .toThrow('kayenta metric provider: "scopes[1].name" repeats the scope name "default": give each scope its own name');
    expect(bad({ scopes: [{ name: 'default', controlScope: side('baseline-hash'), experimentScope: undefined as any }] }))
      .toThrow('kayenta metric provider: "scopes[0].experimentScope" is required');
    expect(withSides({ scope: ' ' })).toThrow('kayenta metric provider: "scopes[0].controlScope.scope" must be a non-empty metrics selector');
    expect(withSides({}, { region: undefined as any })).toThrow('kayenta metric provider: "scopes[0].experimentScope.region" is required');
    expect(withSides({ step: undefined as any })).toThrow('kayenta metric provider: "scopes[0].controlScope.step" is required');
    expect(withSides({}, { step: Duration.millis(1500) })).toThrow('kayenta metric provider: "scopes[0].experimentScope.step" must be a whole number of seconds: 1500ms');
    expect(withSides({ start: '' }, { start: '' }))
      .toThrow('kayenta metric provider: "scopes[0].controlScope.start" must be a timestamp or a placeholder such as {{args.start-time}}: leave it out for the controller\'s default');
    expect(withSides({ end: '{{args.end-time}}' }, { end: ' ' }))
      .toThrow('kayenta metric provider: "scopes[0].experimentScope.end" must be a timestamp or a placeholder such as {{args.end-time}}: leave it out for the controller\'s default');
    // near misses
    expect(withSides({ start: '2024-01-01T00:00:00Z' }, { start: '2024-01-01T00:00:00Z' })).not.toThrow();
    expect(withSides({ step: Duration.minutes(5) }, { step: Duration.seconds(300) })).not.toThrow();
    expect(bad({ address: 'http://kayenta:8090/kayenta' })).not.toThrow();
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

  test('a condition on a Kayenta metric is a warning: the score against threshold decides', () => {
    const chart = template({ interval: Duration.hours(1), successCondition: 'result >= 90', provider: withScope({}, {}) });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(Linter.lintManifests([t]).map((f) => `${f.severity} ${f.ruleId} ${f.path}: ${f.message}`)).toEqual([
      'warning kayenta-conditions-unused spec.metrics[0].successCondition: metrics[0]: Kayenta metrics are judged by threshold: successCondition is not evaluated',
    ]);
  });
});

