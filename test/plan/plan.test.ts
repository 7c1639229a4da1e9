import { App, Chart, Duration, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  AnalysisTemplate, ArgValue, BlueGreenPromotion, BlueGreenRollout, CanaryRollout, CanaryStep, MetricProvider, PlanStepKind,
  RolloutPlan, TemplateArg,
} from '../../src';
import { approximateWeightedCanaryStableReplicaCounts, formatTime, trafficRoutedReplicaCounts } from '../../src/plan/compute';

const container = { image: 'ghcr.io/acme/web:2.0.0', portNumber: 8080 };

/** `T+x stable/canary` for each row: what the "done when" reads. */
function timeline(plan: RolloutPlan): string[] {
  return plan.steps.map((s) => `${formatTime(s.startSeconds)} ${s.stablePercent}/${s.canaryPercent}`);
}

function yamlObjects(text: string): any[] {
  return parseAllDocuments(text).map((d) => d.toJS());
}

/** A Rollout manifest with `strategy`, plus `spec` fields. */
function rollout(strategy: Record<string, any>, spec: Record<string, any> = {}, name = 'web'): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name },
    spec: {
      replicas: 10,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'web:2' }] } },
      strategy,
      ...spec,
    },
  };
}

function template(name: string, metrics: Array<Record<string, any>>): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name },
    spec: { metrics: metrics.map((m) => ({ provider: { web: { url: 'http://x' } }, successCondition: 'result == true', ...m })) },
  };
}

const DONE_WHEN_YAML = `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  replicas: 10
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: main, image: ghcr.io/acme/web:2.0.0}]
  strategy:
    canary:
      steps:
      - setWeight: 20
      - pause: {duration: 5m}
      - setWeight: 50
      - pause: {duration: 5m}
`;

/** The rollout as a construct: setWeight 20, pause 5m, setWeight 50, pause 5m, no router. */
function doneWhenRollout(): CanaryRollout {
  return new CanaryRollout(Testing.chart(), 'web', {
    metadata: { name: 'web' },
    replicas: 10,
    containers: [container],
    steps: [CanaryStep.weight(20), CanaryStep.pause(Duration.minutes(5)), CanaryStep.weight(50), CanaryStep.pause(Duration.minutes(5))],
  });
}

