import { analysisTemplate, BlueGreenSet, finding, findingsOf, metric, summary } from './fixtures';
import { validateManifests } from '../../../src/validation/engine';
import { Severity } from '../../../src/validation/finding';
import { expectSchemaValid } from '../../support/schema';

let set: BlueGreenSet;
beforeEach(() => {
  set = new BlueGreenSet();
});

/** The set (Rollout + Services + template) has no finding at all. */
function expectClean() {
  expect(summary(set.findings())).toEqual([]);
}

/** Declares template arg `name` without default and makes the Rollout pass `value` for it. */
function passArg(name: string, value: string) {
  set.template.spec.args.push({ name });
  set.analysis.args.push({ name, value });
}

const T = 'AnalysisTemplate/success-rate';
const M0 = 'spec.metrics[0]';

describe('metric-list-not-empty (M1)', () => {
  test('fails for a template without metrics', () => {
    set.template.spec.metrics = [];
    expect(set.findingsOf('metric-list-not-empty')).toEqual([finding('metric-list-not-empty', T, 'spec.metrics', 'no metrics specified')]);
  });

  test('fails for a ClusterAnalysisTemplate without spec.metrics', () => {
    const t = analysisTemplate('cluster-rate', {}, 'ClusterAnalysisTemplate');
    delete t.spec.metrics;
    expect(findingsOf([t], 'metric-list-not-empty')).toEqual([
      finding('metric-list-not-empty', 'ClusterAnalysisTemplate/cluster-rate', 'spec.metrics', 'no metrics specified'),
    ]);
  });

  test('passes for one metric', () => {
    expect(set.template.spec.metrics).toHaveLength(1);
    expectClean();
  });

  test('passes for a composite template with only spec.templates: its run has the nested templates\' metrics', () => {
    const child = analysisTemplate('child');
    const parent = analysisTemplate('parent', { args: undefined, metrics: undefined, templates: [{ templateName: 'child' }] });
    expect(findingsOf([parent, child], 'metric-list-not-empty')).toEqual([]);
  });

  test('fails for a composite template whose nested templates have no metrics either', () => {
    const child = analysisTemplate('child', { metrics: [] });
    const parent = analysisTemplate('parent', { metrics: [], templates: [{ templateName: 'child' }] });
    expect(findingsOf([parent, child], 'metric-list-not-empty')).toEqual([
      finding('metric-list-not-empty', 'AnalysisTemplate/child', 'spec.metrics', 'no metrics specified'),
      finding('metric-list-not-empty', 'AnalysisTemplate/parent', 'spec.templates', 'no metrics specified'),
    ]);
  });

  test('is not reported for a composite template whose nested template is missing (ref-analysis-template-exists is)', () => {
    const parent = analysisTemplate('parent', { metrics: [], templates: [{ templateName: 'child' }] });
    expect(summary(validateManifests([parent]))).toEqual([
      'ref-analysis-template-exists AnalysisTemplate/parent spec.templates[0].templateName: analysistemplate.argoproj.io "child" not found',
    ]);
  });
});

describe('metric-unique-name (M2)', () => {
  test('fails for two metrics with the same name', () => {
    set.template.spec.metrics.push(metric());
    expect(set.findingsOf('metric-unique-name')).toEqual([
      finding('metric-unique-name', T, 'spec.metrics[1].name', 'metrics[1]: duplicate name \'success-rate\''),
    ]);
  });

  test('passes for names that differ only in case', () => {
    set.template.spec.metrics.push(metric({ name: 'Success-rate' }));
    expectClean();
  });
});

describe('metric-consecutive-success-limit (M3)', () => {
  test('fails for consecutiveSuccessLimit -1', () => {
    set.metric.consecutiveSuccessLimit = -1;
    expect(set.findingsOf('metric-consecutive-success-limit')).toEqual([
      finding('metric-consecutive-success-limit', T, `${M0}.consecutiveSuccessLimit`, 'metrics[0]: consecutiveSuccessLimit must be >= 0'),
    ]);
  });

  test('fails for consecutiveSuccessLimit "-1" (a string reads as its int value)', () => {
    set.metric.consecutiveSuccessLimit = '-1';
    expect(set.findingsOf('metric-consecutive-success-limit')).toHaveLength(1);
  });

  test('passes for consecutiveSuccessLimit 0', () => {
    set.metric.consecutiveSuccessLimit = 0;
    expectClean();
  });
});

