import { Duration, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  AnalysisTemplate, ArgValue, CanaryRollout, CanaryScale, CanaryStep, ClusterAnalysisTemplate, ExperimentSpecRef, ITrafficRouting,
  MetricProvider, PodTemplateHash, StringMatch, TemplateArg, TrafficRoutingConfig,
} from '../../src';
import { only, synthError, synthValid } from '../support/synth';

const container = { image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 };

/** A plugin router: supports header routes, scaling and experiment weights, needs no Services. */
class PluginRouter implements ITrafficRouting {
  public bind(_rollout: IConstruct): TrafficRoutingConfig {
    return { trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web', namespace: 'default' } } } };
  }
}

/** The rendered steps of a canary with `steps` (a plugin router, so that every kind is valid). */
function render(steps: CanaryStep[]): any[] {
  const chart = Testing.chart();
  new CanaryRollout(chart, 'web', { containers: [container], trafficRouting: new PluginRouter(), steps });
  return only(synthValid(chart), 'Rollout').spec.strategy.canary.steps;
}

describe('CanaryStep', () => {
  test('setWeight renders the weight, including the boundaries 0 and 100', () => {
    expect(render([CanaryStep.weight(0), CanaryStep.weight(100)])).toEqual([{ setWeight: 0 }, { setWeight: 100 }]);
  });

  test('setWeight rejects negative and fractional weights at the call', () => {
    expect(() => CanaryStep.weight(-5)).toThrow('CanaryStep.weight (setWeight) needs a whole percentage, 0 or more: -5');
    expect(() => CanaryStep.weight(2.5)).toThrow('CanaryStep.weight (setWeight) needs a whole percentage, 0 or more: 2.5');
  });

  test('pause renders a Go duration string; pauseUntilPromoted an empty pause', () => {
    expect(render([
      CanaryStep.pause(Duration.seconds(30)),
      CanaryStep.pause(Duration.minutes(5)),
      CanaryStep.pause(Duration.hours(1)),
      CanaryStep.pause(Duration.minutes(90)),
      CanaryStep.pauseUntilPromoted(),
    ])).toEqual([
      { pause: { duration: '30s' } },
      { pause: { duration: '5m' } },
      { pause: { duration: '1h' } },
      { pause: { duration: '1h30m' } },
      { pause: {} },
    ]);
  });

  test('analysis renders the templates and sorted args', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'success-rate' },
      args: [TemplateArg.required('service-name'), TemplateArg.required('hash')],
      metrics: [{ name: 'up', count: 1, provider: MetricProvider.prometheus({ address: 'http://prom:9090', query: 'up{service="{{args.service-name}}",h="{{args.hash}}"}' }) }],
    });
    const c = new ClusterAnalysisTemplate(chart, 'C', {
      metadata: { name: 'errors' },
      metrics: [{ name: 'errors', provider: MetricProvider.prometheus({ address: 'http://prom:9090', query: 'sum(errors)' }) }],
    });
    new CanaryRollout(chart, 'web', {
      containers: [container],
      steps: [CanaryStep.analysis({
        templates: [t, c],
        args: { 'service-name': ArgValue.of('web'), 'hash': ArgValue.podTemplateHash(PodTemplateHash.LATEST) },
        dryRunMetrics: ['errors'],
      })],
    });
    expect(only(synthValid(chart), 'Rollout').spec.strategy.canary.steps).toEqual([{
      analysis: {
        templates: [{ templateName: 'success-rate' }, { templateName: 'errors', clusterScope: true }],
        args: [{ name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' } }, { name: 'service-name', value: 'web' }],
        dryRun: [{ metricName: 'errors' }],
      },
    }]);
  });

