/**
 * AnalysisTemplate / ClusterAnalysisTemplate rules: the metric rules the controller applies when it
 * creates an AnalysisRun (argo-rollouts `utils/analysis/factory.go` ValidateMetrics, `helpers.go`,
 * `utils/template/template.go`; ids M1–M15, M21, M23, M24, RR4).
 *
 * Upstream never validates a template on its own: a bad one only shows up when a run is created.
 * Here every template is checked as soon as it is written.
 */
import { goDurationError, intValue, isPlaceholder } from '../duration';
import { arrayOf, isObject, joinPath, kindOf, Manifest, text } from '../manifest';
import { eachAnalysisReference, flattenTemplate, runArgs } from '../rollout-model';
import { entryRule, Rule, rule, Violation } from '../rule';

export const TEMPLATE_KINDS = ['AnalysisTemplate', 'ClusterAnalysisTemplate'];
/** The kinds whose `spec.metrics` a provider measures: the templates, and the runs made of them. */
export const METRIC_KINDS = [...TEMPLATE_KINDS, 'AnalysisRun'];

/**
 * One `{{...}}` placeholder as the controller's template engine finds it. Upstream
 * (`utils/analysis` ResolveMetricArgs → `utils/template` ResolveQuotedArgs) marshals the whole metric
 * to JSON and runs it through fasttemplate with start tag `{{` and end tag `}}`: every `{{` starts a
 * tag, and the tag runs to the next `}}`, whatever lies between (`{{args.a} {{args.b}}` is one tag,
 * `args.a} {{args.b`). Nothing else is a placeholder; a `}}` alone is plain text.
 */
export interface Placeholder {
  /** Offset of the `{{`. */
  readonly start: number;
  /** Offset after the closing `}}`; the end of the value when nothing closes it. */
  readonly end: number;
  /** The text between `{{` and `}}` as written (untrimmed); to the end of the value when unclosed. */
  readonly tag: string;
  /**
   * False when no `}}` follows the `{{` in the value: in the metric's JSON the tag then runs on past
   * the value's closing quote to the next `}}` of the metric (or fasttemplate fails with `Cannot find
   * end tag`), so it names no argument and every run of the metric fails.
   */
  readonly closed: boolean;
}

/** The placeholders of a string value, in order, scanned as fasttemplate scans them (see `Placeholder`). */
export function scanPlaceholders(value: string): Placeholder[] {
  const out: Placeholder[] = [];
  let pos = 0;
  for (;;) {
    const start = value.indexOf('{{', pos);
    if (start < 0) return out;
    const close = value.indexOf('}}', start + 2);
    if (close < 0) {
      out.push({ start, end: value.length, tag: value.slice(start + 2), closed: false });
      return out;
    }
    out.push({ start, end: close + 2, tag: value.slice(start + 2, close), closed: true });
    pos = close + 2;
  }
}

/**
 * A string as Go's `json.Marshal` writes it between the quotes (`"` → `\"`, `<` → `\u003c`, ...):
 * the form a tag has in the metric's JSON, and so in the controller's message.
 */
