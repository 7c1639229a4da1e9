/**
 * Checks synthesized argoproj.io objects against the pinned upstream CRD schemas with ajv.
 *
 * Unknown fields are errors: a cluster silently prunes fields a CRD does not declare, which is the
 * bug class this catches. Objects of other groups (Services, Ingresses) are not checked here.
 * Where the CRDs cannot be found it throws, saying how to provide them: it never passes silently.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { crdsDir, PRODUCTS } from '../../build-tools/crds';

interface Validators {
  readonly byGvk: Map<string, ValidateFunction>;
}

let cache: Validators | undefined;

/** Tightens a CRD structural schema: objects with declared properties accept no others. */
function strict(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as any).map(([pk, pv]) => [pk, strict(pv)])) : strict(v);
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

function load(): Validators {
  if (cache) return cache;
  const dir = crdsDir();
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const byGvk = new Map<string, ValidateFunction>();
  for (const product of PRODUCTS) {
    for (const file of fs.readdirSync(path.join(dir, product.folder)).filter((f) => f.endsWith('-crd.yaml'))) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, product.folder, file), 'utf-8'))) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const v of crd.spec.versions) {
          const gvk = `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`;
          byGvk.set(gvk, ajv.compile(strict(v.schema.openAPIV3Schema)));
        }
      }
    }
  }
  if (byGvk.size === 0) throw new Error(`no CustomResourceDefinitions found under ${dir}`);
  cache = { byGvk };
  return cache;
}

/** Schema errors of one object, as `Kind/name path: message` lines (empty when valid or not argoproj.io). */
export function schemaErrors(obj: any): string[] {
  const apiVersion: string = obj?.apiVersion ?? '';
  if (apiVersion.split('/')[0] !== 'argoproj.io') return [];
  const validate = load().byGvk.get(`${apiVersion}/${obj.kind}`);
  const id = `${obj.kind}/${obj?.metadata?.name ?? '<unnamed>'}`;
  if (!validate) return [`${id}: no CRD schema for ${apiVersion} ${obj.kind}`];
  if (validate(obj)) return [];
  return (validate.errors ?? []).map((e) => {
    const where = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '<root>';
    const extra = e.keyword === 'additionalProperties' ? ` (unknown field "${(e.params as any).additionalProperty}")` : '';
    return `${id} ${where}: ${e.message}${extra}`;
  });
}

/** Throws listing every schema error of every argoproj.io object; returns how many objects were checked. */
export function expectSchemaValid(manifests: any[]): number {
  const errors = manifests.flatMap(schemaErrors);
  if (errors.length > 0) throw new Error(`manifests do not match the pinned CRD schemas:\n  ${errors.join('\n  ')}`);
  return manifests.filter((m) => String(m?.apiVersion ?? '').startsWith('argoproj.io/')).length;
}
