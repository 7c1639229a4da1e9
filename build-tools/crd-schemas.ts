/**
 * Writes assets/crd-schemas.json: the openAPIV3Schema of every version of every pinned Argo CRD, by
 * `group/version/Kind`, in the form `src/validation/schema.ts` checks objects against with ajv.
 *
 *   npx projen schemas      (runs before compile and before the tests)
 *
 * The file is generated, not committed (the CRDs are not either) and ships in the package. Each
 * schema is rewritten once here so that nothing does it at run time:
 * - descriptions are dropped (most of the CRDs' size; messages never show them);
 * - an object with declared properties accepts no others unless it says
 *   `x-kubernetes-preserve-unknown-fields`: the API server rejects unknown fields under strict field
 *   validation (kubectl's and Argo CD's default) and prunes them otherwise, which is the bug class
 *   this catches;
 * - `x-kubernetes-int-or-string` becomes "an integer or a string".
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { crdsDir, PRODUCTS } from './crds';

export const SCHEMAS_FILE = path.resolve(__dirname, '..', 'assets', 'crd-schemas.json');

/** One CRD schema node in the form ajv checks it. */
export function checkedSchema(schema: any): any {
  if (Array.isArray(schema)) return schema.map(checkedSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'description') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as any).map(([pk, pv]) => [pk, checkedSchema(pv)])) : checkedSchema(v);
  }
  if (out['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** Every pinned CRD version's checked schema, by `group/version/Kind`. */
export function crdSchemas(dir: string = crdsDir()): Record<string, any> {
  const schemas: Record<string, any> = {};
  for (const product of PRODUCTS) {
    // every CRD of the folder, also those with no L1 class (AnalysisRun)
    for (const file of fs.readdirSync(path.join(dir, product.folder)).filter((f) => f.endsWith('-crd.yaml')).sort()) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, product.folder, file), 'utf-8'))) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const v of crd.spec.versions) {
          schemas[`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`] = checkedSchema(v.schema.openAPIV3Schema);
        }
      }
    }
  }
  return schemas;
}

if (require.main === module) {
  try {
    const schemas = crdSchemas();
    fs.mkdirSync(path.dirname(SCHEMAS_FILE), { recursive: true });
    fs.writeFileSync(SCHEMAS_FILE, JSON.stringify(schemas));
    console.log(`${path.relative(process.cwd(), SCHEMAS_FILE)}: ${Object.keys(schemas).join(', ')}`);
  } catch (e) {
    console.error(`schemas: ${(e as Error).message}`);
    process.exit(1);
  }
}
