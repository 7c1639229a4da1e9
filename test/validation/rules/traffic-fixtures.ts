/**
 * Plain-JSON manifests for the traffic router rule tests: a canary Rollout `web` with the stable
 * Service `web-stable` and the canary Service `web-canary`, and helpers to run the engine.
 */
import { service, summary } from './fixtures';
import { validateManifests } from '../../../src/validation/engine';
import { Manifest } from '../../../src/validation/manifest';

/** A canary Rollout `web` routing with `trafficRouting`; `canary` fields given replace the defaults. */
export function canaryRollout(trafficRouting: Record<string, any>, canary: Record<string, any> = {}): Manifest {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
      strategy: {
        canary: {
          stableService: 'web-stable',
          canaryService: 'web-canary',
          trafficRouting,
          steps: [{ setWeight: 20 }, { pause: {} }],
          ...canary,
        },
      },
    },
  };
}

/** The stable and canary Services of `canaryRollout`. */
export function canaryServices(): Manifest[] {
  return [service('web-stable'), service('web-canary')];
}

/** The findings of one rule as `{ path, message, severity }`. */
export function ruleFindings(ruleId: string, manifests: Manifest[], ignoreMissingRefs = false) {
  return validateManifests(manifests, { ignoreMissingRefs })
    .filter((f) => f.ruleId === ruleId)
    .map((f) => ({ path: f.path, message: f.message, severity: f.severity }));
}

/** Every finding but the plan checks' as `ruleId path: message` (for sets that should be clean, see `summary`). */
export function allFindings(manifests: Manifest[]): string[] {
  return summary(validateManifests(manifests));
}
