/**
 * Where the pinned upstream CRDs live, shared by the import task and the schema test helper.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface CrdProduct {
  /** module name passed to `cdk8s import` (file `src/imports/<module>-argoproj.io.ts`) */
  readonly module: string;
  /** folder under $ARGO_CRDS_DIR */
  readonly folder: string;
  /** pinned upstream location */
  readonly upstream: string;
  /** CRD files that are imported as L1 classes */
  readonly files: string[];
}

export const PRODUCTS: CrdProduct[] = [
  {
    module: 'rollouts',
    folder: 'argo-rollouts',
    upstream: 'argoproj/argo-rollouts v1.9.1 manifests/crds',
    files: ['rollout-crd.yaml', 'analysis-template-crd.yaml', 'cluster-analysis-template-crd.yaml', 'experiment-crd.yaml'],
  },
  {
    module: 'argocd',
    folder: 'argo-cd',
    upstream: 'argoproj/argo-cd v3.5.1 manifests/crds',
    files: ['application-crd.yaml', 'appproject-crd.yaml', 'applicationset-crd.yaml'],
  },
];

/**
 * The CRD directory: $ARGO_CRDS_DIR, or ../shared/crds next to this repository.
 * Throws a message that says how to provide the CRDs when they cannot be found.
 */
export function crdsDir(): string {
  const root = path.resolve(__dirname, '..');
  const dir = process.env.ARGO_CRDS_DIR ? path.resolve(process.env.ARGO_CRDS_DIR) : path.resolve(root, '..', 'shared', 'crds');
  const missing = PRODUCTS.flatMap((p) => p.files.map((f) => path.join(dir, p.folder, f))).filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    throw new Error([
      `the pinned Argo CRDs were not found in ${dir} (missing: ${missing.map((m) => path.relative(dir, m)).join(', ')})`,
      'set ARGO_CRDS_DIR to a folder with argo-rollouts/ (v1.9.1) and argo-cd/ (v3.5.1) CRDs, or download them:',
      '  https://raw.githubusercontent.com/argoproj/argo-rollouts/v1.9.1/manifests/crds/<file>',
      '  https://raw.githubusercontent.com/argoproj/argo-cd/v3.5.1/manifests/crds/<file>',
    ].join('\n'));
  }
  return dir;
}