describe('metric-failure-limit (M4)', () => {
  test('fails for failureLimit -2', () => {
    set.metric.failureLimit = -2;
    expect(set.findingsOf('metric-failure-limit')).toEqual([
      finding('metric-failure-limit', T, `${M0}.failureLimit`, 'metrics[0]: failureLimit must be >= 0, or -1 to be disabled'),
    ]);
  });

  test('passes for failureLimit -1 with consecutiveSuccessLimit 1', () => {
    set.metric.failureLimit = -1;
    set.metric.consecutiveSuccessLimit = 1;
    expectClean();
  });

  test('passes for failureLimit "{{args.failure-limit}}", judged only once resolved', () => {
    passArg('failure-limit', '-2');
    set.metric.failureLimit = '{{args.failure-limit}}';
    expectClean();
  });
});

describe('metric-limits-not-both-disabled (M5)', () => {
  test('fails for failureLimit -1 with the default consecutiveSuccessLimit 0', () => {
    set.metric.failureLimit = -1;
    expect(set.findingsOf('metric-limits-not-both-disabled')).toEqual([
      finding('metric-limits-not-both-disabled', T, `${M0}.failureLimit`, 'metrics[0]: failureLimit and consecutiveSuccessLimit cannot both be disabled'),
    ]);
  });

  test('passes for failureLimit -1 with consecutiveSuccessLimit 1', () => {
    set.metric.failureLimit = -1;
    set.metric.consecutiveSuccessLimit = 1;
    expectClean();
  });

  test('passes for failureLimit -1 with consecutiveSuccessLimit "{{args.successes}}", judged only once resolved', () => {
    passArg('successes', '2');
    set.metric.failureLimit = -1;
    set.metric.consecutiveSuccessLimit = '{{args.successes}}';
    expectClean();
  });
});

describe('metric-inconclusive-limit (M6)', () => {
  test('fails for inconclusiveLimit -1', () => {
    set.metric.inconclusiveLimit = -1;
    expect(set.findingsOf('metric-inconclusive-limit')).toEqual([
      finding('metric-inconclusive-limit', T, `${M0}.inconclusiveLimit`, 'metrics[0]: inconclusiveLimit must be >= 0'),
    ]);
  });

  test('passes for inconclusiveLimit 0', () => {
    set.metric.inconclusiveLimit = 0;
    expectClean();
  });
});

describe('metric-consecutive-error-limit (M7)', () => {
  test('fails for consecutiveErrorLimit -1', () => {
    set.metric.consecutiveErrorLimit = -1;
    expect(set.findingsOf('metric-consecutive-error-limit')).toEqual([
      finding('metric-consecutive-error-limit', T, `${M0}.consecutiveErrorLimit`, 'metrics[0]: consecutiveErrorLimit must be >= 0'),
    ]);
  });

  test('passes for consecutiveErrorLimit 0', () => {
    set.metric.consecutiveErrorLimit = 0;
    expectClean();
  });
});

describe('metric-count-covers-limits (M8)', () => {
  test('fails for count below failureLimit + consecutiveSuccessLimit', () => {
    Object.assign(set.metric, { count: 3, failureLimit: 2, consecutiveSuccessLimit: 2 });
    expect(set.findingsOf('metric-count-covers-limits')).toEqual([
      finding('metric-count-covers-limits', T, `${M0}.count`, 'metrics[0]: count (3) must be >= failureLimit + consecutiveSuccessLimit (2 + 2) if both >= 0'),
    ]);
  });

  test('fails for a string count "3" read as its int value', () => {
    Object.assign(set.metric, { count: '3', failureLimit: 4 });
    expect(set.findingsOf('metric-count-covers-limits')).toEqual([
      finding('metric-count-covers-limits', T, `${M0}.count`, 'metrics[0]: count (3) must be >= failureLimit + consecutiveSuccessLimit (4 + 0) if both >= 0'),
    ]);
  });

  test('passes for count equal to failureLimit + consecutiveSuccessLimit', () => {
    Object.assign(set.metric, { count: 4, failureLimit: 2, consecutiveSuccessLimit: 2 });
    expectClean();
  });

  test('passes for a placeholder failureLimit, judged only once resolved', () => {
    passArg('failure-limit', '3');
    Object.assign(set.metric, { count: 1, failureLimit: '{{args.failure-limit}}', consecutiveSuccessLimit: 2 });
    expect(set.findingsOf('metric-count-covers-limits')).toEqual([]);
    expectClean();
  });

  test('passes for a placeholder count, judged only once resolved', () => {
    passArg('count', '1');
    Object.assign(set.metric, { count: '{{args.count}}', failureLimit: 5 });
    expect(set.findingsOf('metric-count-covers-limits')).toEqual([]);
  });
});

