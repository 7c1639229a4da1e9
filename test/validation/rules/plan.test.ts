import { Duration, Testing } from 'cdk8s';
import { BlueGreenPromotion, BlueGreenRollout, CanaryRollout, CanaryStep, RolloutPlan } from '../../../src';
import { validateManifests } from '../../../src/validation/engine';
import { Severity } from '../../../src/validation/finding';
import { only, synthValid } from '../../support/synth';

const W = Severity.WARNING;
const ACK = 'progressive.cdk8s.io/acknowledge';

function rollout(strategy: Record<string, any>, annotations?: Record<string, string>): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', annotations },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:2' }] } },
      strategy,
    },
  };
}

function template(name: string, interval = '1m', count: number | undefined = 3): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name },
    spec: { metrics: [{ name: 'errors', interval, count, successCondition: 'result == true', provider: { web: { url: 'http://x' } } }] },
  };
}

const analysisStep = { analysis: { templates: [{ templateName: 'checks' }] } };
const services = { stableService: 'web-stable', canaryService: 'web-canary' };
const svc = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'web' } } });
const istio = {
  ...services,
  trafficRouting: { istio: { virtualService: { name: 'web', routes: ['primary'] } }, managedRoutes: [{ name: 'testers' }] },
};
const headerRoute = { setHeaderRoute: { name: 'testers', match: [{ headerName: 'x-test', headerValue: { exact: 'yes' } }] } };

/** The plan findings (rule, path, message) of a set. */
function planFindings(manifests: any[], id?: string) {
  return validateManifests(manifests)
    .filter((f) => f.ruleId.startsWith('plan-') && (id === undefined || f.ruleId === id))
    .map((f) => ({ rule: f.ruleId, severity: f.severity, path: f.path, message: f.message }));
}

