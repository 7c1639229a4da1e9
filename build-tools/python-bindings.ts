/**
 * Python bindings (code only, no wheel) of this library and of its jsii dependencies, for
 * type-checking examples/python with pyright: `jsii-pacmak --target python --code-only` writes
 * build/python-bindings/<package>/python/src/<module>. A package is regenerated only when its input
 * changed (the library's .jsii, a dependency's version, jsii-pacmak's version), which a stamp
 * file beside each output records. The library's assembly is compiled first when it is missing
 * or stale (./assembly.ts).
 *
 * `npx projen python:bindings` runs this file; tests call `ensurePythonBindings()`.
 */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { bin, ensureAssembly, JSII_ENV, ROOT } from './assembly';

export { ROOT };
export const BINDINGS_DIR = path.join(ROOT, 'build', 'python-bindings');

/** The jsii packages the examples import, besides this library. */
export const DEPENDENCIES = ['constructs', 'cdk8s', 'cdk8s-plus-27'];

const SELF = 'cdk8s-progressive';

/** The `src` directory of each package's bindings (pyright's extraPaths). */
export function pythonSourceDirs(): string[] {
  return [SELF, ...DEPENDENCIES].map((p) => path.join(BINDINGS_DIR, p, 'python', 'src'));
}

function version(pkgDir: string): string {
  return JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf-8')).version;
}

/**
 * Generates the bindings that are missing or stale. Returns the packages it generated
 * (empty when everything was up to date).
 */
export function ensurePythonBindings(): string[] {
  const pacmak = version(path.join(ROOT, 'node_modules', 'jsii-pacmak'));
  const assembly = ensureAssembly();
  const inputs: Array<{ name: string; dir: string; key: string }> = [
    { name: SELF, dir: ROOT, key: crypto.createHash('sha256').update(fs.readFileSync(assembly)).digest('hex') },
    ...DEPENDENCIES.map((name) => {
      const dir = path.join(ROOT, 'node_modules', name);
      return { name, dir, key: version(dir) };
    }),
  ];
  const generated: string[] = [];
  for (const { name, dir, key } of inputs) {
    const out = path.join(BINDINGS_DIR, name);
    const stampFile = path.join(out, 'stamp.json');
    const stamp = JSON.stringify({ key, pacmak });
    if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf-8') === stamp) continue;
    fs.rmSync(out, { recursive: true, force: true });
    execFileSync(bin('jsii-pacmak'), ['--target', 'python', '--code-only', '-o', out, dir], { cwd: ROOT, env: JSII_ENV, stdio: 'pipe' });
    fs.writeFileSync(stampFile, stamp);
    generated.push(name);
  }
  return generated;
}

if (require.main === module) {
  const generated = ensurePythonBindings();
  console.log(generated.length ? `generated: ${generated.join(', ')}` : 'up to date');
  for (const dir of pythonSourceDirs()) console.log(path.relative(ROOT, dir));
}
