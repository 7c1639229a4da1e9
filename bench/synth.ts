/**
 * Synth benchmark: N apps (one chart each: Rollout, two Services, Ingress, AnalysisTemplate) written
 * with this library (validation on) against the same YAML written without it (cdk8s-plus Services
 * and Ingress, Rollout and AnalysisTemplate as plain ApiObjects). Each variant and size runs in its
 * own child process, side by side in one run, so times and peak memory are comparable; the table
 * checks that both variants wrote the same bytes.
 *
 * cdk8s's `App.synth()` validates the whole app again for every chart it writes, which makes synth
 * grow with the square of the number of charts, with or without the library. `--validate-once` also
 * runs both variants with that emulated away (each chart rendered as cdk8s renders it, after the one
 * validation synth starts with), which is what synth would cost if cdk8s validated once per synth.
 *
 *   npx ts-node --project tsconfig.dev.json bench/synth.ts [--sizes 10,100,500,1000] [--rounds 5] [--validate-once]
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Duration, Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as lib from '../src';

type Variant = 'library' | 'baseline';
/** cdk8s's synth as it is (`cdk8s`), or emulating one that validates once per synth (`once`) */
type Synth = 'cdk8s' | 'once';

interface Result {
  readonly variant: Variant;
  readonly synth: Synth;
  readonly apps: number;
  readonly ms: number;
  /** CPU time of the process during synth (user + system): steadier than wall time on a busy machine */
  readonly cpuMs: number;
  readonly peakRssMb: number;
  /** building the constructs (before synth) */
  readonly buildMs: number;
  /**
   * synth up to the first chart it writes: cdk8s's first validation of the whole app (which runs the
   * library's check) and its dependency resolution. The rest of synth is cdk8s's per-chart passes and
   * the output. Undefined if cdk8s no longer goes through `App._synthChart`.
   */
  readonly firstPassMs?: number;
  readonly bytes: number;
  /** sha256 of the output files (names and contents) */
  readonly digest: string;
}

const QUERY = 'sum(rate(http_requests_total{service="{{args.service-name}}",code!~"5.."}[1m])) / sum(rate(http_requests_total{service="{{args.service-name}}"}[1m]))';
const CONTAINER: kplus.ContainerProps = {
  name: 'app',
  image: 'ghcr.io/acme/app:1.0.0',
  portNumber: 8080,
  readiness: kplus.Probe.fromHttpGet('/healthz', { port: 8080 }),
};

/** One app with the library. */
export function libraryApp(app: App, i: number): void {
  const chart = new Chart(app, `app${i}`, { namespace: `team${i}` });
  const name = `svc${i}`;
  const template = new lib.AnalysisTemplate(chart, 'SuccessRate', {
    metadata: { name: 'success-rate' },
    args: [lib.TemplateArg.required('service-name')],
    metrics: [{
      name: 'success-rate',
      interval: Duration.minutes(1),
      count: 3,
      successCondition: 'result[0] >= 0.95',
      provider: lib.MetricProvider.prometheus({ address: 'http://prometheus:9090', query: QUERY }),
    }],
  });
  const stable = new kplus.Service(chart, 'Stable', { metadata: { name: `${name}-stable` }, ports: [{ port: 8080 }] });
  const canary = new kplus.Service(chart, 'Canary', { metadata: { name: `${name}-canary` }, ports: [{ port: 8080 }] });
  const ingress = new kplus.Ingress(chart, 'Ingress', { metadata: { name }, rules: [{ host: `${name}.example.com`, backend: kplus.IngressBackend.fromService(stable) }] });
  const rollout = new lib.CanaryRollout(chart, 'Rollout', {
    metadata: { name },
    replicas: 3,
    containers: [CONTAINER],
    stableService: stable,
    canaryService: canary,
    trafficRouting: lib.TrafficRouting.nginx({ stableIngress: ingress }),
    steps: [
      lib.CanaryStep.weight(20), lib.CanaryStep.pause(Duration.minutes(5)),
      lib.CanaryStep.analysis({ templates: [template], args: { 'service-name': lib.ArgValue.of(`${name}-canary`) } }),
      lib.CanaryStep.weight(50), lib.CanaryStep.pause(Duration.minutes(5)),
    ],
  });
  stable.select(rollout);
  canary.select(rollout);
}

