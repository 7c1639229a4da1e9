/**
 * Plain-JSON manifest helpers shared by the rules, the constructs' synth-time validation and lint.
 * A manifest is whatever `ApiObject.toJson()` returns or a YAML document parses to.
 */

import { objectName } from './finding';

/** A Kubernetes object as plain JSON. */
export type Manifest = Record<string, any>;

/** The `apiVersion` group of Argo Rollouts and Argo CD objects. */
export const ARGO_GROUP = 'argoproj.io';

export function kindOf(m: Manifest): string {
  return typeof m?.kind === 'string' ? m.kind : '';
}

export function nameOf(m: Manifest): string {
  return typeof m?.metadata?.name === 'string' ? m.metadata.name : '';
}

/** `metadata.generateName` of an object without a name, if it is a non-empty string. */
export function generateNameOf(m: Manifest): string | undefined {
  const v = m?.metadata?.generateName;
  return !nameOf(m) && typeof v === 'string' && v !== '' ? v : undefined;
}

/** How output names the object (`objectName`): its name, its generateName, or `<unnamed>`. */
export function displayNameOf(m: Manifest): string {
  return objectName(nameOf(m), generateNameOf(m));
}

export function namespaceOf(m: Manifest): string | undefined {
  return typeof m?.metadata?.namespace === 'string' ? m.metadata.namespace : undefined;
}

/** The part of `apiVersion` before the `/` (`argoproj.io`, `networking.istio.io`; `v1` for the core group), if it is a string. */
export function groupOf(m: Manifest): string | undefined {
  return typeof m?.apiVersion === 'string' ? m.apiVersion.split('/')[0] : undefined;
}

export function isArgoObject(m: Manifest): boolean {
  return groupOf(m) === ARGO_GROUP;
}

/**
 * Whether the rules judge `m` by its kind: an Argo object, or one without an `apiVersion`. Other API
 * groups have kinds of the same names (OpenKruise's `Rollout`, the Kubernetes SIG `Application`),
 * which the rules must leave alone.
 */
export function judgedAsArgo(m: Manifest): boolean {
  return typeof m?.apiVersion !== 'string' || isArgoObject(m);
}

export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `a.b[2].c` from path segments. */
export function joinPath(...segments: Array<string | number>): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (s === '') continue;
    else out += out ? `.${s}` : s;
  }
  return out;
}

/**
 * A JSON text of a manifest value with the keys of every map sorted: two values are equal as data
 * exactly when their texts are (sync windows compared field by field, shared CRD subschemas).
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/**
 * A manifest value as text, for messages and lookups: a string as it is, anything else as `String()`
 * writes it, except a value `String()` cannot convert (a YAML mapping with a `toString` key), which is
 * written as JSON. Never throws: rules read manifests as they come, malformed ones too.
 */
export function text(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return String(v);
  } catch {
    try {
      return JSON.stringify(v) ?? Object.prototype.toString.call(v);
    } catch {
      return Object.prototype.toString.call(v);
    }
  }
}