function goJsonText(s: string): string {
  return JSON.stringify(s).slice(1, -1)
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The tag of a placeholder as the controller looks it up (trimmed, in its JSON form): `{{ args.x }}`
 * → `args.x`. An unclosed placeholder's tag runs on past the value's closing quote, kept as `"`, so
 * it names no argument.
 */
function lookupTag(p: Placeholder): string {
  return p.closed ? goJsonText(p.tag).trim() : `${goJsonText(p.tag).trimStart()}"`;
}

/**
 * `value` with each placeholder replaced by `replace(tag)`, the tag as the controller looks it up
 * (`{{ args.x }}` → `replace('args.x')`). An unclosed placeholder, to the end of the value, is replaced
 * too; its tag names no argument (see `Placeholder.closed`).
 */
export function replacePlaceholders(value: string, replace: (tag: string) => string): string {
  let out = '';
  let pos = 0;
  for (const p of scanPlaceholders(value)) {
    out += value.slice(pos, p.start) + replace(lookupTag(p));
    pos = p.end;
  }
  return out + value.slice(pos);
}

/** Every placeholder of every string anywhere inside a value (a metric), in document order. */
function* eachPlaceholder(value: unknown): Iterable<Placeholder> {
  if (typeof value === 'string') {
    yield* scanPlaceholders(value);
  } else if (Array.isArray(value)) {
    for (const v of value) yield* eachPlaceholder(v);
  } else if (isObject(value)) {
    for (const v of Object.values(value)) yield* eachPlaceholder(v);
  }
}

function metrics(t: Manifest): any[] {
  return arrayOf(t?.spec?.metrics);
}

/** A metric rule: checked for each metric, message prefixed `metrics[i]: ` as the controller does. */
function metricRule(def: { id: string; ref: string; message: string; fix: string; check: (m: any, path: string) => Iterable<Violation> }): Rule {
  return entryRule({ ...def, kinds: TEMPLATE_KINDS, list: 'metrics', prefixMessages: true });
}

/**
 * The value of an int-or-string field (count and the limits) as the controller reads it, with its
 * default; undefined for a `{{args.x}}` placeholder, which is judged only once a run resolves it.
 */
function limit(m: any, field: string, dflt: number): number | undefined {
  const v = m[field];
  if (v == null) return dflt;
  return isPlaceholder(v) ? undefined : intValue(v);
}

export const PROVIDER_NAMES = ['prometheus', 'kayenta', 'web', 'datadog', 'wavefront', 'newRelic', 'job', 'cloudWatch', 'graphite', 'influxdb', 'skywalking'];

/** How many providers a metric's `provider` sets (a plugin map counts its entries). */
export function providerCount(provider: unknown): number {
  if (!isObject(provider)) return 0;
  let n = PROVIDER_NAMES.filter((p) => provider[p] != null).length;
  if (isObject(provider.plugin)) n += Object.keys(provider.plugin).length;
  return n;
}

/** Whether an argument has both a value and a valueFrom (upstream: `arg '%s' has both Value and ValueFrom fields`). */
function valueAndValueFrom(arg: { value?: unknown; valueFrom?: unknown } | undefined): boolean {
  return arg?.value != null && arg?.valueFrom != null;
}

function bothMessage(name: unknown): string {
  return `arg '${text(name)}' has both Value and ValueFrom fields`;
}

export const ANALYSIS_TEMPLATE_RULES: Rule[] = [
  rule({
    id: 'metric-list-not-empty',
    ref: 'M1',
    kinds: TEMPLATE_KINDS,
    message: 'no metrics specified',
    fix: 'add at least one metric to the template, or reference templates that have metrics in spec.templates',
    *check(t, ctx) {
      if (metrics(t).length > 0) return;
      if (arrayOf(t?.spec?.templates).length === 0) {
        yield { path: 'spec.metrics' };
        return;
      }
      // a composite template: its run has the metrics of the templates it nests, flattened
      // (a missing one is reported by ref-analysis-template-exists)
      const flat = flattenTemplate(t, ctx.index);
      if (flat.missing.length === 0 && flat.templates.every((x) => metrics(x.template).length === 0)) yield { path: 'spec.templates' };
    },
  }),
  rule({
    id: 'metric-unique-name',
    ref: 'M2',
    kinds: TEMPLATE_KINDS,
    message: 'duplicate name',
    fix: 'give every metric of a template its own name',
    *check(t) {
      const seen = new Set<string>();
      const ms = metrics(t);
      for (let i = 0; i < ms.length; i++) {
        const n = ms[i]?.name;
        if (seen.has(n)) yield { path: joinPath('spec.metrics', i, 'name'), message: `metrics[${i}]: duplicate name '${n}'` };
        seen.add(n);
      }
    },
  }),
  metricRule({
    id: 'metric-consecutive-success-limit',
    ref: 'M3',
    message: 'consecutiveSuccessLimit must be >= 0',
    fix: 'use 0 (disabled) or more',
    *check(m, p) {
      const csl = limit(m, 'consecutiveSuccessLimit', 0);
      if (csl !== undefined && csl < 0) yield { path: joinPath(p, 'consecutiveSuccessLimit') };
    },
  }),
  metricRule({
    id: 'metric-failure-limit',
    ref: 'M4',
    message: 'failureLimit must be >= 0, or -1 to be disabled',
    fix: 'use -1 (disabled), 0 or more',
    *check(m, p) {
      const fl = limit(m, 'failureLimit', 0);
      if (fl !== undefined && fl < -1) yield { path: joinPath(p, 'failureLimit') };
    },
  }),
  metricRule({
    id: 'metric-limits-not-both-disabled',
    ref: 'M5',
    message: 'failureLimit and consecutiveSuccessLimit cannot both be disabled',
    fix: 'set consecutiveSuccessLimit above 0 when failureLimit is -1',
    *check(m, p) {
      if (limit(m, 'failureLimit', 0) === -1 && limit(m, 'consecutiveSuccessLimit', 0) === 0) yield { path: joinPath(p, 'failureLimit') };
    },
  }),
  metricRule({
    id: 'metric-inconclusive-limit',
    ref: 'M6',
    message: 'inconclusiveLimit must be >= 0',
    fix: 'use 0 or more',
    *check(m, p) {
      const il = limit(m, 'inconclusiveLimit', 0);
      if (il !== undefined && il < 0) yield { path: joinPath(p, 'inconclusiveLimit') };
    },
  }),
  metricRule({
    id: 'metric-consecutive-error-limit',
    ref: 'M7',
    message: 'consecutiveErrorLimit must be >= 0',
    fix: 'use 0 or more (default 4)',
    *check(m, p) {
      const cel = limit(m, 'consecutiveErrorLimit', 4);
      if (cel !== undefined && cel < 0) yield { path: joinPath(p, 'consecutiveErrorLimit') };
    },
  }),
  metricRule({
    id: 'metric-count-covers-limits',
    ref: 'M8',
    message: 'count must be >= failureLimit + consecutiveSuccessLimit',
    fix: 'raise count, or lower failureLimit / consecutiveSuccessLimit',
    *check(m, p) {
      const count = limit(m, 'count', 0);
      const fl = limit(m, 'failureLimit', 0);
      const csl = limit(m, 'consecutiveSuccessLimit', 0);
      if (count === undefined || fl === undefined || csl === undefined) return;
      if (count > 0 && fl >= 0 && csl >= 0 && count < fl + csl) {
        yield { path: joinPath(p, 'count'), message: `count (${count}) must be >= failureLimit + consecutiveSuccessLimit (${fl} + ${csl}) if both >= 0` };
      }
    },
  }),
  metricRule({
    id: 'metric-count-covers-success-limit',
    ref: 'M9',
    message: 'count must be >= consecutiveSuccessLimit',
    fix: 'raise count or lower consecutiveSuccessLimit',
    *check(m, p) {
      const count = limit(m, 'count', 0);
      const csl = limit(m, 'consecutiveSuccessLimit', 0);
      if (count === undefined || csl === undefined) return;
      if (count > 0 && limit(m, 'failureLimit', 0) === -1 && count < csl) yield { path: joinPath(p, 'count') };
    },
  }),
  metricRule({
    id: 'metric-count-covers-inconclusive-limit',
    ref: 'M10',
    message: 'count must be >= inconclusiveLimit',
    fix: 'raise count or lower inconclusiveLimit',
    *check(m, p) {
      const count = limit(m, 'count', 0);
      const il = limit(m, 'inconclusiveLimit', 0);
      if (count === undefined || il === undefined) return;
      if (count > 0 && count < il) yield { path: joinPath(p, 'count') };
    },
  }),
  metricRule({
    id: 'metric-interval-with-count',
    ref: 'M11',
    message: 'interval must be specified when count > 1',
    fix: 'set an interval (e.g. 1m) or use count 1',
    *check(m, p) {
      const count = limit(m, 'count', 0);
      if (count !== undefined && count > 1 && !m.interval) yield { path: joinPath(p, 'interval') };
    },
  }),
  metricRule({
    id: 'metric-interval-duration',
    ref: 'M12',
    message: 'invalid interval string',
    fix: 'use a Go duration such as 30s, 5m or 1h (no "d", no bare numbers)',
    *check(m, p) {
      const err = m.interval != null && m.interval !== '' && !isPlaceholder(m.interval) ? goDurationError(text(m.interval)) : undefined;
      if (err) yield { path: joinPath(p, 'interval'), message: `invalid interval string: ${err}` };
    },
  }),
  metricRule({
    id: 'metric-initial-delay-duration',
    ref: 'M13',
    message: 'invalid startDelay string',
    fix: 'use a Go duration such as 30s, 5m or 1h',
    *check(m, p) {
      const err = m.initialDelay != null && m.initialDelay !== '' && !isPlaceholder(m.initialDelay) ? goDurationError(text(m.initialDelay)) : undefined;
      if (err) yield { path: joinPath(p, 'initialDelay'), message: `invalid startDelay string: ${err}` };
    },
  }),
  metricRule({
    id: 'metric-provider-required',
    ref: 'M14',
    message: 'no provider specified',
    fix: 'give the metric exactly one provider (prometheus, web, job, ...)',
    *check(m, p) {
      if (providerCount(m.provider) === 0) yield { path: joinPath(p, 'provider') };
    },
  }),
  metricRule({
    id: 'metric-single-provider',
    ref: 'M15',
    message: 'multiple providers specified',
    fix: 'split the metric into one metric per provider',
    *check(m, p) {
      if (providerCount(m.provider) > 1) yield { path: joinPath(p, 'provider') };
    },
  }),
  rule({
    id: 'analysis-arg-value-or-value-from',
    ref: 'RR4',
    kinds: [...TEMPLATE_KINDS, 'Rollout', 'Experiment'],
    message: 'arg has both Value and ValueFrom fields',
    fix: 'keep either value or valueFrom',
    *check(obj, ctx) {
      if (TEMPLATE_KINDS.includes(kindOf(obj))) {
        const args = arrayOf(obj?.spec?.args);
        for (let i = 0; i < args.length; i++) {
          if (valueAndValueFrom(args[i])) yield { path: joinPath('spec.args', i), message: bothMessage(args[i].name) };
        }
        return;
      }
      // the run's arguments: a value passed for an argument the templates read valueFrom is set next
      // to that valueFrom (MergeArgs), and the run cannot resolve it. A Rollout's passed argument
      // always has a value (its valueFrom is resolved into one).
      for (const { a, templates, missing } of eachAnalysisReference(obj, ctx.index)) {
        if (missing.length > 0) continue; // a missing template is reported on its own
        for (const arg of runArgs(a, templates, kindOf(obj) === 'Rollout')) {
          if (arg.passedAt === undefined || !valueAndValueFrom(arg) || valueAndValueFrom(arg.declared)) continue;
          yield {
            path: joinPath(a.path, 'args', arg.passedAt),
            message: bothMessage(arg.name),
            fix: `do not pass '${text(arg.name)}': the template reads it valueFrom (a Secret or a field), and a passed value does not replace that, it conflicts with it`,
          };
        }
      }
    },
  }),
  rule({
    id: 'analysis-placeholder-declared',
    ref: 'M21',
    kinds: TEMPLATE_KINDS,
    message: 'failed to resolve',
    fix: 'declare the argument in spec.args or correct the placeholder',
    *check(t) {
      // names that are not strings are the schema's to report; they declare nothing
      const declared = new Set(arrayOf(t?.spec?.args).filter((a) => typeof a?.name === 'string').map((a) => `args.${a.name}`));
      const ms = metrics(t);
      for (let i = 0; i < ms.length; i++) {
        const reported = new Set<string>();
        for (const p of eachPlaceholder(ms[i])) {
          if (p.closed && declared.has(lookupTag(p))) continue;
          // upstream: `failed to resolve {{%s}}` with the tag as it stands in the metric's JSON
          const message = p.closed
            ? `failed to resolve {{${goJsonText(p.tag)}}}`
            : `failed to resolve {{${goJsonText(p.tag)}"...: no }} closes this placeholder in its value, so the tag runs on into the rest of the metric`;
          if (reported.has(message)) continue;
          reported.add(message);
          yield p.closed
            ? { path: joinPath('spec.metrics', i), message }
            : { path: joinPath('spec.metrics', i), message, fix: 'close the placeholder with }} ({{args.name}})' };
        }
      }
    },
  }),
];

/**
 * A pattern as Go's `regexp.MatchString` takes it (RE2 syntax), or undefined where Go fails to compile
 * it: the controller ignores that error and the rule then matches nothing. So a bare `*` matches
 * nothing (RE2: "missing argument to repetition operator"), nor do JavaScript-only lookarounds and
 * backreferences; a leading `(?i)`/`(?s)`/`(?m)` flag group, which RE2 accepts, is honoured.
 */
export function goRegExp(pattern: string): RegExp | undefined {
  const flags = /^\(\?([ims]+)\)/.exec(pattern);
  const body = flags ? pattern.slice(flags[0].length) : pattern;
  if (/\(\?<?[=!]|\\[1-9]/.test(body)) return undefined;
  try {
    return new RegExp(body, flags ? [...new Set(flags[1])].join('') : '');
  } catch {
    return undefined;
  }
}

/** The names of a template's (or run's) metrics. */
export function metricNames(t: Manifest): string[] {
  return metrics(t).map((m) => text(m?.name ?? ''));
}

/**
 * The dryRun / measurementRetention entries of one run, each with the path to report it at: each
 * metricName is a regular expression that must match one of the run's metrics (upstream
 * GetDryRunMetrics / GetMeasurementRetentionMetrics).
 */
export function* matchRules(
  entries: ReadonlyArray<{ entry: any; path: string }>, names: string[], field: 'dryRun' | 'measurementRetention',
): Iterable<Violation> {
  for (let i = 0; i < entries.length; i++) {
    const re = goRegExp(text(entries[i].entry?.metricName ?? ''));
    if (!re || !names.some((n) => re.test(n))) {
      yield { path: entries[i].path, message: `${field}[${i}]: Rule didn't match any metric name(s)` };
    }
  }
}
