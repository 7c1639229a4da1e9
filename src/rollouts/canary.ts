import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { RolloutAnalysis, renderRolloutAnalysis } from './analysis';
import { CanaryStep } from './canary-step';
import { PodTemplateMetadata, renderStrategyCommon, RolloutBase, RolloutStrategyProps } from './rollout-base';
import * as L1 from '../imports/rollouts-argoproj.io';
import { ITrafficRouting } from '../traffic/traffic-routing';
import { requiresCanaryStableServices } from '../validation/rules/canary';

/**
 * How many pods must be available before a canary step counts as done
 * (`canary.replicaProgressThreshold`).
 */
export class ReplicaProgressThreshold {
  /**
   * A percentage of the desired pods of the step.
   * @param value 1 to 100
   */
  public static percent(value: number): ReplicaProgressThreshold {
    if (!Number.isInteger(value) || value < 1 || value > 100) throw new Error(`ReplicaProgressThreshold.percent needs a whole percentage from 1 to 100: ${value}`);
    return new ReplicaProgressThreshold('Percent', value);
  }

  /**
   * A number of pods.
   * @param count 1 or more
   */
  public static pods(count: number): ReplicaProgressThreshold {
    if (!Number.isInteger(count) || count < 1) throw new Error(`ReplicaProgressThreshold.pods needs a whole number of pods, 1 or more: ${count}`);
    return new ReplicaProgressThreshold('Pods', count);
  }

  private constructor(private readonly type: string, private readonly value: number) {}

  /** @internal */
  public _toL1(): L1.RolloutSpecStrategyCanaryReplicaProgressThreshold {
    return { type: this.type, value: this.value };
  }
}

/**
 * An analysis that runs in the background while the steps execute; if it fails, the rollout is
 * aborted. Its metrics may run until the rollout is done (no `count` needed).
 */
export interface BackgroundAnalysis extends RolloutAnalysis {
  /**
   * Index of the step at which the analysis starts (e.g. after the first `setWeight`).
   * @default 0
   */
  readonly startingStep?: number;
}

/**
 * Two Services the controller alternates between for the stable and canary versions (ALB or
 * Istio ping-pong), instead of `stableService`/`canaryService`.
 */
export interface PingPongServices {
  /** The "ping" Service. */
  readonly pingService: kplus.Service;
  /** The "pong" Service. */
  readonly pongService: kplus.Service;
}

/**
 * Properties of a CanaryRollout.
 */
export interface CanaryRolloutProps extends RolloutStrategyProps {
  /**
   * The steps of an update, in order. More can be added with `addStep()`.
   * @default - none: an update goes to 100% at once (a rolling update bounded by maxSurge/maxUnavailable)
   */
  readonly steps?: CanaryStep[];
  /**
   * The traffic router that splits traffic by weight (NGINX, Istio, ALB, ...), e.g.
   * `TrafficRouting.nginx({ stableIngress })`.
   * @default - no router: weights are approximated by the ratio of canary to stable pods
   */
  readonly trafficRouting?: ITrafficRouting;
  /**
   * The total traffic weight that `setWeight` values are a share of (NGINX and plugin routers).
   * Needs `trafficRouting`.
   * @default 100
   */
  readonly maxTrafficWeight?: number;
  /**
   * The Service that reaches the stable version only.
   * @default - created when the traffic router needs one (or `createServices` is true), exposed as `stableService`
   */
  readonly stableService?: kplus.Service;
  /**
   * The Service that reaches the canary version only.
   * @default - created when the traffic router needs one (or `createServices` is true), exposed as `canaryService`
   */
  readonly canaryService?: kplus.Service;
  /**
   * Create the stable and canary Services (selecting this rollout's pods on its container ports)
   * when they are not given.
   * @default - true when the traffic router needs them (every router except plugins, Istio subset routing and ping-pong)
   */
  readonly createServices?: boolean;
  /**
   * Ping-pong Services (ALB or Istio), used instead of stable/canary Services.
   * @default - none
   */
  readonly pingPong?: PingPongServices;
  /**
   * Analysis run in the background during the update.
   * @default - none
   */
  readonly analysis?: BackgroundAnalysis;
  /**
   * Pods above the desired count during an update.
   * @default - the controller's default, 25%
   */
  readonly maxSurge?: kplus.PercentOrAbsolute;
  /**
   * Pods that may be unavailable during an update. Must not be zero when `maxSurge` is zero.
   * @default - the controller's default, 25%
   */
  readonly maxUnavailable?: kplus.PercentOrAbsolute;
  /**
   * Labels/annotations on the stable pods while a canary runs.
   * @default - none
   */
  readonly stableMetadata?: PodTemplateMetadata;
  /**
   * Labels/annotations on the canary pods while they are the canary.
   * @default - none
   */
  readonly canaryMetadata?: PodTemplateMetadata;
  /**
   * Scale the stable ReplicaSet down as traffic shifts to the canary (traffic routing only; not
   * with `scaleDownDelay`).
   * @default false
   */
  readonly dynamicStableScale?: boolean;
  /**
   * Minimum pods of the stable and of the canary ReplicaSet whenever they are not scaled to zero.
   * @default 1
   */
  readonly minPodsPerReplicaSet?: number;
  /**
   * How many pods must be available before a step counts as done.
   * @default - all desired pods
   */
  readonly replicaProgressThreshold?: ReplicaProgressThreshold;
}

