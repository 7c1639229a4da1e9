import { BlueGreenSet, finding, findingsOf, summary } from './fixtures';
import { Severity } from '../../../src/validation/finding';
import { expectSchemaValid } from '../../support/schema';

const NAME_PART = 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')';
const LABEL_VALUE = 'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')';
const DNS_LABEL = 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')';
const DOWNWARD_API = 'Analyses arguments must refer to valid object metadata supported by downwardAPI';

let set: BlueGreenSet;
beforeEach(() => {
  set = new BlueGreenSet();
});

/** The set has no finding at all. */
function expectClean(s: BlueGreenSet = set) {
  expect(summary(s.findings())).toEqual([]);
}

describe('the fixture', () => {
  test('the minimal blue-green set has zero findings and matches the CRD schemas', () => {
    expectClean();
    expect(expectSchemaValid(set.manifests())).toBe(2);
  });
});

describe('rollout-replicas-nonnegative (R1)', () => {
  test('fails for replicas -1', () => {
    set.spec.replicas = -1;
    expect(set.findingsOf('rollout-replicas-nonnegative')).toEqual([
      finding('rollout-replicas-nonnegative', 'Rollout/web', 'spec.replicas', 'Invalid value: -1: must be greater than or equal to 0'),
    ]);
  });

  test('passes for replicas 0', () => {
    set.spec.replicas = 0;
    expectClean();
  });
});

describe('rollout-selector-required (R2)', () => {
  test('fails without selector and without workloadRef', () => {
    delete set.spec.selector;
    expect(set.findingsOf('rollout-selector-required')).toEqual([
      finding('rollout-selector-required', 'Rollout/web', 'spec.selector', 'Rollout has missing field \'.spec.selector\''),
    ]);
  });

  test('passes without selector when the pod template comes from a workloadRef', () => {
    delete set.spec.selector;
    delete set.spec.template;
    set.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    expectClean();
  });
});

describe('rollout-selector-valid (R3)', () => {
  test('fails for an unknown operator', () => {
    set.spec.selector = { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] };
    expect(set.findingsOf('rollout-selector-valid')).toEqual([
      finding('rollout-selector-valid', 'Rollout/web', 'spec.selector.matchExpressions[0].operator', 'Invalid value: "Equals": not a valid selector operator'),
    ]);
  });

  test('fails for In without values and for an invalid value', () => {
    set.spec.selector = {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: [] }, { key: 'track', operator: 'NotIn', values: ['-canary'] }],
    };
    expect(set.findingsOf('rollout-selector-valid')).toEqual([
      finding('rollout-selector-valid', 'Rollout/web', 'spec.selector.matchExpressions[0].values', 'Required value: must be specified when `operator` is \'In\' or \'NotIn\''),
      finding('rollout-selector-valid', 'Rollout/web', 'spec.selector.matchExpressions[1].values[0]', `Invalid value: "-canary": ${LABEL_VALUE}`),
    ]);
  });

  test('fails for an invalid matchLabels key', () => {
    set.spec.selector = { matchLabels: { 'app': 'web', '-tier': 'front' } };
    set.spec.template.metadata.labels['-tier'] = 'front';
    expect(set.findingsOf('rollout-selector-valid')).toEqual([
      finding('rollout-selector-valid', 'Rollout/web', 'spec.selector.matchLabels', `Invalid value: "-tier": ${NAME_PART}`),
    ]);
  });

  test('passes for In with values, Exists without values, and a prefixed key', () => {
    set.spec.selector = {
      matchExpressions: [
        { key: 'app', operator: 'In', values: ['web'] },
        { key: 'app.kubernetes.io/part-of', operator: 'DoesNotExist' },
      ],
    };
    expectClean();
  });
});

describe('rollout-selector-not-empty (R4)', () => {
  test('fails for an empty selector', () => {
    set.spec.selector = {};
    expect(set.findingsOf('rollout-selector-not-empty')).toEqual([
      finding('rollout-selector-not-empty', 'Rollout/web', 'spec.selector', 'empty selector is invalid for deployment'),
    ]);
  });

  test('passes for a selector with only one matchExpression', () => {
    set.spec.selector = { matchExpressions: [{ key: 'app', operator: 'Exists' }] };
    expectClean();
  });

  test('is not checked with a workloadRef (the controller checks the selector only without one)', () => {
    delete set.spec.template;
    set.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    set.spec.selector = {};
    expect(set.findingsOf('rollout-selector-not-empty')).toEqual([]);
  });
});

