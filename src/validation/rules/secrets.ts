/**
 * Secrets in plain text: a token, password or API key written into an AnalysisTemplate (a header or
 * argument value) or passed as an analysis argument value by a Rollout or Experiment ends up in Git,
 * in `kubectl get -o yaml` and in every AnalysisRun. Secrets reach analyses through `secretKeyRef`
 * (`TemplateArg.fromSecret`, `WebHeader.fromSecret`) instead. Library rules, warnings: the
 * controller accepts such values.
 */
import { Severity } from '../finding';
import { arrayOf, isObject, joinPath } from '../manifest';
import { analysisReferences } from '../rollout-model';
import { Rule, rule, Violation } from '../rule';
import { TEMPLATE_KINDS } from './analysis';

/** Words of a name (of a header, an argument) that say its value is a credential. */
const SECRET_WORDS = new Set(['token', 'password', 'passwd', 'pwd', 'secret', 'apikey', 'credential', 'credentials', 'privatekey', 'authorization', 'cookie']);
/** Two-word credentials: `api-key`, `private_key`, `apiKey`. */
const SECRET_PAIRS = new Set(['api key', 'private key']);
/** Words that may follow a credential word and still name the credential itself (`token-value`, `secret-access-key`). */
const VALUE_WORDS = new Set(['value', 'val', 'string', 'str', 'literal', 'raw', 'plain', 'base64', 'b64', 'data', 'key', 'access']);
/** Words of a name whose value is an identifier (a commit, a digest, a request id), never a credential by its form alone. */
const IDENTIFIER_WORDS = new Set(['sha', 'commit', 'revision', 'rev', 'digest', 'hash', 'checksum', 'version', 'tag', 'image', 'id', 'uid', 'uuid', 'request', 'trace', 'span', 'build', 'run', 'etag']);

/** The lower-case words of a name: split at `-`, `_`, `.`, spaces and camelCase humps. */
function wordsOf(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/**
 * Whether a name says its value is a credential: a credential word (`token`, `password`, `secret`,
 * `api-key`, `Authorization`, ...) followed by nothing or by value words only (`api-token`,
 * `db_password`, `clientSecret`, `secret-access-key`). A name that goes on to say what it holds
 * instead is a setting or a reference (`token-url`, `password-policy`, `token-ttl`,
 * `secret-namespace`, `token-secret-name`, `secret-ref`), and so is a `secret` after another
 * credential word (`credentials-secret`: the name of a Secret).
 */
export function isCredentialName(name: string): boolean {
  const words = wordsOf(name);
  let last = -1;
  let width = 0;
  for (let i = 0; i < words.length; i++) {
    const w = credentialWidth(words, i);
    if (w > 0) [last, width] = [i, w];
  }
  if (last < 0 || !words.slice(last + width).every((w) => VALUE_WORDS.has(w))) return false;
  const namesASecret = words[last] === 'secret' && words.slice(0, last).some((_, i) => credentialWidth(words, i) > 0);
  return !namesASecret;
}

/** The width in words (1, or 2 for `api key`) of the credential word that starts at `words[i]`, or 0. */
function credentialWidth(words: string[], i: number): number {
  if (SECRET_WORDS.has(words[i])) return 1;
  return i + 1 < words.length && SECRET_PAIRS.has(`${words[i]} ${words[i + 1]}`) ? 2 : 0;
}

/** Values that are credentials by their form. */
const TOKEN_FORMS: ReadonlyArray<[RegExp, string]> = [
  [/^(bearer|basic|token|apikey)\s+\S{8,}/i, 'an Authorization credential'],
  [/^eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*$/, 'a JSON Web Token'],
  [/^(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}$|^github_pat_\w{20,}$/, 'a GitHub token'],
  [/^xox[abpors]-[\w-]{10,}$/, 'a Slack token'],
  [/^(AKIA|ASIA)[0-9A-Z]{16}$/, 'an AWS access key id'],
  [/^sk-[\w-]{20,}$/, 'an API secret key'],
  [/^-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
];

/** What `credentialForm` calls a value that is a credential by its randomness alone. */
const RANDOM = 'a long random-looking string';

/** Shannon entropy of a string in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/**
 * Why `value` looks like a credential, or undefined. Placeholders (`{{args.x}}`), URLs, paths,
 * expressions and ordinary words never do; a long random-looking string (20+ characters of a
 * base64 or hex alphabet, mixed case or 32+ hex digits, high entropy) does.
 */
export function credentialForm(value: string): string | undefined {
  const v = value.trim();
  if (v === '' || v.includes('{{')) return undefined;
  for (const [re, what] of TOKEN_FORMS) if (re.test(v)) return what;
  // random-looking: base64/hex alphabet only, letters and digits, mixed case (or 32+ hex digits), high entropy;
  // slugs (payments-canary-v2), expressions and URLs are not
  const alphabet = /^[A-Za-z0-9+/=_.-]{20,}$/.test(v) && /[A-Za-z]/.test(v) && /\d/.test(v);
  const mixed = (/[a-z]/.test(v) && /[A-Z]/.test(v)) || /^[a-f0-9]{32,}$/i.test(v);
  if (alphabet && mixed && !v.includes('/') && entropy(v) >= 3.5) return RANDOM;
  return undefined;
}

/**
 * Why a plain `value` under `name` is a secret in plain text, or undefined. A random-looking value
 * under an identifier's name (`git-sha`, `request-id`, `image-digest`) is the identifier.
 */
function plainSecret(name: unknown, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '' || value.includes('{{')) return undefined;
  const key = typeof name === 'string' ? name : '';
  const form = credentialForm(value);
  if (form && !(form === RANDOM && wordsOf(key).some((w) => IDENTIFIER_WORDS.has(w)))) return form;
  if (isCredentialName(key)) return `the value of "${key}"`;
  return undefined;
}

/** Masks a secret for messages: its first 4 characters, then its length. */
function masked(value: string): string {
  const v = value.trim();
  return `"${v.slice(0, Math.min(4, Math.floor(v.length / 4)))}…" (${v.length} characters)`;
}

const ARG_FIX = 'declare the argument with TemplateArg.fromSecret(name, secret, key) (valueFrom.secretKeyRef) and use {{args.<name>}}';
const HEADER_FIX = 'read the value from a Secret: WebHeader.fromSecret(name, secret, key, \'Bearer \') (an argument with valueFrom.secretKeyRef, used as {{args.<name>}})';
const PASSED_FIX = 'do not pass credentials as analysis args: declare the argument in the template with TemplateArg.fromSecret (valueFrom.secretKeyRef)';

/** Header lists of a metric's providers that send headers (web, prometheus). */
function headerLists(metric: any, path: string): Array<{ list: any[]; path: string }> {
  const out: Array<{ list: any[]; path: string }> = [];
  for (const p of ['web', 'prometheus']) {
    const headers = metric?.provider?.[p]?.headers;
    if (Array.isArray(headers)) out.push({ list: headers, path: joinPath(path, 'provider', p, 'headers') });
  }
  return out;
}

/** Plain-text secrets among the args (`{ name, value }`) at `path`, described by `say(name, why, masked value)`. */
function* plainArgs(args: unknown, path: string, say: (name: string, why: string, value: string) => string): Iterable<Violation> {
  const list = arrayOf(args);
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    const why = isObject(a) ? plainSecret(a.name, a.value) : undefined;
    if (why) yield { path: joinPath(path, i, 'value'), message: say(String(a.name), why, masked(a.value)) };
  }
}

