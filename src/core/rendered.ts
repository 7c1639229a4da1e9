/**
 * The generated L1 classes re-map their props through generated `toJson_*` functions when they
 * render. The L2 constructs here already build their specs through those typed functions and splice
 * in pod templates that cdk8s-plus rendered with its own Kubernetes types (the CRD's pod types and
 * cdk8s-plus's are not assignable to each other, and a second mapping would drop IntOrString
 * values such as probe ports). So the L2s (the Rollout's L1 subclass, and the L2s that are their own
 * ApiObject) render with cdk8s's own `ApiObject.toJson`: lazy values resolved, keys sorted, JSON
 * patches applied, no second mapping.
 */
import { ApiObject, Duration } from 'cdk8s';
import { renderedBySynthValidation } from '../validation/synth';

/**
 * `ApiObject.toJson()` without the generated L1 re-mapping. Inside `App.synth()` the output reuses
 * the rendering made for the call's validation (see `validation/synth.ts`).
 */
export function renderApiObject(obj: ApiObject): any {
  return renderedBySynthValidation(obj) ?? ApiObject.prototype.toJson.call(obj);
}

/**
 * A `Duration` as a Go duration string (`time.ParseDuration`): `30s`, `5m`, `1h30m`, `500ms`.
 * Argo parses `interval`, `initialDelay`, pause and experiment durations this way.
 */
export function goDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  if (ms === 0) return '0s';
  if (ms % 1000 !== 0) return `${ms}ms`;
  let s = ms / 1000;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

/** Whole seconds of a Duration, with an error naming the prop when it is not whole. */
export function wholeSeconds(d: Duration, prop: string): number {
  const error = wholeSecondsError(d, `"${prop}"`);
  if (error) throw new Error(error);
  return d.toMilliseconds() / 1000;
}

/**
 * What is wrong with a Duration that must be a whole number of seconds (and, with `positive`, more
 * than 0): `<subject> must be a ... whole number of seconds: <n>ms`; undefined when it is fine.
 * @param subject how the message names the value, e.g. `"timeout"`
 */
export function wholeSecondsError(d: Duration, subject: string, positive = false): string | undefined {
  const ms = d.toMilliseconds();
  if ((positive && ms <= 0) || ms % 1000 !== 0) return `${subject} must be a ${positive ? 'positive ' : ''}whole number of seconds: ${ms}ms`;
  return undefined;
}

/**
 * One error per prop of `values` that is set to something other than a whole number: the CRDs take
 * int32 (or int-or-string) there, and TypeScript's `number` does not say so. Reported at synth.
 */
export function fractionalProps(values: { [prop: string]: number | undefined }): string[] {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined && !Number.isInteger(v))
    .map(([prop, v]) => `"${prop}" must be a whole number: ${v}`);
}

/** Drops undefined values and empty objects/arrays so that specs stay minimal. */
export function undefinedIfEmpty<T>(v: T[] | Record<string, any> | undefined): any {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.length === 0 ? undefined : v;
  return Object.keys(v).length === 0 ? undefined : v;
}