describe('rollout-workloadref-empty-template (R5)', () => {
  test('fails for a workloadRef rollout whose template has labels', () => {
    set.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    set.spec.template = { metadata: { labels: { app: 'web' } } };
    expect(set.findingsOf('rollout-workloadref-empty-template')).toEqual([
      finding('rollout-workloadref-empty-template', 'Rollout/web', 'spec.template', 'Internal error: template must be empty for workload reference rollout'),
    ]);
  });

  test('fails for a workloadRef rollout whose template has annotations', () => {
    set.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    set.spec.template = { metadata: { annotations: { team: 'web' } } };
    expect(set.findingsOf('rollout-workloadref-empty-template')).toHaveLength(1);
  });

  test('passes for a workloadRef rollout with an empty template metadata', () => {
    set.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    set.spec.template = { metadata: { labels: {}, annotations: {} } };
    expectClean();
  });
});

describe('workload-ref-same-namespace', () => {
  const id = 'workload-ref-same-namespace';
  function deployment(namespace?: string) {
    return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'legacy', ...namespace ? { namespace } : {} }, spec: { template: { metadata: { labels: { app: 'web' } } } } };
  }
  beforeEach(() => {
    delete set.spec.template;
    set.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy' };
    for (const m of set.manifests()) m.metadata.namespace = 'shop';
  });

  test('fails for a Deployment in another namespace than the Rollout (the controller looks only in the Rollout\'s)', () => {
    set.extra.push(deployment('legacy-ns'));
    expect(set.findingsOf(id)).toEqual([
      finding(id, 'Rollout/web', 'spec.workloadRef.name', 'deployments.apps "legacy" not found: the controller looks the workloadRef up only in the Rollout\'s namespace "shop", and Deployment/legacy is in "legacy-ns"'),
    ]);
  });

  test('passes for a Deployment in the Rollout\'s namespace, or without one, or a Rollout without one', () => {
    set.extra.push(deployment('shop'), deployment('legacy-ns'));
    expect(set.findingsOf(id)).toEqual([]);
    set.extra.splice(0, 2, deployment());
    expect(set.findingsOf(id)).toEqual([]);
    set.extra.splice(0, 1, deployment('legacy-ns'));
    delete set.rollout.metadata.namespace;
    expect(set.findingsOf(id)).toEqual([]);
  });
});

describe('workload-ref-replicas', () => {
  const id = 'workload-ref-replicas';
  test('warns for a workloadRef Rollout that scales the Deployment down and has no replicas (it runs 1 pod)', () => {
    delete set.spec.template;
    delete set.spec.replicas;
    set.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', scaleDown: 'onsuccess' };
    expect(set.findingsOf(id)).toEqual([
      finding(id, 'Rollout/web', 'spec.replicas', 'the Rollout has no replicas: it runs 1 pod (its default, not the Deployment\'s count) while the controller scales the Deployment down (scaleDown: onsuccess)', Severity.WARNING),
    ]);
  });

  test('passes with replicas, or when the Deployment is never scaled down', () => {
    delete set.spec.template;
    set.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', scaleDown: 'progressively' };
    set.spec.replicas = 3;
    expect(set.findingsOf(id)).toEqual([]);
    delete set.spec.replicas;
    set.spec.workloadRef.scaleDown = 'never';
    expect(set.findingsOf(id)).toEqual([]);
  });
});

describe('workload-ref-replicas under a HorizontalPodAutoscaler', () => {
  const id = 'workload-ref-replicas';
  const hpa = (target: Record<string, any>, namespace?: string) => ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', ...namespace ? { namespace } : {} },
    spec: { scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', ...target }, minReplicas: 3, maxReplicas: 10 },
  });
  beforeEach(() => {
    delete set.spec.template;
    delete set.spec.replicas;
    set.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', scaleDown: 'onsuccess' };
    set.rollout.metadata.namespace = 'shop';
  });

  test('passes when an autoscaler scales the Rollout: it sets the replicas', () => {
    set.extra.push(hpa({}, 'shop'));
    expect(set.findingsOf(id)).toEqual([]);
    set.extra.splice(0, 1, hpa({}));
    expect(set.findingsOf(id)).toEqual([]);
  });

  test('still warns when the autoscaler scales something else: another name, a Deployment, another namespace', () => {
    for (const other of [hpa({ name: 'api' }), hpa({ apiVersion: 'apps/v1', kind: 'Deployment' }), hpa({}, 'other')]) {
      set.extra.splice(0, set.extra.length, other);
      expect(set.findingsOf(id)).toHaveLength(1);
    }
  });
});

