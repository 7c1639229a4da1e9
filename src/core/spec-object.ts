/**
 * The L2 constructs without a pod template (AnalysisTemplate, ClusterAnalysisTemplate, Experiment,
 * ArgoCDApplication, AppProject, ApplicationSet) are their ApiObject: one construct node per object,
 * since cdk8s's `App.synth()` walks and validates the whole tree once per chart. Their spec is built
 * from the construct's state when it is rendered, so `addX()` calls after construction reach the output.
 * They render with `renderApiObject()` (`toJson()` override) and are validated with
 * `validateAtSynth(this, () => [this])`.
 */
import { ApiObjectMetadata, ApiObjectProps, GroupVersionKind, Lazy } from 'cdk8s';

/**
 * The props an L2 passes to `super()` when it is the ApiObject itself: kind and apiVersion of the
 * generated L1 class (`L1.Experiment.GVK`), the user's metadata and a `spec` produced at render time.
 */
export function lazySpecProps(gvk: GroupVersionKind, metadata: ApiObjectMetadata | undefined, renderSpec: () => any): ApiObjectProps {
  return { apiVersion: gvk.apiVersion, kind: gvk.kind, metadata, spec: Lazy.any({ produce: renderSpec }) };
}

/**
 * `o instanceof cls` by prototype chain. `ApiObject` overrides `Symbol.hasInstance` to accept any
 * ApiObject, which its subclasses inherit: without their own override `x instanceof AppProject`
 * would be true for a Service.
 */
export function isInstanceByPrototype(cls: Function, o: unknown): boolean {
  return Function.prototype[Symbol.hasInstance].call(cls, o);
}
