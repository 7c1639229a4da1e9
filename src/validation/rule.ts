import { Finding, Severity } from './finding';
import { generateNameOf, kindOf, Manifest, ManifestIndex, nameOf, namespaceOf } from './manifest';

/**
 * What a rule sees besides the object it checks: the whole manifest set, for cross-object rules.
 */
export interface RuleContext {
  /** Every object of the set, by kind and name. */
  readonly index: ManifestIndex;
  /**
   * Severity of "the referenced object is not in the set": an error by default, a warning when
   * the caller knows the set is partial (`lint --ignore-missing-refs`).
   */
  readonly missingRefSeverity: Severity;
  /**
   * Check Argo objects against the pinned CRD schemas (`crd-*` rules): `lint` does; synth does not,
   * since the constructs' output is typed against those CRDs and compiling the schemas costs time.
   * @default false
   */
  readonly checkSchemas?: boolean;
  /**
   * Whether two objects of the set are applied together, to one cluster and Application: `lint`'s
   * set is one Application's manifests; at synth, an app's charts may go to different clusters, so
   * only the objects of one chart are known to be applied together.
   * @default - every two objects of the set are
   */
  readonly together?: (a: Manifest, b: Manifest) => boolean;
}

/** `Rule.kinds` of a rule that checks every object of the set, whatever its kind and API group. */
export const ANY_KIND = '*';

/**
 * Whether the rule `ruleId` reports a referenced object that the set lacks. Such rules are named
 * `ref-<object>-exists`, and their findings take `RuleContext.missingRefSeverity`.
 */
export function reportsMissingObject(ruleId: string): boolean {
  return /^ref-.+-exists$/.test(ruleId);
}

/** One violation a rule reports: where, and optionally a message/fix that differ from the rule's own. */
export interface Violation {
  readonly path: string;
  /** Overrides the rule's message (for rules whose controller text has parameters). */
  readonly message?: string;
  /** Overrides the rule's fix hint. */
  readonly fix?: string;
  /** Overrides the rule's severity. */
  readonly severity?: Severity;
}

/**
 * A rule: a pure function over one manifest object (plus the set as context) with a stable id,
 * the controller's message text, a fix hint and the reference id in
 * `argo-rollouts-validation.md` (R14, M8, ...) or `argo-cd-api.md`.
 */
export interface Rule {
  /** Stable id, kebab-case, used in output and to look the rule up in docs. */
  readonly id: string;
  /** Where the rule comes from: the upstream rule id, or `library` for the library's own checks. */
  readonly ref: string;
  /** Kinds of object the rule checks; `[ANY_KIND]`: every object of the set, of any kind and API group. */
  readonly kinds: readonly string[];
  readonly severity: Severity;
  /** Default message (the controller's text). */
  readonly message: string;
  /** Default fix hint. */
  readonly fix: string;
  readonly check: (obj: Manifest, ctx: RuleContext) => Iterable<Violation>;
}

/** Declares a rule; the severity defaults to error. */
export function rule(def: Omit<Rule, 'severity'> & { severity?: Severity }): Rule {
  return { severity: Severity.ERROR, ...def };
}

/**
 * Declares a rule checked on each entry of a list under `spec` (metrics, experiment templates, sync
 * windows). `check` gets the entry (`{}` when it is not an object), its full path and its index.
 */
export function entryRule(def: Omit<Rule, 'severity' | 'check'> & {
  severity?: Severity;
  /** the list field under `spec`, e.g. `metrics` */
  list: string;
  /** prefix each message with `<list>[i]: `, as the controller does for metrics */
  prefixMessages?: boolean;
  check: (entry: any, path: string, index: number, obj: Manifest) => Iterable<Violation>;
}): Rule {
  const { list, prefixMessages, check, ...rest } = def;
  return rule({
    ...rest,
    *check(obj) {
      const entries = obj?.spec?.[list];
      if (!Array.isArray(entries)) return;
      for (let i = 0; i < entries.length; i++) {
        const entry = typeof entries[i] === 'object' && entries[i] !== null ? entries[i] : {};
        for (const v of check(entry, `spec.${list}[${i}]`, i, obj)) {
          yield prefixMessages ? { ...v, message: `${list}[${i}]: ${v.message ?? def.message}` } : v;
        }
      }
    },
  });
}

/** Runs one rule on one object and turns its violations into findings. */
export function applyRule(r: Rule, obj: Manifest, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const v of r.check(obj, ctx)) {
    const generateName = generateNameOf(obj);
    out.push({
      ruleId: r.id,
      severity: v.severity ?? r.severity,
      kind: kindOf(obj),
      name: nameOf(obj),
      ...generateName !== undefined ? { generateName } : {},
      namespace: namespaceOf(obj),
      path: v.path,
      message: v.message ?? r.message,
      fix: v.fix ?? r.fix,
    });
  }
  return out;
}
