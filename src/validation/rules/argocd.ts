/**
 * Argo CD rules that need no cluster (argo-cd v3.5.1; ids from argo-cd-api.md):
 *
 * - Application (and the Application template of an ApplicationSet): destination server xor name
 *   (A2, A3, `util/argo/argo.go` ValidateDestination), a repoURL and a path/chart/ref per source
 *   (A6, A7), a Helm chart needs targetRevision (A8), one source type per source (A9,
 *   `ApplicationSource.ExplicitType`), `ref` names (A10, A11, `GetRefSources`), unique source
 *   names (A12), and `$ref/...` value files that name a declared ref (library: upstream
 *   env-substitutes an unknown `$name` and reads some other file).
 * - AppProject (`AppProject.ValidateProject`, `SyncWindow.Validate`): `!*` and duplicates in
 *   destinations, source namespaces and source repos (P1–P5), roles (P6–P8), sync window kind,
 *   cron schedule, duration, description and targets (P11–P15).
 *
 * Upstream returns the first error of a project; here every problem is reported at its path.
 */
import { goDurationError, isPlaceholder } from '../duration';
import { arrayOf, isObject, joinPath, Manifest } from '../manifest';
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
    id: 'argocd-value-file-ref-declared',
    ref: 'library',
    message: 'helm value file names a ref that no source of the application declares',
    fix: 'set "ref" on the source that holds the file (multi-source Applications only), or correct the $ref prefix',
    *check(a) {
      const sources = sourcesOf(a);
      // GetRefSources only collects refs of Applications with more than one source
      const refs = new Set(sources.length > 1 ? sources.map((s) => str(s.source.ref)).filter((r) => r) : []);
      // a ref an ApplicationSet parameter names may render to any name
      if ([...refs].some(isPlaceholder)) return;
      for (const s of sources) {
        const files = arrayOf(s.source.helm?.valueFiles);
        for (let i = 0; i < files.length; i++) {
          const f = str(files[i]);
          const m = /^\$([^/]*)/.exec(f);
          // `${NAME}` and `$$` (a literal "$") are for env substitution
          if (!m || m[1].includes('{') || m[1].startsWith('$') || BUILD_ENV.has(m[1]) || isPlaceholder(f)) continue;
          if (!refs.has(m[1])) {
            yield {
              path: joinPath(s.path, 'helm', 'valueFiles', i),
              message: `helm value file ${f} names $${m[1]}, but no source of the application has ref: ${m[1]}`,
            };
          }
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
  for (const part of policy.split(',')) out = out === '' ? part : `${out}, ${part.replace(/^ +| +$/g, '')}`;
  return out;
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
    *check(p) {
      const seen = new Set<string>();
      const entries = projectList(p, 'destinations');
      for (let i = 0; i < entries.length; i++) {
        const d = entries[i] ?? {};
        const key = !str(d.server) && str(d.name) ? `${str(d.name)}/${str(d.namespace)}` : `${str(d.server)}/${str(d.namespace)}`;
        if (seen.has(key)) yield { path: joinPath('spec.destinations', i), message: `destination '${key}' already added` };
        seen.add(key);
      }
    },
  }),
  rule({
    id: 'argocd-project-source-namespace-unique',
    ref: 'P3',
    kinds: PROJECT,
    message: 'source namespace already added',
    fix: 'list each source namespace once',
    *check(p) {
      const seen = new Set<string>();
      const entries = projectList(p, 'sourceNamespaces');
      for (let i = 0; i < entries.length; i++) {
        if (seen.has(entries[i])) yield { path: joinPath('spec.sourceNamespaces', i), message: `source namespace '${entries[i]}' already added` };
        seen.add(entries[i]);
      }
    },
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
    *check(p) {
      const seen = new Set<string>();
      const entries = projectList(p, 'sourceRepos');
      for (let i = 0; i < entries.length; i++) {
        if (entries[i] === '!*') continue; // P4
        if (seen.has(entries[i])) yield { path: joinPath('spec.sourceRepos', i), message: `source repository '${entries[i]}' already added` };
        seen.add(entries[i]);
      }
    },
  }),
  rule({
    id: 'argocd-project-role-unique',
    ref: 'P6',
    kinds: PROJECT,
    message: 'role already exists',
    fix: 'give every role its own name',
    *check(p) {
      const seen = new Set<string>();
      const roles = projectList(p, 'roles');
      for (let i = 0; i < roles.length; i++) {
        const name = str(roles[i]?.name);
        if (seen.has(name)) yield { path: joinPath('spec.roles', i, 'name'), message: `role '${name}' already exists` };
        seen.add(name);
      }
    },
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
    *check(p) {
      const roles = projectList(p, 'roles');
      for (let i = 0; i < roles.length; i++) {
        const seen = new Set<string>();
        const policies = arrayOf(roles[i]?.policies);
        for (let j = 0; j < policies.length; j++) {
          const policy = typeof policies[j] === 'string' ? normalizePolicy(policies[j]) : policies[j];
          if (seen.has(policy)) {
            yield { path: joinPath('spec.roles', i, 'policies', j), message: `policy '${policy}' already exists for role '${str(roles[i]?.name)}'` };
          }
          seen.add(policy);
        }
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
];

export const ARGOCD_RULES: Rule[] = [...ARGOCD_APPLICATION_RULES, ...ARGOCD_PROJECT_RULES];
