import { ApiObject, Duration, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AntiAffinity } from './anti-affinity';
import { WorkloadRef } from './workload-ref';
import { fractionalProps, renderApiObject, wholeSeconds } from '../core/rendered';
import * as L1 from '../imports/rollouts-argoproj.io';
import { ACKNOWLEDGE_ANNOTATION, acknowledgedRules } from '../validation/engine';
import { validateAtSynth } from '../validation/synth';

/**
 * Labels and annotations added to the pods of one side of a release (active/preview, stable/canary).
 */
export interface PodTemplateMetadata {
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * Properties every Rollout has, whatever its strategy. Containers, volumes, probes, scheduling and
 * security settings are cdk8s-plus's own (`WorkloadProps`).
 */
export interface RolloutProps extends kplus.WorkloadProps {
  /**
   * Number of desired pods.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Old ReplicaSets kept for rollback.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * How long a new pod must be ready, without crashing, to count as available.
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;
  /**
   * How long an update may make no progress before it is reported as failed. Must be longer than
   * `minReady`.
   * @default Duration.seconds(600)
   */
  readonly progressDeadline?: Duration;
  /**
   * Abort the update when the progress deadline is exceeded (instead of only reporting it).
   * @default false
   */
  readonly progressDeadlineAbort?: boolean;
  /**
   * Roll back to any of the last N revisions without analysis or steps (fast-track rollback).
   * @default - every rollback goes through the strategy
   */
  readonly rollbackWindowRevisions?: number;
  /**
   * Successful AnalysisRuns kept.
   * @default 5
   */
  readonly successfulRunHistoryLimit?: number;
  /**
   * Unsuccessful AnalysisRuns kept.
   * @default 5
   */
  readonly unsuccessfulRunHistoryLimit?: number;
  /**
   * Take the pod template from an existing Deployment instead of this construct's containers
   * (migration from a Deployment). The Rollout then renders no pod template and selects the
   * Deployment's pods; give it no containers.
   * @default - the pod template is this construct's own (containers, volumes, ...)
   */
  readonly workloadRef?: WorkloadRef;
}

/**
 * Strategy props that blue-green and canary share (`strategy.blueGreen` / `strategy.canary`).
 */
export interface RolloutStrategyProps extends RolloutProps {
  /**
   * How long the old ReplicaSet keeps running once the new version gets all traffic (blue-green:
   * after promotion; canary: with traffic routing only), so that clients finish and a quick rollback
   * needs no scale-up.
   * @default - the controller's default, 30 seconds
   */
  readonly scaleDownDelay?: Duration;
  /**
   * Old ReplicaSets kept running during their scale-down delay.
   * @default - no limit
   */
  readonly scaleDownDelayRevisionLimit?: number;
  /**
   * How long the new ReplicaSet (preview / canary) keeps running after an abort (canary: traffic
   * routing only; 0 keeps it).
   * @default - the controller's default, 30 seconds
   */
  readonly abortScaleDownDelay?: Duration;
  /**
   * Keep the new version's pods off the nodes of the old version.
   * @default - no anti-affinity
   */
  readonly antiAffinity?: AntiAffinity;
}

/** The strategy fields of `RolloutStrategyProps`, as both strategies spell them. */
export function renderStrategyCommon(p: RolloutStrategyProps) {
  return {
    scaleDownDelaySeconds: p.scaleDownDelay ? wholeSeconds(p.scaleDownDelay, 'scaleDownDelay') : undefined,
    scaleDownDelayRevisionLimit: p.scaleDownDelayRevisionLimit,
    abortScaleDownDelaySeconds: p.abortScaleDownDelay ? wholeSeconds(p.abortScaleDownDelay, 'abortScaleDownDelay') : undefined,
    antiAffinity: p.antiAffinity?._toL1(),
  };
}

/** The L1 Rollout, rendered without a second L1 mapping (see core/rendered.ts). */
class RolloutObject extends L1.Rollout {
  public override toJson(): any {
    return renderApiObject(this);
  }
}

/**
 * What BlueGreenRollout and CanaryRollout share: a cdk8s-plus Workload whose Kubernetes object is
 * an Argo Rollout, validated at synth with the controller's rules.
 */
export abstract class RolloutBase extends kplus.Workload {
  /** The Kubernetes resource type, for RBAC rules that grant access to this rollout. */
  public readonly resourceType = 'rollouts';
  /** Desired pods. */
  public readonly replicas?: number;
  /** Minimum ready time of a new pod. */
  public readonly minReady: Duration;
  /** Progress deadline. */
  public readonly progressDeadline: Duration;
  /** The workload whose pod template the Rollout uses, if any. */
  public readonly workloadRef?: WorkloadRef;
  protected readonly apiObject: ApiObject;
  private readonly baseProps: RolloutProps;

