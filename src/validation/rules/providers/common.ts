/**
 * What the metric provider rules share: each reads the provider block of every metric of an
 * AnalysisTemplate, ClusterAnalysisTemplate or AnalysisRun. A provider's rules are one file here
 * (`<provider>.ts`, listed in `index.ts`); they check what the provider's own code (argo-rollouts
 * `metricproviders/<name>`) or its backend does with the fields when it measures. The controller
 * accepts such a metric when it creates the run; every measurement then errors, or a field the user
 * set is ignored.
 */
import { Severity } from '../../finding';
import { DNS1123_SUBDOMAIN } from '../../labels';
import { arrayOf, isObject, joinPath, Manifest } from '../../manifest';
import { Rule, rule, Violation } from '../../rule';
import { METRIC_KINDS, replacePlaceholders, scanPlaceholders } from '../analysis';

/** A metric's provider block, where it is, and the metric around it. */
export interface ProviderBlock {
  /** the metric */
  readonly metric: Record<string, any>;
  /** the provider block, e.g. `metric.provider.datadog` */
  readonly provider: Record<string, any>;
  /** the metric's index in `spec.metrics` */
  readonly index: number;
  /** the full path of the metric, `spec.metrics[i]` */
  readonly metricPath: string;
  /** the full path of the provider block, `spec.metrics[i].provider.<name>` */
  readonly path: string;
}

const NONE: readonly never[] = [];

/**
 * The metrics of a template or run whose provider is `name` (the YAML key, e.g. `cloudWatch`), as
 * an array built without a generator: each object is asked for each of some fifty provider rules,
 * and most have no metric of that provider.
 */
export function metricsOf(t: Manifest, name: string): readonly ProviderBlock[] {
  const metrics = t?.spec?.metrics;
  if (!Array.isArray(metrics)) return NONE;
  let out: ProviderBlock[] | undefined;
  for (let i = 0; i < metrics.length; i++) {
    const m = metrics[i];
    if (isObject(m) && isObject(m.provider) && isObject(m.provider[name])) {
      const metricPath = joinPath('spec.metrics', i);
      (out ??= []).push({ metric: m, provider: m.provider[name], index: i, metricPath, path: joinPath(metricPath, 'provider', name) });
    }
  }
  return out ?? NONE;
}

/**
 * A rule over the metrics of one provider (`provider`: the YAML key). `check` gets each metric's
 * block; each message is prefixed with `metrics[i]: `, as the controller prefixes metric errors.
 */
export function providerRule(def: Omit<Rule, 'kinds' | 'check' | 'severity'> & {
  provider: string;
  severity?: Severity;
  check: (block: ProviderBlock) => Iterable<Violation>;
}): Rule {
  const { provider, check, ...rest } = def;
  function* violations(blocks: readonly ProviderBlock[]): Iterable<Violation> {
    for (const block of blocks) {
      for (const v of check(block)) yield { ...v, message: `metrics[${block.index}]: ${v.message ?? def.message}` };
    }
  }
  return rule({
    ...rest,
    kinds: METRIC_KINDS,
    check(t) {
      const blocks = metricsOf(t, provider);
      return blocks.length === 0 ? NONE : violations(blocks);
    },
  });
}

/** `providerRule` with the provider fixed, for a file of one provider's rules: `const webRule = providerRuleFor('web')`. */
export function providerRuleFor(provider: string): (def: Omit<Parameters<typeof providerRule>[0], 'provider'>) => Rule {
  return (def) => providerRule({ ...def, provider });
}

/** Whether a provider field is unset: absent, null or "" (Go reads all three as its zero value). */
export function unset(value: unknown): boolean {
  return value == null || value === '';
}

/**
 * Whether `address` is an http(s) URL a provider can append its paths to: a host, no whitespace, and
 * (unless `queryAllowed`: the provider keeps or drops the address's own query) no query or fragment.
 * `{{args.x}}` placeholders may stand anywhere in it, the whole URL too, with spaces inside the braces
 * (`{{ args.x }}`): the controller trims and resolves them before it calls the provider, so the text
 * around them is judged.
 */
