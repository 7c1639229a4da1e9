import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { ITrafficRouting, TrafficRoutingConfig } from './traffic-routing';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * Properties of NGINX Ingress traffic routing.
 */
export interface NginxTrafficRoutingProps {
  /**
   * The Ingress that routes to the rollout's stable Service. The controller copies it into a
   * canary Ingress (with the `canary-weight` annotations) that routes to the canary Service.
   * Give this or `stableIngresses`.
   * @default - none: `stableIngresses` must be given
   */
  readonly stableIngress?: kplus.Ingress;
  /**
   * Several Ingresses that route to the stable Service (one canary Ingress is made for each).
   * Give this or `stableIngress`.
   * @default - none: `stableIngress` must be given
   */
  readonly stableIngresses?: kplus.Ingress[];
  /**
   * Annotation prefix of the NGINX Ingress controller, when it was installed with a custom
   * `--annotations-prefix`.
   * @default 'nginx.ingress.kubernetes.io'
   */
  readonly annotationPrefix?: string;
  /**
   * Extra NGINX canary annotations on the canary Ingress, without the prefix, e.g.
   * `{ 'canary-by-header': 'X-Canary' }`.
   * @default - none
   */
  readonly additionalIngressAnnotations?: { [key: string]: string };
  /**
   * Annotations, with their prefix, copied onto the canary Ingress only.
   * @default - none
   */
  readonly canaryIngressAnnotations?: { [key: string]: string };
}

/**
 * Canary traffic routing with the NGINX Ingress controller (`trafficRouting.nginx`).
 *
 * The rollout needs a stable and a canary Service; `CanaryRollout` creates them when you do not
 * pass them. The stable Ingress must route to the stable Service (checked at synth).
 */
export class NginxTrafficRouting implements ITrafficRouting {
  constructor(private readonly props: NginxTrafficRoutingProps) {
    if (props.stableIngresses && props.stableIngresses.length === 0) {
      throw new Error('"stableIngresses" must not be empty: give at least one Ingress, or use "stableIngress"');
    }
  }

  /** Renders `{ nginx: {...} }`. */
  public bind(_rollout: IConstruct): TrafficRoutingConfig {
    const p = this.props;
    const nginx: L1.RolloutSpecStrategyCanaryTrafficRoutingNginx = {
      stableIngress: p.stableIngress?.name,
      stableIngresses: p.stableIngresses?.map((i) => i.name),
      annotationPrefix: p.annotationPrefix,
      additionalIngressAnnotations: p.additionalIngressAnnotations,
      canaryIngressAnnotations: p.canaryIngressAnnotations,
    };
    return { trafficRouting: { nginx: L1.toJson_RolloutSpecStrategyCanaryTrafficRoutingNginx(nginx) } };
  }
}
