/**
 * Canary strategy rules (argo-rollouts `pkg/apis/rollouts/validation/validation.go`
 * `ValidateRolloutStrategyCanary`, ids R18–R43).
 *
 * Upstream reports paths without the `canary` segment (`spec.strategy.steps[1].setWeight`); the
 * findings here use the full document path (`spec.strategy.canary.steps[1].setWeight`).
 */
import { intValue, pauseDurationSeconds } from '../duration';
import { arrayOf, isObject, joinPath, Manifest } from '../manifest';
import { strategyOf } from '../rollout-model';
import { Rule, rule, Violation } from '../rule';

const ROLLOUT = ['Rollout'];
const CANARY = 'spec.strategy.canary';

const STEP_KIND_MESSAGE = 'Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause';
const STRING_MATCH_MISSED = 'StringMatch value missed, match value must have one of the following: exact, regex, prefix';
const STRING_MATCH_MULTIPLE = 'StringMatch match value must have exactly one of the following: exact, regex, prefix';
const PING_PONG_SERVICES = 'Ping service and Pong service must to be set to use Ping-Pong feature';
const SERVICES_REQUIRED = 'Canary service and Stable service must to be set to use Traffic Routing';

/** Every step kind a canary step can set. */
const STEP_KINDS = ['setWeight', 'pause', 'experiment', 'analysis', 'setCanaryScale', 'setHeaderRoute', 'setMirrorRoute', 'plugin'];
/** The kinds upstream's `hasMultipleStepsType` compares (the others are not caught when combined). */
const EXCLUSIVE_STEP_KINDS = ['setWeight', 'pause', 'experiment', 'analysis'];

/** The canary block of a Rollout whose only strategy is canary (upstream checks nothing else). */
function canaryOf(r: Manifest): Record<string, any> | undefined {
  const st = strategyOf(r);
  return st?.name === 'canary' ? st.spec : undefined;
}

/** `trafficRouting` when set (a Go non-nil pointer: `{}` counts). */
function routerOf(c: Record<string, any>): Record<string, any> | undefined {
  return isObject(c.trafficRouting) ? c.trafficRouting : undefined;
}

