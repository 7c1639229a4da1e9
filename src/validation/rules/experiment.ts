/**
 * Experiment rules (argo-rollouts `utils/conditions/experiments.go` VerifyExperimentSpec, ids
 * E1–E5, and the duration parse E6), and the library's own checks of what the Experiment
 * controller does with its templates and analyses (`experiments/replicaset.go`,
 * `experiments/experiment.go` ResolveAnalysisRunArgs, `utils/template` ResolveExperimentArgsValue).
 * The controller reports only the first failing rule as the Experiment's InvalidSpec condition;
 * here every one is reported.
 *
 * A canary experiment step is checked as the Experiment the Rollout controller creates from it
 * (`rollout/experiment.go` GetExperimentFromTemplate, `stepExperiment` below): the rules marked
 * `steps` check both kinds with one implementation, and report on the step's fields. These rules
 * live here rather than with the canary rules because they are the Experiment's.
 *
 * An experiment's analyses are checked with the Rollout's analysis reference rules
 * (`references.ts`: the templates exist, arguments are declared and resolved).
 */
import { goDurationError } from '../duration';
import { Severity } from '../finding';
import { selectorMatches } from '../labels';
import { arrayOf, isObject, joinPath, kindOf, Manifest, nameOf, text } from '../manifest';
import { eachAnalysisReference, runningPodLabels } from '../rollout-model';
import { Rule, rule, RuleContext, Violation } from '../rule';
import { replacePlaceholders } from './analysis';

const EXPERIMENT = ['Experiment'];
const EXPERIMENT_OR_ROLLOUT = ['Experiment', 'Rollout'];

function templates(e: Manifest): any[] {
  return arrayOf(e?.spec?.templates);
}

/** True for a label selector with neither matchLabels nor matchExpressions entries. */
function emptySelector(s: Record<string, any>): boolean {
  return Object.keys(isObject(s.matchLabels) ? s.matchLabels : {}).length === 0 && arrayOf(s.matchExpressions).length === 0;
}

/**
 * True for the selector upstream compares equal to `&metav1.LabelSelector{}` (reflect.DeepEqual):
 * matchLabels and matchExpressions both absent (or null). `matchLabels: {}` decodes to an empty
 * map that is not nil, and is not this selector.
 */
function selectsEverything(s: Record<string, any>): boolean {
  return s.matchLabels == null && s.matchExpressions == null;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SUBDOMAIN_MSG = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';

/**
 * What is wrong with the name of the ReplicaSet the Experiment controller creates for a template,
 * `<experiment>-<template>` (experiments/replicaset.go newReplicaSetFromTemplate), as the API server
 * words it; undefined when it is valid. The experiment's own name is valid (it is an object name),
 * so only the template's part can break it: for an unknown experiment name `prefix` stands in.
 * @param experimentName the Experiment's name, when known
 */
export function replicaSetNameError(templateName: string, experimentName?: string): string | undefined {
  const name = `${experimentName || 'x'}-${templateName}`;
  if (!DNS1123_SUBDOMAIN.test(name)) return SUBDOMAIN_MSG;
  if (experimentName && name.length > 253) return 'must be no more than 253 characters';
  return undefined;
}

/** An Experiment, or the one the Rollout controller creates from an experiment step. */
interface ExperimentView {
  /** the Experiment (for a step: as the controller builds it) */
  readonly experiment: Manifest;
  /** the path of a finding in the checked object, from its path in `experiment` */
  readonly path: (p: string) => string;
  /** the labels of each template's pods are known (not with a workloadRef whose Deployment is not in the set) */
  readonly labelsKnown: boolean[];
}

/**
 * The Experiment the Rollout controller creates from the experiment step at `steps[s]`
 * (GetExperimentFromTemplate): each template runs the stable or canary pod template (the Rollout's,
 * or its workloadRef's, plus the ephemeral labels of that side) with the step's selector or the
 * Rollout's, the step's metadata labels added to both, the step's replicas as they are (unset: the
 * Experiment's default, 1); the analyses get the step's arguments with a value (valueFrom is
 * resolved by the Rollout controller, `{{templates...}}` left for the Experiment to resolve).
 */
function stepExperiment(r: Manifest, s: number, step: Record<string, any>, ctx: Pick<RuleContext, 'index'>): ExperimentView {
  const canary = r?.spec?.strategy?.canary ?? {};
  const podLabels = runningPodLabels(r, ctx.index);
  const labelsKnown: boolean[] = [];
  const stepTemplates = arrayOf(step.templates).map((t) => {
    const tpl = isObject(t) ? t : {};
    const extra = isObject(tpl.metadata?.labels) ? tpl.metadata.labels : {};
    const side = tpl.specRef === 'stable' ? canary.stableMetadata : canary.canaryMetadata;
    const ephemeral = isObject(side?.labels) ? side.labels : {};
    const selector = isObject(tpl.selector) ? tpl.selector : isObject(r?.spec?.selector) ? r.spec.selector : undefined;
    labelsKnown.push(podLabels !== undefined);
    return {
      name: tpl.name,
      replicas: tpl.replicas,
      selector: selector && Object.keys(extra).length
        ? { ...selector, matchLabels: { ...isObject(selector.matchLabels) ? selector.matchLabels : {}, ...extra } }
        : selector,
      template: { metadata: { labels: { ...podLabels ?? {}, ...ephemeral, ...extra } } },
    };
  });
  const analyses = arrayOf(step.analyses).map((a) => (isObject(a) ? {
    ...a,
    args: arrayOf(a.args).map((arg) => ({ name: arg?.name, value: arg?.valueFrom != null ? '' : text(arg?.value ?? '') })),
  } : {}));
  const stepPath = joinPath('spec.strategy.canary.steps', s, 'experiment');
  return {
    experiment: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Experiment',
      metadata: { name: `${nameOf(r)}-<pod-hash>-<revision>-${s}`, namespace: r?.metadata?.namespace },
      spec: { duration: step.duration, templates: stepTemplates, analyses },
    },
    labelsKnown,
    path: (p) => {
      // the pod labels of a step template are the Rollout's: a mismatch is the step's selector
      const m = /^spec\.templates\[(\d+)\]\.template\.metadata\.labels$/.exec(p);
      return joinPath(stepPath, m ? `templates[${m[1]}].selector` : p.replace(/^spec\.?/, ''));
    },
  };
}

