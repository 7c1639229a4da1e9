import { analysisTemplate, findingsOf, service } from './fixtures';
import { allFindings, canaryRollout, ruleFindings } from './traffic-fixtures';
import { goDurationError } from '../../../src/validation/duration';
import { Severity } from '../../../src/validation/finding';
import { Manifest } from '../../../src/validation/manifest';

const E = Severity.ERROR;
const W = Severity.WARNING;
/** The API server's message for a name that is not a DNS-1035 label (a Service's). */
const DNS1035 = 'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')';

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
  test('passes for matchLabels: {} (upstream compares the selector with reflect.DeepEqual: a decoded empty map is not nil)', () => {
    expect(ruleFindings(id, set({ templates: [template('baseline', { selector: { matchLabels: {} } })] }))).toEqual([]);
    expect(ruleFindings(id, set({ templates: [template('baseline', { selector: { matchExpressions: [] } })] }))).toEqual([]);
    expect(ruleFindings(id, set({ templates: [template('baseline', { selector: { matchLabels: null } })] }))).toHaveLength(1);
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

describe('experiment-template-name-valid', () => {
  const id = 'experiment-template-name-valid';
  test('fails for a name that makes an invalid ReplicaSet name <experiment>-<template>', () => {
    expect(ruleFindings(id, set({ templates: [template('Canary'), template('canary_2'), template('canary-')] }))).toEqual([
      { path: 'spec.templates[0].name', message: expect.stringMatching(/^metadata\.name: Invalid value: "ab-Canary": a lowercase RFC 1123 subdomain must consist of/), severity: E },
      { path: 'spec.templates[1].name', message: expect.stringMatching(/^metadata\.name: Invalid value: "ab-canary_2": /), severity: E },
      { path: 'spec.templates[2].name', message: expect.stringMatching(/^metadata\.name: Invalid value: "ab-canary-": /), severity: E },
    ]);
  });
  test('passes for lower case names with digits, dashes and dots', () => {
    expect(ruleFindings(id, set({ templates: [template('canary-2'), template('v1.2')] }))).toEqual([]);
  });
});

describe('experiment-template-service-name-valid', () => {
  const id = 'experiment-template-service-name-valid';
  /** A template with a Service (`service: {}` unless given) whose container declares a port. */
  const served = (name: string, overrides: Record<string, any> = {}) => template(name, {
    service: {},
    template: { metadata: { labels: { app: 'web', role: name } }, spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 8080 }] }] } },
    ...overrides,
  });
  const named = (name: string, templates: any[], metadata: Record<string, any> = { name }) => {
    const e = experiment({ templates });
    e.metadata = metadata;
    return [e, analysisTemplate()];
  };
  const failed = (name: string, t: string, ...errs: string[]) => {
    const causes = errs.map((err) => `metadata.name: Invalid value: "${name}": ${err}`);
    return `Failed to create Service ${name} for template '${t}': Service "${name}" is invalid: ${causes.length > 1 ? `[${causes.join(', ')}]` : causes[0]}`;
  };

  test('fails for a Service named <experiment>-<template> longer than 63 characters', () => {
    const e55 = 'e'.repeat(55);
    expect(ruleFindings(id, named(e55, [served('canary'), served('baseline')]))).toEqual([
      { path: 'spec.templates[1].name', message: failed(`${e55}-baseline`, 'baseline', 'must be no more than 63 characters'), severity: E },
    ]);
  });
  test('fails for an experiment name the Service cannot start with or contain (a digit first, a dot)', () => {
    expect(ruleFindings(id, named('1ab', [served('canary')]))).toEqual([
      { path: 'spec.templates[0].name', message: failed('1ab-canary', 'canary', DNS1035), severity: E },
    ]);
    expect(ruleFindings(id, named('ab.v2', [served('canary')]))).toEqual([
      { path: 'spec.templates[0].name', message: failed('ab.v2-canary', 'canary', DNS1035), severity: E },
    ]);
  });
  test('fails for an invalid service.name, reporting the length and the form as the API server does', () => {
    const long = `x${'a'.repeat(63)}`;
    const bad = `1${'a'.repeat(63)}`;
    expect(ruleFindings(id, set({ templates: [served('a', { service: { name: 'web.canary' } }), served('b', { service: { name: long } }), served('c', { service: { name: bad } })] }))).toEqual([
      { path: 'spec.templates[0].service.name', message: failed('web.canary', 'a', DNS1035), severity: E },
      { path: 'spec.templates[1].service.name', message: failed(long, 'b', 'must be no more than 63 characters'), severity: E },
      { path: 'spec.templates[2].service.name', message: failed(bad, 'c', 'must be no more than 63 characters', DNS1035), severity: E },
    ]);
  });
  test('fails for a generateName: the API server cuts it to 58 characters and adds 5', () => {
    const gen = 'g'.repeat(60);
    expect(ruleFindings(id, named('', [served('canary')], { generateName: gen }))).toEqual([
      { path: 'spec.templates[0].name', message: failed(`${gen}<generated>-canary`, 'canary', 'must be no more than 63 characters'), severity: E },
    ]);
    // 'ab-' + 5 + '-canary' = 15
    expect(ruleFindings(id, named('', [served('canary')], { generateName: 'ab-' }))).toEqual([]);
  });
  test('passes for a name of exactly 63 characters, and for a valid service.name however long the experiment\'s name', () => {
    const e56 = 'e'.repeat(56);
    expect(ruleFindings(id, named(e56, [served('canary')]))).toEqual([]);
    expect(ruleFindings(id, named(`${e56}-x`, [served('canary', { service: { name: 'web-canary' } })]))).toEqual([]);
  });
  test('passes when no Service is created: no service, no container port, or replicas 0', () => {
    const e = 'e'.repeat(60);
    const noPorts = served('canary', { template: template('canary').template });
    expect(ruleFindings(id, named(e, [template('a'), noPorts, served('c', { replicas: 0 })]))).toEqual([]);
  });
  test('leaves an invalid ReplicaSet name to experiment-template-name-valid (the Service comes after the ReplicaSet), but not the length', () => {
    expect(ruleFindings(id, named('ab', [served('Canary')]))).toEqual([]);
    expect(ruleFindings('experiment-template-name-valid', named('ab', [served('Canary')]))).toHaveLength(1);
    expect(ruleFindings(id, named('e'.repeat(60), [served('Canary')]))).toEqual([
      { path: 'spec.templates[0].name', message: failed(`${'e'.repeat(60)}-Canary`, 'Canary', 'must be no more than 63 characters'), severity: E },
    ]);
  });
});

