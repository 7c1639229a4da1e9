import { IConstruct } from 'constructs';
import { ITrafficRouting, TrafficRoutingConfig } from './traffic-routing';

/**
 * Properties of a traffic-router plugin.
 */
export interface PluginTrafficRoutingProps {
  /**
   * The plugin's name as registered in the controller's `argo-rollouts-config` ConfigMap
   * (`trafficRouterPlugins`), e.g. `argoproj-labs/gatewayAPI`.
   */
  readonly name: string;
  /**
   * The plugin's configuration, passed to it as is.
   * @default {}
   */
  readonly config?: { [key: string]: any };
}

/**
 * Canary traffic routing through a traffic-router plugin (`trafficRouting.plugins`). The controller
 * must have the plugin installed; the configuration is the plugin's own.
 *
 * For example the Gateway API plugin, which sets weights on an HTTPRoute:
 *
 * ```ts
 * TrafficRouting.plugin({
 *   name: 'argoproj-labs/gatewayAPI',
 *   config: { httpRoute: 'web-route', namespace: 'web' },
 * });
 * ```
 *
 * renders
 *
 * ```yaml
 * trafficRouting:
 *   plugins:
 *     argoproj-labs/gatewayAPI:
 *       httpRoute: web-route
 *       namespace: web
 * ```
 *
 * Plugin routers need no stable/canary Services from the controller's point of view, but most
 * plugins (the Gateway API one included) route to them.
 */
export class PluginTrafficRouting implements ITrafficRouting {
  constructor(private readonly props: PluginTrafficRoutingProps) {
    if (!props.name) throw new Error('"name" must be the plugin\'s registered name (e.g. "argoproj-labs/gatewayAPI"): it is empty');
  }

  /** Renders `{ plugins: { <name>: <config> } }`. */
  public bind(_rollout: IConstruct): TrafficRoutingConfig {
    return { trafficRouting: { plugins: { [this.props.name]: { ...this.props.config ?? {} } } } };
  }
}
