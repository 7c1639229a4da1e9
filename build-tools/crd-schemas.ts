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
 * - `x-kubernetes-int-or-string` becomes "an integer or a string";
 * - a large subschema that appears more than once (the pod template of a Rollout, an Experiment and
 *   a Job metric; the Application template under each ApplicationSet generator) is written once under
 *   `definitions` and referenced (`{ "$ref": "defs#/definitions/dN" }`), so ajv compiles it once:
 *   the file is about 7 times smaller, and compiling ApplicationSet about 10 times faster.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { crdsDir, PRODUCTS } from './crds';
import { canonicalJson } from '../src/validation/manifest';
import { DEFINITIONS_ID, SCHEMAS_FILE } from '../src/validation/schema';

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

/** What assets/crd-schemas.json holds. */
export interface SharedSchemas {
  /** each kind's schema, by `group/version/Kind`, referring to `definitions` */
  readonly schemas: Record<string, any>;
  /** the subschemas several places share, by id (`d0`, `d1`, ...) */
  readonly definitions: Record<string, any>;
}

/** The subschemas of a schema node: under properties, items, additionalProperties and anyOf/allOf/oneOf/not. */
function mapSubschemas(node: any, f: (sub: any) => any): any {
  const out: any = { ...node };
  if (node.properties) out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, f(v)]));
  for (const k of ['items', 'additionalProperties', 'not']) {
    if (typeof node[k] === 'object' && node[k] !== null && !Array.isArray(node[k])) out[k] = f(node[k]);
  }
  for (const k of ['anyOf', 'allOf', 'oneOf']) if (Array.isArray(node[k])) out[k] = node[k].map(f);
  return out;
}

/**
 * The schemas with every subschema of at least `minChars` characters that occurs more than once
 * (across all kinds) moved to shared definitions, largest first; the messages are unchanged, since
 * an error's instance path does not depend on where its schema is written.
 */
export function shareDefinitions(schemas: Record<string, any>, minChars = 2000): SharedSchemas {
  const counts = new Map<string, number>();
  const count = (node: any): void => {
    const text = canonicalJson(node);
    if (text.length >= minChars) counts.set(text, (counts.get(text) ?? 0) + 1);
    mapSubschemas(node, (sub) => {
      count(sub);
      return sub;
    });
  };
  Object.values(schemas).forEach(count);

  const definitions: Record<string, any> = {};
  const ids = new Map<string, string>();
  const share = (node: any): any => {
    const text = canonicalJson(node);
    if (text.length < minChars || (counts.get(text) ?? 0) < 2) return mapSubschemas(node, share);
    let id = ids.get(text);
    if (!id) {
      id = `d${ids.size}`;
      ids.set(text, id);
      definitions[id] = mapSubschemas(node, share);
    }
    return { $ref: `${DEFINITIONS_ID}#/definitions/${id}` };
  };
  const shared = Object.fromEntries(Object.entries(schemas).map(([gvk, schema]) => [gvk, mapSubschemas(schema, share)]));
  return { schemas: shared, definitions };
}

if (require.main === module) {
  try {
    const shared = shareDefinitions(crdSchemas());
    fs.mkdirSync(path.dirname(SCHEMAS_FILE), { recursive: true });
    fs.writeFileSync(SCHEMAS_FILE, JSON.stringify(shared));
    console.log(`${path.relative(process.cwd(), SCHEMAS_FILE)}: ${Object.keys(shared.schemas).join(', ')} (${Object.keys(shared.definitions).length} shared definitions)`);
  } catch (e) {
    console.error(`schemas: ${(e as Error).message}`);
    process.exit(1);
  }
}
