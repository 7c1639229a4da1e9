import * as L1 from '../imports/argocd-argoproj.io';

/**
 * Where an Application deploys to: a cluster, by API server URL or by the name it is registered
 * under in Argo CD, and the namespace for namespaced objects that have none.
 */
export class Destination {
  /** The API server URL of the cluster Argo CD runs in. */
  public static readonly IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

  /**
   * A cluster by API server URL.
   * @param server API server URL, e.g. `https://kubernetes.default.svc`
   * @param namespace namespace for namespaced objects without one
   */
  public static server(server: string, namespace?: string): Destination {
    if (!server) throw new Error('Destination.server() needs the API server URL, e.g. "https://kubernetes.default.svc"');
    return new Destination(server, undefined, namespace);
  }

  /**
   * A cluster by the name it is registered under in Argo CD (`in-cluster` for Argo CD's own).
   * @param name cluster name
   * @param namespace namespace for namespaced objects without one
   */
  public static cluster(name: string, namespace?: string): Destination {
    if (!name) throw new Error('Destination.cluster() needs the cluster name as registered in Argo CD, e.g. "in-cluster"');
    return new Destination(undefined, name, namespace);
  }

  /**
   * The cluster Argo CD runs in (`https://kubernetes.default.svc`).
   * @param namespace namespace for namespaced objects without one
   */
  public static inCluster(namespace?: string): Destination {
    return new Destination(Destination.IN_CLUSTER_SERVER, undefined, namespace);
  }

  /**
   * API server URL (`destination.server`).
   * @default - the cluster is given by name
   */
  public readonly serverUrl?: string;
  /**
   * Cluster name (`destination.name`).
   * @default - the cluster is given by server URL
   */
  public readonly clusterName?: string;
  /**
   * Namespace.
   * @default - none: every namespaced object must carry its own
   */
  public readonly namespace?: string;

  private constructor(server?: string, name?: string, namespace?: string) {
    this.serverUrl = server;
    this.clusterName = name;
    this.namespace = namespace;
  }

  /** @internal */
  public _toL1(): L1.ApplicationSpecDestination {
    return { server: this.serverUrl, name: this.clusterName, namespace: this.namespace };
  }
}