describe('RolloutPlan: the issue\'s "done when"', () => {
  const expected = ['T+0 100/0', 'T+0 80/20', 'T+0 80/20', 'T+5m 50/50', 'T+5m 50/50', 'T+10m 0/100'];

  test('setWeight 20, pause 5m, setWeight 50, pause 5m from a construct: T+0 100/0 → 80/20, T+5m 50/50, T+10m 0/100, minimum 10m', () => {
    const plan = RolloutPlan.of(doneWhenRollout());
    expect(timeline(plan)).toEqual(expected);
    expect(plan.steps.map((s) => s.kind)).toEqual([
      PlanStepKind.START, PlanStepKind.SET_WEIGHT, PlanStepKind.PAUSE, PlanStepKind.SET_WEIGHT, PlanStepKind.PAUSE, PlanStepKind.PROMOTION,
    ]);
    expect(plan.steps.map((s) => [s.stableReplicas, s.canaryReplicas])).toEqual([[10, 0], [8, 2], [8, 2], [5, 5], [5, 5], [0, 10]]);
    expect(plan.minimumDuration.toSeconds()).toBe(600);
    expect(plan.waitsForPerson).toBe(false);
    expect(plan.hasUnknownDurations).toBe(false);
  });

  test('the same steps from YAML give the same plan', () => {
    const fromYaml = RolloutPlan.fromManifests(yamlObjects(DONE_WHEN_YAML));
    expect(timeline(fromYaml)).toEqual(expected);
    expect(fromYaml.minimumDuration.toSeconds()).toBe(600);

    const ro = doneWhenRollout();
    expect(RolloutPlan.of(ro).toJson()).toEqual(fromYaml.toJson());
    expect(RolloutPlan.of(ro).toMarkdown()).toBe(fromYaml.toMarkdown());
  });

  test('a final setWeight 100 reaches 0/100 at T+10m too', () => {
    const objects = yamlObjects(`${DONE_WHEN_YAML}      - setWeight: 100\n`);
    const plan = RolloutPlan.fromManifests(objects);
    expect(timeline(plan)).toEqual([...expected.slice(0, 5), 'T+10m 0/100', 'T+10m 0/100']);
    expect(plan.minimumDuration.toSeconds()).toBe(600);
  });

  test('Markdown: one row per step with time, stable %, canary %, what happens, then the minimum time', () => {
    const md = RolloutPlan.fromManifests(yamlObjects(DONE_WHEN_YAML)).toMarkdown();
    expect(md).toBe([
      'Rollout `web`: canary without a traffic router (weights are approximated by pod counts), 10 replicas.',
      '',
      '| time | stable % | canary % | what happens |',
      '|---|---|---|---|',
      '| T+0 | 100 (10 pods) | 0 (0 pods) | update starts: a ReplicaSet for the new version is created; all traffic stays on the stable version |',
      '| T+0 | 80 (8 pods) | 20 (2 pods) | setWeight 20: the canary runs 2 pods and the stable version 8 pods (no traffic router: the weight is approximated by pod counts) |',
      '| T+0 | 80 (8 pods) | 20 (2 pods) | pause 5m |',
      '| T+5m | 50 (5 pods) | 50 (5 pods) | setWeight 50: the canary runs 5 pods and the stable version 5 pods (no traffic router: the weight is approximated by pod counts) |',
      '| T+5m | 50 (5 pods) | 50 (5 pods) | pause 5m |',
      '| T+10m | 0 (0 pods) | 100 (10 pods) | fully promoted: all traffic goes to the new version, which becomes stable |',
      '',
      'Minimum time to full promotion: **10m**.',
      '',
      'Plan checks:',
      '',
      '- warning `plan-no-analysis` spec.strategy.canary: the update runs no analysis: nothing but time (and people) checks the new version before it '
        + 'takes all the traffic (fix: add an analysis step or a background analysis (canary), or a pre-promotion analysis (blue-green); '
        + 'or acknowledge it with the annotation progressive.cdk8s.io/acknowledge: plan-no-analysis)',
      '',
    ].join('\n'));
  });

  test('Mermaid: a flowchart with one node per row in time order', () => {
    expect(RolloutPlan.fromManifests(yamlObjects(DONE_WHEN_YAML)).toMermaid()).toBe([
      'flowchart TD',
      '  step0["T+0 · 100/0<br/>update starts"]',
      '  step1["T+0 · 80/20<br/>setWeight 20"]',
      '  step2["T+0 · 80/20<br/>pause 5m"]',
      '  step3["T+5m · 50/50<br/>setWeight 50"]',
      '  step4["T+5m · 50/50<br/>pause 5m"]',
      '  step5(["T+10m · 0/100<br/>fully promoted"])',
      '  step0 --> step1',
      '  step1 --> step2',
      '  step2 --> step3',
      '  step3 --> step4',
      '  step4 --> step5',
      '  classDef person fill:#fff3cd,stroke:#b58900',
      '  classDef outcome fill:#f8d7da,stroke:#c0392b',
      '',
    ].join('\n'));
  });
});

