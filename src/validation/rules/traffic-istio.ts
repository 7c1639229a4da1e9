/**
 * Istio traffic routing reference rules (argo-rollouts `validation_references.go`
 * ValidateRolloutVirtualServicesConfig and ValidateVirtualService, RR12 and RR13, with the route
 * checks of `rollout/trafficrouting/istio/istio.go`, and its header and mirror route steps).
 *
 * The VirtualServices and DestinationRules are looked up in the manifest set by kind and
 * `networking.istio.io` group; a `name.namespace` reference is looked up in that namespace.
 */
import { arrayOf, isObject, joinPath, Manifest, text } from '../manifest';
import { canaryRouting } from '../rollout-model';
import { Rule, rule, Violation } from '../rule';
import { RouteStep, routeSteps } from './canary';

const ROLLOUT = ['Rollout'];
const ISTIO = 'spec.strategy.canary.trafficRouting.istio';
const ISTIO_GROUP = 'networking.istio.io';

/** The canary strategy and its `trafficRouting.istio`, when set. */
function istioOf(r: Manifest): { canary: Record<string, any>; istio: Record<string, any> } | undefined {
  const c = canaryRouting(r, 'istio');
  return c && { canary: c.canary, istio: c.router };
}

/** One VirtualService reference of the rollout, with its path. */
interface VirtualServiceRef {
  readonly spec: Record<string, any>;
  /** path of the reference's `name` */
  readonly path: string;
  readonly name: string;
  readonly namespace?: string;
}

/**
 * Whether `virtualServices` is set as the controller sees it: it re-encodes the Rollout before
 * validating (`remarshalRollout`), and the list is `omitempty`, so an empty list is unset.
 */
function severalVirtualServices(istio: Record<string, any>): boolean {
  return arrayOf(istio.virtualServices).length > 0;
}

/** The VirtualServices the controller edits: `virtualServices` when set, else `virtualService` (upstream getVirtualServices). */
function virtualServiceRefs(r: Manifest, istio: Record<string, any>): VirtualServiceRef[] {
  const refs = severalVirtualServices(istio)
    ? istio.virtualServices.map((v: any, i: number) => ({ spec: v, path: joinPath(ISTIO, 'virtualServices', i, 'name') }))
    : isObject(istio.virtualService) ? [{ spec: istio.virtualService, path: joinPath(ISTIO, 'virtualService.name') }] : [];
  return refs.filter((v: any) => isObject(v.spec) && typeof v.spec.name === 'string' && v.spec.name !== '').map((v: any) => {
    // istioutil.GetVirtualServiceNamespaceName: the first two dot-separated parts are the name and the
    // namespace (`name.namespace`, `name.namespace.svc.cluster.local`)
    const parts = String(v.spec.name).split('.');
    return parts.length >= 2
      ? { ...v, name: parts[0], namespace: parts[1] }
      : { ...v, name: v.spec.name, namespace: r?.metadata?.namespace };
  });
}

/** A destination's host up to the first dot (upstream getHost: `svc.ns.svc.cluster.local` is `svc`). */
function hostOf(dest: any): string {
  const host = typeof dest?.destination?.host === 'string' ? dest.destination.host : '';
  const i = host.indexOf('.');
  return i < 0 ? host : host.slice(0, i);
}

/**
 * The stable and canary Services the route check looks for (upstream GetStableAndCanaryServices(r,
 * false)): stableService and canaryService, or with ping-pong and neither of them set, the pong
 * Service as stable and the ping Service as canary (a Rollout without status yet).
 */
function routeServices(canary: Record<string, any>): { stable: any; canary: any } {
  if (isObject(canary.pingPong) && !canary.stableService && !canary.canaryService) {
    return { stable: canary.pingPong.pongService, canary: canary.pingPong.pingService };
  }
  return { stable: canary.stableService, canary: canary.canaryService };
}

