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

  /** The argument's name. */
  public readonly name: string;

  private constructor(private readonly spec: L1.AnalysisTemplateSpecArgs) {
    validateArgName(spec.name);
    this.name = spec.name;
  }

  /** @internal */
  public _toL1(): L1.AnalysisTemplateSpecArgs {
    return this.spec;
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