describe('RolloutPlan: canary', () => {
  test('time formats: T+0, T+45s, T+5m, T+1h30m, T+1h32m30s', () => {
    expect([0, 45, 300, 5400, 5550].map(formatTime)).toEqual(['T+0', 'T+45s', 'T+5m', 'T+1h30m', 'T+1h32m30s']);
  });

  test('an analysis step takes initialDelay + interval × (count - 1); its failure aborts, inconclusive pauses', () => {
    const plan = RolloutPlan.fromManifests([
      rollout({ canary: { steps: [{ setWeight: 20 }, { analysis: { templates: [{ templateName: 'checks' }] } }, { setWeight: 60 }] } }),
      template('checks', [
        { name: 'fast', interval: '30s', count: 3 },
        { name: 'slow', interval: '1m', count: 3, initialDelay: '2m' },
      ]),
    ]);
    const analysis = plan.steps[2];
    expect(analysis).toMatchObject({
      kind: PlanStepKind.ANALYSIS,
      stepIndex: 1,
      startSeconds: 0,
      durationSeconds: 240, // slow: 2m + 1m × 2
      path: 'spec.strategy.canary.steps[1].analysis',
      onFailure: 'abort: all traffic goes back to the stable version and the canary is scaled down',
      onInconclusive: 'the rollout pauses until a person promotes or aborts it',
    });
    expect(analysis.description).toBe('analysis (checks; fast: 3 measurements every 30s; slow: 3 measurements every 1m after 2m; at least 4m); the next step waits for its result');
    expect(timeline(plan).slice(3)).toEqual(['T+4m 40/60', 'T+4m 0/100']);
    expect(plan.minimumDuration.toSeconds()).toBe(240);
  });

  test('an analysis whose template is missing or whose count is a placeholder makes the minimum "at least"', () => {
    const missing = RolloutPlan.fromManifests([rollout({ canary: { steps: [{ analysis: { templates: [{ templateName: 'nope' }] } }, { pause: { duration: '1m' } }] } })]);
    expect(missing.hasUnknownDurations).toBe(true);
    expect(missing.steps[1].durationKnown).toBe(false);
    expect(missing.toMarkdown()).toContain('Minimum time to full promotion: **at least 1m**, because the duration of steps[0] (analysis nope) cannot be computed.');

    const placeholder = RolloutPlan.fromManifests([
      rollout({ canary: { steps: [{ analysis: { templates: [{ templateName: 'checks' }] } }] } }),
      template('checks', [{ name: 'm', interval: '1m', count: '{{args.count}}' }]),
    ]);
    expect(placeholder.hasUnknownDurations).toBe(true);

    // with an interval but no count a metric measures until stopped; with neither it measures once
    const noCount = (metric: Record<string, any>) => RolloutPlan.fromManifests([
      rollout({ canary: { steps: [{ analysis: { templates: [{ templateName: 'checks' }] } }] } }), template('checks', [{ name: 'm', ...metric }]),
    ]).steps[1];
    expect(noCount({ interval: '1m' })).toMatchObject({ durationKnown: false });
    expect(noCount({ initialDelay: '30s' })).toMatchObject({ durationKnown: true, durationSeconds: 30 });
  });

  test('a composite template runs the metrics of the templates it nests, each template once, and a missing nested one is named', () => {
    const composite = (children: string[]) => ({ ...template('parent', []), spec: { templates: children.map((templateName) => ({ templateName })) } });
    const step = { analysis: { templates: [{ templateName: 'parent' }, { templateName: 'slow' }] } };
    const plan = RolloutPlan.fromManifests([
      rollout({ canary: { steps: [step] } }),
      composite(['slow', 'fast']),
      template('slow', [{ name: 'latency', interval: '1m', count: 5 }]),
      template('fast', [{ name: 'errors', interval: '30s', count: 2 }]),
    ]);
    expect(plan.steps[1]).toMatchObject({ durationKnown: true, durationSeconds: 240 });
    // slow is nested and referenced directly: its metric is measured once, as the controller runs it
    expect(plan.steps[1].description).toBe('analysis (parent, slow; latency: 5 measurements every 1m; errors: 2 measurements every 30s; at least 4m); the next step waits for its result');

    const missing = RolloutPlan.fromManifests([rollout({ canary: { steps: [step] } }), composite(['gone']), template('slow', [{ name: 'latency', interval: '1m', count: 5 }])]);
    expect(missing.steps[1].durationKnown).toBe(false);
    expect(missing.steps[1].description).toContain('not in the set: AnalysisTemplate/gone');
  });

  test('an indefinite pause waits for a person: the minimum is "at least"', () => {
    const steps = [{ setWeight: 10 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: 600 } }];
    const plan = RolloutPlan.fromManifests([rollout({ canary: { steps } })]);
    expect(plan.steps[2]).toMatchObject({ kind: PlanStepKind.PAUSE, waitsForPerson: true, durationKnown: false, path: 'spec.strategy.canary.steps[1].pause' });
    expect(plan.waitsForPerson).toBe(true);
    expect(plan.minimumDuration.toSeconds()).toBe(600);
    expect(plan.toMarkdown()).toContain('Minimum time to full promotion: **at least 10m**, because a person must promote the rollout (steps[1] (pause until a person promotes)).');
    expect(plan.toMermaid()).toContain('  class step2 person');
  });

  test('without a router the weight is approximated by pod counts, as upstream does', () => {
    // upstream approximateWeightedCanaryStableReplicaCounts: [canary, stable]
    expect(approximateWeightedCanaryStableReplicaCounts(10, 25, 1)).toEqual([3, 8]); // 3/11 is closest to 25%
    expect(approximateWeightedCanaryStableReplicaCounts(4, 20, 1)).toEqual([1, 4]); // 1/5 is exactly 20%
    expect(approximateWeightedCanaryStableReplicaCounts(1, 50, 0)).toEqual([1, 0]);
    expect(approximateWeightedCanaryStableReplicaCounts(2, 1, 0)).toEqual([1, 1]); // never 0 for a weight of 1-99
    expect(approximateWeightedCanaryStableReplicaCounts(0, 50, 1)).toEqual([0, 0]);
    const plan = RolloutPlan.fromManifests([rollout({ canary: { maxSurge: 0, maxUnavailable: 1, steps: [{ setWeight: 25 }] } }, { replicas: 4 })]);
    expect(plan.steps[1]).toMatchObject({ stablePercent: 75, canaryPercent: 25, stableReplicas: 3, canaryReplicas: 1 });
  });

  test('with a router: canary pods follow the weight (or setCanaryScale), stable stays full unless dynamicStableScale', () => {
    const router = { ...{ stableService: 's', canaryService: 'c' }, trafficRouting: { nginx: { stableIngress: 'i' } } };
    const plan = RolloutPlan.fromManifests([rollout({
      canary: {
        ...router,
        steps: [
          { setCanaryScale: { replicas: 1 } },
          { setWeight: 30 },
          { setCanaryScale: { matchTrafficWeight: true } },
          { setCanaryScale: { weight: 50 } },
        ],
      },
    }, { replicas: 4 })]);
    expect(plan.steps.map((s) => `${s.kind} ${s.stablePercent}/${s.canaryPercent} ${s.stableReplicas}+${s.canaryReplicas}`)).toEqual([
      'start 100/0 4+0',
      'setCanaryScale 100/0 4+1',
      'setWeight 70/30 4+1', // the scale holds until matchTrafficWeight
      'setCanaryScale 70/30 4+2', // ceil(30% of 4)
      'setCanaryScale 70/30 4+2',
      'promotion 0/100 4+4',
      'scaleDown 0/100 0+4',
    ]);
    expect(plan.steps[6]).toMatchObject({ startSeconds: 30, description: 'the previous version\'s ReplicaSet is scaled down (scaleDownDelaySeconds: 30)' });
    expect(plan.minimumDuration.toSeconds()).toBe(0);

    const dynamic = RolloutPlan.fromManifests([
      rollout({ canary: { ...router, dynamicStableScale: true, steps: [{ setWeight: 25 }] } }, { replicas: 4 }),
    ]);
    expect(dynamic.steps[1]).toMatchObject({ stableReplicas: 3, canaryReplicas: 1 });
    const trafficRouting = { ...router.trafficRouting, maxTrafficWeight: 1000 };
    const max = RolloutPlan.fromManifests([rollout({ canary: { ...router, trafficRouting, steps: [{ setWeight: 250 }] } })]);
    expect(max.steps[1]).toMatchObject({ stablePercent: 75, canaryPercent: 25, description: 'setWeight 250: 250 of 1000 (25%) of the traffic goes to the canary' });
  });

  test('setCanaryScale without a router is ignored', () => {
    const plan = RolloutPlan.fromManifests([rollout({ canary: { steps: [{ setCanaryScale: { replicas: 3 } }] } })]);
    expect(plan.steps[1]).toMatchObject({ canaryReplicas: 0, description: 'setCanaryScale: ignored: setCanaryScale needs a traffic router' });
  });

  test('background analysis starts at its startingStep; header and mirror routes; experiments take their duration', () => {
    const plan = RolloutPlan.fromManifests([
      rollout({
        canary: {
          stableService: 's',
          canaryService: 'c',
          trafficRouting: { istio: { virtualService: { name: 'vs' } }, managedRoutes: [{ name: 'h' }, { name: 'm' }] },
          analysis: { templates: [{ templateName: 'bg' }], startingStep: 2 },
          steps: [
            { setHeaderRoute: { name: 'h', match: [{ headerName: 'x-canary', headerValue: { exact: 'yes' } }] } },
            { setMirrorRoute: { name: 'm', percentage: 20, match: [{ method: { exact: 'GET' }, path: { prefix: '/api' } }] } },
            {
              experiment: {
                duration: '30m',
                templates: [{ name: 'baseline', specRef: 'stable', weight: 5 }, { name: 'canary', specRef: 'canary', replicas: 1, weight: 5 }],
                analyses: [{ name: 'compare', templateName: 'bg' }],
              },
            },
            { setHeaderRoute: { name: 'h' } },
          ],
        },
      }),
      template('bg', [{ name: 'errors', interval: '1m' }]),
    ]);
    const rows = plan.steps.map((s) => `${formatTime(s.startSeconds)} ${s.stablePercent}/${s.canaryPercent} ${s.description}`);
    expect(rows).toEqual([
      'T+0 100/0 update starts: a ReplicaSet for the new version is created; all traffic stays on the stable version',
      'T+0 100/0 header route "h": requests with x-canary = "yes" go to the canary',
      'T+0 100/0 mirror route "m": 20% of the requests with method = "GET", path starting with "/api" are copied to the canary (its responses are discarded)',
      'T+0 100/0 background analysis starts (bg; errors: measures every 1m until stopped) and runs until the update is fully promoted',
      'T+0 90/0 experiment for 30m: ReplicaSets baseline (stable version, 1 pod, 5% of the traffic), canary (new version, 1 pod, 5% of the traffic); '
        + 'analyses compare (bg; errors: measures every 1m, with no count; duration unknown)',
      'T+30m 100/0 header route "h" is removed',
      'T+30m 0/100 fully promoted: all traffic goes to the new version, which becomes stable',
      'T+30m30s 0/100 the previous version\'s ReplicaSet is scaled down (scaleDownDelaySeconds: 30)',
    ]);
    expect(plan.steps[4]).toMatchObject({ kind: PlanStepKind.EXPERIMENT, durationSeconds: 1800, onFailure: expect.stringMatching(/^the experiment fails, then abort/) });
    expect(plan.minimumDuration.toSeconds()).toBe(1800);
  });

  test('an experiment template without replicas runs 1 pod (the Experiment\'s default), not the rollout\'s replica count', () => {
    const plan = RolloutPlan.fromManifests([
      rollout({ canary: { steps: [{ experiment: { duration: '10m', templates: [{ name: 'base', specRef: 'stable' }, { name: 'cand', specRef: 'canary', replicas: 3 }] } }] } }),
    ]);
    expect(plan.steps[1].description).toBe('experiment for 10m: ReplicaSets base (stable version, 1 pod), cand (new version, 3 pods)');
  });

  test('an experiment without a duration lasts as long as its analyses required for completion', () => {
    const plan = RolloutPlan.fromManifests([
      rollout({ canary: { steps: [{ experiment: { templates: [{ name: 'c', specRef: 'canary' }], analyses: [{ name: 'a', templateName: 't', requiredForCompletion: true }] } }] } }),
      template('t', [{ name: 'm', interval: '2m', count: 10 }]),
    ]);
    expect(plan.steps[1]).toMatchObject({ durationSeconds: 1080, durationKnown: true });
    expect(plan.minimumDuration.toSeconds()).toBe(1080);
  });
});

