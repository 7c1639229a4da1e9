import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Argo CD sync waves: objects of a lower wave are applied (and must be healthy) before those of a
 * higher one. Waves are the `argocd.argoproj.io/sync-wave` annotation, a quoted integer (may be
 * negative, default 0).
 *
 * Use them only where order matters, e.g. an app-of-apps that must install a controller before the
 * Applications that use it: every wave adds a full sync round.
 */
export class SyncWave {
  /** The annotation Argo CD reads. */
  public static readonly ANNOTATION = 'argocd.argoproj.io/sync-wave';

  /**
   * Puts every Kubernetes object under `scope` (a chart, a construct, or one ApiObject) in sync wave
   * `wave`. Objects added to `scope` later are not annotated: call it last.
   * @param scope the objects to order
   * @param wave integer wave; lower waves sync first
   */
  public static apply(scope: IConstruct, wave: number): void {
    const value = SyncWave.value(wave);
    for (const c of scope.node.findAll()) {
      if (c instanceof ApiObject) c.metadata.addAnnotation(SyncWave.ANNOTATION, value);
    }
  }

  /**
   * The annotation value for `wave`: a quoted integer.
   * @param wave integer wave
   */
  public static value(wave: number): string {
    if (!Number.isInteger(wave)) throw new Error(`a sync wave must be a whole number: ${wave}`);
    return String(wave);
  }

  private constructor() {}
}
