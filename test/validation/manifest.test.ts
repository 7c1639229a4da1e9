import { canonicalJson, groupOf, Manifest, ManifestIndex } from '../../src/validation/manifest';

function obj(kind: string, name: string, namespace?: string, apiVersion = 'v1'): Manifest {
  return { apiVersion, kind, metadata: { name, ...namespace === undefined ? {} : { namespace } } };
}

/** An index whose values count how often each is rendered. */
function countingIndex(objects: Manifest[]): { index: ManifestIndex; renders: Map<Manifest, number> } {
  const index = new ManifestIndex();
  const renders = new Map<Manifest, number>();
  for (const m of objects) {
    index.add(m.kind, m.metadata.name, m.metadata.namespace, () => {
      renders.set(m, (renders.get(m) ?? 0) + 1);
      return m;
    });
  }
  return { index, renders };
}

describe('canonicalJson', () => {
  test('maps with the same entries in another order have one text; lists keep their order; values differ', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: { b: 1 } })).toBe('{"a":{"b":1}}');
  });
});

describe('ManifestIndex', () => {
  test('finds an object by kind and name in its namespace; not in another, not of another kind', () => {
    const svc = obj('Service', 'web', 'a');
    const index = new ManifestIndex();
    index.addManifest(svc);
    index.addManifest(obj('Ingress', 'web', 'a'));
    expect(index.find('Service', 'web', 'a')).toBe(svc);
    expect(index.find('Service', 'web', 'b')).toBeUndefined();
    expect(index.find('Service', 'api', 'a')).toBeUndefined();
    expect(index.find('Deployment', 'web', 'a')).toBeUndefined();
  });

  test('an object without a namespace is visible from every namespace; a lookup without one sees every object', () => {
    const clusterWide = obj('Service', 'web');
    const inB = obj('Service', 'web', 'b');
    const index = new ManifestIndex();
    index.addManifest(inB);
    index.addManifest(clusterWide);
    expect(index.find('Service', 'web', 'a')).toBe(clusterWide);
    // both are visible from b: the one in b wins
    expect(index.find('Service', 'web', 'b')).toBe(inB);
    // a lookup without a namespace: the last added
    expect(index.find('Service', 'web')).toBe(clusterWide);
  });

  test('an object in the namespace wins over one without, whatever the order; among copies the last added wins', () => {
    const clusterWide = obj('Service', 'web');
    const inA = obj('Service', 'web', 'a');
    const index = new ManifestIndex();
    index.addManifest(obj('Service', 'web', 'c'));
    index.addManifest(inA);
    index.addManifest(clusterWide);
    expect(index.find('Service', 'web', 'a')).toBe(inA);
    expect(index.find('Service', 'web', 'd')).toBe(clusterWide);
    // a second copy in a, and one without a namespace: Argo CD and kubectl apply the last copy
    const inA2 = obj('Service', 'web', 'a');
    const clusterWide2 = obj('Service', 'web');
    index.addManifest(inA2);
    index.addManifest(clusterWide2);
    expect(index.find('Service', 'web', 'a')).toBe(inA2);
    expect(index.find('Service', 'web', 'd')).toBe(clusterWide2);
    expect(index.find('Service', 'web')).toBe(clusterWide2);
  });

  test('a preferring view takes a preferred object first within the candidates, and shares the objects and the base', () => {
    const index = new ManifestIndex();
    const dev = obj('Service', 'web', 'shop');
    const prod = obj('Service', 'web', 'shop');
    const clusterWide = obj('Service', 'web');
    for (const m of [dev, prod, clusterWide]) index.addManifest(m);
    const fromDev = index.preferring((m) => m === dev || m === clusterWide);
    expect(index.find('Service', 'web', 'shop')).toBe(prod);
    expect(fromDev.find('Service', 'web', 'shop')).toBe(dev);
    // the namespace still comes first: a preferred object without one does not win over one in it
    expect(index.preferring((m) => m === clusterWide).find('Service', 'web', 'shop')).toBe(prod);
    // nothing preferred: the usual choice
    expect(index.preferring(() => false).find('Service', 'web', 'shop')).toBe(prod);
    // one store: added through either, seen by both; one base
    const later = obj('Service', 'api', 'shop');
    fromDev.addManifest(later);
    expect(index.find('Service', 'api', 'shop')).toBe(later);
    expect(fromDev.base).toBe(index);
    expect(fromDev.preferring(() => true).base).toBe(index);
    expect(index.ofKind('Service')).toEqual([dev, prod, clusterWide, later]);
  });

  test('copiesOf: the objects of one API group, kind, namespace and name, in the order added', () => {
    const index = new ManifestIndex();
    const first = obj('Service', 'web', 'a');
    const second = obj('Service', 'web', 'a');
    for (const m of [first, obj('Service', 'web', 'b'), obj('Service', 'web'), obj('Service', 'api', 'a'), obj('Ingress', 'web', 'a'), second]) index.addManifest(m);
    expect(index.copiesOf(first)).toEqual([first, second]);
    expect(index.copiesOf(first)[1]).toBe(second);
    expect(index.copiesOf(obj('Service', 'web'))).toHaveLength(1);
    expect(index.copiesOf(obj('Service', 'none', 'a'))).toEqual([]);
    // another API group is another object (Istio's and App Mesh's VirtualService); another version of one group is not
    const istio = obj('VirtualService', 'web', 'a', 'networking.istio.io/v1beta1');
    const appMesh = obj('VirtualService', 'web', 'a', 'appmesh.k8s.aws/v1beta2');
    const istio2 = obj('VirtualService', 'web', 'a', 'networking.istio.io/v1');
    for (const m of [istio, appMesh, istio2]) index.addManifest(m);
    expect(index.copiesOf(istio)).toEqual([istio, istio2]);
    expect(index.copiesOf(appMesh)).toEqual([appMesh]);
  });

  test('accept picks among the visible objects of that name', () => {
    const appMesh = obj('VirtualService', 'web', 'a', 'appmesh.k8s.aws/v1beta2');
    const istio = obj('VirtualService', 'web', undefined, 'networking.istio.io/v1beta1');
    const index = new ManifestIndex();
    index.addManifest(obj('VirtualService', 'web', 'b', 'networking.istio.io/v1beta1'));
    index.addManifest(appMesh);
    index.addManifest(istio);
    const group = (g: string) => (m: Manifest) => m.apiVersion.split('/')[0] === g;
    expect(index.find('VirtualService', 'web', 'a', group('appmesh.k8s.aws'))).toBe(appMesh);
    expect(index.find('VirtualService', 'web', 'a', group('networking.istio.io'))).toBe(istio);
    expect(index.find('VirtualService', 'web', 'a', group('split.smi-spec.io'))).toBeUndefined();
    // the same lookups by group
    expect(index.findInGroup('VirtualService', 'appmesh.k8s.aws', 'web', 'a')).toBe(appMesh);
    expect(index.findInGroup('VirtualService', 'networking.istio.io', 'web', 'a')).toBe(istio);
    expect(index.findInGroup('VirtualService', 'networking.istio.io', 'web', 'b')?.metadata.namespace).toBe('b');
  });

  test('groupOf is the part of apiVersion before the slash', () => {
    expect(groupOf({ apiVersion: 'networking.istio.io/v1beta1' })).toBe('networking.istio.io');
    expect(groupOf({ apiVersion: 'v1' })).toBe('v1');
    expect(groupOf({ apiVersion: 3 })).toBeUndefined();
    expect(groupOf({})).toBeUndefined();
  });

  test('a lookup renders only the candidates visible from the namespace, each at most once', () => {
    // the same template name in 1,000 namespaces, as in an app of 1,000 charts
    const objects = [...Array(1000).keys()].map((i) => obj('AnalysisTemplate', 'success-rate', `team${i}`));
    const { index, renders } = countingIndex(objects);
    for (let i = 0; i < 1000; i++) expect(index.find('AnalysisTemplate', 'success-rate', `team${i}`)).toBe(objects[i]);
    expect(index.find('AnalysisTemplate', 'success-rate', 'team7', () => false)).toBeUndefined();
    expect([...renders.values()].every((n) => n === 1)).toBe(true);
    expect(renders.size).toBe(1000);
  });
});