/** Upstream validateVirtualServiceRouteDestinations: the route reaches stable and canary (Services, or DestinationRule subsets). */
function destinationError(route: any, canaryStrategy: Record<string, any>, dRule: Record<string, any> | undefined): string | undefined {
  const dests = arrayOf(route?.route);
  if (dRule) {
    const subsets = dests.map((d) => d?.destination?.subset);
    if (!subsets.includes(dRule.canarySubsetName) || !dRule.canarySubsetName) return `Canary DestinationRule subset '${dRule.canarySubsetName ?? ''}' not found in route`;
    if (!subsets.includes(dRule.stableSubsetName) || !dRule.stableSubsetName) return `Stable DestinationRule subset '${dRule.stableSubsetName ?? ''}' not found in route`;
    return undefined;
  }
  const hosts = dests.map(hostOf);
  const svc = routeServices(canaryStrategy);
  if (!hosts.includes(svc.canary)) return `Canary Service '${text(svc.canary)}' not found in route`;
  if (!hosts.includes(svc.stable)) return `Stable Service '${text(svc.stable)}' not found in route`;
  return undefined;
}

/** The match ports and SNI hosts of a TLS/TCP route, or undefined when its match blocks name several ports (never matched upstream). */
function routePortAndHosts(route: any): { port: number; sniHosts: string[] } | undefined {
  const ports = new Set<number>();
  const hosts = new Set<string>();
  for (const m of arrayOf(route?.match)) {
    ports.add(typeof m?.port === 'number' ? m.port : 0);
    for (const h of arrayOf(m?.sniHosts)) hosts.add(text(h));
  }
  if (ports.size > 1) return undefined;
  return { port: ports.size ? [...ports][0] : 0, sniHosts: [...hosts].sort() };
}

function sameHosts(a: unknown, sorted: string[]): boolean {
  const x = arrayOf(a).map(text).sort();
  return x.length === sorted.length && x.every((h, i) => h === sorted[i]);
}

/** A route list as the controller unmarshals it: objects (or nulls) whose `route` is absent, null or a list of objects (or nulls). */
function wellFormed(routes: any[]): boolean {
  const objectOrNull = (v: unknown) => v === null || isObject(v);
  return routes.every((rt) => rt === null || (isObject(rt) && (rt.route == null || (Array.isArray(rt.route) && rt.route.every(objectOrNull)))));
}

/** Upstream ValidateHTTPRoutes. */
function httpRouteError(http: any[], routeNames: string[], canary: Record<string, any>, dRule: Record<string, any> | undefined): string | undefined {
  let indexes: number[] = [];
  if (routeNames.length === 0) {
    const unnamed = http.findIndex((rt) => !rt?.name);
    if (unnamed >= 0) indexes = [unnamed];
  } else {
    for (const name of routeNames) {
      const i = http.findIndex((rt) => rt?.name === name);
      if (i < 0) return `HTTP Route '${name}' is not found in the defined Virtual Service.`;
      indexes.push(i);
    }
  }
  for (const i of indexes) {
    const err = destinationError(http[i], canary, dRule);
    if (err) return err;
  }
  const managed = new Set(arrayOf(canary.trafficRouting?.managedRoutes).map((m) => m?.name));
  const unmanaged = http.filter((rt) => !(typeof rt?.name === 'string' && managed.has(rt.name)));
  if (routeNames.length === 0 && unmanaged.length > 1) {
    return 'spec.http[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.routes';
  }
  return undefined;
}

/** Upstream ValidateTlsRoutes / ValidateTcpRoutes. */
function portRouteError(kind: 'TLS' | 'TCP', routes: any[], wanted: any[], canary: Record<string, any>, dRule: Record<string, any> | undefined): string | undefined {
  let indexes: number[] = [];
  if (wanted.length === 0) {
    if (routes.length > 0) indexes = [0];
  } else {
    for (const w of wanted) {
      const hits = routes.map((rt, i) => ({ rt: routePortAndHosts(rt), i })).filter(({ rt }) => rt
        && rt.port === (typeof w?.port === 'number' ? w.port : 0)
        && (kind === 'TCP' || sameHosts(w?.sniHosts, rt.sniHosts)));
      if (hits.length === 0) return `No matching ${kind} routes found in the defined Virtual Service.`;
      indexes.push(...hits.map((h) => h.i));
    }
  }
  for (const i of indexes) {
    const err = destinationError(routes[i], canary, dRule);
    if (err) return err;
  }
  if (wanted.length === 0 && routes.length > 1) {
    const field = kind === 'TLS' ? 'tls' : 'tcp';
    return `spec.${field}[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.${field}Routes`;
  }
  return undefined;
}

