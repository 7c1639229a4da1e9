import { analysisTemplate, BlueGreenSet, finding, metric, service, summary } from './fixtures';
import { canaryRollout } from './traffic-fixtures';
import { validateManifests } from '../../../src/validation/engine';
import { Severity } from '../../../src/validation/finding';
import { reportsMissingObject } from '../../../src/validation/rule';

let set: BlueGreenSet;
beforeEach(() => {
  set = new BlueGreenSet();
});

/** The set has no finding at all. */
function expectClean(options?: { ignoreMissingRefs?: boolean }) {
  expect(summary(set.findings(options))).toEqual([]);
}

const R = 'Rollout/web';
const PRE = 'spec.strategy.blueGreen.prePromotionAnalysis';

/** Makes the pre-promotion analysis reference a second template too. */
function addTemplate(t: Record<string, any>) {
  set.extra.push(t);
  set.analysis.templates.push({ templateName: t.metadata.name });
}

/** A canary Rollout with a background analysis of `success-rate`, and a stable/canary Service pair. */
function canaryWithBackgroundAnalysis() {
  set.spec.strategy = {
    canary: {
      stableService: 'web-active',
      canaryService: 'web-preview',
      analysis: { templates: [{ templateName: 'success-rate' }], args: [{ name: 'service', value: 'web-preview' }] },
      steps: [{ setWeight: 50 }, { pause: { duration: 60 } }],
    },
  };
}

describe('ref-analysis-template-exists (RR3)', () => {
  test('fails for a template that is not in the set, as an error', () => {
    set.analysis.templates[0].templateName = 'error-rate';
    expect(set.findingsOf('ref-analysis-template-exists')).toEqual([
      finding('ref-analysis-template-exists', R, `${PRE}.templates[0].templateName`, 'analysistemplate.argoproj.io "error-rate" not found'),
    ]);
  });

  test('reports the missing template as a warning with ignoreMissingRefs', () => {
    set.analysis.templates[0].templateName = 'error-rate';
    expect(set.findings({ ignoreMissingRefs: true })).toEqual([
      finding('ref-analysis-template-exists', R, `${PRE}.templates[0].templateName`, 'analysistemplate.argoproj.io "error-rate" not found', Severity.WARNING),
    ]);
  });

  test('fails for clusterScope when only a namespaced template has the name', () => {
    set.analysis.templates[0].clusterScope = true;
    expect(set.findingsOf('ref-analysis-template-exists')).toEqual([
      finding('ref-analysis-template-exists', R, `${PRE}.templates[0].templateName`, 'clusteranalysistemplate.argoproj.io "success-rate" not found'),
    ]);
  });

  test('fails for a template in another namespace than the Rollout', () => {
    set.rollout.metadata.namespace = 'shop';
    set.active.metadata.namespace = 'shop';
    set.preview.metadata.namespace = 'shop';
    set.template.metadata.namespace = 'monitoring';
    expect(set.findingsOf('ref-analysis-template-exists')).toHaveLength(1);
  });

  test('passes for a ClusterAnalysisTemplate referenced with clusterScope from a namespaced Rollout', () => {
    set.rollout.metadata.namespace = 'shop';
    set.template.kind = 'ClusterAnalysisTemplate';
    set.analysis.templates[0].clusterScope = true;
    expectClean();
  });

  test('passes for a template in the Rollout namespace', () => {
    for (const m of set.manifests()) m.metadata.namespace = 'shop';
    expectClean();
  });
});

describe('analysis-args-resolved (M20)', () => {
  test('fails when a required template arg is not passed', () => {
    delete set.analysis.args;
    expect(set.findingsOf('analysis-args-resolved')).toEqual([
      finding('analysis-args-resolved', R, `${PRE}.args`, 'args.service was not resolved'),
    ]);
  });

  test('passes when a Rollout passes the arg without value or valueFrom (its value is "": AnalysisRunArgument.value is no pointer)', () => {
    set.analysis.args = [{ name: 'service' }];
    expect(set.findingsOf('analysis-args-resolved')).toEqual([]);
  });

  test('fails when a later template declares the arg without a default, after one that takes it valueFrom (upstream flattenArgs)', () => {
    delete set.analysis.args;
    set.template.spec.args[0] = { name: 'service', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } };
    addTemplate(analysisTemplate('error-rate', { args: [{ name: 'service' }] }));
    expect(set.findingsOf('analysis-args-resolved').map((f) => f.message)).toEqual(['args.service was not resolved']);
  });

  test('passes for an arg with a default that the Rollout does not pass', () => {
    expect(set.template.spec.args[1]).toEqual({ name: 'threshold', value: '0.95' });
    expect(set.analysis.args.map((a: any) => a.name)).toEqual(['service']);
    expectClean();
  });

  test('passes for a required arg given by valueFrom, and a default overridden by the Rollout', () => {
    set.analysis.args = [
      { name: 'service', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'threshold', value: '0.99' },
    ];
    expectClean();
  });

  test('passes when a second template gives the default of an arg the first requires', () => {
    delete set.analysis.args;
    addTemplate(analysisTemplate('latency', {
      args: [{ name: 'service', value: 'web-preview' }],
      metrics: [metric({ name: 'latency', successCondition: 'result[0] < 0.5' })],
    }));
    expectClean();
  });
});

