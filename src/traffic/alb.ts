import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { ITrafficRouting, TrafficRoutingConfig } from './traffic-routing';
import { wholeSeconds } from '../core/rendered';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * Duration-based stickiness of the ALB target groups (the AWS Load Balancer Controller's
 * `stickiness` of a forward action).
 */
export interface AlbStickinessConfig {
  /** Whether clients stick to the target group (stable or canary) they were first sent to. */
  readonly enabled: boolean;
  /** How long a client sticks, from 1 second to 7 days (AWS limits). */
  readonly duration: Duration;
}

/**
 * Properties of AWS ALB traffic routing.
 */
export interface AlbTrafficRoutingProps {
  /**
   * The Ingress (of the AWS Load Balancer Controller) whose forward action the controller splits
   * between the stable and the canary Service. Give this or `ingresses`.
   * @default - none: `ingresses` must be given
   */
  readonly ingress?: kplus.Ingress;
  /**
   * Several Ingresses, each split the same way. Give this or `ingress`.
   * @default - none: `ingress` must be given
   */
  readonly ingresses?: kplus.Ingress[];
  /** Port of the stable and canary Services that the Ingress action routes to. */
  readonly servicePort: number;
  /**
   * The Service the Ingress rules name as backend, when it is not the stable Service (e.g. with
   * ping-pong, where the rules name a root Service).
   * @default - the rollout's stable Service
   */
  readonly rootService?: kplus.Service;
  /**
   * Annotation prefix of the AWS Load Balancer Controller.
   * @default 'alb.ingress.kubernetes.io'
   */
  readonly annotationPrefix?: string;
  /**
   * Target-group stickiness.
   * @default - no stickiness
   */
  readonly stickinessConfig?: AlbStickinessConfig;
}

/** Longest ALB target-group stickiness AWS accepts: 7 days. */
const MAX_STICKINESS_SECONDS = 604800;

/**
 * Canary traffic routing with the AWS Load Balancer Controller (`trafficRouting.alb`).
 *
 * The controller writes a weighted forward action annotation on the Ingress. The rollout needs a
 * stable and a canary Service, and the Ingress must have a rule whose backend is the stable
 * Service, or `rootService` when given (checked at synth). The paths of the given Ingresses to that
 * Service are rendered with the port name `use-annotation`, which makes the AWS Load Balancer
 * Controller read the action. Header routes (`setHeaderRoute`) work with ALB, with exact header
 * matches only.
 */
export class AlbTrafficRouting implements ITrafficRouting {
  private readonly stickinessSeconds?: number;

  constructor(private readonly props: AlbTrafficRoutingProps) {
    if (!Number.isInteger(props.servicePort) || props.servicePort < 1 || props.servicePort > 65535) {
      throw new Error(`"servicePort" must be an integer from 1 to 65535: ${props.servicePort}`);
    }
    if (props.ingresses && props.ingresses.length === 0) {
      throw new Error('"ingresses" must not be empty: give at least one Ingress, or use "ingress"');
    }
    if (props.stickinessConfig) {
      const s = wholeSeconds(props.stickinessConfig.duration, 'stickinessConfig.duration');
      if (s < 1 || s > MAX_STICKINESS_SECONDS) {
        throw new Error(`"stickinessConfig.duration" must be from 1 second to 7 days (${MAX_STICKINESS_SECONDS}s): ${s}s`);
      }
      this.stickinessSeconds = s;
    }
  }

  /**
   * Renders `{ alb: {...} }`, and makes the given Ingresses' paths to the stable Service (or
   * `rootService`) name the port `use-annotation`: the AWS Load Balancer Controller reads the
   * weighted forward action that the controller writes in the `actions.<service>` annotation only
   * for such a backend (with a port number it forwards to the Service itself, and the canary gets
   * no traffic). cdk8s-plus's `IngressBackend.fromService()` always names a port number.
   */
  public bind(rollout: IConstruct): TrafficRoutingConfig {
    const p = this.props;
    const actionService = () => p.rootService?.name ?? (rollout as { stableService?: kplus.Service }).stableService?.name;
    for (const ingress of [...p.ingress ? [p.ingress] : [], ...p.ingresses ?? []]) forwardByAnnotation(ingress, actionService);
    const alb: L1.RolloutSpecStrategyCanaryTrafficRoutingAlb = {
      ingress: p.ingress?.name,
      ingresses: p.ingresses?.map((i) => i.name),
      servicePort: p.servicePort,
      rootService: p.rootService?.name,
      annotationPrefix: p.annotationPrefix,
      stickinessConfig: p.stickinessConfig
        ? { enabled: p.stickinessConfig.enabled, durationSeconds: this.stickinessSeconds! }
        : undefined,
    };
    return { trafficRouting: { alb: L1.toJson_RolloutSpecStrategyCanaryTrafficRoutingAlb(alb) } };
  }
}

/** A rendered Ingress rule (networking.k8s.io/v1), as far as the paths' backends go. */
interface IngressRuleJson {
  readonly http?: { readonly paths?: Array<{ readonly backend?: { readonly service?: { readonly name?: string } } }> };
}

/**
 * Renders the paths of `ingress` whose backend is the Service `service()` names with the port name
 * `use-annotation`. cdk8s-plus renders an Ingress's rules lazily with its own `synthRules`; this wraps
 * that method of the one instance. Should cdk8s-plus render rules differently, the rule engine's
 * `alb-ingress-backend-use-annotation` fails synth rather than let the port number through.
 */
function forwardByAnnotation(ingress: kplus.Ingress, service: () => string | undefined): void {
  const target = ingress as unknown as { synthRules?: () => IngressRuleJson[] | undefined };
  const synthRules = target.synthRules;
  if (typeof synthRules !== 'function') return;
  target.synthRules = function (this: unknown) {
    const rules = synthRules.call(this);
    const name = service();
    if (!rules || !name) return rules;
    return rules.map((rule) => !rule.http?.paths ? rule : {
      ...rule,
      http: {
        ...rule.http,
        paths: rule.http.paths.map((path) => path.backend?.service?.name !== name ? path : {
          ...path,
          backend: { ...path.backend, service: { ...path.backend.service, port: { name: 'use-annotation' } } },
        }),
      },
    });
  };
}

