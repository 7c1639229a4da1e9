/**
 * Experiment rules (argo-rollouts `utils/conditions/experiments.go` VerifyExperimentSpec, ids
 * E1–E5, and the duration parse E6). The controller reports only the first failing rule as the
 * Experiment's InvalidSpec condition; here every one is reported.
 *
 * An experiment's analyses are checked with the Rollout's analysis reference rules
 * (`references.ts`: the templates exist, arguments are declared and resolved).
 */
import { goDurationError } from '../duration';
import { selectorMatches } from '../labels';
import { arrayOf, isObject, joinPath, Manifest, nameOf } from '../manifest';
import { entryRule, Rule, rule } from '../rule';

const EXPERIMENT = ['Experiment'];

function templates(e: Manifest): any[] {
  return arrayOf(e?.spec?.templates);
}

/** True for a label selector with neither matchLabels nor matchExpressions. */
function emptySelector(s: Record<string, any>): boolean {
  return Object.keys(isObject(s.matchLabels) ? s.matchLabels : {}).length === 0 && arrayOf(s.matchExpressions).length === 0;
}

export const EXPERIMENT_RULES: Rule[] = [
  entryRule({
    id: 'experiment-template-selector-required',
    ref: 'E1',
    kinds: EXPERIMENT,
    message: 'Rollout has missing field \'.Spec.Templates[%d].Selector\'',
    fix: 'give the template a selector whose matchLabels match its pod template labels',
    list: 'templates',
    *check(t, path, i) {
      if (t.selector == null) yield { path: joinPath(path, 'selector'), message: `Rollout has missing field '.Spec.Templates[${i}].Selector'` };
    },
  }),
  entryRule({
    id: 'experiment-template-selector-not-empty',
    ref: 'E2',
    kinds: EXPERIMENT,
    message: 'This experiment is selecting all pods at index %d. A non-empty selector is required.',
    fix: 'give the selector at least one matchLabels entry that its pod template labels carry',
    list: 'templates',
    *check(t, path, i) {
      if (isObject(t.selector) && emptySelector(t.selector)) {
        yield { path: joinPath(path, 'selector'), message: `This experiment is selecting all pods at index ${i}. A non-empty selector is required.` };
      }
    },
  }),
  entryRule({
    id: 'experiment-template-selector-matches',
    ref: 'library',
    kinds: EXPERIMENT,
    message: 'Invalid value: `selector` does not match template `labels`',
    fix: 'make every selector label appear with the same value in the template\'s pod labels: the API server rejects the ReplicaSet otherwise',
    list: 'templates',
    *check(t, path) {
      const s = t.selector;
      if (isObject(s) && !emptySelector(s) && !selectorMatches(s, t.template?.metadata?.labels)) yield { path: joinPath(path, 'template.metadata.labels') };
    },
  }),
  entryRule({
    id: 'experiment-template-min-ready',
    ref: 'E3',
    kinds: EXPERIMENT,
    message: 'MinReadySeconds cannot be longer than ProgressDeadlineSeconds. Check template index %d',
    fix: 'make the template\'s minReady shorter than the experiment\'s progressDeadline (default 600 seconds)',
    list: 'templates',
    *check(t, path, i, e) {
      const deadline = typeof e?.spec?.progressDeadlineSeconds === 'number' ? e.spec.progressDeadlineSeconds : 600;
      if (typeof t.minReadySeconds === 'number' && t.minReadySeconds > deadline) {
        yield { path: joinPath(path, 'minReadySeconds'), message: `MinReadySeconds cannot be longer than ProgressDeadlineSeconds. Check template index ${i}` };
      }
    },
  }),
  entryRule({
    id: 'experiment-template-name-required',
    ref: 'E4',
    kinds: EXPERIMENT,
    message: 'Experiment %s has empty template name at index %d',
    fix: 'give every template a name',
    list: 'templates',
    *check(t, path, i, e) {
      if (typeof t.name !== 'string' || t.name === '') yield { path: joinPath(path, 'name'), message: `Experiment ${nameOf(e)} has empty template name at index ${i}` };
    },
  }),
  rule({
    id: 'experiment-template-name-unique',
    ref: 'E5',
    kinds: EXPERIMENT,
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
  rule({
    id: 'experiment-duration-valid',
    ref: 'E6',
    kinds: EXPERIMENT,
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