describe('RolloutPlan: blue-green', () => {
  const bg = (blueGreen: Record<string, any>) => rollout({ blueGreen: { activeService: 'web-active', previewService: 'web-preview', ...blueGreen } }, { replicas: 3 });
  const checks = template('checks', [{ name: 'm', interval: '1m', count: 3 }]);

  test('preview up → pre-promotion analysis → automatic promotion → post-promotion analysis → scale down after scaleDownDelay', () => {
    const plan = RolloutPlan.fromManifests([bg({
      previewReplicaCount: 1,
      autoPromotionSeconds: 60,
      scaleDownDelaySeconds: 120,
      prePromotionAnalysis: { templates: [{ templateName: 'checks' }] },
      postPromotionAnalysis: { templates: [{ templateName: 'checks' }] },
    }), checks]);
    expect(plan.steps.map((s) => `${formatTime(s.startSeconds)} ${s.kind} ${s.stablePercent}/${s.canaryPercent} ${s.stableReplicas}+${s.canaryReplicas}`)).toEqual([
      'T+0 start 100/0 3+1',
      'T+0 analysis 100/0 3+1',
      'T+2m promotion 0/100 3+3', // after the analysis (2m), which is longer than autoPromotionSeconds (1m)
      'T+2m analysis 0/100 3+3',
      'T+4m complete 0/100 3+3',
      'T+6m scaleDown 0/100 0+3',
    ]);
    expect(plan.steps[1].onFailure).toBe('abort before switching: the active Service stays on the previous version; the new ReplicaSet is scaled down after 30s');
    expect(plan.steps[2].description).toBe('promotion (automatic, 1m after the new version is ready (autoPromotionSeconds)): the new version is scaled to 3 pods, then the active Service switches to it');
    expect(plan.steps[3].onFailure).toBe('rollback: the active Service switches back to the previous version, which is still running');
    expect(plan.minimumDuration.toSeconds()).toBe(240);
    expect(plan.waitsForPerson).toBe(false);
  });

  test('manual promotion waits for a person; autoPromotionSeconds longer than the analysis sets the time', () => {
    const manual = RolloutPlan.fromManifests([bg({ autoPromotionEnabled: false })]);
    expect(manual.steps[1]).toMatchObject({ kind: PlanStepKind.PROMOTION, waitsForPerson: true, path: 'spec.strategy.blueGreen.autoPromotionEnabled' });
    expect(manual.toMarkdown()).toContain('**at least 0s**, because a person must promote the rollout (the promotion).');
    const delayed = RolloutPlan.fromManifests([bg({ autoPromotionSeconds: 600, prePromotionAnalysis: { templates: [{ templateName: 'checks' }] } }), checks]);
    expect(delayed.steps[2].startSeconds).toBe(600);
    expect(delayed.minimumDuration.toSeconds()).toBe(600);
  });

  test('from constructs: the app\'s AnalysisTemplates (in any chart) give the analysis durations', () => {
    const app = new App();
    const shared = new Chart(app, 'shared');
    const chart = new Chart(app, 'web');
    const t = new AnalysisTemplate(shared, 'SuccessRate', {
      metadata: { name: 'success-rate' },
      args: [TemplateArg.required('service-name')],
      metrics: [{
        name: 'success-rate',
        interval: Duration.minutes(1),
        count: 5,
        successCondition: 'result[0] >= 0.95',
        provider: MetricProvider.prometheus({ address: 'http://prometheus:9090', query: 'sum(up{service="{{args.service-name}}"})' }),
      }],
    });
    const ro = new BlueGreenRollout(chart, 'Rollout', {
      metadata: { name: 'web' },
      replicas: 2,
      promotion: BlueGreenPromotion.automatic(),
      containers: [container],
      prePromotionAnalysis: { templates: [t], args: { 'service-name': ArgValue.of('web-preview') } },
    });
    const plan = RolloutPlan.of(ro);
    expect(plan.steps[1]).toMatchObject({ kind: PlanStepKind.ANALYSIS, durationSeconds: 240, durationKnown: true });
    expect(plan.minimumDuration.toSeconds()).toBe(240);
    expect(plan.rolloutName).toBe('web');
    expect(plan.strategy).toBe('blueGreen');
    expect(plan.warnings).toEqual([]);
  });
});

