/**
 * Rules that follow a Rollout's references into the rest of the manifest set: analysis templates
 * and their arguments, Services (argo-rollouts `validation_references.go` and the AnalysisRun
 * factory it calls: RR1–RR3, RR5, RR6, M16–M20).
 */
import { intValue, isPlaceholder } from '../duration';
import { Severity } from '../finding';
import { arrayOf, isObject, joinPath, judgedAsArgo, kindOf, Manifest, ManifestIndex, nameOf, namespaceOf, text } from '../manifest';
import {
  AnalysisReference, AnalysisUse, eachAnalysisReference, flattenTemplate, MissingTemplate, ResolvedTemplate, runArgs, runMatchRules,
  runningPodLabels, strategyOf, templateKind,
} from '../rollout-model';
import { Rule, rule, RuleContext, Violation } from '../rule';
import { matchRules, metricNames, replacePlaceholders, TEMPLATE_KINDS } from './analysis';

const ROLLOUT = ['Rollout'];
/** Kinds whose analyses reference templates: a Rollout's analyses, an Experiment's `spec.analyses`. */
const ROLLOUT_OR_EXPERIMENT = ['Rollout', 'Experiment'];
/** Kinds whose dryRun / measurementRetention rules end up in an AnalysisRun: templates, runs, and the objects that reference templates. */
const RUN_SOURCE_KINDS = [...TEMPLATE_KINDS, 'AnalysisRun', ...ROLLOUT_OR_EXPERIMENT];

/** Every analysis reference with the templates of its run (flattened) and the references that found none. */
function eachReference(r: Manifest, ctx: Pick<RuleContext, 'index'>) {
  return eachAnalysisReference(r, ctx.index);
}

/** `kind.argoproj.io "name" not found`, the API server's NotFound text the controller reports. */
function notFound(m: Pick<MissingTemplate, 'kind' | 'name'>): string {
  return `${m.kind.toLowerCase()}.argoproj.io ${JSON.stringify(m.name)} not found`;
}

/**
 * The metrics measured at an interval of the analyses a Rollout waits for (steps, pre- and
 * post-promotion; not background), with their template and reference: the metrics whose count
 * decides whether the analysis ends (RR6).
 */
function* repeatedStepMetrics(r: Manifest, ctx: Pick<RuleContext, 'index'>): Iterable<{ a: AnalysisReference; templates: ResolvedTemplate[]; t: ResolvedTemplate; m: any }> {
  for (const { a, templates } of eachReference(r, ctx)) {
    // the Rollout controller checks the analyses it runs itself, not an experiment's
    if (a.use === AnalysisUse.BACKGROUND || a.use === AnalysisUse.EXPERIMENT) continue;
    for (const t of templates) {
      for (const m of arrayOf(t.template?.spec?.metrics)) if (m?.interval) yield { a, templates, t, m };
    }
  }
}

