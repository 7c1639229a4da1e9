/**
 * Checks synthesized argoproj.io objects against the pinned upstream CRD schemas: the library's own
 * check (`crdSchemaErrors`, the `crd-*` rules of `lint`), whose schemas `npx projen schemas` generates
 * from the CRDs before the tests. Unknown fields are errors: a cluster rejects or silently prunes
 * fields a CRD does not declare, which is the bug class this catches. Objects of other groups
 * (Services, Ingresses) are not checked here.
 */
import { displayNameOf } from '../../src/validation/manifest';
import { crdSchemaErrors } from '../../src/validation/schema';

/** Schema errors of one object, as `Kind/name path: message` lines (empty when valid or not argoproj.io). */
export function schemaErrors(obj: any): string[] {
  const id = `${obj?.kind}/${displayNameOf(obj)}`;
  return crdSchemaErrors(obj).map((e) => `${id} ${e.path}: ${e.message}`);
}

/** Throws listing every schema error of every argoproj.io object; returns how many objects were checked. */
export function expectSchemaValid(manifests: any[]): number {
  const errors = manifests.flatMap(schemaErrors);
  if (errors.length > 0) throw new Error(`manifests do not match the pinned CRD schemas:\n  ${errors.join('\n  ')}`);
  return manifests.filter((m) => String(m?.apiVersion ?? '').startsWith('argoproj.io/')).length;
}
