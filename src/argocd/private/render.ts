/**
 * Internal rendering helpers of the Argo CD constructs (not part of the public API).
 */
import { goDuration } from '../../core/rendered';
import * as L1 from '../../imports/argocd-argoproj.io';
import { SyncOption } from '../sync-option';
import { SyncRetry } from '../sync-policy';

/**
 * A set of sync options, one value per key. Adding the same option twice is fine; adding two
 * different values for one key throws.
 */
export class SyncOptionSet {
  private readonly byKey = new Map<string, SyncOption>();

  public add(option: SyncOption): void {
    const prev = this.byKey.get(option.key);
    if (prev && prev.value !== option.value) {
      throw new Error(`conflicting sync options: ${prev} and ${option} (keep one)`);
    }
    this.byKey.set(option.key, option);
  }

  public values(): SyncOption[] {
    return [...this.byKey.values()];
  }

  public render(): string[] | undefined {
    return this.byKey.size === 0 ? undefined : [...this.byKey.values()].map((o) => o.toString());
  }
}

/** The retry block of a sync policy, with argument checks. */
export function renderRetry(r: SyncRetry | undefined): L1.ApplicationSpecSyncPolicyRetry | undefined {
  if (!r) return undefined;
  if (!Number.isInteger(r.limit)) throw new Error(`retry "limit" must be a whole number: ${r.limit}`);
  if (r.backoffFactor !== undefined && (!Number.isInteger(r.backoffFactor) || r.backoffFactor < 1)) {
    throw new Error(`retry "backoffFactor" must be a whole number >= 1: ${r.backoffFactor}`);
  }
  const backoff: L1.ApplicationSpecSyncPolicyRetryBackoff = {
    duration: r.backoffDuration ? goDuration(r.backoffDuration) : undefined,
    factor: r.backoffFactor,
    maxDuration: r.backoffMaxDuration ? goDuration(r.backoffMaxDuration) : undefined,
  };
  const hasBackoff = Object.values(backoff).some((v) => v !== undefined);
  return { limit: r.limit, backoff: hasBackoff ? backoff : undefined, refresh: r.refresh };
}
