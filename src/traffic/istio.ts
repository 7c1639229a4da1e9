import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { ITrafficRouting, TrafficRoutingConfig } from './traffic-routing';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * A TLS route of an Istio VirtualService, matched by port and SNI hosts.
 */
export interface IstioTlsRoute {
  /**
   * Port of the route's match block.
   * @default - the route has no port match
   */
  readonly port?: number;
  /**
   * Every SNI host of the route's match block (all of them, in any order).
   * @default - the route has no SNI match
   */
  readonly sniHosts?: string[];
}

/**
 * A TCP route of an Istio VirtualService, matched by port.
 */
export interface IstioTcpRoute {
  /**
   * Port of the route's match block.
   * @default - the route has no port match
   */
  readonly port?: number;
}

/**
 * Which routes of a VirtualService the controller sets weights on.
 */
export interface IstioRoutes {
  /**
   * Names of the HTTP routes (`spec.http[].name`).
   * @default - the VirtualService's single unnamed HTTP route
   */
  readonly routes?: string[];
  /**
   * TLS routes, by port and SNI hosts.
   * @default - the VirtualService's first TLS route
   */
  readonly tlsRoutes?: IstioTlsRoute[];
  /**
   * TCP routes, by port.
   * @default - the VirtualService's first TCP route
   */
  readonly tcpRoutes?: IstioTcpRoute[];
}

/**
 * An Istio VirtualService the controller edits. Its routes must send traffic to the rollout's
 * stable and canary Services (host-level routing) or to the DestinationRule's stable and canary
 * subsets (subset-level routing); this is checked at synth when the VirtualService is part of the
 * app.
 */
export class IstioVirtualService {
  /**
   * A VirtualService by name.
   * @param name `name` in the rollout's namespace, or `name.namespace`
   * @param routes the routes to set weights on
   */
  public static fromName(name: string, routes: IstioRoutes = {}): IstioVirtualService {
    if (!name || name.split('.').length > 2) {
      throw new Error(`istio virtual service names are "name" or "name.namespace": ${JSON.stringify(name)}`);
    }
    return new IstioVirtualService(() => name, routes);
  }

  /**
   * A VirtualService defined in the app, e.g. as a plain `ApiObject` of kind VirtualService
   * (`networking.istio.io`). When it is in another namespace than the rollout, the reference is
   * written as `name.namespace`.
   * @param virtualService the VirtualService object
   * @param routes the routes to set weights on
   */
  public static fromApiObject(virtualService: ApiObject, routes: IstioRoutes = {}): IstioVirtualService {
    return new IstioVirtualService((rollout) => {
      const ns = virtualService.metadata.namespace;
      const rolloutNs = rollout instanceof kplus.Resource ? rollout.metadata.namespace : undefined;
      return ns && rolloutNs && ns !== rolloutNs ? `${virtualService.name}.${ns}` : virtualService.name;
    }, routes);
  }

  private constructor(private readonly name: (rollout: IConstruct) => string, private readonly routes: IstioRoutes) {
    for (const r of [...routes.tlsRoutes ?? [], ...routes.tcpRoutes ?? []]) {
      if (r.port !== undefined && (!Number.isInteger(r.port) || r.port < 1 || r.port > 65535)) {
        throw new Error(`istio route ports must be integers from 1 to 65535: ${r.port}`);
      }
    }
  }

  /** @internal */
  public _toL1(rollout: IConstruct): L1.RolloutSpecStrategyCanaryTrafficRoutingIstioVirtualService {
    const r = this.routes;
    return {
      name: this.name(rollout),
      routes: r.routes,
      tlsRoutes: r.tlsRoutes?.map((t) => ({ port: t.port, sniHosts: t.sniHosts })),
      tcpRoutes: r.tcpRoutes?.map((t) => ({ port: t.port })),
    };
  }
}

/**
 * The Istio DestinationRule whose subsets the controller points at the stable and canary
 * ReplicaSets (subset-level routing).
 */
export interface IstioDestinationRule {
  /** Name of the DestinationRule, in the rollout's namespace. */
  readonly name: string;
  /** Subset the controller labels with the canary pod-template hash. */
  readonly canarySubsetName: string;
  /** Subset the controller labels with the stable pod-template hash. */
  readonly stableSubsetName: string;
  /**
   * Further subsets of the DestinationRule the controller leaves alone.
   * @default - none
   */
  readonly additionalSubsetNames?: string[];
}

/**
 * Properties of Istio traffic routing.
 */
export interface IstioTrafficRoutingProps {
  /**
   * The VirtualService whose routes carry the weights. Give this or `virtualServices`.
   * @default - none: `virtualServices` must be given
   */
  readonly virtualService?: IstioVirtualService;
  /**
   * Several VirtualServices (e.g. a mesh one and a gateway one). Give this or `virtualService`.
   * @default - none: `virtualService` must be given
   */
  readonly virtualServices?: IstioVirtualService[];
  /**
   * Subset-level routing: the VirtualService routes to subsets of this DestinationRule instead of
   * to a stable and a canary Service.
   * @default - host-level routing: the VirtualService routes to the stable and canary Services
   */
  readonly destinationRule?: IstioDestinationRule;
}

/**
 * Canary traffic routing with Istio (`trafficRouting.istio`).
 *
 * Host-level routing (the default) needs a stable and a canary Service, which the VirtualService's
 * routes name as destination hosts. Subset-level routing needs a DestinationRule with a stable and
 * a canary subset, which the routes name instead. Header routes (`setHeaderRoute`) and traffic
 * mirroring (`setMirrorRoute`) work with Istio.
 *
 * The VirtualService is not imported as a type: reference it by name, or pass the `ApiObject` that
 * defines it. When it is part of the app, its routes are checked at synth against the rollout.
 */
export class IstioTrafficRouting implements ITrafficRouting {
  constructor(private readonly props: IstioTrafficRoutingProps) {
    if (props.virtualServices && props.virtualServices.length === 0) {
      throw new Error('"virtualServices" must not be empty: give at least one VirtualService, or use "virtualService"');
    }
  }

  /** Renders `{ istio: {...} }`. */
  public bind(rollout: IConstruct): TrafficRoutingConfig {
    const p = this.props;
    const istio: L1.RolloutSpecStrategyCanaryTrafficRoutingIstio = {
      virtualService: p.virtualService?._toL1(rollout),
      virtualServices: p.virtualServices?.map((v) => v._toL1(rollout)),
      destinationRule: p.destinationRule ? {
        name: p.destinationRule.name,
        canarySubsetName: p.destinationRule.canarySubsetName,
        stableSubsetName: p.destinationRule.stableSubsetName,
        additionalSubsetNames: p.destinationRule.additionalSubsetNames,
      } : undefined,
    };
    return { trafficRouting: { istio: L1.toJson_RolloutSpecStrategyCanaryTrafficRoutingIstio(istio) } };
  }
}