export const REFERENCE_RULES: Rule[] = [
  rule({
    id: 'ref-analysis-template-exists',
    ref: 'RR3',
    kinds: [...ROLLOUT_OR_EXPERIMENT, ...TEMPLATE_KINDS],
    message: 'analysis template not found',
    fix: 'add the AnalysisTemplate to the set, or correct templateName / clusterScope',
    *check(obj, ctx) {
      if (TEMPLATE_KINDS.includes(kindOf(obj))) {
        // the templates a template nests (spec.templates): a namespaced template's namespaced ones are
        // looked up in its namespace (where every object that references it is); a cluster-scoped
        // template's namespaced ones depend on the referencing object, and are checked there
        const namespaced = kindOf(obj) === 'AnalysisTemplate';
        const refs = arrayOf(obj?.spec?.templates);
        for (let k = 0; k < refs.length; k++) {
          const kind = templateKind(refs[k]);
          const name = text(refs[k]?.templateName ?? '');
          if (kind === 'AnalysisTemplate' && !namespaced) continue;
          if (!ctx.index.find(kind, name, kind === 'ClusterAnalysisTemplate' ? undefined : namespaceOf(obj))) {
            yield { path: joinPath('spec.templates', k, 'templateName'), message: notFound({ kind, name }), severity: ctx.missingRefSeverity };
          }
        }
        return;
      }
      for (const { missing } of eachReference(obj, ctx)) {
        for (const m of missing) {
          if (!m.via) {
            yield { path: joinPath(m.refPath, 'templateName'), message: notFound(m), severity: ctx.missingRefSeverity };
          } else if (m.via.kind === 'ClusterAnalysisTemplate' && m.kind === 'AnalysisTemplate') {
            yield {
              path: joinPath(m.refPath, 'templateName'),
              message: `${notFound(m)} (named by ${m.via.kind}/${m.via.name} spec.templates[${m.via.index}], looked up in this object's namespace)`,
              severity: ctx.missingRefSeverity,
            };
          }
        }
      }
    },
  }),
  rule({
    id: 'analysis-args-resolved',
    ref: 'M20',
    kinds: ROLLOUT_OR_EXPERIMENT,
    message: 'args was not resolved',
    fix: 'pass the argument in the analysis args, or give it a default value in the template',
    *check(r, ctx) {
      const rollout = kindOf(r) === 'Rollout';
      for (const { a, templates, missing } of eachReference(r, ctx)) {
        if (missing.length > 0) continue; // a missing template is reported on its own
        // an Experiment passes its analyses only the name and value of each argument (experiments/experiment.go
        // ResolveAnalysisRunArgs): a valueFrom it passes is dropped before MergeArgs
        const args = arrayOf(a.spec.args);
        const passed = rollout ? a : { ...a, spec: { ...a.spec, args: args.map((arg) => (isObject(arg) ? { ...arg, valueFrom: undefined } : arg)) } };
        const dropped = rollout ? undefined : new Set(args.filter((arg) => arg?.valueFrom != null && arg?.value == null).map((arg) => arg?.name));
        for (const arg of runArgs(passed, templates, rollout)) {
          // ResolveArgs
          if (arg.value == null && arg.valueFrom == null) {
            yield {
              path: joinPath(a.path, 'args'),
              message: `args.${text(arg.name)} was not resolved`,
              fix: dropped?.has(arg.name)
                ? 'pass the argument as a value: the Experiment controller drops valueFrom of its analyses\' arguments (in cdk8s: ArgValue.of(...) or a template\'s podTemplateHash() / replicaSetName(), not ArgValue.fromField())'
                : undefined,
            };
          }
        }
      }
    },
  }),
  rule({
    id: 'analysis-arg-declared',
    ref: 'library',
    kinds: ROLLOUT_OR_EXPERIMENT,
    // upstream MergeArgs skips a passed argument no template declares: the run does not fail
    severity: Severity.WARNING,
    message: 'argument is not declared by the referenced templates: the controller ignores it',
    fix: 'remove the argument, correct its name (a misspelt one leaves the template\'s default in place), or declare it in the template\'s spec.args',
    *check(r, ctx) {
      for (const { a, templates, missing } of eachReference(r, ctx)) {
        if (missing.length > 0) continue; // a missing template is reported on its own
        const declared = new Set(templates.flatMap((t) => arrayOf(t.template?.spec?.args).map((x) => x?.name)));
        const args = arrayOf(a.spec.args);
        for (let i = 0; i < args.length; i++) {
          if (!declared.has(args[i]?.name)) {
            yield {
              path: joinPath(a.path, 'args', i, 'name'),
              message: `argument ${JSON.stringify(args[i]?.name)} is not declared by ${templates.map((t) => `${t.kind}/${t.name}`).join(', ')}: the controller ignores it`,
            };
          }
        }
      }
    },
  }),
  rule({
    id: 'analysis-unique-metric-names',
    ref: 'M16',
    kinds: ROLLOUT_OR_EXPERIMENT,
    message: 'two metrics have the same name',
    fix: 'rename one of the metrics, or reference the templates separately',
    *check(r, ctx) {
      for (const { a, templates } of eachReference(r, ctx)) {
        const seen = new Set<string>();
        for (const t of templates) {
          for (const m of arrayOf(t.template?.spec?.metrics)) {
            // a metric without a name is reported by the template's own rules
            if (typeof m?.name !== 'string') continue;
            if (seen.has(m.name)) yield { path: joinPath(a.path, 'templates'), message: `two metrics have the same name '${m.name}'` };
            seen.add(m.name);
          }
        }
      }
    },
  }),
  rule({
    id: 'analysis-arg-conflict',
    ref: 'M19',
    kinds: ROLLOUT_OR_EXPERIMENT,
    message: 'Argument specified multiple times with different values',
    fix: 'give the argument the same default in every template, or none',
    *check(r, ctx) {
      for (const { a, templates } of eachReference(r, ctx)) {
        const values = new Map<string, string>();
        for (const t of templates) {
          for (const arg of arrayOf(t.template?.spec?.args)) {
            if (typeof arg?.value !== 'string') continue;
            const prev = values.get(arg.name);
            if (prev !== undefined && prev !== arg.value) {
              yield { path: joinPath(a.path, 'templates'), message: `Argument \`${text(arg.name)}\` specified multiple times with different values: '${prev}', '${arg.value}'` };
            }
            values.set(arg.name, arg.value);
          }
        }
      }
    },
  }),
  rule({
    id: 'analysis-unique-dry-run',
    ref: 'M17',
    kinds: ROLLOUT_OR_EXPERIMENT,
    message: 'two Dry-Run metric rules have the same name',
    fix: 'list each metric once in dryRun',
    check: (r, ctx) => duplicateMatchRules(r, ctx, 'dryRun', 'Dry-Run'),
  }),
  rule({
    id: 'analysis-unique-measurement-retention',
    ref: 'M18',
    kinds: ROLLOUT_OR_EXPERIMENT,
    message: 'two Measurement Retention metric rules have the same name',
    fix: 'list each metric once in measurementRetention',
    check: (r, ctx) => duplicateMatchRules(r, ctx, 'measurementRetention', 'Measurement Retention'),
  }),
  rule({
    id: 'analysis-dry-run-matches',
    ref: 'M23',
    kinds: RUN_SOURCE_KINDS,
    message: 'Rule didn\'t match any metric name(s)',
    fix: 'make metricName a metric name, or a regular expression matching one, of the templates the analysis runs',
    check: (obj, ctx) => unmatchedRules(obj, ctx, 'dryRun'),
  }),
  rule({
    id: 'analysis-measurement-retention-matches',
    ref: 'M24',
    kinds: RUN_SOURCE_KINDS,
    message: 'Rule didn\'t match any metric name(s)',
    fix: 'make metricName a metric name, or a regular expression matching one, of the templates the analysis runs',
    check: (obj, ctx) => unmatchedRules(obj, ctx, 'measurementRetention'),
  }),
  rule({
    id: 'analysis-metric-terminates',
    ref: 'RR6',
    kinds: ROLLOUT,
    message: 'has metric which runs indefinitely',
    fix: 'give the metric a count (e.g. count: 5 with interval: 1m), or run it as background analysis',
    *check(r, ctx) {
      for (const { a, t, m } of repeatedStepMetrics(r, ctx)) {
        let count = m.count;
        if (isPlaceholder(count)) {
          count = countAsChecked(count, t.template);
          if (count === undefined) continue; // a placeholder the template does not declare: analysis-placeholder-declared
        }
        if (count == null || intValue(count) === 0) {
          yield {
            path: joinPath(a.path, 'templates'),
            message: `AnalysisTemplate ${t.name} has metric ${text(m.name)} which runs indefinitely. Invalid value for count: ${count == null ? '<nil>' : text(count)}`,
          };
        }
      }
    },
  }),
  rule({
    id: 'analysis-metric-terminates-with-args',
    ref: 'library',
    kinds: ROLLOUT,
    severity: Severity.WARNING,
    message: 'has metric which runs indefinitely with the arguments this Rollout passes',
    fix: 'pass a whole number greater than 0 for the count argument (or give it such a default), or run the metric as background analysis',
    *check(r, ctx) {
      // RR6 resolves a placeholder count from the template alone; the run resolves it from what the
      // Rollout passes, and a count that is 0 (or not a number) there never ends the step
      for (const { a, templates, t, m } of repeatedStepMetrics(r, ctx)) {
        if (!isPlaceholder(m.count)) continue;
        const checked = countAsChecked(m.count, t.template);
        const atRun = countAtRun(m.count, a, templates);
        if (checked === undefined || intValue(checked) === 0 || atRun === undefined || intValue(atRun) !== 0) continue;
        yield {
          path: joinPath(a.path, 'args'),
          message: `AnalysisTemplate ${t.name} has metric ${text(m.name)} which runs indefinitely with the arguments this Rollout passes: `
            + `count ${text(m.count)} is ${JSON.stringify(atRun)}, which the controller reads as 0, so the analysis never completes`,
        };
      }
    },
  }),
  rule({
    id: 'ref-service-exists',
    ref: 'RR1',
    kinds: ROLLOUT,
    message: 'service not found',
    fix: 'add the Service to the set or correct its name',
    *check(r, ctx) {
      for (const s of serviceRefs(r)) {
        if (!ctx.index.find('Service', s.name, r?.metadata?.namespace)) {
          yield { path: s.path, message: `service ${JSON.stringify(s.name)} not found`, severity: ctx.missingRefSeverity };
        }
      }
    },
  }),
  rule({
    id: 'ref-service-selects-pods',
    ref: 'RR1',
    kinds: ROLLOUT,
    message: 'Service has unmatch label in rollout',
    fix: 'make the Service selector use the pod template labels (with a workloadRef, the Deployment\'s; cdk8s-plus: `selector: rollout`), or for a stable/canary/active/preview Service the labels of stableMetadata/canaryMetadata/activeMetadata/previewMetadata',
    *check(r, ctx) {
      const labels = runningPodLabels(r, ctx.index);
      if (!labels) return;
      for (const s of serviceRefs(r)) {
        const svc = ctx.index.find('Service', s.name, r?.metadata?.namespace);
        const selector = svc?.spec?.selector;
        if (!isObject(selector)) continue;
        for (const [k, v] of Object.entries(selector)) {
          if (k !== 'rollouts-pod-template-hash' && labels[k] !== v && s.roleLabels?.[k] !== v) {
            yield { path: s.path, message: `Service ${JSON.stringify(s.name)} has unmatch label ${JSON.stringify(k)} in rollout` };
          }
        }
      }
    },
  }),
  rule({
    id: 'ref-service-one-rollout',
    ref: 'RR2',
    kinds: ROLLOUT,
    message: 'Service is managed by another Rollout',
    fix: 'give each Rollout its own Services: the controller lets one Rollout manage a Service',
    *check(r, ctx) {
      const namespace = namespaceOf(r);
      for (const s of serviceRefs(r)) {
        const controller = `Service ${JSON.stringify(s.name)} is managed by another Rollout`;
        // Rollouts not applied together with this one (at synth: of another chart, maybe for another cluster) do not compete
        const others = rolloutsNaming(ctx.index, namespace, s.name).filter((o) => nameOf(o) !== nameOf(r) && (ctx.together?.(r, o) ?? true));
        if (others.length > 0) {
          yield { path: s.path, message: `${controller}: ${[...new Set(others.map((o) => `Rollout/${nameOf(o)}`))].join(', ')} names it too` };
          continue;
        }
        const managedBy = ctx.index.find('Service', s.name, namespace)?.metadata?.annotations?.[MANAGED_BY];
        if (typeof managedBy === 'string' && managedBy !== nameOf(r)) {
          yield {
            path: s.path,
            message: `${controller} (${MANAGED_BY}: ${managedBy})`,
            fix: `point this Rollout at a Service of its own, or remove the annotation ${MANAGED_BY} if Rollout/${managedBy} no longer exists`,
          };
        }
      }
    },
  }),
];

