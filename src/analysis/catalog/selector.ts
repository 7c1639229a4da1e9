import { PodTemplateHash, RolloutValue, TemplateArg } from '../args';

/**
 * The arguments catalog entries declare. A rollout that runs a catalog template supplies each of
 * them unless its analysis passes it.
 */
export class CatalogArgs {
  /** `namespace`: the rollout's namespace. */
  public static readonly NAMESPACE = 'namespace';
  /** `service-name`: the Service in front of the new version (canary Service; preview, then active Service). */
  public static readonly SERVICE_NAME = 'service-name';
  /** `rollout-name`: the rollout's name, the prefix of its ReplicaSets' and pods' names. */
  public static readonly ROLLOUT_NAME = 'rollout-name';
  /** `canary-hash`: the pod-template hash of the newest (canary / preview) ReplicaSet. */
  public static readonly CANARY_HASH = 'canary-hash';

  /** The `namespace` argument, supplied by the rollout. */
  public static namespace(): TemplateArg {
    return TemplateArg.fromRollout(CatalogArgs.NAMESPACE, RolloutValue.namespace());
  }

  /** The `service-name` argument, supplied by the rollout. */
  public static serviceName(): TemplateArg {
    return TemplateArg.fromRollout(CatalogArgs.SERVICE_NAME, RolloutValue.newVersionServiceName());
  }

  /** The `rollout-name` argument, supplied by the rollout. */
  public static rolloutName(): TemplateArg {
    return TemplateArg.fromRollout(CatalogArgs.ROLLOUT_NAME, RolloutValue.rolloutName());
  }

  /** The `canary-hash` argument, supplied by the rollout. */
  public static canaryHash(): TemplateArg {
    return TemplateArg.fromRollout(CatalogArgs.CANARY_HASH, RolloutValue.podTemplateHash(PodTemplateHash.LATEST));
  }

  private constructor() {}
}

/** Options of a selector by Service. */
export interface ServiceSelectorOptions {
  /**
   * The label that carries the Service name (the Prometheus Operator's ServiceMonitors set `service`).
   * @default 'service'
   */
  readonly serviceLabel?: string;
  /**
   * The label that carries the namespace.
   * @default 'namespace'
   */
  readonly namespaceLabel?: string;
}

/** Options of a selector by pod. */
export interface PodSelectorOptions {
  /**
   * The label that carries the pod name.
   * @default 'pod'
   */
  readonly podLabel?: string;
  /**
   * The label that carries the namespace.
   * @default 'namespace'
   */
  readonly namespaceLabel?: string;
}

/**
 * Which series a Prometheus catalog entry reads: the label matchers put in front of the entry's own.
 */
export class CatalogSelector {
  /**
   * Series of the Service in front of the new version:
   * `namespace="{{args.namespace}}",service="{{args.service-name}}"`. Needs a canary (or preview)
   * Service, e.g. the ones a CanaryRollout with traffic routing and a BlueGreenRollout create.
   * @param options label names
   */
  public static service(options: ServiceSelectorOptions = {}): CatalogSelector {
    const ns = labelName(options.namespaceLabel ?? 'namespace', 'namespaceLabel', 'CatalogSelector.service');
    const svc = labelName(options.serviceLabel ?? 'service', 'serviceLabel', 'CatalogSelector.service');
    return new CatalogSelector(
      [`${ns}="{{args.${CatalogArgs.NAMESPACE}}}"`, `${svc}="{{args.${CatalogArgs.SERVICE_NAME}}}"`],
      [CatalogArgs.namespace(), CatalogArgs.serviceName()],
    );
  }

  /**
   * Series of the pods of the newest ReplicaSet (canary, or preview), by pod name:
   * `namespace="{{args.namespace}}",pod=~"{{args.rollout-name}}-{{args.canary-hash}}-.*"`. Works
   * without Services, and for container metrics (cAdvisor, kube-state-metrics), which carry no
   * Service label.
   * @param options label names
   */
  public static newPods(options: PodSelectorOptions = {}): CatalogSelector {
    const ns = labelName(options.namespaceLabel ?? 'namespace', 'namespaceLabel', 'CatalogSelector.newPods');
    const pod = labelName(options.podLabel ?? 'pod', 'podLabel', 'CatalogSelector.newPods');
    return new CatalogSelector(
      [`${ns}="{{args.${CatalogArgs.NAMESPACE}}}"`, `${pod}=~"{{args.${CatalogArgs.ROLLOUT_NAME}}}-{{args.${CatalogArgs.CANARY_HASH}}}-.*"`],
      [CatalogArgs.namespace(), CatalogArgs.rolloutName(), CatalogArgs.canaryHash()],
      pod,
    );
  }

  /**
   * Label matchers of your own, e.g. `app="web",track="canary"`. Arguments they use
   * (`{{args.x}}`) must be given in `args`.
   * @param matchers PromQL label matchers, comma-separated, without braces
   * @param args the arguments the matchers use
   */
  public static matchers(matchers: string, args: TemplateArg[] = []): CatalogSelector {
    const list = splitMatchers(matchers);
    if (list.length === 0) throw new Error(`CatalogSelector.matchers needs at least one label matcher, e.g. app="web": ${JSON.stringify(matchers)}`);
    return new CatalogSelector(list, args);
  }

  private constructor(private readonly list: string[], private readonly argList: TemplateArg[], private readonly podLabel?: string) {}

  /** @internal */
  public _matchers(): string[] {
    return [...this.list];
  }

  /** @internal */
  public _args(): TemplateArg[] {
    return [...this.argList];
  }

  /**
   * The label that tells pods apart, when the selector selects pods (for per-pod aggregation).
   * @internal
   */
  public _podLabel(): string | undefined {
    return this.podLabel;
  }
}

/** A Prometheus label name, with an error naming the prop. */
export function labelName(name: string, prop: string, where: string): string {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name ?? '')) throw new Error(`${where}: "${prop}" must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*): ${JSON.stringify(name)}`);
  return name;
}

/** A Prometheus metric name, with an error naming the prop. */
export function metricName(name: string, prop: string, where: string): string {
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name ?? '')) throw new Error(`${where}: "${prop}" must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*): ${JSON.stringify(name)}`);
  return name;
}

/** Comma-separated label matchers split at the commas outside quotes. */
export function splitMatchers(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < (text ?? '').length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') {
        cur += c + (text[++i] ?? '');
        continue;
      }
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === '\'' || c === '`') {
      quote = c;
    } else if (c === ',') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
