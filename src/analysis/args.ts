import * as kplus from 'cdk8s-plus-27';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * An argument an analysis template declares (`spec.args[]`). Metrics use it as `{{args.<name>}}`.
 */
export class TemplateArg {
  /**
   * An argument without a default: every rollout or experiment that uses the template must pass it.
   * @param name argument name
   */
  public static required(name: string): TemplateArg {
    return new TemplateArg({ name });
  }

  /**
   * An argument with a default value that a rollout may override.
   * @param name argument name
   * @param value the default value
   */
  public static withDefault(name: string, value: string): TemplateArg {
    return new TemplateArg({ name, value });
  }

  /**
   * An argument read from a key of a Secret in the template's namespace. Use this for tokens and
   * passwords: the value never appears in the manifest.
   * @param name argument name
   * @param secret the Secret
   * @param key the key in the Secret
   */
  public static fromSecret(name: string, secret: kplus.ISecret, key: string): TemplateArg {
    return new TemplateArg({ name, valueFrom: { secretKeyRef: { name: secret.name, key } } });
  }

  /**
   * An argument read from a field of the object that runs the analysis (downward API), e.g.
   * `metadata.namespace`.
   * @param name argument name
   * @param fieldPath the field path
   */
  public static fromField(name: string, fieldPath: string): TemplateArg {
    return new TemplateArg({ name, valueFrom: { fieldRef: { fieldPath } } });
  }

  /**
   * An argument without a default in the template that a rollout fills in for you: when a
   * BlueGreenRollout or CanaryRollout runs the template in an analysis and does not pass the
   * argument itself, it passes `value` (e.g. its canary Service's name, its namespace, the new pod-template hash).
   * Args the analysis passes explicitly still win; an Experiment, or a rollout that cannot supply
   * the value (a canary without a canary Service), must pass it like any required argument.
   * @param name argument name
   * @param value what the rollout supplies
   */
  public static fromRollout(name: string, value: RolloutValue): TemplateArg {
    return new TemplateArg({ name }, value);
  }

  /** The argument's name. */
  public readonly name: string;

  private constructor(private readonly spec: L1.AnalysisTemplateSpecArgs, private readonly rolloutValue?: RolloutValue) {
    validateArgName(spec.name);
    this.name = spec.name;
  }

  /** @internal */
  public _toL1(): L1.AnalysisTemplateSpecArgs {
    return this.spec;
  }

  /**
   * What a rollout passes for this argument when its analysis does not, if anything.
   * @internal
   */
  public _rolloutValue(): RolloutValue | undefined {
    return this.rolloutValue;
  }
}

/**
 * The Services in front of the versions while an analysis runs, as the rollout that runs it sees
 * them (names; undefined when the rollout has no such Service).
 * @internal
 */
export interface AnalysisServices {
  /** The Service in front of the new version: canary Service; preview before promotion, active after (blue-green). */
  readonly newVersion?: string;
  /** The Service in front of the stable version: stable Service (canary), active Service (blue-green). */
  readonly stable?: string;
}

/**
 * A value a rollout supplies for a template argument declared with `TemplateArg.fromRollout()`.
 */
export class RolloutValue {
  /**
   * The name of the Service in front of the new version: the canary Service (canary strategy), the
   * preview Service before promotion and the active Service after it (blue-green). A canary rollout
   * without a canary Service supplies nothing.
   */
  public static newVersionServiceName(): RolloutValue {
    return new RolloutValue((s) => (s.newVersion === undefined ? undefined : ArgValue.of(s.newVersion)));
  }

  /**
   * The name of the Service in front of the stable version: the stable Service (canary strategy),
   * the active Service (blue-green). A canary rollout without a stable Service supplies nothing.
   */
  public static stableServiceName(): RolloutValue {
    return new RolloutValue((s) => (s.stable === undefined ? undefined : ArgValue.of(s.stable)));
  }

  /** The rollout's namespace (`valueFrom.fieldRef: metadata.namespace`). */
  public static namespace(): RolloutValue {
    return RolloutValue.of(ArgValue.fromField('metadata.namespace'));
  }

  /**
   * The rollout's name (`valueFrom.fieldRef: metadata.name`). Its ReplicaSets are named
   * `<rollout name>-<pod-template hash>`, their pods `<ReplicaSet name>-<suffix>`.
   */
  public static rolloutName(): RolloutValue {
    return RolloutValue.of(ArgValue.fromField('metadata.name'));
  }

  /**
   * The pod-template hash of the stable or the latest (canary / preview) ReplicaSet.
   * @param which stable or latest
   */
  public static podTemplateHash(which: PodTemplateHash): RolloutValue {
    return RolloutValue.of(ArgValue.podTemplateHash(which));
  }

  /**
   * Any value a rollout can pass (a literal, a field of the Rollout, a pod-template hash).
   * @param value the value
   */
  public static of(value: ArgValue): RolloutValue {
    return new RolloutValue(() => value);
  }

  private constructor(private readonly resolve: (services: AnalysisServices) => ArgValue | undefined) {}

  /** @internal */
  public _resolve(services: AnalysisServices): ArgValue | undefined {
    return this.resolve(services);
  }
}

/** Which ReplicaSet's pod-template hash an argument receives. */
export enum PodTemplateHash {
  /** the stable ReplicaSet */
  STABLE = 'Stable',
  /** the newest (canary / preview) ReplicaSet */
  LATEST = 'Latest',
}

/**
 * A value a rollout passes to an analysis argument.
 */
export class ArgValue {
  /**
   * A literal value.
   * @param value the value
   */
  public static of(value: string): ArgValue {
    return new ArgValue({ value });
  }

  /**
   * The pod-template hash of the stable or the latest ReplicaSet, e.g. to select canary pods in a
   * query (`rollouts-pod-template-hash="{{args.canary-hash}}"`).
   * @param which stable or latest
   */
  public static podTemplateHash(which: PodTemplateHash): ArgValue {
    return new ArgValue({ valueFrom: { podTemplateHashValue: which } });
  }

  /**
   * A field of the Rollout (downward API): `metadata.name`, `metadata.namespace`, `metadata.uid`,
   * `metadata.labels['key']` or `metadata.annotations['key']`.
   * @param fieldPath the field path
   */
  public static fromField(fieldPath: string): ArgValue {
    return new ArgValue({ valueFrom: { fieldRef: { fieldPath } } });
  }

  private constructor(private readonly spec: { value?: string; valueFrom?: { podTemplateHashValue?: string; fieldRef?: { fieldPath: string } } }) {}

  /** @internal */
  public _toArg(name: string): L1.RolloutSpecStrategyBlueGreenPrePromotionAnalysisArgs {
    validateArgName(name);
    return { name, ...this.spec };
  }
}

function validateArgName(name: string): void {
  if (!name || /\s|[{}]/.test(name)) {
    throw new Error(`analysis argument names must be non-empty and contain no spaces or braces: ${JSON.stringify(name)}`);
  }
}