describe('experiment-step-selector-match-labels', () => {
  const id = 'experiment-step-selector-match-labels';
  const MESSAGE = 'the Rollout controller panics creating this step\'s Experiment (assignment to entry in nil map): GetExperimentFromTemplate adds the template\'s metadata labels to selector.matchLabels, and the selector has no matchLabels. The controller recovers and retries, so the Rollout stays at this step with no Experiment, and only the controller\'s log says why ("Recovered from panic")';
  const expressions = [{ key: 'app', operator: 'In', values: ['web'] }];
  const step = (templates: any[]) => [rolloutWithExperiment({ templates }), ...stepServices()];

  test('fails for a step template with metadata labels and a selector without matchLabels', () => {
    expect(ruleFindings(id, step([
      { name: 'a', specRef: 'canary', selector: { matchExpressions: expressions }, metadata: { labels: { role: 'exp' } } },
      { name: 'b', specRef: 'stable', selector: { matchLabels: null, matchExpressions: expressions }, metadata: { labels: { role: 'exp' } } },
      { name: 'c', specRef: 'stable', selector: {}, metadata: { labels: { role: 'exp' } } },
    ]))).toEqual([
      { path: 'spec.strategy.canary.steps[1].experiment.templates[0].selector', message: MESSAGE, severity: E },
      { path: 'spec.strategy.canary.steps[1].experiment.templates[1].selector', message: MESSAGE, severity: E },
      { path: 'spec.strategy.canary.steps[1].experiment.templates[2].selector', message: MESSAGE, severity: E },
    ]);
  });
  test('passes with matchLabels (even {}: a decoded empty map takes the labels), without metadata labels, or without a selector', () => {
    expect(ruleFindings(id, step([
      { name: 'a', specRef: 'canary', selector: { matchLabels: {}, matchExpressions: expressions }, metadata: { labels: { role: 'exp' } } },
      { name: 'b', specRef: 'canary', selector: { matchLabels: { role: 'exp' }, matchExpressions: expressions }, metadata: { labels: { role: 'exp' } } },
      { name: 'c', specRef: 'canary', selector: { matchExpressions: expressions } },
      { name: 'd', specRef: 'canary', selector: { matchExpressions: expressions }, metadata: { labels: {}, annotations: { a: 'b' } } },
      // the stable or canary ReplicaSet's selector always has matchLabels (CloneSelectorAndAddLabel)
      { name: 'e', specRef: 'canary', metadata: { labels: { role: 'exp' } } },
    ]))).toEqual([]);
  });
  test('a standalone Experiment does not panic on it (newReplicaSetFromTemplate clones the selector into a new map)', () => {
    const t = template('canary', { selector: { matchExpressions: [{ key: 'role', operator: 'In', values: ['canary'] }] } });
    expect(ruleFindings(id, set({ templates: [t] }))).toEqual([]);
  });
});

