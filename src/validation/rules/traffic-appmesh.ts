/**
 * AWS App Mesh traffic routing reference rules (argo-rollouts `rollout/controller.go`
 * getReferencedAppMeshResources, then `validation_references.go` ValidateAppMeshResource RR15 and
 * ValidateAppMeshVirtualRouter RR16).
 *
 * The rollout names an App Mesh VirtualService; its provider must be a VirtualRouter, whose routes
 * the controller weights between the canary and stable VirtualNodes. The App Mesh objects are
 * looked up by kind and the `appmesh.k8s.aws` group.
 */
import { isObject, joinPath, Manifest } from '../manifest';
import { canaryRouting } from '../rollout-model';
import { Rule, rule, RuleContext, Violation } from '../rule';

const ROLLOUT = ['Rollout'];
const APPMESH = 'spec.strategy.canary.trafficRouting.appMesh';
const APPMESH_GROUP = 'appmesh.k8s.aws';
const SUPPORTED_ROUTE_TYPES = ['httpRoute', 'tcpRoute', 'http2Route', 'grpcRoute'];

/** `trafficRouting.appMesh` of a canary Rollout, when set. */
function appMeshOf(r: Manifest): Record<string, any> | undefined {
  return canaryRouting(r, 'appMesh')?.router;
}

/** The referenced App Mesh VirtualService, when named and present. */
function virtualServiceOf(r: Manifest, ctx: RuleContext): Manifest | undefined {
  const name = appMeshOf(r)?.virtualService?.name;
  return typeof name === 'string' && name !== '' ? ctx.index.findInGroup('VirtualService', APPMESH_GROUP, name, r?.metadata?.namespace) : undefined;
}

/** The VirtualRouter a VirtualService's provider names (upstream GetVirtualRouterCRForVirtualService). */
function routerRefOf(vs: Manifest): { name: string; namespace?: string } | undefined {
  const ref = vs?.spec?.provider?.virtualRouter?.virtualRouterRef;
  if (!isObject(ref) || typeof ref.name !== 'string') return undefined;
  return { name: ref.name, namespace: typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : vs?.metadata?.namespace };
}

/** Go's `%s` of an interface value: a missing route name prints as `%!s(<nil>)`. */
function goString(v: unknown): string {
  return v == null ? '%!s(<nil>)' : String(v);
}

/** Go's `%v` and `%T` of a decoded JSON value, for the unstructured accessor error. */
function goValue(v: unknown): { value: string; type: string } {
  if (v === null) return { value: '<nil>', type: '<nil>' };
  if (Array.isArray(v)) return { value: `[${v.map((x) => goValue(x).value).join(' ')}]`, type: '[]interface {}' };
  if (typeof v === 'number') return { value: String(v), type: Number.isInteger(v) ? 'int64' : 'float64' };
  if (typeof v === 'boolean') return { value: String(v), type: 'bool' };
  return { value: String(v), type: 'string' };
}

/** Upstream ValidateAppMeshVirtualRouter (which stops at the first problem; here each route is judged). */
function* routerErrors(vr: Manifest, path: string): Iterable<Violation> {
  const name = vr?.metadata?.name;
  const routes = vr?.spec?.routes;
  if (!Array.isArray(routes) || routes.length === 0) {
    yield { path, message: `No routes defined for AppMesh virtual-router ${name}` };
    return;
  }
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i];
    if (!isObject(route)) {
      yield { path, message: `Invalid route was found for AppMesh virtual-router ${name} at index ${i}` };
      continue;
    }
    const type = SUPPORTED_ROUTE_TYPES.find((t) => route[t] !== undefined);
    if (!type || !isObject(route[type])) {
      // unstructured.NestedMap's error for a route type that is not an object
      const err = type ? `.${type} accessor error: ${goValue(route[type]).value} is of the type ${goValue(route[type]).type}, expected map[string]interface{}` : 'Route has unsupported route type';
      yield { path, message: `Error getting route details for AppMesh virtual-router ${name} and route ${goString(route.name)}. Error: ${err}` };
      continue;
    }
    const targets = route[type].action?.weightedTargets;
    if (!Array.isArray(targets)) {
      yield { path, message: `Invalid route action found for AppMesh virtual-router ${name} and route ${goString(route.name)}` };
    } else if (targets.length !== 2) {
      yield { path, message: `Invalid number of weightedTargets (${targets.length}) for AppMesh virtual-router ${name} and route ${goString(route.name)}, expected 2` };
    }
  }
}