/**
 * The same objects without the library: cdk8s-plus Services and Ingress, plain ApiObjects for the Argo
 * kinds, written field for field as the library writes them (the defaults cdk8s-plus gives a pod
 * template, the `cdk8s.io/metadata.addr` selector label) and in the same order, so that both variants
 * write the same bytes: the table checks it.
 */
export function baselineApp(app: App, i: number): void {
  const chart = new Chart(app, `app${i}`, { namespace: `team${i}` });
  const name = `svc${i}`;
  new ApiObject(chart, 'SuccessRate', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: 'success-rate' },
    spec: {
      args: [{ name: 'service-name' }],
      metrics: [{ name: 'success-rate', interval: '1m', count: 3, successCondition: 'result[0] >= 0.95', provider: { prometheus: { address: 'http://prometheus:9090', query: QUERY } } }],
    },
  });
  const stable = new kplus.Service(chart, 'Stable', { metadata: { name: `${name}-stable` }, ports: [{ port: 8080 }] });
  const canary = new kplus.Service(chart, 'Canary', { metadata: { name: `${name}-canary` }, ports: [{ port: 8080 }] });
  new kplus.Ingress(chart, 'Ingress', { metadata: { name }, rules: [{ host: `${name}.example.com`, backend: kplus.IngressBackend.fromService(stable) }] });
  // the selector label is filled in once the Rollout object exists: its value is derived from the object's construct address
  const labels: Record<string, string> = {};
  const container = {
    name: 'app',
    image: 'ghcr.io/acme/app:1.0.0',
    imagePullPolicy: 'Always',
    ports: [{ containerPort: 8080 }],
    readinessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, failureThreshold: 3 },
    startupProbe: { tcpSocket: { port: 8080 }, failureThreshold: 3 },
    resources: { limits: { cpu: '1500m', memory: '2048Mi' }, requests: { cpu: '1000m', memory: '512Mi' } },
    securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
  };
  const rollout = new ApiObject(chart, 'Rollout', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name },
    spec: {
      replicas: 3,
      selector: { matchLabels: labels },
      strategy: {
        canary: {
          stableService: `${name}-stable`,
          canaryService: `${name}-canary`,
          trafficRouting: { nginx: { stableIngress: name } },
          steps: [
            { setWeight: 20 }, { pause: { duration: '5m' } },
            { analysis: { templates: [{ templateName: 'success-rate' }], args: [{ name: 'service-name', value: `${name}-canary` }] } },
            { setWeight: 50 }, { pause: { duration: '5m' } },
          ],
        },
      },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          containers: [container],
          dnsPolicy: 'ClusterFirst',
          hostNetwork: false,
          restartPolicy: 'Always',
          securityContext: { fsGroupChangePolicy: 'Always', runAsNonRoot: true },
          setHostnameAsFQDN: false,
          terminationGracePeriodSeconds: 30,
        },
      },
    },
  });
  labels['cdk8s.io/metadata.addr'] = Names.toLabelValue(rollout);
  stable.selectLabel('cdk8s.io/metadata.addr', labels['cdk8s.io/metadata.addr']);
  canary.selectLabel('cdk8s.io/metadata.addr', labels['cdk8s.io/metadata.addr']);
}

/** A chart's objects rendered as cdk8s renders them for output (its `chartToKube`), without validating the app again. */
function renderChart(chart: Chart): unknown[] {
  return new DependencyGraph(chart.node).topology()
    .filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart)
    .map((o) => o.toJson());
}