describe('analysis-arg-declared (library)', () => {
  test('warns for an arg no referenced template declares: the controller ignores it (MergeArgs), so it is no error', () => {
    set.analysis.args.push({ name: 'namespace', value: 'shop' });
    expect(set.findings()).toEqual([
      finding('analysis-arg-declared', R, `${PRE}.args[1].name`, 'argument "namespace" is not declared by AnalysisTemplate/success-rate: the controller ignores it', Severity.WARNING),
    ]);
  });

  test('warns (no error) for a background analysis passing pod-template hashes the template does not declare', () => {
    canaryWithBackgroundAnalysis();
    set.spec.strategy.canary.analysis.args.push({ name: 'stable-hash', valueFrom: { podTemplateHashValue: 'Stable' } });
    const found = set.findings().filter((f) => !f.ruleId.startsWith('plan-'));
    expect(found.map((f) => [f.ruleId, f.severity, f.path])).toEqual([
      ['analysis-arg-declared', Severity.WARNING, 'spec.strategy.canary.analysis.args[1].name'],
    ]);
  });

  test('is not reported when a referenced template is missing (reported by ref-analysis-template-exists)', () => {
    set.analysis.args.push({ name: 'namespace', value: 'shop' });
    set.analysis.templates.push({ templateName: 'missing' });
    expect(set.findings().map((f) => f.ruleId)).toEqual(['ref-analysis-template-exists']);
  });

  test('passes for args declared by any of the referenced templates', () => {
    addTemplate(analysisTemplate('latency', { args: [{ name: 'namespace' }], metrics: [metric({ name: 'latency', successCondition: 'true', provider: { web: { url: 'http://m/{{args.namespace}}' } } })] }));
    set.analysis.args.push({ name: 'namespace', value: 'shop' });
    expectClean();
  });
});

describe('analysis-unique-metric-names (M16)', () => {
  test('fails for two referenced templates with a metric of the same name', () => {
    addTemplate(analysisTemplate('success-rate-v2'));
    expect(set.findingsOf('analysis-unique-metric-names')).toEqual([
      finding('analysis-unique-metric-names', R, `${PRE}.templates`, 'two metrics have the same name \'success-rate\''),
    ]);
  });

  test('passes for two templates with different metric names', () => {
    addTemplate(analysisTemplate('latency', { metrics: [metric({ name: 'latency' })] }));
    expectClean();
  });
});

describe('analysis-arg-conflict (M19)', () => {
  test('fails for two templates giving one arg different defaults', () => {
    addTemplate(analysisTemplate('latency', { args: [{ name: 'service' }, { name: 'threshold', value: '0.99' }], metrics: [metric({ name: 'latency' })] }));
    expect(set.findingsOf('analysis-arg-conflict')).toEqual([
      finding('analysis-arg-conflict', R, `${PRE}.templates`, 'Argument `threshold` specified multiple times with different values: \'0.95\', \'0.99\''),
    ]);
  });

  test('passes for the same default in both, or a default in one only', () => {
    addTemplate(analysisTemplate('latency', { args: [{ name: 'service' }, { name: 'threshold', value: '0.95' }], metrics: [metric({ name: 'latency' })] }));
    addTemplate(analysisTemplate('errors', { args: [{ name: 'service' }, { name: 'threshold' }], metrics: [metric({ name: 'errors' })] }));
    expectClean();
  });
});

describe('analysis-unique-dry-run (M17)', () => {
  test('fails for a dryRun rule given by the template and again by the Rollout', () => {
    set.template.spec.dryRun = [{ metricName: 'success-rate' }];
    set.analysis.dryRun = [{ metricName: 'success-rate' }];
    expect(set.findingsOf('analysis-unique-dry-run')).toEqual([
      finding('analysis-unique-dry-run', R, `${PRE}.dryRun`, 'two Dry-Run metric rules have the same name \'success-rate\''),
    ]);
  });

  test('passes for different rules from the template and the Rollout', () => {
    set.template.spec.dryRun = [{ metricName: 'success-rate' }];
    set.analysis.dryRun = [{ metricName: '.*' }];
    expectClean();
  });
});