describe('plan checks', () => {
  describe('plan-no-analysis', () => {
    const id = 'plan-no-analysis';
    test('warns when no step, background, experiment or blue-green analysis runs', () => {
      expect(planFindings([rollout({ canary: { steps: [{ setWeight: 50 }, { pause: { duration: '1m' } }] } })], id)).toEqual([{
        rule: id,
        severity: W,
        path: 'spec.strategy.canary',
        message: 'the update runs no analysis: nothing but time (and people) checks the new version before it takes all the traffic',
      }]);
      expect(planFindings([rollout({ blueGreen: { activeService: 'a', previewService: 'p', autoPromotionEnabled: false } })], id))
        .toEqual([expect.objectContaining({ path: 'spec.strategy.blueGreen' })]);
    });
    test('passes with any analysis', () => {
      expect(planFindings([rollout({ canary: { steps: [{ setWeight: 50 }, analysisStep] } }), template('checks')], id)).toEqual([]);
      expect(planFindings([rollout({ canary: { analysis: { templates: [{ templateName: 'checks' }] } } }), template('checks')], id)).toEqual([]);
      expect(planFindings([rollout({ blueGreen: { activeService: 'a', postPromotionAnalysis: { templates: [{ templateName: 'checks' }] } } }), template('checks')], id))
        .toEqual([]);
    });
  });

  describe('plan-full-traffic-unchecked', () => {
    const id = 'plan-full-traffic-unchecked';
    test('warns when the canary reaches 100% before any analysis', () => {
      expect(planFindings([rollout({ canary: { steps: [{ setWeight: 20 }, { setWeight: 100 }, analysisStep] } }), template('checks')], id)).toEqual([{
        rule: id,
        severity: W,
        path: 'spec.strategy.canary.steps[1].setWeight',
        message: 'the new version takes 100% of the traffic at steps[1] (setWeight 100), T+0, before any analysis has run',
      }]);
      // a background analysis that starts only when the steps are done
      expect(planFindings([rollout({ canary: { analysis: { templates: [{ templateName: 'checks' }], startingStep: 2 }, steps: [{ setWeight: 20 }, { pause: { duration: '1m' } }] } }),
        template('checks')], id)).toEqual([expect.objectContaining({
        path: 'spec.strategy.canary.steps',
        message: 'the new version takes 100% of the traffic when the steps are done, T+1m, before any analysis has run',
      })]);
    });
    test('passes when an analysis runs before, or when there is none at all (plan-no-analysis says so)', () => {
      expect(planFindings([rollout({ canary: { steps: [{ setWeight: 20 }, analysisStep, { setWeight: 100 }] } }), template('checks')], id)).toEqual([]);
      expect(planFindings([rollout({ canary: { analysis: { templates: [{ templateName: 'checks' }], startingStep: 1 }, steps: [{ setWeight: 20 }, { pause: { duration: '1m' } }] } }),
        template('checks')], id)).toEqual([]);
      expect(planFindings([rollout({ canary: { steps: [{ setWeight: 100 }] } })], id)).toEqual([]);
      // the background analysis starts at T+0 and has until T+1m to measure
      expect(planFindings([rollout({ canary: { analysis: { templates: [{ templateName: 'checks' }] }, steps: [{ pause: { duration: '1m' } }, { setWeight: 100 }] } }),
        template('checks')], id)).toEqual([]);
    });
  });

  describe('plan-last-pause-shorter-than-interval', () => {
    const id = 'plan-last-pause-shorter-than-interval';
    const canary = (lastPause: Record<string, any>) => rollout({
      canary: {
        analysis: { templates: [{ templateName: 'background' }] },
        steps: [{ setWeight: 20 }, { pause: { duration: '10m' } }, { setWeight: 60 }, { pause: lastPause }],
      },
    });
    test('warns when the last pause is shorter than the background analysis\'s interval', () => {
      expect(planFindings([canary({ duration: '2m' }), template('background', '5m', undefined)], id)).toEqual([{
        rule: id,
        severity: W,
        path: 'spec.strategy.canary.steps[3].pause.duration',
        message: 'the last pause (2m) is shorter than the interval (5m) of metric "errors" of the background analysis (background): '
          + 'the last weight may be promoted before it is measured',
      }]);
    });
    test('passes with a pause as long as the interval, an indefinite last pause, or no background analysis', () => {
      expect(planFindings([canary({ duration: '5m' }), template('background', '5m', undefined)], id)).toEqual([]);
      expect(planFindings([canary({}), template('background', '5m', undefined)], id)).toEqual([]);
      expect(planFindings([rollout({ canary: { steps: [{ setWeight: 20 }, { pause: { duration: '1s' } }] } })], id)).toEqual([]);
    });
  });

  describe('plan-route-without-canary-pods', () => {
    const id = 'plan-route-without-canary-pods';
    const mirrorRoute = { setMirrorRoute: { name: 'testers', match: [{ method: { exact: 'GET' } }] } };
    test('warns when a header or mirror route sends requests to a canary with no pods', () => {
      expect(planFindings([rollout({ canary: { ...istio, steps: [headerRoute, { pause: {} }, { setWeight: 50 }] } }), svc('web-stable'), svc('web-canary')], id)).toEqual([{
        rule: id,
        severity: W,
        path: 'spec.strategy.canary.steps[0].setHeaderRoute',
        message: 'the header route at steps[0] sends requests to the canary, which has no pods yet (no setCanaryScale or setWeight before it)',
      }]);
      expect(planFindings([rollout({ canary: { ...istio, steps: [{ pause: { duration: '1m' } }, mirrorRoute] } })], id)).toEqual([expect.objectContaining({
        path: 'spec.strategy.canary.steps[1].setMirrorRoute',
        message: 'the mirror route at steps[1] sends requests to the canary, which has no pods yet (no setCanaryScale or setWeight before it)',
      })]);
    });
    test('passes with setCanaryScale (or a weight) first, or when the route is removed', () => {
      const scaled = [{ setCanaryScale: { replicas: 1 } }, headerRoute, mirrorRoute];
      expect(planFindings([rollout({ canary: { ...istio, steps: scaled } })], id)).toEqual([]);
      expect(planFindings([rollout({ canary: { ...istio, steps: [{ setWeight: 10 }, headerRoute] } })], id)).toEqual([]);
      expect(planFindings([rollout({ canary: { ...istio, steps: [{ setHeaderRoute: { name: 'testers' } }, { setMirrorRoute: { name: 'testers' } }] } })], id)).toEqual([]);
    });
  });

  describe('plan-auto-promotion-unchecked', () => {
    const id = 'plan-auto-promotion-unchecked';
    test('warns when blue-green promotes automatically without pre-promotion analysis', () => {
      const message = 'the new version is promoted automatically and no pre-promotion analysis checks it first';
      expect(planFindings([rollout({ blueGreen: { activeService: 'a', postPromotionAnalysis: { templates: [{ templateName: 'checks' }] } } }), template('checks')], id))
        .toEqual([{ rule: id, severity: W, path: 'spec.strategy.blueGreen.autoPromotionEnabled', message }]);
      expect(planFindings([rollout({ blueGreen: { activeService: 'a', autoPromotionSeconds: 300 } })], id))
        .toEqual([{ rule: id, severity: W, path: 'spec.strategy.blueGreen.autoPromotionSeconds', message }]);
    });
    test('passes with manual promotion or a pre-promotion analysis', () => {
      expect(planFindings([rollout({ blueGreen: { activeService: 'a', autoPromotionEnabled: false } })], id)).toEqual([]);
      expect(planFindings([rollout({ blueGreen: { activeService: 'a', prePromotionAnalysis: { templates: [{ templateName: 'checks' }] } } }), template('checks')], id)).toEqual([]);
    });
  });
});

