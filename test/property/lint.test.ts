import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { RUNS } from './arbitraries';
import { Linter, Severity } from '../../src';
import { checkedKinds } from '../../src/validation/engine';

/** Every object of the valid lint fixtures: realistic manifests to break at random places. */
function fixtureObjects(): any[] {
  const out: any[] = [];
  const visit = (p: string) => {
    if (fs.statSync(p).isDirectory()) for (const f of fs.readdirSync(p).sort()) visit(path.join(p, f));
    else for (const doc of parseAllDocuments(fs.readFileSync(p, 'utf-8'))) out.push(doc.toJS());
  };
  visit(path.join('test', 'fixtures', 'lint', 'valid'));
  return out.filter((o) => o && typeof o === 'object');
}

const FIXTURES = fixtureObjects();

/** Every path (list of keys) to a value inside `v`. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return [prefix, ...v.flatMap((x, i) => paths(x, [...prefix, i]))];
  if (v && typeof v === 'object') return [prefix, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...prefix, k]))];
  return [prefix];
}

function setAt(root: any, at: (string | number)[], value: unknown): any {
  if (at.length === 0) return value;
  const copy: any = Array.isArray(root) ? [...root] : { ...root };
  copy[at[0]] = setAt(root?.[at[0]], at.slice(1), value);
  return copy;
}

/** Any JSON value, including the odd ones: huge and negative numbers, empty keys, `__proto__`. */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, -1, 0, 1e308, -1e308, 1.5, '', ' ', '*', '!*', '{{args.x}}', '0s', '-5m', [], {}, { __proto__: 'x' }, 'a'.repeat(1000), { toString: 0 }),
);

/** A fixture with one value (anywhere in it) replaced by junk, plus a few others of the set as context. */
const brokenSet = fc.tuple(fc.nat(FIXTURES.length - 1), fc.nat(), junk, fc.subarray(FIXTURES, { maxLength: 4 })).map(([i, p, value, context]) => {
  const all = paths(FIXTURES[i]);
  return [setAt(FIXTURES[i], all[p % all.length], value), ...context];
});

/** An object of a checked kind with random content. */
const randomObject = fc.record({
  apiVersion: fc.constantFrom('argoproj.io/v1alpha1', 'v1', 'networking.k8s.io/v1', 'x'),
  kind: fc.constantFrom(...checkedKinds(), 'List', 'Service', 'Ingress'),
  metadata: fc.oneof(fc.record({ name: fc.string(), namespace: fc.option(fc.string(), { nil: undefined }) }), fc.anything({ maxDepth: 2 })),
  spec: fc.anything({ maxDepth: 4 }),
  items: fc.option(fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 3 }), { nil: undefined }),
}, { requiredKeys: ['kind'] });

function expectWellFormed(findings: unknown): void {
  expect(Array.isArray(findings)).toBe(true);
  for (const f of findings as any[]) {
    expect(typeof f.ruleId).toBe('string');
    expect([Severity.ERROR, Severity.WARNING]).toContain(f.severity);
    expect(typeof f.message).toBe('string');
    expect(f.message.length).toBeGreaterThan(0);
    expect(typeof f.path).toBe('string');
    expect(typeof f.fix).toBe('string');
  }
}

describe('rule engine on random input never throws', () => {
  test(`${RUNS} valid fixtures with one value replaced by junk`, () => {
    fc.assert(fc.property(brokenSet, (set) => {
      expectWellFormed(Linter.lintManifests(set));
      // the same set as YAML text: findings get lines, nothing throws
      expectWellFormed(Linter.lintYaml(set.map((o) => stringify(o)).join('---\n'), { file: 'x.yaml' }));
    }), { numRuns: RUNS });
  });

  test(`${RUNS} objects of checked kinds with random content`, () => {
    fc.assert(fc.property(fc.array(randomObject, { minLength: 1, maxLength: 3 }), (set) => {
      expectWellFormed(Linter.lintManifests(set));
    }), { numRuns: RUNS });
  });

  // Found by the properties above: rules that crashed on values of the wrong type (now fixed).
  test('an argument whose name is a map with a "toString" key does not crash analysis-placeholder-declared', () => {
    const yaml = [
      'apiVersion: argoproj.io/v1alpha1', 'kind: AnalysisTemplate', 'metadata: {name: t}',
      'spec:', '  args: [{name: {toString: false}}]', '  metrics: [{name: m, provider: {job: {spec: {}}}}]',
    ].join('\n');
    expect(() => Linter.lintYaml(yaml)).not.toThrow();
  });

  // A value that String() and template literals cannot convert: a YAML mapping with a `toString` key.
  // Found at random by the first property (a metric name); checked here at every place of every fixture.
  const UNCONVERTIBLE = { toString: 0 };

  test('every value of every valid fixture replaced by a map with a "toString" key: no rule or plan crashes', () => {
    let sets = 0;
    FIXTURES.forEach((fixture, i) => {
      const context = FIXTURES.filter((_, j) => j !== i);
      for (const at of paths(fixture)) {
        expectWellFormed(Linter.lintManifests([setAt(fixture, at, UNCONVERTIBLE), ...context]));
        sets++;
      }
    });
    expect(sets).toBeGreaterThan(500);
  });

  test('the findings name the unconvertible value as JSON', () => {
    const yaml = [
      'apiVersion: argoproj.io/v1alpha1', 'kind: AnalysisTemplate', 'metadata: {name: t}',
      'spec: {metrics: [{name: m, interval: {toString: 0}, provider: {job: {spec: {}}}}]}',
    ].join('\n');
    expect(Linter.lintYaml(yaml).filter((f) => f.ruleId === 'metric-interval-duration').map((f) => f.message))
      .toEqual(['metrics[0]: invalid interval string: time: invalid duration "{\\"toString\\":0}"']);
  });

  test('a referenced template whose metrics are nulls does not crash analysis-unique-metric-names', () => {
    const yaml = [
      'apiVersion: argoproj.io/v1alpha1', 'kind: AnalysisTemplate', 'metadata: {name: t}', 'spec: {metrics: [~, ~]}', '---',
      'apiVersion: argoproj.io/v1alpha1', 'kind: Rollout', 'metadata: {name: r}',
      'spec: {strategy: {canary: {analysis: {templates: [{templateName: t}]}}}}',
    ].join('\n');
    expect(() => Linter.lintYaml(yaml)).not.toThrow();
  });

  test(`${RUNS} random texts as YAML`, () => {
    const yamlish = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fc.constantFrom('kind: Rollout', 'spec:', '  strategy:', '    canary:', '- a', '&a [*a]', '*a', '<<: *a', '---', '? x', ': y', '"', '{', ']', '\t', '!!binary x', '%YAML 1.2'), { maxLength: 20 })
        .map((lines) => lines.join('\n')),
    );
    fc.assert(fc.property(yamlish, (text) => {
      const findings = Linter.lintYaml(text, { file: 'random.yaml' });
      expectWellFormed(findings);
      for (const f of findings.filter((x) => x.ruleId === 'yaml')) expect(f.line === undefined || f.line >= 1).toBe(true);
    }), { numRuns: RUNS });
  });
});