describe('experiment-template-replicas-nonnegative', () => {
  const id = 'experiment-template-replicas-nonnegative';
  test('fails for negative replicas (the API server rejects the ReplicaSet)', () => {
    expect(ruleFindings(id, set({ templates: [template('baseline', { replicas: -1 })] }))).toEqual([
      { path: 'spec.templates[0].replicas', message: 'spec.replicas: Invalid value: -1: must be greater than or equal to 0', severity: E },
    ]);
  });
  test('passes for 0 and for no replicas', () => {
    const t = template('canary');
    delete t.replicas;
    expect(ruleFindings(id, set({ templates: [template('baseline', { replicas: 0 }), t] }))).toEqual([]);
  });
});

describe('experiment-templates-required', () => {
  test('warns for an experiment without templates (it runs nothing and succeeds at once)', () => {
    expect(ruleFindings('experiment-templates-required', set({ templates: [] }))).toEqual([
      { path: 'spec.templates', message: 'the experiment has no templates: it runs nothing, and succeeds at once without running its analyses', severity: W },
    ]);
    expect(ruleFindings('experiment-templates-required', set())).toEqual([]);
  });
});

describe('experiment-analysis-arg-placeholder', () => {
  const id = 'experiment-analysis-arg-placeholder';
  const withArg = (value: string, spec: Record<string, any> = {}) => {
    const e = experiment(spec);
    e.spec.analyses[0].args.push({ name: 'hash', value });
    return [e, analysisTemplate('success-rate', { args: [{ name: 'service' }, { name: 'threshold', value: '0.95' }, { name: 'hash' }] })];
  };
  test('fails for a template the experiment does not have', () => {
    expect(ruleFindings(id, withArg('{{templates.cnary.podTemplateHash}}'))).toEqual([{
      path: 'spec.analyses[0].args[1].value',
      message: 'failed to resolve {{templates.cnary.podTemplateHash}}: the experiment has no template "cnary" (its templates: baseline, canary)',
      severity: E,
    }]);
  });
  test('fails for experiment.finishedAt without a duration, and for placeholders an Experiment does not resolve', () => {
    expect(ruleFindings(id, withArg('{{experiment.finishedAt}}', { duration: undefined })).map((f) => f.message)).toEqual([
      'failed to resolve {{experiment.finishedAt}}: the experiment has no duration, so it has no end time',
    ]);
    expect(ruleFindings(id, withArg('{{args.service}}')).map((f) => f.message)).toEqual([
      'failed to resolve {{args.service}}: an Experiment resolves only templates.<name>.podTemplateHash, templates.<name>.replicaset.name, experiment.availableAt and experiment.finishedAt',
    ]);
  });
  test('passes for the values an Experiment resolves', () => {
    for (const v of ['{{templates.canary.podTemplateHash}}', '{{ templates.baseline.replicaset.name }}', '{{experiment.availableAt}}', 'from {{experiment.availableAt}} to {{experiment.finishedAt}}']) {
      expect(ruleFindings(id, withArg(v))).toEqual([]);
    }
  });
});