/** The annotation the controller puts on each Service it manages, naming the Rollout. */
const MANAGED_BY = 'argo-rollouts.argoproj.io/managed-by-rollouts';

/** A Service a Rollout names, where, and the labels its selector may use besides the pod template's. */
export interface ServiceRef {
  readonly path: string;
  readonly name: string;
  /**
   * The labels the controller adds to the pods the Service sends traffic to while it does
   * (`stableMetadata` for the stable Service, `canaryMetadata`, `activeMetadata`, `previewMetadata`):
   * the Service's selector may use them.
   */
  readonly roleLabels?: Record<string, unknown>;
}

/** The Service fields of each strategy, each with the pod metadata field that goes with it. */
const SERVICE_FIELDS: Record<'blueGreen' | 'canary', ReadonlyArray<[string, string?]>> = {
  blueGreen: [['activeService', 'activeMetadata'], ['previewService', 'previewMetadata']],
  canary: [['stableService', 'stableMetadata'], ['canaryService', 'canaryMetadata'], ['pingPong.pingService'], ['pingPong.pongService']],
};

/**
 * A metric's placeholder `count` as the controller's check resolves it (validateAnalysisMetrics, on the
 * template alone): each `{{args.x}}` is the template's own default for x, or "dummy-value" when it has
 * none (or takes it valueFrom), whatever the Rollout passes. Undefined when a placeholder names no
 * argument of the template.
 */
