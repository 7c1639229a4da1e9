import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cli';

const run = runCli;

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: main, image: web:2}]
  strategy:
    canary:
      steps:
      - setWeight: 25
      - pause: {duration: 5m}
      - analysis:
          templates: [{templateName: checks}]
      - setWeight: 50
      - pause: {}
`;

const TEMPLATE = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: checks
spec:
  metrics:
  - name: errors
    interval: 1m
    count: 4
    successCondition: result == true
    provider:
      web: {url: "http://checks"}
`;

describe('cdk8s-progressive plan', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
    fs.writeFileSync(path.join(dir, 'rollout.yaml'), ROLLOUT);
    fs.mkdirSync(path.join(dir, 'analysis'));
    fs.writeFileSync(path.join(dir, 'analysis', 'checks.yaml'), TEMPLATE);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('prints the Markdown plan of the Rollout of a directory, with analysis durations from its templates; exit 0', async () => {
    const r = await run(['plan', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      'Rollout `web`: canary without a traffic router (weights are approximated by pod counts), 4 replicas.',
      '',
      '| time | stable % | canary % | what happens |',
      '|---|---|---|---|',
      '| T+0 | 100 (4 pods) | 0 (0 pods) | update starts: a ReplicaSet for the new version is created; all traffic stays on the stable version |',
      '| T+0 | 75 (3 pods) | 25 (1 pod) | setWeight 25: the canary runs 1 pod and the stable version 3 pods (no traffic router: the weight is approximated by pod counts) |',
      '| T+0 | 75 (3 pods) | 25 (1 pod) | pause 5m |',
      '| T+5m | 75 (3 pods) | 25 (1 pod) | analysis (checks; errors: 4 measurements every 1m; at least 3m); the next step waits for its result. '
        + 'If it fails: abort: all traffic goes back to the stable version and the canary is scaled down. If inconclusive: the rollout pauses until a person promotes or aborts it |',
      '| T+8m | 50 (2 pods) | 50 (2 pods) | setWeight 50: the canary runs 2 pods and the stable version 2 pods (no traffic router: the weight is approximated by pod counts) |',
      '| T+8m | 50 (2 pods) | 50 (2 pods) | pause until a person promotes the rollout (kubectl argo rollouts promote) |',
      '| T+8m | 0 (0 pods) | 100 (4 pods) | fully promoted: all traffic goes to the new version, which becomes stable |',
      '',
      'Minimum time to full promotion: **at least 8m**, because a person must promote the rollout (steps[4] (pause until a person promotes)).',
      '',
    ].join('\n'));
  });

  test('--format json and --format mermaid', async () => {
    const json = await run(['plan', '--format', 'json', dir]);
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout);
    expect(plan).toMatchObject({ rollout: 'web', strategy: 'canary', minimumSeconds: 480, minimumDuration: '8m', waitsForPerson: true, warnings: [] });
    expect(plan.steps.map((s: any) => `${s.time} ${s.stablePercent}/${s.canaryPercent}`)).toEqual([
      'T+0 100/0', 'T+0 75/25', 'T+0 75/25', 'T+5m 75/25', 'T+8m 50/50', 'T+8m 50/50', 'T+8m 0/100',
    ]);
    const mermaid = await run(['plan', '--format', 'mermaid', dir]);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout.split('\n')[0]).toBe('flowchart TD');
    expect(mermaid.stdout).toContain('  step3{{"T+5m · 75/25<br/>analysis checks, at least 3m"}}');
    expect(mermaid.stdout).toContain('  step3 -. fails .-> outcome0');
    expect(mermaid.stdout).toContain('  class step5 person');
  });

  test('- reads standard input; without the templates the analysis duration is unknown', async () => {
    const r = await run(['plan', '--format', 'json', '-'], ROLLOUT);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ minimumSeconds: 300, hasUnknownDurations: true });
  });

  test('several PATHs are one set: the Rollout from standard input, its templates from a directory', async () => {
    const r = await run(['plan', '--format', 'json', '-', path.join(dir, 'analysis')], ROLLOUT);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const fromDir = JSON.parse((await run(['plan', '--format', 'json', dir])).stdout);
    expect(JSON.parse(r.stdout)).toEqual(fromDir);
    // the analysis takes its duration from the template (alone, standard input gives 300 s: the pause)
    expect(fromDir.minimumSeconds).toBeGreaterThan(300);
    // a file named on its own and in its directory is read once: still one Rollout
    const twice = await run(['plan', path.join(dir, 'rollout.yaml'), dir]);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toBe((await run(['plan', dir])).stdout);
  });

  test('several Rollouts need --rollout NAME; an unknown name is exit 2', async () => {
    const two = `${ROLLOUT}---\n${ROLLOUT.replace('name: web', 'name: api')}`;
    const ambiguous = await run(['plan', '-'], two);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stdout).toBe('');
    expect(ambiguous.stderr).toBe('-: the set has 2 Rollouts (web, api): choose one by name with --rollout NAME\n');
    const chosen = await run(['plan', '--rollout', 'api', '-'], two);
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toMatch(/^Rollout `api`/);
    const unknown = await run(['plan', '--rollout', 'nope', '-'], two);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('-: no Rollout named "nope" in the set (found: web, api)\n');
  });

  test('no Rollout, malformed YAML, a missing file or a bad format: a clear message and exit 2, no stack trace', async () => {
    const none = await run(['plan', path.join(dir, 'analysis')]);
    expect(none).toEqual({ code: 2, stdout: '', stderr: `${path.join(dir, 'analysis')}: no Rollout in the set\n` });

    const malformed = await run(['plan', '-'], 'kind: [\n');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^<stdin>:\d+: error .* \[yaml\]\n$/);

    const missing = path.join(dir, 'nope.yaml');
    expect(await run(['plan', missing])).toEqual({
      code: 2,
      stdout: '',
      stderr: `${missing}: error cannot read ${missing}: no such file or directory (fix: check the path and its permissions) [yaml]\n`,
    });

    const format = await run(['plan', '--format', 'html', dir]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("error: option '--format <format>' argument 'html' is invalid. Allowed choices are markdown, mermaid, json.");

    const noStrategy = await run(['plan', '-'], 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec: {}\n');
    expect(noStrategy).toEqual({ code: 2, stdout: '', stderr: '-: Rollout "web" has no strategy to plan: give spec.strategy exactly one of canary or blueGreen\n' });
  });

  test('a Rollout the controller rejects (InvalidSpec): its errors on standard error as lint prints them, the plan headed by the rejection; exit 1', async () => {
    const bad = ROLLOUT.replace('setWeight: 50', 'setWeight: 150');
    const r = await run(['plan', '-'], bad);
    expect(r.code).toBe(1);
    const statement = 'the Argo Rollouts controller rejects Rollout "web": it marks it InvalidSpec and never runs this plan (1 error)';
    const error = 'SetWeight needs to be between 0 and 100 (fix: use a weight from 0 to 100 (or to trafficRouting.maxTrafficWeight))';
    expect(r.stderr).toBe([
      `<stdin>:21: error Rollout/web spec.strategy.canary.steps[3].setWeight: ${error} [canary-set-weight-range]`,
      `-: ${statement}`,
      '',
    ].join('\n'));
    // the plan is still printed, under the statement: what the steps ask for
    expect(r.stdout.split('\n').slice(0, 5)).toEqual([
      `**Rejected**: ${statement}. The plan below is what the steps ask for.`,
      '',
      `- error \`canary-set-weight-range\` Rollout/web spec.strategy.canary.steps[3].setWeight: ${error}`,
      '',
      'Rollout `web`: canary without a traffic router (weights are approximated by pod counts), 4 replicas.',
    ]);

    const json = await run(['plan', '--format', 'json', '-'], bad);
    expect(json.code).toBe(1);
    const plan = JSON.parse(json.stdout);
    expect(plan).toMatchObject({ rollout: 'web', rejected: true });
    // the fields of `lint --format json`, `set` the PATHs of the plan
    expect(plan.errors).toEqual([{
      set: '-',
      file: '<stdin>',
      line: 21,
      kind: 'Rollout',
      name: 'web',
      generateName: null,
      namespace: null,
      path: 'spec.strategy.canary.steps[3].setWeight',
      rule: 'canary-set-weight-range',
      severity: 'error',
      message: 'SetWeight needs to be between 0 and 100',
      fix: 'use a weight from 0 to 100 (or to trafficRouting.maxTrafficWeight)',
    }]);

    const mermaid = await run(['plan', '--format', 'mermaid', '-'], bad);
    expect(mermaid.code).toBe(1);
    expect(mermaid.stdout.split('\n').slice(0, 2)).toEqual(['flowchart TD', `  %% ${statement}`]);

    // a valid Rollout: not rejected, no errors, exit 0
    const fine = JSON.parse((await run(['plan', '--format', 'json', dir])).stdout);
    expect(fine).toMatchObject({ rejected: false, errors: [] });
  });

  test('an error in an analysis template the Rollout uses rejects it; errors of other objects and missing objects do not', async () => {
    const twoProviders = TEMPLATE.replace('      web: {url: "http://checks"}\n', '      web: {url: "http://checks"}\n      prometheus: {address: "http://p", query: "up"}\n');
    const r = await run(['plan', '-'], `${ROLLOUT}---\n${twoProviders}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^<stdin>:\d+: error AnalysisTemplate\/checks spec\.metrics\[0\]\S*: .*\[metric-single-provider\]\n/);
    expect(r.stderr).toContain('-: the Argo Rollouts controller rejects Rollout "web"');

    // the other Rollout of the set is wrong, and the template is missing: the chosen one is planned, exit 0
    const other = ROLLOUT.replace('name: web', 'name: api').replace('setWeight: 50', 'setWeight: 150');
    const ok = await run(['plan', '--rollout', 'web', '-'], `${ROLLOUT}---\n${other}`);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain('Rejected');
  });

  test('the help states the exit statuses', async () => {
    const help = await run(['plan', '--help']);
    expect(help.stdout).toContain('Exit status: 0 the plan was printed (plan checks are warnings), 1 the controller rejects the Rollout (errors),');
  });

  test('the plan checks are part of the plan; an acknowledged one is not', async () => {
    const noAnalysis = ROLLOUT.replace(/ {6}- analysis:\n.*\n/, '');
    const r = await run(['plan', '-'], noAnalysis);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('- warning `plan-no-analysis` spec.strategy.canary: the update runs no analysis');
    const acked = await run(['plan', '-'], noAnalysis.replace('  name: web\n', '  name: web\n  annotations:\n    progressive.cdk8s.io/acknowledge: plan-no-analysis\n'));
    expect(acked.stdout).not.toContain('Plan checks');
  });
});
