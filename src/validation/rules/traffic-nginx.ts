/**
 * NGINX traffic routing reference rules (argo-rollouts
 * `pkg/apis/rollouts/validation/validation_references.go`: RR9 for NGINX, RR10).
 */
import { arrayOf, joinPath, Manifest } from '../manifest';
import { canaryRouting } from '../rollout-model';
import { Rule, rule } from '../rule';

const ROLLOUT = ['Rollout'];
const NGINX = 'spec.strategy.canary.trafficRouting.nginx';

/** The `trafficRouting.nginx` block of a canary Rollout, when set. */
function nginxOf(r: Manifest): { canary: Record<string, any>; nginx: Record<string, any> } | undefined {
  const c = canaryRouting(r, 'nginx');
  return c && { canary: c.canary, nginx: c.router };
}

/** The stable Ingresses an NGINX canary names, with their paths. */
function stableIngresses(nginx: Record<string, any>): Array<{ name: string; path: string }> {
  const out: Array<{ name: string; path: string }> = [];
  if (typeof nginx.stableIngress === 'string' && nginx.stableIngress !== '') out.push({ name: nginx.stableIngress, path: joinPath(NGINX, 'stableIngress') });
  arrayOf(nginx.stableIngresses).forEach((name, i) => {
    if (typeof name === 'string' && name !== '') out.push({ name, path: joinPath(NGINX, 'stableIngresses', i) });
  });
  return out;
}

/**
 * Upstream `ingressutil.HasRuleWithService`: some `spec.rules[].http.paths[].backend` names the
 * Service (networking.k8s.io/v1 `backend.service.name`, v1beta1 `backend.serviceName`). A default
 * backend does not count.
 */
export function ingressHasRuleWithService(ingress: Manifest, service: string): boolean {
  for (const r of arrayOf(ingress?.spec?.rules)) {
    for (const p of arrayOf(r?.http?.paths)) {
      if (p?.backend?.service?.name === service || p?.backend?.serviceName === service) return true;
    }
  }
  return false;
}

export const NGINX_TRAFFIC_RULES: Rule[] = [
  rule({
    id: 'nginx-stable-ingress-one-of',
    ref: 'RR10',
    kinds: ROLLOUT,
    message: 'Either StableIngress or StableIngresses must be configured.',
    fix: 'give TrafficRouting.nginx exactly one of stableIngress and stableIngresses',
    *check(r) {
      const n = nginxOf(r);
      if (!n) return;
      const single = typeof n.nginx.stableIngress === 'string' && n.nginx.stableIngress !== '';
      const several = arrayOf(n.nginx.stableIngresses).length > 0;
      if (single && several) yield { path: NGINX, message: 'Either StableIngress or StableIngresses must be configured. Both are configured.' };
      if (!single && !several) yield { path: NGINX, message: 'Either StableIngress or StableIngresses must be configured. Neither are configured.' };
    },
  }),
  rule({
    id: 'ref-nginx-ingress-exists',
    ref: 'RR9',
    kinds: ROLLOUT,
    message: 'ingress not found',
    fix: 'add the Ingress to the set, or correct the stable Ingress name',
    *check(r, ctx) {
      const n = nginxOf(r);
      if (!n) return;
      for (const i of stableIngresses(n.nginx)) {
        if (!ctx.index.find('Ingress', i.name, r?.metadata?.namespace)) {
          yield { path: i.path, message: `ingresses.networking.k8s.io ${JSON.stringify(i.name)} not found`, severity: ctx.missingRefSeverity };
        }
      }
    },
  }),
  rule({
    id: 'nginx-ingress-routes-stable-service',
    ref: 'RR9',
    kinds: ROLLOUT,
    message: 'ingress has no rules using the stable service backend',
    fix: 'give the stable Ingress a rule whose backend is the stableService (cdk8s-plus: IngressBackend.fromService(rollout.stableService))',
    *check(r, ctx) {
      const n = nginxOf(r);
      const service = n?.canary.stableService;
      // without a stableService R25 reports the missing Service
      if (!n || typeof service !== 'string' || service === '') return;
      for (const i of stableIngresses(n.nginx)) {
        const ingress = ctx.index.find('Ingress', i.name, r?.metadata?.namespace);
        if (ingress && !ingressHasRuleWithService(ingress, service)) {
          yield { path: i.path, message: `ingress \`${i.name}\` has no rules using service ${service} backend` };
        }
      }
    },
  }),
];
