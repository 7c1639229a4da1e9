import { IConstruct } from 'constructs';
import { ITrafficRouting, TrafficRoutingConfig } from './traffic-routing';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * Properties of Traefik traffic routing.
 */
export interface TraefikTrafficRoutingProps {
  /**
   * Name of the weighted TraefikService (`traefik.io` / `traefik.containo.us` kind TraefikService,
   * `spec.weighted.services`) that lists the stable and canary Services. The controller sets
   * their weights.
   */
  readonly weightedTraefikServiceName: string;
}

/**
 * Canary traffic routing with Traefik (`trafficRouting.traefik`): weights on a weighted
 * TraefikService. The rollout needs a stable and a canary Service.
 */
export class TraefikTrafficRouting implements ITrafficRouting {
  constructor(private readonly props: TraefikTrafficRoutingProps) {
    if (!props.weightedTraefikServiceName) {
      throw new Error('"weightedTraefikServiceName" must name the weighted TraefikService: it is empty');
    }
  }

  /** Renders `{ traefik: {...} }`. */
  public bind(_rollout: IConstruct): TrafficRoutingConfig {
    const traefik: L1.RolloutSpecStrategyCanaryTrafficRoutingTraefik = {
      weightedTraefikServiceName: this.props.weightedTraefikServiceName,
    };
    return { trafficRouting: { traefik: L1.toJson_RolloutSpecStrategyCanaryTrafficRoutingTraefik(traefik) } };
  }
}