describe('analysis-unique-measurement-retention (M18)', () => {
  test('fails for a measurementRetention rule given by two templates', () => {
    set.template.spec.measurementRetention = [{ metricName: '.*', limit: 10 }];
    addTemplate(analysisTemplate('latency', { metrics: [metric({ name: 'latency' })], measurementRetention: [{ metricName: '.*', limit: 5 }] }));
    expect(set.findingsOf('analysis-unique-measurement-retention')).toEqual([
      finding('analysis-unique-measurement-retention', R, `${PRE}.measurementRetention`, 'two Measurement Retention metric rules have the same name \'.*\''),
    ]);
  });

  test('passes for one rule per metric', () => {
    set.template.spec.measurementRetention = [{ metricName: 'success-rate', limit: 10 }];
    addTemplate(analysisTemplate('latency', { metrics: [metric({ name: 'latency' })], measurementRetention: [{ metricName: 'latency', limit: 5 }] }));
    expectClean();
  });
});

describe('analysis-metric-terminates (RR6)', () => {
  test('fails for a pre-promotion metric with an interval and no count', () => {
    delete set.metric.count;
    expect(set.findingsOf('analysis-metric-terminates')).toEqual([
      finding('analysis-metric-terminates', R, `${PRE}.templates`,
        'AnalysisTemplate success-rate has metric success-rate which runs indefinitely. Invalid value for count: <nil>'),
    ]);
  });

  // the controller checks the template alone: an argument without a default is "dummy-value", and
  // what the Rollout passes is not read (argoproj/argo-rollouts#3243)
  test('fails for a count placeholder whose argument has no default, whatever the Rollout passes', () => {
    set.template.spec.args.push({ name: 'count' });
    set.analysis.args.push({ name: 'count', value: '3' });
    set.metric.count = '{{args.count}}';
    expect(set.findingsOf('analysis-metric-terminates')).toEqual([
      finding('analysis-metric-terminates', R, `${PRE}.templates`,
        'AnalysisTemplate success-rate has metric success-rate which runs indefinitely. Invalid value for count: dummy-value'),
    ]);
    set.template.spec.args[2] = { name: 'count', valueFrom: { secretKeyRef: { name: 's', key: 'count' } } };
    expect(set.findingsOf('analysis-metric-terminates').map((f) => f.message.split(': ')[1])).toEqual(['dummy-value']);
  });

  test('fails for a count placeholder whose default is 0, even when the Rollout passes 4', () => {
    set.template.spec.args.push({ name: 'count', value: '0' });
    set.analysis.args.push({ name: 'count', value: '4' });
    set.metric.count = '{{args.count}}';
    expect(set.findingsOf('analysis-metric-terminates').map((f) => f.message.split(': ')[1])).toEqual(['0']);
  });

  test('fails for a post-promotion analysis too', () => {
    set.blueGreen.postPromotionAnalysis = set.analysis;
    delete set.blueGreen.prePromotionAnalysis;
    set.metric.count = 0;
    expect(set.findingsOf('analysis-metric-terminates').map((f) => f.path)).toEqual(['spec.strategy.blueGreen.postPromotionAnalysis.templates']);
  });

  test('passes for the same metric as canary background analysis', () => {
    canaryWithBackgroundAnalysis();
    delete set.metric.count;
    expectClean();
  });

  test('passes for a count placeholder whose template default terminates', () => {
    set.template.spec.args.push({ name: 'count', value: '3' });
    set.metric.count = '{{args.count}}';
    expectClean();
  });

  test('passes for a metric without interval (measured once)', () => {
    delete set.metric.interval;
    delete set.metric.count;
    expectClean();
  });
});

