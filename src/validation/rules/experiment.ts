/**
 * Experiment rules (argo-rollouts `utils/conditions/experiments.go` VerifyExperimentSpec, ids
 * E1–E5, and the duration parse E6), and the library's own checks of what the Experiment
 * controller does with its templates and analyses (`experiments/replicaset.go`,
 * `experiments/experiment.go` createTemplateService and ResolveAnalysisRunArgs, `utils/template`
 * ResolveExperimentArgsValue).
 * The controller reports only the first failing rule as the Experiment's InvalidSpec condition;
 * here every one is reported.
 *
 * A canary experiment step is checked as the Experiment the Rollout controller creates from it
 * (`rollout/experiment.go` GetExperimentFromTemplate, `stepExperiment` below): the rules marked
 * `steps` check both kinds with one implementation, and report on the step's fields. These rules
 * live here rather than with the canary rules because they are the Experiment's; so does the one
 * check of how GetExperimentFromTemplate itself fails (experiment-step-selector-match-labels).
 *
 * An experiment's analyses are checked with the Rollout's analysis reference rules
 * (`references.ts`: the templates exist, arguments are declared and resolved).
 */
import { goDurationError } from '../duration';
import { Severity } from '../finding';
import { DNS1035_LABEL_MSG, DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MSG, dns1035LabelErrors, selectorMatches } from '../labels';
import { arrayOf, generateNameOf, isObject, joinPath, kindOf, Manifest, nameOf, text } from '../manifest';
import { eachAnalysisReference, runningPodLabels, runningPodTemplate } from '../rollout-model';
import { Rule, rule, RuleContext, Violation } from '../rule';
import { replacePlaceholders } from './analysis';

const EXPERIMENT = ['Experiment'];
const ROLLOUT = ['Rollout'];
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


/**
 * What is wrong with the name of the ReplicaSet the Experiment controller creates for a template,
 * `<experiment>-<template>` (experiments/replicaset.go newReplicaSetFromTemplate), as the API server
 * words it; undefined when it is valid. The experiment's own name is valid (it is an object name),
 * so only the template's part can break it: for an unknown experiment name `prefix` stands in.
 * @param experimentName the Experiment's name, when known; or, when parts of it are not known
 * before the controller runs, the longest name of its form (see `ExperimentName.longest`)
 */
export function replicaSetNameError(templateName: string, experimentName?: string): string | undefined {
  const name = `${experimentName || 'x'}-${templateName}`;
  if (!DNS1123_SUBDOMAIN.test(name)) return DNS1123_SUBDOMAIN_MSG;
  if (experimentName && name.length > 253) return 'must be no more than 253 characters';
  return undefined;
}

/**
 * The longest pod-template hash: `utils/hash` ComputePodTemplateHash writes the FNV-32a hash of the
 * pod template (a uint32) in decimal and maps each digit to a letter or digit
 * (`rand.SafeEncodeString`): 10 characters at most.
 */
const POD_HASH_MAX_LENGTH = 10;

/**
 * The most digits of a Rollout's revision assumed in the name of a step's Experiment. The revision
 * (annotation `rollout.argoproj.io/revision`) starts at 1 and goes up by one with each new pod
 * template, and with each rollback; its type allows 19 digits (int64), which no Rollout reaches,
 * and assuming them would fail every name longer than 28 characters. 5 digits are 99,999
 * revisions: ten deploys a day for 27 years.
 */
const REVISION_MAX_DIGITS = 5;

/**
 * The name the controller gives an Experiment: known (a standalone Experiment's), or, for a step's,
 * `<rollout>-<pod-template hash>-<revision>-<step>`, whose hash and revision exist only once the
 * controller runs.
 */
interface ExperimentName {
  /** for messages: the name, the unknown parts in angle brackets */
  readonly display: string;
  /** the longest name of that form, its unknown parts filled in with the characters they are made of */
  readonly longest: string;
  /** whether `longest` is the name (or of its length: generateName), not only the longest it can be */
  readonly exact: boolean;
}

/** What the bound on an unknown name assumes, for messages. */
const NAME_BOUND = `with a ${POD_HASH_MAX_LENGTH}-character pod-template hash and a ${REVISION_MAX_DIGITS}-digit revision`;

/**
 * The name of a standalone Experiment: `metadata.name`, or `generateName` with 5 random characters
 * (the API server's SimpleNameGenerator, which first cuts generateName to 58 characters).
 */
function standaloneName(e: Manifest): ExperimentName | undefined {
  const name = nameOf(e);
  if (name) return { display: name, longest: name, exact: true };
  const gen = generateNameOf(e);
  return gen === undefined ? undefined : { display: `${gen}<generated>`, longest: `${gen.slice(0, 58)}bbbbb`, exact: true };
}

