import { ApiObject, App, Chart, Duration, JsonPatch, Names, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AnalysisTemplate, ArgValue, CanaryRollout, Experiment, ExperimentTemplate, MetricProvider, PodTemplateHash, TemplateArg, WorkloadRef,
} from '../../src';
import { only, synthError, synthValid } from '../support/synth';

const ADDR = 'cdk8s.io/metadata.addr';

function comparison(chart: Chart): AnalysisTemplate {
  return new AnalysisTemplate(chart, 'Compare', {
    metadata: { name: 'compare' },
    args: [TemplateArg.required('baseline-hash'), TemplateArg.required('canary-hash')],
    metrics: [{
      name: 'error-rate-delta',
      interval: Duration.minutes(1),
      count: 5,
      successCondition: 'result[0] <= 0.01',
      provider: MetricProvider.prometheus({
        address: 'http://prometheus:9090',
        query: 'err{hash="{{args.canary-hash}}"} - err{hash="{{args.baseline-hash}}"}',
      }),
    }],
  });
}

describe('Experiment', () => {
  test('templates from cdk8s-plus containers, with an analysis over their pod-template hashes', () => {
    const chart = Testing.chart();
    const baseline = ExperimentTemplate.fromContainers({
      name: 'baseline',
      containers: [{ image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080, readiness: kplus.Probe.fromHttpGet('/healthz') }],
      labels: { role: 'baseline' },
      replicas: 2,
      minReady: Duration.seconds(10),
      createService: true,
    });
    const canary = ExperimentTemplate.fromContainers({
      name: 'canary',
      containers: [{ image: 'ghcr.io/acme/web:1.1.0', portNumber: 8080 }],
      serviceName: 'web-canary-exp',
      podAnnotations: { 'prometheus.io/scrape': 'true' },
    });
    new Experiment(chart, 'AB', {
      metadata: { name: 'ab' },
      templates: [baseline, canary],
      duration: Duration.minutes(30),
      progressDeadline: Duration.minutes(5),
      scaleDownDelay: Duration.seconds(10),
      dryRunMetrics: ['error-rate-delta'],
      analysisRunLabels: { team: 'web' },
      analysisRunAnnotations: { owner: 'web@acme' },
      analyses: [{
        name: 'compare',
        template: comparison(chart),
        requiredForCompletion: true,
        args: { 'canary-hash': canary.podTemplateHash(), 'baseline-hash': baseline.podTemplateHash() },
      }],
    });
    const e = only(synthValid(chart), 'Experiment');
    expect(e.metadata.name).toBe('ab');
    expect({ ...e.spec, templates: undefined }).toEqual({
      duration: '30m',
      progressDeadlineSeconds: 300,
      scaleDownDelaySeconds: 10,
      dryRun: [{ metricName: 'error-rate-delta' }],
      analysisRunMetadata: { labels: { team: 'web' }, annotations: { owner: 'web@acme' } },
      analyses: [{
        name: 'compare',
        templateName: 'compare',
        requiredForCompletion: true,
        args: [
          { name: 'baseline-hash', value: '{{templates.baseline.podTemplateHash}}' },
          { name: 'canary-hash', value: '{{templates.canary.podTemplateHash}}' },
        ],
      }],
      templates: undefined,
    });
    const [b, c] = e.spec.templates;
    expect(b).toMatchObject({ name: 'baseline', replicas: 2, minReadySeconds: 10, service: {} });
    expect(b.selector.matchLabels).toEqual({ role: 'baseline', [ADDR]: expect.stringContaining('baseline') });
    expect(b.template.metadata.labels).toEqual(b.selector.matchLabels);
    // cdk8s-plus renders the pod: its secure defaults and the probe survive
    expect(b.template.spec.containers[0]).toMatchObject({
      image: 'ghcr.io/acme/web:1.0.0',
      ports: [{ containerPort: 8080 }],
      readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
      securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
    });
    expect(b.template.spec.automountServiceAccountToken).toBe(false);
    expect(c).toMatchObject({ name: 'canary', service: { name: 'web-canary-exp' }, template: { metadata: { annotations: { 'prometheus.io/scrape': 'true' } } } });
    expect(c.selector.matchLabels[ADDR]).not.toEqual(b.selector.matchLabels[ADDR]);
  });

  test('a template copied from a rollout keeps its pod spec and labels, with its own selector label', () => {
    const chart = Testing.chart();
    const rollout = new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      podMetadata: { labels: { app: 'web' } },
      containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080, liveness: kplus.Probe.fromHttpGet('/live', { port: 8080 }) }],
    });
    const experiment = new Experiment(chart, 'Soak', { metadata: { name: 'soak' }, duration: Duration.hours(1) });
    const t = experiment.addTemplate(ExperimentTemplate.fromRollout(rollout, { name: 'current', labels: { role: 'soak' } }));
    expect(t.name).toBe('current');
    expect(experiment.templates).toEqual([t]);
    const manifests = synthValid(chart);
    const template = only(manifests, 'Experiment').spec.templates[0];
    const podTemplate = only(manifests, 'Rollout').spec.template;
    expect(template.template.spec).toEqual(podTemplate.spec);
    expect(template.template.metadata.labels).toEqual({ ...podTemplate.metadata.labels, role: 'soak', [ADDR]: expect.stringContaining('current') });
    expect(template.template.metadata.labels[ADDR]).not.toEqual(podTemplate.metadata.labels[ADDR]);
    expect(template.selector).toEqual({ matchLabels: { role: 'soak', [ADDR]: template.template.metadata.labels[ADDR] } });
  });

  test('fails synth for a template minReady longer than the progress deadline (E3)', () => {
    const chart = Testing.chart();
    new Experiment(chart, 'AB', {
      metadata: { name: 'ab' },
      progressDeadline: Duration.minutes(1),
      templates: [ExperimentTemplate.fromContainers({ name: 'a', containers: [{ image: 'web:1' }], minReady: Duration.minutes(2) })],
    });
    expect(synthError(chart)).toContain('Experiment/ab spec.templates[0].minReadySeconds: MinReadySeconds cannot be longer than ProgressDeadlineSeconds. Check template index 0');
  });

  test('fails synth for a template Service whose name, <experiment>-<template>, is longer than 63 characters', () => {
    const chart = Testing.chart();
    const name = 'checkout-frontend-baseline-versus-candidate-comparison';
    new Experiment(chart, 'AB', {
      metadata: { name },
      templates: [
        ExperimentTemplate.fromContainers({ name: 'candidate', containers: [{ image: 'web:2', portNumber: 8080 }], createService: true }),
        ExperimentTemplate.fromContainers({ name: 'baseline', containers: [{ image: 'web:1', portNumber: 8080 }], serviceName: 'web-baseline' }),
      ],
    });
    const svc = `${name}-candidate`;
    const err = synthError(chart);
    expect(err).toContain(`Experiment/${name} spec.templates[0].name: Failed to create Service ${svc} for template 'candidate': Service "${svc}" is invalid: metadata.name: Invalid value: "${svc}": must be no more than 63 characters`);
    expect(err).not.toContain('templates[1]');
  });

  test('fails synth for repeated template names (E5)', () => {
    const chart = Testing.chart();
    new Experiment(chart, 'AB', {
      metadata: { name: 'ab' },
      templates: [
        ExperimentTemplate.fromContainers({ name: 'a', containers: [{ image: 'web:1' }] }),
        ExperimentTemplate.fromContainers({ name: 'a', containers: [{ image: 'web:2' }] }),
      ],
    });
    expect(synthError(chart)).toContain('Experiment ab has repeated template name \'a\' in templates');
  });

  test('fails synth for an analysis argument the template needs but is not given', () => {
    const chart = Testing.chart();
    const a = ExperimentTemplate.fromContainers({ name: 'a', containers: [{ image: 'web:1' }] });
    new Experiment(chart, 'AB', {
      metadata: { name: 'ab' },
      templates: [a],
      analyses: [{ name: 'compare', template: comparison(chart), args: { 'canary-hash': a.podTemplateHash() } }],
    });
    expect(synthError(chart)).toContain('Experiment/ab spec.analyses[0].args: args.baseline-hash was not resolved');
  });

  test('a replica-set name argument; a field argument is refused (the Experiment controller drops valueFrom)', () => {
    const chart = Testing.chart();
    const t = new AnalysisTemplate(chart, 'T', {
      metadata: { name: 't' },
      args: [TemplateArg.required('rs'), TemplateArg.withDefault('ns', 'default')],
      metrics: [{ name: 'm', provider: MetricProvider.web({ url: 'http://check/{{args.rs}}/{{args.ns}}' }) }],
    });
    const a = ExperimentTemplate.fromContainers({ name: 'a', containers: [{ image: 'web:1' }] });
    const e = new Experiment(chart, 'AB', {
      metadata: { name: 'ab' },
      templates: [a],
      analyses: [{ name: 'check', template: t, args: { rs: a.replicaSetName() } }],
    });
    expect(only(synthValid(chart), 'Experiment').spec.analyses[0].args).toEqual([{ name: 'rs', value: '{{templates.a.replicaset.name}}' }]);
    expect(() => e.addAnalysis({ name: 'check2', template: t, args: { rs: a.replicaSetName(), ns: ArgValue.fromField('metadata.namespace') } }))
      .toThrow('test/AB: analysis "check2" argument "ns": ArgValue.fromField() works only in rollouts: the Experiment controller drops valueFrom, so the argument would be unresolved (or take the template\'s default). Pass a value: ArgValue.of(...), or a template\'s podTemplateHash() / replicaSetName()');
  });

  test('an argument naming a template the experiment does not have fails synth', () => {
    const chart = Testing.chart();
    const a = ExperimentTemplate.fromContainers({ name: 'a', containers: [{ image: 'web:1' }] });
    const other = ExperimentTemplate.fromContainers({ name: 'b', containers: [{ image: 'web:2' }] });
    new Experiment(chart, 'AB', {
      metadata: { name: 'ab' },
      templates: [a],
      analyses: [{ name: 'compare', template: comparison(chart), args: { 'baseline-hash': a.podTemplateHash(), 'canary-hash': other.podTemplateHash() } }],
    });
    expect(synthError(chart)).toContain('Experiment/ab spec.analyses[0].args[1].value: failed to resolve {{templates.b.podTemplateHash}}: the experiment has no template "b" (its templates: a)');
  });

  test('an Experiment without templates synthesizes with a warning (it runs nothing and succeeds at once)', () => {
    const app = new App();
    new Experiment(new Chart(app, 'c'), 'E', { metadata: { name: 'e' } });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const yaml = app.synthYaml();
      expect(yaml).toContain('templates: []');
      expect(stderr.mock.calls.map(([line]) => String(line))).toEqual([
        'warning: [c/E] Experiment/e spec.templates: the experiment has no templates: it runs nothing, and succeeds at once without running its analyses '
          + '(fix: add at least one template (ExperimentTemplate.fromContainers / fromRollout, or a step template)) [experiment-templates-required]\n',
      ]);
    } finally {
      stderr.mockRestore();
    }
  });

  test('throws for bad arguments', () => {
    const chart = Testing.chart();
    const e = new Experiment(chart, 'AB');
    expect(() => ExperimentTemplate.fromContainers({ name: 'a', containers: [] })).toThrow('experiment template "a" needs at least one container in "containers"');
    expect(() => ExperimentTemplate.fromContainers({ name: 'a', containers: [{ image: 'x' }], replicas: -1 }))
      .toThrow('experiment template "a": "replicas" must be a whole number, 0 or more: -1');
    expect(() => ExperimentTemplate.fromContainers({ name: 'Canary_1', containers: [{ image: 'x' }] }))
      .toThrow('experiment template "Canary_1": the name is invalid in its ReplicaSet\'s name, <experiment>-<template>: a lowercase RFC 1123 subdomain must consist of');
    expect(() => ExperimentTemplate.fromContainers({ name: 'canary-1.2', containers: [{ image: 'x' }] })).not.toThrow();
    expect(() => e.addAnalysis({ name: 'x', template: comparison(chart), args: { 'canary-hash': ArgValue.podTemplateHash(PodTemplateHash.LATEST) } }))
      .toThrow('analysis "x" argument "canary-hash": ArgValue.podTemplateHash() exists only in rollouts');
    const deployment = new kplus.Deployment(chart, 'Legacy', { metadata: { name: 'legacy' }, containers: [{ image: 'x' }] });
    const migrated = new CanaryRollout(chart, 'Migrated', { workloadRef: WorkloadRef.fromDeployment(deployment) });
    expect(() => ExperimentTemplate.fromRollout(migrated, { name: 'b' }))
      .toThrow('experiment template "b": test/Migrated takes its pod template from Deployment "legacy" (workloadRef), so it has none to copy: use ExperimentTemplate.fromContainers');
    const t = e.addTemplate(ExperimentTemplate.fromContainers({ name: 'a', containers: [{ image: 'x' }] }));
    expect(() => new Experiment(chart, 'Other').addTemplate(t)).toThrow('experiment template "a" already belongs to test/AB: create one template per experiment');
  });
});

