/**
 * AWS ALB traffic routing reference rules (argo-rollouts `validation_references.go`:
 * ValidateRolloutAlbIngressesConfig RR11, validateAlbIngress RR9).
 */
import { arrayOf, isObject, joinPath, Manifest } from '../manifest';
import { strategyOf } from '../rollout-model';
import { Rule, rule } from '../rule';
import { ingressHasRuleWithService } from './traffic-nginx';

const ROLLOUT = ['Rollout'];
const ALB = 'spec.strategy.canary.trafficRouting.alb';

/** The canary strategy and its `trafficRouting.alb`, when set. */
function albOf(r: Manifest): { canary: Record<string, any>; alb: Record<string, any> } | undefined {
  const st = strategyOf(r);
  if (st?.name !== 'canary' || !isObject(st.spec.trafficRouting) || !isObject(st.spec.trafficRouting.alb)) return undefined;
  return { canary: st.spec, alb: st.spec.trafficRouting.alb };
}

/** The Ingresses an ALB canary names, with their paths. */
function albIngresses(alb: Record<string, any>): Array<{ name: string; path: string }> {
  const out: Array<{ name: string; path: string }> = [];
  if (typeof alb.ingress === 'string' && alb.ingress !== '') out.push({ name: alb.ingress, path: joinPath(ALB, 'ingress') });
  arrayOf(alb.ingresses).forEach((name, i) => {
    if (typeof name === 'string' && name !== '') out.push({ name, path: joinPath(ALB, 'ingresses', i) });
  });
  return out;
}

export const ALB_TRAFFIC_RULES: Rule[] = [
  rule({
    id: 'alb-ingress-one-of',
    ref: 'RR11',
    kinds: ROLLOUT,
    message: 'Either Ingress or Ingresses must be configured.',
    fix: 'give TrafficRouting.alb exactly one of ingress and ingresses',
    *check(r) {
      const a = albOf(r);
      if (!a) return;
      const single = typeof a.alb.ingress === 'string' && a.alb.ingress !== '';
      const several = arrayOf(a.alb.ingresses).length > 0;
      if (single && several) yield { path: ALB, message: 'Either Ingress or Ingresses must be configured. Both are configured.' };
      if (!single && !several) yield { path: ALB, message: 'Either Ingress or Ingresses must be configured. Neither are configured.' };
    },
  }),
  rule({
    id: 'ref-alb-ingress-exists',
    ref: 'RR9',
    kinds: ROLLOUT,
    message: 'ingress not found',
    fix: 'add the Ingress to the set, or correct the ALB Ingress name',
    *check(r, ctx) {
      const a = albOf(r);
      if (!a) return;
      for (const i of albIngresses(a.alb)) {
        if (!ctx.index.find('Ingress', i.name, r?.metadata?.namespace)) {
          yield { path: i.path, message: `ingresses.networking.k8s.io ${JSON.stringify(i.name)} not found`, severity: ctx.missingRefSeverity };
        }
      }
    },
  }),
  rule({
    id: 'alb-ingress-routes-service',
    ref: 'RR9',
    kinds: ROLLOUT,
    message: 'ingress has no rules using the stable (or root) service backend',
    fix: 'give the Ingress a rule whose backend is the stableService, or the rootService when set (cdk8s-plus: IngressBackend.fromService(...))',
    *check(r, ctx) {
      const a = albOf(r);
      if (!a) return;
      const service = typeof a.alb.rootService === 'string' && a.alb.rootService !== '' ? a.alb.rootService : a.canary.stableService;
      // without a stableService R25 reports the missing Service
      if (typeof service !== 'string' || service === '') return;
      for (const i of albIngresses(a.alb)) {
        const ingress = ctx.index.find('Ingress', i.name, r?.metadata?.namespace);
        if (ingress && !ingressHasRuleWithService(ingress, service)) {
          yield { path: i.path, message: `ingress \`${i.name}\` has no rules using service ${service} backend` };
        }
      }
    },
  }),
];
