/**
 * What the metric provider rules share: each reads the provider block of every metric of an
 * AnalysisTemplate, ClusterAnalysisTemplate or AnalysisRun. A provider's rules are one file here
 * (`<provider>.ts`, listed in `index.ts`); they check what the provider's own code (argo-rollouts
 * `metricproviders/<name>`) or its backend does with the fields when it measures. The controller
 * accepts such a metric when it creates the run; every measurement then errors, or a field the user
 * set is ignored.
 */
import { Severity } from '../../finding';
import { arrayOf, isObject, joinPath, Manifest } from '../../manifest';
import { Rule, rule, Violation } from '../../rule';
import { METRIC_KINDS, replacePlaceholders } from '../analysis';

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

/** Each metric of a template or run whose provider is `name` (the YAML key, e.g. `cloudWatch`). */
export function* metricsOf(t: Manifest, name: string): Iterable<ProviderBlock> {
  const metrics = arrayOf(t?.spec?.metrics);
  for (let i = 0; i < metrics.length; i++) {
    const m = metrics[i];
    if (isObject(m) && isObject(m.provider) && isObject(m.provider[name])) {
      const metricPath = joinPath('spec.metrics', i);
      yield { metric: m, provider: m.provider[name], index: i, metricPath, path: joinPath(metricPath, 'provider', name) };
    }
  }
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
  return rule({
    ...rest,
    kinds: METRIC_KINDS,
    *check(t) {
      for (const block of metricsOf(t, provider)) {
        for (const v of check(block)) yield { ...v, message: `metrics[${block.index}]: ${v.message ?? def.message}` };
      }
    },
  });
}

/** Whether a provider field is unset: absent, null or "" (Go reads all three as its zero value). */
export function unset(value: unknown): boolean {
  return value == null || value === '';
}

/**
 * Whether `address` is an http(s) URL a provider can append its paths to: a host, no whitespace, no
 * query or fragment. `{{args.x}}` placeholders may stand anywhere in it (the whole URL too): the
 * controller resolves them before it calls the provider.
 */
export function isHttpAddress(address: unknown): boolean {
  if (typeof address !== 'string' || /[\s?#]/.test(address)) return false;
  if (address.startsWith('{{')) return true;
  if (!/^https?:\/\/[^/]/i.test(address)) return false;
  if (address.includes('{{')) return true;
  try {
    new URL(address);
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
      if (typeof profile !== 'string' || profile === '' || !/\s/.test(replacePlaceholders(profile, () => 'x'))) return;
      yield {
        path: joinPath(path, 'profile'),
        message: `profile ${JSON.stringify(profile)} is not a Secret name (a Secret name holds no whitespace): the controller finds no such Secret, so every measurement errors`,
      };
    },
  });
}

