/**
 * Reads the fenced code blocks of the docs/*.md pages, for the tests that keep the docs honest.
 */
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DOCS_DIR = path.join(ROOT, 'docs');

/** One fenced code block of a Markdown page. */
export interface CodeBlock {
  /** the page, relative to the repository root (e.g. `docs/canary.md`) */
  readonly file: string;
  /** 1-based line of the opening fence */
  readonly line: number;
  /** the info string's first word (`ts`, `yaml`, `text`, ...) */
  readonly lang: string;
  /** the block's text, without the fences */
  readonly code: string;
  /** the Markdown between the previous block (or the page start) and this block */
  readonly before: string;
}

/** A TypeScript snippet and the block that shows its output, if one follows it. */
export interface Snippet {
  readonly block: CodeBlock;
  /** the `yaml` or `text` block right after the snippet (no other code block in between) */
  readonly output?: CodeBlock;
  /** kinds listed in a `<!-- show: Kind, Kind -->` comment before the output block */
  readonly showKinds?: string[];
  /** a field of each shown manifest, from `<!-- show: Kind; path: spec.strategy -->`: the block shows only that field */
  readonly showPath?: string;
}

const TS_LANGS = new Set(['ts', 'typescript']);
const OUTPUT_LANGS = new Set(['yaml', 'text']);

/** The docs pages, sorted. */
export function docPages(): string[] {
  if (!fs.existsSync(DOCS_DIR)) return [];
  return fs.readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(DOCS_DIR, f));
}

/** Every fenced code block of a Markdown text. Throws for a fence that is never closed. */
export function codeBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  let prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(```+)\s*([\w-]*)/.exec(lines[i]);
    if (!open) {
      prose.push(lines[i]);
      continue;
    }
    const fence = open[1];
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].startsWith(fence)) body.push(lines[j++]);
    if (j >= lines.length) throw new Error(`${file}:${i + 1}: code block is never closed`);
    blocks.push({ file, line: i + 1, lang: open[2].toLowerCase(), code: body.join('\n'), before: prose.join('\n') });
    prose = [];
    i = j;
  }
  return blocks;
}

/** The TypeScript snippets of a page, each with the output block that follows it. */
export function snippets(file: string, text: string): Snippet[] {
  const blocks = codeBlocks(file, text);
  const out: Snippet[] = [];
  blocks.forEach((b, i) => {
    if (!TS_LANGS.has(b.lang)) return;
    const next = blocks[i + 1];
    const output = next && OUTPUT_LANGS.has(next.lang) ? next : undefined;
    const show = output ? /<!--\s*show:\s*([^;>]*?)\s*(?:;\s*path:\s*([\w.]+)\s*)?-->/.exec(output.before) : null;
    out.push({
      block: b,
      output,
      showKinds: show ? show[1].split(',').map((k) => k.trim()).filter(Boolean) : undefined,
      showPath: show?.[2],
    });
  });
  return out;
}

/** Repository-relative name of a docs page. */
export function relative(file: string): string {
  return path.relative(ROOT, file);
}
