/**
 * Rules for the Job metric provider (argo-rollouts `metricproviders/job`); see common.ts. Upstream
 * v1.9.1 `job.go` `Run` creates a Job with `provider.job.spec` as it is: what Kubernetes' Job
 * validation refuses (and the CRD schema accepts) makes every measurement error at that create.
 */
import { providerRule } from './common';
import { isPlaceholder } from '../../duration';
import { isObject, joinPath } from '../../manifest';
import { containerProblems } from '../../pod';
import { Rule } from '../../rule';

export const JOB_RULES: Rule[] = [
  providerRule({
    id: 'job-backoff-limit',
    ref: 'library',
    provider: 'job',
    message: 'the Job is invalid: spec.backoffLimit: Invalid value: must be greater than or equal to 0',
    fix: 'set backoffLimit to the retries the Job may make before it fails, 0 or more (0: the first failure fails the measurement)',
    *check({ provider, path }) {
      const limit = isObject(provider.spec) ? provider.spec.backoffLimit : undefined;
      if (typeof limit === 'number' && limit < 0) {
        yield { path: joinPath(path, 'spec.backoffLimit'), message: `the Job is invalid: spec.backoffLimit: Invalid value: ${limit}: must be greater than or equal to 0` };
      }
    },
  }),
  providerRule({
    id: 'job-containers-required',
    ref: 'library',
    provider: 'job',
    message: 'the Job is invalid: spec.template.spec.containers: Required value',
    fix: 'give the Job\'s pod at least one container, e.g. { name: smoke, image: curlimages/curl:8.8.0, args: [-fsS, http://web-preview/healthz] }',
    *check({ provider, path }) {
      // the CRD requires containers but accepts an empty list; a missing one is the schema's finding
      const containers = provider.spec?.template?.spec?.containers;
      if (Array.isArray(containers) && containers.length === 0) yield { path: joinPath(path, 'spec.template.spec.containers') };
    },
  }),
  providerRule({
    id: 'job-restart-policy',
    ref: 'library',
    provider: 'job',
    message: 'the Job is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    fix: 'set restartPolicy: Never in the Job\'s pod spec (a failed pod then fails the Job at backoffLimit 0), or OnFailure; a pod\'s default, Always, is not allowed in a Job',
    *check({ provider, path }) {
      // Kubernetes' Job validation (validateJobSpec) accepts only OnFailure and Never, and the analysis
      // controller creates the Job with the pod spec as written
      const pod = provider.spec?.template?.spec;
      if (!isObject(pod)) return;
      const policy = pod.restartPolicy;
      // the run resolves the whole metric, the Job spec too, before it creates the Job
      if (policy === 'Never' || policy === 'OnFailure' || isPlaceholder(policy)) return;
      const at = joinPath(path, 'spec.template.spec.restartPolicy');
      if (policy == null || policy === '') yield { path: at };
      else yield { path: at, message: `the Job is invalid: spec.template.spec.restartPolicy: Unsupported value: ${JSON.stringify(policy)}: supported values: "OnFailure", "Never"` };
    },
  }),
  providerRule({
    id: 'job-containers-valid',
    ref: 'library',
    provider: 'job',
    message: 'the Job is invalid: spec.template.spec.containers[0].image: Required value',
    fix: 'give every container of the Job\'s pod a unique name (lower case letters, digits and \'-\') and an image',
    *check({ provider, path }) {
      const pod = provider.spec?.template?.spec;
      if (!isObject(pod)) return;
      for (const problem of containerProblems(pod, true)) {
        const field = joinPath('spec.template.spec', problem.path);
        yield { path: joinPath(path, field), message: `the Job is invalid: ${field}: ${problem.message}` };
      }
    },
  }),
];
