import { analysisTemplate, finding, findingsOf } from './fixtures';
import { validateManifests } from '../../../src/validation/engine';
import { Severity } from '../../../src/validation/finding';

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

describe('prometheus-sigv4-ignored', () => {
  const RULE = 'prometheus-sigv4-ignored';
  /** A template whose Prometheus metric signs with SigV4 and queries `address`. */
  const sigv4 = (address: unknown, kind = 'AnalysisTemplate') => analysisTemplate('amp', {
    metrics: [{
      name: 'up',
      provider: { prometheus: { address, query: 'up', authentication: { sigv4: { region: 'us-east-1' } } } },
    }],
  }, kind);

  test('warns for SigV4 with an address that does not contain aps-workspaces (upstream signs only then)', () => {
    expect(findingsOf([sigv4('https://prometheus.example.com/workspaces/ws-1')], RULE)).toEqual([
      finding(RULE, 'AnalysisTemplate/amp', 'spec.metrics[0].provider.prometheus.authentication.sigv4',
        'metrics[0]: authentication.sigv4 is ignored: the controller signs requests only when the address contains "aps-workspaces", and "https://prometheus.example.com/workspaces/ws-1" does not',
        Severity.WARNING),
    ]);
    expect(findingsOf([sigv4('http://amp-proxy:8005', 'AnalysisRun')], RULE)).toHaveLength(1);
  });

  test('near misses: an AMP workspace URL, a placeholder or no address (the controller\'s default), no SigV4', () => {
    expect(findingsOf([sigv4('https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-1/')], RULE)).toEqual([]);
    expect(findingsOf([sigv4('{{args.prometheus-url}}')], RULE)).toEqual([]);
    expect(findingsOf([sigv4(''), sigv4(undefined)], RULE)).toEqual([]);
    const unsigned = sigv4('http://prometheus:9090');
    delete unsigned.spec.metrics[0].provider.prometheus.authentication;
    expect(findingsOf([unsigned], RULE)).toEqual([]);
  });
});
