import { validateManifests } from '../../../../src/validation/engine';
import { analysisTemplate, finding, findingsOf } from '../fixtures';

/** A template `smoke` with one Job metric; `spec` fields replace the Job spec's (undefined removes one). */
function job(spec: Record<string, any> = {}, kind = 'AnalysisTemplate') {
  return analysisTemplate('smoke', {
    args: [],
    metrics: [{
      name: 'smoke',
      provider: {
        job: {
          spec: {
            backoffLimit: 0,
            template: { spec: { restartPolicy: 'Never', containers: [{ name: 'test', image: 'curlimages/curl:8.8.0', args: ['-fsS', 'http://web-preview/healthz'] }] } },
            ...spec,
          },
        },
      },
    }],
  }, kind);
}

test('a Job metric with a container and no retries is clean', () => {
  expect(validateManifests([job()])).toEqual([]);
  expect(validateManifests([job({ backoffLimit: 2 }, 'AnalysisRun')])).toEqual([]);
});

describe('job-backoff-limit', () => {
  const id = 'job-backoff-limit';
  test('fails for a negative backoffLimit, with Kubernetes\' Job validation message', () => {
    expect(findingsOf([job({ backoffLimit: -1 }, 'AnalysisRun')], id)).toEqual([finding(id, 'AnalysisRun/smoke', 'spec.metrics[0].provider.job.spec.backoffLimit',
      'metrics[0]: the Job is invalid: spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0')]);
  });
  test('near misses: 0, unset (Kubernetes defaults it to 6)', () => {
    expect(findingsOf([job({ backoffLimit: 0 }), job({ backoffLimit: undefined }, 'ClusterAnalysisTemplate')], id)).toEqual([]);
  });
});

describe('job-containers-required', () => {
  const id = 'job-containers-required';
  test('fails for an empty container list, which the CRD schema accepts and Kubernetes does not', () => {
    expect(findingsOf([job({ template: { spec: { restartPolicy: 'Never', containers: [] } } }, 'ClusterAnalysisTemplate')], id)).toEqual([
      finding(id, 'ClusterAnalysisTemplate/smoke', 'spec.metrics[0].provider.job.spec.template.spec.containers', 'metrics[0]: the Job is invalid: spec.template.spec.containers: Required value'),
    ]);
  });
  test('near misses: containers listed; missing containers or template (the schema\'s crd-required-field)', () => {
    expect(findingsOf([job(), job({ template: { spec: { restartPolicy: 'Never' } } }), job({ template: undefined })], id)).toEqual([]);
  });
});

describe('job-restart-policy', () => {
  const id = 'job-restart-policy';
  const at = 'spec.metrics[0].provider.job.spec.template.spec.restartPolicy';
  const withPolicy = (restartPolicy: unknown, kind?: string) =>
    job({ template: { spec: { restartPolicy, containers: [{ name: 'test', image: 'busybox:1' }] } } }, kind);
  test('fails for a pod without restartPolicy (a pod\'s default, Always, is not allowed in a Job)', () => {
    expect(findingsOf([withPolicy(undefined, 'AnalysisRun')], id)).toEqual([finding(id, 'AnalysisRun/smoke', at,
      'metrics[0]: the Job is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"')]);
  });
  test('fails for Always, with Kubernetes\' message', () => {
    expect(findingsOf([withPolicy('Always')], id)).toEqual([finding(id, 'AnalysisTemplate/smoke', at,
      'metrics[0]: the Job is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"')]);
  });
  test('near misses: Never, OnFailure; a Job without a pod spec is the schema\'s', () => {
    expect(findingsOf([withPolicy('Never'), withPolicy('OnFailure', 'ClusterAnalysisTemplate')], id)).toEqual([]);
    expect(findingsOf([job({ template: {} })], id)).toEqual([]);
  });
});

describe('job-restart-policy with a placeholder', () => {
  test('passes: the run resolves the Job spec before it creates the Job', () => {
    const t = job({ template: { spec: { restartPolicy: '{{ args.policy }}', containers: [{ name: 'test', image: 'busybox:1' }] } } });
    expect(findingsOf([t], 'job-restart-policy')).toEqual([]);
  });
});

describe('job-containers-valid', () => {
  const id = 'job-containers-valid';
  const at = (field: string) => `spec.metrics[0].provider.job.spec.template.spec.${field}`;
  const withContainers = (containers: any[], initContainers?: any[], kind?: string) =>
    job({ template: { spec: { restartPolicy: 'Never', containers, ...initContainers ? { initContainers } : {} } } }, kind);
  test('fails for a container without image, with an invalid or repeated name, with Kubernetes\' messages', () => {
    expect(findingsOf([withContainers([{ name: 'Test_Container' }], [{ name: 'Test_Container', image: 'busybox:1' }], 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/smoke', at('containers[0].image'), 'metrics[0]: the Job is invalid: spec.template.spec.containers[0].image: Required value'),
      finding(id, 'AnalysisRun/smoke', at('containers[0].name'), 'metrics[0]: the Job is invalid: spec.template.spec.containers[0].name: Invalid value: "Test_Container": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')'),
      finding(id, 'AnalysisRun/smoke', at('initContainers[0].name'), 'metrics[0]: the Job is invalid: spec.template.spec.initContainers[0].name: Invalid value: "Test_Container": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')'),
    ]);
    expect(findingsOf([withContainers([{ name: 'test', image: 'a' }, { name: 'test', image: 'b' }])], id)).toEqual([
      finding(id, 'AnalysisTemplate/smoke', at('containers[1].name'), 'metrics[0]: the Job is invalid: spec.template.spec.containers[1].name: Duplicate value: "test"'),
    ]);
  });
  test('near misses: a placeholder name and image (resolved before the Job is created), valid containers', () => {
    expect(findingsOf([withContainers([{ name: '{{ args.name }}', image: '{{args.image}}' }]), job({}, 'ClusterAnalysisTemplate')], id)).toEqual([]);
  });
});
