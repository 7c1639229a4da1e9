/**
 * AWS ALB traffic routing reference rules (argo-rollouts `validation_references.go`:
 * ValidateRolloutAlbIngressesConfig RR11, validateAlbIngress RR9), the Service port the
 * controller's Ingress actions forward to, and the names of header routes
 * (`rollout/trafficrouting/alb/alb.go` SetHeaderRoutePerIngress).
 */
import { dns1035LabelErrors, labelKeyErrors } from '../labels';
import { arrayOf, isObject, joinPath, Manifest, text } from '../manifest';
import { canaryRouting } from '../rollout-model';
import { Rule, rule, RuleContext, Violation } from '../rule';
import { managedHeaderRoutes } from './canary';
import { ingressHasRuleWithService } from './traffic-nginx';

const ROLLOUT = ['Rollout'];
const ALB = 'spec.strategy.canary.trafficRouting.alb';

/** The canary strategy and its `trafficRouting.alb`, when set. */
function albOf(r: Manifest): { canary: Record<string, any>; alb: Record<string, any> } | undefined {
  const c = canaryRouting(r, 'alb');
  return c && { canary: c.canary, alb: c.router };
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

/**
 * The ALB canary of `r`, the Service its Ingress rules must name (`rootService`, else
 * `stableService`), and the Ingresses it names with the object of the set, if any; undefined without
 * ALB routing or without that Service (without a stableService R25 reports the missing Service).
 */
function albRouting(r: Manifest, ctx: RuleContext):
  { service: string; ingresses: Array<{ name: string; path: string; ingress?: Manifest }> } | undefined {
  const a = albOf(r);
  if (!a) return undefined;
  const service = typeof a.alb.rootService === 'string' && a.alb.rootService !== '' ? a.alb.rootService : a.canary.stableService;
  if (typeof service !== 'string' || service === '') return undefined;
  return { service, ingresses: albIngresses(a.alb).map((i) => ({ ...i, ingress: ctx.index.find('Ingress', i.name, r?.metadata?.namespace) })) };
}

/**
 * The Services the controller's ALB forward action names (upstream `GetStableAndCanaryServices` with
 * ping-pong: the ping and pong Services, else the stable and canary ones), with their paths.
 */
function actionServices(canary: Record<string, any>): Array<{ name: string; path: string }> {
  const pingPong = isObject(canary.pingPong) ? canary.pingPong : undefined;
  const fields = pingPong
    ? [{ owner: pingPong, field: 'pingService', path: 'spec.strategy.canary.pingPong.pingService' }, { owner: pingPong, field: 'pongService', path: 'spec.strategy.canary.pingPong.pongService' }]
    : [{ owner: canary, field: 'stableService', path: 'spec.strategy.canary.stableService' }, { owner: canary, field: 'canaryService', path: 'spec.strategy.canary.canaryService' }];
  return fields
    .filter(({ owner, field }) => typeof owner[field] === 'string' && owner[field] !== '')
    .map(({ owner, field, path }) => ({ name: owner[field], path }));
}

/** The annotation prefix of the controller's ALB annotations (upstream ingressutil.ALBIngressAnnotation unless `annotationPrefix`). */
function annotationPrefix(alb: Record<string, any>): string {
  return typeof alb.annotationPrefix === 'string' && alb.annotationPrefix !== '' ? alb.annotationPrefix : 'alb.ingress.kubernetes.io';
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
    fix: 'give the Ingress a rule whose backend is the stableService, or the rootService when set, with the port name use-annotation (cdk8s-plus: IngressBackend.fromService(...); CanaryRollout names the port)',
    *check(r, ctx) {
      const routing = albRouting(r, ctx);
      for (const { name, path, ingress } of routing?.ingresses ?? []) {
        if (ingress && !ingressHasRuleWithService(ingress, routing!.service)) {
          yield { path, message: `ingress \`${name}\` has no rules using service ${routing!.service} backend` };
        }
      }
    },
  }),
  rule({
    id: 'alb-ingress-backend-use-annotation',
    ref: 'library',
    kinds: ROLLOUT,
    message: 'the Ingress path routes to the stable (or root) service by port, so the AWS Load Balancer Controller forwards straight to it and the canary gets no traffic',
    fix: 'give the path\'s backend the port name use-annotation (backend.service.port: { name: use-annotation }; v1beta1: servicePort: use-annotation): the controller then reads the weighted forward action that Argo Rollouts writes in the actions.<service> annotation (CanaryRollout does this for the Ingresses it is given)',
    *check(r, ctx) {
      // Argo Rollouts writes alb.ingress.kubernetes.io/actions.<service> and finds the rule by its
      // service name only; the AWS Load Balancer Controller reads that annotation only for a backend
      // whose port is named use-annotation, else it forwards to the service's port itself
      const routing = albRouting(r, ctx);
      if (!routing) return;
      const service = routing.service;
      const found: Violation[] = [];
      for (const { name, path, ingress } of routing.ingresses) {
        arrayOf(ingress?.spec?.rules).forEach((rr, j) => arrayOf(rr?.http?.paths).forEach((p, k) => {
          const b = p?.backend;
          const v1 = b?.service?.name === service;
          if (!v1 && b?.serviceName !== service) return;
          const port = v1 ? b.service.port?.name : b.servicePort;
          if (port === 'use-annotation') return;
          found.push({
            path,
            message: `ingress \`${name}\` spec.rules[${j}].http.paths[${k}] routes to service ${service} by ${v1 ? `port ${text(b.service.port?.number ?? b.service.port?.name)}` : `servicePort ${text(b.servicePort)}`}, not by port name use-annotation: the AWS Load Balancer Controller forwards straight to it, and the canary gets no traffic`,
          });
        }));
      }
      yield* found;
    },
  }),
  rule({
    id: 'alb-header-route-name',
    ref: 'library',
    kinds: ROLLOUT,
    message: 'the header route name is not a valid Ingress backend Service name and annotation key name',
    fix: 'name the header route with at most 52 lower case letters, digits and \'-\', starting with a letter and ending with a letter or digit: the ALB router adds to each Ingress a path to a Service of that name (a DNS-1035 label) and the annotations <prefix>/actions.<name> and <prefix>/conditions.<name> (a key\'s name part has at most 63 characters)',
    *check(r) {
      // SetHeaderRoutePerIngress, for a step with a match: CreateAnnotationBasedPath(name) puts a path
      // with the backend service.name <name> (port use-annotation) first in every rule, and the
      // annotations <prefix>/actions.<name> and <prefix>/conditions.<name> are set; the API server
      // rejects the patch of every Ingress when either is invalid, and the step never completes
      const a = albOf(r);
      if (!a) return;
      const prefix = annotationPrefix(a.alb);
      for (const route of managedHeaderRoutes(a.canary)) {
        const step = route.steps.find((s) => s.adds);
        if (!step) continue;
        const keys = ['actions', 'conditions'].map((k) => ({ key: `${prefix}/${k}.${route.name}`, name: `${k}.${route.name}` }));
        // ValidateAnnotations checks the lower-cased key; only its name part depends on the route
        const errs = [
          ...keys.flatMap(({ key, name }) => labelKeyErrors(`x/${name}`.toLowerCase()).map((e) => `metadata.annotations: Invalid value: ${JSON.stringify(key)}: ${e}`)),
          ...dns1035LabelErrors(route.name).map((e) => `spec.rules[0].http.paths[0].backend.service.name: Invalid value: ${JSON.stringify(route.name)}: ${e}`),
        ];
        if (errs.length === 0) continue;
        yield {
          path: route.path,
          message: `managed route ${JSON.stringify(route.name)} cannot be an ALB header route: ${step.path.replace('spec.strategy.canary.', '')} has the controller add to the Ingress a path to the Service ${JSON.stringify(route.name)} and the annotations ${keys.map((k) => k.key).join(' and ')}, and the API server rejects the patch: ${errs.join('; ')}`,
        };
      }
    },
  }),
  rule({
    id: 'alb-service-port-exposed',
    ref: 'library',
    kinds: ROLLOUT,
    message: 'unable to find port on service',
    fix: 'set alb.servicePort to a port (spec.ports[].port) that the stable and canary Services expose, or add that port to the Services',
    *check(r, ctx) {
      // the Ingress action forwards to <service>:<servicePort>; the AWS Load Balancer Controller
      // fails the whole Ingress ("Failed build model due to ingress: ... unable to find port 80 on
      // service ...") when the Service has no such port. A Service not in the set is RR1's finding.
      const a = albOf(r);
      const port = a?.alb.servicePort;
      if (!a || typeof port !== 'number') return;
      const namespace = r?.metadata?.namespace;
      for (const s of actionServices(a.canary)) {
        const svc = ctx.index.find('Service', s.name, namespace);
        if (!svc || arrayOf(svc?.spec?.ports).some((p) => p?.port === port)) continue;
        const exposed = arrayOf(svc?.spec?.ports).map((p) => text(p?.port)).join(', ');
        yield {
          path: joinPath(ALB, 'servicePort'),
          message: `unable to find port ${port} on service ${namespace ? `${namespace}/` : ''}${s.name}: the ALB action of ${s.path.split('.').pop()} forwards to that port, and the Service exposes ${exposed || 'no ports'}`,
        };
      }
    },
  }),
];