describe('rollout-template-labels-valid (R7)', () => {
  test('fails for an invalid label value', () => {
    set.spec.template.metadata.labels.tier = '-frontend';
    expect(set.findingsOf('rollout-template-labels-valid')).toEqual([
      finding('rollout-template-labels-valid', 'Rollout/web', 'spec.template.metadata.labels.tier', `Invalid value: "-frontend": ${LABEL_VALUE}`),
    ]);
  });

  test('fails for a label value of 64 characters', () => {
    set.spec.template.metadata.labels.tier = 'a'.repeat(64);
    expect(set.findingsOf('rollout-template-labels-valid')).toEqual([
      finding('rollout-template-labels-valid', 'Rollout/web', 'spec.template.metadata.labels.tier', `Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`),
    ]);
  });

  test('passes for an empty value and a value of 63 characters', () => {
    set.spec.template.metadata.labels.tier = '';
    set.spec.template.metadata.labels['example.com/team'] = 'a'.repeat(63);
    expectClean();
  });
});

describe('rollout-selector-matches-template (R7)', () => {
  test('fails when the template lacks a selector label', () => {
    set.spec.template.metadata.labels = { app: 'api' };
    expect(set.findingsOf('rollout-selector-matches-template')).toEqual([
      finding('rollout-selector-matches-template', 'Rollout/web', 'spec.template.metadata.labels', 'Invalid value: `selector` does not match template `labels`'),
    ]);
  });

  test('passes when the template has more labels than the selector', () => {
    set.spec.template.metadata.labels = { app: 'web', tier: 'frontend' };
    expectClean();
  });
});

describe('rollout-template-required (R7)', () => {
  test('fails for a template without containers', () => {
    set.spec.template.spec.containers = [];
    expect(set.findingsOf('rollout-template-required')).toEqual([
      finding('rollout-template-required', 'Rollout/web', 'spec.template.spec.containers', 'Required value'),
    ]);
  });

  test('fails without a template', () => {
    delete set.spec.template;
    expect(set.findingsOf('rollout-template-required')).toHaveLength(1);
  });

  test('passes for one container with a name and an image', () => {
    set.spec.template.spec = { containers: [{ name: 'w', image: 'w' }] };
    expectClean();
  });
});

describe('rollout-template-containers-valid (R7)', () => {
  test('fails for a container without name', () => {
    delete set.spec.template.spec.containers[0].name;
    expect(set.findingsOf('rollout-template-containers-valid')).toEqual([
      finding('rollout-template-containers-valid', 'Rollout/web', 'spec.template.spec.containers[0].name', 'Required value'),
    ]);
  });

  test('fails for a name that is not a DNS-1123 label', () => {
    set.spec.template.spec.containers[0].name = 'Web';
    expect(set.findingsOf('rollout-template-containers-valid')).toEqual([
      finding('rollout-template-containers-valid', 'Rollout/web', 'spec.template.spec.containers[0].name', `Invalid value: "Web": ${DNS_LABEL}`),
    ]);
  });

  test('fails for an init container named like a container, reported on the init container', () => {
    set.spec.template.spec.initContainers = [{ name: 'web', image: 'busybox' }];
    expect(set.findingsOf('rollout-template-containers-valid')).toEqual([
      finding('rollout-template-containers-valid', 'Rollout/web', 'spec.template.spec.initContainers[0].name', 'Duplicate value: "web"'),
    ]);
  });

  test('fails for a container or an init container without image', () => {
    delete set.spec.template.spec.containers[0].image;
    set.spec.template.spec.initContainers = [{ name: 'init', image: '' }];
    expect(set.findingsOf('rollout-template-containers-valid')).toEqual([
      finding('rollout-template-containers-valid', 'Rollout/web', 'spec.template.spec.containers[0].image', 'Required value'),
      finding('rollout-template-containers-valid', 'Rollout/web', 'spec.template.spec.initContainers[0].image', 'Required value'),
    ]);
  });

  test('passes for a 63-character name and a blank image (k8s only checks the length)', () => {
    set.spec.template.spec.containers[0].name = `w${'-'.repeat(61)}b`;
    set.spec.template.spec.initContainers = [{ name: 'init', image: ' ' }];
    expectClean();
  });
});

