import { validateManifests } from '../../../../src/validation/engine';
import { Severity } from '../../../../src/validation/finding';
import { analysisTemplate, finding, findingsOf } from '../fixtures';

/** A Kayenta metric with `scopes` (one `default` scope by default) and `metric` fields over it. */
function kayenta(metric: Record<string, any> = {}, provider: Record<string, any> = {}, kind = 'AnalysisTemplate') {
  const side = (hash: string) => ({ scope: `app=web,rollouts-pod-template-hash=${hash}`, region: 'us-east-1', step: 60 });
  return analysisTemplate('judge', {
    args: [],
    metrics: [{
      name: 'judge',
      interval: '1h',
      provider: {
        kayenta: {
          address: 'http://kayenta:8090',
          application: 'web',
          canaryConfigName: 'web',
          metricsAccountName: 'm',
          configurationAccountName: 'c',
          storageAccountName: 's',
          threshold: { pass: 90, marginal: 75 },
          scopes: [{ name: 'default', controlScope: side('a'), experimentScope: side('b') }],
          ...provider,
        },
      },
      ...metric,
    }],
  }, kind);
}

const scopes = (control: Record<string, any>, experiment: Record<string, any>) => ({
  scopes: [{ name: 'default', controlScope: { scope: 'a', region: 'r', step: 60, ...control }, experimentScope: { scope: 'b', region: 'r', step: 60, ...experiment } }],
});

test('a Kayenta metric with an interval and paired bounds is clean', () => {
  expect(validateManifests([kayenta()])).toEqual([]);
  expect(validateManifests([kayenta({}, scopes({ start: 's', end: 'e' }, { start: 's', end: 'e' }))])).toEqual([]);
});