describe('analysis-metric-terminates-with-args (library, warning)', () => {
  const id = 'analysis-metric-terminates-with-args';

  test('warns when the template default terminates but the Rollout passes 0: the run never completes', () => {
    set.template.spec.args.push({ name: 'count', value: '5' });
    set.analysis.args.push({ name: 'count', value: '0' });
    set.metric.count = '{{args.count}}';
    expect(set.findingsOf('analysis-metric-terminates')).toEqual([]);
    expect(set.findingsOf(id)).toEqual([
      finding(id, R, `${PRE}.args`, 'AnalysisTemplate success-rate has metric success-rate which runs indefinitely with the arguments this Rollout passes: '
        + 'count {{args.count}} is "0", which the controller reads as 0, so the analysis never completes', Severity.WARNING),
    ]);
  });

  test('warns for a value that is not a whole number, and for an argument passed without a value ("")', () => {
    set.template.spec.args.push({ name: 'count', value: '5' });
    set.analysis.args.push({ name: 'count', value: 'five' });
    set.metric.count = '{{args.count}}';
    expect(set.findingsOf(id).map((f) => f.message.split(': count ')[1])).toEqual(['{{args.count}} is "five", which the controller reads as 0, so the analysis never completes']);
    set.analysis.args[1] = { name: 'count' };
    expect(set.findingsOf(id).map((f) => f.message.split(' is ')[1])).toEqual(['"", which the controller reads as 0, so the analysis never completes']);
  });

  test('near misses: a positive count passed, the default used, a valueFrom, background analysis, a metric measured once', () => {
    set.template.spec.args.push({ name: 'count', value: '5' });
    set.metric.count = '{{args.count}}';
    expect(set.findingsOf(id)).toEqual([]);
    set.analysis.args.push({ name: 'count', value: '3' });
    expect(set.findingsOf(id)).toEqual([]);
    set.analysis.args[1] = { name: 'count', valueFrom: { fieldRef: { fieldPath: 'metadata.labels[\'count\']' } } };
    expect(set.findingsOf(id)).toEqual([]);
    set.analysis.args[1] = { name: 'count', value: '0' };
    delete set.metric.interval;
    expect(set.findingsOf(id)).toEqual([]);
    set.metric.interval = '1m';
    canaryWithBackgroundAnalysis();
    set.spec.strategy.canary.analysis.args.push({ name: 'count', value: '0' });
    expect(set.findingsOf(id)).toEqual([]);
  });
});

describe('experiment step analyses (steps[].experiment.analyses): the run the Experiment creates', () => {
  const EXP = 'spec.strategy.canary.steps[1].experiment';
  /** A canary Rollout whose second step is an experiment running `analysis` next to a canary ReplicaSet. */
  function withExperimentAnalysis(analysis: Record<string, any>, experiment: Record<string, any> = {}) {
    set.spec.strategy = {
      canary: {
        stableService: 'web-active',
        canaryService: 'web-preview',
        steps: [{ setWeight: 20 }, { experiment: { templates: [{ name: 'canary', specRef: 'canary' }], analyses: [{ name: 'compare', ...analysis }], ...experiment } }],
      },
    };
  }

  test('fails for a template that is not in the set (the Experiment\'s analysis errors)', () => {
    withExperimentAnalysis({ templateName: 'error-rate', args: [{ name: 'service', value: 'web-preview' }] });
    expect(set.findingsOf('ref-analysis-template-exists')).toEqual([
      finding('ref-analysis-template-exists', R, `${EXP}.analyses[0].templateName`, 'analysistemplate.argoproj.io "error-rate" not found'),
    ]);
  });

  test('fails when a required template arg is not passed (M20, when the Experiment creates the run)', () => {
    withExperimentAnalysis({ templateName: 'success-rate' });
    expect(set.findingsOf('analysis-args-resolved')).toEqual([
      finding('analysis-args-resolved', R, `${EXP}.analyses[0].args`, 'args.service was not resolved'),
    ]);
  });

  test('passes when the arg is passed, even without a value (the Rollout passes "")', () => {
    withExperimentAnalysis({ templateName: 'success-rate', args: [{ name: 'service' }] });
    expectClean();
  });

  test('warns for an arg the template does not declare', () => {
    withExperimentAnalysis({ templateName: 'success-rate', args: [{ name: 'service', value: 'x' }, { name: 'sevrice', value: 'y' }] });
    expect(set.findings().map((f) => [f.ruleId, f.severity, f.path])).toEqual([
      ['analysis-arg-declared', Severity.WARNING, `${EXP}.analyses[0].args[1].name`],
    ]);
  });

  test('fails for a pod-template hash passed for an arg the template reads valueFrom (the Rollout resolves it into a value)', () => {
    set.template.spec.args.push({ name: 'token', valueFrom: { secretKeyRef: { name: 'prom', key: 'token' } } });
    withExperimentAnalysis({ templateName: 'success-rate', args: [{ name: 'service', value: 'x' }, { name: 'token', valueFrom: { podTemplateHashValue: 'Latest' } }] });
    expect(set.findingsOf('analysis-arg-value-or-value-from')).toEqual([
      finding('analysis-arg-value-or-value-from', R, `${EXP}.analyses[0].args[1]`, 'arg \'token\' has both Value and ValueFrom fields'),
    ]);
  });

  test('checks the experiment\'s dryRun against the metrics of its analysis; RR6 is not applied (the Rollout controller does not check experiments)', () => {
    delete set.metric.count;
    withExperimentAnalysis({ templateName: 'success-rate', args: [{ name: 'service', value: 'x' }] }, { dryRun: [{ metricName: 'latency' }] });
    expect(set.findings().map((f) => `${f.ruleId} ${f.path}`)).toEqual([`analysis-dry-run-matches ${EXP}.dryRun[0].metricName`]);
  });
});

