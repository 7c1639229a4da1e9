import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { ITrafficRouting, TrafficRoutingConfig } from './traffic-routing';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * Properties of SMI traffic routing.
 */
export interface SmiTrafficRoutingProps {
  /**
   * The Service clients call (the TrafficSplit's `service`).
   * @default - the rollout's stable Service
   */
  readonly rootService?: kplus.Service;
  /**
   * Name of the TrafficSplit the controller creates and owns. Do not define it in the app: the
   * controller refuses to edit a TrafficSplit it did not create.
   * @default - the rollout's name
   */
  readonly trafficSplitName?: string;
}

/**
 * Canary traffic routing with a Service Mesh Interface TrafficSplit (`trafficRouting.smi`), e.g.
 * for Linkerd or Open Service Mesh.
 *
 * The controller creates the TrafficSplit and sets the weights of the stable and canary Services
 * on it; the rollout needs both Services. Experiment steps can give their templates a traffic
 * `weight` with SMI.
 */
export class SmiTrafficRouting implements ITrafficRouting {
  constructor(private readonly props: SmiTrafficRoutingProps = {}) {}

  /** Renders `{ smi: {...} }`. */
  public bind(_rollout: IConstruct): TrafficRoutingConfig {
    const smi: L1.RolloutSpecStrategyCanaryTrafficRoutingSmi = {
      rootService: this.props.rootService?.name,
      trafficSplitName: this.props.trafficSplitName,
    };
    return { trafficRouting: { smi: L1.toJson_RolloutSpecStrategyCanaryTrafficRoutingSmi(smi) } };
  }
}