describe('rollout-template-restart-policy (R7)', () => {
  test('fails for restartPolicy Never', () => {
    set.spec.template.spec.restartPolicy = 'Never';
    expect(set.findingsOf('rollout-template-restart-policy')).toEqual([
      finding('rollout-template-restart-policy', 'Rollout/web', 'spec.template.spec.restartPolicy', 'Unsupported value: "Never": supported values: "Always"'),
    ]);
  });

  test('passes for restartPolicy Always', () => {
    set.spec.template.spec.restartPolicy = 'Always';
    expectClean();
  });

  test.each(['', null])('passes for restartPolicy %j (defaulted to Always before the check)', (rp) => {
    set.spec.template.spec.restartPolicy = rp;
    expect(set.findingsOf('rollout-template-restart-policy')).toEqual([]);
  });
});

describe('rollout-min-ready-nonnegative (R8)', () => {
  test('fails for minReadySeconds -1', () => {
    set.spec.minReadySeconds = -1;
    expect(set.findingsOf('rollout-min-ready-nonnegative')).toEqual([
      finding('rollout-min-ready-nonnegative', 'Rollout/web', 'spec.minReadySeconds', 'Invalid value: -1: must be greater than or equal to 0'),
    ]);
  });

  test('passes for minReadySeconds 0', () => {
    set.spec.minReadySeconds = 0;
    expectClean();
  });
});

describe('rollout-revision-history-nonnegative (R9)', () => {
  test('fails for revisionHistoryLimit -1', () => {
    set.spec.revisionHistoryLimit = -1;
    expect(set.findingsOf('rollout-revision-history-nonnegative')).toEqual([
      finding('rollout-revision-history-nonnegative', 'Rollout/web', 'spec.revisionHistoryLimit', 'Invalid value: -1: must be greater than or equal to 0'),
    ]);
  });

  test('passes for revisionHistoryLimit 0', () => {
    set.spec.revisionHistoryLimit = 0;
    expectClean();
  });
});

describe('rollout-progress-deadline-nonnegative (R10)', () => {
  test('fails for progressDeadlineSeconds -1', () => {
    set.spec.progressDeadlineSeconds = -1;
    expect(set.findingsOf('rollout-progress-deadline-nonnegative')).toEqual([
      finding('rollout-progress-deadline-nonnegative', 'Rollout/web', 'spec.progressDeadlineSeconds', 'Invalid value: -1: must be greater than or equal to 0'),
    ]);
  });

  test('passes for progressDeadlineSeconds 1 (greater than the default minReadySeconds 0)', () => {
    set.spec.progressDeadlineSeconds = 1;
    expectClean();
  });
});

describe('rollout-progress-deadline-exceeds-min-ready (R11)', () => {
  test('fails when progressDeadlineSeconds equals minReadySeconds', () => {
    set.spec.minReadySeconds = 30;
    set.spec.progressDeadlineSeconds = 30;
    expect(set.findingsOf('rollout-progress-deadline-exceeds-min-ready')).toEqual([
      finding('rollout-progress-deadline-exceeds-min-ready', 'Rollout/web', 'spec.progressDeadlineSeconds', 'Invalid value: 30: must be greater than minReadySeconds'),
    ]);
  });

  test('fails when minReadySeconds reaches the default deadline of 600', () => {
    set.spec.minReadySeconds = 600;
    expect(set.findingsOf('rollout-progress-deadline-exceeds-min-ready')).toEqual([
      finding('rollout-progress-deadline-exceeds-min-ready', 'Rollout/web', 'spec.progressDeadlineSeconds', 'Invalid value: 600: must be greater than minReadySeconds'),
    ]);
  });

  test('passes for progressDeadlineSeconds = minReadySeconds + 1', () => {
    set.spec.minReadySeconds = 30;
    set.spec.progressDeadlineSeconds = 31;
    expectClean();
  });

  test('passes for minReadySeconds 599 with the default deadline', () => {
    set.spec.minReadySeconds = 599;
    expectClean();
  });
});

