import { AlbTrafficRouting, AlbTrafficRoutingProps } from './alb';
import { AmbassadorTrafficRouting, AmbassadorTrafficRoutingProps } from './ambassador';
import { ApisixTrafficRouting, ApisixTrafficRoutingProps } from './apisix';
import { AppMeshTrafficRouting, AppMeshTrafficRoutingProps } from './appmesh';
import { IstioTrafficRouting, IstioTrafficRoutingProps } from './istio';
import { NginxTrafficRouting, NginxTrafficRoutingProps } from './nginx';
import { PluginTrafficRouting, PluginTrafficRoutingProps } from './plugin';
import { SmiTrafficRouting, SmiTrafficRoutingProps } from './smi';
import { TraefikTrafficRouting, TraefikTrafficRoutingProps } from './traefik';
import { ITrafficRouting } from './traffic-routing';

/**
 * Factories for the traffic routers a canary rollout can use. Each returns an `ITrafficRouting`;
 * a router not listed here is any class implementing that interface.
 */
export class TrafficRouting {
  /**
   * NGINX Ingress controller: weights through a canary Ingress the controller derives from the
   * stable Ingress.
   * @param props the stable Ingress(es) and annotation options
   */
  public static nginx(props: NginxTrafficRoutingProps): ITrafficRouting {
    return new NginxTrafficRouting(props);
  }

  /**
   * Istio: weights on the routes of one or more VirtualServices, to the stable and canary Services
   * (host-level) or to the subsets of a DestinationRule (subset-level). Supports header routes and
   * traffic mirroring.
   * @param props the VirtualService(s) and, for subset-level routing, the DestinationRule
   */
  public static istio(props: IstioTrafficRoutingProps): ITrafficRouting {
    return new IstioTrafficRouting(props);
  }

  /**
   * AWS Load Balancer Controller: a weighted forward action on the Ingress.
   * @param props the Ingress(es), the Service port and ALB options
   */
  public static alb(props: AlbTrafficRoutingProps): ITrafficRouting {
    return new AlbTrafficRouting(props);
  }

  /**
   * Service Mesh Interface: a TrafficSplit the controller creates and owns.
   * @param props root Service and TrafficSplit name
   */
  public static smi(props: SmiTrafficRoutingProps = {}): ITrafficRouting {
    return new SmiTrafficRouting(props);
  }

  /**
   * Traefik: weights on a weighted TraefikService.
   * @param props the TraefikService name
   */
  public static traefik(props: TraefikTrafficRoutingProps): ITrafficRouting {
    return new TraefikTrafficRouting(props);
  }

  /**
   * Ambassador / Emissary-ingress: weighted canary Mappings next to the given Mappings.
   * @param props the Mapping names
   */
  public static ambassador(props: AmbassadorTrafficRoutingProps): ITrafficRouting {
    return new AmbassadorTrafficRouting(props);
  }

  /**
   * Apache APISIX: weights on the backends of an ApisixRoute.
   * @param props the route and its rules
   */
  public static apisix(props: ApisixTrafficRoutingProps): ITrafficRouting {
    return new ApisixTrafficRouting(props);
  }

  /**
   * AWS App Mesh: weights on the routes of the VirtualRouter behind a VirtualService.
   * @param props the VirtualService, its routes and the canary/stable VirtualNodes
   */
  public static appMesh(props: AppMeshTrafficRoutingProps): ITrafficRouting {
    return new AppMeshTrafficRouting(props);
  }

  /**
   * A traffic-router plugin, e.g. `argoproj-labs/gatewayAPI` (see `PluginTrafficRouting`).
   * @param props the plugin name and its configuration
   */
  public static plugin(props: PluginTrafficRoutingProps): ITrafficRouting {
    return new PluginTrafficRouting(props);
  }

  private constructor() {}
}