/** An Experiment, or the one the Rollout controller creates from an experiment step. */
interface ExperimentView {
  /** the Experiment (for a step: as the controller builds it) */
  readonly experiment: Manifest;
  /** the path of a finding in the checked object, from its path in `experiment` */
  readonly path: (p: string) => string;
  /** the labels of each template's pods are known (not with a workloadRef whose Deployment is not in the set) */
  readonly labelsKnown: boolean[];
  /** the Experiment's name as the controller has it, when it has one */
  readonly name: ExperimentName | undefined;
}

/**
 * The Experiment the Rollout controller creates from the experiment step at `steps[s]`
 * (GetExperimentFromTemplate), named `<rollout>-<pod-template hash>-<revision>-<step>`: each
 * template runs the stable or canary pod template (the Rollout's, or its workloadRef's, plus the
 * ephemeral labels of that side) with the step's selector or the Rollout's, the step's metadata
 * labels added to both, the step's replicas as they are (unset: the Experiment's default, 1), and a
 * Service when the step template has a `service` or a `weight`; the analyses get the step's
 * arguments with a value (valueFrom is resolved by the Rollout controller, `{{templates...}}` left
 * for the Experiment to resolve).
 */
function stepExperiment(r: Manifest, s: number, step: Record<string, any>, ctx: Pick<RuleContext, 'index'>): ExperimentView {
  const canary = r?.spec?.strategy?.canary ?? {};
  const podLabels = runningPodLabels(r, ctx.index);
  const podSpec = runningPodTemplate(r, ctx.index)?.spec;
  const labelsKnown: boolean[] = [];
  const stepTemplates = arrayOf(step.templates).map((t) => {
    const tpl = isObject(t) ? t : {};
    const extra = isObject(tpl.metadata?.labels) ? tpl.metadata.labels : {};
    const side = tpl.specRef === 'stable' ? canary.stableMetadata : canary.canaryMetadata;
    const ephemeral = isObject(side?.labels) ? side.labels : {};
    const selector = isObject(tpl.selector) ? tpl.selector : isObject(r?.spec?.selector) ? r.spec.selector : undefined;
    labelsKnown.push(podLabels !== undefined);
    const serviceName = isObject(tpl.service) && typeof tpl.service.name === 'string' && tpl.service.name !== '' ? tpl.service.name : undefined;
    return {
      name: tpl.name,
      replicas: tpl.replicas,
      selector: selector && Object.keys(extra).length
        ? { ...selector, matchLabels: { ...isObject(selector.matchLabels) ? selector.matchLabels : {}, ...extra } }
        : selector,
      // a weight without a service gets a Service too
      service: tpl.weight != null || tpl.service != null ? (serviceName ? { name: serviceName } : {}) : undefined,
      template: { metadata: { labels: { ...podLabels ?? {}, ...ephemeral, ...extra } }, spec: podSpec },
    };
  });
  const analyses = arrayOf(step.analyses).map((a) => (isObject(a) ? {
    ...a,
    args: arrayOf(a.args).map((arg) => ({ name: arg?.name, value: arg?.valueFrom != null ? '' : text(arg?.value ?? '') })),
  } : {}));
  const stepPath = joinPath('spec.strategy.canary.steps', s, 'experiment');
  const display = `${nameOf(r)}-<pod-hash>-<revision>-${s}`;
  return {
    experiment: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Experiment',
      metadata: { name: display, namespace: r?.metadata?.namespace },
      spec: { duration: step.duration, templates: stepTemplates, analyses },
    },
    labelsKnown,
    // the hash's characters are letters and digits (bcdfghjklmnpqrstvwxz2456789)
    name: nameOf(r) ? { display, longest: `${nameOf(r)}-${'b'.repeat(POD_HASH_MAX_LENGTH)}-${'9'.repeat(REVISION_MAX_DIGITS)}-${s}`, exact: false } : undefined,
    path: (p) => {
      // the pod labels of a step template are the Rollout's: a mismatch is the step's selector
      const m = /^spec\.templates\[(\d+)\]\.template\.metadata\.labels$/.exec(p);
      return joinPath(stepPath, m ? `templates[${m[1]}].selector` : p.replace(/^spec\.?/, ''));
    },
  };
}