function countAsChecked(count: string, template: Manifest): string | undefined {
  const own = new Map<string, string>();
  for (const arg of arrayOf(template?.spec?.args)) {
    if (typeof arg?.name === 'string') own.set(arg.name, arg.value != null ? text(arg.value) : 'dummy-value');
  }
  return withArgs(count, own);
}

/**
 * A metric's placeholder `count` as the AnalysisRun gets it: each `{{args.x}}` is the value the
 * Rollout passes (absent is ""), else the templates' first default. Undefined when a value is only
 * known at run time (valueFrom) or a placeholder names no argument.
 */
export function countAtRun(count: string, a: AnalysisReference, templates: ResolvedTemplate[]): string | undefined {
  const values = new Map<string, string | undefined>();
  for (const t of templates) {
    for (const arg of arrayOf(t.template?.spec?.args)) {
      if (typeof arg?.name === 'string' && values.get(arg.name) === undefined) values.set(arg.name, arg.value != null ? text(arg.value) : undefined);
    }
  }
  for (const arg of arrayOf(a.spec.args)) {
    if (typeof arg?.name === 'string' && values.has(arg.name)) values.set(arg.name, arg.valueFrom != null ? undefined : text(arg.value ?? ''));
  }
  return withArgs(count, values);
}

/** `value` with each `{{args.x}}` replaced by x's entry of `args`; undefined when one has none. */
function withArgs(value: string, args: ReadonlyMap<string, string | undefined>): string | undefined {
  let unresolved = false;
  const resolved = replacePlaceholders(value, (tag) => {
    const v = tag.startsWith('args.') ? args.get(tag.slice(5)) : undefined;
    if (v === undefined) unresolved = true;
    return v ?? '';
  });
  return unresolved ? undefined : resolved;
}