describe('metric-count-covers-success-limit (M9)', () => {
  test('fails for count below consecutiveSuccessLimit when failureLimit is -1', () => {
    Object.assign(set.metric, { count: 2, failureLimit: -1, consecutiveSuccessLimit: 3 });
    expect(set.findingsOf('metric-count-covers-success-limit')).toEqual([
      finding('metric-count-covers-success-limit', T, `${M0}.count`, 'metrics[0]: count must be >= consecutiveSuccessLimit'),
    ]);
  });

  test('passes for count equal to consecutiveSuccessLimit', () => {
    Object.assign(set.metric, { count: 3, failureLimit: -1, consecutiveSuccessLimit: 3 });
    expectClean();
  });
});

describe('metric-count-covers-inconclusive-limit (M10)', () => {
  test('fails for count below inconclusiveLimit', () => {
    Object.assign(set.metric, { count: 2, failureLimit: 0, inconclusiveLimit: 3 });
    expect(set.findingsOf('metric-count-covers-inconclusive-limit')).toEqual([
      finding('metric-count-covers-inconclusive-limit', T, `${M0}.count`, 'metrics[0]: count must be >= inconclusiveLimit'),
    ]);
  });

  test('passes for count equal to inconclusiveLimit', () => {
    Object.assign(set.metric, { count: 3, failureLimit: 0, inconclusiveLimit: 3 });
    expectClean();
  });
});

describe('metric-interval-with-count (M11)', () => {
  test('fails for count 2 without interval', () => {
    set.metric.count = 2;
    delete set.metric.interval;
    expect(set.findingsOf('metric-interval-with-count')).toEqual([
      finding('metric-interval-with-count', T, `${M0}.interval`, 'metrics[0]: interval must be specified when count > 1'),
    ]);
  });

  test('passes for count 1 without interval', () => {
    set.metric.count = 1;
    delete set.metric.interval;
    expectClean();
  });

  test('passes for a placeholder count without interval, judged only once resolved', () => {
    passArg('count', '1');
    set.metric.count = '{{args.count}}';
    delete set.metric.interval;
    expectClean();
  });
});

describe('metric-interval-duration (M12)', () => {
  test.each([
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['10', 'time: missing unit in duration "10"'],
    ['1h 30m', 'time: unknown unit "h " in duration "1h 30m"'],
    ['m', 'time: invalid duration "m"'],
  ])('fails for interval %j', (interval, goError) => {
    set.metric.interval = interval;
    expect(set.findingsOf('metric-interval-duration')).toEqual([
      finding('metric-interval-duration', T, `${M0}.interval`, `metrics[0]: invalid interval string: ${goError}`),
    ]);
  });

  test.each(['30s', '1h30m', '1.5m', '500ms'])('passes for interval %j', (interval) => {
    set.metric.interval = interval;
    expectClean();
  });

  test('passes for interval "{{args.interval}}", judged only once resolved', () => {
    passArg('interval', '1d');
    set.metric.interval = '{{args.interval}}';
    expectClean();
  });
});

describe('metric-initial-delay-duration (M13)', () => {
  test('fails for initialDelay "soon" (the controller calls it startDelay)', () => {
    set.metric.initialDelay = 'soon';
    expect(set.findingsOf('metric-initial-delay-duration')).toEqual([
      finding('metric-initial-delay-duration', T, `${M0}.initialDelay`, 'metrics[0]: invalid startDelay string: time: invalid duration "soon"'),
    ]);
  });

  test('fails for initialDelay "2d"', () => {
    set.metric.initialDelay = '2d';
    expect(set.findingsOf('metric-initial-delay-duration')[0].message).toBe('metrics[0]: invalid startDelay string: time: unknown unit "d" in duration "2d"');
  });

  test.each(['0', '2m', '48h'])('passes for initialDelay %j', (initialDelay) => {
    set.metric.initialDelay = initialDelay;
    expectClean();
  });
});

describe('metric-provider-required (M14)', () => {
  test('fails for an empty provider', () => {
    set.metric.provider = {};
    expect(set.findingsOf('metric-provider-required')).toEqual([
      finding('metric-provider-required', T, `${M0}.provider`, 'metrics[0]: no provider specified'),
    ]);
  });

  test('fails for an empty plugin map', () => {
    set.metric.provider = { plugin: {} };
    expect(set.findingsOf('metric-provider-required')).toHaveLength(1);
  });

  test('passes for a single plugin provider', () => {
    set.metric.provider = { plugin: { 'argoproj-labs/sample-prometheus': { address: 'http://prometheus:9090', query: 'up' } } };
    expectClean();
  });
});

