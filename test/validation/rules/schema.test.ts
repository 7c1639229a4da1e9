import { BlueGreenSet, finding } from './fixtures';
import { Linter } from '../../../src';
import { crdSchemaErrors } from '../../../src/validation/schema';

const R = 'Rollout/web';
const schemas = { checkSchemas: true };

let set: BlueGreenSet;
beforeEach(() => {
  set = new BlueGreenSet();
});

describe('crd-* rules (lint: RuleContext.checkSchemas)', () => {
  test('the valid set has no schema finding', () => {
    expect(set.findings(schemas).filter((f) => f.ruleId.startsWith('crd-'))).toEqual([]);
  });

  test('a missing required field, at the field', () => {
    delete set.blueGreen.activeService;
    expect(set.findingsOf('crd-required-field', schemas)).toEqual([
      finding('crd-required-field', R, 'spec.strategy.blueGreen.activeService', 'Required value'),
    ]);
  });

  test('an unknown field (a typo, or a field in the wrong place), at the field', () => {
    set.blueGreen.autoPromote = true;
    set.template.spec.metrics[0].provider.prometheus.querry = 'up';
    expect(set.findingsOf('crd-unknown-field', schemas)).toEqual([
      finding('crd-unknown-field', 'AnalysisTemplate/success-rate', 'spec.metrics[0].provider.prometheus.querry',
        'unknown field "spec.metrics[0].provider.prometheus.querry"'),
      finding('crd-unknown-field', R, 'spec.strategy.blueGreen.autoPromote', 'unknown field "spec.strategy.blueGreen.autoPromote"'),
    ]);
  });

  test('a value of the wrong type, in the API server\'s words; an int-or-string field once', () => {
    set.spec.replicas = '3';
    set.blueGreen.scaleDownDelaySeconds = 30.5;
    set.blueGreen.maxUnavailable = true;
    expect(set.findingsOf('crd-field-type', schemas).map((f) => `${f.path}: ${f.message}`)).toEqual([
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "3"',
      'spec.strategy.blueGreen.maxUnavailable: Invalid value: "boolean": spec.strategy.blueGreen.maxUnavailable in body must be of type integer or string: true',
      'spec.strategy.blueGreen.scaleDownDelaySeconds: Invalid value: "number": spec.strategy.blueGreen.scaleDownDelaySeconds in body must be of type integer: 30.5',
    ]);
  });

  test('a value outside its enum', () => {
    set.template.spec.metrics[0].provider = { datadog: { query: 'avg:requests{*}', apiVersion: 'v3' } };
    expect(set.findingsOf('crd-field-value', schemas).map((f) => `${f.path}: ${f.message}`)).toEqual([
      'spec.metrics[0].provider.datadog.apiVersion: Unsupported value: "v3": supported values: "v1", "v2"',
    ]);
  });

  test('an apiVersion no pinned CRD serves', () => {
    set.rollout.apiVersion = 'argoproj.io/v1beta1';
    expect(set.findingsOf('crd-api-version', schemas)).toEqual([
      finding('crd-api-version', R, 'apiVersion', 'no matches for kind "Rollout" in version "argoproj.io/v1beta1"'),
    ]);
  });

  test('near misses: null fields are unset (the API server prunes them), other groups and kinds are not checked', () => {
    set.blueGreen.previewReplicaCount = null;
    set.spec.template.spec.containers[0].resources = null;
    set.extra.push(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { whatever: 1 } },
      { apiVersion: 'rollouts.kruise.io/v1alpha1', kind: 'Rollout', metadata: { name: 'kruise' }, spec: { workloadRef: 1 } },
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'wf' }, spec: { anything: true } },
    );
    expect(set.findings(schemas).filter((f) => f.ruleId.startsWith('crd-'))).toEqual([]);
  });

  test('synth (the engine without checkSchemas) does not check schemas', () => {
    set.blueGreen.autoPromote = true;
    expect(set.findings().filter((f) => f.ruleId.startsWith('crd-'))).toEqual([]);
  });

  test('an object changed after a lint is checked again', () => {
    set.blueGreen.autoPromote = true;
    expect(set.findingsOf('crd-unknown-field', schemas)).toHaveLength(1);
    delete set.blueGreen.autoPromote;
    expect(set.findingsOf('crd-unknown-field', schemas)).toEqual([]);
  });

  test('Linter checks schemas unless told not to', () => {
    set.blueGreen.autoPromote = true;
    expect(Linter.lintManifests(set.manifests()).filter((f) => f.ruleId === 'crd-unknown-field')).toHaveLength(1);
    expect(Linter.lintManifests(set.manifests(), { checkSchemas: false }).filter((f) => f.ruleId.startsWith('crd-'))).toEqual([]);
  });
});

describe('crdSchemaErrors', () => {
  test('Argo CD kinds too, each error kind with its path', () => {
    const app = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'web', namespace: 'argocd' },
      spec: { project: 'default', destination: { server: 'https://kubernetes.default.svc' }, source: { repoURL: 'https://git', path: 'web', targetRevision: 'HEAD', recurse: true } },
    };
    expect(crdSchemaErrors(app)).toEqual([{ kind: 'unknown-field', path: 'spec.source.recurse', message: 'unknown field "spec.source.recurse"' }]);
    const project = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'p' }, spec: { syncWindows: [{ kind: 'allow', schedule: '* * * * *', duration: 1 }] } };
    expect(crdSchemaErrors(project)).toEqual([{
      kind: 'type',
      path: 'spec.syncWindows[0].duration',
      message: 'Invalid value: "integer": spec.syncWindows[0].duration in body must be of type string: 1',
    }]);
  });

  test('an AnalysisRun (no L1 class) is checked against its CRD', () => {
    const run = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata: { name: 'r' }, spec: { metrics: [{ name: 'm' }] } };
    expect(crdSchemaErrors(run)).toEqual([{ kind: 'required', path: 'spec.metrics[0].provider', message: 'Required value' }]);
  });

  test('field names with / and ~ are written as they are', () => {
    const template = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate', metadata: { name: 't' }, spec: { 'metrics': [{ name: 'm', provider: { web: { url: 'u' } } }], 'a/b~c': 1 } };
    expect(crdSchemaErrors(template).map((e) => e.path)).toEqual(['spec.a/b~c']);
  });
});