describe('rollout-strategy-required (R12)', () => {
  test('fails for an empty strategy', () => {
    set.spec.strategy = {};
    expect(set.findingsOf('rollout-strategy-required')).toEqual([
      finding('rollout-strategy-required', 'Rollout/web', 'spec.strategy', 'Rollout has missing field \'.spec.strategy.canary or .spec.strategy.blueGreen\''),
    ]);
  });

  test('passes for a blueGreen strategy with only an active service', () => {
    set.spec.strategy = { blueGreen: { activeService: 'web-active' } };
    expectClean();
  });
});

describe('rollout-single-strategy (R13)', () => {
  test('fails with both canary and blueGreen', () => {
    set.spec.strategy.canary = {};
    expect(set.findingsOf('rollout-single-strategy')).toEqual([
      finding('rollout-single-strategy', 'Rollout/web', 'spec.strategy', 'Multiple Strategies can not be listed'),
    ]);
  });

  test('passes with blueGreen and canary: null', () => {
    set.spec.strategy.canary = null;
    expectClean();
  });
});

describe('bluegreen-distinct-services (R14)', () => {
  test('fails when previewService is activeService', () => {
    set.blueGreen.previewService = 'web-active';
    expect(set.findingsOf('bluegreen-distinct-services')).toEqual([
      finding('bluegreen-distinct-services', 'Rollout/web', 'spec.strategy.blueGreen.previewService',
        'This rollout uses the same service for the active and preview services, but two different services are required.'),
    ]);
  });

  test('fails when both are empty', () => {
    set.spec.strategy.blueGreen = {};
    expect(set.findingsOf('bluegreen-distinct-services')).toHaveLength(1);
  });

  test('passes without a previewService', () => {
    delete set.blueGreen.previewService;
    expectClean();
  });
});

describe('bluegreen-scale-down-limit (R15)', () => {
  test('fails for scaleDownDelayRevisionLimit 11 with the default revisionHistoryLimit 10', () => {
    set.blueGreen.scaleDownDelayRevisionLimit = 11;
    expect(set.findingsOf('bluegreen-scale-down-limit')).toEqual([
      finding('bluegreen-scale-down-limit', 'Rollout/web', 'spec.strategy.blueGreen.scaleDownDelayRevisionLimit',
        'This rollout\'s revision history limit can not be smaller than the rollout\'s scale down limit'),
    ]);
  });

  test('fails for scaleDownDelayRevisionLimit 4 with revisionHistoryLimit 3', () => {
    set.spec.revisionHistoryLimit = 3;
    set.blueGreen.scaleDownDelayRevisionLimit = 4;
    expect(set.findingsOf('bluegreen-scale-down-limit')).toHaveLength(1);
  });

  test('passes for scaleDownDelayRevisionLimit equal to the revision history limit', () => {
    set.blueGreen.scaleDownDelayRevisionLimit = 10;
    expectClean();
  });
});

describe('rollout-anti-affinity-one-strategy (R16)', () => {
  test('fails for antiAffinity with no strategy', () => {
    set.blueGreen.antiAffinity = {};
    expect(set.findingsOf('rollout-anti-affinity-one-strategy')).toEqual([
      finding('rollout-anti-affinity-one-strategy', 'Rollout/web', 'spec.strategy.blueGreen.antiAffinity', 'AntiAffinity must have exactly one strategy listed'),
    ]);
  });

  test('fails for antiAffinity with both strategies', () => {
    set.blueGreen.antiAffinity = {
      preferredDuringSchedulingIgnoredDuringExecution: { weight: 50 },
      requiredDuringSchedulingIgnoredDuringExecution: {},
    };
    expect(set.findingsOf('rollout-anti-affinity-one-strategy')).toHaveLength(1);
  });

  test('passes for required anti-affinity', () => {
    set.blueGreen.antiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: {} };
    expectClean();
  });
});