/**
 * dryRun / measurementRetention rules checked on the runs they end up in, as the controller checks
 * an AnalysisRun (M23, M24): for each analysis of a Rollout or Experiment, its own rules then its
 * templates' against the metrics of all its templates (mergeDryRunMetrics, FlattenTemplates); an
 * AnalysisRun as it is; a template as it runs alone, when no Rollout or Experiment of the set uses it.
 */
function* unmatchedRules(obj: Manifest, ctx: RuleContext, field: 'dryRun' | 'measurementRetention'): Iterable<Violation> {
  if (ROLLOUT_OR_EXPERIMENT.includes(kindOf(obj))) {
    for (const { a, templates, missing } of eachReference(obj, ctx)) {
      if (missing.length > 0) continue; // a missing template is reported on its own
      const own = runMatchRules(a, field);
      const entries = [
        ...own.list.map((entry, i) => ({ entry, path: joinPath(own.path, i, 'metricName') })),
        ...templates.flatMap((t) => arrayOf(t.template?.spec?.[field]).map((entry) => ({ entry, path: t.refPath }))),
      ];
      yield* matchRules(entries, templates.flatMap((t) => metricNames(t.template)), field);
    }
    return;
  }
  if (kindOf(obj) === 'AnalysisRun') {
    const runEntries = arrayOf(obj?.spec?.[field]).map((entry, i) => ({ entry, path: joinPath('spec', field, i, 'metricName') }));
    yield* matchRules(runEntries, metricNames(obj), field);
    return;
  }
  if (referencedTemplates(ctx.index).has(obj)) return;
  // a template no Rollout or Experiment of the set runs: as it runs alone, with the templates it nests
  const flat = flattenTemplate(obj, ctx.index);
  if (flat.missing.length > 0) return;
  const entries = arrayOf(obj?.spec?.[field]).map((entry, i) => ({ entry, path: joinPath('spec', field, i, 'metricName') }));
  yield* matchRules(entries, flat.templates.flatMap((t) => metricNames(t.template)), field);
}

