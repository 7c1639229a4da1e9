/**
 * Dark launch with Istio: a new version first serves only the requests that carry the header
 * `x-dark-launch: true` (testers), then receives a shadow copy of half of the GET requests (its
 * responses are discarded), and only then takes real traffic: 10%, 50%, 100%. The Istio
 * VirtualService is a plain `ApiObject`; its `primary` HTTP route sends traffic to the stable and
 * canary Services the rollout creates, and the controller adds the header and mirror routes above
 * it while their steps are active.
 */
import { ApiObject, Chart, ChartProps, Duration, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CanaryRollout, CanaryScale, CanaryStep, IstioVirtualService, StringMatch, TrafficRouting } from '../../src';

export interface DarkLaunchIstioProps extends ChartProps {
  /**
   * The release being deployed.
   * @default 'argoproj/rollouts-demo:blue'
   */
  readonly image?: string;
  /**
   * Host name the Istio ingress gateway serves.
   * @default 'dark-launch.local'
   */
  readonly host?: string;
  /**
   * Header that sends a request to the new version during the dark launch.
   * @default 'x-dark-launch'
   */
  readonly header?: string;
}

/** Name of the VirtualService route that carries the canary weights. */
const PRIMARY_ROUTE = 'primary';
const PORT = 8080;

export class DarkLaunchIstioChart extends Chart {
  public readonly rollout: CanaryRollout;
  public readonly gateway: ApiObject;
  public readonly virtualService: ApiObject;

  constructor(scope: Construct, id: string, props: DarkLaunchIstioProps = {}) {
    super(scope, id, props);
    const host = props.host ?? 'dark-launch.local';
    const header = props.header ?? 'x-dark-launch';

    // Istio's CRDs are not imported: the Gateway and VirtualService are plain ApiObjects.
    this.gateway = new ApiObject(this, 'Gateway', {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'Gateway',
      metadata: { name: 'rollouts-demo' },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [host] }],
      },
    });

    // The route names the rollout's Services, which exist only once the rollout is built: rendered lazily.
    this.virtualService = new ApiObject(this, 'VirtualService', {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name: 'rollouts-demo' },
      spec: Lazy.any({
        produce: () => ({
          hosts: [host],
          gateways: [this.gateway.name],
          http: [{
            name: PRIMARY_ROUTE,
            route: [
              { destination: { host: this.rollout.stableService!.name, port: { number: PORT } }, weight: 100 },
              { destination: { host: this.rollout.canaryService!.name, port: { number: PORT } }, weight: 0 },
            ],
          }],
        }),
      }),
    });

    this.rollout = new CanaryRollout(this, 'Rollout', {
      metadata: { name: 'rollouts-demo' },
      replicas: 3,
      revisionHistoryLimit: 3,
      trafficRouting: TrafficRouting.istio({
        virtualService: IstioVirtualService.fromApiObject(this.virtualService, { routes: [PRIMARY_ROUTE] }),
      }),
      containers: [{
        name: 'rollouts-demo',
        image: props.image ?? 'argoproj/rollouts-demo:blue',
        ports: [{ number: PORT, name: 'http' }],
        securityContext: { user: 1000, group: 3000 },
        readiness: kplus.Probe.fromHttpGet('/', { port: PORT, periodSeconds: Duration.seconds(5) }),
        liveness: kplus.Probe.fromHttpGet('/', { port: PORT, periodSeconds: Duration.seconds(10) }),
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(32), limit: Size.mebibytes(128) },
        },
      }],
      steps: [
        // The routes below need new-version pods while no traffic weight asks for any: one pod.
        CanaryStep.canaryScale(CanaryScale.replicas(1)),
        // Dark launch: only requests with the header reach the new version, until someone promotes.
        CanaryStep.setHeaderRoute('dark-launch', [{ headerName: header, headerValue: StringMatch.exact('true') }]),
        CanaryStep.pauseUntilPromoted(),
        // Shadow traffic: half of the GET requests are copied to the new version for ten minutes.
        CanaryStep.setMirrorRoute('shadow', { match: [{ method: StringMatch.exact('GET') }], percentage: 50 }),
        CanaryStep.pause(Duration.minutes(10)),
        // Remove both routes, then shift real traffic.
        CanaryStep.setMirrorRoute('shadow'),
        CanaryStep.setHeaderRoute('dark-launch', []),
        // From here on the new version gets pods in proportion to its traffic weight.
        CanaryStep.canaryScale(CanaryScale.matchTrafficWeight()),
        CanaryStep.weight(10),
        CanaryStep.pause(Duration.minutes(5)),
        CanaryStep.weight(50),
        CanaryStep.pause(Duration.minutes(5)),
      ],
    });
    // People test the dark launch; the example runs no analysis on purpose (see examples/canary-nginx for one).
    this.rollout.acknowledge('plan-no-analysis');
  }
}
