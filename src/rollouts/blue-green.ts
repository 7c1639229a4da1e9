import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { RolloutAnalysis, renderRolloutAnalysis } from './analysis';
import { PodTemplateMetadata, renderStrategyCommon, RolloutBase, RolloutStrategyProps } from './rollout-base';
import { wholeSeconds } from '../core/rendered';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * When a blue-green release is promoted (the preview version becomes active).
 */
export class BlueGreenPromotion {
  /**
   * Promote only when a person runs `kubectl argo rollouts promote` (or the UI button). Deploy is
   * not release: the new version waits on the preview Service.
   */
  public static manual(): BlueGreenPromotion {
    return new BlueGreenPromotion(false);
  }

  /** Promote as soon as the new ReplicaSet is ready and pre-promotion analysis passed. */
  public static automatic(): BlueGreenPromotion {
    return new BlueGreenPromotion(true);
  }

  /**
   * Promote automatically once the new ReplicaSet has been ready for `delay` (and pre-promotion
   * analysis passed); a person can promote earlier.
   * @param delay how long to wait
   */
  public static automaticAfter(delay: Duration): BlueGreenPromotion {
    const seconds = wholeSeconds(delay, 'automaticAfter');
    if (seconds <= 0) throw new Error(`BlueGreenPromotion.automaticAfter needs a positive delay: ${seconds}s`);
    return new BlueGreenPromotion(true, seconds);
  }

  private constructor(private readonly enabled: boolean, private readonly seconds?: number) {}

  /** @internal */
  public _toL1(): { autoPromotionEnabled?: boolean; autoPromotionSeconds?: number } {
    // autoPromotionEnabled defaults to true upstream: written only when false
    return { autoPromotionEnabled: this.enabled ? undefined : false, autoPromotionSeconds: this.seconds };
  }
}

/**
 * Properties of a BlueGreenRollout.
 */
export interface BlueGreenRolloutProps extends RolloutStrategyProps {
  /**
   * The Service that receives production traffic; the controller points it at the active
   * ReplicaSet.
   * @default - a Service selecting this rollout's pods on its container ports, exposed as `activeService`
   */
  readonly activeService?: kplus.Service;
  /**
   * The Service that reaches the new version before promotion.
   * @default - a Service selecting this rollout's pods on its container ports, exposed as `previewService`
   */
  readonly previewService?: kplus.Service;
  /**
   * When the new version is promoted.
   * @default BlueGreenPromotion.manual()
   */
  readonly promotion?: BlueGreenPromotion;
  /**
   * Pods of the new version before promotion.
   * @default - the full replica count
   */
  readonly previewReplicaCount?: number;
  /**
   * Labels/annotations on the active pods.
   * @default - none
   */
  readonly activeMetadata?: PodTemplateMetadata;
  /**
   * Labels/annotations on the preview pods.
   * @default - none
   */
  readonly previewMetadata?: PodTemplateMetadata;
  /**
   * Analysis run before promotion; if it fails, the update is aborted and the active version stays.
   * Its metrics must end (a `count`).
   * @default - none
   */
  readonly prePromotionAnalysis?: RolloutAnalysis;
  /**
   * Analysis run after promotion; if it fails, the rollout is aborted and traffic returns to the
   * previous version. Its metrics must end (a `count`).
   * @default - none
   */
  readonly postPromotionAnalysis?: RolloutAnalysis;
}

/**
 * An Argo Rollout with the blue-green strategy: the new version runs next to the active one behind
 * a preview Service, is checked, and is promoted by switching the active Service's selector.
 *
 * It is a cdk8s-plus Workload: containers, probes, volumes and security defaults work as for a
 * Deployment.
 */
export class BlueGreenRollout extends RolloutBase {
  /** The Service that receives production traffic. */
  public readonly activeService: kplus.Service;
  /** The Service that reaches the new version before promotion. */
  public readonly previewService: kplus.Service;
  private readonly props: BlueGreenRolloutProps;

  constructor(scope: Construct, id: string, props: BlueGreenRolloutProps = {}) {
    super(scope, id, props);
    if (props.promotion !== undefined && typeof (props.promotion as Partial<BlueGreenPromotion>)?._toL1 !== 'function') {
      throw new Error(`${this.node.path}: "promotion" must be a BlueGreenPromotion, e.g. BlueGreenPromotion.manual() or BlueGreenPromotion.automaticAfter(Duration.minutes(10))`);
    }
    this.props = props;
    this.activeService = props.activeService ?? this.createService('ActiveService', 'active', 'active');
    this.previewService = props.previewService ?? this.createService('PreviewService', 'preview', 'preview');
  }

  /** @internal */
  protected _countProps() {
    return { previewReplicaCount: this.props.previewReplicaCount, scaleDownDelayRevisionLimit: this.props.scaleDownDelayRevisionLimit };
  }

  /** @internal */
  public _renderStrategy(): L1.RolloutSpecStrategy {
    const p = this.props;
    const blueGreen: L1.RolloutSpecStrategyBlueGreen = {
      activeService: this.activeService.name,
      previewService: this.previewService.name,
      ...(p.promotion ?? BlueGreenPromotion.manual())._toL1(),
      previewReplicaCount: p.previewReplicaCount,
      ...renderStrategyCommon(p),
      activeMetadata: p.activeMetadata,
      previewMetadata: p.previewMetadata,
      // before promotion the new version is behind the preview Service, after it behind the active one
      prePromotionAnalysis: p.prePromotionAnalysis
        ? renderRolloutAnalysis(p.prePromotionAnalysis, `${this.node.path} prePromotionAnalysis`, { newVersion: this.previewService.name, stable: this.activeService.name })
        : undefined,
      postPromotionAnalysis: p.postPromotionAnalysis
        ? renderRolloutAnalysis(p.postPromotionAnalysis, `${this.node.path} postPromotionAnalysis`, { newVersion: this.activeService.name, stable: this.activeService.name })
        : undefined,
    };
    return { blueGreen };
  }
}