describe('valueFrom in a standalone Experiment\'s analysis arguments (dropped by ResolveAnalysisRunArgs)', () => {
  const fieldRef = { fieldRef: { fieldPath: 'metadata.name' } };
  test('analysis-args-resolved (M20) fails when the template has no fallback, saying why', () => {
    const e = experiment();
    e.spec.analyses[0].args = [{ name: 'service', valueFrom: fieldRef }];
    const findings = findingsOf([e, analysisTemplate()], 'analysis-args-resolved');
    expect(findings.map((f) => [f.path, f.message, f.severity])).toEqual([['spec.analyses[0].args', 'args.service was not resolved', E]]);
    expect(findings[0].fix).toMatch(/^pass the argument as a value: the Experiment controller drops valueFrom/);
    expect(ruleFindings('experiment-analysis-arg-value-from', [e, analysisTemplate()])).toEqual([]);
  });
  test('experiment-analysis-arg-value-from warns when the template\'s default is used instead', () => {
    const e = experiment();
    e.spec.analyses[0].args.push({ name: 'threshold', valueFrom: fieldRef });
    expect(ruleFindings('experiment-analysis-arg-value-from', [e, analysisTemplate()])).toEqual([{
      path: 'spec.analyses[0].args[1].valueFrom',
      message: 'argument "threshold": the Experiment controller drops valueFrom of its analyses\' arguments (ResolveAnalysisRunArgs passes only name and value): the template\'s default "0.95" is used',
      severity: W,
    }]);
    expect(ruleFindings('analysis-args-resolved', [e, analysisTemplate()])).toEqual([]);
  });
  test('a Rollout\'s experiment step resolves valueFrom itself: no finding', () => {
    const r = rolloutWithExperiment({ templates: [{ name: 'canary', specRef: 'canary' }], analyses: [{ name: 'a', templateName: 'success-rate', args: [{ name: 'service', valueFrom: fieldRef }] }] });
    expect(ruleFindings('analysis-args-resolved', [r, analysisTemplate(), ...stepServices()])).toEqual([]);
  });
});

/** A canary Rollout `web` (pods labelled app: web) whose second step is `experiment`. */
function rolloutWithExperiment(experimentStep: Record<string, any>, spec: Record<string, any> = {}): Manifest {
  const r = canaryRollout(undefined as any, { steps: [{ setWeight: 20 }, { experiment: experimentStep }] });
  delete r.spec.strategy.canary.trafficRouting;
  Object.assign(r.spec, spec);
  return r;
}

function stepServices(): Manifest[] {
  return [service('web-stable'), service('web-canary')];
}

