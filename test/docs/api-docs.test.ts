/**
 * API.md is generated from the doc comments of the public API, so every exported class, interface,
 * enum, function, public member and prop needs one, and every optional prop of a struct (an
 * interface whose name does not start with `I`) needs `@default`. Checked with the TypeScript
 * compiler over src/index.ts (the test run does not compile the .jsii assembly first).
 */
import * as path from 'path';
import * as ts from 'typescript';
import { ROOT } from './markdown';

/** One gap: `src/file.ts:line Name.member: what is missing`. */
export function apiDocGaps(program: ts.Program, entry: string): string[] {
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(entry);
  if (!sf) throw new Error(`${entry} is not part of the program`);
  const gaps: string[] = [];
  const where = (node: ts.Node, name: string) => {
    const file = node.getSourceFile();
    return `${path.relative(ROOT, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${name}`;
  };
  const need = (node: ts.Node, name: string) => {
    if (!hasDoc(node)) gaps.push(`${where(node, name)}: no doc comment`);
  };

  const moduleSymbol = checker.getSymbolAtLocation(sf)!;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    // eslint-disable-next-line no-bitwise
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    for (const decl of symbol.declarations ?? []) {
      if (isInternal(decl)) continue;
      const name = symbol.name;
      if (ts.isClassDeclaration(decl)) {
        need(decl, name);
        for (const m of decl.members) {
          if (ts.isConstructorDeclaration(m)) {
            for (const p of m.parameters) {
              if (ts.isIdentifier(p.name) && isPublicParameterProperty(p) && !hasParamDoc(m, p.name.text)) {
                gaps.push(`${where(p, `${name}.${p.name.text}`)}: no doc comment`);
              }
            }
            continue;
          }
          if (!isPublicMember(m)) continue;
          need(m, `${name}.${memberName(m)}`);
        }
      } else if (ts.isInterfaceDeclaration(decl)) {
        need(decl, name);
        const struct = !/^I[A-Z]/.test(name);
        for (const m of decl.members) {
          if (isInternal(m)) continue;
          const member = `${name}.${memberName(m)}`;
          need(m, member);
          if (struct && ts.isPropertySignature(m) && m.questionToken && !ts.getJSDocTags(m).some((t) => t.tagName.text === 'default')) {
            gaps.push(`${where(m, member)}: optional prop without @default`);
          }
        }
      } else if (ts.isEnumDeclaration(decl)) {
        need(decl, name);
        for (const m of decl.members) need(m, `${name}.${m.name.getText()}`);
      } else if (ts.isFunctionDeclaration(decl) || ts.isVariableDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) {
        need(ts.isVariableDeclaration(decl) ? decl.parent.parent : decl, name);
      }
    }
  }
  return gaps;
}

function hasDoc(node: ts.Node): boolean {
  return ts.getJSDocCommentsAndTags(node).some((d) => ts.isJSDoc(d) && ts.getTextOfJSDocComment(d.comment)?.trim());
}

function hasParamDoc(ctor: ts.ConstructorDeclaration, name: string): boolean {
  return ts.getJSDocTags(ctor).some((t) => ts.isJSDocParameterTag(t) && t.name.getText() === name && ts.getTextOfJSDocComment(t.comment)?.trim());
}

function isInternal(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((t) => t.tagName.text === 'internal');
}

function modifiers(node: ts.Node): ts.SyntaxKind[] {
  return ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []).map((m) => m.kind) : [];
}

function memberName(m: ts.ClassElement | ts.TypeElement): string {
  return m.name ? m.name.getText() : '<index>';
}

/** A member jsii exposes: not private/protected, not `_`-prefixed or `@internal`, not an override (documented upstream). */
function isPublicMember(m: ts.ClassElement): boolean {
  const mods = modifiers(m);
  const hidden = [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.OverrideKeyword];
  if (mods.some((k) => hidden.includes(k))) return false;
  if (m.name && (ts.isPrivateIdentifier(m.name) || m.name.getText().startsWith('_'))) return false;
  if (ts.isClassStaticBlockDeclaration(m) || ts.isSemicolonClassElement(m)) return false;
  return !isInternal(m);
}

function isPublicParameterProperty(p: ts.ParameterDeclaration): boolean {
  const mods = modifiers(p);
  return mods.includes(ts.SyntaxKind.PublicKeyword) && !(ts.isIdentifier(p.name) && p.name.text.startsWith('_'));
}

function programFor(files: Record<string, string>): ts.Program {
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, noEmit: true, skipLibCheck: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (name in files
    ? ts.createSourceFile(name, files[name], lang, true)
    : getSourceFile(name, lang, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name in files || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files[name] ?? readFile(name);
  const dirs = new Set(Object.keys(files).map((f) => path.dirname(f)));
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (name) => dirs.has(name) || (directoryExists ? directoryExists(name) : ts.sys.directoryExists(name));
  return ts.createProgram(Object.keys(files), options, host);
}

describe('API doc comments', () => {
  test('every exported class, interface, enum, public member and prop of src/index.ts is documented, optional props with @default', () => {
    const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const entry = path.join(ROOT, 'src', 'index.ts');
    const program = ts.createProgram([entry], { ...parsed.options, noEmit: true });
    expect(apiDocGaps(program, entry)).toEqual([]);
  }, 120_000);

  test('finds each kind of gap, and accepts the documented near misses', () => {
    const entry = '/virtual/index.ts';
    const program = programFor({
      [entry]: [
        "export * from './api';",
      ].join('\n'),
      '/virtual/api.ts': [
        '/** Documented. */',
        'export interface FooProps {',
        '  /** A prop.\n   * @default 1\n   */',
        '  readonly a?: number;',
        '  /** No default. */',
        '  readonly b?: number;',
        '  readonly c: number;',
        '}',
        'export interface IFoo {',
        '  /** An optional member of a behavioural interface needs no @default. */',
        '  readonly d?: string;',
        '}',
        '/** Documented. */',
        'export class Foo {',
        '  /** A documented static. */',
        '  public static of(): Foo { return new Foo(1); }',
        '  public readonly e = 1;',
        '  /** @internal */',
        '  public _f(): void {}',
        '  private readonly g = 2;',
        '  /**\n   * @param h the h\n   */',
        '  constructor(public readonly h: number, public readonly i?: number) { void this.g; }',
        '  public get j(): number { return 1; }',
        '}',
        '/** Documented. */',
        'export enum Kind {',
        '  /** documented */',
        '  A = "a",',
        '  B = "b",',
        '}',
        'export function helper(): void {}',
      ].join('\n'),
    });
    const gaps = apiDocGaps(program, entry).map((g) => g.replace(/^.*?:\d+ /, '')).sort();
    expect(gaps).toEqual([
      'FooProps.b: optional prop without @default',
      'FooProps.c: no doc comment',
      'IFoo: no doc comment',
      'Foo.i: no doc comment',
      'Foo.e: no doc comment',
      'Foo.j: no doc comment',
      'Kind.B: no doc comment',
      'helper: no doc comment',
    ].sort());
  });
});