describe('RolloutPlan: choosing the Rollout', () => {
  test('several Rollouts need a name; an unknown name, no Rollout or no strategy is a clear error', () => {
    const two = [rollout({ canary: {} }, {}, 'a'), rollout({ canary: {} }, {}, 'b')];
    expect(() => RolloutPlan.fromManifests(two)).toThrow('the set has 2 Rollouts (a, b): choose one by name');
    expect(RolloutPlan.fromManifests(two, 'b').rolloutName).toBe('b');
    expect(() => RolloutPlan.fromManifests(two, 'c')).toThrow('no Rollout named "c" in the set (found: a, b)');
    expect(() => RolloutPlan.fromManifests([template('t', [])])).toThrow('no Rollout in the set');
    expect(() => RolloutPlan.fromManifests([rollout({})])).toThrow('Rollout "web" has no strategy to plan: give spec.strategy exactly one of canary or blueGreen');
    // a Rollout the API server names (generateName) is named by its prefix
    const generated = { ...rollout({ canary: {} }), metadata: { generateName: 'web-' } };
    expect(() => RolloutPlan.fromManifests([generated, rollout({ canary: {} }, {}, 'b')])).toThrow('the set has 2 Rollouts (web-<generated>, b)');
  });

  test('errors: what makes the controller reject the Rollout, in it or in the templates the plan reads; missing objects and other objects are not', () => {
    const steps = [{ setWeight: 120 }, { analysis: { templates: [{ templateName: 'checks' }] } }];
    const bad = template('checks', [{ name: 'm', interval: '1m', count: 2, failureLimit: -1 }]);
    const unrelated = { ...template('other', [{ name: 'm', interval: '1m', count: 2, failureLimit: -1 }]) };
    // the Services the canary names are not in the set: a partial set, not an error here
    const plan = RolloutPlan.fromManifests([rollout({ canary: { stableService: 'web-stable', canaryService: 'web-canary', steps } }), bad, unrelated]);
    expect(plan.errors.map((f) => `${f.ruleId} ${f.kind}/${f.name} ${f.path}`)).toEqual([
      'metric-limits-not-both-disabled AnalysisTemplate/checks spec.metrics[0].failureLimit',
      'canary-set-weight-range Rollout/web spec.strategy.canary.steps[0].setWeight',
    ]);
    // a copy each time: the caller cannot change the plan's list
    plan.errors.pop();
    expect(plan.errors).toHaveLength(2);
    // the plan itself is still what the steps ask for
    expect(plan.steps[1]).toMatchObject({ kind: PlanStepKind.SET_WEIGHT });

    const fine = RolloutPlan.fromManifests([rollout({ canary: { steps: [{ setWeight: 20 }] } }), unrelated]);
    expect(fine.errors).toEqual([]);
  });

  test('of() needs a rollout construct with its Rollout object', () => {
    const chart = Testing.chart();
    const ro = new CanaryRollout(chart, 'web', { containers: [container] });
    expect(RolloutPlan.of(ro).steps.map((s) => s.kind)).toEqual([PlanStepKind.START, PlanStepKind.PROMOTION]);
    expect(RolloutPlan.of(ro).steps[1].description).toMatch(/^no steps: the new version replaces the stable one at once/);
  });
});

