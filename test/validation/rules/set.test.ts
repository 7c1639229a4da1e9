import { BlueGreenSet, finding, findingsOf, service } from './fixtures';
import { RULES, validateManifests } from '../../../src/validation/engine';
import { Severity } from '../../../src/validation/finding';
import { Manifest, ManifestIndex } from '../../../src/validation/manifest';

const ID = 'set-repeated-object';

function copy(m: Manifest, changes: (c: Manifest) => void = () => undefined): Manifest {
  const c = JSON.parse(JSON.stringify(m));
  changes(c);
  return c;
}

function repeated(key: string, times: number): string {
  return `Resource ${key} appeared ${times} times among application resources. This copy is ignored: the last one is applied`;
}

describe('set-repeated-object', () => {
  test('warns on every copy of an object but the last, with Argo CD\'s RepeatedResourceWarning text', () => {
    const web = { ...service('web'), metadata: { name: 'web', namespace: 'shop' } };
    const copies = [web, copy(web), copy(web)];
    const findings = findingsOf(copies, ID);
    expect(findings).toEqual([
      finding(ID, 'Service/web', 'metadata.name', repeated('/Service/shop/web', 3), Severity.WARNING),
      finding(ID, 'Service/web', 'metadata.name', repeated('/Service/shop/web', 3), Severity.WARNING),
    ]);
  });

  test('warns for any kind and API group: apps/Deployment, a Rollout, a kind no rule knows', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };
    const crd = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'a' } };
    const set = new BlueGreenSet();
    set.extra.push(copy(set.rollout), deployment, copy(deployment), crd, copy(crd));
    expect(set.findingsOf(ID).map((f) => f.message)).toEqual([
      repeated('apps/Deployment//web', 2),
      repeated('argoproj.io/Rollout//web', 2),
      repeated('example.com/Widget/a/w', 2),
    ]);
  });

  test('another version of one API group is the same object; another group is another object', () => {
    const v1 = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web' } };
    const beta = { ...v1, apiVersion: 'networking.istio.io/v1beta1' };
    const appMesh = { ...v1, apiVersion: 'appmesh.k8s.aws/v1beta2' };
    expect(findingsOf([beta, appMesh, v1], ID).map((f) => f.message)).toEqual([repeated('networking.istio.io/VirtualService//web', 2)]);
  });

  test('passes for objects of one name in different namespaces, of different kinds, and for one with a namespace and one without', () => {
    const web = service('web');
    const inA = { ...web, metadata: { name: 'web', namespace: 'a' } };
    const inB = { ...web, metadata: { name: 'web', namespace: 'b' } };
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' } };
    // the one without a namespace goes to the Application's destination namespace, which the set does not tell
    expect(findingsOf([web, inA, inB, ingress], ID)).toEqual([]);
  });

  test('counts only the copies applied together with the object (RuleContext.together: at synth, one chart\'s objects)', () => {
    const web = { ...service('web'), metadata: { name: 'web', namespace: 'shop' } };
    const [dev, prod, prod2] = [web, copy(web), copy(web)];
    const index = new ManifestIndex();
    for (const m of [dev, prod, prod2]) index.addManifest(m);
    const place = new Map([[dev, 'dev'], [prod, 'prod'], [prod2, 'prod']]);
    const ctx = { index, missingRefSeverity: Severity.ERROR, together: (a: Manifest, b: Manifest) => place.get(a) === place.get(b) };
    const rule = RULES.find((r) => r.id === ID)!;
    expect([dev, prod, prod2].map((m) => [...rule.check(m, ctx)].map((v) => v.message))).toEqual([
      [], [repeated('/Service/shop/web', 2)], [],
    ]);
  });

  test('leaves objects without a kind or a name to the other rules', () => {
    expect(findingsOf([{ kind: 'Service', metadata: {} }, { kind: 'Service', metadata: {} }, { metadata: { name: 'x' } }, { metadata: { name: 'x' } }], ID)).toEqual([]);
  });

  test('the rules read the copy that is applied, the last', () => {
    const set = new BlueGreenSet();
    // a first copy of the active Service that selects other pods: ignored by Argo CD, and by the rules
    set.extra.push(copy(set.active));
    set.active.spec.selector = { app: 'other' };
    const findings = validateManifests([set.rollout, set.active, set.preview, set.template, ...set.extra]);
    expect(findings.filter((f) => f.ruleId === 'ref-service-selects-pods')).toEqual([]);
    expect(findings.filter((f) => f.ruleId === ID)).toEqual([finding(ID, 'Service/web-active', 'metadata.name', repeated('/Service//web-active', 2), Severity.WARNING)]);
    // and the other way round: the applied copy is the wrong one
    const reversed = validateManifests([set.rollout, ...set.extra, set.active, set.preview, set.template]);
    expect(reversed.filter((f) => f.ruleId === 'ref-service-selects-pods')).toHaveLength(1);
  });
});