describe('metric-single-provider (M15)', () => {
  test('fails for prometheus and web in one metric', () => {
    set.metric.provider.web = { url: 'http://metrics.example.com/ok' };
    expect(set.findingsOf('metric-single-provider')).toEqual([
      finding('metric-single-provider', T, `${M0}.provider`, 'metrics[0]: multiple providers specified'),
    ]);
  });

  test('fails for two plugin entries', () => {
    set.metric.provider = { plugin: { 'a/one': {}, 'b/two': {} } };
    expect(set.findingsOf('metric-single-provider')).toHaveLength(1);
  });

  test('passes for one web provider', () => {
    set.metric.provider = { web: { url: 'http://metrics.example.com/{{args.service}}/{{args.threshold}}' } };
    expectClean();
  });
});

describe('analysis-arg-value-or-value-from (RR4)', () => {
  test('fails for an arg with both value and valueFrom', () => {
    set.template.spec.args[1] = { name: 'threshold', value: '0.95', valueFrom: { secretKeyRef: { name: 'thresholds', key: 'web' } } };
    expect(set.findingsOf('analysis-arg-value-or-value-from')).toEqual([
      finding('analysis-arg-value-or-value-from', T, 'spec.args[1]', 'arg \'threshold\' has both Value and ValueFrom fields'),
    ]);
  });

  test('passes for an empty value alone and for a valueFrom alone', () => {
    set.template.spec.args[1] = { name: 'threshold', value: '' };
    set.template.spec.args.push({ name: 'token', valueFrom: { secretKeyRef: { name: 'tokens', key: 'prometheus' } } });
    expectClean();
  });
});

describe('analysis-placeholder-declared (M21)', () => {
  test('fails for a placeholder whose arg is not declared', () => {
    set.metric.provider.prometheus.query = 'up{job="{{args.job}}"}';
    expect(set.findingsOf('analysis-placeholder-declared')).toEqual([
      finding('analysis-placeholder-declared', T, M0, 'failed to resolve {{args.job}}'),
    ]);
  });

  test('passes for declared placeholders, with spaces inside the braces', () => {
    set.metric.provider.prometheus.query = 'up{service="{{ args.service }}"} > {{args.threshold}}';
    expectClean();
  });

  test('fails for a placeholder missing a closing brace: the tag runs on past its value (fasttemplate over the metric\'s JSON)', () => {
    passArg('service-name', 'web');
    set.metric.provider.prometheus.query = 'up{job="{{args.service-name}"}';
    expect(set.findingsOf('analysis-placeholder-declared')).toEqual([
      finding('analysis-placeholder-declared', T, M0,
        'failed to resolve {{args.service-name}\\"}"...: no }} closes this placeholder in its value, so the tag runs on into the rest of the metric'),
    ]);
  });

  test('fails for a tag that runs from {{ to the next }} across what looks like two placeholders', () => {
    set.metric.provider.prometheus.query = 'up{service="{{args.service}"} > {{args.threshold}}';
    expect(set.findingsOf('analysis-placeholder-declared')).toEqual([
      // the tag as it stands in the metric's JSON (Go's json.Marshal: `"` → `\"`, `>` → `\u003e`)
      finding('analysis-placeholder-declared', T, M0, 'failed to resolve {{args.service}\\"} \\u003e {{args.threshold}}'),
    ]);
  });

  test('reports the tag as the controller does: untrimmed, once per metric', () => {
    set.metric.successCondition = 'result[0] >= {{ args.min }}';
    set.metric.failureCondition = 'result[0] < {{ args.min }}';
    expect(set.findingsOf('analysis-placeholder-declared')).toEqual([
      finding('analysis-placeholder-declared', T, M0, 'failed to resolve {{ args.min }}'),
    ]);
  });

  test('near miss: a lone }} is plain text', () => {
    set.metric.provider.prometheus.query = 'label_replace(up{service="{{args.service}}"}, "x", "}}", "", "")';
    expectClean();
  });
});

// dryRun / measurementRetention rules are checked on the run they end up in: for a template the
// Rollout references, on the Rollout's analysis (its own rules, then its templates', against the
// metrics of all its templates); for a template nothing in the set uses, on the template alone
const ANALYSIS = 'Rollout/web';
/** the reference of the template whose rule matches nothing */
const TEMPLATES = 'spec.strategy.blueGreen.prePromotionAnalysis.templates[0]';
const UNMATCHED = (field: string, i: number) => `${field}[${i}]: Rule didn't match any metric name(s)`;

