/**
 * Reading the PATH arguments of the commands: a YAML file, a directory of `*.yaml`/`*.yml` files
 * (one manifest set, recursively) or `-` for standard input. What cannot be read becomes a `yaml`
 * finding, never an exception.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIo } from './io';
import { LintFinding, Linter, YamlSource } from '../validation/linter';

/** Name of standard input in findings. */
export const STDIN_FILE = '<stdin>';

/** The YAML sources of one PATH argument, and a `yaml` finding for what cannot be read. */
export async function readSet(arg: string, io: CliIo): Promise<{ sources: YamlSource[]; unreadable: LintFinding[] }> {
  if (arg === '-') {
    try {
      return { sources: [{ file: STDIN_FILE, text: await readAll(io.stdin) }], unreadable: [] };
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
      try {
        sources.push({ file: p, text: fs.readFileSync(p, 'utf-8') });
      } catch (e) {
        unreadable.push(cannotRead(p, e));
      }
    }
  };
  visit(arg, true);
  return { sources, unreadable };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function cannotRead(file: string, e: unknown): LintFinding {
  const err = e as NodeJS.ErrnoException;
  const reason = err?.code === 'ENOENT' ? 'no such file or directory'
    : err?.code === 'EACCES' ? 'permission denied'
      : String(err?.message ?? e);
  return Linter._yamlFinding(file, undefined, `cannot read ${file}: ${reason}`, 'check the path and its permissions');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf-8');
}
