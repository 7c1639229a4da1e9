import { analysisTemplate, findingsOf } from './fixtures';
import { allFindings, ruleFindings } from './traffic-fixtures';
import { goDurationError } from '../../../src/validation/duration';
import { Severity } from '../../../src/validation/finding';
import { Manifest } from '../../../src/validation/manifest';

const E = Severity.ERROR;

function template(name: string, overrides: Record<string, any> = {}): Record<string, any> {
  return {
    name,
    replicas: 1,
    selector: { matchLabels: { app: 'web', role: name } },
    template: {
      metadata: { labels: { app: 'web', role: name } },
      spec: { containers: [{ name: 'web', image: `web:${name}` }] },
    },
    ...overrides,
  };
}

/** An Experiment `ab` with a baseline and a canary template and an analysis of `success-rate`. */
function experiment(spec: Record<string, any> = {}): Manifest {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Experiment',
    metadata: { name: 'ab' },
    spec: {
      duration: '30m',
      templates: [template('baseline'), template('canary')],
      analyses: [{ name: 'compare', templateName: 'success-rate', args: [{ name: 'service', value: 'web' }], requiredForCompletion: true }],
      ...spec,
    },
  };
}

function set(spec: Record<string, any> = {}): Manifest[] {
  return [experiment(spec), analysisTemplate()];
}

test('a valid experiment is clean', () => {
  expect(allFindings(set())).toEqual([]);
});

describe('experiment-template-selector-required (E1)', () => {
  test('fails for a template without selector', () => {
    const t = template('canary');
    delete t.selector;
    expect(ruleFindings('experiment-template-selector-required', set({ templates: [template('baseline'), t] }))).toEqual([
      { path: 'spec.templates[1].selector', message: 'Rollout has missing field \'.Spec.Templates[1].Selector\'', severity: E },
    ]);
  });
});

describe('experiment-template-selector-not-empty (E2)', () => {
  const id = 'experiment-template-selector-not-empty';
  test('fails for a selector {}', () => {
    expect(ruleFindings(id, set({ templates: [template('baseline', { selector: {} })] }))).toEqual([
      { path: 'spec.templates[0].selector', message: 'This experiment is selecting all pods at index 0. A non-empty selector is required.', severity: E },
    ]);
  });
  test('passes for a selector with only matchExpressions', () => {
    const selector = { matchExpressions: [{ key: 'role', operator: 'In', values: ['baseline'] }] };
    expect(ruleFindings(id, set({ templates: [template('baseline', { selector })] }))).toEqual([]);
  });
});

describe('experiment-template-selector-matches', () => {
  const id = 'experiment-template-selector-matches';
  test('fails when the pod labels do not carry the selector', () => {
    expect(ruleFindings(id, set({ templates: [template('baseline', { selector: { matchLabels: { role: 'canary' } } })] }))).toEqual([
      { path: 'spec.templates[0].template.metadata.labels', message: 'Invalid value: `selector` does not match template `labels`', severity: E },
    ]);
  });
  test('passes for a selector on a subset of the labels', () => {
    expect(ruleFindings(id, set({ templates: [template('baseline', { selector: { matchLabels: { role: 'baseline' } } })] }))).toEqual([]);
  });
});

describe('experiment-template-min-ready (E3)', () => {
  const id = 'experiment-template-min-ready';
  test('fails for minReadySeconds longer than the default deadline (600)', () => {
    expect(ruleFindings(id, set({ templates: [template('baseline'), template('canary', { minReadySeconds: 601 })] }))).toEqual([
      { path: 'spec.templates[1].minReadySeconds', message: 'MinReadySeconds cannot be longer than ProgressDeadlineSeconds. Check template index 1', severity: E },
    ]);
  });
  test('fails against an explicit progressDeadlineSeconds', () => {
    expect(ruleFindings(id, set({ progressDeadlineSeconds: 60, templates: [template('baseline', { minReadySeconds: 61 })] }))).toHaveLength(1);
  });
  test('passes for minReadySeconds equal to the deadline', () => {
    expect(ruleFindings(id, set({ progressDeadlineSeconds: 60, templates: [template('baseline', { minReadySeconds: 60 })] }))).toEqual([]);
  });
});

describe('experiment-template-name-required (E4)', () => {
  test('fails for an empty template name', () => {
    expect(ruleFindings('experiment-template-name-required', set({ templates: [template('baseline'), template('')] }))).toEqual([
      { path: 'spec.templates[1].name', message: 'Experiment ab has empty template name at index 1', severity: E },
    ]);
  });
});

describe('experiment-template-name-unique (E5)', () => {
  const id = 'experiment-template-name-unique';
  test('fails for a repeated template name', () => {
    expect(ruleFindings(id, set({ templates: [template('canary'), template('baseline'), template('canary')] }))).toEqual([
      { path: 'spec.templates[2].name', message: 'Experiment ab has repeated template name \'canary\' in templates', severity: E },
    ]);
  });
  test('passes for names that differ only in case', () => {
    expect(ruleFindings(id, set({ templates: [template('canary'), template('Canary')] }))).toEqual([]);
  });
});

