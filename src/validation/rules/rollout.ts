/**
 * Rollout spec rules that apply to every strategy, and the blue-green ones
 * (argo-rollouts `pkg/apis/rollouts/validation/validation.go`, ids R1–R17 and R44), and the
 * library's checks of a `workloadRef` (`rollout/templateref.go`).
 */
import { Severity } from '../finding';
import { labelKeyErrors, selectorMatches, validateLabels, validateLabelSelector } from '../labels';
import { arrayOf, groupOf, isObject, joinPath, Manifest, ManifestIndex, namespaceOf, nameOf, text } from '../manifest';
import { containerProblems } from '../pod';
import { analysisReferences, strategyOf } from '../rollout-model';
import { Rule, rule } from '../rule';

const ROLLOUT = ['Rollout'];
const NONNEGATIVE = 'must be greater than or equal to 0';

function nonNegative(id: string, ref: string, field: string, fix: string): Rule {
  return rule({
    id,
    ref,
    kinds: ROLLOUT,
    message: NONNEGATIVE,
    fix,
    *check(r) {
      const v = r?.spec?.[field];
      if (typeof v === 'number' && v < 0) yield { path: joinPath('spec', field), message: `Invalid value: ${v}: ${NONNEGATIVE}` };
    },
  });
}

function spec(r: Manifest): Record<string, any> {
  return isObject(r?.spec) ? r.spec : {};
}

