import { analysisTemplate, BlueGreenSet, metric } from './rules/fixtures';
import { validateManifests } from '../../src/validation/engine';
import { Finding, formatFinding, messageWithFix, Severity, sortFindings } from '../../src/validation/finding';

function f(overrides: Partial<Finding>): Finding {
  return {
    ruleId: 'rule',
    severity: Severity.ERROR,
    kind: 'Rollout',
    name: 'web',
    path: 'spec',
    message: 'message',
    fix: 'fix it',
    ...overrides,
  };
}

describe('formatFinding', () => {
  test('is "Kind/name path: message (fix: hint) [rule]" on one line', () => {
    expect(formatFinding(f({
      ruleId: 'bluegreen-distinct-services',
      path: 'spec.strategy.blueGreen.previewService',
      message: 'This rollout uses the same service for the active and preview services, but two different services are required.',
      fix: 'give previewService a different Service than activeService',
    }))).toBe('Rollout/web spec.strategy.blueGreen.previewService: This rollout uses the same service for the active and preview services, '
      + 'but two different services are required. (fix: give previewService a different Service than activeService) [bluegreen-distinct-services]');
  });

  test('says <unnamed> for an object without name and leaves out an empty fix', () => {
    expect(formatFinding(f({ name: '', fix: '' }))).toBe('Rollout/<unnamed> spec: message [rule]');
  });

  test('names an object without name by its generateName prefix', () => {
    expect(formatFinding(f({ name: '', generateName: 'smoke-' }))).toBe('Rollout/smoke-<generated> spec: message (fix: fix it) [rule]');
  });

  test('does not show the namespace or the severity', () => {
    expect(formatFinding(f({ namespace: 'shop', severity: Severity.WARNING }))).toBe('Rollout/web spec: message (fix: fix it) [rule]');
  });
});

describe('messageWithFix', () => {
  test('appends the fix hint when there is one', () => {
    expect(messageWithFix(f({}))).toBe('message (fix: fix it)');
    expect(messageWithFix(f({ fix: '' }))).toBe('message');
  });
});

describe('sortFindings', () => {
  test('groups per object (kind, namespace, name), then orders by path, severity and rule id', () => {
    const input = [
      f({ kind: 'Rollout', name: 'web', path: 'spec.replicas', ruleId: 'b' }),
      f({ kind: 'AnalysisTemplate', name: 'rate', path: 'spec.metrics' }),
      f({ kind: 'Rollout', name: 'api', path: 'spec.strategy' }),
      f({ kind: 'Rollout', name: 'web', path: 'spec.replicas', ruleId: 'a', severity: Severity.WARNING }),
      f({ kind: 'Rollout', name: 'web', path: 'spec.replicas', ruleId: 'a' }),
      f({ kind: 'Rollout', name: 'web', path: 'spec.minReadySeconds' }),
      f({ kind: 'Rollout', name: 'api', namespace: 'shop', path: 'spec.replicas' }),
    ];
    expect(sortFindings(input).map((x) => `${x.kind}/${x.namespace ?? ''}/${x.name} ${x.path} ${x.severity} ${x.ruleId}`)).toEqual([
      'AnalysisTemplate//rate spec.metrics error rule',
      'Rollout//api spec.strategy error rule',
      'Rollout//web spec.minReadySeconds error rule',
      'Rollout//web spec.replicas error a',
      'Rollout//web spec.replicas error b',
      'Rollout//web spec.replicas warning a',
      'Rollout/shop/api spec.replicas error rule',
    ]);
  });

  test('returns a new array and leaves its input alone', () => {
    const input = [f({ path: 'b' }), f({ path: 'a' })];
    const sorted = sortFindings(input);
    expect(sorted).not.toBe(input);
    expect(input.map((x) => x.path)).toEqual(['b', 'a']);
    expect(sorted.map((x) => x.path)).toEqual(['a', 'b']);
  });
});

describe('validateManifests', () => {
  test('reports three independent mistakes in three objects, sorted per object', () => {
    const set = new BlueGreenSet();
    set.spec.replicas = -1;
    set.metric.interval = '1d';
    const latency = analysisTemplate('latency', { metrics: [metric({ name: 'latency', provider: {} })] });
    // given in reverse of the expected order
    const findings = validateManifests([set.rollout, set.template, latency, set.active, set.preview]);
    expect(findings.map(formatFinding)).toEqual([
      'AnalysisTemplate/latency spec.metrics[0].provider: metrics[0]: no provider specified '
        + '(fix: give the metric exactly one provider (prometheus, web, job, ...)) [metric-provider-required]',
      'AnalysisTemplate/success-rate spec.metrics[0].interval: metrics[0]: invalid interval string: time: unknown unit "d" in duration "1d" '
        + '(fix: use a Go duration such as 30s, 5m or 1h (no "d", no bare numbers)) [metric-interval-duration]',
      'Rollout/web spec.replicas: Invalid value: -1: must be greater than or equal to 0 (fix: set replicas to 0 or more) [rollout-replicas-nonnegative]',
    ]);
    expect(findings.every((x) => x.severity === Severity.ERROR)).toBe(true);
  });

  test('a finding carries generateName only for an object the API server names (no metadata.name)', () => {
    const run = (metadata: object) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisRun',
      metadata,
      spec: { metrics: [{ name: 'ok', provider: { prometheus: { address: 'http://prometheus:9090', query: 'sum(rate(x[1m])' } } }] },
    });
    const [generated] = validateManifests([run({ generateName: 'smoke-' })]);
    expect([generated.ruleId, generated.name, generated.generateName]).toEqual(['prometheus-query-syntax', '', 'smoke-']);
    const [named] = validateManifests([run({ name: 'smoke-1', generateName: 'smoke-' })]);
    expect(named.name).toBe('smoke-1');
    expect('generateName' in named).toBe(false);
  });

  test('returns nothing for an empty set or objects no rule checks', () => {
    expect(validateManifests([])).toEqual([]);
    expect(validateManifests([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, {}])).toEqual([]);
  });
});
