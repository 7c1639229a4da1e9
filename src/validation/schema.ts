/**
 * Argo objects checked against the pinned CRD schemas with ajv, as the API server checks them when
 * Argo CD (or kubectl) applies them: a missing required field, a field the CRD does not declare, a
 * value of the wrong type or outside its enum.
 *
 * The schemas are assets/crd-schemas.json, generated from the pinned CRDs by `npx projen schemas`
 * (build-tools/crd-schemas.ts) and shipped in the package, with the subschemas several kinds share
 * (the pod template) written once. A kind's validator is compiled on first use: compiling costs
 * 20-150 ms a kind, so only `lint` and the tests pay it; the constructs' output is typed, and synth
 * does not.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { joinPath, Manifest, text } from './manifest';

/** The generated schemas, at the package root in both src/ (tests) and lib/ (the package). */
export const SCHEMAS_FILE = path.resolve(__dirname, '..', '..', 'assets', 'crd-schemas.json');

/** One way an object differs from its CRD schema. */
export interface SchemaError {
  /** `required`, `unknown-field`, `type`, `value` (enum, pattern, bounds, lengths) or `api-version` */
  readonly kind: 'required' | 'unknown-field' | 'type' | 'value' | 'api-version';
  /** dotted path of the field, e.g. `spec.strategy.canary.steps[0].setWeight` */
  readonly path: string;
  /** the API server's wording, e.g. `Required value` or `unknown field "spec.foo"` */
  readonly message: string;
}

interface Schemas {
  readonly ajv: Ajv;
  readonly byGvk: Record<string, any>;
  readonly compiled: Map<string, ValidateFunction>;
}

/** The id the schemas refer to the shared definitions by (`defs#/definitions/dN`, written by build-tools/crd-schemas.ts). */
export const DEFINITIONS_ID = 'defs';

let loaded: Schemas | undefined;

function schemas(): Schemas {
  if (loaded) return loaded;
  let file: { schemas: Record<string, any>; definitions: Record<string, any> };
  try {
    file = JSON.parse(fs.readFileSync(SCHEMAS_FILE, 'utf-8'));
    if (typeof file?.schemas !== 'object' || typeof file?.definitions !== 'object') throw new Error('not the generated schemas');
  } catch (e) {
    throw new Error(`the CRD schemas could not be read from ${SCHEMAS_FILE} (${(e as Error).message}): generate them with \`npx projen schemas\``);
  }
  // optimize: false halves compile time, which is what a lint run mostly spends on schemas
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { optimize: false } });
  ajv.addSchema({ $id: DEFINITIONS_ID, definitions: file.definitions });
  loaded = { ajv, byGvk: file.schemas, compiled: new Map() };
  return loaded;
}

/** The kinds of the API group `group` that have a schema, with their versions. */
function versionsOf(group: string, kind: string): string[] {
  return Object.keys(schemas().byGvk).filter((gvk) => gvk.startsWith(`${group}/`) && gvk.endsWith(`/${kind}`)).map((gvk) => gvk.split('/')[1]);
}

function validatorOf(gvk: string): ValidateFunction | undefined {
  const s = schemas();
  let validate = s.compiled.get(gvk);
  if (!validate && s.byGvk[gvk]) {
    validate = s.ajv.compile(s.byGvk[gvk]);
    s.compiled.set(gvk, validate);
  }
  return validate;
}

/**
 * The object without its null-valued fields: the API server prunes them before it validates
 * (structural schemas), so `field: null` is "unset", never a type error.
 */
function withoutNulls(value: any): any {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  const out: any = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

/** A JSON pointer (`/spec/steps/0`) as a dotted path (`spec.steps[0]`). */
function dotted(pointer: string, ...more: string[]): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return joinPath(...[...parts, ...more].map((p) => (/^(0|[1-9][0-9]*)$/.test(p) ? Number(p) : p)));
}

/** A JSON type name as the API server writes it. */
function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** A value as the API server quotes it in `Invalid value: ...`. */
function quoted(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' ? typeName(v) : String(v);
}

/** The value at a JSON pointer of `obj`. */
function at(obj: any, pointer: string): unknown {
  return pointer.split('/').slice(1).reduce((o, p) => (o == null ? undefined : o[p.replace(/~1/g, '/').replace(/~0/g, '~')]), obj);
}

function toError(e: ErrorObject, obj: any): SchemaError {
  const p = e.params as any;
  const value = at(obj, e.instancePath);
  const where = dotted(e.instancePath);
  switch (e.keyword) {
    case 'required':
      return { kind: 'required', path: dotted(e.instancePath, p.missingProperty), message: 'Required value' };
    case 'additionalProperties': {
      const field = dotted(e.instancePath, p.additionalProperty);
      return { kind: 'unknown-field', path: field, message: `unknown field "${field}"` };
    }
    case 'type':
      return { kind: 'type', path: where, message: `Invalid value: "${typeName(value)}": ${where} in body must be of type ${p.type}: ${quoted(value)}` };
    case 'enum':
      return { kind: 'value', path: where, message: `Unsupported value: ${quoted(value)}: supported values: ${(p.allowedValues as unknown[]).map(quoted).join(', ')}` };
    default:
      return { kind: 'value', path: where, message: `Invalid value: ${quoted(value)}: ${where} in body ${e.message}` };
  }
}

/**
 * The CRD schema errors of one `argoproj.io` object (none for other groups), each at its field. An
 * `apiVersion` no pinned CRD serves is one `api-version` error, as `kubectl apply` reports it.
 */
export function crdSchemaErrors(obj: Manifest): SchemaError[] {
  const [group, version] = text(obj?.apiVersion ?? '').split('/');
  const kind = text(obj?.kind ?? '');
  if (group !== 'argoproj.io' || version === undefined) return [];
  const validate = validatorOf(`${group}/${version}/${kind}`);
  if (!validate) {
    const served = versionsOf(group, kind);
    if (served.length === 0) return [];
    return [{ kind: 'api-version', path: 'apiVersion', message: `no matches for kind "${kind}" in version "${group}/${version}"` }];
  }
  const checked = withoutNulls(obj);
  if (validate(checked)) return [];
  const errors = validate.errors ?? [];
  // an int-or-string field of the wrong type fails both branches of its anyOf: report it once, as one type error
  const anyOfs = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath.replace(/\/anyOf$/, '')));
  const out: SchemaError[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf') {
      const value = at(checked, e.instancePath);
      const where = dotted(e.instancePath);
      out.push({ kind: 'type', path: where, message: `Invalid value: "${typeName(value)}": ${where} in body must be of type integer or string: ${quoted(value)}` });
    } else if (![...anyOfs].some((a) => e.schemaPath.startsWith(`${a}/anyOf/`))) {
      out.push(toError(e, checked));
    }
  }
  return out;
}
