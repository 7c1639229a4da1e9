import { IConstruct } from 'constructs';

/**
 * What a traffic router contributes to a canary's `strategy.canary.trafficRouting`.
 */
export interface TrafficRoutingConfig {
  /**
   * This router's entries of `trafficRouting` as plain JSON, rendered through the L1 serializers,
   * e.g. `{ nginx: { stableIngress: 'web' } }` or `{ plugins: { 'argoproj-labs/gatewayAPI': {...} } }`.
   */
  readonly trafficRouting: any;
}

/**
 * A traffic router for a canary rollout: NGINX, Istio, ALB, SMI, Traefik, Ambassador, Apisix,
 * AppMesh or a plugin. A new router is one class implementing this interface (one file in
 * `src/traffic/`). Router-specific controller rules live in the rule engine, which judges the
 * rendered manifest, so they hold for hand-written YAML too.
 */
export interface ITrafficRouting {
  /**
   * Renders the router's configuration for a rollout.
   * @param rollout the canary rollout that uses the router
   */
  bind(rollout: IConstruct): TrafficRoutingConfig;
}
