/**
 * Kubernetes' checks of a pod spec's containers (`validateContainers` in apimachinery's core
 * validation), with its own message texts: for a Rollout's pod template and for the Job a Job metric
 * creates.
 */
import { arrayOf, joinPath } from './manifest';

const CONTAINER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A problem with a pod spec's containers: its path from the pod spec, and Kubernetes' message. */
export interface ContainerProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * What Kubernetes refuses in the containers and init containers of `podSpec`: a missing or invalid
 * name (an RFC 1123 label), a name used twice, a missing image. `placeholders`: the spec is resolved
 * before it is created (a Job metric's), so a name holding `{{...}}` is judged once resolved, not here.
 */
export function containerProblems(podSpec: unknown, placeholders = false): ContainerProblem[] {
  const out: ContainerProblem[] = [];
  const seen = new Set<string>();
  const spec = podSpec as Record<string, any> | undefined;
  // k8s checks containers first, then init containers (a name both use is reported on the init container)
  for (const list of ['containers', 'initContainers'] as const) {
    const containers = arrayOf(spec?.[list]);
    for (let i = 0; i < containers.length; i++) {
      const c = containers[i];
      const p = joinPath(list, i);
      if (typeof c?.name !== 'string' || c.name === '') {
        out.push({ path: joinPath(p, 'name'), message: 'Required value' });
      } else if (placeholders && c.name.includes('{{')) {
        // judged once the run resolves it
      } else if (!CONTAINER_NAME.test(c.name) || c.name.length > 63) {
        out.push({ path: joinPath(p, 'name'), message: `Invalid value: ${JSON.stringify(c.name)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')` });
      } else if (seen.has(c.name)) {
        out.push({ path: joinPath(p, 'name'), message: `Duplicate value: ${JSON.stringify(c.name)}` });
      } else {
        seen.add(c.name);
      }
      // k8s checks len(image) == 0 only: " " is accepted (a special token in some pod templates)
      if (typeof c?.image !== 'string' || c.image === '') {
        out.push({ path: joinPath(p, 'image'), message: 'Required value' });
      }
    }
  }
  return out;
}
