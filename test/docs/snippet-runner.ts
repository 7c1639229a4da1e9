/**
 * Type-checks and runs the TypeScript snippets of the docs: one TypeScript Program for all of them
 * (with `cdk8s-progressive` mapped to src/index.ts), then each snippet transpiled and run with the
 * library's source, its `app.synth()` captured as YAML instead of written to dist/.
 */
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { ROOT, Snippet } from './markdown';
import * as progressive from '../../src';

/** The virtual file name of a snippet (in docs/, so that node_modules resolves as for a user's file). */
export function snippetFileName(s: Snippet): string {
  return path.join(ROOT, 'docs', `${path.basename(s.block.file, '.md')}.md-L${s.block.line}.ts`);
}

/**
 * Type-checks every snippet in one Program against the library source. Returns the diagnostics of
 * each snippet file, as `docs/page.md:line: message` with the line in the Markdown page.
 */
export function typeCheckSnippets(snippets: readonly Snippet[]): Map<string, string[]> {
  const files = new Map<string, Snippet>();
  for (const s of snippets) files.set(snippetFileName(s), s);
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.dev.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    // a snippet may name a construct only to show it
    noUnusedLocals: false,
    noUnusedParameters: false,
    paths: { 'cdk8s-progressive': [path.join(ROOT, 'src', 'index.ts')] },
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) => {
    const s = files.get(name);
    return s ? ts.createSourceFile(name, s.block.code, lang) : getSourceFile(name, lang, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files.get(name)?.block.code ?? readFile(name);

  const program = ts.createProgram([...files.keys()], options, host);
  const result = new Map<string, string[]>();
  for (const [name, s] of files) {
    const sf = program.getSourceFile(name)!;
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    result.set(name, diags.map((d) => {
      const line = d.start !== undefined ? sf.getLineAndCharacterOfPosition(d.start).line : 0;
      // the snippet's first line is the line after the opening fence
      return `${s.block.file}:${s.block.line + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    }));
  }
  return result;
}

/** What running a snippet produced. */
export interface SnippetRun {
  /** the manifests of every `app.synth()` call, in order */
  readonly manifests: any[];
  /** the YAML text of every `app.synth()` call */
  readonly yaml: string;
  /** `console.log` lines, then `Error: <message>` when the snippet threw */
  readonly text: string;
  /** the error the snippet threw */
  readonly error?: unknown;
}

/**
 * Runs one snippet: transpiled to CommonJS, `cdk8s-progressive` resolved to the library source, and
 * cdk8s's `App.synth()` replaced by `App.synthYaml()` (same validation, nothing written) whose
 * output is captured.
 */
export function runSnippet(s: Snippet): SnippetRun {
  const js = ts.transpileModule(s.block.code, {
    fileName: snippetFileName(s),
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;

  const synthesized: string[] = [];
  // named App so that stack traces read as cdk8s's own App.synthYaml (see src/validation/synth.ts)
  class App extends cdk8s.App {
    public override synth(): void {
      synthesized.push(this.synthYaml());
    }
  }
  const modules: Record<string, unknown> = {
    'cdk8s-progressive': progressive,
    'cdk8s': { ...cdk8s, App },
  };
  // any other module a snippet imports (cdk8s-plus-27, constructs, ...) is the real one
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const snippetRequire = (name: string) => name in modules ? modules[name] : require(name);
  const logs: string[] = [];
  const snippetConsole = { ...console, log: (...args: unknown[]) => logs.push(args.map(String).join(' ')) };

  let error: unknown;
  try {
    const module = { exports: {} };
    new Function('require', 'module', 'exports', 'console', js)(snippetRequire, module, module.exports, snippetConsole);
  } catch (e) {
    error = e;
  }
  const yaml = synthesized.join('---\n');
  const manifests = parseAllDocuments(yaml).map((d) => d.toJSON()).filter((m) => m !== null);
  const text = [...logs, ...(error !== undefined ? [String(error)] : [])].join('\n');
  return { manifests, yaml, text, error };
}

/**
 * What a snippet's YAML block is compared with: every manifest, or those of the kinds shown, or one
 * field of each of those (`<!-- show: Rollout; path: spec.strategy.canary.trafficRouting -->`).
 */
export function shownManifests(s: Snippet, manifests: readonly any[]): any[] {
  const shown = s.showKinds ? manifests.filter((m) => s.showKinds!.includes(m.kind)) : [...manifests];
  if (!s.showPath) return shown;
  return shown.map((m) => s.showPath!.split('.').reduce((v, key) => v?.[key], m) ?? null);
}

/** The manifests as they should be pasted into the YAML block (for failure messages). */
export function asYaml(manifests: readonly any[]): string {
  return cdk8s.Yaml.stringify(...manifests);
}
