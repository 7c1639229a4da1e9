import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, JsonPatch, Testing, Yaml, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parseAllDocuments } from 'yaml';
import { AnalysisTemplate, ArgValue, BlueGreenRollout, CanaryRollout, CanaryStep, MetricProvider, TemplateArg, TrafficRouting } from '../../src';

/** An app of `charts` charts, each with one canary rollout; returns the rollouts. */
function canaryApp(app: App, charts: number): CanaryRollout[] {
  const rollouts: CanaryRollout[] = [];
  for (let i = 0; i < charts; i++) {
    const chart = new Chart(app, `c${i}`);
    rollouts.push(new CanaryRollout(chart, 'Rollout', {
      metadata: { name: `web${i}` },
      containers: [{ image: 'nginx', portNumber: 80 }],
      steps: [CanaryStep.weight(20), CanaryStep.pause(Duration.minutes(1))],
    }));
  }
  return rollouts;
}

/** An app of `charts` charts, each with a canary rollout routed by NGINX: its rules read the Services and the Ingress. */
function nginxApp(app: App, charts: number): Array<{ rollout: CanaryRollout; stable: kplus.Service; ingress: kplus.Ingress }> {
  return [...Array(charts).keys()].map((i) => {
    const chart = new Chart(app, `n${i}`);
    const stable = new kplus.Service(chart, 'Stable', { ports: [{ port: 80 }] });
    const canary = new kplus.Service(chart, 'Canary', { ports: [{ port: 80 }] });
    const ingress = new kplus.Ingress(chart, 'Ingress', { rules: [{ host: `web${i}.example.com`, backend: kplus.IngressBackend.fromService(stable) }] });
    const rollout = new CanaryRollout(chart, 'Rollout', {
      containers: [{ image: 'nginx', portNumber: 80 }],
      stableService: stable,
      canaryService: canary,
      trafficRouting: TrafficRouting.nginx({ stableIngress: ingress }),
      steps: [CanaryStep.weight(20), CanaryStep.pause(Duration.minutes(1))],
    });
    stable.select(rollout);
    canary.select(rollout);
    return { rollout, stable, ingress };
  });
}

/** The paths of the app's objects that have a `toJson` of their own (one the check lent them). */
function lentObjects(app: App): string[] {
  return app.node.findAll().filter((c) => c instanceof ApiObject && Object.prototype.hasOwnProperty.call(c, 'toJson')).map((c) => c.node.path);
}