/** A Go pointer field that is non-nil. */
function set(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/**
 * Whether `trafficRouting.managedRoutes` is set as the controller sees it: it re-encodes the Rollout
 * before validating (`remarshalRollout`) and the list is `omitempty`, so an empty list is unset.
 */
function managedRoutesSet(trafficRouting: Record<string, any>): boolean {
  return arrayOf(trafficRouting.managedRoutes).length > 0;
}

/** A Go string field that is non-empty. */
function str(v: unknown): boolean {
  return typeof v === 'string' && v !== '';
}

function hasPlugins(tr: Record<string, any>): boolean {
  return isObject(tr.plugins) && Object.keys(tr.plugins).length > 0;
}

/** Every step with its path. */
function stepsOf(c: Record<string, any>): Array<{ step: Record<string, any>; path: string }> {
  return arrayOf(c.steps).map((step, i) => ({ step: isObject(step) ? step : {}, path: joinPath(CANARY, 'steps', i) }));
}

/** A `setHeaderRoute` or `setMirrorRoute` step of a canary. */
export interface RouteStep {
  /** Path of the step's `setHeaderRoute` / `setMirrorRoute`. */
  readonly path: string;
  readonly kind: 'setHeaderRoute' | 'setMirrorRoute';
  /** The route name (`''` when unset). */
  readonly name: string;
  /**
   * Whether the step sets a match (a Go non-nil slice: `match: []` counts), so that the router adds
   * the route; without one the step removes it.
   */
  readonly adds: boolean;
}

/** The header and mirror route steps of a canary, in step order. */
export function routeSteps(canary: Record<string, any>): RouteStep[] {
  const out: RouteStep[] = [];
  for (const { step, path } of stepsOf(canary)) {
    for (const kind of ['setHeaderRoute', 'setMirrorRoute'] as const) {
      const route = step[kind];
      if (!isObject(route)) continue;
      out.push({ path: joinPath(path, kind), kind, name: typeof route.name === 'string' ? route.name : '', adds: Array.isArray(route.match) });
    }
  }
  return out;
}

/**
 * The `trafficRouting.managedRoutes` entries that `setHeaderRoute` steps name, each with the path
 * of its `name` and those steps (a route name's checks are reported on its managedRoutes entry).
 */
export function managedHeaderRoutes(canary: Record<string, any>): Array<{ name: string; path: string; steps: RouteStep[] }> {
  const steps = routeSteps(canary).filter((s) => s.kind === 'setHeaderRoute');
  const out: Array<{ name: string; path: string; steps: RouteStep[] }> = [];
  arrayOf(routerOf(canary)?.managedRoutes).forEach((m, i) => {
    const name = m?.name;
    if (typeof name !== 'string' || name === '') return;
    const uses = steps.filter((s) => s.name === name);
    if (uses.length) out.push({ name, path: joinPath(CANARY, 'trafficRouting.managedRoutes', i, 'name'), steps: uses });
  });
  return out;
}

/** `trafficRouting.maxTrafficWeight`, or 100. */
function maxTrafficWeight(c: Record<string, any>): number {
  const w = routerOf(c)?.maxTrafficWeight;
  return typeof w === 'number' ? w : 100;
}

/**
 * Whether a canary needs `stableService` and `canaryService` (upstream `requireCanaryStableServices`):
 * every router except plugins, Istio subset routing (destinationRule) and ALB/Istio ping-pong.
 * Used by R25 and by `CanaryRollout` to decide whether to create the Services.
 * @param canary the `spec.strategy.canary` block (only `trafficRouting` and `pingPong` are read)
 */
export function requiresCanaryStableServices(canary: Record<string, any>): boolean {
  const tr = routerOf(canary);
  if (!tr) return false;
  const pingPong = set(canary.pingPong);
  return (set(tr.alb) && !pingPong)
    || (set(tr.istio) && !set(tr.istio?.destinationRule) && !pingPong)
    || set(tr.smi) || set(tr.apisix) || set(tr.ambassador) || set(tr.nginx) || set(tr.appMesh) || set(tr.traefik);
}

/** Kubernetes `getIntOrPercentValue`: `"25%"` → 25, `3` → 3, another string → its int value or 0. */
function intOrPercentValue(v: unknown): number {
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return parseInt(v, 10);
  return intValue(v);
}

/** The messages of upstream `hasMultipleMatchValues` for one StringMatch. */
function* stringMatchExactlyOne(m: unknown, path: string): Iterable<Violation> {
  if (!isObject(m)) {
    yield { path, message: STRING_MATCH_MISSED };
    return;
  }
  const n = [m.exact, m.regex, m.prefix].filter(str).length;
  if (n === 0) yield { path, message: STRING_MATCH_MISSED };
  else if (n > 1) yield { path, message: STRING_MATCH_MULTIPLE };
}

/** A rule over the canary block of a Rollout. */
function canaryRule(def: Omit<Rule, 'severity' | 'kinds' | 'check'> & { check: (c: Record<string, any>, r: Manifest) => Iterable<Violation> }): Rule {
  return rule({
    ...def,
    kinds: ROLLOUT,
    *check(r) {
      const c = canaryOf(r);
      if (c) yield* def.check(c, r);
    },
  });
}

export const CANARY_RULES: Rule[] = [
  canaryRule({
    id: 'canary-max-surge-unavailable-not-both-zero',
    ref: 'R18',
    message: 'MaxSurge and MaxUnavailable both can not be zero',
    fix: 'let at least one of maxSurge and maxUnavailable be more than 0 (e.g. maxSurge: 1)',
    *check(c) {
      // unset means the default 25%
      const surge = c.maxSurge == null ? 25 : intOrPercentValue(c.maxSurge);
      const unavailable = c.maxUnavailable == null ? 25 : intOrPercentValue(c.maxUnavailable);
      if (surge === 0 && unavailable === 0) yield { path: joinPath(CANARY, 'maxSurge') };
    },
  }),
  canaryRule({
    id: 'canary-distinct-services',
    ref: 'R19',
    message: 'This rollout uses the same service for the stable and canary services, but two different services are required.',
    fix: 'give canaryService a different Service than stableService',
    *check(c) {
      if (str(c.canaryService) && c.canaryService === c.stableService) yield { path: joinPath(CANARY, 'stableService') };
    },
  }),
  canaryRule({
    id: 'canary-ping-pong-router',
    ref: 'R20',
    message: 'Ping-pong feature works with the ALB and Istio traffic routers only',
    fix: 'use ping-pong with the ALB or Istio router, or use stableService/canaryService instead',
    *check(c) {
      const tr = routerOf(c);
      if (set(c.pingPong) && tr && !set(tr.alb) && !set(tr.istio)) yield { path: joinPath(CANARY, 'trafficRouting') };
    },
  }),
  canaryRule({
    id: 'canary-ping-service-set',
    ref: 'R21',
    message: PING_PONG_SERVICES,
    fix: 'name the ping Service in pingPong.pingService',
    *check(c) {
      if (set(c.pingPong) && !str(c.pingPong?.pingService)) yield { path: joinPath(CANARY, 'pingPong.pingService') };
    },
  }),
  canaryRule({
    id: 'canary-pong-service-set',
    ref: 'R22',
    message: PING_PONG_SERVICES,
    fix: 'name the pong Service in pingPong.pongService',
    *check(c) {
      if (set(c.pingPong) && !str(c.pingPong?.pongService)) yield { path: joinPath(CANARY, 'pingPong.pongService') };
    },
  }),
  canaryRule({
    id: 'canary-ping-pong-distinct',
    ref: 'R23',
    message: 'This rollout uses the same service for the ping and pong services, but two different services are required.',
    fix: 'give pingService and pongService two different Services',
    *check(c) {
      // upstream compares the strings as they are: two empty names are "the same service" too
      if (set(c.pingPong) && (c.pingPong?.pingService ?? '') === (c.pingPong?.pongService ?? '')) {
        yield { path: joinPath(CANARY, 'pingPong.pingService') };
      }
    },
  }),
  canaryRule({
    id: 'canary-ping-pong-alb-root-service',
    ref: 'R24',
    message: 'Root service field is required for the configuration with ALB and ping-pong feature enabled',
    fix: 'set trafficRouting.alb.rootService to the Service the Ingress routes to',
    *check(c) {
      const alb = routerOf(c)?.alb;
      if (set(c.pingPong) && set(alb) && !str(alb?.rootService)) yield { path: joinPath(CANARY, 'trafficRouting.alb.rootService') };
    },
  }),
  canaryRule({
    id: 'canary-traffic-routing-services',
    ref: 'R25',
    message: SERVICES_REQUIRED,
    fix: 'set stableService and canaryService (CanaryRollout creates them for a traffic router unless createServices is false)',
    *check(c) {
      if (!requiresCanaryStableServices(c)) return;
      if (!str(c.stableService)) yield { path: joinPath(CANARY, 'stableService') };
      if (!str(c.canaryService)) yield { path: joinPath(CANARY, 'canaryService') };
    },
  }),
  canaryRule({
    id: 'canary-scale-down-delay-needs-routing',
    ref: 'R26',
    message: 'Canary scaleDownDelaySeconds can only be used with traffic routing',
    fix: 'remove scaleDownDelay, or add trafficRouting',
    *check(c) {
      if (!routerOf(c) && set(c.scaleDownDelaySeconds)) yield { path: joinPath(CANARY, 'scaleDownDelaySeconds') };
    },
  }),
  canaryRule({
    id: 'canary-dynamic-stable-scale-needs-routing',
    ref: 'R27',
    message: 'Canary dynamicStableScale can only be used with traffic routing',
    fix: 'remove dynamicStableScale, or add trafficRouting',
    *check(c) {
      if (!routerOf(c) && c.dynamicStableScale === true) yield { path: joinPath(CANARY, 'dynamicStableScale') };
    },
  }),
  canaryRule({
    id: 'canary-dynamic-stable-scale-scale-down-delay',
    ref: 'R28',
    message: 'Canary dynamicStableScale cannot be used with scaleDownDelaySeconds',
    fix: 'use either dynamicStableScale or scaleDownDelay, not both',
    *check(c) {
      if (routerOf(c) && c.dynamicStableScale === true && set(c.scaleDownDelaySeconds)) yield { path: joinPath(CANARY, 'dynamicStableScale') };
    },
  }),
  canaryRule({
    id: 'canary-max-traffic-weight-router',
    ref: 'R29',
    message: 'Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins',
    fix: 'remove maxTrafficWeight (weights are percentages), or use the NGINX or a plugin router',
    *check(c) {
      const tr = routerOf(c);
      if (tr && set(tr.maxTrafficWeight) && !set(tr.nginx) && !hasPlugins(tr)) yield { path: joinPath(CANARY, 'trafficRouting.maxTrafficWeight') };
    },
  }),
  canaryRule({
    id: 'canary-step-single-kind',
    ref: 'R30',
    message: STEP_KIND_MESSAGE,
    fix: 'split the step in two: each step sets exactly one of setWeight, pause, analysis, experiment, ...',
    *check(c) {
      // upstream compares only setWeight, pause, experiment and analysis: e.g. setWeight together
      // with setCanaryScale passes the controller
      for (const { step, path } of stepsOf(c)) {
        if (EXCLUSIVE_STEP_KINDS.filter((k) => set(step[k])).length > 1) yield { path };
      }
    },
  }),
  canaryRule({
    id: 'canary-step-kind-required',
    ref: 'R31',
    message: STEP_KIND_MESSAGE,
    fix: 'give the step one of setWeight, pause, analysis, experiment, setCanaryScale, setHeaderRoute, setMirrorRoute or plugin',
    *check(c) {
      for (const { step, path } of stepsOf(c)) {
        if (!STEP_KINDS.some((k) => set(step[k]))) yield { path };
      }
    },
  }),
  canaryRule({
    id: 'canary-set-weight-range',
    ref: 'R32',
    message: 'SetWeight needs to be between 0 and 100',
    fix: 'use a weight from 0 to 100 (or to trafficRouting.maxTrafficWeight)',
    *check(c) {
      const max = maxTrafficWeight(c);
      for (const { step, path } of stepsOf(c)) {
        const w = step.setWeight;
        if (typeof w === 'number' && (w < 0 || w > max)) yield { path: joinPath(path, 'setWeight'), message: `SetWeight needs to be between 0 and ${max}` };
      }
    },
  }),
  canaryRule({
    id: 'canary-pause-duration',
    ref: 'R33',
    message: 'Duration needs to be greater than 0',
    fix: 'use whole seconds (e.g. 300) or a Go duration string (e.g. "5m"); omit the duration to pause until promoted',
    *check(c) {
      for (const { step, path } of stepsOf(c)) {
        const d = step.pause?.duration;
        // no duration is an indefinite pause (DurationSeconds() = 0)
        if (isObject(step.pause) && set(d) && pauseDurationSeconds(d) < 0) yield { path: joinPath(path, 'pause.duration') };
      }
    },
  }),
  canaryRule({
    id: 'canary-set-canary-scale-needs-routing',
    ref: 'R34',
    message: 'SetCanaryScale requires TrafficRouting to be set',
    fix: 'add trafficRouting, or use setWeight (without a router it scales the canary)',
    *check(c) {
      if (routerOf(c)) return;
      for (const { step, path } of stepsOf(c)) {
        if (set(step.setCanaryScale)) yield { path: joinPath(path, 'setCanaryScale') };
      }
    },
  }),
  canaryRule({
    id: 'canary-header-route-router',
    ref: 'R35',
    message: 'SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix',
    fix: 'use header routes with the Istio, ALB, Apisix or a plugin router; with NGINX use additionalIngressAnnotations canary-by-header',
    *check(c) {
      const tr = routerOf(c);
      const supported = tr && (set(tr.istio) || set(tr.alb) || set(tr.apisix) || hasPlugins(tr));
      if (supported) return;
      for (const { step, path } of stepsOf(c)) {
        if (set(step.setHeaderRoute)) yield { path: joinPath(path, 'setHeaderRoute') };
      }
    },
  }),
  canaryRule({
    id: 'canary-header-route-alb-exact',
    ref: 'R36',
    message: 'SetHeaderRoute match value invalid. ALB supports \'exact\' value only',
    fix: 'match the header with StringMatch.exact(value) (ALB matches header values exactly)',
    *check(c) {
      const tr = routerOf(c);
      if (!tr || !set(tr.alb)) return;
      for (const { step, path } of stepsOf(c)) {
        const matches = arrayOf(step.setHeaderRoute?.match);
        for (let j = 0; j < matches.length; j++) {
          const p = joinPath(path, 'setHeaderRoute.match', j, 'headerValue');
          const v = matches[j]?.headerValue;
          if (!isObject(v)) yield { path: p, message: STRING_MATCH_MISSED };
          else if (!str(v.exact) || str(v.regex) || str(v.prefix)) yield { path: p };
        }
      }
    },
  }),
  canaryRule({
    id: 'canary-header-route-string-match',
    ref: 'R37',
    message: STRING_MATCH_MULTIPLE,
    fix: 'give the header value exactly one of exact, prefix or regex (StringMatch.exact/prefix/regex)',
    *check(c) {
      const tr = routerOf(c);
      // checked only when the router supports header routes (else R35) and is not ALB (R36)
      if (!tr || set(tr.alb) || !(set(tr.istio) || set(tr.apisix) || hasPlugins(tr))) return;
      for (const { step, path } of stepsOf(c)) {
        const matches = arrayOf(step.setHeaderRoute?.match);
        for (let j = 0; j < matches.length; j++) {
          yield* stringMatchExactlyOne(matches[j]?.headerValue, joinPath(path, 'setHeaderRoute.match', j, 'headerValue'));
        }
      }
    },
  }),
  canaryRule({
    id: 'canary-mirror-route-router',
    ref: 'R38',
    message: 'SetMirrorRoute requires TrafficRouting, supports Istio only',
    fix: 'use mirror routes with the Istio router',
    *check(c) {
      if (set(routerOf(c)?.istio)) return;
      for (const { step, path } of stepsOf(c)) {
        if (set(step.setMirrorRoute)) yield { path: joinPath(path, 'setMirrorRoute') };
      }
    },
  }),
  canaryRule({
    id: 'canary-mirror-route-string-match',
    ref: 'R39',
    message: STRING_MATCH_MULTIPLE,
    fix: 'give the method and path matches exactly one of exact, prefix or regex (StringMatch.exact/prefix/regex)',
    *check(c) {
      // upstream checks `method` twice (reported once here) and never checks `headers`
      for (const { step, path } of stepsOf(c)) {
        const matches = arrayOf(step.setMirrorRoute?.match);
        for (let j = 0; j < matches.length; j++) {
          for (const f of ['method', 'path']) {
            if (set(matches[j]?.[f])) yield* stringMatchExactlyOne(matches[j][f], joinPath(path, 'setMirrorRoute.match', j, f));
          }
        }
      }
    },
  }),
  canaryRule({
    id: 'canary-managed-routes-required',
    ref: 'R40',
    message: 'Rollout has missing field \'spec.strategy.canary.trafficRouting.managedRoutes\'',
    fix: 'list the header and mirror route names in trafficRouting.managedRoutes (CanaryRollout adds them for you)',
    *check(c) {
      const tr = routerOf(c);
      if (!tr || managedRoutesSet(tr)) return;
      // upstream reports it once per route step; once is enough
      if (stepsOf(c).some(({ step }) => set(step.setHeaderRoute) || set(step.setMirrorRoute))) {
        yield { path: joinPath(CANARY, 'trafficRouting.managedRoutes') };
      }
    },
  }),
  canaryRule({
    id: 'canary-route-in-managed-routes',
    ref: 'R41',
    message: 'Steps define a route that does not exist in spec.strategy.canary.trafficRouting.managedRoutes',
    fix: 'add the route name to trafficRouting.managedRoutes, or correct the step\'s route name',
    *check(c) {
      const tr = routerOf(c);
      if (!tr || !managedRoutesSet(tr)) return;
      const names = arrayOf(tr.managedRoutes).map((m) => m?.name ?? '');
      for (const { step, path } of stepsOf(c)) {
        for (const kind of ['setHeaderRoute', 'setMirrorRoute']) {
          if (set(step[kind]) && !names.includes(step[kind]?.name ?? '')) yield { path: joinPath(path, kind, 'name') };
        }
      }
    },
  }),
  canaryRule({
    id: 'canary-experiment-weight-needs-routing',
    ref: 'R42',
    message: 'Experiment template weight cannot be set unless TrafficRouting is enabled',
    fix: 'remove the template weight, or add trafficRouting (SMI, ALB, Istio or a plugin)',
    *check(c) {
      if (routerOf(c)) return;
      yield* experimentWeights(c);
    },
  }),
  canaryRule({
    id: 'canary-experiment-weight-router',
    ref: 'R43',
    message: 'Experiment template weight is only available for TrafficRouting with SMI, ALB, Istio and Plugins at this time',
    fix: 'remove the template weight, or use the SMI, ALB, Istio or a plugin router',
    *check(c) {
      const tr = routerOf(c);
      if (!tr || set(tr.smi) || set(tr.alb) || set(tr.istio) || hasPlugins(tr)) return;
      yield* experimentWeights(c);
    },
  }),
];

/** Paths of the experiment step templates that set a weight. */
function* experimentWeights(c: Record<string, any>): Iterable<Violation> {
  for (const { step, path } of stepsOf(c)) {
    const templates = arrayOf(step.experiment?.templates);
    for (let i = 0; i < templates.length; i++) {
      if (set(templates[i]?.weight)) yield { path: joinPath(path, 'experiment.templates', i, 'weight') };
    }
  }
}