export function isHttpAddress(address: unknown, options: { queryAllowed?: boolean } = {}): boolean {
  if (typeof address !== 'string') return false;
  if (address.startsWith('{{')) return true;
  // "1" is a valid host, port and path segment alike
  const literal = replacePlaceholders(address, () => '1');
  if (/\s/.test(literal) || (!options.queryAllowed && /[?#]/.test(literal))) return false;
  if (!/^https?:\/\/[^/]/i.test(literal)) return false;
  try {
    new URL(literal);
    return true;
  } catch {
    return false;
  }
}

/**
 * The rule that a provider's query is not blank: the backend refuses an empty query, so every
 * measurement errors. `schemaRequires`: the CRD requires the field, so a missing one is the schema's
 * finding and this rule reports only a blank one.
 */
export function queryRequiredRule(def: { id: string; provider: string; message: string; fix: string; schemaRequires?: boolean }): Rule {
  const { schemaRequires, ...rest } = def;
  return providerRule({
    ...rest,
    ref: 'library',
    *check({ provider, path }) {
      const query = provider.query;
      const blank = typeof query === 'string' ? query.trim() === '' : query == null && !schemaRequires;
      if (blank) yield { path: joinPath(path, 'query') };
    },
  });
}

/**
 * The rule that a provider's `profile` can name a Secret (no whitespace outside `{{...}}`
 * placeholders, which the controller trims): the provider reads its credentials from that Secret in
 * the controller's namespace, "" meaning its default Secret.
 */
export function profileSecretRule(def: { id: string; provider: string; message: string; fix: string }): Rule {
  return providerRule({
    ...def,
    ref: 'library',
    *check({ provider, path }) {
      const profile = provider.profile;
      if (typeof profile !== 'string' || profile === '') return;
      // a Secret's name is a DNS-1123 subdomain; a placeholder may stand for any part of it
      const name = replacePlaceholders(profile, () => 'x');
      if (name.length <= 253 && DNS1123_SUBDOMAIN.test(name)) return;
      yield {
        path: joinPath(path, 'profile'),
        message: `profile ${JSON.stringify(profile)} is not a Secret name (lower case letters, digits, '-' and '.'): the controller finds no such Secret, so every measurement errors`,
      };
    },
  });
}


/** Whether an OAuth2 field is set: a non-empty string, or one a `{{...}}` placeholder may fill. */
function oauth2Field(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

/**
 * The rules for `authentication.oauth2` of a provider that builds its HTTP client with OAuth2 client
 * credentials (upstream v1.9.1 `NewPrometheusAPI` and `NewWebMetricHttpClient`, the same code):
 * with a `tokenUrl`, a missing `clientId` or `clientSecret` fails the provider's creation, so every
 * measurement errors (`<provider>-oauth2-incomplete`); without a `tokenUrl` the block is ignored and
 * the requests go without a token (`<provider>-oauth2-ignored`, a warning).
 * @param provider the YAML key of the provider, e.g. `web`
 */
export function oauth2Rules(provider: string): Rule[] {
  /** The metric's `authentication.oauth2` block and its path, when it has one. */
  const oauth2Of = (block: ProviderBlock) => {
    const auth = block.provider.authentication;
    return isObject(auth) && isObject(auth.oauth2) ? { oauth2: auth.oauth2, path: joinPath(block.path, 'authentication.oauth2') } : undefined;
  };
  return [
    providerRule({
      id: `${provider}-oauth2-incomplete`,
      ref: 'library',
      provider,
      message: 'missing mandatory parameter in metric for OAuth2 setup',
      fix: 'give authentication.oauth2 its clientId and clientSecret (the secret through a template argument read from a Secret, e.g. clientSecret: "{{args.oauth2-client-secret}}")',
      *check(block) {
        const found = oauth2Of(block);
        if (!found || !oauth2Field(found.oauth2.tokenUrl)) return;
        const missing = ['clientId', 'clientSecret'].filter((f) => !oauth2Field(found.oauth2[f]));
        if (missing.length === 0) return;
        yield {
          path: missing.length === 1 ? joinPath(found.path, missing[0]) : found.path,
          message: `missing mandatory parameter in metric for OAuth2 setup: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} empty, so every measurement errors`,
        };
      },
    }),
    providerRule({
      id: `${provider}-oauth2-ignored`,
      ref: 'library',
      provider,
      severity: Severity.WARNING,
      message: 'authentication.oauth2 is ignored: the controller requests a token only when tokenUrl is set',
      fix: 'set authentication.oauth2.tokenUrl to the token endpoint of the identity provider, or remove authentication.oauth2: the requests go without a token',
      *check(block) {
        const found = oauth2Of(block);
        if (!found || oauth2Field(found.oauth2.tokenUrl)) return;
        const { clientId, clientSecret, scopes } = found.oauth2;
        if (!oauth2Field(clientId) && !oauth2Field(clientSecret) && arrayOf(scopes).length === 0) return;
        yield { path: joinPath(found.path, 'tokenUrl') };
      },
    }),
  ];
}

/** Token characters (RFC 7230): what `net/http` accepts in a header name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A header name as `Header.Set` stores it (`textproto.CanonicalMIMEHeaderKey`): `x-api-key` → `X-Api-Key`. */
function canonicalHeaderKey(key: string): string {
  if (!TOKEN.test(key)) return key;
  let upper = true;
  let out = '';
  for (const c of key) {
    out += upper ? c.toUpperCase() : c.toLowerCase();
    upper = c === '-';
  }
  return out;
}

/**
 * The rule that a provider's `headers` (`[{ key, value }]`) are ones Go's `net/http` sends: the
 * provider sets each with `Header.Set`, and `Client.Do` refuses the request (every measurement)
 * for a key that is not a token or a value with a control character (`<provider>-header-valid`).
 * Placeholders are resolved first: the text around them is judged.
 * @param provider the YAML key of the provider, e.g. `web`
 */
export function headersRule(provider: string): Rule {
  const literal = (value: string) => replacePlaceholders(value, () => '');
  return providerRule({
    id: `${provider}-header-valid`,
    ref: 'library',
    provider,
    message: 'net/http: invalid header field name: a header key must be a token (letters, digits and !#$%&\'*+-.^_`|~), and a value must not hold control characters',
    fix: 'use the header\'s name as key (e.g. Authorization), without spaces or a ":", and a value on one line',
    *check({ provider: block, path }) {
      const headers = arrayOf(block.headers);
      for (let j = 0; j < headers.length; j++) {
        const h = headers[j];
        if (!isObject(h)) continue;
        const { key, value } = h;
        if (typeof key === 'string') {
          const text = literal(key);
          const placeholders = scanPlaceholders(key).length > 0;
          if ((!placeholders && !TOKEN.test(key)) || (placeholders && text !== '' && !TOKEN.test(text))) {
            yield { path: joinPath(path, 'headers', j, 'key'), message: `net/http: invalid header field name ${JSON.stringify(key)}: every request fails` };
            continue;
          }
        }
        // a tab is allowed in a value; JSON's quoting agrees with Go's %q for printable ASCII
        if (typeof value === 'string' && /[\x00-\x08\x0a-\x1f\x7f]/.test(literal(value))) {
          const name = typeof key === 'string' ? canonicalHeaderKey(key) : '';
          yield { path: joinPath(path, 'headers', j, 'value'), message: `net/http: invalid header field value for ${JSON.stringify(name)}: the value has a control character (a line break?), so every request fails` };
        }
      }
    },
  });
}