/** The Experiment, or the experiments of a Rollout's canary steps, each with how its paths map back. */
function experimentsOf(obj: Manifest, ctx: Pick<RuleContext, 'index'>): ExperimentView[] {
  if (kindOf(obj) === 'Experiment') return [{ experiment: obj, path: (p) => p, labelsKnown: templates(obj).map(() => true) }];
  const out: ExperimentView[] = [];
  arrayOf(obj?.spec?.strategy?.canary?.steps).forEach((step, s) => {
    if (isObject(step?.experiment)) out.push(stepExperiment(obj, s, step.experiment, ctx));
  });
  return out;
}

/**
 * A rule about an Experiment; with `steps`, also about each canary experiment step of a Rollout,
 * checked as the Experiment the controller creates from it (one implementation for both).
 */
function experimentRule(def: Omit<Rule, 'severity' | 'check' | 'kinds'> & {
  severity?: Severity;
  steps: boolean;
  check: (e: Manifest, view: ExperimentView, ctx: RuleContext) => Iterable<Violation>;
}): Rule {
  const { steps, check, ...rest } = def;
  return rule({
    ...rest,
    kinds: steps ? EXPERIMENT_OR_ROLLOUT : EXPERIMENT,
    *check(obj, ctx) {
      for (const view of experimentsOf(obj, ctx)) {
        for (const v of check(view.experiment, view, ctx)) yield { ...v, path: view.path(v.path) };
      }
    },
  });
}

/** An experiment rule checked on each template (`spec.templates[i]`; `{}` when an entry is not an object). */
function templateRule(def: Omit<Rule, 'severity' | 'check' | 'kinds'> & {
  severity?: Severity;
  steps: boolean;
  check: (t: any, path: string, index: number, e: Manifest, view: ExperimentView) => Iterable<Violation>;
}): Rule {
  const { check, ...rest } = def;
  return experimentRule({
    ...rest,
    *check(e, view) {
      const ts = templates(e);
      for (let i = 0; i < ts.length; i++) yield* check(isObject(ts[i]) ? ts[i] : {}, joinPath('spec.templates', i), i, e, view);
    },
  });
}

/**
 * What an Experiment resolves in its analyses' argument values (ResolveExperimentArgsValue): each
 * template's pod-template hash and ReplicaSet name, when it became available, and, with a duration,
 * when it ends.
 */
function experimentArgTags(e: Manifest): Set<string> {
  const tags = new Set<string>(['experiment.availableAt']);
  if (typeof e?.spec?.duration === 'string' && e.spec.duration !== '') tags.add('experiment.finishedAt');
  for (const t of templates(e)) {
    if (typeof t?.name !== 'string') continue;
    tags.add(`templates.${t.name}.podTemplateHash`);
    tags.add(`templates.${t.name}.replicaset.name`);
  }
  return tags;
}

