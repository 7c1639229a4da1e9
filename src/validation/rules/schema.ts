/**
 * CRD schema rules (S2–S12 of argo-rollouts-validation.md, and the Argo CD CRDs alike): what the API
 * server rejects when Argo CD or kubectl applies an object, before any controller sees it. Checked by
 * `lint` (`RuleContext.checkSchemas`); the constructs' output is typed against the same CRDs (and
 * tested against these schemas), so synth skips the cost of compiling them.
 */
import { Manifest } from '../manifest';
import { Rule, rule, RuleContext, Violation } from '../rule';
import { crdSchemaErrors, SchemaError } from '../schema';

const ARGO_KINDS = ['Rollout', 'AnalysisTemplate', 'ClusterAnalysisTemplate', 'AnalysisRun', 'Experiment', 'Application', 'ApplicationSet', 'AppProject'];

/**
 * Each object's schema errors, computed once per validation run (per manifest index) for the five
 * rules that report them by kind: a later run of a changed object checks it again.
 */
const errorsByRun = new WeakMap<object, WeakMap<object, SchemaError[]>>();

function errorsOf(obj: object, ctx: RuleContext): SchemaError[] {
  let run = errorsByRun.get(ctx.index);
  if (!run) {
    run = new WeakMap();
    errorsByRun.set(ctx.index, run);
  }
  let errors = run.get(obj);
  if (!errors) {
    errors = crdSchemaErrors(obj);
    run.set(obj, errors);
  }
  return errors;
}

function schemaRule(def: { id: string; kind: SchemaError['kind']; message: string; fix: string }): Rule {
  return rule({
    id: def.id,
    ref: 'CRD schema',
    kinds: ARGO_KINDS,
    message: def.message,
    fix: def.fix,
    *check(obj: Manifest, ctx: RuleContext): Iterable<Violation> {
      if (!ctx.checkSchemas || typeof obj !== 'object' || obj === null) return;
      for (const e of errorsOf(obj, ctx)) if (e.kind === def.kind) yield { path: e.path, message: e.message };
    },
  });
}

export const SCHEMA_RULES: Rule[] = [
  schemaRule({
    id: 'crd-api-version',
    kind: 'api-version',
    message: 'no matches for kind',
    fix: 'use apiVersion argoproj.io/v1alpha1, the version the pinned CRDs serve',
  }),
  schemaRule({
    id: 'crd-required-field',
    kind: 'required',
    message: 'Required value',
    fix: 'add the field: the CRD requires it, and the API server rejects the object without it',
  }),
  schemaRule({
    id: 'crd-unknown-field',
    kind: 'unknown-field',
    message: 'unknown field',
    fix: 'correct the field\'s name or place, or remove it: the CRD does not declare it, so the API server rejects it (strict field validation, the default of kubectl and Argo CD) or silently drops it',
  }),
  schemaRule({
    id: 'crd-field-type',
    kind: 'type',
    message: 'must be of type',
    fix: 'give the field a value of the type the CRD declares (quote a number meant as a string; do not quote a number or a boolean)',
  }),
  schemaRule({
    id: 'crd-field-value',
    kind: 'value',
    message: 'Unsupported value',
    fix: 'use a value the CRD allows (one of its supported values, within its bounds and pattern)',
  }),
];
