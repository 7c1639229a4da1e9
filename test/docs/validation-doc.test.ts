/**
 * docs/validation.md and docs/troubleshooting.md cannot drift from the engine: the rules table is
 * what build-tools/docs-rules.ts generates, the lint transcripts are what the CLI prints, and every
 * message the troubleshooting page quotes is the message of the rule it names.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DOCS_DIR } from './markdown';
import { cliTranscript, kindsCell, rulesTable, RULES_END, RULES_START, transcripts, VALIDATION_DOC, withRulesTable } from '../../build-tools/docs-rules';
import { RULES } from '../../src/validation/engine';

const TROUBLESHOOTING = path.join(DOCS_DIR, 'troubleshooting.md');

describe('docs/validation.md', () => {
  const page = fs.readFileSync(VALIDATION_DOC, 'utf-8');

  test('the rules table is what build-tools/docs-rules.ts generates (run it after changing a rule)', () => {
    expect(page).toEqual(withRulesTable(page));
  });

  test('the table lists every rule of the engine, once, with its ref, kinds and message', () => {
    const table = page.slice(page.indexOf(RULES_START), page.indexOf(RULES_END));
    for (const r of RULES) {
      const rows = table.split('\n').filter((l) => l.startsWith(`| \`${r.id}\` |`));
      expect({ id: r.id, rows: rows.length }).toEqual({ id: r.id, rows: 1 });
      expect(rows[0]).toContain(`| ${r.ref} | ${kindsCell(r)} | ${r.severity} |`);
    }
  });

  test('a changed rule makes the generated page differ (the check is not vacuous)', () => {
    const changed = RULES.map((r, i) => (i === 0 ? { ...r, message: `${r.message} (changed)` } : r));
    expect(withRulesTable(page, changed)).not.toEqual(page);
    expect(rulesTable(changed)).toContain('(changed)');
    expect(() => withRulesTable('# no markers')).toThrow('has no "<!-- rules:start');
  });

  test('the page has lint transcripts', () => {
    expect(transcripts(page).length).toBeGreaterThanOrEqual(2);
  });

  test.each(transcripts(page).map((t) => [t.args, t] as const))('the transcript of `%s` is what the CLI prints', async (args, t) => {
    expect(t.shown).toEqual(await cliTranscript(args));
  });
});

describe('docs/troubleshooting.md', () => {
  const page = fs.readFileSync(TROUBLESHOOTING, 'utf-8');
  // an entry is a heading `### "<message>"` followed by a paragraph that names the rule: `[rule-id]`
  const entries = page.split(/^### /m).slice(1).map((section) => {
    const heading = section.split('\n')[0];
    return { heading, message: /^"(.*)"\s*$/.exec(heading)?.[1], ruleIds: [...section.matchAll(/\[([a-z0-9-]+)\]/g)].map((m) => m[1]) };
  });

  test('has at least 20 entries', () => {
    expect(entries.length).toBeGreaterThanOrEqual(20);
  });

  test.each(entries.map((e) => [e.heading, e] as const))('%s is the message of the rule it names', (_heading, e) => {
    expect(e.message).toBeDefined();
    const named = e.ruleIds.map((id) => RULES.find((r) => r.id === id)).filter((r) => r !== undefined);
    expect(named.length).toBeGreaterThan(0);
    expect(named.map((r) => r.message)).toContain(e.message);
  });

  test('a message that no rule has is caught', () => {
    expect(RULES.some((r) => r.message === 'Step.SetWeight must be between 0 and 100')).toBe(false);
  });
});
