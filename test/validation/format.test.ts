/**
 * Error message quality: every finding names where (construct path at synth; file and line in
 * lint), the field path, what is wrong and how to fix it; findings are grouped per object and sorted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AnalysisTemplate, ArgValue, BlueGreenRollout, CanaryRollout, CanaryStep, MetricProvider, TemplateArg } from '../../src';
import { JsonFinding, main } from '../../src/cli/main';
import { sortFindings } from '../../src/validation/finding';

const FIXTURES = path.join('test', 'fixtures', 'lint');

/** Each lint fixture set: every file on its own, and the valid directory as one set. */
function fixtureSets(): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    if (fs.statSync(p).isDirectory()) for (const f of fs.readdirSync(p).sort()) visit(path.join(p, f));
    else if (/\.ya?ml$/.test(p)) out.push(p);
  };
  visit(FIXTURES);
  return [...out, path.join(FIXTURES, 'valid')];
}

async function lintJson(paths: string[]): Promise<JsonFinding[]> {
  let stdout = '';
  await main(['lint', '--format', 'json', ...paths], {
    stdin: Readable.from(['']),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: () => undefined },
  });
  return JSON.parse(stdout);
}

/** What every finding must say, whatever its rule. */
function expectComplete(f: { rule: string; kind: string; name: string; path: string; message: string; fix: string }): void {
  const id = `${f.rule} ${f.kind}/${f.name} ${f.path}`;
  expect({ id, rule: /^[a-z0-9]+(-[a-z0-9]+)*$/.test(f.rule) }).toEqual({ id, rule: true });
  if (f.rule === 'yaml') return; // about the file, not an object: checked below
  expect({ id, kind: f.kind !== '', path: /^(spec|metadata)(\.|\[|$)/.test(f.path) }).toEqual({ id, kind: true, path: true });
  // what is wrong, and how to fix it: a fix that is more than a word and does not repeat the message
  expect({ id, message: f.message.trim().length >= 10, fix: f.fix.trim().length >= 10, distinct: f.fix.trim() !== f.message.trim() })
    .toEqual({ id, message: true, fix: true, distinct: true });
}

describe('lint findings across the fixtures', () => {
  test('each names file and line, object, field path, what is wrong and the fix; grouped per object and sorted', async () => {
    const rules = new Set<string>();
    for (const set of fixtureSets()) {
      const findings = await lintJson([set]);
      for (const f of findings) {
        rules.add(f.rule);
        expectComplete(f);
        expect({ rule: f.rule, file: typeof f.file, line: typeof f.line }).toEqual({ rule: f.rule, file: 'string', line: 'number' });
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(fs.readFileSync(f.file!, 'utf-8').split('\n').length).toBeGreaterThanOrEqual(f.line!);
      }
      // `yaml` findings first, then grouped per object and sorted, as sortFindings orders them
      const objects = findings.filter((f) => f.rule !== 'yaml').map((f) => ({ ...f, ruleId: f.rule, severity: f.severity as any, generateName: f.generateName ?? undefined, namespace: f.namespace ?? undefined }));
      const key = (f: { kind: string; name: string; path: string; ruleId: string }) => `${f.kind}/${f.name} ${f.path} ${f.ruleId}`;
      expect(sortFindings(objects).map(key)).toEqual(objects.map(key));
      const firstObject = findings.findIndex((f) => f.rule !== 'yaml');
      if (firstObject >= 0) expect(findings.slice(firstObject).some((f) => f.rule === 'yaml')).toBe(false);
    }
    // the fixtures exercise a good share of the rules, including a malformed-YAML finding
    expect(rules.has('yaml')).toBe(true);
    expect(rules.size).toBeGreaterThanOrEqual(6);
  });

  test('the text format puts the same facts on one line: file:line: severity Kind/name path: message (fix: hint) [rule]', async () => {
    let stdout = '';
    await main(['lint', path.join(FIXTURES, 'three-mistakes.yaml'), path.join(FIXTURES, 'missing-refs.yaml')], {
      stdin: Readable.from(['']), stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => undefined },
    });
    const findingLines = stdout.split('\n').filter((l) => l.includes(' [') && !/^\d+ errors?,/.test(l));
    expect(findingLines.length).toBeGreaterThanOrEqual(6);
    for (const l of findingLines) {
      expect(l).toMatch(/^test\/fixtures\/lint\/[\w.-]+\.yaml:\d+: (error|warning) [A-Za-z]+\/[\w.-]+ [\w.[\]-]+: .{10,} \(fix: .{10,}\) \[[a-z0-9-]+\]$/);
    }
  });
});

describe('synth failures', () => {
  test('each line names the construct path, object, field path, what is wrong and the fix; grouped per construct and sorted', () => {
    const chart = Testing.chart();
    const tmpl = new AnalysisTemplate(chart, 'Template', {
      metadata: { name: 'success-rate' },
      args: [TemplateArg.required('service-name')],
      metrics: [{ name: 'rate', interval: Duration.minutes(1), provider: MetricProvider.prometheus({ address: 'http://p:9090', query: 'sum(up{service="{{args.service-name}}"}' }) }],
    });
    const svc = new kplus.Service(chart, 'Svc', { metadata: { name: 'web' }, ports: [{ port: 80 }] });
    new BlueGreenRollout(chart, 'Web', {
      metadata: { name: 'web' },
      containers: [{ image: 'a:1', portNumber: 80 }],
      activeService: svc,
      previewService: svc,
      revisionHistoryLimit: 1,
      scaleDownDelayRevisionLimit: 2,
      prePromotionAnalysis: { templates: [tmpl], args: { other: ArgValue.of('x') } },
    });
    new CanaryRollout(chart, 'Api', {
      metadata: { name: 'api' },
      containers: [{ image: 'a:1' }],
      steps: [CanaryStep.weight(150)],
      maxSurge: kplus.PercentOrAbsolute.absolute(0),
      maxUnavailable: kplus.PercentOrAbsolute.percent(0),
    });
    let message = '';
    try {
      Testing.synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    const errorLines = message.split('\n').slice(1);
    expect(message.split('\n')[0]).toBe('Validation failed with the following errors:');
    expect(errorLines.length).toBeGreaterThanOrEqual(6);
    const parsed = errorLines.map((l) => {
      const m = /^ {2}\[(test\/[\w/-]+)\] ([A-Za-z]+)\/([\w.-]+) ([\w.[\]-]+): (.+) \(fix: (.+)\) \[([a-z0-9-]+)\]$/.exec(l);
      expect({ line: l, matches: m !== null }).toEqual({ line: l, matches: true });
      return { construct: m![1], kind: m![2], name: m![3], path: m![4], message: m![5], fix: m![6], rule: m![7] };
    });
    for (const p of parsed) expectComplete(p);
    expect(new Set(parsed.map((p) => p.construct))).toEqual(new Set(['test/Template', 'test/Web', 'test/Api']));
    // per construct, findings are sorted by path then rule
    for (const c of new Set(parsed.map((p) => p.construct))) {
      const own = parsed.filter((p) => p.construct === c).map((p) => `${p.path} ${p.rule}`);
      expect(own).toEqual([...own].sort((a, b) => (a.split(' ')[0] === b.split(' ')[0] ? (a < b ? -1 : 1) : a.split(' ')[0] < b.split(' ')[0] ? -1 : 1)));
    }
    // the value that is wrong is in the message where there is one
    expect(message).toContain('SetWeight needs to be between 0 and 100');
    expect(message).toMatch(/PromQL syntax error at line 1, column \d+/);
  });
});
