/**
 * Plain-JSON manifest helpers shared by the rules, the constructs' synth-time validation and lint.
 * A manifest is whatever `ApiObject.toJson()` returns or a YAML document parses to.
 */

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

export function namespaceOf(m: Manifest): string | undefined {
  return typeof m?.metadata?.namespace === 'string' ? m.metadata.namespace : undefined;
}

export function isArgoObject(m: Manifest): boolean {
  return typeof m?.apiVersion === 'string' && m.apiVersion.split('/')[0] === ARGO_GROUP;
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

/** The array at `v`, or an empty array when it is not one. */
export function arrayOf(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/**
 * An index of a manifest set by kind and name. Objects are looked up in their namespace; an object
 * without a namespace matches any namespace (cdk8s charts often leave namespaces to the deploy tool).
 *
 * Values are produced on first access, so a synth-time index can defer `toJson()` of objects no rule
 * asks for.
 */
export class ManifestIndex {
  private readonly byKind = new Map<string, Map<string, IndexEntry[]>>();

  public add(kind: string, name: string, namespace: string | undefined, get: () => Manifest): void {
    let byName = this.byKind.get(kind);
    if (!byName) {
      byName = new Map();
      this.byKind.set(kind, byName);
    }
    let list = byName.get(name);
    if (!list) {
      list = [];
      byName.set(name, list);
    }
    let cached: Manifest | undefined;
    list.push({ namespace, get: () => (cached ??= get()) });
  }

  public addManifest(m: Manifest): void {
    this.add(kindOf(m), nameOf(m), namespaceOf(m), () => m);
  }

  /** The object of this kind and name visible from `namespace`, if any. */
  public find(kind: string, name: string, namespace?: string): Manifest | undefined {
    const list = this.byKind.get(kind)?.get(name);
    if (!list) return undefined;
    const hit = list.find((e) => e.namespace === undefined || namespace === undefined || e.namespace === namespace);
    return hit?.get();
  }

  /** Every object of a kind. */
  public all(kind: string): Manifest[] {
    return [...(this.byKind.get(kind)?.values() ?? [])].flat().map((e) => e.get());
  }
}

interface IndexEntry {
  readonly namespace?: string;
  readonly get: () => Manifest;
}