function runChild(variant: Variant, apps: number, synth: Synth): Result {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${variant}-`));
  try {
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const app = new App({ outdir });
    for (let i = 0; i < apps; i++) (variant === 'library' ? libraryApp : baselineApp)(app, i);
    const built = process.hrtime.bigint();
    // the time of the first per-chart pass (cdk8s internal: observed; replaced only to emulate validating once)
    const cdk8sApp = App as unknown as { _synthChart: (chart: Chart) => unknown };
    const synthChart = cdk8sApp._synthChart;
    let firstChart: bigint | undefined;
    cdk8sApp._synthChart = (chart) => {
      firstChart ??= process.hrtime.bigint();
      return synth === 'once' ? renderChart(chart) : synthChart.call(App, chart);
    };
    try {
      app.synth();
    } finally {
      cdk8sApp._synthChart = synthChart;
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const hash = createHash('sha256');
    let bytes = 0;
    for (const f of fs.readdirSync(outdir).sort()) {
      const content = fs.readFileSync(path.join(outdir, f));
      bytes += content.length;
      hash.update(f).update(content);
    }
    return {
      variant,
      synth,
      apps,
      ms,
      cpuMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      bytes,
      digest: hash.digest('hex'),
      buildMs: Number(built - start) / 1e6,
      firstPassMs: firstChart === undefined ? undefined : Number(firstChart - built) / 1e6,
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function main(): void {
  const child = process.argv.indexOf('--child');
  if (child > 0) {
    const [variant, apps, synth] = [process.argv[child + 1] as Variant, Number(process.argv[child + 2]), process.argv[child + 3] as Synth];
    process.stdout.write(JSON.stringify(runChild(variant, apps, synth)));
    return;
  }
  const synths: Synth[] = process.argv.includes('--validate-once') ? ['cdk8s', 'once'] : ['cdk8s'];
  const s = process.argv.indexOf('--sizes');
  const sizes = (s > 0 ? process.argv[s + 1] : '10,100,500,1000').split(',').map(Number);
  const r = process.argv.indexOf('--rounds');
  const rounds = r > 0 ? Number(process.argv[r + 1]) : 5;
  // rounds interleave the variants, each size's baseline and library run back to back: a machine that
  // slows down or speeds up during the run affects both alike. Which of the two runs first alternates from
  // round to round, so that whatever the first run leaves behind (files being deleted, a machine getting
  // slower) weighs on both variants alike. Ratios are paired (library / baseline of the same round), and
  // the table shows their median over the rounds and, with several rounds, their interquartile range.
  const results: Array<Result & { round: number }> = [];
  for (let round = 0; round < rounds; round++) {
    for (const apps of sizes) {
      for (const synth of synths) {
        for (const variant of runOrder(round)) {
          const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', variant, String(apps), synth], {
            env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, maxBuffer: 16 * 1024 * 1024,
          });
          results.push({ ...JSON.parse(out.toString()), round });
          flushDisk();
        }
      }
    }
  }
  console.log(`synth benchmark: node ${process.version}, ${os.cpus().length} cores, ${rounds} interleaved rounds, the variants' order alternating (medians; ratios paired per round, time ratio with its interquartile range)`);
  ratioTable(results.filter((x) => x.synth === 'cdk8s'), sizes, rounds);
  phaseTable(results.filter((x) => x.synth === 'cdk8s'), sizes);
  if (synths.includes('once')) {
    console.log('\nif cdk8s validated once per synth (emulated: each chart rendered without validating the app again)');
    ratioTable(results.filter((x) => x.synth === 'once'), sizes, rounds);
    const same = sizes.every((apps) => new Set(results.filter((x) => x.apps === apps).map((x) => x.digest)).size === 1);
    console.log(`output of the emulation: ${same ? 'identical to cdk8s\'s' : 'DIFFERENT from cdk8s\'s'}`);
  }
}

/** The order the two variants run in, in a round: it alternates, the baseline first in even rounds. */
function runOrder(round: number): Variant[] {
  return round % 2 === 0 ? ['baseline', 'library'] : ['library', 'baseline'];
}

/**
 * Writes what the last child wrote and deleted out to disk before the next child starts, so that the
 * next one does not share the disk with it. Without this, whichever variant ran second in a round was
 * slower: at 500 apps over 21 rounds the paired ratio was 1.33x when the baseline ran first and 1.24x
 * when the library did; with it, 1.32x and 1.30x. The time is not counted. No-op where there is no
 * `sync` command.
 */
function flushDisk(): void {
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // no sync command (Windows): the alternating order still evens the rounds out
  }
}

