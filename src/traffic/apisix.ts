import { IConstruct } from 'constructs';
import { ITrafficRouting, TrafficRoutingConfig } from './traffic-routing';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * Properties of Apache APISIX traffic routing.
 */
export interface ApisixTrafficRoutingProps {
  /** Name of the ApisixRoute (`apisix.apache.org`) whose backends the controller weights. */
  readonly routeName: string;
  /**
   * Names of the route's HTTP rules (`spec.http[].name`) to edit. Synth and `lint` fail for a name
   * the ApisixRoute does not have, when the ApisixRoute is in the app.
   * @default - the rule named like the route (`routeName`), as the controller reads no rules
   */
  readonly rules?: string[];
}

/**
 * Canary traffic routing with Apache APISIX (`trafficRouting.apisix`). The rollout needs a stable
 * and a canary Service, which the route's rule lists as backends. Header routes
 * (`setHeaderRoute`) work with APISIX.
 */
export class ApisixTrafficRouting implements ITrafficRouting {
  constructor(private readonly props: ApisixTrafficRoutingProps) {
    if (!props.routeName) throw new Error('"routeName" must name the ApisixRoute: it is empty');
  }

  /** Renders `{ apisix: { route: {...} } }`. */
  public bind(_rollout: IConstruct): TrafficRoutingConfig {
    const apisix: L1.RolloutSpecStrategyCanaryTrafficRoutingApisix = {
      route: { name: this.props.routeName, rules: this.props.rules },
    };
    return { trafficRouting: { apisix: L1.toJson_RolloutSpecStrategyCanaryTrafficRoutingApisix(apisix) } };
  }
}