describe('synth-time validation inside App.synth()', () => {
  afterEach(() => jest.restoreAllMocks());

  test('each rollout is rendered once per App.synthYaml() call, for validation and output alike', () => {
    const render = jest.spyOn(CanaryRollout.prototype, '_renderSpec');
    const app = new App();
    canaryApp(app, 3);
    app.synthYaml();
    expect(render).toHaveBeenCalledTimes(3);
    app.synthYaml();
    expect(render).toHaveBeenCalledTimes(6);
  });

  test('App subclasses get the same single rendering', () => {
    class MyApp extends App {}
    const render = jest.spyOn(CanaryRollout.prototype, '_renderSpec');
    const app = new MyApp();
    canaryApp(app, 2);
    app.synthYaml();
    expect(render).toHaveBeenCalledTimes(2);
  });

  test('the output reuses the rendering without changing a byte', () => {
    const app = new App();
    const charts = canaryApp(app, 2).map((r) => Chart.of(r));
    // Testing.synth renders each chart on its own, outside App.synth
    const separately = charts.map((c) => Testing.synth(c));
    expect(writeAndRead(app)).toEqual(separately.map((objects, i) => [`c${i}.k8s.yaml`, Yaml.stringify(...objects)]));
    expect(app.synthYaml()).toBe(Yaml.stringify(...separately.flat()));
  });

  test.each([
    'FILE_PER_CHART',
    'FILE_PER_APP',
    'FILE_PER_RESOURCE',
    // writes without per-chart passes: the output is recognized from the call sites
    'FOLDER_PER_CHART_FILE_PER_RESOURCE',
  ] as const)('output type %s: one rendering per rollout and synth, the same objects as fresh renders', (type) => {
    const yamlOutputType = YamlOutputType[type];
    const render = jest.spyOn(CanaryRollout.prototype, '_renderSpec');
    const app = new App({ yamlOutputType });
    const rollouts = canaryApp(app, 2);
    const written = writeAndRead(app);
    expect(render).toHaveBeenCalledTimes(2);
    const fresh = rollouts.flatMap((r) => Testing.synth(Chart.of(r)));
    expect(sortByKindAndName(written.flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJSON()))))
      .toEqual(sortByKindAndName(fresh));
    // after synth returned, a change reaches the next render
    rollouts[0].addStep(CanaryStep.weight(50));
    expect(JSON.stringify((rollouts[0].node.findChild('Resource') as ApiObject).toJson())).toContain('"setWeight":50');
  });

  test.each([
    'FILE_PER_CHART',
    'FILE_PER_APP',
    'FILE_PER_RESOURCE',
    'FOLDER_PER_CHART_FILE_PER_RESOURCE',
  ] as const)('output type %s: the Services and Ingress the rules read are rendered once per synth, and written as fresh renders', (type) => {
    const service = jest.spyOn(kplus.k8s.KubeService.prototype, 'toJson');
    const ingress = jest.spyOn(kplus.k8s.KubeIngress.prototype, 'toJson');
    const app = new App({ yamlOutputType: YamlOutputType[type] });
    const apps = nginxApp(app, 2);
    const written = writeAndRead(app);
    expect(service).toHaveBeenCalledTimes(4);
    expect(ingress).toHaveBeenCalledTimes(2);
    expect(lentObjects(app)).toEqual([]);
    const fresh = apps.flatMap(({ rollout }) => Testing.synth(Chart.of(rollout)));
    expect(sortByKindAndName(written.flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJSON()))))
      .toEqual(sortByKindAndName(fresh));
    // a second synth renders them again, once
    service.mockClear();
    writeAndRead(app);
    expect(service).toHaveBeenCalledTimes(4);
  });

  test('when synth fails after the check, the objects it lent render afresh, and the next synth takes their toJson back', () => {
    const app = new App();
    const [{ stable }] = nginxApp(app, 2);
    // another error than the library's, reported after its check
    let fail = true;
    Chart.of(stable).node.addValidation({ validate: () => fail ? ['not yet'] : [] });
    expect(() => app.synthYaml()).toThrow(/not yet/);
    expect(lentObjects(app)).toEqual(['n0/Stable/Resource', 'n0/Canary/Resource', 'n0/Ingress/Resource', 'n1/Stable/Resource', 'n1/Canary/Resource', 'n1/Ingress/Resource']);
    stable.metadata.addLabel('tier', 'web');
    expect((stable.node.findChild('Resource') as ApiObject).toJson().metadata.labels).toEqual({ tier: 'web' });
    expect(lentObjects(app)).not.toContain('n0/Stable/Resource');
    fail = false;
    const service = jest.spyOn(kplus.k8s.KubeService.prototype, 'toJson');
    expect(app.synthYaml()).toContain('tier: web');
    expect(service).toHaveBeenCalledTimes(4);
    expect(lentObjects(app)).toEqual([]);
  });

  test('an object with a toJson of its own (a jsii override) keeps it', () => {
    const app = new App();
    const [{ ingress }] = nginxApp(app, 1);
    const own = jest.fn(function (this: ApiObject) {
      const json = kplus.k8s.KubeIngress.prototype.toJson.call(this);
      return { ...json, metadata: { ...json.metadata, labels: { own: 'override' } } };
    });
    Object.defineProperty(ingress.node.findChild('Resource'), 'toJson', { value: own, writable: false, configurable: false });
    expect(app.synthYaml()).toContain('own: override');
    // once for the rules, once for the output
    expect(own).toHaveBeenCalledTimes(2);
  });

  test('without per-chart passes the output reads the call sites once per synth, not once per object', () => {
    const stackReads = (charts: number) => {
      const app = new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
      canaryApp(app, charts);
      const capture = jest.spyOn(Error, 'captureStackTrace');
      writeAndRead(app);
      const calls = capture.mock.calls.length;
      capture.mockRestore();
      return calls;
    };
    expect(stackReads(6)).toBe(stackReads(2));
    // after Testing.synth (no App.synth on the stack) renders read no call sites
    const app = new App();
    const [rollout] = canaryApp(app, 2);
    Testing.synth(Chart.of(rollout));
    const capture = jest.spyOn(Error, 'captureStackTrace');
    for (let i = 0; i < 3; i++) (rollout.node.findChild('Resource') as ApiObject).toJson();
    expect(capture).not.toHaveBeenCalled();
  });

  test('a change made between two synth calls reaches the second output and its validation', () => {
    const app = new App();
    const [rollout] = canaryApp(app, 2);
    expect(app.synthYaml()).not.toContain('setWeight: 50');
    rollout.addStep(CanaryStep.weight(50));
    expect(app.synthYaml()).toContain('setWeight: 50');
    rollout.addStep(CanaryStep.weight(20));
    // a decreasing weight is legal; an out-of-range one fails the next synth, not a cached pass
    expect(() => app.synthYaml()).not.toThrow();
    expect(Testing.synth(Chart.of(rollout)).find((o) => o.kind === 'Rollout').spec.strategy.canary.steps).toHaveLength(4);
  });

  test('warnings are printed once per App.synthYaml() call, not per chart pass, and not by Testing.synth', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const app = new App();
    const [first, second] = canaryApp(app, 2);
    second.acknowledge('plan-no-analysis', 'plan-full-traffic-unchecked');
    app.synthYaml();
    const printed = stderr.mock.calls.map(([line]) => String(line));
    expect(printed.length).toBeGreaterThan(0);
    expect(printed.every((l) => l.startsWith('warning: [c0/Rollout] Rollout/web0 ') && l.endsWith(']\n'))).toBe(true);
    expect(printed.filter((l) => l.includes('[plan-no-analysis]'))).toHaveLength(1);
    stderr.mockClear();
    Testing.synth(Chart.of(first));
    expect(stderr).not.toHaveBeenCalled();
  });

  test('a chart writing two Rollouts of one name: a warning on the first, and synth writes both; two charts may go to two clusters', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const app = new App();
    const rollout = (chart: Chart, id: string) => new CanaryRollout(chart, id, {
      metadata: { name: 'web' },
      containers: [{ image: 'nginx', portNumber: 80 }],
      steps: [CanaryStep.weight(20), CanaryStep.pause(Duration.minutes(1))],
    }).acknowledge('plan-no-analysis', 'plan-full-traffic-unchecked');
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    rollout(shop, 'A');
    rollout(shop, 'B');
    const yaml = app.synthYaml();
    expect(stderr.mock.calls.map(([line]) => String(line))).toEqual([
      'warning: [shop/A] Rollout/web metadata.name: Resource argoproj.io/Rollout/shop/web appeared 2 times among application resources. '
      + 'This copy is ignored: the last one is applied (fix: keep one copy of the object in the set: Argo CD applies the last copy and ignores the others, '
      + 'and so does `kubectl apply -f`; a partial copy (a Kustomize patch) is not an object: lint the output of `kustomize build`) [set-repeated-object]\n',
    ]);
    expect(parseAllDocuments(yaml).filter((d) => d.toJS().kind === 'Rollout')).toHaveLength(2);
    // the same Rollout in two charts (one per cluster, say) is not a repeat
    stderr.mockClear();
    const two = new App();
    for (const id of ['dev', 'prod']) rollout(new Chart(two, id, { namespace: 'shop' }), 'Rollout');
    two.synthYaml();
    expect(stderr).not.toHaveBeenCalled();
    stderr.mockRestore();
  });

  test('charts for two clusters with the same names: each Rollout reads the template of its own chart', () => {
    // dev's template takes no argument; prod's requires one, which only prod's Rollout passes
    const app = new App();
    for (const env of ['dev', 'prod']) {
      const chart = new Chart(app, env, { namespace: 'shop' });
      const template = new AnalysisTemplate(chart, 'Checks', {
        metadata: { name: 'checks' },
        args: env === 'prod' ? [TemplateArg.required('slo')] : [],
        metrics: [{ name: 'ok', provider: MetricProvider.web({ url: 'http://checks.shop/ok' }), successCondition: 'result == true' }],
      });
      new CanaryRollout(chart, 'Rollout', {
        metadata: { name: 'web' },
        containers: [{ image: 'nginx', portNumber: 80 }],
        steps: [CanaryStep.weight(20), CanaryStep.analysis({ templates: [template], args: env === 'prod' ? { slo: ArgValue.of('99.9') } : {} })],
      });
    }
    expect(() => app.synthYaml()).not.toThrow();
    // a reference to a template of another chart still resolves (no copy in the Rollout's own chart)
    const shared = new App();
    const common = new Chart(shared, 'common', { namespace: 'shop' });
    const template = new AnalysisTemplate(common, 'Checks', {
      metadata: { name: 'checks' },
      args: [TemplateArg.required('slo')],
      metrics: [{ name: 'ok', provider: MetricProvider.web({ url: 'http://checks.shop/ok' }), successCondition: 'result == true' }],
    });
    new CanaryRollout(new Chart(shared, 'web', { namespace: 'shop' }), 'Rollout', {
      metadata: { name: 'web' },
      containers: [{ image: 'nginx', portNumber: 80 }],
      steps: [CanaryStep.weight(20), CanaryStep.analysis({ templates: [template] })],
    });
    expect(() => shared.synthYaml()).toThrow(/args\.slo was not resolved/);
  });

  test('two Rollouts naming one Service: an error within a chart, not across charts (which may go to two clusters)', () => {
    const build = (charts: Chart[]) => charts.forEach((chart, i) => {
      const stable = new kplus.Service(chart, `Stable${i}`, { metadata: { name: 'web-stable' }, ports: [{ port: 80 }] });
      const canary = new kplus.Service(chart, `Canary${i}`, { metadata: { name: 'web-canary' }, ports: [{ port: 80 }] });
      const rollout = new CanaryRollout(chart, `Rollout${i}`, {
        metadata: { name: `web-${i}` },
        containers: [{ image: 'nginx', portNumber: 80 }],
        stableService: stable,
        canaryService: canary,
        steps: [CanaryStep.weight(20), CanaryStep.pause(Duration.minutes(1))],
      });
      stable.select(rollout);
      canary.select(rollout);
    });
    const two = new App();
    build([new Chart(two, 'dev', { namespace: 'shop' }), new Chart(two, 'prod', { namespace: 'shop' })]);
    expect(() => two.synthYaml()).not.toThrow();
    const one = new App();
    const chart = new Chart(one, 'shop', { namespace: 'shop' });
    build([chart, chart]);
    expect(() => one.synthYaml()).toThrow(/\[shop\/Rollout0\] Rollout\/web-0 spec.strategy.canary.canaryService: Service "web-canary" is managed by another Rollout: Rollout\/web-1 names it too/);
  });

  test('toJson() called directly after App.synth renders afresh', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const rollout = new BlueGreenRollout(chart, 'Rollout', { containers: [{ image: 'nginx', portNumber: 80 }] });
    app.synthYaml();
    rollout.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('disk', 'ssd')));
    const json = chart.node.findAll().find((c) => c.node.id === 'Resource' && c.node.scope === rollout) as any;
    expect(JSON.stringify(json.toJson())).toContain('disk');
  });

  test('valid constructs add no validation of their own: per-chart passes call one validation per app, the root\'s', () => {
    const app = new App();
    const rollouts = canaryApp(app, 4);
    app.synthYaml();
    const withValidations = app.node.findAll().filter((c) => (c.node as any)._validations?.length > 0);
    expect(withValidations).toEqual([app]);
    expect(rollouts.map((r) => r.node.validate())).toEqual([[], [], [], []]);
  });

  test('a construct with errors reports them under its path, in the same pass, from one validation however often synth runs', () => {
    const app = new App();
    const [, broken] = canaryApp(app, 3);
    broken.addStep(CanaryStep.weight(120));
    for (let i = 0; i < 3; i++) {
      expect(() => app.synthYaml()).toThrow(/^Validation failed with the following errors:\n {2}\[c1\/Rollout\] Rollout\/web1 spec\.strategy\.canary\.steps\[2\]\.setWeight: /);
      expect(() => Testing.synth(Chart.of(broken))).toThrow(/\[c1\/Rollout\] Rollout\/web1 /);
    }
    expect((broken.node as any)._validations).toHaveLength(1);
    expect(broken.node.validate()).toEqual([expect.stringMatching(/^Rollout\/web1 spec\.strategy\.canary\.steps\[2\]\.setWeight: /)]);
  });

  test('fixing an error between two synth calls makes the second one pass', () => {
    const app = new App();
    const [rollout] = canaryApp(app, 2);
    rollout.addStep(CanaryStep.weight(120));
    expect(() => app.synthYaml()).toThrow(/\[c0\/Rollout\] Rollout\/web0 spec\.strategy\.canary\.steps\[2\]\.setWeight/);
    (rollout.node.findChild('Resource') as ApiObject).addJsonPatch(JsonPatch.replace('/spec/strategy/canary/steps/2/setWeight', 30));
    expect(app.synthYaml()).toContain('setWeight: 30');
    expect(rollout.node.validate()).toEqual([]);
  });
});

/** The files `app.synth()` writes, in sub-directories too: [relative path, text] pairs. */
function writeAndRead(app: App): Array<[string, string]> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-test-'));
  try {
    (app as any).outdir = outdir;
    app.synth();
    return (fs.readdirSync(outdir, { recursive: true }) as string[]).sort()
      .filter((f) => fs.statSync(path.join(outdir, f)).isFile())
      .map((f) => [f, fs.readFileSync(path.join(outdir, f), 'utf-8')]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function sortByKindAndName(objects: any[]): any[] {
  const key = (o: any) => `${o.kind}/${o.metadata.name}`;
  return [...objects].sort((a, b) => key(a).localeCompare(key(b)));
}