/** Upstream ValidateVirtualService for one referenced VirtualService. */
function* virtualServiceErrors(
  vs: Manifest, ref: VirtualServiceRef, canary: Record<string, any>, dRule: Record<string, any> | undefined,
): Iterable<Violation> {
  const spec = isObject(vs.spec) ? vs.spec : {};
  const kinds = [
    { label: 'HTTP', field: 'http' },
    { label: 'TLS', field: 'tls' },
    { label: 'TCP', field: 'tcp' },
  ] as const;
  const present = kinds.filter((k) => Array.isArray(spec[k.field]));
  if (present.length === 0) {
    yield { path: ref.path, message: 'Unable to get any of the HTTP, TCP or TLS routes for the Istio VirtualService' };
    return;
  }
  for (const k of present) {
    const routes: any[] = spec[k.field];
    if (!wellFormed(routes)) {
      yield { path: ref.path, message: `Unable to get ${k.label} routes for Istio VirtualService` };
      continue;
    }
    const err = k.label === 'HTTP'
      ? httpRouteError(routes, arrayOf(ref.spec.routes).map(text), canary, dRule)
      : portRouteError(k.label, routes, arrayOf(k.label === 'TLS' ? ref.spec.tlsRoutes : ref.spec.tcpRoutes), canary, dRule);
    if (err) yield { path: ref.path, message: `Istio VirtualService has invalid ${k.label} routes. Error: ${err}` };
  }
}

/**
 * The error of a header or mirror route step on a VirtualService without `spec.http`: both first
 * remove the route from the HTTP routes (upstream removeRoute), which fails with "spec.http not found".
 */
function routeStepError(step: RouteStep): string {
  const remove = step.adds ? 'failed to remove http route from virtual service' : 'failed to remove route from virtual service';
  return step.kind === 'setHeaderRoute'
    ? `[SetHeaderRoute] failed to reconcile header routes: [reconcileVirtualServiceHeaderRoutes] ${remove}: spec.http not found`
    : `[SetMirrorRoute] failed reconcile virtual service for mirror routes: [reconcileVirtualServiceMirrorRoutes] ${remove}: spec.http not found`;
}