describe('analysis-arg-value-or-value-from (RR4) on the arguments of the run', () => {
  const TOKEN = { name: 'token', valueFrom: { secretKeyRef: { name: 'prom', key: 'token' } } };

  test('fails for a value passed for an argument the template reads from a Secret (MergeArgs keeps the valueFrom)', () => {
    set.template.spec.args.push(TOKEN);
    set.analysis.args.push({ name: 'token', value: 'x' });
    expect(set.findingsOf('analysis-arg-value-or-value-from')).toEqual([
      finding('analysis-arg-value-or-value-from', R, `${PRE}.args[1]`, 'arg \'token\' has both Value and ValueFrom fields'),
    ]);
  });

  test('fails for a valueFrom passed by a Rollout too: the Rollout resolves it into a value', () => {
    set.template.spec.args.push({ name: 'ns', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } });
    set.analysis.args.push({ name: 'ns', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } });
    expect(set.findingsOf('analysis-arg-value-or-value-from').map((f) => f.path)).toEqual([`${PRE}.args[1]`]);
  });

  test('passes when the argument is not passed, or a later template gives it a value (flattenArgs replaces it)', () => {
    set.template.spec.args.push(TOKEN);
    expectClean();
    addTemplate(analysisTemplate('latency', { args: [{ name: 'token', value: 't' }], metrics: [metric({ name: 'latency', successCondition: 'true' })] }));
    set.analysis.args.push({ name: 'token', value: 'x' });
    expect(set.findingsOf('analysis-arg-value-or-value-from')).toEqual([]);
  });

  test('a template with both fields is reported on the template alone', () => {
    set.template.spec.args.push({ ...TOKEN, value: 'x' });
    set.analysis.args.push({ name: 'token', value: 'y' });
    expect(set.findingsOf('analysis-arg-value-or-value-from').map((f) => `${f.kind} ${f.path}`)).toEqual(['AnalysisTemplate spec.args[2]']);
  });
});

describe('composite templates (spec.templates): the rules read the flattened run', () => {
  /** Makes `success-rate` a composite of the template `child` (which takes its args and metrics). */
  function composite(child: Record<string, any> = analysisTemplate('child')) {
    set.template.spec = { templates: [{ templateName: 'child' }] };
    set.extra.push(child);
  }

  test('passes for a parent with only templates, its args passed (no M1, no undeclared argument)', () => {
    composite();
    expectClean();
  });

  test('fails for a required arg of the nested template that is not passed', () => {
    composite();
    delete set.analysis.args;
    expect(set.findingsOf('analysis-args-resolved').map((f) => f.message)).toEqual(['args.service was not resolved']);
  });

  test('warns for an arg neither the parent nor its nested templates declare', () => {
    composite();
    set.analysis.args.push({ name: 'nope', value: '1' });
    expect(set.findingsOf('analysis-arg-declared').map((f) => f.message)).toEqual([
      'argument "nope" is not declared by AnalysisTemplate/success-rate, AnalysisTemplate/child: the controller ignores it',
    ]);
  });

  test('fails on the parent for a missing nested template, and the run rules wait for it', () => {
    set.template.spec = { templates: [{ templateName: 'child' }] };
    set.analysis.args.push({ name: 'nope', value: '1' });
    expect(summary(set.findings())).toEqual([
      'ref-analysis-template-exists AnalysisTemplate/success-rate spec.templates[0].templateName: analysistemplate.argoproj.io "child" not found',
    ]);
  });

  test('fails on the Rollout for a namespaced template a ClusterAnalysisTemplate nests, looked up in the Rollout\'s namespace', () => {
    set.template.kind = 'ClusterAnalysisTemplate';
    set.template.spec = { templates: [{ templateName: 'child' }] };
    set.analysis.templates[0].clusterScope = true;
    expect(set.findingsOf('ref-analysis-template-exists')).toEqual([
      finding('ref-analysis-template-exists', R, `${PRE}.templates[0].templateName`,
        'analysistemplate.argoproj.io "child" not found (named by ClusterAnalysisTemplate/success-rate spec.templates[0], looked up in this object\'s namespace)'),
    ]);
    set.extra.push(analysisTemplate('child'));
    expectClean();
  });

  test('follows nesting recursively and cluster-scoped children by clusterScope', () => {
    set.template.spec = { templates: [{ templateName: 'middle', clusterScope: true }] };
    set.extra.push(analysisTemplate('middle', { args: undefined, metrics: undefined, templates: [{ templateName: 'child' }] }, 'ClusterAnalysisTemplate'));
    set.extra.push(analysisTemplate('child'));
    expectClean();
    delete set.analysis.args;
    expect(set.findingsOf('analysis-args-resolved').map((f) => f.message)).toEqual(['args.service was not resolved']);
  });

  test('a cycle is followed once: no endless recursion, each template counted once', () => {
    set.template.spec.templates = [{ templateName: 'other' }];
    set.extra.push(analysisTemplate('other', {
      args: [], metrics: [metric({ name: 'latency', successCondition: 'true', provider: { web: { url: 'http://m/latency' } } })], templates: [{ templateName: 'success-rate' }],
    }));
    expectClean();
  });

  test('fails for a metric name a nested template repeats (M16)', () => {
    set.template.spec.templates = [{ templateName: 'child' }];
    set.extra.push(analysisTemplate('child'));
    expect(set.findingsOf('analysis-unique-metric-names').map((f) => f.message)).toEqual(['two metrics have the same name \'success-rate\'']);
  });

  test('a dryRun rule of the parent may name a metric of a nested template', () => {
    composite();
    set.template.spec.dryRun = [{ metricName: '^success-rate$' }];
    expectClean();
    set.template.spec.dryRun = [{ metricName: 'latency' }];
    expect(set.findingsOf('analysis-dry-run-matches').map((f) => f.path)).toEqual([`${PRE}.templates[0]`]);
  });
});