export const APPMESH_TRAFFIC_RULES: Rule[] = [
  rule({
    id: 'appmesh-virtual-service-required',
    ref: 'RR15',
    kinds: ROLLOUT,
    message: 'must provide virtual-service',
    fix: 'name the App Mesh VirtualService in TrafficRouting.appMesh({ virtualServiceName })',
    *check(r) {
      const a = appMeshOf(r);
      if (a && !isObject(a.virtualService)) yield { path: joinPath(APPMESH, 'virtualService') };
    },
  }),
  rule({
    id: 'ref-appmesh-virtual-service-exists',
    ref: 'RR15',
    kinds: ROLLOUT,
    message: 'virtual service not found',
    fix: 'add the App Mesh VirtualService (appmesh.k8s.aws) to the set, or correct its name',
    *check(r, ctx) {
      const name = appMeshOf(r)?.virtualService?.name;
      if (typeof name !== 'string' || name === '') return;
      if (!virtualServiceOf(r, ctx)) {
        yield { path: joinPath(APPMESH, 'virtualService.name'), message: `virtualservices.appmesh.k8s.aws ${JSON.stringify(name)} not found`, severity: ctx.missingRefSeverity };
      }
    },
  }),
  rule({
    id: 'appmesh-virtual-service-uses-router',
    ref: 'RR15',
    kinds: ROLLOUT,
    message: 'Virtual-service is not associated with virtual-router',
    fix: 'make the VirtualService\'s provider a virtualRouter (spec.provider.virtualRouter.virtualRouterRef), not a virtualNode',
    *check(r, ctx) {
      const vs = virtualServiceOf(r, ctx);
      if (vs && !routerRefOf(vs)) yield { path: joinPath(APPMESH, 'virtualService.name') };
    },
  }),
  rule({
    id: 'ref-appmesh-virtual-router-exists',
    ref: 'RR15',
    kinds: ROLLOUT,
    message: 'virtual router not found',
    fix: 'add the VirtualRouter (appmesh.k8s.aws) that the VirtualService names to the set',
    *check(r, ctx) {
      const vs = virtualServiceOf(r, ctx);
      const ref = vs ? routerRefOf(vs) : undefined;
      if (ref && !ctx.index.findInGroup('VirtualRouter', APPMESH_GROUP, ref.name, ref.namespace)) {
        yield { path: joinPath(APPMESH, 'virtualService.name'), message: `virtualrouters.appmesh.k8s.aws ${JSON.stringify(ref.name)} not found`, severity: ctx.missingRefSeverity };
      }
    },
  }),
  rule({
    id: 'appmesh-virtual-router-routes',
    ref: 'RR16',
    kinds: ROLLOUT,
    message: 'invalid AppMesh virtual-router routes',
    fix: 'give the VirtualRouter at least one httpRoute/tcpRoute/http2Route/grpcRoute, each with action.weightedTargets naming the stable and the canary VirtualNode',
    *check(r, ctx) {
      const vs = virtualServiceOf(r, ctx);
      const ref = vs ? routerRefOf(vs) : undefined;
      const vr = ref ? ctx.index.findInGroup('VirtualRouter', APPMESH_GROUP, ref.name, ref.namespace) : undefined;
      if (vr) yield* routerErrors(vr, joinPath(APPMESH, 'virtualService.name'));
    },
  }),
  rule({
    id: 'ref-appmesh-virtual-node-exists',
    ref: 'library',
    kinds: ROLLOUT,
    message: 'virtual node not found',
    fix: 'add the VirtualNode (appmesh.k8s.aws) to the set, or correct its name: the controller fails with "Virtual-node is missing"',
    *check(r, ctx) {
      const group = appMeshOf(r)?.virtualNodeGroup;
      if (!isObject(group)) return;
      for (const field of ['canaryVirtualNodeRef', 'stableVirtualNodeRef'] as const) {
        const name = group[field]?.name;
        if (typeof name === 'string' && name !== '' && !ctx.index.findInGroup('VirtualNode', APPMESH_GROUP, name, r?.metadata?.namespace)) {
          yield { path: joinPath(APPMESH, 'virtualNodeGroup', field, 'name'), message: `virtualnodes.appmesh.k8s.aws ${JSON.stringify(name)} not found`, severity: ctx.missingRefSeverity };
        }
      }
    },
  }),
];