describe('acknowledging warnings', () => {
  const noAnalysis = { canary: { steps: [{ setWeight: 20 }, { setWeight: 100 }] } };

  test('the annotation drops the warnings it names (with spaces), and only those', () => {
    expect(planFindings([rollout(noAnalysis, { [ACK]: 'plan-no-analysis' })])).toEqual([]);
    const bg = { blueGreen: { activeService: 'a' } };
    expect(planFindings([rollout(bg)]).map((f) => f.rule)).toEqual(['plan-no-analysis', 'plan-auto-promotion-unchecked']);
    expect(planFindings([rollout(bg, { [ACK]: ' plan-no-analysis , other' })]).map((f) => f.rule)).toEqual(['plan-auto-promotion-unchecked']);
    expect(planFindings([rollout(bg, { [ACK]: 'plan-no-analysis,plan-auto-promotion-unchecked' })])).toEqual([]);
  });

  test('an acknowledged error is still reported', () => {
    const same = rollout({ blueGreen: { activeService: 'web', previewService: 'web', autoPromotionEnabled: false } }, { [ACK]: 'bluegreen-distinct-services,plan-no-analysis' });
    const findings = validateManifests([same, svc('web')]);
    expect(findings.map((f) => `${f.severity} ${f.ruleId}`)).toEqual(['error bluegreen-distinct-services']);
  });

  test('rollout.acknowledge() adds the annotation, merging with what is there; lint-style checks and RolloutPlan honour it', () => {
    const chart = Testing.chart();
    const ro = new BlueGreenRollout(chart, 'web', {
      metadata: { name: 'web', annotations: { [ACK]: 'plan-no-analysis', team: 'shop' } },
      promotion: BlueGreenPromotion.automatic(),
      containers: [{ image: 'web:2', portNumber: 8080 }],
    });
    expect(RolloutPlan.of(ro).warnings.map((w) => w.ruleId)).toEqual(['plan-auto-promotion-unchecked']);
    ro.acknowledge('plan-auto-promotion-unchecked', 'plan-no-analysis');
    const manifests = synthValid(chart);
    expect(only(manifests, 'Rollout').metadata.annotations).toEqual({ [ACK]: 'plan-no-analysis,plan-auto-promotion-unchecked', team: 'shop' });
    expect(planFindings(manifests)).toEqual([]);
    expect(RolloutPlan.of(ro).warnings).toEqual([]);
  });

  test('acknowledge() refuses what is not a rule id; warnings never fail synth', () => {
    const chart = Testing.chart();
    const ro = new CanaryRollout(chart, 'web', { containers: [{ image: 'web:2' }], steps: [CanaryStep.weight(50), CanaryStep.pause(Duration.minutes(1))] });
    expect(() => ro.acknowledge('plan no analysis')).toThrow('acknowledge() needs rule ids such as "plan-no-analysis": "plan no analysis"');
    expect(() => synthValid(chart)).not.toThrow();
    expect(planFindings(Testing.synth(chart)).map((f) => f.rule)).toEqual(['plan-no-analysis']);
  });
});