describe('kayenta-scope-bounds-paired', () => {
  const id = 'kayenta-scope-bounds-paired';
  test('fails for each bound set on one side only, in templates and runs', () => {
    expect(findingsOf([kayenta({}, scopes({ start: 's' }, { end: 'e' }), 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/judge', 'spec.metrics[0].provider.kayenta.scopes[0]', 'metrics[0]: controlScope.start and experimentScope.start must both be set or be empty'),
      finding(id, 'AnalysisRun/judge', 'spec.metrics[0].provider.kayenta.scopes[0]', 'metrics[0]: controlScope.end and experimentScope.end must both be set or be empty'),
    ]);
  });
  test('an empty string is no bound, as the provider reads it', () => {
    expect(findingsOf([kayenta({}, scopes({ start: '' }, {}))], id)).toEqual([]);
  });
});

describe('kayenta-window-needs-interval', () => {
  const id = 'kayenta-window-needs-interval';
  const message = 'metrics[0]: Invalid duration "": a Kayenta scope without start judges the last interval of the metric, which has none, so every measurement errors';
  test('fails for a metric without interval whose scope has no start', () => {
    expect(findingsOf([kayenta({ interval: undefined })], id)).toEqual([finding(id, 'AnalysisTemplate/judge', 'spec.metrics[0].interval', message)]);
    expect(findingsOf([kayenta({ interval: '' }, scopes({ start: '' }, { start: '' }))], id)).toEqual([finding(id, 'AnalysisTemplate/judge', 'spec.metrics[0].interval', message)]);
  });
  test('passes with lookback, or when every scope has a start', () => {
    expect(findingsOf([kayenta({ interval: undefined }, { lookback: true })], id)).toEqual([]);
    expect(findingsOf([kayenta({ interval: undefined }, scopes({ start: 's' }, { start: 's' }))], id)).toEqual([]);
  });
});

describe('kayenta-conditions-unused', () => {
  const id = 'kayenta-conditions-unused';
  test('warns for each condition, which the Kayenta provider never evaluates', () => {
    expect(findingsOf([kayenta({ successCondition: 'result >= 90', failureCondition: 'result < 50' })], id)).toEqual([
      // findings are sorted by path
      finding(id, 'AnalysisTemplate/judge', 'spec.metrics[0].failureCondition', 'metrics[0]: Kayenta metrics are judged by threshold: failureCondition is not evaluated', Severity.WARNING),
      finding(id, 'AnalysisTemplate/judge', 'spec.metrics[0].successCondition', 'metrics[0]: Kayenta metrics are judged by threshold: successCondition is not evaluated', Severity.WARNING),
    ]);
  });
  test('leaves the conditions of other providers alone', () => {
    expect(findingsOf([analysisTemplate()], id)).toEqual([]);
  });
});

describe('kayenta-address-url', () => {
  const id = 'kayenta-address-url';
  test('fails for an address that is not an http(s) URL, which the provider posts to', () => {
    for (const address of ['', 'kayenta:8090', 'ftp://kayenta', 'http://', 'http://kayenta:8090/?x=1', 'http://kayenta#top', 'http://kay enta', 42]) {
      expect(findingsOf([kayenta({}, { address })], id)).toEqual([finding(id, 'AnalysisTemplate/judge', 'spec.metrics[0].provider.kayenta.address',
        `metrics[0]: address must be the Kayenta server's http(s) URL without query or fragment: ${JSON.stringify(address)}`)]);
    }
  });
  test('near misses: a path, a placeholder in it or for all of it; no address is the schema\'s', () => {
    for (const address of ['http://kayenta:8090/kayenta', 'http://{{args.kayenta-host}}:8090', 'http://{{ args.kayenta-host }}:{{ args.port }}', '{{args.kayenta-url}}', '{{ args.kayenta-url }}', undefined]) {
      expect(findingsOf([kayenta({}, { address })], id)).toEqual([]);
    }
  });
});

describe('kayenta-canary-config-name', () => {
  const id = 'kayenta-canary-config-name';
  test('fails for an empty or blank canary config name, which the provider looks the config up by', () => {
    expect(findingsOf([kayenta({}, { canaryConfigName: ' ' }, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/judge', 'spec.metrics[0].provider.kayenta.canaryConfigName', 'metrics[0]: Canary config not found: canaryConfigName is empty, and the provider looks the config up by name'),
    ]);
  });
  test('near misses: empty account names (Kayenta takes its first account of the type), a missing name (the schema\'s)', () => {
    expect(findingsOf([kayenta({}, { metricsAccountName: '', configurationAccountName: '', storageAccountName: '' })], id)).toEqual([]);
    expect(findingsOf([kayenta({}, { canaryConfigName: undefined })], id)).toEqual([]);
  });
});

describe('kayenta-threshold-range', () => {
  const id = 'kayenta-threshold-range';
  const at = (field: string) => `spec.metrics[0].provider.kayenta.threshold.${field}`;
  test('warns for a score outside 0-100 and for marginal above pass: an outcome that cannot happen', () => {
    expect(findingsOf([kayenta({}, { threshold: { pass: 101, marginal: -1 } }, 'ClusterAnalysisTemplate')], id)).toEqual([
      finding(id, 'ClusterAnalysisTemplate/judge', at('marginal'), 'metrics[0]: threshold.marginal is -1: Kayenta\'s score is from 0 to 100, so every score is at or above it', Severity.WARNING),
      finding(id, 'ClusterAnalysisTemplate/judge', at('pass'), 'metrics[0]: threshold.pass is 101: Kayenta\'s score is from 0 to 100, so no score is at or above it', Severity.WARNING),
    ]);
    expect(findingsOf([kayenta({}, { threshold: { pass: 75, marginal: 90 } })], id)).toEqual([
      finding(id, 'AnalysisTemplate/judge', at('marginal'), 'metrics[0]: threshold.marginal (90) exceeds threshold.pass (75): no score is inconclusive', Severity.WARNING),
    ]);
  });
  test('near misses: the bounds, marginal equal to pass', () => {
    for (const threshold of [{ pass: 100, marginal: 0 }, { pass: 80, marginal: 80 }, { pass: 0, marginal: 0 }]) {
      expect(findingsOf([kayenta({}, { threshold })], id)).toEqual([]);
    }
  });
});

describe('kayenta-scopes-valid', () => {
  const id = 'kayenta-scopes-valid';
  const at = 'spec.metrics[0].provider.kayenta.scopes';
  const pair = (name: string, control = 'a', experiment = 'b') => ({ name, controlScope: { scope: control, region: 'r', step: 60 }, experimentScope: { scope: experiment, region: 'r', step: 60 } });
  test('fails for no scopes', () => {
    expect(findingsOf([kayenta({}, { scopes: [] })], id)).toEqual([finding(id, 'AnalysisTemplate/judge', at, 'metrics[0]: scopes is empty: Kayenta has no scope to judge')]);
  });
  test('fails for a repeated or empty name and an empty selector', () => {
    expect(findingsOf([kayenta({}, { scopes: [pair('default'), pair('default', ' '), pair('')] })], id)).toEqual([
      finding(id, 'AnalysisTemplate/judge', `${at}[1].controlScope.scope`, 'metrics[0]: scopes[1].controlScope.scope is empty: Kayenta has no metrics to select'),
      finding(id, 'AnalysisTemplate/judge', `${at}[1].name`, 'metrics[0]: scopes[1].name repeats "default": Kayenta receives the scopes by name, so this one replaces the earlier one'),
      finding(id, 'AnalysisTemplate/judge', `${at}[2].name`, 'metrics[0]: scopes[2].name is empty: Kayenta receives the scopes by name'),
    ]);
  });
  test('near misses: distinct names, entries that are not objects (the schema\'s)', () => {
    expect(findingsOf([kayenta({}, { scopes: [pair('default'), pair('latency')] })], id)).toEqual([]);
    expect(findingsOf([kayenta({}, { scopes: ['x'] })], id)).toEqual([]);
  });
});