describe('ref-service-exists (RR1)', () => {
  test('fails for an active Service that is not in the set, as an error', () => {
    set.blueGreen.activeService = 'web-live';
    expect(set.findingsOf('ref-service-exists')).toEqual([
      finding('ref-service-exists', R, 'spec.strategy.blueGreen.activeService', 'service "web-live" not found'),
    ]);
  });

  test('reports the missing Service as a warning with ignoreMissingRefs', () => {
    set.blueGreen.previewService = 'web-next';
    expect(set.findings({ ignoreMissingRefs: true })).toEqual([
      finding('ref-service-exists', R, 'spec.strategy.blueGreen.previewService', 'service "web-next" not found', Severity.WARNING),
    ]);
  });

  test('fails for canary stable and canary Services', () => {
    canaryWithBackgroundAnalysis();
    set.spec.strategy.canary.stableService = 'web-stable';
    set.spec.strategy.canary.canaryService = 'web-canary';
    expect(set.findingsOf('ref-service-exists').map((f) => [f.path, f.message])).toEqual([
      ['spec.strategy.canary.canaryService', 'service "web-canary" not found'],
      ['spec.strategy.canary.stableService', 'service "web-stable" not found'],
    ]);
  });

  test('fails for a Service in another namespace', () => {
    set.rollout.metadata.namespace = 'shop';
    set.template.metadata.namespace = 'shop';
    set.active.metadata.namespace = 'shop';
    set.preview.metadata.namespace = 'staging';
    expect(set.findingsOf('ref-service-exists').map((f) => f.path)).toEqual(['spec.strategy.blueGreen.previewService']);
  });

  test('passes for Services in the Rollout namespace', () => {
    for (const m of set.manifests()) m.metadata.namespace = 'shop';
    expectClean();
  });
});

