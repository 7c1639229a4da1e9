import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * Anti-affinity between the new and the old ReplicaSet's pods, so that a release is not placed on
 * the same nodes as the version it replaces (`strategy.*.antiAffinity`).
 */
export class AntiAffinity {
  /**
   * Prefer other nodes, with a scheduling weight.
   * @param weight 1 to 100
   */
  public static preferred(weight: number): AntiAffinity {
    if (!Number.isInteger(weight) || weight < 1 || weight > 100) {
      throw new Error(`AntiAffinity weight must be between 1-100: ${weight}`);
    }
    return new AntiAffinity({ preferredDuringSchedulingIgnoredDuringExecution: { weight } });
  }

  /** Require other nodes (pods stay Pending when none is free). */
  public static required(): AntiAffinity {
    return new AntiAffinity({ requiredDuringSchedulingIgnoredDuringExecution: {} });
  }

  private constructor(private readonly spec: L1.RolloutSpecStrategyBlueGreenAntiAffinity) {}

  /** @internal */
  public _toL1() {
    return this.spec;
  }
}
