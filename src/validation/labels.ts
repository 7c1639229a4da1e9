/**
 * Kubernetes label and label-selector checks (apimachinery `validation.go`), with Kubernetes' own
 * message texts, used by the Rollout selector/template rules and the Service selector rules.
 */
import { arrayOf, isObject, joinPath } from './manifest';

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** A lowercase RFC 1123 subdomain (`IsDNS1123Subdomain`, without its 253-character bound): object names such as a Secret's. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The API server's text for a name that is not a lowercase RFC 1123 subdomain (`IsDNS1123Subdomain`). */
export const DNS1123_SUBDOMAIN_MSG = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';

/** The API server's text for a name that is not a DNS-1035 label (`IsDNS1035Label`). */
export const DNS1035_LABEL_MSG = 'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')';

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * What the API server says of a name that must be a DNS-1035 label (a Service's, an Ingress
 * backend's): the length and the form, reported independently; empty when it is valid.
 */
export function dns1035LabelErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(name)) errs.push(DNS1035_LABEL_MSG);
  return errs;
}

/**
 * What the API server says of an object name that must be a DNS-1123 subdomain (most kinds, custom
 * resources): the length and the form, reported independently; empty when it is valid.
 */
export function dns1123SubdomainErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 253) errs.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(name)) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
}
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const NAME_PART_MSG = 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')';
const PREFIX_MSG = `prefix part ${DNS1123_SUBDOMAIN_MSG}`;
const VALUE_MSG = 'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')';

/** Problems with one label key (`IsQualifiedName`), as Kubernetes words them. */
export function labelKeyErrors(key: string): string[] {
  const parts = key.split('/');
  let name = key;
  const errs: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    // IsDNS1123Subdomain reports the length and the format independently
    if (prefix.length === 0) {
      errs.push('prefix part must be non-empty');
    } else {
      if (prefix.length > 253) errs.push('prefix part must be no more than 253 characters');
      if (!DNS1123_SUBDOMAIN.test(prefix)) errs.push(PREFIX_MSG);
    }
  } else if (parts.length > 2) {
    return ['a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')'];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  // checked regardless of the above, as IsQualifiedName does
  if (!NAME_PART.test(name)) errs.push(NAME_PART_MSG);
  return errs;
}

/** Problems with one label value (`IsValidLabelValue`). */
export function labelValueErrors(value: unknown): string[] {
  if (typeof value !== 'string') return ['must be a string'];
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(value)) errs.push(VALUE_MSG);
  return errs;
}

/** A label problem at a path. */
export interface LabelProblem {
  readonly path: string;
  readonly message: string;
}

/** Checks a label map (keys and values). */
export function validateLabels(labels: unknown, path: string): LabelProblem[] {
  if (!isObject(labels)) return [];
  const out: LabelProblem[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const e of labelKeyErrors(k)) out.push({ path, message: `Invalid value: ${JSON.stringify(k)}: ${e}` });
    for (const e of labelValueErrors(v)) out.push({ path: `${path}.${k}`, message: `Invalid value: ${JSON.stringify(v)}: ${e}` });
  }
  return out;
}

/**
 * `ValidateLabelSelector` with default options (as the Rollout validation calls it): matchLabels and
 * matchExpressions of a metav1.LabelSelector, including each expression's values.
 */
export function validateLabelSelector(selector: unknown, path: string): LabelProblem[] {
  if (!isObject(selector)) return [];
  const out = validateLabels(selector.matchLabels, joinPath(path, 'matchLabels'));
  arrayOf(selector.matchExpressions).forEach((req, i) => {
    const p = joinPath(path, 'matchExpressions', i);
    const op = req?.operator;
    const values = arrayOf(req?.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) out.push({ path: joinPath(p, 'values'), message: 'Required value: must be specified when `operator` is \'In\' or \'NotIn\'' });
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) out.push({ path: joinPath(p, 'values'), message: 'Forbidden: may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'' });
    } else {
      out.push({ path: joinPath(p, 'operator'), message: `Invalid value: ${JSON.stringify(op ?? '')}: not a valid selector operator` });
    }
    for (const e of labelKeyErrors(String(req?.key ?? ''))) out.push({ path: joinPath(p, 'key'), message: `Invalid value: ${JSON.stringify(req?.key ?? '')}: ${e}` });
    values.forEach((v, j) => {
      for (const e of labelValueErrors(v)) out.push({ path: joinPath(p, 'values', j), message: `Invalid value: ${JSON.stringify(v)}: ${e}` });
    });
  });
  return out;
}

/** Whether a label selector (matchLabels + matchExpressions) selects a label set. */
export function selectorMatches(selector: unknown, labels: Record<string, string> | undefined): boolean {
  if (!isObject(selector)) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (l[k] !== v) return false;
  }
  for (const req of arrayOf(selector.matchExpressions)) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const values = arrayOf(req.values);
    switch (req.operator) {
      case 'In': if (!has || !values.includes(l[req.key])) return false; break;
      case 'NotIn': if (has && values.includes(l[req.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}