/** Time, CPU and memory of both variants per size, and the time the library adds per app. */
function ratioTable(results: Array<Result & { round: number }>, sizes: number[], rounds: number): void {
  console.log('| apps | baseline ms | library ms | time ratio (interquartile range) | CPU ratio | fastest rounds ratio | baseline peak RSS MB | library peak RSS MB | added ms/app | added ms per extra app | output |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  let previous: { apps: number; added: number } | undefined;
  const byOrder: string[] = [];
  for (const apps of sizes) {
    const pairs = [...Array(rounds).keys()].map((round) => {
      const of = (variant: Variant) => results.find((x) => x.apps === apps && x.round === round && x.variant === variant)!;
      return { b: of('baseline'), l: of('library') };
    });
    const bs = pairs.map((p) => p.b);
    const ls = pairs.map((p) => p.l);
    // the time the library adds to the whole synth; its growth from the previous size, per app, is the cost of
    // one more app without the one-time cost (first calls of the library's code) that dominates small apps
    const added = median(pairs.map((p) => p.l.ms - p.b.ms));
    // the paired time ratio of each round (index = round)
    const ratios = pairs.map((p) => p.l.ms / p.b.ms);
    // what alternating the order evens out: the paired ratio in the rounds where the baseline ran first and in the others
    const ratioWhen = (first: Variant) => ratios.filter((_, round) => runOrder(round)[0] === first);
    const [baselineFirst, libraryFirst] = [ratioWhen('baseline'), ratioWhen('library')];
    if (libraryFirst.length > 0) {
      byOrder.push(`${apps} apps: baseline first ${median(baselineFirst).toFixed(2)}x (${baselineFirst.length} rounds), library first ${median(libraryFirst).toFixed(2)}x (${libraryFirst.length})`);
    }
    const slope = previous && apps > previous.apps ? ((added - previous.added) / (apps - previous.apps)).toFixed(2) : '';
    previous = { apps, added };
    console.log([
      apps, median(bs.map((x) => x.ms)).toFixed(0), median(ls.map((x) => x.ms)).toFixed(0),
      ratioWithSpread(ratios),
      `${median(pairs.map((p) => p.l.cpuMs / p.b.cpuMs)).toFixed(2)}x`,
      `${(Math.min(...ls.map((x) => x.ms)) / Math.min(...bs.map((x) => x.ms))).toFixed(2)}x`,
      median(bs.map((x) => x.peakRssMb)).toFixed(0), median(ls.map((x) => x.peakRssMb)).toFixed(0),
      (added / apps).toFixed(2), slope,
      pairs.every((p) => p.l.digest === p.b.digest) ? `identical (${(bs[0].bytes / 1e6).toFixed(1)} MB)` : 'DIFFERENT',
    ].join(' | ').replace(/^/, '| ').replace(/$/, ' |'));
  }
  if (byOrder.length > 0) console.log(`time ratio by the variant that ran first (medians): ${byOrder.join('; ')}`);
}

/**
 * Where the time goes, per size (medians over the rounds): building the constructs, synth's first pass
 * (the whole app validated once: the library's check), and the rest of synth (cdk8s's per-chart passes,
 * which validate the whole app again for each chart, and the output). The per-app columns tell the
 * library's own work (its check, linear in the number of apps) from cdk8s's per-chart passes (which grow
 * with the number of charts, with or without the library).
 */
function phaseTable(results: Result[], sizes: number[]): void {
  if (results.some((r) => r.firstPassMs === undefined)) {
    console.log('(phases not measured: cdk8s no longer synthesizes charts through App._synthChart)');
    return;
  }
  console.log('\nphases (medians, ms): build / first pass / per-chart passes and output');
  console.log('| apps | baseline | library | library first pass minus baseline\'s, per app | per-chart passes and output, per app (baseline / library) |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const apps of sizes) {
    const phases = (variant: Variant) => {
      const rs = results.filter((x) => x.apps === apps && x.variant === variant);
      const build = median(rs.map((x) => x.buildMs));
      const first = median(rs.map((x) => x.firstPassMs!));
      const rest = median(rs.map((x) => x.ms - x.buildMs - x.firstPassMs!));
      return { build, first, rest, text: `${build.toFixed(0)} / ${first.toFixed(0)} / ${rest.toFixed(0)}` };
    };
    const b = phases('baseline');
    const l = phases('library');
    console.log(`| ${apps} | ${b.text} | ${l.text} | ${((l.first - b.first) / apps).toFixed(2)} | ${(b.rest / apps).toFixed(2)} / ${(l.rest / apps).toFixed(2)} |`);
  }
}

/** A paired ratio's median and, from four rounds on, its interquartile range: `1.30x (1.22-1.41)`. */
function ratioWithSpread(ratios: number[]): string {
  const m = `${median(ratios).toFixed(2)}x`;
  return ratios.length < 4 ? m : `${m} (${quantile(ratios, 0.25).toFixed(2)}-${quantile(ratios, 0.75).toFixed(2)})`;
}

function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

/** The q-quantile of xs, interpolated between the two nearest values (as R's and numpy's default). */
function quantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

if (require.main === module) main();
