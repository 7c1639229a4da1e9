import { validateManifests } from '../../../src/validation/engine';
import { Severity } from '../../../src/validation/finding';

function rollout(nginx: Record<string, any>, stableService = 'web-stable'): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
      strategy: { canary: { stableService, canaryService: 'web-canary', trafficRouting: { nginx } } },
    },
  };
}

function ingress(name: string, service: string, apiVersion = 'networking.k8s.io/v1'): any {
  const backend = apiVersion === 'networking.k8s.io/v1' ? { service: { name: service, port: { number: 80 } } } : { serviceName: service, servicePort: 80 };
  return { apiVersion, kind: 'Ingress', metadata: { name }, spec: { rules: [{ host: 'web.local', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] } };
}

function findings(ruleId: string, manifests: any[], ignoreMissingRefs = false) {
  return validateManifests(manifests, { ignoreMissingRefs })
    .filter((f) => f.ruleId === ruleId)
    .map((f) => ({ path: f.path, message: f.message, severity: f.severity }));
}

describe('NGINX traffic routing rules', () => {
  describe('RR10 nginx-stable-ingress-one-of', () => {
    const id = 'nginx-stable-ingress-one-of';
    test('fails with both stableIngress and stableIngresses', () => {
      expect(findings(id, [rollout({ stableIngress: 'a', stableIngresses: ['b'] }), ingress('a', 'web-stable'), ingress('b', 'web-stable')])).toEqual([{
        path: 'spec.strategy.canary.trafficRouting.nginx',
        message: 'Either StableIngress or StableIngresses must be configured. Both are configured.',
        severity: Severity.ERROR,
      }]);
    });
    test('fails with neither', () => {
      expect(findings(id, [rollout({ stableIngress: '', stableIngresses: [] })])).toEqual([{
        path: 'spec.strategy.canary.trafficRouting.nginx',
        message: 'Either StableIngress or StableIngresses must be configured. Neither are configured.',
        severity: Severity.ERROR,
      }]);
    });
    test('passes with exactly one', () => {
      expect(findings(id, [rollout({ stableIngress: 'a' })])).toEqual([]);
      expect(findings(id, [rollout({ stableIngresses: ['a', 'b'] })])).toEqual([]);
    });
  });

  describe('RR9 nginx-ingress-routes-stable-service', () => {
    const id = 'nginx-ingress-routes-stable-service';
    test('fails when a stable Ingress has no rule to the stable Service', () => {
      expect(findings(id, [rollout({ stableIngresses: ['a', 'b'] }), ingress('a', 'web-stable'), ingress('b', 'web-canary')])).toEqual([{
        path: 'spec.strategy.canary.trafficRouting.nginx.stableIngresses[1]',
        message: 'ingress `b` has no rules using service web-stable backend',
        severity: Severity.ERROR,
      }]);
    });
    test('fails when the Ingress only has a default backend', () => {
      const i = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'a' }, spec: { defaultBackend: { service: { name: 'web-stable', port: { number: 80 } } } } };
      expect(findings(id, [rollout({ stableIngress: 'a' }), i])).toEqual([{
        path: 'spec.strategy.canary.trafficRouting.nginx.stableIngress',
        message: 'ingress `a` has no rules using service web-stable backend',
        severity: Severity.ERROR,
      }]);
    });
    test('passes when the Ingress routes to the stable Service (v1 and v1beta1 backends)', () => {
      expect(findings(id, [rollout({ stableIngress: 'a' }), ingress('a', 'web-stable')])).toEqual([]);
      expect(findings(id, [rollout({ stableIngress: 'a' }), ingress('a', 'web-stable', 'networking.k8s.io/v1beta1')])).toEqual([]);
    });
  });

  describe('RR9 ref-nginx-ingress-exists', () => {
    const id = 'ref-nginx-ingress-exists';
    test('fails when the stable Ingress is not in the set (a warning with ignoreMissingRefs)', () => {
      expect(findings(id, [rollout({ stableIngress: 'web' })])).toEqual([{
        path: 'spec.strategy.canary.trafficRouting.nginx.stableIngress',
        message: 'ingresses.networking.k8s.io "web" not found',
        severity: Severity.ERROR,
      }]);
      expect(findings(id, [rollout({ stableIngress: 'web' })], true)[0].severity).toBe(Severity.WARNING);
    });
    test('passes when it is', () => {
      expect(findings(id, [rollout({ stableIngress: 'web' }), ingress('web', 'web-stable')])).toEqual([]);
    });
  });
});
