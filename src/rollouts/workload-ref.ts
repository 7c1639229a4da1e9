import * as kplus from 'cdk8s-plus-27';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * What happens to the referenced Deployment once the Rollout has taken over
 * (`spec.workloadRef.scaleDown`). The controller scales the Deployment only during the migration:
 * while the Rollout is at its first revision. The Rollout does not take the Deployment's replica
 * count (only its pod template and selector): give the Rollout `replicas` (synth warns when
 * `ON_SUCCESS` or `PROGRESSIVELY` has none, `workload-ref-replicas`).
 */
export enum WorkloadScaleDown {
  /** Leave the Deployment running; scale it down yourself. */
  NEVER = 'never',
  /** Scale the Deployment to zero once the Rollout's first revision is healthy. */
  ON_SUCCESS = 'onsuccess',
  /** Scale the Deployment down step by step as the Rollout's first revision scales up. */
  PROGRESSIVELY = 'progressively',
}

/** Options of a workload reference. */
export interface WorkloadRefOptions {
  /**
   * What happens to the referenced Deployment once the Rollout has taken over.
   * @default - the controller's default: the Deployment is left as is (`never`)
   */
  readonly scaleDown?: WorkloadScaleDown;
}

/** Options of a workload reference by name. */
export interface DeploymentNameRefOptions extends WorkloadRefOptions {
  /**
   * The labels of the referenced Deployment's pods, which the Rollout's selector must match
   * (usually the Deployment's own `spec.selector.matchLabels`).
   */
  readonly matchLabels: { [key: string]: string };
}

/**
 * A workload whose pod template a Rollout uses instead of its own (`spec.workloadRef`): the way to
 * migrate a Deployment to a Rollout without copying its pod template. The Rollout then has no
 * containers of its own; its selector is the Deployment's.
 */
export class WorkloadRef {
  /**
   * A Deployment of this app. The Rollout selects the Deployment's pods, and Services the Rollout
   * creates use the Deployment's container ports. The Deployment must be in the Rollout's namespace:
   * the controller looks it up only there (synth fails otherwise, `workload-ref-same-namespace`).
   * @param deployment the Deployment
   * @param options scale-down behaviour
   */
  public static fromDeployment(deployment: kplus.Deployment, options: WorkloadRefOptions = {}): WorkloadRef {
    return new WorkloadRef(deployment.name, options.scaleDown, {}, deployment);
  }

  /**
   * A Deployment outside this app, by name (in the Rollout's namespace).
   * @param name `metadata.name` of the Deployment
   * @param options the labels of its pods, and scale-down behaviour
   */
  public static fromDeploymentName(name: string, options: DeploymentNameRefOptions): WorkloadRef {
    if (!name) throw new Error('WorkloadRef.fromDeploymentName needs a Deployment name');
    if (!options.matchLabels || Object.keys(options.matchLabels).length === 0) {
      throw new Error(`WorkloadRef.fromDeploymentName("${name}") needs "matchLabels": the labels of the Deployment's pods, which the Rollout selects`);
    }
    return new WorkloadRef(name, options.scaleDown, { ...options.matchLabels });
  }

  /** `metadata.name` of the referenced Deployment. */
  public readonly name: string;

  private constructor(
    name: string,
    private readonly scaleDown: WorkloadScaleDown | undefined,
    private readonly labels: Record<string, string>,
    private readonly deployment?: kplus.Deployment,
  ) {
    this.name = name;
  }

  /** @internal */
  public _toL1(): L1.RolloutSpecWorkloadRef {
    return { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name, scaleDown: this.scaleDown };
  }

  /**
   * The pod selector of the referenced workload.
   * @internal
   */
  public _selector(): L1.RolloutSpecSelector {
    // read at render time, so selectors added to the Deployment after the reference count
    const labels = this.deployment ? this.deployment.matchLabels : this.labels;
    const expressions = this.deployment ? this.deployment.matchExpressions : [];
    return {
      matchLabels: Object.keys(labels).length ? labels : undefined,
      matchExpressions: expressions.length ? expressions.map((e) => ({ key: e.key, operator: e.operator, values: e.values })) : undefined,
    };
  }

  /**
   * The referenced Deployment construct, when it is part of the app.
   * @internal
   */
  public _deployment(): kplus.Deployment | undefined {
    return this.deployment;
  }
}
