/**
 * Argo CD rules that need no cluster (argo-cd v3.5.1; ids from argo-cd-api.md):
 *
 * - Application (and the Application template of an ApplicationSet): destination server xor name
 *   (A2, A3, `util/argo/argo.go` ValidateDestination), a repoURL and a path/chart/ref per source
 *   (A6, A7), a Helm chart needs targetRevision (A8), one source type per source (A9,
 *   `ApplicationSource.ExplicitType`), `ref` names (A10, A11, `GetRefSources`), unique source
 *   names (A12), and `$ref/...` value files that name a declared ref (library: in a multi-source
 *   Application the repo-server refuses any `$x` prefix that is not a ref, build variables included,
 *   `resolveReferencedSources`; a single-source one has no refs and env-substitutes the path, so an
 *   unknown `$name` becomes empty and another file is read); the source hydrator's required
 *   fields (A13, `validateSourceHydrator`) and the managed-by-url annotation (A17,
 *   `ValidateManagedByURL`).
 * - AppProject (`AppProject.ValidateProject`, `SyncWindow.Validate`): `!*` and duplicates in
 *   destinations, source namespaces and source repos (P1–P5), roles (P6–P8), role policies
 *   (P9, `validatePolicy`) and groups (P10, `validateGroupName`), sync window kind, cron schedule,
 *   duration, description and targets (P11–P15), repeated sync windows (P16) and destination
 *   service accounts (P17).
 *
 * Upstream returns the first error of a project; here every problem is reported at its path.
 */
import { goDurationError, isPlaceholder } from '../duration';
import { arrayOf, canonicalJson, isObject, joinPath, Manifest } from '../manifest';
import { entryRule, Rule, rule, Violation } from '../rule';

const APPLICATION_KINDS = ['Application', 'ApplicationSet'];
const PROJECT = ['AppProject'];

/** An Application spec inside a manifest: an Application's own, or an ApplicationSet's template. */
interface AppSpec {
  readonly spec: Record<string, any>;
  readonly path: string;
}

/** Whether a generator (at any depth) carries a `template`, whose fields take precedence over `spec.template`'s. */
function hasGeneratorTemplate(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasGeneratorTemplate);
  if (!isObject(v)) return false;
  return Object.entries(v).some(([k, x]) => (k === 'template' && isObject(x) && Object.keys(x).length > 0) || hasGeneratorTemplate(x));
}

/**
 * The Application spec of an Application, or of an ApplicationSet's template (skipped when a
 * `templatePatch` or a generator's `template` may change it).
 */
function appSpec(m: Manifest): AppSpec | undefined {
  if (m?.kind === 'Application') return isObject(m.spec) ? { spec: m.spec, path: 'spec' } : undefined;
  if (m?.kind === 'ApplicationSet' && isObject(m.spec?.template?.spec) && !m.spec.templatePatch && !hasGeneratorTemplate(m.spec.generators)) {
    return { spec: m.spec.template.spec, path: 'spec.template.spec' };
  }
  return undefined;
}

/** One source with its path and whether the Application has several (`spec.sources`). */
interface SourceAt {
  readonly source: Record<string, any>;
  readonly path: string;
  readonly index: number;
  readonly multi: boolean;
}