  constructor(scope: Construct, id: string, props: RolloutProps = {}) {
    super(scope, id, props);
    this.baseProps = props;
    this.replicas = props.replicas;
    this.minReady = props.minReady ?? Duration.seconds(0);
    this.progressDeadline = props.progressDeadline ?? Duration.seconds(600);
    this.workloadRef = props.workloadRef;
    this.apiObject = new RolloutObject(this, 'Resource', {
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._renderSpec() }),
    });
    if (this.isolate) this.connections.isolate();
    // never both: with a workloadRef the pod template is the referenced workload's
    validateAtSynth(this, () => [this.apiObject], () => [
      ...this.workloadRef && (this.containers.length > 0 || this.initContainers.length > 0)
        ? [`a Rollout with "workloadRef" takes its pod template from Deployment "${this.workloadRef.name}": remove its containers (found ${this.containers.length + this.initContainers.length})`]
        : [],
      ...this.workloadRef ? this.podMetadataIgnored(this.workloadRef.name) : [],
      ...fractionalProps({
        replicas: props.replicas,
        revisionHistoryLimit: props.revisionHistoryLimit,
        rollbackWindowRevisions: props.rollbackWindowRevisions,
        successfulRunHistoryLimit: props.successfulRunHistoryLimit,
        unsuccessfulRunHistoryLimit: props.unsuccessfulRunHistoryLimit,
        ...this._countProps(),
      }),
    ]);
  }

  /**
   * With a workloadRef the pods are the Deployment's: labels and annotations added to this Rollout's
   * pod metadata (`podMetadata.addLabel()`) are not rendered, and would be lost without a word.
   * (cdk8s-plus's own selector label, `Pod.ADDRESS_LABEL`, is not the user's.)
   */
  private podMetadataIgnored(deployment: string): string[] {
    const md = this.podMetadata.toJson();
    const keys = [
      ...Object.keys(md.labels ?? {}).filter((k) => k !== kplus.Pod.ADDRESS_LABEL).map((k) => `label "${k}"`),
      ...Object.keys(md.annotations ?? {}).map((k) => `annotation "${k}"`),
    ];
    return keys.length === 0 ? [] : [`a Rollout with "workloadRef" runs the pods of Deployment "${deployment}", so its own pod metadata is not used: `
      + `set ${keys.join(', ')} on the Deployment's pod template instead (or use stableMetadata/canaryMetadata, activeMetadata/previewMetadata for the pods of one side)`];
  }

  /**
   * Acknowledges warnings of the rule engine (e.g. the plan check `plan-no-analysis`) on this
   * Rollout: `lint` and `RolloutPlan` no longer report them. Errors cannot be acknowledged.
   * Adds the rule ids to the annotation `progressive.cdk8s.io/acknowledge`.
   * @param ruleIds rule ids of the warnings, e.g. `plan-no-analysis`
   */
  public acknowledge(...ruleIds: string[]): void {
    const ids = acknowledgedRules({ metadata: this.metadata.toJson() });
    for (const id of ruleIds) {
      if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`${this.node.path}: acknowledge() needs rule ids such as "plan-no-analysis": ${JSON.stringify(id)}`);
      ids.add(id);
    }
    this.metadata.addAnnotation(ACKNOWLEDGE_ANNOTATION, [...ids].join(','));
  }

  /** @internal */
  public abstract _renderStrategy(): L1.RolloutSpecStrategy;

  /**
   * The strategy's props that must be whole numbers, by name (checked at synth with the base's).
   * @internal
   */
  protected abstract _countProps(): { [prop: string]: number | undefined };

  /** @internal */
  public _renderSpec(): Record<string, any> {
    const p = this.baseProps;
    const selector = this.workloadRef ? this.workloadRef._selector() : this._toLabelSelector();
    const spec: L1.RolloutSpec = {
      replicas: p.replicas,
      revisionHistoryLimit: p.revisionHistoryLimit,
      minReadySeconds: p.minReady ? wholeSeconds(p.minReady, 'minReady') : undefined,
      progressDeadlineSeconds: p.progressDeadline ? wholeSeconds(p.progressDeadline, 'progressDeadline') : undefined,
      progressDeadlineAbort: p.progressDeadlineAbort,
      rollbackWindow: p.rollbackWindowRevisions !== undefined ? { revisions: p.rollbackWindowRevisions } : undefined,
      analysis: p.successfulRunHistoryLimit !== undefined || p.unsuccessfulRunHistoryLimit !== undefined
        ? { successfulRunHistoryLimit: p.successfulRunHistoryLimit, unsuccessfulRunHistoryLimit: p.unsuccessfulRunHistoryLimit }
        : undefined,
      selector: { matchLabels: selector.matchLabels, matchExpressions: selector.matchExpressions },
      strategy: this._renderStrategy(),
      workloadRef: this.workloadRef?._toL1(),
    };
    if (this.workloadRef) return L1.toJson_RolloutSpec(spec)!;
    return {
      ...L1.toJson_RolloutSpec(spec),
      // cdk8s-plus renders the pod template with its own Kubernetes types (probes, ports, volumes,
      // security context): spliced in as JSON, see core/rendered.ts.
      template: {
        metadata: this.podMetadata.toJson(),
        spec: kplus.k8s.toJson_PodSpec(this._toPodSpec()),
      },
    };
  }

  /** Service ports for the containers' ports (used when this construct creates Services). */
  protected containerServicePorts(): kplus.ServicePort[] {
    const ports: kplus.ServicePort[] = [];
    for (const c of this.workloadRef?._deployment()?.containers ?? this.containers) {
      for (const p of c.ports) ports.push({ port: p.number, targetPort: p.number, name: p.name, protocol: p.protocol });
    }
    return ports;
  }

  /** Creates a Service selecting this rollout's pods, named `<rollout name>-<suffix>` when the rollout has an explicit name. */
  protected createService(id: string, suffix: string, role: string): kplus.Service {
    const ports = this.containerServicePorts();
    if (ports.length === 0) {
      const fix = this.workloadRef && !this.workloadRef._deployment()
        ? `the Deployment is referenced by name, so its ports are not known here: pass the Service as "${role}Service", or reference the Deployment construct (WorkloadRef.fromDeployment)`
        : `give a container "portNumber" or "ports" in the props, or pass the Service as "${role}Service"`;
      throw new Error(`${this.node.path}: cannot create the ${role} Service: no container exposes a port. Fix: ${fix}`);
    }
    if (ports.length > 1 && ports.some((p) => !p.name)) {
      throw new Error(`${this.node.path}: cannot create the ${role} Service: with several container ports every port needs a "name"`);
    }
    const explicitName = this.baseProps.metadata?.name;
    const service = new kplus.Service(this, id, {
      metadata: { name: explicitName ? `${explicitName}-${suffix}` : undefined, namespace: this.baseProps.metadata?.namespace },
      selector: this.workloadRef ? undefined : this,
      ports,
    });
    // with a workloadRef the pods carry the referenced workload's labels
    if (this.workloadRef) {
      for (const [k, v] of Object.entries(this.workloadRef._selector().matchLabels ?? {})) service.selectLabel(k, v);
    }
    return service;
  }
}
