/**
 * Reading the PATH arguments of the commands: a YAML file, a directory of `*.yaml`/`*.yml` files
 * (one manifest set, recursively) or `-` for standard input. What cannot be read becomes a `yaml`
 * finding, never an exception: a missing or unreadable path, a directory without YAML files, a
 * binary file, text that is not UTF-8 (UTF-16 with a byte order mark is decoded, as YAML allows).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIo } from './io';
import { LintFinding, Linter, YamlSource } from '../validation/linter';

/** Name of standard input in findings. */
export const STDIN_FILE = '<stdin>';

/** Default of `--max-file-size`, in MiB: far above any real manifest file, low enough to bound time and memory. */
export const DEFAULT_MAX_FILE_MIB = 32;

/** Options for reading PATH arguments. */
export interface ReadOptions {
  /** files (and standard input) larger than this many bytes are refused with a finding */
  readonly maxFileBytes: number;
}

const DEFAULT_READ: ReadOptions = { maxFileBytes: DEFAULT_MAX_FILE_MIB * 1024 * 1024 };

/** The YAML sources of one PATH argument, and a `yaml` finding for what cannot be read. */
export async function readSet(
  arg: string, io: CliIo, options: ReadOptions = DEFAULT_READ,
): Promise<{ sources: YamlSource[]; unreadable: LintFinding[] }> {
  const max = options.maxFileBytes;
  if (arg === '-') {
    try {
      const bytes = await readAll(io.stdin, max);
      if (bytes === undefined) return { sources: [], unreadable: [tooLarge(STDIN_FILE, undefined, max)] };
      const decoded = decode(STDIN_FILE, bytes);
      return 'text' in decoded ? { sources: [{ file: STDIN_FILE, text: decoded.text }], unreadable: [] } : { sources: [], unreadable: [decoded.finding] };
    } catch (e) {
      return { sources: [], unreadable: [cannotRead(STDIN_FILE, e)] };
    }
  }
  const sources: YamlSource[] = [];
  const unreadable: LintFinding[] = [];
  const visited = new Set<string>();
  const visit = (p: string, top: boolean) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      unreadable.push(cannotRead(p, e));
      return;
    }
    if (stat.isDirectory()) {
      const real = fs.realpathSync(p);
      if (visited.has(real)) return; // a symlink loop
      visited.add(real);
      let entries: string[];
      try {
        entries = fs.readdirSync(p).sort();
      } catch (e) {
        unreadable.push(cannotRead(p, e));
        return;
      }
      for (const name of entries) {
        // hidden entries (.git, .github) and node_modules are never manifests of the set
        if (name.startsWith('.') || name === 'node_modules') continue;
        const child = path.join(p, name);
        if (/\.ya?ml$/i.test(name) || isDirectory(child)) visit(child, false);
      }
    } else if (top || stat.isFile()) {
      if (stat.isFile() && stat.size > max) {
        unreadable.push(tooLarge(p, stat.size, max));
        return;
      }
      try {
        const decoded = decode(p, fs.readFileSync(p));
        if ('text' in decoded) sources.push({ file: p, text: decoded.text });
        else unreadable.push(decoded.finding);
      } catch (e) {
        unreadable.push(cannotRead(p, e));
      }
    }
  };
  visit(arg, true);
  if (sources.length === 0 && unreadable.length === 0) {
    // a directory without manifests: linting nothing must not pass silently (a mistyped path in CI)
    unreadable.push(Linter._yamlFinding(arg, undefined, `no *.yaml or *.yml files in ${arg}`,
      'give a YAML file, a directory that holds *.yaml/*.yml files, or - for standard input'));
  }
  return { sources, unreadable };
}

/** Several PATH arguments read as one manifest set (`readOneSet`). */
export interface OneSet {
  /** the files of every PATH, a file named twice (on its own and in its directory) once */
  readonly sources: YamlSource[];
  /** a `yaml` finding for what cannot be read, with the PATH it came from */
  readonly unreadable: Array<{ readonly arg: string; readonly finding: LintFinding }>;
  /** the PATH argument each file was read from (the first, for a file named twice) */
  readonly argOf: ReadonlyMap<string, string>;
}

/** The YAML sources of several PATH arguments, as one manifest set. */
export async function readOneSet(args: readonly string[], io: CliIo, options: ReadOptions = DEFAULT_READ): Promise<OneSet> {
  const sources: YamlSource[] = [];
  const unreadable: Array<{ arg: string; finding: LintFinding }> = [];
  const argOf = new Map<string, string>();
  const seen = new Set<string>();
  for (const arg of args) {
    const read = await readSet(arg, io, options);
    for (const finding of read.unreadable) unreadable.push({ arg, finding });
    for (const src of read.sources) {
      const key = src.file === STDIN_FILE ? src.file : path.resolve(src.file);
      if (seen.has(key)) continue;
      seen.add(key);
      argOf.set(src.file, arg);
      sources.push(src);
    }
  }
  return { sources, unreadable, argOf };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The text of a file's bytes, or a finding saying why it is not YAML text: YAML is UTF-8 (or
 * UTF-16/32 with a byte order mark); a NUL byte means a binary file.
 */
function decode(file: string, bytes: Buffer): { text: string } | { finding: LintFinding } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    try {
      return { text: new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes) };
    } catch {
      return { finding: notText(file, 'starts with a UTF-16 byte order mark but is not valid UTF-16') };
    }
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { finding: notText(file, `binary file (NUL byte at offset ${nul}), not YAML text`) };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { finding: notText(file, `not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)})`) };
  }
}

function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

function tooLarge(file: string, size: number | undefined, max: number): LintFinding {
  return Linter._yamlFinding(file, undefined, `${file} is ${size === undefined ? 'larger than' : `${mib(size)}, more than`} the limit of ${mib(max)} per file`,
    'split the manifests into several files, or raise the limit with --max-file-size <MiB> if the file is trusted');
}

function notText(file: string, reason: string): LintFinding {
  return Linter._yamlFinding(file, undefined, `cannot read ${file}: ${reason}`, 'lint YAML manifests saved as UTF-8 text');
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  // TextDecoder does not say where it failed: decode growing prefixes by halves
  let lo = 0;
  let hi = bytes.length;
  const ok = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function cannotRead(file: string, e: unknown): LintFinding {
  const err = e as NodeJS.ErrnoException;
  const reason = err?.code === 'ENOENT' ? 'no such file or directory'
    : err?.code === 'EACCES' ? 'permission denied'
      : String(err?.message ?? e);
  return Linter._yamlFinding(file, undefined, `cannot read ${file}: ${reason}`, 'check the path and its permissions');
}

/** The whole stream, or undefined as soon as it is longer than `max` bytes. */
async function readAll(stream: NodeJS.ReadableStream, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > max) return undefined;
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