/** The sources Argo CD uses (`spec.sources` wins over `spec.source`; none with a source hydrator). */
function sourcesOf(a: AppSpec): SourceAt[] {
  if (a.spec.sourceHydrator != null) return [];
  const multi = arrayOf(a.spec.sources);
  if (multi.length > 0) return multi.map((s, i) => ({ source: isObject(s) ? s : {}, path: joinPath(a.path, 'sources', i), index: i, multi: true }));
  return [{ source: isObject(a.spec.source) ? a.spec.source : {}, path: joinPath(a.path, 'source'), index: 0, multi: false }];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Application rule: runs `check` on the Application spec of the manifest, if any. */
function appRule(def: { id: string; ref: string; message: string; fix: string; check: (a: AppSpec, m: Manifest) => Iterable<Violation> }): Rule {
  return rule({
    id: def.id,
    ref: def.ref,
    kinds: APPLICATION_KINDS,
    message: def.message,
    fix: def.fix,
    *check(m) {
      const a = appSpec(m);
      if (a) yield* def.check(a, m);
    },
  });
}

/** The metadata of the Application a manifest makes: its own, or its ApplicationSet template's (when `appSpec` is known). */
function appMetadata(m: Manifest): { metadata: Record<string, any>; path: string } | undefined {
  const a = appSpec(m);
  if (!a) return undefined;
  const meta = a.path === 'spec' ? m?.metadata : m?.spec?.template?.metadata;
  return isObject(meta) ? { metadata: meta, path: a.path === 'spec' ? 'metadata' : 'spec.template.metadata' } : undefined;
}

const MANAGED_BY_URL = 'argocd.argoproj.io/managed-by-url';

/**
 * Why `ValidateManagedByURL` rejects a managed-by URL, or undefined when it accepts it or when Go's
 * `url.Parse` may fail on it (its error text is not reproduced: those values are left alone). The
 * scheme is found as `url.Parse` finds it (a letter, then letters, digits, "+", "-", "." up to ":",
 * case-insensitive); `javascript:`, `file:///x`, `cd.example.com` and `//cd.example.com` all have
 * no http(s) scheme.
 */
export function managedByUrlError(raw: string): string | undefined {
  // control characters, escapes (checked in path and fragment) and a leading ":" are parse errors
  if (raw === '' || /[\x00-\x1f\x7f%]/.test(raw) || raw.startsWith(':')) return undefined;
  const u = raw.split('#')[0];
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(u);
  const scheme = m ? m[1].toLowerCase() : '';
  if (scheme === 'http' || scheme === 'https') return undefined;
  const rest = (m ? u.slice(m[0].length) : u).split('?')[0];
  if (!rest.startsWith('/')) {
    // "first path segment in URL cannot contain colon"
    if (!scheme && rest.split('/')[0].includes(':')) return undefined;
  } else if (rest.startsWith('//') && (scheme || !rest.startsWith('///'))) {
    // an authority Go parses without error: plain userinfo, a host name, digits for the port
    const authority = rest.slice(2).split('/')[0];
    if (!/^([A-Za-z0-9._~!$&'()*+,;=:-]*@)?[A-Za-z0-9._~-]*(:[0-9]*)?$/.test(authority)) return undefined;
  }
  return 'URL must include http or https protocol';
}

/** Go's `%q`-like quoting used by the `time` package errors. */
function goQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

interface CronBounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Record<string, number>;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DOW_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const CRON_FIELDS: CronBounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DOW_NAMES.map((n, i) => [n, i])) },
];

/** Go's `strconv.Atoi` followed by robfig/cron's non-negative check. */
function cronInt(expr: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(expr)) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${goQuote(expr)}: invalid syntax`;
  const n = parseInt(expr, 10);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63 - 1) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${goQuote(expr)}: value out of range`;
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

function cronRangeError(expr: string, b: CronBounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
  } else {
    const named = (e: string) => (b.names && b.names[e.toLowerCase()] !== undefined ? b.names[e.toLowerCase()] : cronInt(e));
    const s = named(lowAndHigh[0]);
    if (typeof s === 'string') return s;
    start = s;
    if (lowAndHigh.length === 1) {
      end = start;
    } else if (lowAndHigh.length === 2) {
      const e = named(lowAndHigh[1]);
      if (typeof e === 'string') return e;
      end = e;
    } else {
      return `too many hyphens: ${expr}`;
    }
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = cronInt(rangeAndStep[1]);
    if (typeof s === 'string') return s;
    step = s;
    if (lowAndHigh.length === 1) end = b.max;
  } else if (rangeAndStep.length > 2) {
    return `too many slashes: ${expr}`;
  }
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

/** Go's `time.LoadLocation`: "" is UTC; tz database names are looked up case-sensitively (ICU ignores case). */
function validTimeZone(tz: string): boolean {
  if (tz === '' || tz === 'UTC' || tz === 'Local') return true;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
    return resolved === tz || resolved.toLowerCase() !== tz.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * The error robfig/cron v3 returns for `spec` with the parser Argo CD uses for sync windows
 * (`Minute | Hour | Dom | Month | Dow`: five fields, no descriptors), or undefined when it parses.
 */
export function cronScheduleError(spec: string): string | undefined {
  if (spec.length === 0) return 'empty spec string';
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const i = rest.indexOf(' ');
    const loc = rest.slice(rest.indexOf('=') + 1, i < 0 ? undefined : i);
    if (i < 0 || !validTimeZone(loc)) return `provided bad location ${loc}: unknown time zone ${loc}`;
    rest = rest.slice(i).trim();
  }
  if (rest.startsWith('@')) return `parser does not accept descriptors: ${rest}`;
  const fields = rest.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    for (const expr of fields[i].split(',').filter((e) => e !== '')) {
      const err = cronRangeError(expr, CRON_FIELDS[i]);
      if (err) return err;
    }
  }
  return undefined;
}

