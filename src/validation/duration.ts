/**
 * Go's `time.ParseDuration`, which is what Argo parses `interval`, `initialDelay`, experiment
 * `duration` and pause durations with: `300ms`, `1.5h`, `2h45m`; units ns, us (µs), ms, s, m, h;
 * no `d`; a bare `0` is valid, any other bare number is not.
 *
 * @returns the duration in seconds, or undefined when Go would reject the string
 */
export function parseGoDuration(s: string): number | undefined {
  const r = parseDuration(s);
  return 'seconds' in r ? r.seconds : undefined;
}

/**
 * The error `time.ParseDuration` returns for `s`, in Go's words (`time: unknown unit "d" in duration "1d"`,
 * `time: missing unit in duration "10"`, `time: invalid duration "h"`), or undefined when `s` is valid.
 */
export function goDurationError(s: string): string | undefined {
  const r = parseDuration(s);
  return 'error' in r ? r.error : undefined;
}

/** Nanoseconds per unit (`unitMap` in Go's time/format.go). */
const UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek small letter mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** A port of Go's `time.ParseDuration`: same grammar, same error texts. */
function parseDuration(input: string): { seconds: number } | { error: string } {
  if (typeof input !== 'string') return { error: `time: invalid duration ${goQuote(String(input))}` };
  const invalid = { error: `time: invalid duration ${goQuote(input)}` };
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  let s = input;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { seconds: 0 };
  if (s === '') return invalid;
  let ns = 0;
  while (s !== '') {
    // the next character must be [0-9.]
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid;
    const whole = /^[0-9]*/.exec(s)![0];
    s = s.slice(whole.length);
    let frac = '';
    if (s[0] === '.') {
      s = s.slice(1);
      frac = /^[0-9]*/.exec(s)![0];
      s = s.slice(frac.length);
    }
    if (whole === '' && frac === '') return invalid; // no digits, e.g. ".s"
    let i = 0;
    while (i < s.length && s[i] !== '.' && !isDigit(s[i])) i++;
    if (i === 0) return { error: `time: missing unit in duration ${goQuote(input)}` };
    const unit = s.slice(0, i);
    s = s.slice(i);
    if (!(unit in UNITS)) return { error: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(input)}` };
    ns += Number(`${whole || '0'}.${frac || '0'}`) * UNITS[unit];
  }
  // int64 nanoseconds: at most 2^63-1 (2^63 when negative)
  if (ns > 2 ** 63 || (!neg && ns >= 2 ** 63)) return invalid;
  return { seconds: (neg ? -ns : ns) / 1e9 };
}

/** Go's `time.quote`: in double quotes, `"` and backslash escaped, each byte of a non-ASCII or control character as `\xNN`. */
function goQuote(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (code >= 0x80 || code < 0x20) {
      for (const b of Buffer.from(c, 'utf8')) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      out += c === '"' || c === '\\' ? `\\${c}` : c;
    }
  }
  return `${out}"`;
}

/**
 * Seconds of a pause step's `duration` as `RolloutPause.DurationSeconds()` computes it: an integer
 * is seconds; a string is an integer of seconds or a Go duration; anything else is -1.
 */
export function pauseDurationSeconds(d: unknown): number {
  if (typeof d === 'number') return Number.isInteger(d) ? d : -1;
  if (typeof d !== 'string') return -1;
  if (/^[-+]?\d+$/.test(d)) {
    // strconv.ParseInt(s, 10, 32); out of range, the string goes on to time.ParseDuration (and fails)
    const n = parseInt(d, 10);
    if (n >= -(2 ** 31) && n < 2 ** 31) return n;
  }
  const secs = parseGoDuration(d);
  return secs === undefined ? -1 : Math.trunc(secs);
}

/**
 * Kubernetes `IntOrString.IntValue()`: an int is itself; a string is parsed as an int, and a
 * string that is not one (e.g. `"{{args.count}}"`) reads as 0.
 */
export function intValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[-+]?\d+$/.test(v)) return parseInt(v, 10);
  return 0;
}

/** True for a string that carries an Argo `{{...}}` placeholder, resolved only when a run is created. */
export function isPlaceholder(v: unknown): boolean {
  return typeof v === 'string' && v.includes('{{');
}
