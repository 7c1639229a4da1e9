/**
 * PromQL syntax of Prometheus metric queries (library rule: upstream sends the query as written and
 * a syntax error only shows up as a failed measurement, `bad_data: invalid parameter "query"`, while
 * the rollout is already running).
 *
 * The query is parsed with the Prometheus UI's own grammar (`@prometheus-io/lezer-promql`) after
 * each `{{args.x}}` placeholder is replaced with a neutral token that fits where it stands. A
 * placeholder may also stand for any part of a query (a list of matchers, `by (...)`, an operator
 * and a threshold), so a query with placeholders is an error only when it fails to parse every way
 * they are filled in: with those tokens, with nothing where no token is clearly called for, with
 * nothing at all, and with a binary operator (`==`) where no token is clearly called for
 * (`up {{args.op}} 1`). Placeholders are found as the controller finds them (`scanPlaceholders`); a
 * query with an unclosed one is left to `analysis-placeholder-declared`.
 */
import type * as promql from '@prometheus-io/lezer-promql' with { 'resolution-mode': 'import' };
import { arrayOf, joinPath, Manifest } from '../manifest';
import { Rule, rule } from '../rule';
import { METRIC_KINDS, scanPlaceholders } from './analysis';

// lezer-promql is dual CJS/ESM; TypeScript (module node16) reads its types as ESM, so the types are
// imported as such and the CommonJS build is required at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parser } = require('@prometheus-io/lezer-promql') as typeof promql;

/** A syntax error in a query: where (0-based offset in the query as written) and what is there. */
export interface PromqlSyntaxError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** `unexpected "x"` or `unexpected end of input` */
  readonly detail: string;
}

/** A query with its placeholders replaced, and the way back to offsets in the original. */
interface Substituted {
  readonly text: string;
  /** original offset of an offset in `text` */
  readonly original: (offset: number) => number;
}

/**
 * Replaces every `{{...}}` placeholder with a token that is valid where it stands, so that only the
 * query's own syntax is judged:
 * - inside a string literal: `x`;
 * - inside `[...]` (range, subquery), after `offset` or `@` (and a minus), or glued to a number: `1`;
 * - as a label matcher value (`{job={{args.m}}}`): `"x"`;
 * - before `(`, `by` or `without`: `sum` (an aggregation or function name);
 * - anywhere else: `fallback` (`arg`: a metric name, a label name, or a part of one; the callers also
 *   try nothing and `==`, an operator).
 * With `typed` false, every placeholder is `fallback`.
 */
export function substitutePlaceholders(query: string, fallback = 'arg', typed = true): Substituted {
  const matches = scanPlaceholders(query);
  if (matches.length === 0) return { text: query, original: (o) => o };

  let text = '';
  const segments: Array<{ outStart: number; origStart: number; replaced: boolean }> = [];
  let quote: string | undefined;
  let brackets = 0;
  let braces = 0;
  let pos = 0;
  const scan = (end: number) => {
    // tracks string/bracket/brace state over query[pos, end), placeholders excluded
    for (let i = pos; i < end; i++) {
      const c = query[i];
      if (quote) {
        if (c === '\\' && quote !== '`') i++;
        else if (c === quote) quote = undefined;
        continue;
      }
      switch (c) {
        case '"': case '\'': case '`': quote = c; break;
        case '[': brackets++; break;
        case ']': brackets = Math.max(0, brackets - 1); break;
        case '{': braces++; break;
        case '}': braces = Math.max(0, braces - 1); break;
        case '#': {
          // a comment runs to the end of the line
          const nl = query.indexOf('\n', i);
          i = nl < 0 ? end : Math.min(nl, end) - 1;
          break;
        }
        default: break;
      }
    }
  };
  for (const { start, end } of matches) {
    scan(start);
    segments.push({ outStart: text.length, origStart: pos, replaced: false });
    text += query.slice(pos, start);
    const before = query.slice(0, start);
    const after = query.slice(end);
    let token: string;
    if (!typed) token = fallback;
    else if (quote) token = 'x';
    else if (brackets > 0 || /(\boffset|@)\s*-?\s*$/i.test(before) || /[\d.]$/.test(before) || /^[\d.]/.test(after)) token = '1';
    else if (braces > 0 && /(=|!=|=~|!~)\s*$/.test(before)) token = '"x"';
    else if (/^\s*(\(|by\b|without\b)/i.test(after)) token = 'sum';
    else token = fallback;
    segments.push({ outStart: text.length, origStart: start, replaced: true });
    text += token;
    pos = end;
  }
  scan(query.length);
  segments.push({ outStart: text.length, origStart: pos, replaced: false });
  text += query.slice(pos);

  const original = (o: number): number => {
    let seg = segments[0];
    for (const s of segments) {
      if (s.outStart <= o) seg = s;
      else break;
    }
    return seg.replaced ? seg.origStart : Math.min(query.length, seg.origStart + (o - seg.outStart));
  };
  return { text, original };
}

/**
 * Results by query text: generated manifests repeat the same query in many templates (one per
 * service), and a parse costs tens of microseconds. Bounded: cleared when full.
 */
const CACHE = new Map<string, PromqlSyntaxError | undefined>();
const CACHE_SIZE = 1000;

/** The first syntax error of a PromQL query, after placeholder substitution; undefined when it parses. */
export function promqlSyntaxError(query: string): PromqlSyntaxError | undefined {
  if (CACHE.has(query)) return CACHE.get(query);
  if (CACHE.size >= CACHE_SIZE) CACHE.clear();
  const result = parseError(query);
  CACHE.set(query, result);
  return result;
}

/**
 * Functions of Prometheus 2 that the grammar (Prometheus 3) no longer knows, each with a function of
 * the same arguments it does know, padded to the same length so that offsets stay put: Prometheus 2
 * servers still run them.
 */
const PROMETHEUS_2_FUNCTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bholt_winters(?=\s*\()/g, 'rate        '],
];