/** Environment variables Argo CD substitutes in value file paths (`$ARGOCD_APP_NAME/...` is not a ref). */
const BUILD_ENV = new Set([
  'ARGOCD_APP_NAME', 'ARGOCD_APP_NAMESPACE', 'ARGOCD_APP_PROJECT_NAME', 'ARGOCD_APP_REVISION', 'ARGOCD_APP_REVISION_SHORT',
  'ARGOCD_APP_REVISION_SHORT_8', 'ARGOCD_APP_SOURCE_PATH', 'ARGOCD_APP_SOURCE_REPO_URL', 'ARGOCD_APP_SOURCE_TARGET_REVISION',
  'KUBE_VERSION', 'KUBE_API_VERSIONS',
]);

const REF_NAME = /^[a-zA-Z0-9_-]+$/;
const SOURCE_TYPES: Array<[string, string]> = [['kustomize', 'Kustomize'], ['helm', 'Helm'], ['directory', 'Directory'], ['plugin', 'Plugin']];

export const ARGOCD_APPLICATION_RULES: Rule[] = [
  appRule({
    id: 'argocd-destination-server-xor-name',
    ref: 'A2',
    message: 'application destination can\'t have both name and server defined',
    fix: 'keep either destination.server or destination.name',
    *check(a) {
      const d = a.spec.destination;
      const name = str(d?.name);
      const server = str(d?.server);
      // an ApplicationSet parameter may render empty: only literal values are certain
      if (name && server && !isPlaceholder(name) && !isPlaceholder(server)) {
        yield { path: joinPath(a.path, 'destination'), message: `application destination can't have both name and server defined: ${name} ${server}` };
      }
    },
  }),
  appRule({
    id: 'argocd-destination-required',
    ref: 'A3',
    message: 'Destination server missing from app spec',
    fix: 'set destination.server (e.g. https://kubernetes.default.svc) or destination.name (e.g. in-cluster)',
    *check(a) {
      const d = a.spec.destination;
      if (!str(d?.name) && !str(d?.server)) yield { path: joinPath(a.path, 'destination', 'server') };
    },
  }),
  appRule({
    id: 'argocd-source-location',
    ref: 'A6',
    message: 'spec.source.repoURL and either spec.source.path or spec.source.chart are required',
    fix: 'give the source a repoURL and a path (Git) or a chart (Helm repository); a source with only a ref needs spec.sources',
    *check(a) {
      for (const s of sourcesOf(a)) {
        const src = s.source;
        if (!str(src.repoURL) || (!str(src.path) && !str(src.chart) && !(s.multi && str(src.ref)))) {
          yield s.multi
            ? { path: s.path, message: `spec.source.repoURL and either source.path, source.chart, or source.ref are required for source sources[${s.index}]` }
            : { path: s.path };
        }
      }
    },
  }),
  appRule({
    id: 'argocd-helm-chart-target-revision',
    ref: 'A8',
    message: 'spec.source.targetRevision is required if the manifest source is a helm chart',
    fix: 'set targetRevision to the chart version (e.g. 1.2.3) or a semver range (e.g. 1.2.*)',
    *check(a) {
      for (const s of sourcesOf(a)) {
        const src = s.source;
        // upstream checks this only once repoURL and path/chart/ref are there
        if (!str(src.repoURL)) continue;
        if (str(src.chart) && !str(src.targetRevision)) yield { path: joinPath(s.path, 'targetRevision') };
      }
    },
  }),
  appRule({
    id: 'argocd-single-source-type',
    ref: 'A9',
    message: 'multiple application sources defined',
    fix: 'keep one of helm, kustomize, directory and plugin per source (use several sources for several tools)',
    *check(a) {
      for (const s of sourcesOf(a)) {
        const types = SOURCE_TYPES.filter(([field]) => s.source[field] != null).map(([, name]) => name);
        if (types.length > 1) yield { path: s.path, message: `multiple application sources defined: ${types.join(',')}` };
      }
    },
  }),
  appRule({
    id: 'argocd-source-ref-format',
    ref: 'A10',
    message: 'sources.ref cannot contain any special characters except \'_\' and \'-\'',
    fix: 'use only letters, digits, "_" and "-" in ref',
    *check(a) {
      const sources = sourcesOf(a).filter((s) => s.multi);
      if (sources.length < 2) return;
      for (const s of sources) {
        const ref = str(s.source.ref);
        if (ref && !REF_NAME.test(ref) && !isPlaceholder(ref)) {
          yield { path: joinPath(s.path, 'ref'), message: `sources.ref ${ref} cannot contain any special characters except '_' and '-'` };
        }
      }
    },
  }),
  appRule({
    id: 'argocd-source-ref-unique',
    ref: 'A11',
    message: 'invalid sources: multiple sources had the same `ref` key',
    fix: 'give every source its own ref',
    *check(a) {
      const sources = sourcesOf(a).filter((s) => s.multi);
      if (sources.length < 2) return;
      const seen = new Set<string>();
      for (const s of sources) {
        const ref = str(s.source.ref);
        if (!ref) continue;
        if (seen.has(ref)) yield { path: joinPath(s.path, 'ref') };
        seen.add(ref);
      }
    },
  }),
  appRule({
    id: 'argocd-source-name-unique',
    ref: 'A12',
    message: 'application has duplicate source name',
    fix: 'give every source its own name',
    *check(a, m) {
      const seen = new Set<string>();
      for (const s of sourcesOf(a).filter((x) => x.multi)) {
        const name = str(s.source.name);
        if (!name) continue;
        const app = a.path === 'spec' ? str(m?.metadata?.name) : str(m?.spec?.template?.metadata?.name);
        if (seen.has(name)) yield { path: joinPath(s.path, 'name'), message: `application ${app} has duplicate source name: ${name}` };
        seen.add(name);
      }
    },
  }),
  appRule({
    id: 'argocd-source-hydrator-required',
    ref: 'A13',
    message: 'spec.sourceHydrator.drySource.repoURL is required',
    fix: 'give the source hydrator drySource.repoURL and syncSource.targetBranch, and hydrateTo (if set) a targetBranch',
    *check(a) {
      const h = a.spec.sourceHydrator;
      if (!isObject(h)) return;
      const at = joinPath(a.path, 'sourceHydrator');
      // validateSourceHydrator reports all three
      if (!str(h.drySource?.repoURL)) yield { path: joinPath(at, 'drySource.repoURL') };
      if (!str(h.syncSource?.targetBranch)) {
        yield { path: joinPath(at, 'syncSource.targetBranch'), message: 'spec.sourceHydrator.syncSource.targetBranch is required' };
      }
      if (isObject(h.hydrateTo) && !str(h.hydrateTo.targetBranch)) {
        yield {
          path: joinPath(at, 'hydrateTo.targetBranch'),
          message: 'when spec.sourceHydrator.hydrateTo is set, spec.sourceHydrator.hydrateTo.targetBranch is required',
        };
      }
    },
  }),
  rule({
    id: 'argocd-managed-by-url',
    ref: 'A17',
    kinds: APPLICATION_KINDS,
    message: 'invalid managed-by URL: URL must include http or https protocol',
    fix: `set the ${MANAGED_BY_URL} annotation to the http(s) URL of the Argo CD instance that manages the Application, e.g. https://argocd.example.com`,
    *check(m) {
      const meta = appMetadata(m);
      const url = meta?.metadata.annotations?.[MANAGED_BY_URL];
      if (typeof url !== 'string' || isPlaceholder(url)) return;
      const err = managedByUrlError(url);
      if (err) yield { path: joinPath(meta!.path, 'annotations', MANAGED_BY_URL), message: `invalid managed-by URL: ${err}` };
    },
  }),
  appRule({
    id: 'argocd-value-file-ref-declared',
    ref: 'library',
    message: 'helm value file names a ref that no source of the application declares',
    fix: 'set "ref" on the source that holds the file (multi-source Applications only), or correct the $ref prefix',
    *check(a) {
      const sources = sourcesOf(a);
      // refs exist only in multi-source Applications (GetRefSources, resolveReferencedSources)
      const multi = sources.length > 0 && sources[0].multi;
      const refs = new Set(multi ? sources.map((s) => str(s.source.ref)).filter((r) => r) : []);
      // a ref an ApplicationSet parameter names may render to any name
      if ([...refs].some(isPlaceholder)) return;
      for (const s of sources) {
        const helm = s.source.helm;
        const files: Array<[string, string]> = arrayOf(helm?.valueFiles).map((f, i) => [str(f), joinPath(s.path, 'helm', 'valueFiles', i)]);
        if (multi) {
          // the repo-server resolves file parameters' paths the same way
          arrayOf(helm?.fileParameters).forEach((p, i) => files.push([str(p?.path), joinPath(s.path, 'helm', 'fileParameters', i, 'path')]));
        }
        for (const [f, path] of files) {
          if (!f.startsWith('$') || isPlaceholder(f)) continue;
          if (multi) {
            // multi-source: every "$..." entry names a ref, up to the first "/" (resolveReferencedSources);
            // build variables and "$$" are not substituted first, so "$ARGOCD_APP_NAME/..." is an unknown ref
            const refVar = f.split('/')[0];
            if (!refs.has(refVar.slice(1))) {
              const why = BUILD_ENV.has(refVar.slice(1)) || refVar.startsWith('${') || refVar.startsWith('$$')
                ? ' (in a multi-source Application every value file starting with "$" names a ref: environment variables are not substituted before it)'
                : '';
              yield { path, message: `helm value file ${f} names ${refVar}, but no source of the application has ref: ${refVar.slice(1)}${why}` };
            }
            continue;
          }
          // single source: no refs; the path is env-substituted (Env.Envsubst / os.Expand): $NAME, ${NAME} and "$$"
          const name = /^\$([A-Za-z0-9_]*)/.exec(f)![1];
          if (f.startsWith('${') || f.startsWith('$$') || name === '' || BUILD_ENV.has(name)) continue;
          yield {
            path,
            message: `helm value file ${f} names $${name}, but no source of the application has ref: ${name} (a single-source Application has no refs: Argo CD substitutes $${name} as an environment variable, which is empty)`,
          };
        }
      }
    },
  }),
];