describe('ref-service-selects-pods (RR1)', () => {
  test('fails for a Service selecting a label the pods do not have', () => {
    set.active.spec.selector = { app: 'web', tier: 'frontend' };
    expect(set.findingsOf('ref-service-selects-pods')).toEqual([
      finding('ref-service-selects-pods', R, 'spec.strategy.blueGreen.activeService', 'Service "web-active" has unmatch label "tier" in rollout'),
    ]);
  });

  test('fails for a Service selecting another value', () => {
    set.preview.spec.selector = { app: 'api' };
    expect(set.findingsOf('ref-service-selects-pods')).toEqual([
      finding('ref-service-selects-pods', R, 'spec.strategy.blueGreen.previewService', 'Service "web-preview" has unmatch label "app" in rollout'),
    ]);
  });

  test('with a workloadRef, checks the Services against the referenced Deployment\'s pod labels (the controller copies its template in first)', () => {
    delete set.spec.template;
    set.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders' };
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'orders' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'api' } }, spec: { containers: [{ name: 'a', image: 'a:1' }] } } },
    };
    set.active.spec.selector = { app: 'web', tier: 'frontend' };
    // the Deployment is not in the set: its labels are not known, nothing to say
    expect(set.findingsOf('ref-service-selects-pods')).toEqual([]);
    set.extra.push(deployment);
    expect(set.findingsOf('ref-service-selects-pods')).toEqual([
      finding('ref-service-selects-pods', R, 'spec.strategy.blueGreen.activeService', 'Service "web-active" has unmatch label "tier" in rollout'),
    ]);
    set.active.spec.selector = { app: 'web', tier: 'api' };
    expect(set.findingsOf('ref-service-selects-pods')).toEqual([]);
  });

  test('passes for a selector with rollouts-pod-template-hash (set by the controller)', () => {
    set.active.spec.selector = { 'app': 'web', 'rollouts-pod-template-hash': '6c8b4f9d7' };
    expectClean();
  });

  test('passes for a Service selecting a subset of the pod labels', () => {
    set.spec.template.metadata.labels.tier = 'frontend';
    set.extra.push(service('unused', { app: 'other' }));
    expectClean();
  });

  test('passes for stable and canary Services selecting the labels of stableMetadata and canaryMetadata', () => {
    canaryWithBackgroundAnalysis();
    set.spec.strategy.canary.stableMetadata = { labels: { role: 'stable' } };
    set.spec.strategy.canary.canaryMetadata = { labels: { role: 'canary' } };
    set.active.spec.selector = { app: 'web', role: 'stable' };
    set.preview.spec.selector = { app: 'web', role: 'canary' };
    expect(set.findingsOf('ref-service-selects-pods')).toEqual([]);
  });

  test('fails for a stable Service selecting the canaryMetadata labels (the stable pods never get them)', () => {
    canaryWithBackgroundAnalysis();
    set.spec.strategy.canary.canaryMetadata = { labels: { role: 'canary' } };
    set.active.spec.selector = { app: 'web', role: 'canary' };
    expect(set.findingsOf('ref-service-selects-pods')).toEqual([
      finding('ref-service-selects-pods', R, 'spec.strategy.canary.stableService', 'Service "web-active" has unmatch label "role" in rollout'),
    ]);
  });

  test('passes for active and preview Services selecting the labels of activeMetadata and previewMetadata', () => {
    set.blueGreen.activeMetadata = { labels: { slot: 'live' } };
    set.blueGreen.previewMetadata = { labels: { slot: 'next' } };
    set.active.spec.selector = { app: 'web', slot: 'live' };
    set.preview.spec.selector = { app: 'web', slot: 'next' };
    expectClean();
  });

  test('fails for a ping Service selecting a stableMetadata label (ping and pong take the pod labels only)', () => {
    canaryWithBackgroundAnalysis();
    set.spec.strategy.canary.stableMetadata = { labels: { role: 'stable' } };
    set.spec.strategy.canary.pingPong = { pingService: 'web-ping', pongService: 'web-pong' };
    set.extra.push(service('web-ping', { app: 'web', role: 'stable' }), service('web-pong'));
    expect(set.findingsOf('ref-service-selects-pods')).toEqual([
      finding('ref-service-selects-pods', R, 'spec.strategy.canary.pingPong.pingService', 'Service "web-ping" has unmatch label "role" in rollout'),
    ]);
  });

  test('is not checked for a workloadRef Rollout (its pod labels live in the Deployment)', () => {
    delete set.spec.template;
    set.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    set.active.spec.selector = { app: 'other' };
    expectClean();
  });
});

