import { validateManifests } from '../../../src/validation/engine';
import { Finding } from '../../../src/validation/finding';

/** A valid canary Rollout with `canary` as its strategy block. */
function rollout(canary: Record<string, any>): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
      strategy: { canary },
    },
  };
}

/** Findings of one rule for a canary block. */
function findings(ruleId: string, canary: Record<string, any>): Array<Pick<Finding, 'path' | 'message'>> {
  return validateManifests([rollout(canary)])
    .filter((f) => f.ruleId === ruleId)
    .map((f) => ({ path: f.path, message: f.message }));
}

const services = { stableService: 'web-stable', canaryService: 'web-canary' };
const nginx = { ...services, trafficRouting: { nginx: { stableIngress: 'web' } } };
const istio = { ...services, trafficRouting: { istio: { virtualService: { name: 'web' } }, managedRoutes: [{ name: 'r' }] } };
const alb = { ...services, trafficRouting: { alb: { ingress: 'web', servicePort: 80 }, managedRoutes: [{ name: 'r' }] } };
const plugins = { trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web' } } } };

describe('canary rules', () => {
  describe('R18 canary-max-surge-unavailable-not-both-zero', () => {
    const id = 'canary-max-surge-unavailable-not-both-zero';
    const msg = [{ path: 'spec.strategy.canary.maxSurge', message: 'MaxSurge and MaxUnavailable both can not be zero' }];

    test('fails when maxSurge and maxUnavailable are both zero, in any spelling', () => {
      expect(findings(id, { maxSurge: 0, maxUnavailable: 0 })).toEqual(msg);
      expect(findings(id, { maxSurge: '0%', maxUnavailable: '0' })).toEqual(msg);
      // a string that is neither a percentage nor an int reads as 0 (IntOrString.IntValue)
      expect(findings(id, { maxSurge: '{{args.x}}', maxUnavailable: 0 })).toEqual(msg);
    });

    test('passes when one of them is unset (default 25%) or above zero', () => {
      expect(findings(id, { maxSurge: 0 })).toEqual([]);
      expect(findings(id, { maxUnavailable: '0%' })).toEqual([]);
      expect(findings(id, { maxSurge: 1, maxUnavailable: 0 })).toEqual([]);
      expect(findings(id, { maxSurge: '0%', maxUnavailable: '1%' })).toEqual([]);
    });
  });

  describe('R19 canary-distinct-services', () => {
    const id = 'canary-distinct-services';
    test('fails when stable and canary name the same Service', () => {
      expect(findings(id, { stableService: 'web', canaryService: 'web' })).toEqual([{
        path: 'spec.strategy.canary.stableService',
        message: 'This rollout uses the same service for the stable and canary services, but two different services are required.',
      }]);
    });
    test('passes with two Services, or with both unset', () => {
      expect(findings(id, services)).toEqual([]);
      expect(findings(id, {})).toEqual([]);
      expect(findings(id, { stableService: '', canaryService: '' })).toEqual([]);
    });
  });

  describe('R20 canary-ping-pong-router', () => {
    const id = 'canary-ping-pong-router';
    const pingPong = { pingService: 'ping', pongService: 'pong' };
    test('fails with ping-pong under a router other than ALB and Istio', () => {
      expect(findings(id, { ...nginx, pingPong })).toEqual([{
        path: 'spec.strategy.canary.trafficRouting', message: 'Ping-pong feature works with the ALB and Istio traffic routers only',
      }]);
    });
    test('passes with ALB, Istio, or without traffic routing', () => {
      expect(findings(id, { pingPong, trafficRouting: { alb: { ingress: 'web', servicePort: 80, rootService: 'root' } } })).toEqual([]);
      expect(findings(id, { pingPong, trafficRouting: { istio: { virtualService: { name: 'web' } } } })).toEqual([]);
      expect(findings(id, { pingPong })).toEqual([]);
    });
  });

  describe('R21/R22 canary-ping-service-set, canary-pong-service-set', () => {
    const message = 'Ping service and Pong service must to be set to use Ping-Pong feature';
    test('fails when the ping or the pong Service is missing', () => {
      expect(findings('canary-ping-service-set', { pingPong: { pongService: 'pong' } })).toEqual([{ path: 'spec.strategy.canary.pingPong.pingService', message }]);
      expect(findings('canary-pong-service-set', { pingPong: { pingService: 'ping', pongService: '' } })).toEqual([{ path: 'spec.strategy.canary.pingPong.pongService', message }]);
    });
    test('passes with both Services', () => {
      expect(findings('canary-ping-service-set', { pingPong: { pingService: 'ping', pongService: 'pong' } })).toEqual([]);
      expect(findings('canary-pong-service-set', { pingPong: { pingService: 'ping', pongService: 'pong' } })).toEqual([]);
    });
  });

  describe('R23 canary-ping-pong-distinct', () => {
    const id = 'canary-ping-pong-distinct';
    const message = 'This rollout uses the same service for the ping and pong services, but two different services are required.';
    test('fails when ping and pong are the same (also when both are empty, as upstream)', () => {
      expect(findings(id, { pingPong: { pingService: 'p', pongService: 'p' } })).toEqual([{ path: 'spec.strategy.canary.pingPong.pingService', message }]);
      expect(findings(id, { pingPong: {} })).toEqual([{ path: 'spec.strategy.canary.pingPong.pingService', message }]);
    });
    test('passes with two Services', () => {
      expect(findings(id, { pingPong: { pingService: 'ping', pongService: 'pong' } })).toEqual([]);
    });
  });

  describe('R24 canary-ping-pong-alb-root-service', () => {
    const id = 'canary-ping-pong-alb-root-service';
    const pingPong = { pingService: 'ping', pongService: 'pong' };
    test('fails with ALB ping-pong without rootService', () => {
      expect(findings(id, { pingPong, trafficRouting: { alb: { ingress: 'web', servicePort: 80 } } })).toEqual([{
        path: 'spec.strategy.canary.trafficRouting.alb.rootService',
        message: 'Root service field is required for the configuration with ALB and ping-pong feature enabled',
      }]);
    });
    test('passes with rootService, or with ALB without ping-pong', () => {
      expect(findings(id, { pingPong, trafficRouting: { alb: { ingress: 'web', servicePort: 80, rootService: 'root' } } })).toEqual([]);
      expect(findings(id, alb)).toEqual([]);
    });
  });

  describe('R25 canary-traffic-routing-services', () => {
    const id = 'canary-traffic-routing-services';
    const message = 'Canary service and Stable service must to be set to use Traffic Routing';
    test('fails once per missing Service with a router that needs them', () => {
      // findings are sorted by path
      expect(findings(id, { trafficRouting: { nginx: { stableIngress: 'web' } } })).toEqual([
        { path: 'spec.strategy.canary.canaryService', message },
        { path: 'spec.strategy.canary.stableService', message },
      ]);
      expect(findings(id, { stableService: 's', trafficRouting: { smi: {} } })).toEqual([{ path: 'spec.strategy.canary.canaryService', message }]);
      for (const router of ['alb', 'istio', 'apisix', 'ambassador', 'appMesh', 'traefik']) {
        expect(findings(id, { canaryService: 'c', trafficRouting: { [router]: {} } })).toEqual([{ path: 'spec.strategy.canary.stableService', message }]);
      }
    });
    test('passes for plugins, Istio subset routing, ALB/Istio ping-pong, and without a router', () => {
      expect(findings(id, plugins)).toEqual([]);
      expect(findings(id, { trafficRouting: { istio: { virtualService: { name: 'v' }, destinationRule: { name: 'd', stableSubsetName: 's', canarySubsetName: 'c' } } } })).toEqual([]);
      expect(findings(id, { pingPong: { pingService: 'a', pongService: 'b' }, trafficRouting: { alb: { ingress: 'web', servicePort: 80, rootService: 'r' } } })).toEqual([]);
      expect(findings(id, { pingPong: { pingService: 'a', pongService: 'b' }, trafficRouting: { istio: { virtualService: { name: 'v' } } } })).toEqual([]);
      expect(findings(id, {})).toEqual([]);
      expect(findings(id, nginx)).toEqual([]);
    });
  });

  describe('R26 canary-scale-down-delay-needs-routing', () => {
    const id = 'canary-scale-down-delay-needs-routing';
    test('fails with scaleDownDelaySeconds (even 0) without a router', () => {
      expect(findings(id, { scaleDownDelaySeconds: 0 })).toEqual([{
        path: 'spec.strategy.canary.scaleDownDelaySeconds', message: 'Canary scaleDownDelaySeconds can only be used with traffic routing',
      }]);
    });
    test('passes with a router', () => {
      expect(findings(id, { ...nginx, scaleDownDelaySeconds: 30 })).toEqual([]);
    });
  });

  describe('R27 canary-dynamic-stable-scale-needs-routing', () => {
    const id = 'canary-dynamic-stable-scale-needs-routing';
    test('fails with dynamicStableScale without a router', () => {
      expect(findings(id, { dynamicStableScale: true })).toEqual([{
        path: 'spec.strategy.canary.dynamicStableScale', message: 'Canary dynamicStableScale can only be used with traffic routing',
      }]);
    });
    test('passes with a router, or when false', () => {
      expect(findings(id, { ...nginx, dynamicStableScale: true })).toEqual([]);
      expect(findings(id, { dynamicStableScale: false })).toEqual([]);
    });
  });

  describe('R28 canary-dynamic-stable-scale-scale-down-delay', () => {
    const id = 'canary-dynamic-stable-scale-scale-down-delay';
    test('fails with dynamicStableScale and scaleDownDelaySeconds together', () => {
      expect(findings(id, { ...nginx, dynamicStableScale: true, scaleDownDelaySeconds: 30 })).toEqual([{
        path: 'spec.strategy.canary.dynamicStableScale', message: 'Canary dynamicStableScale cannot be used with scaleDownDelaySeconds',
      }]);
    });
    test('passes with only one of them', () => {
      expect(findings(id, { ...nginx, dynamicStableScale: true })).toEqual([]);
      expect(findings(id, { ...nginx, dynamicStableScale: false, scaleDownDelaySeconds: 30 })).toEqual([]);
    });
  });

  describe('R29 canary-max-traffic-weight-router', () => {
    const id = 'canary-max-traffic-weight-router';
    test('fails with maxTrafficWeight under a router other than NGINX and plugins', () => {
      expect(findings(id, { ...istio, trafficRouting: { ...istio.trafficRouting, maxTrafficWeight: 1000 } })).toEqual([{
        path: 'spec.strategy.canary.trafficRouting.maxTrafficWeight', message: 'Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins',
      }]);
    });
    test('passes under NGINX and plugins', () => {
      expect(findings(id, { ...nginx, trafficRouting: { ...nginx.trafficRouting, maxTrafficWeight: 1000 } })).toEqual([]);
      expect(findings(id, { trafficRouting: { ...plugins.trafficRouting, maxTrafficWeight: 1000 } })).toEqual([]);
    });
  });

  describe('R30 canary-step-single-kind', () => {
    const id = 'canary-step-single-kind';
    const message = 'Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause';
    test('fails when a step combines two of setWeight, pause, experiment and analysis', () => {
      const steps = [{ setWeight: 10 }, { setWeight: 20, pause: {} }, { analysis: { templates: [] }, experiment: { templates: [] } }];
      expect(findings(id, { steps })).toEqual([
        { path: 'spec.strategy.canary.steps[1]', message },
        { path: 'spec.strategy.canary.steps[2]', message },
      ]);
    });
    test('passes (upstream quirk) when setWeight is combined with a kind outside those four', () => {
      expect(findings(id, { ...nginx, steps: [{ setWeight: 20, setCanaryScale: { replicas: 1 } }, { pause: {}, plugin: { name: 'p' } }] })).toEqual([]);
    });
  });

  describe('R31 canary-step-kind-required', () => {
    const id = 'canary-step-kind-required';
    test('fails for a step that sets no kind', () => {
      expect(findings(id, { steps: [{ setWeight: 10 }, {}, { setWieght: 20 }] })).toEqual([
        { path: 'spec.strategy.canary.steps[1]', message: 'Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause' },
        { path: 'spec.strategy.canary.steps[2]', message: 'Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause' },
      ]);
    });
    test('passes for every kind, including plugin and an empty pause', () => {
      expect(findings(id, { steps: [{ pause: {} }, { plugin: { name: 'p' } }, { setMirrorRoute: { name: 'm' } }, { setHeaderRoute: {} }] })).toEqual([]);
    });
  });

  describe('R32 canary-set-weight-range', () => {
    const id = 'canary-set-weight-range';
    test('fails below 0 and above 100', () => {
      expect(findings(id, { steps: [{ setWeight: -1 }, { setWeight: 101 }] })).toEqual([
        { path: 'spec.strategy.canary.steps[0].setWeight', message: 'SetWeight needs to be between 0 and 100' },
        { path: 'spec.strategy.canary.steps[1].setWeight', message: 'SetWeight needs to be between 0 and 100' },
      ]);
    });
    test('fails above maxTrafficWeight, naming it', () => {
      expect(findings(id, { ...nginx, trafficRouting: { ...nginx.trafficRouting, maxTrafficWeight: 50 }, steps: [{ setWeight: 51 }] })).toEqual([
        { path: 'spec.strategy.canary.steps[0].setWeight', message: 'SetWeight needs to be between 0 and 50' },
      ]);
    });
    test('passes at the boundaries 0 and 100, and up to maxTrafficWeight', () => {
      expect(findings(id, { steps: [{ setWeight: 0 }, { setWeight: 100 }] })).toEqual([]);
      const trafficRouting = { ...nginx.trafficRouting, maxTrafficWeight: 1000 };
      expect(findings(id, { ...nginx, trafficRouting, steps: [{ setWeight: 1000 }] })).toEqual([]);
    });
  });

  describe('R33 canary-pause-duration', () => {
    const id = 'canary-pause-duration';
    const message = 'Duration needs to be greater than 0';
    test('fails for a negative or unparsable duration', () => {
      expect(findings(id, { steps: [{ pause: { duration: -1 } }, { pause: { duration: '5 minutes' } }, { pause: { duration: '1d' } }, { pause: { duration: '{{args.x}}' } }] })).toEqual([
        { path: 'spec.strategy.canary.steps[0].pause.duration', message },
        { path: 'spec.strategy.canary.steps[1].pause.duration', message },
        { path: 'spec.strategy.canary.steps[2].pause.duration', message },
        { path: 'spec.strategy.canary.steps[3].pause.duration', message },
      ]);
    });
    test('passes for integer seconds, integer strings, Go durations, 0 and no duration', () => {
      expect(findings(id, { steps: [{ pause: { duration: 30 } }, { pause: { duration: '30' } }, { pause: { duration: '1h' } }, { pause: { duration: '1h30m' } }, { pause: { duration: 0 } }, { pause: {} }] })).toEqual([]);
    });
  });

  describe('R34 canary-set-canary-scale-needs-routing', () => {
    const id = 'canary-set-canary-scale-needs-routing';
    test('fails for a setCanaryScale step without a router', () => {
      expect(findings(id, { steps: [{ setWeight: 10 }, { setCanaryScale: { replicas: 1 } }] })).toEqual([{
        path: 'spec.strategy.canary.steps[1].setCanaryScale', message: 'SetCanaryScale requires TrafficRouting to be set',
      }]);
    });
    test('passes with a router', () => {
      expect(findings(id, { ...nginx, steps: [{ setCanaryScale: { matchTrafficWeight: true } }] })).toEqual([]);
    });
  });

  describe('R35 canary-header-route-router', () => {
    const id = 'canary-header-route-router';
    const step = { setHeaderRoute: { name: 'r', match: [{ headerName: 'x', headerValue: { exact: 'y' } }] } };
    const message = 'SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix';
    test('fails without a router and under NGINX', () => {
      expect(findings(id, { steps: [step] })).toEqual([{ path: 'spec.strategy.canary.steps[0].setHeaderRoute', message }]);
      expect(findings(id, { ...nginx, steps: [step] })).toEqual([{ path: 'spec.strategy.canary.steps[0].setHeaderRoute', message }]);
    });
    test('passes under Istio, ALB, Apisix and plugins', () => {
      expect(findings(id, { ...istio, steps: [step] })).toEqual([]);
      expect(findings(id, { ...alb, steps: [step] })).toEqual([]);
      expect(findings(id, { ...services, trafficRouting: { apisix: { route: { name: 'r' } } }, steps: [step] })).toEqual([]);
      expect(findings(id, { ...plugins, steps: [step] })).toEqual([]);
    });
  });

  describe('R36 canary-header-route-alb-exact', () => {
    const id = 'canary-header-route-alb-exact';
    const route = (...headerValues: any[]) => ({ ...alb, steps: [{ setHeaderRoute: { name: 'r', match: headerValues.map((headerValue) => ({ headerName: 'x', headerValue })) } }] });
    test('fails under ALB for a prefix/regex match or a missing value', () => {
      expect(findings(id, route({ prefix: 'a' }, { exact: 'a', regex: 'b' }, null))).toEqual([
        { path: 'spec.strategy.canary.steps[0].setHeaderRoute.match[0].headerValue', message: 'SetHeaderRoute match value invalid. ALB supports \'exact\' value only' },
        { path: 'spec.strategy.canary.steps[0].setHeaderRoute.match[1].headerValue', message: 'SetHeaderRoute match value invalid. ALB supports \'exact\' value only' },
        { path: 'spec.strategy.canary.steps[0].setHeaderRoute.match[2].headerValue', message: 'StringMatch value missed, match value must have one of the following: exact, regex, prefix' },
      ]);
    });
    test('passes under ALB for exact matches, and for prefix matches under Istio', () => {
      expect(findings(id, route({ exact: 'a' }))).toEqual([]);
      expect(findings(id, { ...istio, steps: [{ setHeaderRoute: { name: 'r', match: [{ headerName: 'x', headerValue: { prefix: 'a' } }] } }] })).toEqual([]);
    });
  });

  describe('R37 canary-header-route-string-match', () => {
    const id = 'canary-header-route-string-match';
    const route = (...headerValues: any[]) => ({ ...istio, steps: [{ setHeaderRoute: { name: 'r', match: headerValues.map((headerValue) => ({ headerName: 'x', headerValue })) } }] });
    test('fails with no value or more than one', () => {
      expect(findings(id, route({}, { exact: 'a', prefix: 'b' }))).toEqual([
        { path: 'spec.strategy.canary.steps[0].setHeaderRoute.match[0].headerValue', message: 'StringMatch value missed, match value must have one of the following: exact, regex, prefix' },
        { path: 'spec.strategy.canary.steps[0].setHeaderRoute.match[1].headerValue', message: 'StringMatch match value must have exactly one of the following: exact, regex, prefix' },
      ]);
    });
    test('passes with exactly one of exact, prefix, regex', () => {
      expect(findings(id, route({ exact: 'a' }, { prefix: 'b' }, { regex: 'c.*' }))).toEqual([]);
    });
  });

  describe('R38 canary-mirror-route-router', () => {
    const id = 'canary-mirror-route-router';
    const step = { setMirrorRoute: { name: 'r', percentage: 50 } };
    test('fails without Istio', () => {
      expect(findings(id, { ...nginx, steps: [step] })).toEqual([{
        path: 'spec.strategy.canary.steps[0].setMirrorRoute', message: 'SetMirrorRoute requires TrafficRouting, supports Istio only',
      }]);
      expect(findings(id, { steps: [step] })).toHaveLength(1);
    });
    test('passes under Istio', () => {
      expect(findings(id, { ...istio, steps: [step] })).toEqual([]);
    });
  });

  describe('R39 canary-mirror-route-string-match', () => {
    const id = 'canary-mirror-route-string-match';
    test('fails for a method or path match without exactly one value', () => {
      expect(findings(id, { ...istio, steps: [{ setMirrorRoute: { name: 'r', match: [{ method: { exact: 'GET', regex: 'P.*' } }, { path: {} }] } }] })).toEqual([
        { path: 'spec.strategy.canary.steps[0].setMirrorRoute.match[0].method', message: 'StringMatch match value must have exactly one of the following: exact, regex, prefix' },
        { path: 'spec.strategy.canary.steps[0].setMirrorRoute.match[1].path', message: 'StringMatch value missed, match value must have one of the following: exact, regex, prefix' },
      ]);
    });
    test('passes for single-valued matches (headers are not checked upstream)', () => {
      expect(findings(id, { ...istio, steps: [{ setMirrorRoute: { name: 'r', match: [{ method: { exact: 'GET' }, path: { prefix: '/api' }, headers: { x: { exact: 'a', prefix: 'b' } } }] } }] })).toEqual([]);
    });
  });

  describe('R40 canary-managed-routes-required', () => {
    const id = 'canary-managed-routes-required';
    test('fails once when route steps exist and managedRoutes is missing', () => {
      expect(findings(id, { ...services, trafficRouting: { istio: { virtualService: { name: 'v' } } }, steps: [{ setHeaderRoute: { name: 'a' } }, { setMirrorRoute: { name: 'b' } }] })).toEqual([{
        path: 'spec.strategy.canary.trafficRouting.managedRoutes', message: 'Rollout has missing field \'spec.strategy.canary.trafficRouting.managedRoutes\'',
      }]);
    });
    test('fails for an empty managedRoutes list (the controller re-encodes the Rollout and drops it), not R41', () => {
      const spec = { ...services, trafficRouting: { istio: { virtualService: { name: 'v' } }, managedRoutes: [] }, steps: [{ setHeaderRoute: { name: 'a' } }] };
      expect(findings(id, spec)).toHaveLength(1);
      expect(findings('canary-route-in-managed-routes', spec)).toEqual([]);
    });
    test('passes with managedRoutes, or without route steps', () => {
      expect(findings(id, { ...istio, steps: [{ setHeaderRoute: { name: 'r' } }] })).toEqual([]);
      expect(findings(id, { ...services, trafficRouting: { istio: { virtualService: { name: 'v' } } }, steps: [{ setWeight: 10 }] })).toEqual([]);
    });
  });

  describe('R41 canary-route-in-managed-routes', () => {
    const id = 'canary-route-in-managed-routes';
    test('fails for a route name that managedRoutes does not list', () => {
      expect(findings(id, { ...istio, steps: [{ setHeaderRoute: { name: 'r' } }, { setMirrorRoute: { name: 'mirror' } }] })).toEqual([{
        path: 'spec.strategy.canary.steps[1].setMirrorRoute.name', message: 'Steps define a route that does not exist in spec.strategy.canary.trafficRouting.managedRoutes',
      }]);
    });
    test('passes when every route is listed', () => {
      expect(findings(id, { ...istio, trafficRouting: { ...istio.trafficRouting, managedRoutes: [{ name: 'r' }, { name: 'mirror' }] }, steps: [{ setHeaderRoute: { name: 'r' } }, { setMirrorRoute: { name: 'mirror' } }] })).toEqual([]);
    });
  });

  describe('R42 canary-experiment-weight-needs-routing', () => {
    const id = 'canary-experiment-weight-needs-routing';
    const step = { experiment: { templates: [{ name: 'baseline', specRef: 'stable' }, { name: 'canary', specRef: 'canary', weight: 5 }] } };
    test('fails for a template weight without a router', () => {
      expect(findings(id, { steps: [step] })).toEqual([{
        path: 'spec.strategy.canary.steps[0].experiment.templates[1].weight', message: 'Experiment template weight cannot be set unless TrafficRouting is enabled',
      }]);
    });
    test('passes with a router, or without weights', () => {
      expect(findings(id, { ...istio, steps: [step] })).toEqual([]);
      expect(findings(id, { steps: [{ experiment: { templates: [{ name: 'a', specRef: 'canary' }] } }] })).toEqual([]);
    });
  });

  describe('R43 canary-experiment-weight-router', () => {
    const id = 'canary-experiment-weight-router';
    const step = { experiment: { templates: [{ name: 'canary', specRef: 'canary', weight: 5 }] } };
    test('fails for a template weight under NGINX', () => {
      expect(findings(id, { ...nginx, steps: [step] })).toEqual([{
        path: 'spec.strategy.canary.steps[0].experiment.templates[0].weight',
        message: 'Experiment template weight is only available for TrafficRouting with SMI, ALB, Istio and Plugins at this time',
      }]);
    });
    test('passes under SMI, ALB, Istio and plugins', () => {
      expect(findings(id, { ...services, trafficRouting: { smi: {} }, steps: [step] })).toEqual([]);
      expect(findings(id, { ...alb, steps: [step] })).toEqual([]);
      expect(findings(id, { ...istio, steps: [step] })).toEqual([]);
      expect(findings(id, { ...plugins, steps: [step] })).toEqual([]);
    });
  });

  test('a blue-green Rollout, or one with both strategies, is not checked by the canary rules', () => {
    const r = rollout({ steps: [{ setWeight: 500 }] });
    r.spec.strategy.blueGreen = { activeService: 'a', previewService: 'b' };
    expect(validateManifests([r]).filter((f) => f.ruleId.startsWith('canary-'))).toEqual([]);
  });

  test('a valid NGINX canary has no canary findings', () => {
    const steps = [{ setWeight: 20 }, { pause: { duration: '5m' } }, { setWeight: 100 }];
    expect(validateManifests([rollout({ ...nginx, steps })]).filter((f) => f.ruleId.startsWith('canary-'))).toEqual([]);
  });
});