describe('the construct is the Experiment object', () => {
  test('one object node (a template\'s pods are a helper construct, no object), named from its own path, addJsonPatch reaches the output', () => {
    const chart = Testing.chart();
    const experiment = new Experiment(chart, 'AB', {
      templates: [ExperimentTemplate.fromContainers({ name: 'a', containers: [{ image: 'web:1' }] })],
      analyses: [{ name: 'compare', template: comparison(chart), args: { 'baseline-hash': ArgValue.of('x'), 'canary-hash': ArgValue.of('y') } }],
    });
    expect(experiment).toBeInstanceOf(ApiObject);
    expect(ApiObject.of(experiment)).toBe(experiment);
    expect(experiment.node.findAll().filter((c) => c instanceof ApiObject)).toEqual([experiment]);
    expect(experiment.node.children.map((c) => c.node.id)).toEqual(['Template0']);
    expect(experiment.name).toBe(Names.toDnsLabel(experiment));
    expect(experiment.name).toMatch(/^test-ab-[0-9a-f]{8}$/);
    experiment.addJsonPatch(JsonPatch.add('/spec/measurementRetention', [{ metricName: 'error-rate-delta', limit: 20 }]));
    const e = only(synthValid(chart), 'Experiment');
    expect(e.metadata.name).toBe(experiment.name);
    expect(e.spec.measurementRetention).toEqual([{ metricName: 'error-rate-delta', limit: 20 }]);
  });

  test('an Experiment whose templates come from rollouts has no child node; instanceof accepts no other ApiObject', () => {
    const chart = Testing.chart();
    const rollout = new CanaryRollout(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: 'ghcr.io/acme/web:1.0.0' }] });
    const experiment = new Experiment(chart, 'Soak', { templates: [ExperimentTemplate.fromRollout(rollout, { name: 'current' })] });
    expect(experiment.node.children).toHaveLength(0);
    expect(experiment instanceof Experiment).toBe(true);
    expect(ApiObject.of(rollout) instanceof Experiment).toBe(false);
  });
});