describe('ref-service-one-rollout (RR2)', () => {
  const MANAGED_BY = 'argo-rollouts.argoproj.io/managed-by-rollouts';

  /** A second blue-green Rollout, `name`, with the same Services as the set's. */
  function secondRollout(name: string, namespace?: string): Record<string, any> {
    const other = JSON.parse(JSON.stringify(set.rollout));
    other.metadata = { name, ...(namespace ? { namespace } : {}) };
    set.extra.push(other);
    return other;
  }

  test('fails for a Service annotated as managed by another Rollout', () => {
    set.active.metadata.annotations = { [MANAGED_BY]: 'checkout' };
    expect(set.findingsOf('ref-service-one-rollout')).toEqual([
      finding('ref-service-one-rollout', R, 'spec.strategy.blueGreen.activeService', `Service "web-active" is managed by another Rollout (${MANAGED_BY}: checkout)`),
    ]);
  });

  test('passes for a Service annotated as managed by this Rollout (as read back from a cluster)', () => {
    set.active.metadata.annotations = { [MANAGED_BY]: 'web' };
    expectClean();
  });

  test('fails on each Rollout when two Rollouts name the same Services, naming the other', () => {
    const other = secondRollout('web-copy');
    other.spec.strategy.blueGreen.previewService = 'web-copy-preview';
    set.extra.push(service('web-copy-preview'));
    expect(set.findingsOf('ref-service-one-rollout')).toEqual([
      finding('ref-service-one-rollout', R, 'spec.strategy.blueGreen.activeService', 'Service "web-active" is managed by another Rollout: Rollout/web-copy names it too'),
      finding('ref-service-one-rollout', 'Rollout/web-copy', 'spec.strategy.blueGreen.activeService', 'Service "web-active" is managed by another Rollout: Rollout/web names it too'),
    ]);
  });

  test('names another Rollout once, however many copies of it the set holds (files read twice)', () => {
    for (let i = 0; i < 3; i++) secondRollout('web-copy');
    expect(set.findingsOf('ref-service-one-rollout').filter((f) => f.name === 'web').map((f) => f.message)).toEqual([
      'Service "web-active" is managed by another Rollout: Rollout/web-copy names it too',
      'Service "web-preview" is managed by another Rollout: Rollout/web-copy names it too',
    ]);
  });

  test('fails when a canary Rollout takes another Rollout\'s active Service as its stable Service', () => {
    const other = secondRollout('api');
    other.spec.strategy = { canary: { stableService: 'web-active', canaryService: 'web-preview', steps: [{ setWeight: 50 }] } };
    expect(set.findingsOf('ref-service-one-rollout').map((f) => `${f.name} ${f.path}`)).toEqual([
      'api spec.strategy.canary.canaryService',
      'api spec.strategy.canary.stableService',
      'web spec.strategy.blueGreen.activeService',
      'web spec.strategy.blueGreen.previewService',
    ]);
  });

  test('passes for Rollouts of the same Service names in different namespaces', () => {
    for (const m of set.manifests()) m.metadata.namespace = 'shop';
    secondRollout('web', 'staging');
    for (const m of [service('web-active'), service('web-preview'), analysisTemplate()]) {
      m.metadata.namespace = 'staging';
      set.extra.push(m);
    }
    expectClean();
  });

  test('passes for a Rollout in a namespace and one without (which may be deployed to another)', () => {
    secondRollout('web-copy', 'staging');
    expect(set.findingsOf('ref-service-one-rollout')).toEqual([]);
  });

  test('passes for a Rollout that names one Service twice (reported by bluegreen-distinct-services alone)', () => {
    set.blueGreen.previewService = 'web-active';
    expect(set.findingsOf('ref-service-one-rollout')).toEqual([]);
    expect(set.findings().map((f) => f.ruleId)).toContain('bluegreen-distinct-services');
  });
});

describe('rules that report a missing object', () => {
  test('are the rules named ref-<object>-exists: exactly their findings follow ignoreMissingRefs', () => {
    // Rollouts whose every reference is absent: Services, templates, and each router's objects
    const routers: Array<Record<string, any>> = [
      { nginx: { stableIngress: 'web' } },
      { alb: { ingress: 'web', servicePort: 80 } },
      { istio: { virtualService: { name: 'web', routes: ['primary'] }, destinationRule: { name: 'web', canarySubsetName: 'canary', stableSubsetName: 'stable' } } },
      { smi: { rootService: 'web' } },
      { ambassador: { mappings: ['web'] } },
      { appMesh: { virtualService: { name: 'web', routes: ['primary'] }, virtualNodeGroup: { canaryVirtualNodeRef: { name: 'web-canary' }, stableVirtualNodeRef: { name: 'web-stable' } } } },
    ];
    const rollouts = routers.map((trafficRouting, i) => {
      const r = canaryRollout(trafficRouting, { steps: [{ setWeight: 20 }, { analysis: { templates: [{ templateName: 'missing' }] } }] });
      r.metadata = { name: `web${i}`, namespace: `ns${i}` };
      return r;
    });
    const strict = validateManifests(rollouts);
    const lenient = validateManifests(rollouts, { ignoreMissingRefs: true });
    expect(lenient.map((f) => `${f.ruleId} ${f.name} ${f.path}`)).toEqual(strict.map((f) => `${f.ruleId} ${f.name} ${f.path}`));
    const followed = strict.filter((f, i) => f.severity !== lenient[i].severity).map((f) => f.ruleId);
    const named = strict.filter((f) => reportsMissingObject(f.ruleId)).map((f) => f.ruleId);
    expect(followed).toEqual(named);
    expect(new Set(named)).toEqual(new Set([
      'ref-service-exists', 'ref-analysis-template-exists', 'ref-nginx-ingress-exists', 'ref-alb-ingress-exists',
      'ref-istio-virtual-service-exists', 'ref-istio-destination-rule-exists', 'ref-smi-root-service-exists', 'ref-ambassador-mapping-exists',
      'ref-appmesh-virtual-service-exists', 'ref-appmesh-virtual-node-exists',
    ]));
  });
});