describe('a canary experiment step is checked as the Experiment the controller creates from it', () => {
  const STEP = 'spec.strategy.canary.steps[1].experiment';
  const step = (templates: any[], extra: Record<string, any> = {}) => [rolloutWithExperiment({ duration: '10m', templates, ...extra }), ...stepServices()];

  test('a valid step is clean', () => {
    expect(allFindings(step([{ name: 'baseline', specRef: 'stable' }, { name: 'canary', specRef: 'canary', replicas: 1, selector: { matchLabels: { app: 'web' } } }]))).toEqual([]);
  });
  test('experiment-template-name-unique (E5): a repeated template name', () => {
    expect(ruleFindings('experiment-template-name-unique', step([{ name: 'c', specRef: 'stable' }, { name: 'c', specRef: 'canary' }]))).toEqual([
      { path: `${STEP}.templates[1].name`, message: 'Experiment web-<pod-hash>-<revision>-1 has repeated template name \'c\' in templates', severity: E },
    ]);
  });
  test('experiment-template-selector-matches: a step selector the rollout\'s pods do not carry', () => {
    expect(ruleFindings('experiment-template-selector-matches', step([{ name: 'c', specRef: 'canary', selector: { matchLabels: { role: 'exp' } } }]))).toEqual([
      { path: `${STEP}.templates[0].selector`, message: 'Invalid value: `selector` does not match template `labels`', severity: E },
    ]);
    // the step's metadata labels are added to the pods and the selector
    expect(ruleFindings('experiment-template-selector-matches', step([{ name: 'c', specRef: 'canary', selector: { matchLabels: { role: 'exp' } }, metadata: { labels: { role: 'exp' } } }]))).toEqual([]);
    // canaryMetadata labels are on the canary pods
    const r = rolloutWithExperiment({ templates: [{ name: 'c', specRef: 'canary', selector: { matchLabels: { role: 'canary' } } }] });
    r.spec.strategy.canary.canaryMetadata = { labels: { role: 'canary' } };
    expect(ruleFindings('experiment-template-selector-matches', [r, ...stepServices()])).toEqual([]);
  });
  test('experiment-template-selector-not-empty (E2): selector {}', () => {
    expect(ruleFindings('experiment-template-selector-not-empty', step([{ name: 'c', specRef: 'canary', selector: {} }]))).toEqual([
      { path: `${STEP}.templates[0].selector`, message: 'This experiment is selecting all pods at index 0. A non-empty selector is required.', severity: E },
    ]);
  });
  test('experiment-template-name-valid and experiment-template-replicas-nonnegative', () => {
    expect(ruleFindings('experiment-template-name-valid', step([{ name: 'Canary_1', specRef: 'canary' }]))).toEqual([
      { path: `${STEP}.templates[0].name`, message: expect.stringMatching(/^metadata\.name: Invalid value: "web-<pod-hash>-<revision>-1-Canary_1": a lowercase RFC 1123 subdomain/), severity: E },
    ]);
    expect(ruleFindings('experiment-template-replicas-nonnegative', step([{ name: 'c', specRef: 'canary', replicas: -2 }]))).toEqual([
      { path: `${STEP}.templates[0].replicas`, message: 'spec.replicas: Invalid value: -2: must be greater than or equal to 0', severity: E },
    ]);
  });
  test('experiment-analysis-arg-placeholder: a step analysis naming a template the step does not have', () => {
    const t = analysisTemplate('success-rate', { args: [{ name: 'service' }, { name: 'threshold', value: '0.95' }] });
    const analyses = [{ name: 'a', templateName: 'success-rate', args: [{ name: 'service', value: '{{templates.candidate.replicaset.name}}' }] }];
    expect(ruleFindings('experiment-analysis-arg-placeholder', [...step([{ name: 'canary', specRef: 'canary' }], { analyses }), t])).toEqual([{
      path: `${STEP}.analyses[0].args[0].value`,
      message: 'failed to resolve {{templates.candidate.replicaset.name}}: the experiment has no template "candidate" (its templates: canary)',
      severity: E,
    }]);
    analyses[0].args[0].value = '{{templates.canary.replicaset.name}}';
    expect(ruleFindings('experiment-analysis-arg-placeholder', [...step([{ name: 'canary', specRef: 'canary' }], { analyses }), t])).toEqual([]);
  });
  test('experiment-duration-valid (E6) on the step\'s duration', () => {
    expect(ruleFindings('experiment-duration-valid', step([{ name: 'c', specRef: 'canary' }], { duration: '1d' }))).toEqual([
      { path: `${STEP}.duration`, message: 'time: unknown unit "d" in duration "1d"', severity: E },
    ]);
  });
  test('experiment-template-service-name-valid: <rollout>-<hash>-<revision>-<step>-<template>, with the longest hash (10) and revision (5 digits)', () => {
    const id = 'experiment-template-service-name-valid';
    const withPorts = (name: string, templates: any[]) => {
      const r = rolloutWithExperiment({ templates });
      r.metadata.name = name;
      r.spec.template.spec.containers[0].ports = [{ containerPort: 8080 }];
      return [r, ...stepServices()];
    };
    const r35 = 'r'.repeat(35);
    // 35 + 1 + 10 + 1 + 5 + 1 + 1 + 1 + 8 = 63
    expect(ruleFindings(id, withPorts(r35, [{ name: 'baseline', specRef: 'stable', service: {} }]))).toEqual([]);
    const name = `${r35}-<pod-hash>-<revision>-1-baseline2`;
    const message = `Failed to create Service ${name} for template 'baseline2': Service "${name}" is invalid: metadata.name: Invalid value: "${name}": must be no more than 63 characters (the name can be 64 characters long, with a 10-character pod-template hash and a 5-digit revision)`;
    expect(ruleFindings(id, withPorts(r35, [{ name: 'baseline2', specRef: 'stable', service: {} }]))).toEqual([
      { path: `${STEP}.templates[0].name`, message, severity: E },
    ]);
    // a weight gets the template a Service too
    expect(ruleFindings(id, withPorts(r35, [{ name: 'baseline2', specRef: 'stable', weight: 5 }]))).toEqual([
      { path: `${STEP}.templates[0].name`, message, severity: E },
    ]);
    // a name of its own
    expect(ruleFindings(id, withPorts(r35, [{ name: 'baseline2', specRef: 'stable', service: { name: 'web-baseline' } }]))).toEqual([]);
    expect(ruleFindings(id, withPorts('web', [{ name: 'c', specRef: 'stable', service: { name: 'Web' } }]))).toEqual([
      { path: `${STEP}.templates[0].service.name`, message: expect.stringMatching(/^Failed to create Service Web for template 'c': Service "Web" is invalid: metadata\.name: Invalid value: "Web": a DNS-1035 label must consist of/), severity: E },
    ]);
    // a rollout name with a dot: a valid ReplicaSet name, not a valid Service name (no length bound in the message)
    const dotted = 'web.v2-<pod-hash>-<revision>-1-c';
    expect(ruleFindings(id, withPorts('web.v2', [{ name: 'c', specRef: 'stable', service: {} }]))).toEqual([
      { path: `${STEP}.templates[0].name`, message: `Failed to create Service ${dotted} for template 'c': Service "${dotted}" is invalid: metadata.name: Invalid value: "${dotted}": ${DNS1035}`, severity: E },
    ]);
  });
  test('experiment-template-service-name-valid: no finding when the rollout\'s containers declare no port (no Service is created); reported when the pod template is unknown', () => {
    const id = 'experiment-template-service-name-valid';
    const r = rolloutWithExperiment({ templates: [{ name: 'baseline2', specRef: 'stable', service: {} }] });
    r.metadata.name = 'r'.repeat(35);
    expect(ruleFindings(id, [r, ...stepServices()])).toEqual([]);
    delete r.spec.template;
    r.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy' };
    expect(ruleFindings(id, [r, ...stepServices()])).toHaveLength(1);
  });
  test('experiment-template-name-valid: the ReplicaSet name of a step is checked at its longest (253 characters)', () => {
    const r = rolloutWithExperiment({ templates: [{ name: 'canary', specRef: 'canary' }] });
    r.metadata.name = 'r'.repeat(228);
    // 228 + 20 + 6 = 254
    const name = `${'r'.repeat(228)}-<pod-hash>-<revision>-1-canary`;
    expect(ruleFindings('experiment-template-name-valid', [r, ...stepServices()])).toEqual([
      { path: `${STEP}.templates[0].name`, message: `metadata.name: Invalid value: "${name}": must be no more than 253 characters (the name can be 254 characters long, with a 10-character pod-template hash and a 5-digit revision)`, severity: E },
    ]);
    r.metadata.name = 'r'.repeat(227);
    expect(ruleFindings('experiment-template-name-valid', [r, ...stepServices()])).toEqual([]);
  });
  test('a workloadRef Rollout whose Deployment is not in the set: the pod labels are unknown, no selector finding', () => {
    const r = rolloutWithExperiment({ templates: [{ name: 'c', specRef: 'canary', selector: { matchLabels: { role: 'x' } } }] });
    delete r.spec.template;
    r.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy' };
    expect(ruleFindings('experiment-template-selector-matches', [r, ...stepServices()])).toEqual([]);
  });
});