/** `spec.<field>` list of an AppProject. */
function projectList(p: Manifest, field: string): any[] {
  return arrayOf(p?.spec?.[field]);
}

const ROLE_NAME = /^[a-zA-Z0-9]([-_a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** `AppProject.normalizePolicy`, which the API server applies before validating: `, ` between trimmed parts. */
function normalizePolicy(policy: string): string {
  let out = '';
  for (const part of policy.split(',')) out = out === '' ? part : `${out}, ${trimSpaces(part)}`;
  return out;
}

/** Each entry of a list field (`policies`, `groups`) of one project role, with the role and its path. */
function fieldEntries(role: { value: any; path: string }, field: string): Array<{ role: any; value: unknown; path: string }> {
  return arrayOf(role.value?.[field]).map((value, j) => ({ role: role.value, value, path: joinPath(role.path, field, j) }));
}

/** Each entry of a list field (`policies`, `groups`) of each role of a project, with the role and its path. */
function* roleEntries(p: Manifest, field: string): Iterable<{ role: any; value: unknown; path: string }> {
  for (const role of projectEntries(p, 'roles')) yield* fieldEntries(role, field);
}

/** The entries of a project list field (`destinations`, `roles`, ...) with their paths. */
function projectEntries(p: Manifest, field: string): Array<{ value: any; path: string }> {
  return projectList(p, field).map((value, i) => ({ value, path: joinPath('spec', field, i) }));
}

/**
 * The entries that repeat an earlier one, compared by `key` (an entry whose key is undefined is
 * skipped), each reported as `say` words it: upstream's "already added" / "already exists" checks.
 */
function* repeated<T extends { value: any; path: string }>(
  entries: Iterable<T>, key: (e: T) => unknown, say: (k: any, e: T) => Violation,
): Iterable<Violation> {
  const seen = new Set<unknown>();
  for (const e of entries) {
    const k = key(e);
    if (k === undefined) continue;
    if (seen.has(k)) yield say(k, e);
    seen.add(k);
  }
}

/** Repeated entries of a list field (`policies`, `groups`) within each role: `<what> '<key>' already exists for role '<role>'`. */
function* repeatedInRoles(p: Manifest, field: string, what: string, key: (v: unknown) => unknown): Iterable<Violation> {
  for (const role of projectEntries(p, 'roles')) {
    yield* repeated(fieldEntries(role, field), (e) => key(e.value), (k, e) => ({ path: e.path, message: `${what} '${k}' already exists for role '${str(role.value?.name)}'` }));
  }
}

/** Resources a project role's policy may name (`rbac.ProjectScoped`). */
const PROJECT_RESOURCES = new Set(['applications', 'applicationsets', 'logs', 'exec', 'clusters', 'repositories']);
const POLICY_ACTIONS = new Set(['get', 'create', 'update', 'delete', 'sync', 'override', '*']);
/** `validActionPatterns`: unanchored regular expressions, so the text may appear anywhere in the action. */
const POLICY_ACTION_PATTERNS = [/action\/.*/, /update\/.*/, /delete\/.*/];

/** Go's `strings.Trim(s, " ")`. */
function trimSpaces(s: string): string {
  return s.replace(/^ +| +$/g, '');
}

/**
 * Why `validatePolicy` rejects a (normalized) project role policy, or undefined: six comma-separated
 * parts, `p`, the subject `proj:<project>:<role>`, a project-scoped resource, a known action, an
 * object under the project and an effect.
 */
export function projectPolicyError(project: string, role: string, policy: string): string | undefined {
  const parts = policy.split(',').map(trimSpaces);
  const bad = (why: string) => `invalid policy rule '${policy}': ${why}`;
  if (parts.length !== 6 || parts[0] !== 'p') return bad('must be of the form: \'p, sub, res, act, obj, eft\'');
  const [, subject, resource, action, object, effect] = parts;
  const expected = `proj:${project}:${role}`;
  if (subject !== expected) return bad(`policy subject must be: '${expected}', not '${subject}'`);
  if (!PROJECT_RESOURCES.has(resource)) {
    return bad(`project resource must be: 'applications', 'applicationsets', 'repositories', 'exec', 'logs' or 'clusters', not '${resource}'`);
  }
  if (!POLICY_ACTIONS.has(action) && !POLICY_ACTION_PATTERNS.some((r) => r.test(action))) return bad(`invalid action '${action}'`);
  // <PROJECT>[/<NAMESPACE>]/<APPLICATION>; Go's \w is ASCII like JavaScript's
  const quoted = project.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  if (!new RegExp(`^${quoted}(/[*\\w.-]+)?/[*\\w.-]+$`).test(object)) {
    return bad(`object must be of form '${project}/*', '${project}[/<NAMESPACE>]/<APPNAME>' or '${project}/<APPNAME>', not '${object}'`);
  }
  if (effect !== 'allow' && effect !== 'deny') return bad('effect must be: \'allow\' or \'deny\'');
  return undefined;
}

/** Go's `unicode.IsSpace`. */
function goIsSpace(c: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(c);
}

/** Go's `strings.TrimSpace`. */
function goTrimSpace(s: string): string {
  const chars = [...s];
  let start = 0;
  let end = chars.length;
  while (start < end && goIsSpace(chars[start])) start++;
  while (end > start && goIsSpace(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

/** Why `validateGroupName` rejects an OIDC group of a project role, or undefined. */
export function groupNameError(group: string): string | undefined {
  const chars = [...group];
  let name = goTrimSpace(group);
  if (name.length > 1 && name.startsWith('"') && name.endsWith('"')) {
    name = name.slice(1, -1);
  } else if (name.includes(',')) {
    return `group '${name}' must be quoted`;
  }
  if (name === '') return `group '${name}' is empty`;
  if (/["\n\r\t]/.test(name)) return `group '${name}' contains invalid characters`;
  if (chars.length > 1 && goIsSpace(chars[0])) return `group '${name}' contains a leading space`;
  if (chars.length > 1 && goIsSpace(chars[chars.length - 1])) return `group '${name}' contains a trailing space`;
  return undefined;
}

function windowTargets(w: any): boolean {
  return arrayOf(w?.applications).length > 0 || arrayOf(w?.namespaces).length > 0 || arrayOf(w?.clusters).length > 0;
}

export const ARGOCD_PROJECT_RULES: Rule[] = [
  rule({
    id: 'argocd-project-no-negated-wildcard',
    ref: 'P1',
    kinds: PROJECT,
    message: 'has an invalid format, \'!*\'',
    fix: '"!*" denies everything and is refused: remove the entry',
    *check(p) {
      for (const list of ['destinations', 'destinationServiceAccounts']) {
        const entries = projectList(p, list);
        for (let i = 0; i < entries.length; i++) {
          for (const field of list === 'destinations' ? ['name', 'server', 'namespace'] : ['server', 'namespace']) {
            if (entries[i]?.[field] === '!*') yield { path: joinPath('spec', list, i, field), message: `${field} has an invalid format, '!*'` };
          }
        }
      }
    },
  }),
  rule({
    id: 'argocd-project-destination-unique',
    ref: 'P2',
    kinds: PROJECT,
    message: 'destination already added',
    fix: 'list each destination once',
    check: (p) => repeated(projectEntries(p, 'destinations'), ({ value }) => {
      const d = value ?? {};
      return !str(d.server) && str(d.name) ? `${str(d.name)}/${str(d.namespace)}` : `${str(d.server)}/${str(d.namespace)}`;
    }, (key, e) => ({ path: e.path, message: `destination '${key}' already added` })),
  }),
  rule({
    id: 'argocd-project-source-namespace-unique',
    ref: 'P3',
    kinds: PROJECT,
    message: 'source namespace already added',
    fix: 'list each source namespace once',
    check: (p) => repeated(projectEntries(p, 'sourceNamespaces'), (e) => e.value, (key, e) => ({ path: e.path, message: `source namespace '${key}' already added` })),
  }),
  rule({
    id: 'argocd-project-source-repo-no-negated-wildcard',
    ref: 'P4',
    kinds: PROJECT,
    message: 'source repository has an invalid format, \'!*\'',
    fix: '"!*" denies every repository and is refused: remove it',
    *check(p) {
      const entries = projectList(p, 'sourceRepos');
      for (let i = 0; i < entries.length; i++) {
        if (entries[i] === '!*') yield { path: joinPath('spec.sourceRepos', i) };
      }
    },
  }),
  rule({
    id: 'argocd-project-source-repo-unique',
    ref: 'P5',
    kinds: PROJECT,
    message: 'source repository already added',
    fix: 'list each source repository once',
    // "!*" is P4's
    check: (p) => repeated(projectEntries(p, 'sourceRepos'), (e) => (e.value === '!*' ? undefined : e.value),
      (key, e) => ({ path: e.path, message: `source repository '${key}' already added` })),
  }),
  rule({
    id: 'argocd-project-role-unique',
    ref: 'P6',
    kinds: PROJECT,
    message: 'role already exists',
    fix: 'give every role its own name',
    check: (p) => repeated(projectEntries(p, 'roles'), (e) => str(e.value?.name),
      (name, e) => ({ path: joinPath(e.path, 'name'), message: `role '${name}' already exists` })),
  }),
  rule({
    id: 'argocd-project-role-name',
    ref: 'P7',
    kinds: PROJECT,
    message: 'invalid role name',
    fix: 'use alphanumerics, "-" and "_", starting and ending with an alphanumeric',
    *check(p) {
      const roles = projectList(p, 'roles');
      for (let i = 0; i < roles.length; i++) {
        const name = str(roles[i]?.name);
        if (!ROLE_NAME.test(name)) {
          yield {
            path: joinPath('spec.roles', i, 'name'),
            message: `invalid role name '${name}'. Must consist of alphanumeric characters, '-' or '_', and must start and end with an alphanumeric character`,
          };
        }
      }
    },
  }),
  rule({
    id: 'argocd-project-policy-unique',
    ref: 'P8',
    kinds: PROJECT,
    message: 'policy already exists for role',
    fix: 'list each policy of a role once',
    check: (p) => repeatedInRoles(p, 'policies', 'policy', (v) => (typeof v === 'string' ? normalizePolicy(v) : v)),
  }),
  rule({
    id: 'argocd-project-role-policy-format',
    ref: 'P9',
    kinds: PROJECT,
    message: 'invalid policy rule: must be of the form: \'p, sub, res, act, obj, eft\'',
    fix: 'write the policy as "p, proj:<project>:<role>, <resource>, <action>, <project>/<application>, allow|deny", e.g. "p, proj:payments:deployer, applications, sync, payments/*, allow"',
    *check(p) {
      const project = str(p?.metadata?.name);
      if (!project) return;
      for (const e of roleEntries(p, 'policies')) {
        if (typeof e.value !== 'string') continue;
        // the API server normalizes the policies before it validates them
        const err = projectPolicyError(project, str(e.role?.name), normalizePolicy(e.value));
        if (err) yield { path: e.path, message: err };
      }
    },
  }),
  rule({
    id: 'argocd-project-role-group-unique',
    ref: 'P10',
    kinds: PROJECT,
    message: 'group already exists for role',
    fix: 'list each group of a role once',
    check: (p) => repeatedInRoles(p, 'groups', 'group', (v) => v),
  }),
  rule({
    id: 'argocd-project-role-group-name',
    ref: 'P10',
    kinds: PROJECT,
    message: 'group name is invalid',
    fix: 'write the group name without surrounding spaces, double quotes, tabs or line breaks; quote a name with a comma ("\"a,b\"")',
    *check(p) {
      for (const e of roleEntries(p, 'groups')) {
        const err = typeof e.value === 'string' ? groupNameError(e.value) : undefined;
        if (err) yield { path: e.path, message: err };
      }
    },
  }),
  entryRule({
    id: 'argocd-sync-window-kind',
    ref: 'P11',
    kinds: PROJECT,
    message: 'mismatch: can only be allow or deny',
    fix: 'set kind to allow or deny',
    list: 'syncWindows',
    *check(w, path) {
      const kind = str(w.kind);
      if (kind !== 'allow' && kind !== 'deny') yield { path: joinPath(path, 'kind'), message: `kind '${kind}' mismatch: can only be allow or deny` };
    },
  }),
  entryRule({
    id: 'argocd-sync-window-schedule',
    ref: 'P12',
    kinds: PROJECT,
    message: 'cannot parse schedule',
    fix: 'use a 5-field cron expression: minute hour day-of-month month day-of-week, e.g. "0 22 * * 1-5"',
    list: 'syncWindows',
    *check(w, path) {
      const schedule = str(w.schedule);
      const err = cronScheduleError(schedule);
      if (err) yield { path: joinPath(path, 'schedule'), message: `cannot parse schedule '${schedule}': ${err}` };
    },
  }),
  entryRule({
    id: 'argocd-sync-window-duration',
    ref: 'P13',
    kinds: PROJECT,
    message: 'cannot parse duration',
    fix: 'use a Go duration such as 30m, 8h or 1h30m (no "d")',
    list: 'syncWindows',
    *check(w, path) {
      // a duration that is not a string never reaches Argo CD: the CRD schema rejects it (crd-field-type)
      if (w.duration != null && typeof w.duration !== 'string') return;
      const duration = str(w.duration);
      const err = goDurationError(duration);
      if (err) yield { path: joinPath(path, 'duration'), message: `cannot parse duration '${duration}': ${err}` };
    },
  }),
  entryRule({
    id: 'argocd-sync-window-description',
    ref: 'P14',
    kinds: PROJECT,
    message: 'description must not exceed 255 characters',
    fix: 'shorten the description to 255 characters',
    list: 'syncWindows',
    *check(w, path) {
      if (str(w.description).length > 255) yield { path: joinPath(path, 'description') };
    },
  }),
  entryRule({
    id: 'argocd-sync-window-targets',
    ref: 'P15',
    kinds: PROJECT,
    message: 'requires one of application, cluster or namespace',
    fix: 'list the applications, namespaces or clusters the window applies to ("*" for all)',
    list: 'syncWindows',
    *check(w, path) {
      if (!windowTargets(w)) {
        yield { path, message: `window '${str(w.kind)}':'${str(w.schedule)}':'${str(w.duration)}' requires one of application, cluster or namespace` };
      }
    },
  }),
  rule({
    id: 'argocd-sync-window-unique',
    ref: 'P16',
    kinds: PROJECT,
    message: 'sync window already exists',
    fix: 'remove the repeated sync window',
    // only windows equal in every field: each Argo CD version counts those as duplicates
    check: (p) => repeated(projectEntries(p, 'syncWindows'), (e) => (isObject(e.value) ? canonicalJson(e.value) : undefined), (_key, { value: w, path }) => ({
      path,
      message: `sync window with kind '${str(w.kind)}', schedule '${str(w.schedule)}', and duration '${str(w.duration)}' already exists`,
    })),
  }),
  rule({
    id: 'argocd-project-destination-service-account-unique',
    ref: 'P17',
    kinds: PROJECT,
    message: 'destinationServiceAccount already added',
    fix: 'list each server and namespace once in destinationServiceAccounts',
    // "!*" is P1's
    check: (p) => repeated(projectEntries(p, 'destinationServiceAccounts'), ({ value }) => {
      const d = value ?? {};
      return d.server === '!*' || d.namespace === '!*' ? undefined : `${str(d.server)}/${str(d.namespace)}`;
    }, (key, e) => ({ path: e.path, message: `destinationServiceAccount '${key}' already added` })),
  }),
];

const ARGOCD_NAMESPACE_RULES: Rule[] = [
  rule({
    id: 'argocd-application-namespace-permitted',
    ref: 'library',
    kinds: ['Application'],
    message: 'application is not permitted to use project: it is outside the project\'s (Argo CD\'s) namespace and not in its sourceNamespaces',
    fix: 'create the Application in Argo CD\'s namespace (the AppProject\'s; metadata.namespace, or put it in a chart without a namespace), or add its namespace to the project\'s sourceNamespaces (AppProject.addSourceNamespace) and enable apps in any namespace (application.namespaces)',
    *check(app, ctx) {
      // IsAppNamespacePermitted: an Application in the controller's namespace (where AppProjects live)
      // may use any project; elsewhere its namespace must match one of the project's sourceNamespaces
      const namespace = app?.metadata?.namespace;
      const projectName = app?.spec?.project;
      if (typeof namespace !== 'string' || namespace === '' || typeof projectName !== 'string' || projectName === '' || isPlaceholder(projectName)) return;
      const project = ctx.index.find('AppProject', projectName);
      const argocdNamespace = project?.metadata?.namespace;
      if (typeof argocdNamespace !== 'string' || argocdNamespace === '' || argocdNamespace === namespace) return;
      // sourceNamespaces are globs: only a literal one is judged here, any pattern may match
      const permitted = arrayOf(project?.spec?.sourceNamespaces).some((p) => typeof p === 'string' && (/[*?[{\\]/.test(p) || p === namespace));
      if (permitted) return;
      yield {
        path: 'metadata.namespace',
        message: `application '${app?.metadata?.name}' in namespace '${namespace}' is not permitted to use project '${projectName}': the project is in ${argocdNamespace}, Argo CD's namespace, and its sourceNamespaces do not match ${namespace}`,
      };
    },
  }),
];

export const ARGOCD_RULES: Rule[] = [...ARGOCD_APPLICATION_RULES, ...ARGOCD_NAMESPACE_RULES, ...ARGOCD_PROJECT_RULES];