describe('RolloutPlan: pods with a traffic router (upstream CalculateReplicaCountsForTrafficRoutedCanary)', () => {
  // [canary, stable] as v1.9.1 utils/replicaset/canary.go computes them for a settled step: explicit
  // setCanaryScale replicas make the desired weight 0 (GetCanaryReplicasOrWeight), so a dynamic stable
  // keeps ceil(100% × replicas); CheckMinPodsPerReplicaSet raises non-zero counts, and the explicit
  // canary count only with dynamicStableScale
  test.each([
    // replicas, canary fields, setWeight, setCanaryScale, expected [canary, stable]
    [10, { dynamicStableScale: true }, 60, { replicas: 3 }, [3, 10]], // the QA case: stable stays at 10, not 4
    [10, {}, 60, { replicas: 3 }, [3, 10]],
    [10, { minPodsPerReplicaSet: 5 }, 60, { replicas: 3 }, [3, 10]], // explicit count as it is without dynamicStableScale
    [10, { dynamicStableScale: true, minPodsPerReplicaSet: 5 }, 60, { replicas: 3 }, [5, 10]],
    [10, { dynamicStableScale: true }, 0, { replicas: 0 }, [0, 10]],
    [10, { dynamicStableScale: true, minPodsPerReplicaSet: 2 }, 5, undefined, [2, 10]], // ceil(0.5) = 1 → 2; ceil(9.5) = 10
    [4, { dynamicStableScale: true }, 25, undefined, [1, 3]],
    [3, { dynamicStableScale: true, minPodsPerReplicaSet: 2 }, 50, undefined, [2, 2]], // both ceil(1.5)
    [10, { dynamicStableScale: true, minPodsPerReplicaSet: 2 }, 100, undefined, [10, 0]], // 0 stays 0
    // setCanaryScale weight 20 after setWeight 50: the stable keeps the larger of 80% (desired) and 50% (its traffic)
    [10, { dynamicStableScale: true }, 50, { weight: 20 }, [2, 8]],
    [10, { dynamicStableScale: true }, 20, { weight: 50 }, [5, 8]], // 50% desired, 80% of the traffic still on stable
    [4, {}, 30, undefined, [2, 4]],
    [10, { minPodsPerReplicaSet: 3 }, 10, undefined, [3, 10]],
  ])('%i replicas, %j, setWeight %i, setCanaryScale %j → [canary, stable] %j', (replicas, fields, weight, scale, expected) => {
    expect(trafficRoutedReplicaCounts(fields, replicas, weight, weight, scale)).toEqual(expected);
  });

  test('the QA rollout (SMI, dynamicStableScale, setCanaryScale 3 replicas, setWeight 60): the stable keeps 10 pods', () => {
    const plan = RolloutPlan.fromManifests([rollout({
      canary: {
        stableService: 's',
        canaryService: 'c',
        dynamicStableScale: true,
        trafficRouting: { smi: {} },
        steps: [{ setCanaryScale: { replicas: 3 } }, { setWeight: 60 }, { setCanaryScale: { matchTrafficWeight: true } }, { pause: {} }],
      },
    })]);
    expect(plan.steps.slice(0, 5).map((s) => `${s.kind} ${s.stablePercent}/${s.canaryPercent} ${s.stableReplicas}+${s.canaryReplicas}`)).toEqual([
      'start 100/0 10+0',
      'setCanaryScale 100/0 10+3',
      'setWeight 40/60 10+3',
      'setCanaryScale 40/60 4+6', // matchTrafficWeight: the weight decides both again
      'pause 40/60 4+6',
    ]);
  });
});

