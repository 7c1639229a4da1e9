/**
 * Synthesis is deterministic: the same app synthesized twice, in two processes' worth of fresh
 * objects, and with its props written in another order, gives byte-identical files. No timestamps,
 * random names or map-order effects.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Testing } from 'cdk8s';
import fc from 'fast-check';
import { AbExperimentChart } from '../examples/ab-experiment/app';
import { BlueGreenDemoChart } from '../examples/blue-green/app';
import { CanaryNginxChart } from '../examples/canary-nginx/app';
import { DarkLaunchIstioChart } from '../examples/dark-launch-istio/app';
import { buildGitOpsDemo } from '../examples/gitops/app';
import {
  AnalysisTemplate, ArgValue, BlueGreenRollout, CanaryRollout, Experiment, ExperimentTemplate, MetricProvider, TemplateArg, WebMethod,
} from '../src';
import {
  argocd, blueGreen, blueGreenProps, buildArgoCd, buildCanary, buildExperiment, canary, experiment, newChart,
} from './property/arbitraries';

/** A copy of `v` whose plain objects (props, maps) list their keys in reverse order, at every depth. */
function reversed<T>(v: T): T {
  if (Array.isArray(v)) return v.map(reversed) as T;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) as T;
  }
  return v;
}

/** Every file `build` makes `app.synth()` write, by relative path. */
function synthFiles(build: (app: App) => void): Map<string, Buffer> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'determinism-'));
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
    const files = new Map<string, Buffer>();
    const walk = (dir: string) => {
      for (const name of fs.readdirSync(dir).sort()) {
        const p = path.join(dir, name);
        if (fs.statSync(p).isDirectory()) walk(p);
        else files.set(path.relative(outdir, p), fs.readFileSync(p));
      }
    };
    walk(outdir);
    return files;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function expectSameFiles(a: Map<string, Buffer>, b: Map<string, Buffer>): void {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [name, bytes] of a) {
    if (!bytes.equals(b.get(name)!)) expect(b.get(name)!.toString('utf-8')).toBe(bytes.toString('utf-8')); // shows the diff
  }
}

/** Each example with every prop given explicitly, so that their order can be reversed. */
const EXAMPLES: Record<string, (app: App, order: <T>(props: T) => T) => void> = {
  'blue-green': (app, order) => new BlueGreenDemoChart(app, 'rollouts-demo', order({
    namespace: 'rollouts-demo',
    image: 'argoproj/rollouts-demo:yellow',
    host: 'prod.local',
    previewHost: 'preview.local',
    prometheusAddress: 'http://prometheus.monitoring:9090',
  })),
  'canary-nginx': (app, order) => new CanaryNginxChart(app, 'canary', order({
    namespace: 'canary',
    image: 'argoproj/rollouts-demo:yellow',
    host: 'canary.local',
    prometheusAddress: 'http://prometheus.monitoring:9090',
    ingressControllerUrl: 'http://ingress-nginx-controller.ingress-nginx',
  })),
  'dark-launch-istio': (app, order) => new DarkLaunchIstioChart(app, 'dark', order({
    namespace: 'dark', image: 'argoproj/rollouts-demo:yellow', host: 'dark.local', header: 'X-Dark-Launch',
  })),
  'ab-experiment': (app, order) => new AbExperimentChart(app, 'ab', order({
    namespace: 'ab',
    baselineImage: 'argoproj/rollouts-demo:blue',
    canaryImage: 'argoproj/rollouts-demo:yellow',
    prometheusAddress: 'http://prometheus.monitoring:9090',
  })),
  'gitops': (app, order) => buildGitOpsDemo(app, order({
    repoUrl: 'https://github.com/acme/gitops.git',
    targetRevision: 'main',
    path: 'dist',
    devImage: 'argoproj/rollouts-demo:green',
    prodImage: 'argoproj/rollouts-demo:blue',
  })),
};

const same = <T>(props: T): T => props;

describe('examples synthesize byte-identical files', () => {
  test.each(Object.keys(EXAMPLES))('%s: twice, and with its props in reverse order', (name) => {
    const build = EXAMPLES[name];
    const first = synthFiles((app) => build(app, same));
    expect(first.size).toBeGreaterThan(0);
    expectSameFiles(first, synthFiles((app) => build(app, same)));
    expectSameFiles(first, synthFiles((app) => build(app, reversed)));
    for (const [file, bytes] of first) {
      const text = bytes.toString('utf-8');
      // no timestamps of today, no temp directories, no random ids
      expect({ file, timestamp: /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text), tmp: text.includes(os.tmpdir()) }).toEqual({ file, timestamp: false, tmp: false });
    }
  });
});

describe('map order never shows in the output', () => {
  test('analysis args, labels and annotations given in another order give the same YAML', () => {
    const build = (order: <T>(v: T) => T) => {
      const chart = newChart();
      const tmpl = new AnalysisTemplate(chart, 'T', {
        metadata: { name: 't', labels: order({ b: '2', a: '1' }), annotations: order({ y: '2', x: '1' }) },
        args: [TemplateArg.required('b'), TemplateArg.required('a')],
        metrics: [{ name: 'm', count: 1, provider: MetricProvider.web({ url: 'http://x/{{args.a}}/{{args.b}}', jsonBody: order({ q: 1, p: { s: 2, r: 3 } }), method: WebMethod.POST }) }],
      });
      new BlueGreenRollout(chart, 'R', {
        metadata: { name: 'r' },
        containers: [{ image: 'a:1', portNumber: 80 }],
        podMetadata: order({ labels: order({ tier: 'web', app: 'r' }) }),
        prePromotionAnalysis: { templates: [tmpl], args: order({ b: ArgValue.of('2'), a: ArgValue.of('1') }), analysisRunLabels: order({ k: 'v', j: 'w' }) },
      });
      new CanaryRollout(chart, 'C', {
        metadata: { name: 'c' }, containers: [{ image: 'a:1' }], canaryMetadata: { labels: order({ z: '1', c: '2' }) },
      });
      new Experiment(chart, 'E', {
        metadata: { name: 'e' },
        duration: Duration.minutes(5),
        templates: [ExperimentTemplate.fromContainers({ name: 'v', containers: [{ image: 'a:1' }], labels: order({ b: '1', a: '2' }) })],
        analyses: [{ name: 'x', template: tmpl, args: order({ b: ArgValue.of('2'), a: ArgValue.of('1') }) }],
      });
      return Testing.synth(chart);
    };
    expect(JSON.stringify(build(reversed))).toBe(JSON.stringify(build(same)));
  });

  const RUNS = 100;
  test(`${RUNS} random blue-green, canary, experiment and Argo CD apps: props in reverse order, same output`, () => {
    const twice = (build: (chart: Chart, order: <T>(v: T) => T) => void) => {
      const out = [same, reversed].map((order) => {
        const chart = newChart();
        build(chart, order);
        return JSON.stringify(Testing.synth(chart));
      });
      expect(out[1]).toBe(out[0]);
    };
    fc.assert(fc.property(blueGreen, canary, experiment, argocd, (bg, c, e, a) => {
      twice((chart, order) => new BlueGreenRollout(chart, 'Rollout', order(blueGreenProps(chart, order(bg)))));
      twice((chart, order) => buildCanary(chart, order(c)));
      twice((chart, order) => buildExperiment(chart, order(e)));
      twice((chart, order) => buildArgoCd(chart, order(a)));
    }), { numRuns: RUNS });
  });
});
