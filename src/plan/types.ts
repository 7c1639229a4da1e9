/**
 * What a row of a rollout plan is.
 */
export enum PlanStepKind {
  /** the update starts: the new version's ReplicaSet is created */
  START = 'start',
  /** a canary `setWeight` step */
  SET_WEIGHT = 'setWeight',
  /** a canary `setCanaryScale` step */
  SET_CANARY_SCALE = 'setCanaryScale',
  /** a canary `pause` step (timed, or until a person promotes) */
  PAUSE = 'pause',
  /** an analysis the rollout waits for: a canary `analysis` step, blue-green pre/post-promotion analysis */
  ANALYSIS = 'analysis',
  /** a canary background analysis starts (`canary.analysis`, at its `startingStep`) */
  BACKGROUND_ANALYSIS = 'backgroundAnalysis',
  /** a canary `experiment` step */
  EXPERIMENT = 'experiment',
  /** a canary `setHeaderRoute` step */
  SET_HEADER_ROUTE = 'setHeaderRoute',
  /** a canary `setMirrorRoute` step */
  SET_MIRROR_ROUTE = 'setMirrorRoute',
  /** a canary `plugin` step */
  PLUGIN = 'plugin',
  /** the new version gets all the traffic (canary: the steps are done; blue-green: the active Service switches) */
  PROMOTION = 'promotion',
  /** blue-green: post-promotion analysis passed, the new version is stable */
  COMPLETE = 'complete',
  /** the previous version's ReplicaSet is scaled down */
  SCALE_DOWN = 'scaleDown',
}

/**
 * One row of a rollout plan: what the controller does at a point of an update, and the traffic
 * split from then on.
 */
export interface PlanStep {
  /** Position of the row in the plan, from 0. */
  readonly index: number;
  /** What the row is. */
  readonly kind: PlanStepKind;
  /**
   * Index of the canary step in `spec.strategy.canary.steps`.
   * @default - the row is not a canary step (start, background analysis, promotion, blue-green phases)
   */
  readonly stepIndex?: number;
  /** Earliest time the row starts, in seconds after the update starts. */
  readonly startSeconds: number;
  /**
   * Shortest time the row takes, in seconds (a timed pause, an analysis with a `count`, an experiment).
   * @default - the row takes no time, or its duration cannot be computed (see `durationKnown`)
   */
  readonly durationSeconds?: number;
  /** False when the row takes a time the plan cannot compute (a person, a plugin, a metric without a count). */
  readonly durationKnown: boolean;
  /** Percentage of the traffic the stable (previous) version receives. */
  readonly stablePercent: number;
  /** Percentage of the traffic the canary (new) version receives. */
  readonly canaryPercent: number;
  /** Pods of the stable (previous) version's ReplicaSet. */
  readonly stableReplicas: number;
  /** Pods of the canary (new) version's ReplicaSet. */
  readonly canaryReplicas: number;
  /** What happens, in one sentence. */
  readonly description: string;
  /** True when the rollout waits here until a person promotes it. */
  readonly waitsForPerson: boolean;
  /**
   * What the controller does when this gate (analysis, experiment) fails.
   * @default - the row is not a gate
   */
  readonly onFailure?: string;
  /**
   * What the controller does when this gate's analysis is inconclusive.
   * @default - the row is not an analysis gate
   */
  readonly onInconclusive?: string;
  /** Document path of the field the row comes from, e.g. `spec.strategy.canary.steps[1]`. */
  readonly path: string;
}