export const EXPERIMENT_RULES: Rule[] = [
  templateRule({
    id: 'experiment-template-selector-required',
    ref: 'E1',
    // a step template's selector defaults to the Rollout's
    steps: false,
    message: 'Rollout has missing field \'.Spec.Templates[%d].Selector\'',
    fix: 'give the template a selector whose matchLabels match its pod template labels',
    *check(t, path, i) {
      if (t.selector == null) yield { path: joinPath(path, 'selector'), message: `Rollout has missing field '.Spec.Templates[${i}].Selector'` };
    },
  }),
  templateRule({
    id: 'experiment-template-selector-not-empty',
    ref: 'E2',
    steps: true,
    message: 'This experiment is selecting all pods at index %d. A non-empty selector is required.',
    fix: 'give the selector at least one matchLabels entry that its pod template labels carry',
    *check(t, path, i) {
      if (isObject(t.selector) && selectsEverything(t.selector)) {
        yield { path: joinPath(path, 'selector'), message: `This experiment is selecting all pods at index ${i}. A non-empty selector is required.` };
      }
    },
  }),
  templateRule({
    id: 'experiment-template-selector-matches',
    ref: 'library',
    steps: true,
    message: 'Invalid value: `selector` does not match template `labels`',
    fix: 'make every selector label appear with the same value in the template\'s pod labels (for an experiment step: the rollout\'s pod labels and the step template\'s metadata labels): the API server rejects the ReplicaSet otherwise',
    *check(t, path, i, _e, view) {
      const s = t.selector;
      if (view.labelsKnown[i] && isObject(s) && !emptySelector(s) && !selectorMatches(s, t.template?.metadata?.labels)) yield { path: joinPath(path, 'template.metadata.labels') };
    },
  }),
  templateRule({
    id: 'experiment-template-min-ready',
    ref: 'E3',
    // a step template takes the Rollout's minReadySeconds and progressDeadlineSeconds: R11
    steps: false,
    message: 'MinReadySeconds cannot be longer than ProgressDeadlineSeconds. Check template index %d',
    fix: 'make the template\'s minReady shorter than the experiment\'s progressDeadline (default 600 seconds)',
    *check(t, path, i, e) {
      const deadline = typeof e?.spec?.progressDeadlineSeconds === 'number' ? e.spec.progressDeadlineSeconds : 600;
      if (typeof t.minReadySeconds === 'number' && t.minReadySeconds > deadline) {
        yield { path: joinPath(path, 'minReadySeconds'), message: `MinReadySeconds cannot be longer than ProgressDeadlineSeconds. Check template index ${i}` };
      }
    },
  }),
  templateRule({
    id: 'experiment-template-name-required',
    ref: 'E4',
    steps: true,
    message: 'Experiment %s has empty template name at index %d',
    fix: 'give every template a name',
    *check(t, path, i, e) {
      if (typeof t.name !== 'string' || t.name === '') yield { path: joinPath(path, 'name'), message: `Experiment ${nameOf(e)} has empty template name at index ${i}` };
    },
  }),
  experimentRule({
    id: 'experiment-template-name-unique',
    ref: 'E5',
    steps: true,
    message: 'Experiment %s has repeated template name \'%s\' in templates',
    fix: 'give every template its own name',
    *check(e) {
      const seen = new Set<string>();
      const ts = templates(e);
      for (let i = 0; i < ts.length; i++) {
        const n = ts[i]?.name;
        if (typeof n !== 'string' || n === '') continue;
        if (seen.has(n)) yield { path: joinPath('spec.templates', i, 'name'), message: `Experiment ${nameOf(e)} has repeated template name '${n}' in templates` };
        seen.add(n);
      }
    },
  }),
  templateRule({
    id: 'experiment-template-name-valid',
    ref: 'library',
    steps: true,
    message: 'metadata.name: Invalid value: "<experiment>-<template>": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character',
    fix: 'name the template with lower case letters, digits, \'-\' and \'.\', ending with a letter or digit: its ReplicaSet is named <experiment>-<template>, and the API server rejects an invalid name',
    *check(t, path, _i, e) {
      if (typeof t.name !== 'string' || t.name === '') return; // E4
      // the name of a step's Experiment is generated (<rollout>-<hash>-<revision>-<step>): only its length is unknown
      const experimentName = kindOf(e) === 'Experiment' && !nameOf(e).includes('<') ? nameOf(e) : undefined;
      const err = replicaSetNameError(t.name, experimentName);
      if (err) yield { path: joinPath(path, 'name'), message: `metadata.name: Invalid value: ${JSON.stringify(`${nameOf(e) || '<generated>'}-${t.name}`)}: ${err}` };
    },
  }),
  templateRule({
    id: 'experiment-template-replicas-nonnegative',
    ref: 'library',
    steps: true,
    message: 'spec.replicas: Invalid value: must be greater than or equal to 0',
    fix: 'set replicas to 0 or more (or leave it unset for 1): the API server rejects the template\'s ReplicaSet',
    *check(t, path) {
      if (typeof t.replicas === 'number' && t.replicas < 0) {
        yield { path: joinPath(path, 'replicas'), message: `spec.replicas: Invalid value: ${t.replicas}: must be greater than or equal to 0` };
      }
    },
  }),
  experimentRule({
    id: 'experiment-templates-required',
    ref: 'library',
    steps: true,
    // the controller accepts it: with no ReplicaSet to wait for, the Experiment succeeds at once
    severity: Severity.WARNING,
    message: 'the experiment has no templates: it runs nothing, and succeeds at once without running its analyses',
    fix: 'add at least one template (ExperimentTemplate.fromContainers / fromRollout, or a step template)',
    *check(e) {
      if (templates(e).length === 0) yield { path: 'spec.templates' };
    },
  }),
  experimentRule({
    id: 'experiment-analysis-arg-placeholder',
    ref: 'library',
    steps: true,
    message: 'failed to resolve {{%s}}',
    fix: 'use {{templates.<name>.podTemplateHash}} or {{templates.<name>.replicaset.name}} with a template of this experiment, {{experiment.availableAt}}, or {{experiment.finishedAt}} when the experiment has a duration: the AnalysisRun is not created otherwise, and the experiment ends in Error',
    *check(e) {
      const known = experimentArgTags(e);
      const names = templates(e).map((t) => t?.name).filter((n) => typeof n === 'string');
      const analyses = arrayOf(e?.spec?.analyses);
      for (let j = 0; j < analyses.length; j++) {
        const args = arrayOf(analyses[j]?.args);
        for (let k = 0; k < args.length; k++) {
          const value = args[k]?.value;
          if (typeof value !== 'string') continue;
          const unknown: string[] = [];
          replacePlaceholders(value, (tag) => {
            if (!known.has(tag)) unknown.push(tag);
            return '';
          });
          for (const tag of unknown) {
            const why = tag === 'experiment.finishedAt'
              ? 'the experiment has no duration, so it has no end time'
              : /^templates\.(.*)\.(podTemplateHash|replicaset\.name)$/.test(tag)
                ? `the experiment has no template ${JSON.stringify(tag.replace(/^templates\.|\.(podTemplateHash|replicaset\.name)$/g, ''))} (its templates: ${names.join(', ') || 'none'})`
                : 'an Experiment resolves only templates.<name>.podTemplateHash, templates.<name>.replicaset.name, experiment.availableAt and experiment.finishedAt';
            yield { path: joinPath('spec.analyses', j, 'args', k, 'value'), message: `failed to resolve {{${tag}}}: ${why}` };
          }
        }
      }
    },
  }),
  experimentRule({
    id: 'experiment-analysis-arg-value-from',
    ref: 'library',
    // a standalone Experiment's only: a step's arguments are resolved by the Rollout controller
    steps: false,
    // without a fallback in the template the run fails: analysis-args-resolved reports that
    severity: Severity.WARNING,
    message: 'the Experiment controller drops valueFrom of its analyses\' arguments (ResolveAnalysisRunArgs passes only name and value): the template\'s own value is used',
    fix: 'pass the argument as a value (in cdk8s: ArgValue.of(...), or a template\'s podTemplateHash() / replicaSetName()); valueFrom (ArgValue.fromField) works only in a rollout\'s analyses and experiment steps',
    *check(e, _view, ctx) {
      for (const { a, templates: ts, missing } of eachAnalysisReference(e, ctx.index)) {
        if (missing.length > 0) continue;
        const args = arrayOf(a.spec.args);
        for (let i = 0; i < args.length; i++) {
          const arg = args[i];
          if (arg?.valueFrom == null || arg?.value != null) continue;
          const declared = ts.flatMap((t) => arrayOf(t.template?.spec?.args)).filter((d) => d?.name === arg?.name);
          const fallback = declared.find((d) => d?.value != null) ?? declared.find((d) => d?.valueFrom != null);
          // undeclared: analysis-arg-declared; no fallback: analysis-args-resolved
          if (!fallback) continue;
          const used = fallback.value != null ? `default ${JSON.stringify(text(fallback.value))}` : 'own valueFrom';
          yield {
            path: joinPath(a.path, 'args', i, 'valueFrom'),
            message: `argument ${JSON.stringify(text(arg.name))}: the Experiment controller drops valueFrom of its analyses' arguments (ResolveAnalysisRunArgs passes only name and value): the template's ${used} is used`,
          };
        }
      }
    },
  }),
  experimentRule({
    id: 'experiment-duration-valid',
    ref: 'E6',
    // a step's duration too: the Experiment never ends by it (PassedDurations ignores the error)
    steps: true,
    message: 'time: invalid duration',
    fix: 'write the duration as a Go duration: 30s, 5m, 1h30m (no "d"; Duration in cdk8s)',
    *check(e) {
      const d = e?.spec?.duration;
      if (typeof d !== 'string' || d === '') return;
      const err = goDurationError(d);
      if (err) yield { path: 'spec.duration', message: err };
    },
  }),
];