export const ISTIO_TRAFFIC_RULES: Rule[] = [
  rule({
    id: 'istio-virtual-service-one-of',
    ref: 'RR12',
    kinds: ROLLOUT,
    message: 'either VirtualService or VirtualServices must be configured',
    fix: 'give TrafficRouting.istio exactly one of virtualService and virtualServices',
    *check(r) {
      const i = istioOf(r);
      if (!i) return;
      // upstream MultipleVirtualServiceConfigured, on the re-encoded Rollout: a non-empty list
      if (severalVirtualServices(i.istio) === isObject(i.istio.virtualService)) yield { path: ISTIO };
    },
  }),
  rule({
    id: 'ref-istio-virtual-service-exists',
    ref: 'RR13',
    kinds: ROLLOUT,
    message: 'virtual service not found',
    fix: 'add the VirtualService (networking.istio.io) to the set, or correct its name',
    *check(r, ctx) {
      const i = istioOf(r);
      if (!i) return;
      for (const ref of virtualServiceRefs(r, i.istio)) {
        if (!ctx.index.findInGroup('VirtualService', ISTIO_GROUP, ref.name, ref.namespace)) {
          yield { path: ref.path, message: `virtualservices.networking.istio.io ${JSON.stringify(ref.name)} not found`, severity: ctx.missingRefSeverity };
        }
      }
    },
  }),
  rule({
    id: 'istio-virtual-service-routes',
    ref: 'RR13',
    kinds: ROLLOUT,
    message: 'Istio VirtualService has invalid routes',
    fix: 'make the VirtualService routes the rollout names send traffic to its stable and canary Services (or DestinationRule subsets), and name them in routes / tlsRoutes / tcpRoutes',
    *check(r, ctx) {
      const i = istioOf(r);
      if (!i) return;
      const dRule = isObject(i.istio.destinationRule) ? i.istio.destinationRule : undefined;
      // host-level routing without both Services is reported by R25 (R21/R22 with ping-pong)
      const svc = routeServices(i.canary);
      if (!dRule && (!svc.canary || !svc.stable)) return;
      for (const ref of virtualServiceRefs(r, i.istio)) {
        const vs = ctx.index.findInGroup('VirtualService', ISTIO_GROUP, ref.name, ref.namespace);
        if (vs) yield* virtualServiceErrors(vs, ref, i.canary, dRule);
      }
    },
  }),
  rule({
    id: 'istio-route-steps-need-http-routes',
    ref: 'library',
    kinds: ROLLOUT,
    message: 'spec.http not found',
    fix: 'give the VirtualService an HTTP route (spec.http), or leave out the setHeaderRoute and setMirrorRoute steps: header and mirror routes are HTTP routes, and the controller adds and removes them in every VirtualService the rollout names',
    *check(r, ctx) {
      // SetHeaderRoute and SetMirrorRoute edit every VirtualService of the rollout in turn, and
      // removeRoute fails on one without spec.http (TLS or TCP routes only), with or without a match
      const i = istioOf(r);
      if (!i) return;
      const steps = routeSteps(i.canary);
      if (steps.length === 0) return;
      const short = (s: RouteStep) => s.path.replace('spec.strategy.canary.', '');
      for (const ref of virtualServiceRefs(r, i.istio)) {
        const vs = ctx.index.findInGroup('VirtualService', ISTIO_GROUP, ref.name, ref.namespace);
        if (!vs) continue;
        const spec = isObject(vs.spec) ? vs.spec : {};
        if (Array.isArray(spec.http)) continue;
        const kinds = (['tls', 'tcp'] as const).filter((k) => Array.isArray(spec[k]));
        // without any routes istio-virtual-service-routes reports it, and the weight steps fail first
        if (kinds.length === 0) continue;
        const more = steps.length > 1 ? ` (as do ${steps.slice(1).map(short).join(', ')})` : '';
        yield {
          path: ref.path,
          message: `VirtualService ${ref.name} has no spec.http, only ${kinds.map((k) => `spec.${k}`).join(' and ')}, so ${short(steps[0])} fails${more}: ${routeStepError(steps[0])}`,
        };
      }
    },
  }),
  rule({
    id: 'ref-istio-destination-rule-exists',
    ref: 'library',
    kinds: ROLLOUT,
    message: 'destination rule not found',
    fix: 'add the DestinationRule (networking.istio.io) to the set, or correct its name',
    *check(r, ctx) {
      const dRule = istioOf(r)?.istio.destinationRule;
      if (!isObject(dRule) || typeof dRule.name !== 'string' || dRule.name === '') return;
      if (!ctx.index.findInGroup('DestinationRule', ISTIO_GROUP, dRule.name, r?.metadata?.namespace)) {
        yield { path: joinPath(ISTIO, 'destinationRule.name'), message: `destinationrules.networking.istio.io ${JSON.stringify(dRule.name)} not found`, severity: ctx.missingRefSeverity };
      }
    },
  }),
  rule({
    id: 'istio-destination-rule-subsets',
    ref: 'library',
    kinds: ROLLOUT,
    message: 'DestinationRule has no such subset',
    fix: 'add the subset to the DestinationRule\'s spec.subsets: the controller only updates subsets that exist, and traffic to a missing subset fails',
    *check(r, ctx) {
      const dRule = istioOf(r)?.istio.destinationRule;
      if (!isObject(dRule) || typeof dRule.name !== 'string') return;
      const dr = ctx.index.findInGroup('DestinationRule', ISTIO_GROUP, dRule.name, r?.metadata?.namespace);
      if (!dr) return;
      const subsets = new Set(arrayOf(dr.spec?.subsets).map((s) => s?.name));
      for (const field of ['canarySubsetName', 'stableSubsetName'] as const) {
        const subset = dRule[field];
        if (typeof subset === 'string' && subset !== '' && !subsets.has(subset)) {
          yield { path: joinPath(ISTIO, 'destinationRule', field), message: `DestinationRule ${JSON.stringify(dRule.name)} has no subset ${JSON.stringify(subset)}` };
        }
      }
    },
  }),
];