describe('RolloutPlan: header routes with several match entries, per router', () => {
  const routed = (trafficRouting: Record<string, any>) => RolloutPlan.fromManifests([rollout({
    canary: {
      stableService: 's',
      canaryService: 'c',
      trafficRouting: { ...trafficRouting, managedRoutes: [{ name: 'h' }] },
      steps: [{
        setHeaderRoute: {
          name: 'h',
          match: [{ headerName: 'x-a', headerValue: { exact: '1' } }, { headerName: 'x-b', headerValue: { exact: '2' } }],
        },
      }],
    },
  })]).steps[1].description;

  test('Istio ORs them (one HTTPMatchRequest per entry); ALB ANDs them (one condition per entry in one rule)', () => {
    expect(routed({ istio: { virtualService: { name: 'vs' } } })).toBe('header route "h": requests with x-a = "1" or x-b = "2" go to the canary');
    expect(routed({ alb: { ingress: 'i', servicePort: 80 } })).toBe('header route "h": requests with x-a = "1" and x-b = "2" go to the canary');
  });

  test('Apisix, plugins and mixed routers: the entries, and what each router is known to do with them', () => {
    expect(routed({ apisix: { route: { name: 'r' } } })).toBe(
      'header route "h": requests with x-a = "1", x-b = "2" (Apisix: any or all of them, as APISIX matches one rule\'s match.exprs) go to the canary');
    expect(routed({ plugins: { 'acme/gw': {} } })).toBe(
      'header route "h": requests with x-a = "1", x-b = "2" (plugin: any or all of them, per the plugin) go to the canary');
    expect(routed({ istio: { virtualService: { name: 'vs' } }, alb: { ingress: 'i', servicePort: 80 } })).toBe(
      'header route "h": requests with x-a = "1", x-b = "2" (Istio: any of them; ALB: all of them) go to the canary');
  });
});