describe('analysis-dry-run-matches (M23)', () => {
  test('fails for a dryRun rule of a template that names no metric of the analysis, on the Rollout', () => {
    set.template.spec.dryRun = [{ metricName: 'error-rate' }];
    expect(set.findingsOf('analysis-dry-run-matches')).toEqual([
      finding('analysis-dry-run-matches', ANALYSIS, TEMPLATES, UNMATCHED('dryRun', 0)),
    ]);
  });

  test('fails for a template that no Rollout uses, on the template', () => {
    set.template.spec.dryRun = [{ metricName: 'error-rate' }];
    expect(findingsOf([set.template], 'analysis-dry-run-matches')).toEqual([
      finding('analysis-dry-run-matches', T, 'spec.dryRun[0].metricName', UNMATCHED('dryRun', 0)),
    ]);
  });

  test('fails for the analysis\'s own dryRun rule, counted before the templates\' (mergeDryRunMetrics)', () => {
    set.template.spec.dryRun = [{ metricName: 'success-rate' }];
    set.analysis.dryRun = [{ metricName: 'latency' }];
    expect(set.findingsOf('analysis-dry-run-matches')).toEqual([
      finding('analysis-dry-run-matches', ANALYSIS, 'spec.strategy.blueGreen.prePromotionAnalysis.dryRun[0].metricName', UNMATCHED('dryRun', 0)),
    ]);
  });

  test('passes for a rule naming a metric of another template of the same analysis', () => {
    set.template.spec.dryRun = [{ metricName: 'error-rate' }];
    set.extra.push(analysisTemplate('errors', { metrics: [metric({ name: 'error-rate' })] }));
    set.analysis.templates.push({ templateName: 'errors' });
    expectClean();
  });

  test.each([
    ['*', 'a bare * does not compile in Go (missing argument to repetition operator)'],
    ['(?=success).*', 'lookarounds are not RE2'],
    ['(s)\\1', 'backreferences are not RE2'],
  ])('fails for %j: %s', (metricName) => {
    set.template.spec.dryRun = [{ metricName: 'success-rate' }, { metricName }];
    expect(set.findingsOf('analysis-dry-run-matches')).toEqual([
      finding('analysis-dry-run-matches', ANALYSIS, TEMPLATES, UNMATCHED('dryRun', 1)),
    ]);
  });

  test.each(['.*', 'success-rate', 'success', '^success-.*$', '(?i)SUCCESS'])('passes for the regular expression %j', (metricName) => {
    set.template.spec.dryRun = [{ metricName }];
    expectClean();
  });
});

describe('analysis-measurement-retention-matches (M24)', () => {
  test('fails for a measurementRetention rule that names no metric', () => {
    set.template.spec.measurementRetention = [{ metricName: 'latency', limit: 20 }];
    expect(set.findingsOf('analysis-measurement-retention-matches')).toEqual([
      finding('analysis-measurement-retention-matches', ANALYSIS, TEMPLATES, UNMATCHED('measurementRetention', 0)),
    ]);
  });

  test('fails in an AnalysisRun, which is checked as it is', () => {
    const run = analysisTemplate('run', { measurementRetention: [{ metricName: 'latency', limit: 20 }] }, 'AnalysisRun');
    expect(findingsOf([run], 'analysis-measurement-retention-matches')).toEqual([
      finding('analysis-measurement-retention-matches', 'AnalysisRun/run', 'spec.measurementRetention[0].metricName', UNMATCHED('measurementRetention', 0)),
    ]);
  });

  test('passes for .*', () => {
    set.template.spec.measurementRetention = [{ metricName: '.*', limit: 20 }];
    expectClean();
  });
});

describe('templates on their own', () => {
  test('a template is checked even when no Rollout references it, and the fixture matches the CRD schema', () => {
    const t = analysisTemplate('latency', { metrics: [metric({ name: 'latency', interval: '5 m' })] });
    expect(expectSchemaValid([t])).toBe(1);
    expect(findingsOf([t], 'metric-interval-duration')).toEqual([
      finding('metric-interval-duration', 'AnalysisTemplate/latency', 'spec.metrics[0].interval', 'metrics[0]: invalid interval string: time: unknown unit " m" in duration "5 m"'),
    ]);
  });

  test('every template rule reports an error', () => {
    set.metric.failureLimit = -2;
    set.template.spec.dryRun = [{ metricName: 'nothing' }];
    expect(set.findings().map((f) => f.severity)).toEqual([Severity.ERROR, Severity.ERROR]);
  });
});
