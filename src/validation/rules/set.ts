/**
 * Rules about the manifest set as a whole, for objects of any kind: what Argo CD reports when it
 * compares an Application's manifests (`controller/state.go`), before any object reaches the cluster.
 */
import { Severity } from '../finding';
import { kindOf, Manifest, nameOf, namespaceOf } from '../manifest';
import { ANY_KIND, Rule, rule } from '../rule';

/** The API group of `m` as Argo CD writes it in a resource key: `apps`, `argoproj.io`; `` for the core group (`v1`). */
function apiGroup(m: Manifest): string {
  const v = typeof m?.apiVersion === 'string' ? m.apiVersion : '';
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}

export const SET_RULES: Rule[] = [
  rule({
    id: 'set-repeated-object',
    ref: 'library',
    kinds: [ANY_KIND],
    severity: Severity.WARNING,
    message: 'Resource appeared more than once among application resources',
    fix: 'keep one copy of the object in the set: Argo CD applies the last copy and ignores the others, and so does `kubectl apply -f`; '
      + 'a partial copy (a Kustomize patch) is not an object: lint the output of `kustomize build`',
    *check(m, ctx) {
      // an object Argo CD cannot key is reported by other rules (or the API server)
      if (kindOf(m) === '' || nameOf(m) === '') return;
      const copies = ctx.index.copiesOf(m).filter((c) => c === m || (ctx.together?.(m, c) ?? true));
      // reported on every copy but the last, the one that is applied
      if (copies.length < 2 || copies[copies.length - 1] === m) return;
      const key = `${apiGroup(m)}/${kindOf(m)}/${namespaceOf(m) ?? ''}/${nameOf(m)}`;
      yield {
        path: 'metadata.name',
        message: `Resource ${key} appeared ${copies.length} times among application resources. This copy is ignored: the last one is applied`,
      };
    },
  }),
];