describe('RolloutPlan: {{args.x}} in a metric\'s count, interval and initialDelay', () => {
  const templated = (metric: Record<string, any>, args: Array<Record<string, any>>) => ({
    ...template('rate', [{ name: 'rate', ...metric }]),
    spec: { ...template('rate', [{ name: 'rate', ...metric }]).spec, args },
  });
  const step = (passed?: Array<Record<string, any>>) => rollout({ canary: { steps: [{ analysis: { templates: [{ templateName: 'rate' }], ...passed ? { args: passed } : {} } }] } });

  test('the count the step passes (the QA case: "2", interval 30s) gives 2 measurements, at least 30s', () => {
    const plan = RolloutPlan.fromManifests([step([{ name: 'count', value: '2' }]), templated({ interval: '30s', count: '{{args.count}}' }, [{ name: 'count', value: '4' }])]);
    expect(plan.steps[1]).toMatchObject({ durationSeconds: 30, durationKnown: true });
    expect(plan.steps[1].description).toBe('analysis (rate; rate: 2 measurements every 30s; at least 30s); the next step waits for its result');
    expect(plan.hasUnknownDurations).toBe(false);
  });

  test('without a value from the step, the template\'s default; interval and initialDelay resolve too', () => {
    const metric = { interval: '{{args.every}}', count: '{{args.count}}', initialDelay: '{{args.delay}}' };
    const args = [{ name: 'count', value: '4' }, { name: 'every', value: '1m' }, { name: 'delay', value: '30s' }];
    const plan = RolloutPlan.fromManifests([step([{ name: 'every', value: '2m' }]), templated(metric, args)]);
    expect(plan.steps[1].durationSeconds).toBe(30 + 2 * 60 * 3);
    expect(plan.steps[1].description).toContain('rate: 4 measurements every 2m after 30s');
  });

  test('an argument known only when the run starts (valueFrom) leaves the duration unknown, and says why', () => {
    const plan = RolloutPlan.fromManifests([
      step([{ name: 'count', valueFrom: { podTemplateHashValue: 'Latest' } }]),
      templated({ interval: '30s', count: '{{args.count}}' }, [{ name: 'count' }]),
    ]);
    expect(plan.steps[1]).toMatchObject({ durationKnown: false });
    expect(plan.steps[1].description).toContain('rate: its count, interval or initialDelay takes an argument the plan cannot resolve (valueFrom, or not declared)');
  });

  test('an experiment analysis resolves the args it passes', () => {
    const plan = RolloutPlan.fromManifests([
      rollout({
        canary: {
          steps: [{
            experiment: {
              templates: [{ name: 'c', specRef: 'canary' }],
              analyses: [{ name: 'a', templateName: 'rate', requiredForCompletion: true, args: [{ name: 'count', value: '3' }] }],
            },
          }],
        },
      }),
      templated({ interval: '1m', count: '{{args.count}}' }, [{ name: 'count', value: '10' }]),
    ]);
    expect(plan.steps[1]).toMatchObject({ durationSeconds: 120, durationKnown: true });
  });
});
