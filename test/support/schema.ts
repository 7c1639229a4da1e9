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

/**
 * Each CRD version's schema by `group/version/Kind`; compiled on first use, since compiling all of them
 * (Argo CD's ApplicationSet alone is most of it) costs far more than the few kinds a test file checks.
 */
interface Validators {
  readonly ajv: Ajv;
  readonly schemas: Map<string, any>;
  readonly compiled: Map<string, ValidateFunction>;
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
  const schemas = new Map<string, any>();
  for (const product of PRODUCTS) {
    for (const file of fs.readdirSync(path.join(dir, product.folder)).filter((f) => f.endsWith('-crd.yaml'))) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, product.folder, file), 'utf-8'))) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const v of crd.spec.versions) {
          const gvk = `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`;
          schemas.set(gvk, v.schema.openAPIV3Schema);
        }
      }
    }
  }
  if (schemas.size === 0) throw new Error(`no CustomResourceDefinitions found under ${dir}`);
  cache = { ajv, schemas, compiled: new Map() };
  return cache;
}

/** The validator of one `group/version/Kind`, or undefined when no CRD declares it. */
function validatorOf(gvk: string): ValidateFunction | undefined {
  const v = load();
  let validate = v.compiled.get(gvk);
  if (!validate) {
    const schema = v.schemas.get(gvk);
    if (!schema) return undefined;
    validate = v.ajv.compile(strict(schema));
    v.compiled.set(gvk, validate);
  }
  return validate;
}

/** Schema errors of one object, as `Kind/name path: message` lines (empty when valid or not argoproj.io). */
export function schemaErrors(obj: any): string[] {
  const apiVersion: string = obj?.apiVersion ?? '';
  if (apiVersion.split('/')[0] !== 'argoproj.io') return [];
  const validate = validatorOf(`${apiVersion}/${obj.kind}`);
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