  test('a dryRunMetrics name that no metric of the step\'s templates has fails synth (the AnalysisRun would end in Error)', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'errors' },
      metrics: [{ name: 'errors', count: 1, provider: MetricProvider.prometheus({ address: 'http://prom:9090', query: 'sum(errors)' }) }],
    });
    new CanaryRollout(chart, 'web', { containers: [container], steps: [CanaryStep.analysis({ templates: [t], dryRunMetrics: ['eror'] })] });
    expect(synthError(chart)).toContain(
      'spec.strategy.canary.steps[0].analysis.dryRun[0].metricName: dryRun[0]: Rule didn\'t match any metric name(s)');
  });

  test('analysis needs a template, at the call', () => {
    expect(() => CanaryStep.analysis({ templates: [] })).toThrow('CanaryStep.analysis: an analysis needs at least one template in "templates"');
  });

  test('setCanaryScale renders exactly one of replicas, weight, matchTrafficWeight', () => {
    expect(render([
      CanaryStep.canaryScale(CanaryScale.replicas(3)),
      CanaryStep.canaryScale(CanaryScale.weight(25)),
      CanaryStep.canaryScale(CanaryScale.matchTrafficWeight()),
    ])).toEqual([
      { setCanaryScale: { replicas: 3 } },
      { setCanaryScale: { weight: 25 } },
      { setCanaryScale: { matchTrafficWeight: true } },
    ]);
    expect(() => CanaryScale.replicas(-1)).toThrow('CanaryScale.replicas needs a whole number of pods, 0 or more: -1');
    expect(() => CanaryScale.weight(101)).toThrow('CanaryScale.weight needs a whole percentage from 0 to 100: 101');
  });

  test('setHeaderRoute renders header matches with one StringMatch each; no matches removes the route', () => {
    expect(render([
      CanaryStep.setHeaderRoute('canary-header', [
        { headerName: 'X-Canary', headerValue: StringMatch.exact('yes') },
        { headerName: 'User-Agent', headerValue: StringMatch.regex('.*Android.*') },
        { headerName: 'X-Team', headerValue: StringMatch.prefix('qa-') },
      ]),
      CanaryStep.setHeaderRoute('canary-header', []),
    ])).toEqual([
      {
        setHeaderRoute: {
          name: 'canary-header',
          match: [
            { headerName: 'X-Canary', headerValue: { exact: 'yes' } },
            { headerName: 'User-Agent', headerValue: { regex: '.*Android.*' } },
            { headerName: 'X-Team', headerValue: { prefix: 'qa-' } },
          ],
        },
      },
      { setHeaderRoute: { name: 'canary-header' } },
    ]);
  });

  test('setHeaderRoute and StringMatch reject empty names and values at the call', () => {
    expect(() => CanaryStep.setHeaderRoute('', [])).toThrow('CanaryStep.setHeaderRoute needs a route name');
    expect(() => CanaryStep.setHeaderRoute('r', [{ headerName: '', headerValue: StringMatch.exact('a') }])).toThrow('CanaryStep.setHeaderRoute("r"): every match needs a "headerName"');
    expect(() => StringMatch.exact('')).toThrow('StringMatch.exact needs a non-empty value: ""');
  });

  // mirror routes need the Istio router (R38): the step is checked on its own here
  test('setMirrorRoute renders percentage and method/path/header matches', () => {
    const step = CanaryStep.setMirrorRoute('mirror', {
      percentage: 35,
      match: [{ method: StringMatch.exact('GET'), path: StringMatch.prefix('/api'), headers: { 'X-Debug': StringMatch.exact('1') } }],
    });
    expect(step._toL1()).toEqual({
      setMirrorRoute: {
        name: 'mirror',
        percentage: 35,
        match: [{ method: { exact: 'GET' }, path: { prefix: '/api' }, headers: { 'X-Debug': { exact: '1' } } }],
      },
    });
    expect(CanaryStep.setMirrorRoute('mirror')._toL1()).toEqual({ setMirrorRoute: { name: 'mirror' } });
    expect(() => CanaryStep.setMirrorRoute('mirror', { percentage: 150 })).toThrow('CanaryStep.setMirrorRoute("mirror") "percentage" must be a whole number from 0 to 100: 150');
  });

  test('plugin renders the name and free-form config', () => {
    expect(render([CanaryStep.plugin('argoproj-labs/sample-step', { message: 'hi', retries: 3 }), CanaryStep.plugin('argoproj-labs/other')])).toEqual([
      { plugin: { name: 'argoproj-labs/sample-step', config: { message: 'hi', retries: 3 } } },
      { plugin: { name: 'argoproj-labs/other' } },
    ]);
  });

  test('experiment renders templates, analyses and a Go duration', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'compare' },
      args: [TemplateArg.required('baseline-hash'), TemplateArg.required('canary-hash')],
      metrics: [{ name: 'm', count: 1, provider: MetricProvider.prometheus({ address: 'http://prom:9090', query: 'x{a="{{args.baseline-hash}}",b="{{args.canary-hash}}"}' }) }],
    });
    new CanaryRollout(chart, 'web', {
      containers: [container],
      trafficRouting: new PluginRouter(),
      steps: [CanaryStep.experiment({
        duration: Duration.minutes(10),
        templates: [
          { name: 'baseline', specRef: ExperimentSpecRef.STABLE, replicas: 1, weight: 5, service: { name: 'web-baseline' } },
          { name: 'canary', specRef: ExperimentSpecRef.CANARY, replicas: 1, weight: 5, selector: { track: 'exp' }, metadata: { labels: { track: 'exp' } }, service: {} },
        ],
        analyses: [{
          name: 'compare',
          template: t,
          requiredForCompletion: true,
          args: {
            'baseline-hash': ArgValue.podTemplateHash(PodTemplateHash.STABLE),
            'canary-hash': ArgValue.podTemplateHash(PodTemplateHash.LATEST),
          },
        }],
        scaleDownDelay: Duration.seconds(10),
        analysisRunLabels: { team: 'web' },
        analysisRunAnnotations: { owner: 'sre' },
      })],
    });
    expect(only(synthValid(chart), 'Rollout').spec.strategy.canary.steps).toEqual([{
      experiment: {
        duration: '10m',
        scaleDownDelaySeconds: 10,
        analysisRunMetadata: { labels: { team: 'web' }, annotations: { owner: 'sre' } },
        templates: [
          { name: 'baseline', specRef: 'stable', replicas: 1, weight: 5, service: { name: 'web-baseline' } },
          { name: 'canary', specRef: 'canary', replicas: 1, weight: 5, selector: { matchLabels: { track: 'exp' } }, metadata: { labels: { track: 'exp' } }, service: {} },
        ],
        analyses: [{
          name: 'compare',
          templateName: 'compare',
          requiredForCompletion: true,
          args: [
            { name: 'baseline-hash', valueFrom: { podTemplateHashValue: 'Stable' } },
            { name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
          ],
        }],
      },
    }]);
  });

  test('experiment needs templates with names, at the call', () => {
    expect(() => CanaryStep.experiment({ templates: [] })).toThrow('CanaryStep.experiment needs at least one template in "templates"');
    expect(() => CanaryStep.experiment({ templates: [{ name: '', specRef: ExperimentSpecRef.CANARY }] })).toThrow('CanaryStep.experiment: every template needs a "name"');
  });

  test('experiment refuses template names that make an invalid ReplicaSet name, and negative replicas, at the call', () => {
    expect(() => CanaryStep.experiment({ templates: [{ name: 'Canary', specRef: ExperimentSpecRef.CANARY }] }))
      .toThrow('CanaryStep.experiment: template "Canary": the name is invalid in its ReplicaSet\'s name, <experiment>-<template>: a lowercase RFC 1123 subdomain must consist of');
    expect(() => CanaryStep.experiment({ templates: [{ name: 'canary_1', specRef: ExperimentSpecRef.CANARY }] })).toThrow('template "canary_1": the name is invalid');
    expect(() => CanaryStep.experiment({ templates: [{ name: 'canary', specRef: ExperimentSpecRef.CANARY, replicas: -1 }] }))
      .toThrow('CanaryStep.experiment: template "canary": "replicas" must be a whole number, 0 or more: -1');
    expect(() => CanaryStep.experiment({ templates: [{ name: 'canary', specRef: ExperimentSpecRef.CANARY, replicas: 1.5 }] })).toThrow('"replicas" must be a whole number');
    expect(() => CanaryStep.experiment({ templates: [{ name: 'canary-2', specRef: ExperimentSpecRef.CANARY, replicas: 0 }] })).not.toThrow();
  });

  test('experiment step templates are checked at synth as the Experiment the controller creates (E5, the selector)', () => {
    const chart = Testing.chart();
    new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      containers: [container],
      steps: [CanaryStep.experiment({
        duration: Duration.minutes(5),
        templates: [
          { name: 'c', specRef: ExperimentSpecRef.CANARY, selector: { role: 'exp' } },
          { name: 'c', specRef: ExperimentSpecRef.STABLE },
        ],
      })],
    });
    const err = synthError(chart);
    expect(err).toContain('Rollout/web spec.strategy.canary.steps[0].experiment.templates[1].name: Experiment web-<pod-hash>-<revision>-0 has repeated template name \'c\' in templates');
    expect(err).toContain('Rollout/web spec.strategy.canary.steps[0].experiment.templates[0].selector: Invalid value: `selector` does not match template `labels`');
  });

  test('a step template\'s Service, named <rollout>-<pod-template hash>-<revision>-<step>-<template>, must fit in 63 characters at its longest', () => {
    const chart = Testing.chart();
    const name = 'checkout-frontend-rollout-with-a-long-name';
    new CanaryRollout(chart, 'web', {
      metadata: { name },
      containers: [container],
      steps: [CanaryStep.experiment({
        duration: Duration.minutes(5),
        templates: [{ name: 'baseline', specRef: ExperimentSpecRef.STABLE, service: {} }, { name: 'canary', specRef: ExperimentSpecRef.CANARY, service: { name: 'web-exp-canary' } }],
      })],
    });
    const svc = `${name}-<pod-hash>-<revision>-0-baseline`;
    const err = synthError(chart);
    expect(err).toContain(`Rollout/${name} spec.strategy.canary.steps[0].experiment.templates[0].name: Failed to create Service ${svc} for template 'baseline': Service "${svc}" is invalid: metadata.name: Invalid value: "${svc}": must be no more than 63 characters (the name can be 70 characters long, with a 10-character pod-template hash and a 5-digit revision)`);
    expect(err).not.toContain('templates[1]');
  });

  test('every kind of step in one rollout passes the CRD schema and the rules', () => {
    const steps = render([
      CanaryStep.weight(10),
      CanaryStep.canaryScale(CanaryScale.weight(10)),
      CanaryStep.setHeaderRoute('h', [{ headerName: 'X-Canary', headerValue: StringMatch.exact('1') }]),
      CanaryStep.pause(Duration.seconds(45)),
      CanaryStep.experiment({ templates: [{ name: 'canary', specRef: ExperimentSpecRef.CANARY, weight: 5 }], duration: Duration.minutes(1) }),
      CanaryStep.setHeaderRoute('h', []),
      CanaryStep.plugin('argoproj-labs/sample-step'),
      CanaryStep.pauseUntilPromoted(),
      CanaryStep.weight(100),
    ]);
    expect(steps.map((s: any) => Object.keys(s)[0])).toEqual([
      'setWeight', 'setCanaryScale', 'setHeaderRoute', 'pause', 'experiment', 'setHeaderRoute', 'plugin', 'pause', 'setWeight',
    ]);
  });
});
