/**
 * Lint speed: generates N Rollouts (half blue-green with pre/post-promotion analysis, half NGINX
 * canaries with step and background analysis), each with its Services, its Ingress or templates,
 * as YAML files of one set, and lints them the way `cdk8s-progressive lint DIR` does.
 *
 *   npx ts-node --project tsconfig.dev.json bench/lint.ts [N] [--out DIR]     (N defaults to 1000)
 *
 * `--out DIR` also writes the clean set's files to DIR, to time the command itself:
 * `/usr/bin/time -v node lib/cli/bin.js lint DIR`.
 *
 * Prints wall time and peak memory for: a clean set, the same set with one mistake per Rollout (so
 * that every finding also has its line looked up), and the rules alone on already parsed objects.
 * Each scenario runs in a child process (same node flags), so that its peak memory is its own.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { parseAllDocuments } from 'yaml';
import { validateManifests } from '../src/validation/engine';
import { Linter, YamlSource } from '../src/validation/linter';

const N = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1000);

function blueGreen(i: number, mistake: boolean): string {
  const app = `bg-${i}`;
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ${app}
  namespace: team-${i % 10}
spec:
  replicas: 3
  revisionHistoryLimit: 3
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      containers:
      - name: app
        image: example/${app}:1.0.${i}
        ports:
        - name: http
          containerPort: 8080
        resources:
          requests: {cpu: 10m, memory: 32Mi}
  strategy:
    blueGreen:
      activeService: ${app}
      previewService: ${mistake ? app : `${app}-preview`}
      autoPromotionEnabled: false
      prePromotionAnalysis:
        templates:
        - templateName: ${app}-smoke
        args:
        - name: url
          value: http://${app}-preview/health
      postPromotionAnalysis:
        templates:
        - templateName: ${app}-success-rate
        args:
        - name: service-name
          value: ${app}
---
${service(app, i)}
---
${service(`${app}-preview`, i, app)}
---
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: ${app}-smoke
  namespace: team-${i % 10}
spec:
  args:
  - name: url
  metrics:
  - name: smoke
    count: 3
    interval: 10s
    successCondition: result.ok == true
    provider:
      web:
        url: "{{args.url}}"
        jsonPath: "{$.status}"
---
${successRate(`${app}-success-rate`, i)}
`;
}

function canary(i: number, mistake: boolean): string {
  const app = `canary-${i}`;
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ${app}
  namespace: team-${i % 10}
spec:
  replicas: 5
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      containers:
      - name: app
        image: example/${app}:2.0.${i}
        ports:
        - name: http
          containerPort: 8080
  strategy:
    canary:
      canaryService: ${app}-canary
      stableService: ${app}-stable
      trafficRouting:
        nginx:
          stableIngress: ${app}
      analysis:
        templates:
        - templateName: ${app}-success-rate
        startingStep: 2
        args:
        - name: service-name
          value: ${app}-canary
      steps:
      - setWeight: 10
      - pause: {duration: 1m}
      - setWeight: 30
      - analysis:
          templates:
          - templateName: ${app}-success-rate
          args:
          - name: service-name
            value: ${app}-canary
      - setWeight: 60
      - pause: {duration: ${mistake ? '1d' : '30m'}}
      - setWeight: 100
---
${service(`${app}-canary`, i, app)}
---
${service(`${app}-stable`, i, app)}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${app}
  namespace: team-${i % 10}
spec:
  ingressClassName: nginx
  rules:
  - host: ${app}.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: ${app}-stable
            port: {name: http}
---
${successRate(`${app}-success-rate`, i)}
`;
}

function service(name: string, i: number, app = name): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: team-${i % 10}
spec:
  selector:
    app: ${app}
  ports:
  - name: http
    port: 80
    targetPort: http`;
}

function successRate(name: string, i: number): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: ${name}
  namespace: team-${i % 10}
spec:
  args:
  - name: service-name
  metrics:
  - name: success-rate
    interval: 1m
    count: 5
    failureLimit: 2
    successCondition: result[0] >= 0.95
    provider:
      prometheus:
        address: http://prometheus.monitoring:9090
        query: |
          sum(rate(http_requests_total{service="{{args.service-name}}",code!~"5.."}[5m]))
          /
          sum(rate(http_requests_total{service="{{args.service-name}}"}[5m]))`;
}

/** One file per Rollout (with its Services and templates), like a GitOps repository. */
function generate(mistakes: boolean): YamlSource[] {
  const out: YamlSource[] = [];
  for (let i = 0; i < N; i++) {
    out.push({ file: `apps/app-${i}.yaml`, text: i % 2 === 0 ? blueGreen(i, mistakes) : canary(i, mistakes) });
  }
  return out;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/**
 * One scenario, in a process of its own so that its peak memory is its own: the peak RSS
 * (`resourceUsage().maxRSS`) is compared with the RSS just before linting (modules loaded, YAML
 * text generated, warm-up done).
 */
function child(scenario: string): void {
  const sources = generate(scenario === 'mistakes');
  Linter._lintSet(sources.slice(0, 20)); // warm-up: JIT, lazy module loads
  let objects: any[] = [];
  if (scenario === 'rules') objects = sources.flatMap((s) => parseAllDocuments(s.text).map((d) => d.toJS()));
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const result = scenario === 'rules'
    ? { manifests: objects, findings: validateManifests(objects) }
    : Linter._lintSet(sources);
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ ms, objects: result.manifests.length, findings: result.findings.length, before, peak, example: result.findings[0] }));
}

function main(): void {
  const sample = generate(false);
  const bytes = sample.reduce((n, s) => n + s.text.length, 0);
  const outIndex = process.argv.indexOf('--out');
  if (outIndex > 0) {
    const dir = process.argv[outIndex + 1];
    for (const s of sample) {
      fs.mkdirSync(path.dirname(path.join(dir, s.file)), { recursive: true });
      fs.writeFileSync(path.join(dir, s.file), s.text);
    }
    console.log(`wrote ${sample.length} files to ${dir}`);
  }
  console.log(`${N} Rollouts (+ ${N * 2} Services, ${N / 2} Ingresses, ${N * 1.5} AnalysisTemplates) in ${sample.length} files, ${mb(bytes)} of YAML; node ${process.version}`);
  const scenarios: Array<[string, string]> = [
    ['clean', 'lint, clean set (parse + rules + lines)'],
    ['mistakes', 'lint, one mistake per Rollout'],
    ['rules', 'rules only (validateManifests on parsed objects)'],
  ];
  for (const [scenario, label] of scenarios) {
    const out = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1, 2), String(N), '--child', scenario], {
      encoding: 'utf-8',
      env: process.env,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (out.status !== 0) throw new Error(`${scenario} failed:\n${out.stderr}`);
    const r = JSON.parse(out.stdout.trim().split('\n').pop()!);
    console.log(`${label.padEnd(50)} ${r.ms.toFixed(0).padStart(6)} ms   ${String(r.objects).padStart(5)} objects ${String(r.findings).padStart(5)} findings   peak RSS ${mb(r.peak)} (${mb(r.before)} before linting)`);
    if (r.example) console.log(`${''.padEnd(52)}e.g. ${r.example.file}:${r.example.line}: ${r.example.kind}/${r.example.name} ${r.example.path} [${r.example.ruleId}]`);
  }
}

if (process.argv.includes('--child')) child(process.argv[process.argv.indexOf('--child') + 1]);
else main();
