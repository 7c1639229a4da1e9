/**
 * Finds the fields that a controller other than Argo CD owns in the objects an Application deploys,
 * so that Argo CD neither reports them as drift nor resets them on sync:
 *
 * - `spec.replicas` of every object a HorizontalPodAutoscaler scales (a Rollout, a Deployment, ...);
 * - `spec.replicas` of every Deployment that a Rollout's `workloadRef` scales down
 *   (`scaleDown: onsuccess | progressively`).
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as L1 from '../../imports/argocd-argoproj.io';

const REPLICAS = '/spec/replicas';

function groupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string' || !apiVersion.includes('/')) return '';
  return apiVersion.split('/')[0];
}

/** ignoreDifferences entries for the replicas other controllers own under `scopes`. */
export function managedReplicaDifferences(scopes: IConstruct[]): L1.ApplicationSpecIgnoreDifferences[] {
  const out: L1.ApplicationSpecIgnoreDifferences[] = [];
  const seen = new Set<string>();
  const add = (group: string, kind: string, name: string | undefined, namespace: string | undefined) => {
    if (!kind || !name) return;
    const key = `${group}/${kind}/${namespace ?? ''}/${name}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ group, kind, name, namespace, jsonPointers: [REPLICAS] });
  };
  const objects = new Set<ApiObject>();
  for (const scope of scopes) {
    for (const c of scope.node.findAll()) if (c instanceof ApiObject) objects.add(c);
  }
  for (const o of objects) {
    // only these two kinds are rendered: never the Application that asks (it renders lazily)
    if (o.kind === 'HorizontalPodAutoscaler') {
      const hpa = o.toJson();
      const ref = hpa?.spec?.scaleTargetRef;
      add(groupOf(ref?.apiVersion), ref?.kind, ref?.name, hpa?.metadata?.namespace);
    } else if (o.kind === 'Rollout' && groupOf(o.apiVersion) === 'argoproj.io') {
      const r = o.toJson();
      const ref = r?.spec?.workloadRef;
      if (ref && ref.scaleDown && ref.scaleDown !== 'never') {
        add(groupOf(ref.apiVersion ?? 'apps/v1'), ref.kind ?? 'Deployment', ref.name, r?.metadata?.namespace);
      }
    }
  }
  return out;
}