function parseError(query: string): PromqlSyntaxError | undefined {
  const q = PROMETHEUS_2_FUNCTIONS.reduce((text, [re, known]) => text.replace(re, known), query);
  const placeholders = scanPlaceholders(q);
  // an unclosed placeholder fails the run before any query is sent (analysis-placeholder-declared)
  if (placeholders.some((p) => !p.closed)) return undefined;
  const sub = substitutePlaceholders(q);
  const error = firstError(sub.text);
  if (!error) return undefined;
  // a placeholder may stand for more than a token, or for an operator: the query is fine if it
  // parses filled in otherwise
  const alternatives = () => [substitutePlaceholders(q, ''), substitutePlaceholders(q, '', false), substitutePlaceholders(q, '==')];
  if (placeholders.length > 0 && alternatives().some((alt) => !firstError(alt.text))) {
    return undefined;
  }
  const offset = sub.original(error.from);
  const end = Math.max(offset, sub.original(error.to));
  let unexpected = query.slice(offset, end).trim();
  if (!unexpected) unexpected = /^\s*([\w.:]+|\S)/.exec(query.slice(offset))?.[1] ?? '';
  const lines = query.slice(0, offset).split('\n');
  return {
    offset,
    line: lines.length,
    column: lines[lines.length - 1].length + 1,
    detail: unexpected ? `unexpected ${JSON.stringify(truncate(unexpected, 30))}` : 'unexpected end of input',
  };
}

/** Where the first syntax error of a query (placeholders filled in) is, if any. */
function firstError(text: string): { from: number; to: number } | undefined {
  let error: { from: number; to: number } | undefined;
  parser.parse(text).iterate({
    enter: (n) => {
      if (error) return false;
      if (n.type.isError) {
        error = { from: n.from, to: n.to };
        return false;
      }
      return undefined;
    },
  });
  return error;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

export const PROMQL_RULES: Rule[] = [
  rule({
    id: 'prometheus-query-syntax',
    ref: 'library',
    kinds: METRIC_KINDS,
    message: 'PromQL syntax error',
    fix: 'correct the query (try it in the Prometheus UI; {{args.x}} placeholders are allowed)',
    *check(t: Manifest) {
      const metrics = arrayOf(t?.spec?.metrics);
      for (let i = 0; i < metrics.length; i++) {
        const prom = metrics[i]?.provider?.prometheus;
        if (prom == null || typeof prom !== 'object') continue;
        const path = joinPath('spec.metrics', i, 'provider.prometheus.query');
        const query = prom.query;
        if (query == null || (typeof query === 'string' && query.trim() === '')) {
          yield { path, message: `metrics[${i}]: the Prometheus query is empty`, fix: 'set provider.prometheus.query' };
          continue;
        }
        if (typeof query !== 'string') continue; // a schema error, not a syntax one
        const e = promqlSyntaxError(query);
        if (e) yield { path, message: `metrics[${i}]: PromQL syntax error at line ${e.line}, column ${e.column} of the query: ${e.detail}` };
      }
    },
  }),
];