/** The Experiment, or the experiments of a Rollout's canary steps, each with how its paths map back. */
function experimentsOf(obj: Manifest, ctx: Pick<RuleContext, 'index'>): ExperimentView[] {
  if (kindOf(obj) === 'Experiment') return [{ experiment: obj, path: (p) => p, labelsKnown: templates(obj).map(() => true), name: standaloneName(obj) }];
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
  rule({
    id: 'experiment-step-selector-match-labels',
    ref: 'library',
    kinds: ROLLOUT,
    message: 'the Rollout controller panics creating this step\'s Experiment (assignment to entry in nil map): GetExperimentFromTemplate adds the template\'s metadata labels to selector.matchLabels, and the selector has no matchLabels. The controller recovers and retries, so the Rollout stays at this step with no Experiment, and only the controller\'s log says why ("Recovered from panic")',
    fix: 'give the selector matchLabels, e.g. the template\'s metadata labels (the controller adds them to the selector anyway), next to its matchExpressions; or drop the template\'s metadata labels',
    *check(r) {
      const steps = arrayOf(r?.spec?.strategy?.canary?.steps);
      for (let s = 0; s < steps.length; s++) {
        const ts = arrayOf(steps[s]?.experiment?.templates);
        for (let i = 0; i < ts.length; i++) {
          const t = ts[i];
          // a nil map: matchLabels absent or null (`{}` decodes to an empty map, which takes the labels)
          if (!isObject(t?.selector) || t.selector.matchLabels != null) continue;
          // an empty labels map adds nothing
          if (!isObject(t.metadata?.labels) || Object.keys(t.metadata.labels).length === 0) continue;
          yield { path: joinPath('spec.strategy.canary.steps', s, 'experiment.templates', i, 'selector') };
        }
      }
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
    *check(t, path, _i, _e, view) {
      if (typeof t.name !== 'string' || t.name === '') return; // E4
      // a step's Experiment is named by the controller (<rollout>-<hash>-<revision>-<step>): its longest name is checked
      const n = view.name;
      const err = replicaSetNameError(t.name, n?.longest);
      if (!err) return;
      const bound = n && !n.exact && err !== DNS1123_SUBDOMAIN_MSG ? ` (the name can be ${n.longest.length + 1 + t.name.length} characters long, ${NAME_BOUND})` : '';
      yield { path: joinPath(path, 'name'), message: `metadata.name: Invalid value: ${JSON.stringify(`${n?.display ?? '<unnamed>'}-${t.name}`)}: ${err}${bound}` };
    },
  }),
  templateRule({
    id: 'experiment-template-service-name-valid',
    ref: 'library',
    steps: true,
    message: 'Failed to create Service %s for template \'%s\': Service "%s" is invalid: metadata.name: Invalid value: "%s": must be no more than 63 characters',
    fix: 'keep the Service\'s name a DNS-1035 label of at most 63 characters (lower case letters, digits and \'-\', starting with a letter): the controller names it after the template\'s ReplicaSet, <experiment>-<template> (for an experiment step <rollout>-<pod-template hash>-<revision>-<step>-<template>), unless the template\'s service has a name; shorten the template\'s name (or the experiment\'s, or the rollout\'s), or name the Service (service.name; in cdk8s serviceName / service: { name }). Otherwise the template ends in Error and the experiment fails (a step\'s failure aborts the rollout)',
    *check(t, path, _i, _e, view) {
      // a Service is created for a template with a service (for a step: or a weight) ...
      if (!isObject(t.service) || typeof t.name !== 'string' || t.name === '') return;
      // ... while it runs pods, and only when its containers declare ports (createTemplateService)
      if (t.replicas === 0) return;
      const spec = t.template?.spec;
      if (isObject(spec) && !arrayOf(spec.containers).some((c) => arrayOf(c?.ports).length > 0)) return;
      const invalid = (name: string, errs: string[], bound = '') => {
        const causes = errs.map((err) => `metadata.name: Invalid value: ${JSON.stringify(name)}: ${err}`);
        return `Failed to create Service ${name} for template '${t.name}': Service ${JSON.stringify(name)} is invalid: ${causes.length > 1 ? `[${causes.join(', ')}]` : causes[0]}${bound}`;
      };
      if (typeof t.service.name === 'string' && t.service.name !== '') {
        const errs = dns1035LabelErrors(t.service.name);
        if (errs.length) yield { path: joinPath(path, 'service.name'), message: invalid(t.service.name, errs) };
        return;
      }
      // named after the ReplicaSet, <experiment>-<template>
      const n = view.name;
      if (!n) return;
      const longest = `${n.longest}-${t.name}`;
      // an invalid ReplicaSet name is experiment-template-name-valid's: the Service is created only once the ReplicaSet exists
      const rsFormatError = replicaSetNameError(t.name, n.longest) === DNS1123_SUBDOMAIN_MSG;
      const errs = dns1035LabelErrors(longest).filter((err) => err !== DNS1035_LABEL_MSG || !rsFormatError);
      if (errs.length === 0) return;
      const bound = !n.exact && errs[0] !== DNS1035_LABEL_MSG ? ` (the name can be ${longest.length} characters long, ${NAME_BOUND})` : '';
      yield { path: joinPath(path, 'name'), message: invalid(`${n.display}-${t.name}`, errs, bound) };
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