/** For each index (its `base`, which its views share), the templates its Rollouts and Experiments reference, computed once. */
const REFERENCED_TEMPLATES = new WeakMap<ManifestIndex, Set<Manifest>>();

function referencedTemplates(view: ManifestIndex): Set<Manifest> {
  const index = view.base;
  let referenced = REFERENCED_TEMPLATES.get(index);
  if (!referenced) {
    referenced = new Set();
    for (const kind of ROLLOUT_OR_EXPERIMENT) {
      for (const r of index.ofKind(kind).filter(judgedAsArgo)) {
        for (const { templates } of eachReference(r, { index })) for (const t of templates) referenced.add(t.template);
      }
    }
    REFERENCED_TEMPLATES.set(index, referenced);
  }
  return referenced;
}

/** Services a Rollout names (active/preview, stable/canary, ping/pong). */
export function serviceRefs(r: Manifest): ServiceRef[] {
  const st = strategyOf(r);
  if (!st) return [];
  const out: ServiceRef[] = [];
  for (const [field, metadata] of SERVICE_FIELDS[st.name]) {
    const v = field.split('.').reduce<any>((o, k) => o?.[k], st.spec);
    if (typeof v !== 'string' || v === '') continue;
    const labels = metadata ? st.spec[metadata]?.labels : undefined;
    out.push({ path: joinPath(st.path, field), name: v, roleLabels: isObject(labels) ? labels : undefined });
  }
  return out;
}

/** For each index (its `base`), the Rollouts of the set by the Services they name (key: namespace and name), computed once. */
const ROLLOUTS_BY_SERVICE = new WeakMap<ManifestIndex, Map<string, Manifest[]>>();

/**
 * The Rollouts of the set that name Service `name` in `namespace`. Only Rollouts in the same namespace
 * count (two without a namespace count as the same): a Rollout without one may be deployed anywhere.
 */
function rolloutsNaming(view: ManifestIndex, namespace: string | undefined, name: string): Manifest[] {
  const index = view.base;
  let byService = ROLLOUTS_BY_SERVICE.get(index);
  if (!byService) {
    byService = new Map();
    for (const r of index.ofKind('Rollout').filter(judgedAsArgo)) {
      for (const s of serviceRefs(r)) {
        const key = JSON.stringify([namespaceOf(r) ?? null, s.name]);
        const users = byService.get(key) ?? [];
        if (!users.includes(r)) users.push(r);
        byService.set(key, users);
      }
    }
    ROLLOUTS_BY_SERVICE.set(index, byService);
  }
  return byService.get(JSON.stringify([namespace ?? null, name])) ?? [];
}

function* duplicateMatchRules(r: Manifest, ctx: RuleContext, field: 'dryRun' | 'measurementRetention', label: string): Iterable<Violation> {
  for (const { a, templates } of eachReference(r, ctx)) {
    const seen = new Set<string>();
    const own = runMatchRules(a, field);
    const sources = [...templates.map((t) => arrayOf(t.template?.spec?.[field])), own.list];
    for (const list of sources) {
      for (const e of list) {
        if (seen.has(e?.metricName)) yield { path: own.path, message: `two ${label} metric rules have the same name '${e.metricName}'` };
        seen.add(e?.metricName);
      }
    }
  }
}