/** The array at `v`, or an empty array when it is not one. */
export function arrayOf(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/**
 * An index of a manifest set by kind and name. Objects are looked up in their namespace; an object
 * without a namespace matches any namespace (cdk8s charts often leave namespaces to the deploy tool).
 *
 * Values are produced on first access, so a synth-time index can defer `toJson()` of objects no rule
 * asks for. A lookup reads only the objects of that name visible from the namespace, so it takes the
 * same time whether the set holds ten objects of that name (one per namespace) or a thousand.
 */
export class ManifestIndex {
  private byKind = new Map<string, Map<string, Named>>();
  private counter = { added: 0 };
  /** the index this one is a view of (`preferring`), or this index */
  private root: ManifestIndex = this;
  private prefer?: (m: Manifest) => boolean;

  /**
   * The index itself, also when this is a view of it (`preferring`): the key for whole-set
   * computations that views share.
   */
  public get base(): ManifestIndex {
    return this.root;
  }

  /**
   * A view of the same objects whose `find` takes, within the objects it would choose among, one
   * that `prefer` holds for first: at synth, an object of the same chart as the one being checked.
   */
  public preferring(prefer: (m: Manifest) => boolean): ManifestIndex {
    const view = new ManifestIndex();
    view.byKind = this.byKind;
    view.counter = this.counter;
    view.root = this.root;
    view.prefer = prefer;
    return view;
  }

  public add(kind: string, name: string, namespace: string | undefined, get: () => Manifest): void {
    let byName = this.byKind.get(kind);
    if (!byName) {
      byName = new Map();
      this.byKind.set(kind, byName);
    }
    let named = byName.get(name);
    if (!named) {
      named = { all: [], byNamespace: new Map() };
      byName.set(name, named);
    }
    let cached: Manifest | undefined;
    const entry: IndexEntry = { order: this.counter.added++, get: () => (cached ??= get()) };
    named.all.push(entry);
    const inNamespace = named.byNamespace.get(namespace);
    if (inNamespace) inNamespace.push(entry);
    else named.byNamespace.set(namespace, [entry]);
  }

  public addManifest(m: Manifest): void {
    this.add(kindOf(m), nameOf(m), namespaceOf(m), () => m);
  }

  /**
   * The object of this kind and name visible from `namespace` for which `accept` holds, if any
   * (`accept`: for kinds that several API groups define, such as Istio's and App Mesh's
   * VirtualService). One in `namespace` comes before one without a namespace (which may be deployed
   * elsewhere); among several, the last added wins, as Argo CD and `kubectl apply -f` apply the last
   * copy of an object. A lookup without a namespace takes the last of all. In a view (`preferring`),
   * a preferred object comes first within each of those. Only the candidates are rendered.
   */
  public find(kind: string, name: string, namespace?: string, accept?: (m: Manifest) => boolean): Manifest | undefined {
    const named = this.byKind.get(kind)?.get(name);
    if (!named) return undefined;
    const groups = namespace === undefined ? [named.all] : [named.byNamespace.get(namespace), named.byNamespace.get(undefined)];
    const prefer = this.prefer;
    for (const entries of groups) {
      if (!entries) continue;
      const preferred = prefer && entries.length > 1 ? lastOf(entries, (m) => (!accept || accept(m)) && prefer(m)) : undefined;
      const found = preferred ?? lastOf(entries, accept);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * The objects of the set with the API group, kind, namespace and name of `m` (`m` among them when
   * it is in the set), in the order added: the copies of one object that Argo CD and `kubectl apply`
   * would see. Only the objects of that kind, name and namespace are rendered.
   */
  public copiesOf(m: Manifest): Manifest[] {
    const entries = this.byKind.get(kindOf(m))?.get(nameOf(m))?.byNamespace.get(namespaceOf(m)) ?? [];
    if (entries.length < 2) return entries.map((e) => e.get());
    const group = groupOf(m);
    return entries.map((e) => e.get()).filter((c) => groupOf(c) === group);
  }

  /** Every object of this kind, in the order added (each rendered): for rules about the set as a whole. */
  public ofKind(kind: string): Manifest[] {
    const byName = this.byKind.get(kind);
    if (!byName) return [];
    return [...byName.values()].flatMap((named) => named.all).sort((a, b) => a.order - b.order).map((e) => e.get());
  }

  /** `find` among the objects of one API group (`groupOf`), for kinds that several groups define (Istio's and App Mesh's VirtualService). */
  public findInGroup(kind: string, group: string, name: string, namespace?: string): Manifest | undefined {
    return this.find(kind, name, namespace, (m) => groupOf(m) === group);
  }
}

/** The objects of one kind and name: all of them, and by namespace (`undefined`: without one). */
interface Named {
  readonly all: IndexEntry[];
  readonly byNamespace: Map<string | undefined, IndexEntry[]>;
}

interface IndexEntry {
  /** position in the order the objects were added */
  readonly order: number;
  readonly get: () => Manifest;
}

/** The last of `entries` (rendered) for which `test` holds, if any. */
function lastOf(entries: readonly IndexEntry[], test?: (m: Manifest) => boolean): Manifest | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const m = entries[i].get();
    if (!test || test(m)) return m;
  }
  return undefined;
}
