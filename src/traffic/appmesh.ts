import { IConstruct } from 'constructs';
import { ITrafficRouting, TrafficRoutingConfig } from './traffic-routing';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * Properties of AWS App Mesh traffic routing.
 */
export interface AppMeshTrafficRoutingProps {
  /**
   * Name of the App Mesh VirtualService (`appmesh.k8s.aws`). Its provider must be a VirtualRouter,
   * whose routes each have two weighted targets: the stable and the canary VirtualNode.
   */
  readonly virtualServiceName: string;
  /**
   * Names of the VirtualRouter routes to set weights on.
   * @default - every route of the VirtualRouter
   */
  readonly routes?: string[];
  /** VirtualNode whose pod selector the controller points at the canary pods. */
  readonly canaryVirtualNodeName: string;
  /** VirtualNode whose pod selector the controller points at the stable pods. */
  readonly stableVirtualNodeName: string;
}

/**
 * Canary traffic routing with AWS App Mesh (`trafficRouting.appMesh`).
 *
 * The controller labels the two VirtualNodes' pod selectors with the canary and stable
 * pod-template hashes and sets the weights of the VirtualRouter's routes. When the VirtualService
 * and VirtualRouter are part of the app, they are checked at synth.
 */
export class AppMeshTrafficRouting implements ITrafficRouting {
  constructor(private readonly props: AppMeshTrafficRoutingProps) {
    for (const prop of ['virtualServiceName', 'canaryVirtualNodeName', 'stableVirtualNodeName'] as const) {
      if (!props[prop]) throw new Error(`"${prop}" must name an App Mesh resource: it is empty`);
    }
  }

  /** Renders `{ appMesh: {...} }`. */
  public bind(_rollout: IConstruct): TrafficRoutingConfig {
    const p = this.props;
    const appMesh: L1.RolloutSpecStrategyCanaryTrafficRoutingAppMesh = {
      virtualService: { name: p.virtualServiceName, routes: p.routes },
      virtualNodeGroup: {
        canaryVirtualNodeRef: { name: p.canaryVirtualNodeName },
        stableVirtualNodeRef: { name: p.stableVirtualNodeName },
      },
    };
    return { trafficRouting: { appMesh: L1.toJson_RolloutSpecStrategyCanaryTrafficRoutingAppMesh(appMesh) } };
  }
}