describe('rollout-anti-affinity-weight (R17)', () => {
  const path = 'spec.strategy.blueGreen.antiAffinity.preferredDuringSchedulingIgnoredDuringExecution.weight';

  test.each([0, 101])('fails for weight %d', (weight) => {
    set.blueGreen.antiAffinity = { preferredDuringSchedulingIgnoredDuringExecution: { weight } };
    expect(set.findingsOf('rollout-anti-affinity-weight')).toEqual([
      finding('rollout-anti-affinity-weight', 'Rollout/web', path, 'AntiAffinity weight must be between 1-100'),
    ]);
  });

  test('fails for a bad weight even when required is also set (checked independently, as upstream)', () => {
    set.blueGreen.antiAffinity = {
      preferredDuringSchedulingIgnoredDuringExecution: { weight: 0 },
      requiredDuringSchedulingIgnoredDuringExecution: {},
    };
    expect(set.findingsOf('rollout-anti-affinity-weight')).toHaveLength(1);
  });

  test.each([1, 100])('passes for weight %d', (weight) => {
    set.blueGreen.antiAffinity = { preferredDuringSchedulingIgnoredDuringExecution: { weight } };
    expectClean();
  });
});

describe('analysis-args-downward-api (R44)', () => {
  const path = 'spec.strategy.blueGreen.prePromotionAnalysis.args[0].valueFrom.fieldRef.fieldPath';

  function argFrom(fieldPath: string) {
    set.analysis.args = [{ name: 'service', valueFrom: { fieldRef: { fieldPath } } }];
  }

  test('fails for a dotted label path the downward API cannot resolve', () => {
    argFrom('metadata.labels.app');
    expect(set.findingsOf('analysis-args-downward-api')).toEqual([
      finding('analysis-args-downward-api', 'Rollout/web', path, `Invalid value: "metadata.labels.app": ${DOWNWARD_API}`),
    ]);
  });

  test.each([
    'metadata.generation',
    'metadata.labels[\'bad key\']',
    'metadata.name[\'x\']',
    'metadata[\'name\']',
  ])('fails for %s', (fieldPath) => {
    argFrom(fieldPath);
    expect(set.findingsOf('analysis-args-downward-api')).toEqual([
      finding('analysis-args-downward-api', 'Rollout/web', path, `Invalid value: ${JSON.stringify(fieldPath)}: ${DOWNWARD_API}`),
    ]);
  });

  test('fails in an experiment step analysis of a canary', () => {
    set.spec.strategy = {
      canary: {
        steps: [{
          experiment: {
            templates: [{ name: 'baseline', specRef: 'stable' }],
            analyses: [{ name: 'a', templateName: 'success-rate', args: [{ name: 'service', valueFrom: { fieldRef: { fieldPath: 'metadata.owner' } } }] }],
          },
        }],
      },
    };
    expect(set.findingsOf('analysis-args-downward-api')).toEqual([
      finding('analysis-args-downward-api', 'Rollout/web', 'spec.strategy.canary.steps[0].experiment.analyses[0].args[0].valueFrom.fieldRef.fieldPath',
        `Invalid value: "metadata.owner": ${DOWNWARD_API}`),
    ]);
  });

  test.each([
    'metadata.name',
    'metadata.namespace',
    'metadata.uid',
    'metadata.labels',
    'metadata.annotations',
    'metadata.labels[\'app\']',
    'metadata.labels[\'app.kubernetes.io/name\']',
    'metadata.annotations[\'Example.com/Owner\']',
    'spec.template.metadata.labels.app',
  ])('passes for %s', (fieldPath) => {
    argFrom(fieldPath);
    expectClean();
  });
});

describe('severity', () => {
  test('every Rollout spec rule reports an error', () => {
    set.spec.replicas = -1;
    set.blueGreen.previewService = 'web-active';
    expect(set.findings().map((f) => f.severity)).toEqual([Severity.ERROR, Severity.ERROR]);
  });

  test('rules skip objects of other kinds', () => {
    const deployment = { ...set.rollout, apiVersion: 'apps/v1', kind: 'Deployment', spec: { ...set.spec, replicas: -1 } };
    expect(findingsOf([deployment], 'rollout-replicas-nonnegative')).toEqual([]);
  });
});