/**
 * An Argo Rollout with the canary strategy: an update runs a list of steps (shift a share of the
 * traffic, pause, analyse, ...) and is promoted when they are done.
 *
 * It is a cdk8s-plus Workload: containers, probes, volumes and security defaults work as for a
 * Deployment. With a traffic router the stable and canary Services are created for you.
 */
export class CanaryRollout extends RolloutBase {
  /** The Service that reaches the stable version, when there is one. */
  public readonly stableService?: kplus.Service;
  /** The Service that reaches the canary version, when there is one. */
  public readonly canaryService?: kplus.Service;
  /** The traffic router, when there is one. */
  public readonly trafficRouting?: ITrafficRouting;
  private readonly props: CanaryRolloutProps;
  private readonly _steps: CanaryStep[] = [];
  private readonly routerJson?: Record<string, any>;

  constructor(scope: Construct, id: string, props: CanaryRolloutProps = {}) {
    super(scope, id, props);
    this.props = props;
    if (props.maxTrafficWeight !== undefined && !props.trafficRouting) {
      throw new Error(`${this.node.path}: "maxTrafficWeight" (${props.maxTrafficWeight}) is a traffic routing setting: give "trafficRouting" too, or remove it`);
    }
    if (props.maxTrafficWeight !== undefined && (!Number.isInteger(props.maxTrafficWeight) || props.maxTrafficWeight < 1)) {
      throw new Error(`${this.node.path}: "maxTrafficWeight" must be a whole number, 1 or more: ${props.maxTrafficWeight}`);
    }
    this.trafficRouting = props.trafficRouting;
    this.routerJson = props.trafficRouting?.bind(this).trafficRouting;
    const create = props.createServices
      ?? (this.routerJson !== undefined
        && requiresCanaryStableServices({ trafficRouting: this.routerJson, pingPong: props.pingPong ? {} : undefined }));
    this.stableService = props.stableService ?? (create ? this.createService('StableService', 'stable', 'stable') : undefined);
    this.canaryService = props.canaryService ?? (create ? this.createService('CanaryService', 'canary', 'canary') : undefined);
    for (const s of props.steps ?? []) this.addStep(s);
  }

  /** The steps, in order (a copy: use `addStep()` to add one). */
  public get steps(): CanaryStep[] {
    return [...this._steps];
  }

  /**
   * Adds a step at the end.
   * @returns the step
   */
  public addStep(step: CanaryStep): CanaryStep {
    this._steps.push(step);
    return step;
  }

  /** @internal */
  protected _countProps() {
    return {
      'scaleDownDelayRevisionLimit': this.props.scaleDownDelayRevisionLimit,
      'minPodsPerReplicaSet': this.props.minPodsPerReplicaSet,
      'analysis.startingStep': this.props.analysis?.startingStep,
    };
  }

  /** @internal */
  public _renderStrategy(): L1.RolloutSpecStrategy {
    const p = this.props;
    const services = { newVersion: this.canaryService?.name, stable: this.stableService?.name };
    const analysis = p.analysis
      ? { ...renderRolloutAnalysis(p.analysis, `${this.node.path} analysis`, services), startingStep: p.analysis.startingStep }
      : undefined;
    const canary: L1.RolloutSpecStrategyCanary = {
      stableService: this.stableService?.name,
      canaryService: this.canaryService?.name,
      pingPong: p.pingPong ? { pingService: p.pingPong.pingService.name, pongService: p.pingPong.pongService.name } : undefined,
      steps: this._steps.length ? this._steps.map((s) => s._toL1(services)) : undefined,
      analysis,
      maxSurge: intOrPercent(p.maxSurge, L1.RolloutSpecStrategyCanaryMaxSurge),
      maxUnavailable: intOrPercent(p.maxUnavailable, L1.RolloutSpecStrategyCanaryMaxUnavailable),
      stableMetadata: p.stableMetadata,
      canaryMetadata: p.canaryMetadata,
      ...renderStrategyCommon(p),
      dynamicStableScale: p.dynamicStableScale,
      minPodsPerReplicaSet: p.minPodsPerReplicaSet,
      replicaProgressThreshold: p.replicaProgressThreshold?._toL1(),
    };
    return { canary };
  }

  /** @internal */
  public _renderSpec(): Record<string, any> {
    const spec = super._renderSpec();
    const trafficRouting = this.renderTrafficRouting();
    // the router's block is plain JSON already rendered through the L1 serializers: spliced in
    if (trafficRouting) spec.strategy.canary.trafficRouting = trafficRouting;
    return spec;
  }

  private renderTrafficRouting(): Record<string, any> | undefined {
    if (!this.routerJson) return undefined;
    // the header and mirror routes of the steps, in step order, after any the router declares
    const routes: string[] = (this.routerJson.managedRoutes ?? []).map((r: any) => r.name);
    for (const s of this._steps) {
      const route = s._managedRoute();
      if (route !== undefined && !routes.includes(route)) routes.push(route);
    }
    const extra = L1.toJson_RolloutSpecStrategyCanaryTrafficRouting({
      maxTrafficWeight: this.props.maxTrafficWeight,
      managedRoutes: routes.length ? routes.map((name) => ({ name })) : undefined,
    });
    return { ...this.routerJson, ...extra };
  }
}

function intOrPercent<T>(v: kplus.PercentOrAbsolute | undefined, cls: { fromNumber(n: number): T; fromString(s: string): T }): T | undefined {
  if (v === undefined) return undefined;
  return typeof v.value === 'number' ? cls.fromNumber(v.value) : cls.fromString(String(v.value));
}
