/**
 * Go's `time.ParseDuration`, which is what Argo parses `interval`, `initialDelay`, experiment
 * `duration` and pause durations with: `300ms`, `1.5h`, `2h45m`; units ns, us (µs), ms, s, m, h;
 * no `d`; a bare `0` is valid, any other bare number is not.
 *
 * @returns the duration in seconds, or undefined when Go would reject the string
 */
export function parseGoDuration(s: string): number | undefined {
  if (typeof s !== 'string') return undefined;
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest[0] === '-' ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  const units: Record<string, number> = { 'ns': 1e-9, 'us': 1e-6, 'µs': 1e-6, 'μs': 1e-6, 'ms': 1e-3, 's': 1, 'm': 60, 'h': 3600 };
  const re = /^(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)/;
  let total = 0;
  while (rest.length > 0) {
    const m = re.exec(rest);
    if (!m || m[1] === '' || m[1] === '.') return undefined;
    total += parseFloat(m[1]) * units[m[2]];
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

/**
 * Seconds of a pause step's `duration` as `RolloutPause.DurationSeconds()` computes it: an integer
 * is seconds; a string is an integer of seconds or a Go duration; anything else is -1.
 */
export function pauseDurationSeconds(d: unknown): number {
  if (typeof d === 'number') return Number.isInteger(d) ? d : -1;
  if (typeof d !== 'string') return -1;
  if (/^[-+]?\d+$/.test(d)) return parseInt(d, 10);
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