export const ROLLOUT_RULES: Rule[] = [
  nonNegative('rollout-replicas-nonnegative', 'R1', 'replicas', 'set replicas to 0 or more'),
  rule({
    id: 'rollout-selector-required',
    ref: 'R2',
    kinds: ROLLOUT,
    message: 'Rollout has missing field \'.spec.selector\'',
    fix: 'add spec.selector.matchLabels that match the pod template labels, or use workloadRef',
    *check(r) {
      if (!spec(r).workloadRef && spec(r).selector == null) yield { path: 'spec.selector' };
    },
  }),
  rule({
    id: 'rollout-selector-valid',
    ref: 'R3',
    kinds: ROLLOUT,
    message: 'invalid label selector',
    fix: 'use valid label keys and values and the operators In, NotIn, Exists, DoesNotExist',
    *check(r) {
      for (const p of validateLabelSelector(spec(r).selector, 'spec.selector')) yield p;
    },
  }),
  rule({
    id: 'rollout-selector-not-empty',
    ref: 'R4',
    kinds: ROLLOUT,
    message: 'empty selector is invalid for deployment',
    fix: 'give the selector at least one matchLabels entry or matchExpression',
    *check(r) {
      const s = spec(r).selector;
      // as the controller: with a workloadRef the selector is the Deployment's business
      if (!spec(r).workloadRef && isObject(s) && Object.keys(s.matchLabels ?? {}).length === 0 && arrayOf(s.matchExpressions).length === 0) {
        yield { path: 'spec.selector' };
      }
    },
  }),
  rule({
    id: 'rollout-workloadref-empty-template',
    ref: 'R5',
    kinds: ROLLOUT,
    message: 'template must be empty for workload reference rollout',
    fix: 'remove the pod template labels and annotations: the pod template comes from the referenced workload',
    *check(r) {
      const md = spec(r).template?.metadata;
      if (spec(r).workloadRef && isObject(md) && (Object.keys(md.labels ?? {}).length > 0 || Object.keys(md.annotations ?? {}).length > 0)) {
        yield { path: 'spec.template', message: 'Internal error: template must be empty for workload reference rollout' };
      }
    },
  }),
  rule({
    id: 'workload-ref-same-namespace',
    ref: 'library',
    kinds: ROLLOUT,
    message: 'deployments.apps "<name>" not found: the controller looks the workloadRef up only in the Rollout\'s namespace',
    fix: 'put the Deployment and the Rollout in the same namespace: a workloadRef cannot name a workload of another namespace, and the Rollout never progresses',
    *check(r, ctx) {
      const ref = spec(r).workloadRef;
      const namespace = namespaceOf(r);
      // a Rollout without a namespace may be deployed to the Deployment's
      if (!isObject(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string' || namespace === undefined) return;
      // one in the Rollout's namespace, or without one (deployed with it), is the one the controller finds
      if (ctx.index.find(ref.kind, ref.name, namespace)) return;
      const elsewhere = ctx.index.find(ref.kind, ref.name);
      const other = elsewhere ? namespaceOf(elsewhere) : undefined;
      if (other === undefined || other === namespace) return;
      const resource = `${ref.kind.toLowerCase()}s${typeof ref.apiVersion === 'string' && ref.apiVersion.includes('/') ? `.${ref.apiVersion.split('/')[0]}` : ''}`;
      yield {
        path: 'spec.workloadRef.name',
        message: `${resource} ${JSON.stringify(ref.name)} not found: the controller looks the workloadRef up only in the Rollout's namespace ${JSON.stringify(namespace)}, and ${text(ref.kind)}/${ref.name} is in ${JSON.stringify(other)}`,
      };
    },
  }),
  rule({
    id: 'workload-ref-replicas',
    ref: 'library',
    kinds: ROLLOUT,
    severity: Severity.WARNING,
    message: 'the Rollout has no replicas: it runs 1 pod (its default, not the Deployment\'s count) while the controller scales the Deployment down',
    fix: 'set the Rollout\'s replicas to the Deployment\'s count, or scale the Rollout with a HorizontalPodAutoscaler: a workloadRef takes only the pod template and selector of the Deployment',
    *check(r, ctx) {
      const ref = spec(r).workloadRef;
      // rollout/templateref.go copies only the template and the selector
      if (isObject(ref) && (ref.scaleDown === 'onsuccess' || ref.scaleDown === 'progressively') && spec(r).replicas == null && !autoscaled(r, ctx.index)) {
        yield {
          path: 'spec.replicas',
          message: `the Rollout has no replicas: it runs 1 pod (its default, not the Deployment's count) while the controller scales the Deployment down (scaleDown: ${ref.scaleDown})`,
        };
      }
    },
  }),
  rule({
    id: 'rollout-template-labels-valid',
    ref: 'R7',
    kinds: ROLLOUT,
    message: 'invalid label',
    fix: 'use valid Kubernetes label keys and values in the pod template',
    *check(r) {
      if (!spec(r).workloadRef) yield* validateLabels(spec(r).template?.metadata?.labels, 'spec.template.metadata.labels');
    },
  }),
  rule({
    id: 'rollout-selector-matches-template',
    ref: 'R7',
    kinds: ROLLOUT,
    message: 'Invalid value: `selector` does not match template `labels`',
    fix: 'make every spec.selector label appear with the same value in spec.template.metadata.labels',
    *check(r) {
      const s = spec(r);
      if (s.workloadRef || !isObject(s.selector) || !isObject(s.template)) return;
      const empty = Object.keys(s.selector.matchLabels ?? {}).length === 0 && arrayOf(s.selector.matchExpressions).length === 0;
      if (!empty && !selectorMatches(s.selector, s.template.metadata?.labels)) yield { path: 'spec.template.metadata.labels' };
    },
  }),
  rule({
    id: 'rollout-template-required',
    ref: 'R7',
    kinds: ROLLOUT,
    message: 'Required value',
    fix: 'give the Rollout a pod template with at least one container, or a workloadRef',
    *check(r) {
      const s = spec(r);
      if (s.workloadRef) return;
      if (arrayOf(s.template?.spec?.containers).length === 0) {
        yield { path: 'spec.template.spec.containers', message: 'Required value' };
      }
    },
  }),
  rule({
    id: 'rollout-template-containers-valid',
    ref: 'R7',
    kinds: ROLLOUT,
    message: 'Required value',
    fix: 'give every container a unique DNS-1123 name and an image',
    *check(r) {
      const s = spec(r);
      if (s.workloadRef) return;
      for (const problem of containerProblems(s.template?.spec)) yield { ...problem, path: joinPath('spec.template.spec', problem.path) };
    },
  }),
  rule({
    id: 'rollout-template-restart-policy',
    ref: 'R7',
    kinds: ROLLOUT,
    message: 'Unsupported value: supported values: "Always"',
    fix: 'leave restartPolicy unset or set it to Always',
    *check(r) {
      const rp = spec(r).template?.spec?.restartPolicy;
      // the controller applies the pod defaults first: unset, empty and null all become Always
      if (!spec(r).workloadRef && rp != null && rp !== '' && rp !== 'Always') {
        yield { path: 'spec.template.spec.restartPolicy', message: `Unsupported value: ${JSON.stringify(rp)}: supported values: "Always"` };
      }
    },
  }),
  nonNegative('rollout-min-ready-nonnegative', 'R8', 'minReadySeconds', 'set minReadySeconds to 0 or more'),
  nonNegative('rollout-revision-history-nonnegative', 'R9', 'revisionHistoryLimit', 'set revisionHistoryLimit to 0 or more'),
  nonNegative('rollout-progress-deadline-nonnegative', 'R10', 'progressDeadlineSeconds', 'set progressDeadlineSeconds to 0 or more'),
  rule({
    id: 'rollout-progress-deadline-exceeds-min-ready',
    ref: 'R11',
    kinds: ROLLOUT,
    message: 'must be greater than minReadySeconds',
    fix: 'make progressDeadline longer than minReady',
    *check(r) {
      const s = spec(r);
      const deadline = typeof s.progressDeadlineSeconds === 'number' ? s.progressDeadlineSeconds : 600;
      const minReady = typeof s.minReadySeconds === 'number' ? s.minReadySeconds : 0;
      if (deadline <= minReady) yield { path: 'spec.progressDeadlineSeconds', message: `Invalid value: ${deadline}: must be greater than minReadySeconds` };
    },
  }),
  rule({
    id: 'rollout-strategy-required',
    ref: 'R12',
    kinds: ROLLOUT,
    message: 'Rollout has missing field \'.spec.strategy.canary or .spec.strategy.blueGreen\'',
    fix: 'use BlueGreenRollout or CanaryRollout, or set exactly one of spec.strategy.blueGreen / spec.strategy.canary',
    *check(r) {
      const st = spec(r).strategy;
      if (!isObject(st?.canary) && !isObject(st?.blueGreen)) yield { path: 'spec.strategy' };
    },
  }),
  rule({
    id: 'rollout-single-strategy',
    ref: 'R13',
    kinds: ROLLOUT,
    message: 'Multiple Strategies can not be listed',
    fix: 'keep only one of spec.strategy.blueGreen and spec.strategy.canary',
    *check(r) {
      const st = spec(r).strategy;
      if (isObject(st?.canary) && isObject(st?.blueGreen)) yield { path: 'spec.strategy' };
    },
  }),
  rule({
    id: 'bluegreen-distinct-services',
    ref: 'R14',
    kinds: ROLLOUT,
    message: 'This rollout uses the same service for the active and preview services, but two different services are required.',
    fix: 'give previewService a different Service than activeService',
    *check(r) {
      const bg = spec(r).strategy?.blueGreen;
      if (isObject(bg) && (bg.activeService ?? '') === (bg.previewService ?? '')) {
        yield { path: 'spec.strategy.blueGreen.previewService' };
      }
    },
  }),
  rule({
    id: 'bluegreen-scale-down-limit',
    ref: 'R15',
    kinds: ROLLOUT,
    message: 'This rollout\'s revision history limit can not be smaller than the rollout\'s scale down limit',
    fix: 'lower scaleDownDelayRevisionLimit or raise revisionHistoryLimit',
    *check(r) {
      const bg = spec(r).strategy?.blueGreen;
      const limit = bg?.scaleDownDelayRevisionLimit;
      const history = typeof spec(r).revisionHistoryLimit === 'number' ? spec(r).revisionHistoryLimit : 10;
      if (typeof limit === 'number' && limit > history) yield { path: 'spec.strategy.blueGreen.scaleDownDelayRevisionLimit' };
    },
  }),
  rule({
    id: 'rollout-anti-affinity-one-strategy',
    ref: 'R16',
    kinds: ROLLOUT,
    message: 'AntiAffinity must have exactly one strategy listed',
    fix: 'use AntiAffinity.preferred(weight) or AntiAffinity.required(), not both',
    *check(r) {
      const st = strategyOf(r);
      const aa = st?.spec.antiAffinity;
      if (!isObject(aa)) return;
      const preferred = aa.preferredDuringSchedulingIgnoredDuringExecution != null;
      const required = aa.requiredDuringSchedulingIgnoredDuringExecution != null;
      if (preferred === required) yield { path: joinPath(st!.path, 'antiAffinity') };
    },
  }),
  rule({
    id: 'rollout-anti-affinity-weight',
    ref: 'R17',
    kinds: ROLLOUT,
    message: 'AntiAffinity weight must be between 1-100',
    fix: 'use a weight from 1 to 100',
    *check(r) {
      const st = strategyOf(r);
      const pref = st?.spec.antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
      if (st && isObject(pref)) {
        const w = pref.weight;
        if (typeof w !== 'number' || w < 1 || w > 100) {
          yield { path: joinPath(st.path, 'antiAffinity.preferredDuringSchedulingIgnoredDuringExecution.weight') };
        }
      }
    },
  }),
  rule({
    id: 'analysis-args-downward-api',
    ref: 'R44',
    kinds: ROLLOUT,
    message: 'Analyses arguments must refer to valid object metadata supported by downwardAPI',
    fix: 'use metadata.name, metadata.namespace, metadata.uid, metadata.labels[\'key\'] or metadata.annotations[\'key\']',
    *check(r) {
      const refs: Array<{ path: string; args: any[] }> = analysisReferences(r)
        .map((a) => ({ path: joinPath(a.path, 'args'), args: arrayOf(a.spec.args) }));
      arrayOf(r?.spec?.strategy?.canary?.steps).forEach((step, i) => {
        arrayOf(step?.experiment?.analyses).forEach((an, j) => {
          refs.push({ path: joinPath('spec.strategy.canary.steps', i, 'experiment.analyses', j, 'args'), args: arrayOf(an?.args) });
        });
      });
      for (const { path, args } of refs) {
        for (let i = 0; i < args.length; i++) {
          const fp = args[i]?.valueFrom?.fieldRef?.fieldPath;
          if (typeof fp === 'string' && fp.startsWith('metadata') && !validDownwardApiPath(fp)) {
            yield { path: joinPath(path, i, 'valueFrom.fieldRef.fieldPath'), message: `Invalid value: ${JSON.stringify(fp)}: Analyses arguments must refer to valid object metadata supported by downwardAPI` };
          }
        }
      }
    },
  }),
];

/**
 * Whether k8s `fieldpath.ExtractFieldPathAsString` resolves `fp` on the Rollout: name, namespace,
 * uid, the whole labels/annotations maps, or one key of them (`metadata.labels['k']`) where the key
 * is a qualified name (annotation keys are checked lowercased).
 */
function validDownwardApiPath(fp: string): boolean {
  if (['metadata.name', 'metadata.namespace', 'metadata.uid', 'metadata.labels', 'metadata.annotations'].includes(fp)) return true;
  if (!fp.endsWith('\']')) return false;
  const s = fp.slice(0, -2);
  const at = s.indexOf('[\'');
  if (at <= 0) return false;
  const key = s.slice(at + 2);
  switch (s.slice(0, at)) {
    case 'metadata.labels': return labelKeyErrors(key).length === 0;
    case 'metadata.annotations': return labelKeyErrors(key.toLowerCase()).length === 0;
    default: return false;
  }
}

/**
 * Whether a HorizontalPodAutoscaler of the set scales the Rollout `r` (`scaleTargetRef` kind Rollout in
 * argoproj.io, its name, the same namespace or none): the autoscaler then sets its replicas.
 */
function autoscaled(r: Manifest, index: ManifestIndex): boolean {
  const namespace = namespaceOf(r);
  return index.ofKind('HorizontalPodAutoscaler').some((h) => {
    const target = h?.spec?.scaleTargetRef;
    if (!isObject(target) || target.kind !== 'Rollout' || target.name !== nameOf(r) || groupOf(target) !== 'argoproj.io') return false;
    const ns = namespaceOf(h);
    return ns === undefined || namespace === undefined || ns === namespace;
  });
}
