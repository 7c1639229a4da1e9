import { IConstruct } from 'constructs';
import { ITrafficRouting, TrafficRoutingConfig } from './traffic-routing';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * Properties of Ambassador (Emissary-ingress) traffic routing.
 */
export interface AmbassadorTrafficRoutingProps {
  /**
   * Names of the Ambassador Mappings (`getambassador.io` kind Mapping) that route to the stable
   * Service. For each, the controller creates a canary Mapping with a `weight`; the base Mappings
   * must not set `weight` themselves (checked at synth when they are part of the app).
   */
  readonly mappings: string[];
}

/**
 * Canary traffic routing with Ambassador / Emissary-ingress (`trafficRouting.ambassador`). The
 * rollout needs a stable and a canary Service.
 */
export class AmbassadorTrafficRouting implements ITrafficRouting {
  constructor(private readonly props: AmbassadorTrafficRoutingProps) {}

  /** Renders `{ ambassador: {...} }`. */
  public bind(_rollout: IConstruct): TrafficRoutingConfig {
    const ambassador: L1.RolloutSpecStrategyCanaryTrafficRoutingAmbassador = { mappings: [...this.props.mappings] };
    return { trafficRouting: { ambassador: L1.toJson_RolloutSpecStrategyCanaryTrafficRoutingAmbassador(ambassador) } };
  }
}
