import { Duration } from 'cdk8s';
import * as L1 from '../imports/argocd-argoproj.io';

/** Options of automated sync. */
export interface AutomatedSyncOptions {
  /**
   * Delete objects that are no longer in the source.
   * @default false
   */
  readonly prune?: boolean;
  /**
   * Revert changes made in the cluster (drift) to the state in the source.
   * @default false
   */
  readonly selfHeal?: boolean;
  /**
   * Allow a sync that leaves the Application with no objects at all (with `prune`).
   * @default false
   */
  readonly allowEmpty?: boolean;
}

/**
 * When an Application syncs: when a person (or CI) asks for it, or automatically whenever the
 * source changes.
 */
export class SyncPolicy {
  /** Sync only when asked for (UI, `argocd app sync`, API). */
  public static manual(): SyncPolicy {
    return new SyncPolicy(undefined);
  }

  /** Sync automatically when the source or the cluster state changes. */
  public static automated(options: AutomatedSyncOptions = {}): SyncPolicy {
    return new SyncPolicy({ prune: options.prune, selfHeal: options.selfHeal, allowEmpty: options.allowEmpty });
  }

  /** True for automated sync. */
  public readonly isAutomated: boolean;

  private constructor(private readonly auto: L1.ApplicationSpecSyncPolicyAutomated | undefined) {
    this.isAutomated = auto !== undefined;
  }

  /** @internal */
  public _toL1(): L1.ApplicationSpecSyncPolicyAutomated | undefined {
    return this.auto;
  }
}

/** How a failed sync is retried. */
export interface SyncRetry {
  /** Maximum number of retries (0 retries nothing; a negative number retries forever). */
  readonly limit: number;
  /**
   * Wait before the first retry.
   * @default Duration.seconds(5)
   */
  readonly backoffDuration?: Duration;
  /**
   * Factor the wait is multiplied by after each failed retry.
   * @default 2
   */
  readonly backoffFactor?: number;
  /**
   * Longest wait between retries.
   * @default Duration.minutes(3)
   */
  readonly backoffMaxDuration?: Duration;
  /**
   * Retry with the latest revision of the source instead of the one the sync started with.
   * @default false
   */
  readonly refresh?: boolean;
}
