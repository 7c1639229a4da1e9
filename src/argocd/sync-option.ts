/** How pruned objects are deleted (`PrunePropagationPolicy`). */
export enum PrunePropagationPolicy {
  /** Delete dependents first, then the object (Argo CD's default). */
  FOREGROUND = 'foreground',
  /** Delete the object, let the garbage collector delete dependents. */
  BACKGROUND = 'background',
  /** Delete the object and leave its dependents. */
  ORPHAN = 'orphan',
}

/**
 * An application-wide sync option (`spec.syncPolicy.syncOptions`). An Application holds a set of
 * them: one value per option.
 */
export class SyncOption {
  /** Create the destination namespace if it does not exist (`CreateNamespace=true`). */
  public static createNamespace(): SyncOption {
    return new SyncOption('CreateNamespace', 'true');
  }

  /**
   * Apply with server-side apply (`ServerSideApply=true`): needed for objects too large for the
   * last-applied annotation (big CRDs).
   * @param enabled false to turn it off for an app whose resources turn it on
   */
  public static serverSideApply(enabled: boolean = true): SyncOption {
    return new SyncOption('ServerSideApply', String(enabled));
  }

  /** Prune after every other wave has been applied and is healthy (`PruneLast=true`). */
  public static pruneLast(): SyncOption {
    return new SyncOption('PruneLast', 'true');
  }

  /** How pruned objects are deleted (`PrunePropagationPolicy=...`). */
  public static prunePropagationPolicy(policy: PrunePropagationPolicy): SyncOption {
    return new SyncOption('PrunePropagationPolicy', policy);
  }

  /** Apply only the objects that are out of sync (`ApplyOutOfSyncOnly=true`). */
  public static applyOutOfSyncOnly(): SyncOption {
    return new SyncOption('ApplyOutOfSyncOnly', 'true');
  }

  /**
   * Leave the fields listed in `ignoreDifferences` alone during sync too, not only in the diff
   * (`RespectIgnoreDifferences=true`): what keeps a sync from resetting replicas an HPA owns.
   */
  public static respectIgnoreDifferences(): SyncOption {
    return new SyncOption('RespectIgnoreDifferences', 'true');
  }

  /** Use `kubectl replace`/`create` instead of `apply` (`Replace=true`). */
  public static replace(): SyncOption {
    return new SyncOption('Replace', 'true');
  }

  /** Delete and recreate objects that cannot be updated (`Force=true`, with `Replace`). */
  public static force(): SyncOption {
    return new SyncOption('Force', 'true');
  }

  /** Skip kubectl's schema validation (`Validate=false`). */
  public static skipSchemaValidation(): SyncOption {
    return new SyncOption('Validate', 'false');
  }

  /** Skip the dry run for custom resources whose CRD is not installed yet (`SkipDryRunOnMissingResource=true`). */
  public static skipDryRunOnMissingResource(): SyncOption {
    return new SyncOption('SkipDryRunOnMissingResource', 'true');
  }

  /** Fail the sync when an object is already managed by another Application (`FailOnSharedResource=true`). */
  public static failOnSharedResource(): SyncOption {
    return new SyncOption('FailOnSharedResource', 'true');
  }

  /** Do not migrate client-side-apply field managers to server-side apply (`ClientSideApplyMigration=false`). */
  public static disableClientSideApplyMigration(): SyncOption {
    return new SyncOption('ClientSideApplyMigration', 'false');
  }

  /**
   * Any other option, as `Key=value`.
   * @param option e.g. `ServerSideApply=true`
   */
  public static of(option: string): SyncOption {
    const eq = option.indexOf('=');
    if (eq <= 0 || eq === option.length - 1) throw new Error(`a sync option has the form "Key=value": ${JSON.stringify(option)}`);
    return new SyncOption(option.slice(0, eq), option.slice(eq + 1));
  }

  /** The option's key, e.g. `CreateNamespace`. */
  public readonly key: string;
  /** The option's value, e.g. `true`. */
  public readonly value: string;

  private constructor(key: string, value: string) {
    this.key = key;
    this.value = value;
  }

  /** `Key=value`. */
  public toString(): string {
    return `${this.key}=${this.value}`;
  }
}
