import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatGitHub } from '../../src/cli/lint';
import { Severity } from '../../src/validation/finding';
import { lines, runCli } from '../support/cli';

const FIXTURES = path.join('test', 'fixtures', 'lint');
const fixture = (name: string) => path.join(FIXTURES, name);

const run = runCli;


const THREE = fixture('three-mistakes.yaml');

describe('cdk8s-progressive lint', () => {
  test('metric provider mistakes the controller accepts are reported at once, each on its line, with upstream\'s messages', async () => {
    const file = fixture('provider-mistakes.yaml');
    const r = await run(['lint', '--format', 'json', file]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).map((f: any) => `${f.line} ${f.rule} ${f.path}: ${f.message}`)).toEqual([
      '13 prometheus-address-url spec.metrics[0].provider.prometheus.address: metrics[0]: prometheus address is not is url format: "prometheus.monitoring:9090" must be an http(s) URL with a host',
      '18 datadog-queries-need-formula spec.metrics[1].provider.datadog.formula: metrics[1]: When multiple queries are provided you must include a formula.',
      '26 web-body-method spec.metrics[2].provider.web.method: metrics[2]: Body/JSONBody can only be used with POST or PUT WebMetric Method types',
      '35 job-restart-policy spec.metrics[3].provider.job.spec.template.spec.restartPolicy: metrics[3]: the Job is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      '45 cloudwatch-query-id spec.metrics[4].provider.cloudWatch.metricDataQueries[0].id: metrics[4]: metricDataQueries[0].id must start with a lowercase letter and hold only letters, digits and underscores: "Errors"',
      '50 cloudwatch-period spec.metrics[4].provider.cloudWatch.metricDataQueries[0].metricStat.period: metrics[4]: metricDataQueries[0].metricStat.period must be 1, 5, 10, 20, 30 seconds or a multiple of 60 seconds: 45',
    ]);
  });

  test('a file with three independent mistakes reports all three, one a line, then a summary; exit 1', async () => {
    const r = await run(['lint', THREE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toEqual([
      `${THREE}:50: error AnalysisTemplate/checkout-success-rate spec.metrics[0].interval: metrics[0]: interval must be specified when count > 1 (fix: set an interval (e.g. 1m) or use count 1) [metric-interval-with-count]`,
      `${THREE}:58: error AnalysisTemplate/checkout-success-rate spec.metrics[0].provider.prometheus.query: metrics[0]: PromQL syntax error at line 1, column 149 of the query: unexpected end of input (fix: correct the query (try it in the Prometheus UI; {{args.x}} placeholders are allowed)) [prometheus-query-syntax]`,
      `${THREE}:20: warning Rollout/checkout spec.strategy.blueGreen.autoPromotionEnabled: the new version is promoted automatically and no pre-promotion analysis checks it first (fix: add a prePromotionAnalysis, or promote by hand (autoPromotionEnabled: false, BlueGreenPromotion.manual()); or acknowledge it with the annotation progressive.cdk8s.io/acknowledge: plan-auto-promotion-unchecked) [plan-auto-promotion-unchecked]`,
      `${THREE}:23: error Rollout/checkout spec.strategy.blueGreen.previewService: This rollout uses the same service for the active and preview services, but two different services are required. (fix: give previewService a different Service than activeService) [bluegreen-distinct-services]`,
      // and a warning of the plan check (promoted automatically, nothing checks it first)
      '3 errors, 1 warning: 3 objects in 1 file',
    ]);
  });

  test('--format json prints one JSON array and nothing else on stdout', async () => {
    const r = await run(['lint', '--format', 'json', THREE]);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout);
    expect(findings).toHaveLength(4);
    expect(findings[3]).toEqual({
      set: THREE,
      file: THREE,
      line: 23,
      kind: 'Rollout',
      name: 'checkout',
      generateName: null,
      namespace: null,
      path: 'spec.strategy.blueGreen.previewService',
      rule: 'bluegreen-distinct-services',
      severity: 'error',
      message: 'This rollout uses the same service for the active and preview services, but two different services are required.',
      fix: 'give previewService a different Service than activeService',
    });
    expect(findings.map((f: any) => f.rule)).toEqual(['metric-interval-with-count', 'prometheus-query-syntax', 'plan-auto-promotion-unchecked', 'bluegreen-distinct-services']);
    expect(r.stderr).toBe('');
  });

  test('an object named by the API server (generateName) is shown by its prefix, in text and JSON; JSON gives its namespace', async () => {
    const run1 = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: AnalysisRun',
      'metadata:',
      '  generateName: smoke-',
      '  namespace: shop',
      'spec:',
      '  metrics:',
      '  - name: ok',
      '    provider:',
      '      prometheus:',
      '        address: http://prometheus:9090',
      '        query: sum(rate(http_requests_total[1m])',
      '',
    ].join('\n');
    const text = await run(['lint', '-'], run1);
    expect(text.code).toBe(1);
    expect(lines(text.stdout)[0]).toMatch(/^<stdin>:12: error AnalysisRun\/smoke-<generated> spec\.metrics\[0\]\.provider\.prometheus\.query: metrics\[0\]: PromQL syntax error .*\[prometheus-query-syntax\]$/);
    const json = JSON.parse((await run(['lint', '--format', 'json', '-'], run1)).stdout);
    expect(json.map((f: any) => [f.name, f.generateName, f.namespace])).toEqual([['', 'smoke-', 'shop']]);
  });

  test('--format github prints a GitHub Actions annotation per finding (file, line, rule as title), then the summary', async () => {
    const r = await run(['lint', '--format', 'github', THREE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toEqual([
      `::error file=${THREE},line=50,title=metric-interval-with-count::AnalysisTemplate/checkout-success-rate spec.metrics[0].interval: metrics[0]: interval must be specified when count > 1 (fix: set an interval (e.g. 1m) or use count 1)`,
      `::error file=${THREE},line=58,title=prometheus-query-syntax::AnalysisTemplate/checkout-success-rate spec.metrics[0].provider.prometheus.query: metrics[0]: PromQL syntax error at line 1, column 149 of the query: unexpected end of input (fix: correct the query (try it in the Prometheus UI; {{args.x}} placeholders are allowed))`,
      `::warning file=${THREE},line=20,title=plan-auto-promotion-unchecked::Rollout/checkout spec.strategy.blueGreen.autoPromotionEnabled: the new version is promoted automatically and no pre-promotion analysis checks it first (fix: add a prePromotionAnalysis, or promote by hand (autoPromotionEnabled: false, BlueGreenPromotion.manual()); or acknowledge it with the annotation progressive.cdk8s.io/acknowledge: plan-auto-promotion-unchecked)`,
      `::error file=${THREE},line=23,title=bluegreen-distinct-services::Rollout/checkout spec.strategy.blueGreen.previewService: This rollout uses the same service for the active and preview services, but two different services are required. (fix: give previewService a different Service than activeService)`,
      '3 errors, 1 warning: 3 objects in 1 file',
    ]);
    // standard input has no file to annotate; a finding about the input itself has no object
    const stdin = await run(['lint', '--format', 'github', '-'], 'a: [');
    expect(lines(stdin.stdout)[0]).toMatch(/^::error line=1,title=yaml::\S/);
    expect(stdin.code).toBe(2);
  });

  test('--format github escapes what would end a workflow command: % CR LF in the message, and : , in properties', () => {
    const finding = { ruleId: 'r', severity: Severity.WARNING, kind: 'Rollout', name: 'web', path: 'spec', message: '100% of\r\nthe traffic', fix: 'x, y: z' };
    const annotation = formatGitHub({ ...finding, file: 'deploy/a,b:c.yaml', line: 3 });
    expect(annotation).toBe('::warning file=deploy/a%2Cb%3Ac.yaml,line=3,title=r::Rollout/web spec: 100%25 of%0D%0Athe traffic (fix: x, y: z)');
  });

  test('CRD schema mistakes (what the API server would reject when Argo CD applies) are errors at their lines; --no-schemas skips them', async () => {
    const file = fixture('schema-mistakes.yaml');
    const r = await run(['lint', '--format', 'json', file]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).filter((f: any) => f.rule.startsWith('crd-') || f.severity === 'error').map((f: any) => `${f.line} ${f.rule} ${f.path}: ${f.message}`)).toEqual([
      '35 crd-required-field spec.metrics[0].provider.web.url: Required value',
      '37 crd-unknown-field spec.metrics[0].provider.web.urls: unknown field "spec.metrics[0].provider.web.urls"',
      '50 crd-field-type spec.syncWindows[0].duration: Invalid value: "integer": spec.syncWindows[0].duration in body must be of type string: 8',
      '23 crd-unknown-field spec.strategy.canary.step: unknown field "spec.strategy.canary.step"',
    ]);
    const skipped = await run(['lint', '--no-schemas', '--format', 'json', file]);
    expect(JSON.parse(skipped.stdout).filter((f: any) => f.rule.startsWith('crd-'))).toEqual([]);
  });

  test('the directory of valid upstream-style manifests reports nothing; exit 0', async () => {
    const r = await run(['lint', fixture('valid')]);
    expect(lines(r.stdout)).toEqual([expect.stringMatching(/^no problems found: \d+ objects in \d+ files$/)]);
    expect(r.code).toBe(0);
    const json = await run(['lint', '--format', 'json', fixture('valid')]);
    expect(json.stdout.trim()).toBe('[]');
    expect(json.code).toBe(0);
  });

  test('a directory is one set: its files (recursively) resolve each other\'s references', async () => {
    // blue-green/ holds the Rollout and its Services, but its templates are in analysis/
    const alone = await run(['lint', '--format', 'json', path.join(fixture('valid'), 'blue-green')]);
    expect(JSON.parse(alone.stdout).map((f: any) => `${f.rule} ${f.path}`)).toEqual([
      'ref-analysis-template-exists spec.strategy.blueGreen.postPromotionAnalysis.templates[0].templateName',
      'ref-analysis-template-exists spec.strategy.blueGreen.prePromotionAnalysis.templates[0].templateName',
    ]);
    // each PATH is its own set
    const twoSets = await run(['lint', '--format', 'json', path.join(fixture('valid'), 'blue-green'), path.join(fixture('valid'), 'analysis')]);
    expect(JSON.parse(twoSets.stdout).map((f: any) => f.set)).toEqual([path.join(fixture('valid'), 'blue-green'), path.join(fixture('valid'), 'blue-green')]);
    expect(twoSets.code).toBe(1);
    // two directories: sets by choice (lint dev/ prod/), no note
    expect(twoSets.stderr).toBe('');
  });

  test('files given one by one (a shell glob) are one set each: a note says why their references are not found', async () => {
    const dir = path.join(fixture('valid'), 'blue-green');
    const files = ['rollout.yaml', 'services.yaml'].map((f) => path.join(dir, f));
    const r = await run(['lint', '--format', 'json', ...files]);
    expect(JSON.parse(r.stdout).map((f: any) => f.rule)).toEqual([
      'ref-service-exists', 'ref-analysis-template-exists', 'ref-analysis-template-exists', 'ref-service-exists',
    ]);
    expect(r.stderr).toBe('note: 4 references not found in their set. Each PATH is a manifest set of its own, checked without the others: '
      + 'to check files together, pass their directory (lint deploy/, not lint deploy/*.yaml) or add --one-set\n');
    // their directory is one set: only the templates (in another directory) are missing, and no note
    const together = await run(['lint', '--format', 'json', dir]);
    expect(JSON.parse(together.stdout).map((f: any) => f.rule)).toEqual(['ref-analysis-template-exists', 'ref-analysis-template-exists']);
    expect(together.stderr).toBe('');
  });

  test('--one-set checks all PATHs together: files, directories and standard input; a file named twice counts once', async () => {
    const valid = fixture('valid');
    const dir = path.join(valid, 'blue-green');
    const files = ['rollout.yaml', 'services.yaml'].map((f) => path.join(dir, f));
    // the glob's files resolve each other's Services; the templates are in another directory
    const glob = await run(['lint', '--one-set', '--format', 'json', ...files]);
    expect(JSON.parse(glob.stdout).map((f: any) => `${f.rule} ${f.set}`)).toEqual([
      `ref-analysis-template-exists ${files[0]}`, `ref-analysis-template-exists ${files[0]}`,
    ]);
    expect(glob.stderr).toBe('');
    // with that directory too, nothing is missing; the Rollout's file, also in blue-green/, is read once
    const all = await run(['lint', '--one-set', files[0], `./${dir}`, path.join(valid, 'analysis')]);
    expect(all.code).toBe(0);
    // 2 files of blue-green/ (rollout.yaml once) and those of analysis/
    const templates = fs.readdirSync(path.join(valid, 'analysis')).filter((f) => /\.ya?ml$/.test(f)).length;
    expect(lines(all.stdout)).toEqual([expect.stringMatching(new RegExp(`^no problems found: \\d+ objects in ${2 + templates} files$`))]);
    // standard input joins the set: the Services come from a file, the Rollout from stdin
    const stdin = await run(['lint', '--one-set', '--format', 'json', '-', files[1]], fs.readFileSync(files[0], 'utf-8'));
    expect(JSON.parse(stdin.stdout).map((f: any) => `${f.rule} ${f.set} ${f.file}`)).toEqual([
      'ref-analysis-template-exists - <stdin>', 'ref-analysis-template-exists - <stdin>',
    ]);
    // an unreadable PATH is still reported under its own name
    const missing = await run(['lint', '--one-set', '--format', 'json', files[0], fixture('does-not-exist.yaml')]);
    expect(JSON.parse(missing.stdout).map((f: any) => `${f.rule} ${f.set}`)).toContain(`yaml ${fixture('does-not-exist.yaml')}`);
    expect(missing.code).toBe(2);
  });

  test('directories: only *.yaml and *.yml, no hidden directories or node_modules', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-'));
    try {
      fs.mkdirSync(path.join(dir, 'nested', 'deeper'), { recursive: true });
      fs.mkdirSync(path.join(dir, '.hidden'));
      fs.mkdirSync(path.join(dir, 'node_modules'));
      const broken = 'kind: [\n';
      fs.writeFileSync(path.join(dir, 'README.md'), broken);
      fs.writeFileSync(path.join(dir, '.hidden', 'x.yaml'), broken);
      fs.writeFileSync(path.join(dir, 'node_modules', 'x.yaml'), broken);
      fs.copyFileSync(THREE, path.join(dir, 'nested', 'deeper', 'app.YML'));
      const r = await run(['lint', dir]);
      expect(r.code).toBe(1);
      expect(lines(r.stdout)).toHaveLength(5);
      expect(r.stdout).toContain(`${path.join(dir, 'nested', 'deeper', 'app.YML')}:23: error Rollout/checkout`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('- reads standard input', async () => {
    const r = await run(['lint', '-'], fs.readFileSync(THREE, 'utf-8'));
    expect(r.code).toBe(1);
    expect(lines(r.stdout)[3]).toMatch(/^<stdin>:23: error Rollout\/checkout spec\.strategy\.blueGreen\.previewService: /);
    const json = await run(['lint', '--format', 'json', '-'], fs.readFileSync(THREE, 'utf-8'));
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ set: '-', file: '<stdin>', line: 50 });
  });

  test('a reference absent from the set is an error; a warning with --ignore-missing-refs (exit 0)', async () => {
    const file = fixture('missing-refs.yaml');
    const strict = await run(['lint', file]);
    expect(strict.code).toBe(1);
    expect(lines(strict.stdout)).toEqual([
      `${file}:21: error Rollout/payments spec.strategy.canary.canaryService: service "payments-canary" not found (fix: add the Service to the set or correct its name) [ref-service-exists]`,
      `${file}:22: error Rollout/payments spec.strategy.canary.stableService: service "payments-stable" not found (fix: add the Service to the set or correct its name) [ref-service-exists]`,
      `${file}:27: error Rollout/payments spec.strategy.canary.steps[1].analysis.templates[0].templateName: analysistemplate.argoproj.io "payments-health" not found (fix: add the AnalysisTemplate to the set, or correct templateName / clusterScope) [ref-analysis-template-exists]`,
      '3 errors, 0 warnings: 1 object in 1 file',
    ]);
    const lenient = await run(['lint', '--ignore-missing-refs', file]);
    expect(lenient.code).toBe(0);
    expect(lines(lenient.stdout)).toEqual([
      ...lines(strict.stdout).slice(0, 3).map((l) => l.replace(': error ', ': warning ')),
      '0 errors, 3 warnings: 1 object in 1 file',
    ]);
  });

  test('unknown kinds, kindless documents, scalars and lists are never findings', async () => {
    const r = await run(['lint', fixture('unknown-kinds.yaml')]);
    expect(lines(r.stdout)).toEqual(['no problems found: 4 objects in 1 file']);
    expect(r.code).toBe(0);
  });

  test('malformed YAML is a `yaml` finding with file and line, never a stack trace; exit 2', async () => {
    const file = fixture('malformed.yaml');
    const r = await run(['lint', file]);
    expect(r.code).toBe(2);
    expect(lines(r.stdout)).toEqual([
      `${file}:11: error Flow map in block collection must be sufficiently indented and end with a } (fix: fix the YAML syntax) [yaml]`,
      '1 error, 0 warnings: 1 object in 1 file',
    ]);
    expect(r.stderr).toBe('');
    // exit 2 even when the other sets have errors too
    expect((await run(['lint', THREE, file])).code).toBe(2);
    const json = await run(['lint', '--format', 'json', file]);
    expect(JSON.parse(json.stdout)).toEqual([{
      set: file,
      file,
      line: 11,
      kind: '',
      name: '',
      generateName: null,
      namespace: null,
      path: '',
      rule: 'yaml',
      severity: 'error',
      message: 'Flow map in block collection must be sufficiently indented and end with a }',
      fix: 'fix the YAML syntax',
    }]);
  });

  test('an unreadable path is a `yaml` finding; exit 2', async () => {
    const r = await run(['lint', fixture('does-not-exist.yaml')]);
    expect(r.code).toBe(2);
    expect(lines(r.stdout)[0]).toBe(`${fixture('does-not-exist.yaml')}: error cannot read ${fixture('does-not-exist.yaml')}: no such file or directory (fix: check the path and its permissions) [yaml]`);
  });

  test('usage errors go to stderr with exit 2; --help to stdout with exit 0', async () => {
    for (const args of [['lint'], ['lint', '--format', 'xml', THREE], ['lint', '--bogus', THREE], ['frobnicate'], []]) {
      const r = await run(args);
      expect([args, r.code, r.stdout]).toEqual([args, 2, '']);
      expect(r.stderr).not.toBe('');
    }
    expect((await run(['lint'])).stderr).toContain('error: missing required argument \'path\'');
    const help = await run(['lint', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: cdk8s-progressive lint [options] <path...>');
    expect(help.stdout).toContain('--ignore-missing-refs');
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