describe('experiment-duration-valid (E6)', () => {
  const id = 'experiment-duration-valid';
  test('fails for a duration in days', () => {
    expect(ruleFindings(id, set({ duration: '1d' }))).toEqual([
      { path: 'spec.duration', message: 'time: unknown unit "d" in duration "1d"', severity: E },
    ]);
  });
  test('fails for a bare number', () => {
    expect(ruleFindings(id, set({ duration: '90' }))[0].message).toBe('time: missing unit in duration "90"');
  });
  test('passes for a compound Go duration', () => {
    expect(ruleFindings(id, set({ duration: '1h30m' }))).toEqual([]);
  });
  test('goDurationError words errors as Go does', () => {
    expect(goDurationError('abc')).toBe('time: invalid duration "abc"');
    expect(goDurationError('-')).toBe('time: invalid duration "-"');
    expect(goDurationError('.s')).toBe('time: invalid duration ".s"');
    expect(goDurationError('1h5')).toBe('time: missing unit in duration "1h5"');
    expect(goDurationError('0')).toBeUndefined();
    expect(goDurationError('1.5h')).toBeUndefined();
  });
});

describe('experiment analyses use the analysis reference rules', () => {
  test('ref-analysis-template-exists (RR3) fails for a template that is not in the set', () => {
    expect(ruleFindings('ref-analysis-template-exists', [experiment()])).toEqual([
      { path: 'spec.analyses[0].templateName', message: 'analysistemplate.argoproj.io "success-rate" not found', severity: E },
    ]);
  });
  test('ref-analysis-template-exists looks a clusterScope template up among ClusterAnalysisTemplates', () => {
    const e = experiment();
    e.spec.analyses[0].clusterScope = true;
    expect(ruleFindings('ref-analysis-template-exists', [e, analysisTemplate()])[0].message).toBe('clusteranalysistemplate.argoproj.io "success-rate" not found');
    expect(ruleFindings('ref-analysis-template-exists', [e, analysisTemplate('success-rate', {}, 'ClusterAnalysisTemplate')])).toEqual([]);
  });
  test('analysis-args-resolved (M20) fails when a required argument is not passed', () => {
    const e = experiment();
    delete e.spec.analyses[0].args;
    expect(ruleFindings('analysis-args-resolved', [e, analysisTemplate()])).toEqual([
      { path: 'spec.analyses[0].args', message: 'args.service was not resolved', severity: E },
    ]);
  });
  test('analysis-args-resolved (M20) fails for an argument passed without value or valueFrom (Argument.value is a pointer)', () => {
    const e = experiment();
    e.spec.analyses[0].args = [{ name: 'service' }];
    expect(ruleFindings('analysis-args-resolved', [e, analysisTemplate()]).map((f) => f.message)).toEqual(['args.service was not resolved']);
  });
  test('analysis-arg-declared warns for an argument the template does not declare (the controller ignores it)', () => {
    const e = experiment();
    e.spec.analyses[0].args.push({ name: 'canary-hash', value: '{{templates.canary.podTemplateHash}}' });
    expect(ruleFindings('analysis-arg-declared', [e, analysisTemplate()])).toEqual([
      { path: 'spec.analyses[0].args[1].name', message: 'argument "canary-hash" is not declared by AnalysisTemplate/success-rate: the controller ignores it', severity: Severity.WARNING },
    ]);
  });
  test('analysis-arg-value-or-value-from (RR4) fails for a value passed for an argument the template reads from a Secret', () => {
    const t = analysisTemplate('success-rate', { args: [{ name: 'service' }, { name: 'threshold', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] });
    const e = experiment();
    e.spec.analyses[0].args.push({ name: 'threshold', value: '0.9' });
    expect(ruleFindings('analysis-arg-value-or-value-from', [e, t])).toEqual([
      { path: 'spec.analyses[0].args[1]', message: 'arg \'threshold\' has both Value and ValueFrom fields', severity: E },
    ]);
    e.spec.analyses[0].args.pop();
    expect(ruleFindings('analysis-arg-value-or-value-from', [e, t])).toEqual([]);
  });
  test('a composite template: the arguments of the templates it nests must be passed, and its missing ones are reported', () => {
    const child = analysisTemplate('child');
    const parent = analysisTemplate('success-rate', { args: undefined, metrics: undefined, templates: [{ templateName: 'child' }] });
    const e = experiment();
    delete e.spec.analyses[0].args;
    expect(ruleFindings('analysis-args-resolved', [e, parent, child])).toEqual([
      { path: 'spec.analyses[0].args', message: 'args.service was not resolved', severity: E },
    ]);
    expect(allFindings([experiment(), parent, child])).toEqual([]);
    // the missing nested template is reported once, on the template that names it
    expect(findingsOf([experiment(), parent], 'ref-analysis-template-exists').map((f) => `${f.kind}/${f.name} ${f.path}: ${f.message}`)).toEqual([
      'AnalysisTemplate/success-rate spec.templates[0].templateName: analysistemplate.argoproj.io "child" not found',
    ]);
  });
  test('the experiment\'s dryRun rules are checked against the metrics of each analysis (mergeDryRunMetrics, M23)', () => {
    const e = experiment();
    e.spec.dryRun = [{ metricName: 'latency' }];
    expect(ruleFindings('analysis-dry-run-matches', [e, analysisTemplate()])).toEqual([
      { path: 'spec.dryRun[0].metricName', message: 'dryRun[0]: Rule didn\'t match any metric name(s)', severity: E },
    ]);
    e.spec.dryRun = [{ metricName: 'success-rate' }];
    expect(ruleFindings('analysis-dry-run-matches', [e, analysisTemplate()])).toEqual([]);
  });
  test('passes for template-hash argument values', () => {
    const t = analysisTemplate('success-rate', { args: [{ name: 'service' }, { name: 'threshold', value: '0.95' }, { name: 'canary-hash' }] });
    const e = experiment();
    e.spec.analyses[0].args.push({ name: 'canary-hash', value: '{{templates.canary.podTemplateHash}}' });
    expect(allFindings([e, t])).toEqual([]);
  });
});