/** Plain-text secrets among analysis args passed by a Rollout or Experiment. */
function passedArgs(args: unknown, path: string): Iterable<Violation> {
  return plainArgs(args, joinPath(path, 'args'), (name, why, value) => `analysis argument "${name}" is passed ${why} in plain text: ${value}`);
}

export const SECRET_RULES: Rule[] = [
  rule({
    id: 'analysis-arg-plain-secret',
    ref: 'library',
    kinds: TEMPLATE_KINDS,
    severity: Severity.WARNING,
    message: 'argument value looks like a secret in plain text',
    fix: ARG_FIX,
    check(t) {
      return plainArgs(t?.spec?.args, 'spec.args', (name, why, value) => `argument "${name}" has ${why} in plain text: ${value}`);
    },
  }),
  rule({
    id: 'analysis-header-plain-secret',
    ref: 'library',
    kinds: TEMPLATE_KINDS,
    severity: Severity.WARNING,
    message: 'header value looks like a secret in plain text',
    fix: HEADER_FIX,
    *check(t) {
      const metrics = arrayOf(t?.spec?.metrics);
      for (let i = 0; i < metrics.length; i++) {
        for (const { list, path } of headerLists(metrics[i], joinPath('spec.metrics', i))) {
          for (let h = 0; h < list.length; h++) {
            const header = list[h];
            const why = isObject(header) ? plainSecret(header.key, header.value) : undefined;
            if (why) {
              yield {
                path: joinPath(path, h, 'value'),
                message: `metrics[${i}]: header "${String(header.key)}" has ${why} in plain text: ${masked(header.value)}`,
              };
            }
          }
        }
      }
    },
  }),
  rule({
    id: 'analysis-passed-arg-plain-secret',
    ref: 'library',
    kinds: ['Rollout', 'Experiment'],
    severity: Severity.WARNING,
    message: 'analysis argument value looks like a secret in plain text',
    fix: PASSED_FIX,
    *check(obj) {
      if (obj?.kind === 'Experiment') {
        const analyses = arrayOf(obj?.spec?.analyses);
        for (let i = 0; i < analyses.length; i++) yield* passedArgs(analyses[i]?.args, joinPath('spec.analyses', i));
        return;
      }
      for (const ref of analysisReferences(obj)) yield* passedArgs(ref.spec.args, ref.path);
    },
  }),
];
