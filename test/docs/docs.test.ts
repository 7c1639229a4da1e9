/**
 * Every ```ts block of docs/*.md is type-checked against the library source and run; the ```yaml
 * block that follows it must be what it synthesizes, and a ```text block what it prints or throws.
 */
import * as fs from 'fs';
import { isDeepStrictEqual } from 'util';
import { parseAllDocuments } from 'yaml';
import { codeBlocks, docPages, relative, Snippet, snippets } from './markdown';
import { asYaml, runSnippet, shownManifests, snippetFileName, typeCheckSnippets } from './snippet-runner';
import { expectSchemaValid } from '../support/schema';

const pages = docPages().map((f) => ({ file: relative(f), text: fs.readFileSync(f, 'utf-8') }));
const all: Snippet[] = pages.flatMap((p) => snippets(p.file, p.text));

/** The guides the docs must have, each with at least one snippet whose output is shown. */
const GUIDES = [
  'docs/blue-green.md',
  'docs/canary.md',
  'docs/traffic-routing.md',
  'docs/analysis.md',
  'docs/experiment.md',
  'docs/migration.md',
  'docs/argocd.md',
];

describe('docs pages', () => {
  test.each(GUIDES)('%s exists and shows at least one snippet with its YAML', (guide) => {
    const page = pages.find((p) => p.file === guide);
    expect(page).toBeDefined();
    expect(all.filter((s) => s.block.file === guide && s.output?.lang === 'yaml').length).toBeGreaterThan(0);
  });

  test('every code block is tagged, and code is tagged ts (a ```js or untagged block would never be compiled)', () => {
    const untested = pages.flatMap((p) => codeBlocks(p.file, p.text))
      .filter((b) => ['', 'js', 'javascript', 'tsx', 'jsx'].includes(b.lang))
      .map((b) => `${b.file}:${b.line}: \`\`\`${b.lang}`);
    expect(untested).toEqual([]);
  });
});

/** Pages that are not in docs/, to show that the checks catch what they should (type-checked in the same Program). */
const BROKEN_PAGE = [
  '# broken', '',
  '```ts',
  "import { App, Chart } from 'cdk8s';",
  "import { CanaryRollout, CanaryStep } from 'cdk8s-progressive';",
  'const app = new App();',
  "new CanaryRollout(new Chart(app, 'c'), 'R', { steps: [CanaryStep.setWeight(20)] });",
  '```',
].join('\n');
const SHOWN_PAGE = [
  '# shown', '',
  '```ts',
  "import { App, Chart } from 'cdk8s';",
  "import { CanaryRollout, CanaryStep } from 'cdk8s-progressive';",
  'const app = new App();',
  "new CanaryRollout(new Chart(app, 'c'), 'R', { metadata: { name: 'r' }, containers: [{ image: 'i' }], steps: [CanaryStep.weight(20)] });",
  'app.synth();',
  '```', '',
  '<!-- show: Rollout; path: spec.strategy -->', '',
  '```yaml',
  'canary:',
  '  steps:',
  '    - setWeight: 20',
  '```',
].join('\n');
const broken = snippets('docs/broken.md', BROKEN_PAGE)[0];
const shownSnippet = snippets('docs/shown.md', SHOWN_PAGE)[0];

describe('docs snippets', () => {
  let diagnostics: Map<string, string[]>;

  beforeAll(() => {
    diagnostics = typeCheckSnippets([...all, broken, shownSnippet]);
  }, 240_000);

  test('a snippet that does not compile is reported with its line in the page', () => {
    expect(diagnostics.get(snippetFileName(broken))).toEqual([
      "docs/broken.md:7: Property 'setWeight' does not exist on type 'typeof CanaryStep'. Did you mean 'weight'?",
    ]);
    expect(diagnostics.get(snippetFileName(shownSnippet))).toEqual([]);
  });

  test('the shown part of the output is compared, and a different value is a mismatch', () => {
    const run = runSnippet(shownSnippet);
    expect(run.error).toBeUndefined();
    const shown = parseAllDocuments(shownSnippet.output!.code).map((d) => d.toJSON());
    expect(shownManifests(shownSnippet, run.manifests)).toEqual(shown);
    const other = runSnippet({ ...shownSnippet, block: { ...shownSnippet.block, code: shownSnippet.block.code.replace('weight(20)', 'weight(30)') } });
    expect(shownManifests(shownSnippet, other.manifests)).not.toEqual(shown);
  });

  test('a snippet that fails synth shows the validation error as its text output', () => {
    const run = runSnippet({ ...shownSnippet, block: { ...shownSnippet.block, code: shownSnippet.block.code.replace('weight(20)', 'weight(120)') } });
    expect(run.text).toContain('Error: Validation failed with the following errors:');
    expect(run.text).toContain('[c/R] Rollout/r spec.strategy.canary.steps[0].setWeight: SetWeight needs to be between 0 and 100');
  });

  test.each(all.map((s) => [`${s.block.file}:${s.block.line}`, s] as const))('%s compiles, runs and shows what it synthesizes', (_where, s) => {
    expect(diagnostics.get(snippetFileName(s))).toEqual([]);

    const run = runSnippet(s);
    const where = `${s.block.file}:${s.block.line}`;
    if (s.output?.lang === 'text') {
      expect(run.text).toEqual(s.output.code.trim());
      return;
    }
    if (run.error !== undefined) throw new Error(`${where}: the snippet throws: ${String(run.error)}`);
    expectSchemaValid(run.manifests);
    if (s.output?.lang === 'yaml') {
      const shown = parseAllDocuments(s.output.code).map((d) => d.toJSON()).filter((m) => m !== null);
      const actual = shownManifests(s, run.manifests);
      if (!isDeepStrictEqual(shown, actual)) {
        // the message carries the YAML to paste into the page
        throw new Error(`${s.output.file}:${s.output.line}: the yaml block is not what the snippet at line ${s.block.line} synthesizes${
          s.showKinds ? ` (kinds ${s.showKinds.join(', ')})` : ''}. It synthesizes:\n${asYaml(actual)}`);
      }
      expect(shown).toEqual(actual);
    }
  });
});
