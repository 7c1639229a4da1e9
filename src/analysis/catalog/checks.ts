import { ApiObjectMetadata, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { catalogMetric, CatalogMetric, CatalogMetricOptions, ROLLING } from './catalog-metric';
import { CatalogArgs } from './selector';
import { MetricProvider } from '../metric-provider';
import { WebHeader } from '../providers/web';

/** The new version's Service as a cluster host name, from the arguments a rollout supplies. */
const TARGET_HOST = `{{args.${CatalogArgs.SERVICE_NAME}}}.{{args.${CatalogArgs.NAMESPACE}}}.svc`;

/** Properties of the smoke-test entry. */
export interface SmokeTestProps {
  /**
   * The test container (cdk8s-plus container props, secure defaults apply). It gets the environment
   * variable `TARGET_HOST`: the new version's Service as a host name
   * (`{{args.service-name}}.{{args.namespace}}.svc`), unless it sets `TARGET_HOST` itself.
   */
  readonly container: kplus.ContainerProps;
  /**
   * The metric's name in the template.
   * @default 'smoke-test'
   */
  readonly name?: string;
  /**
   * How long the test may run before it is failed.
   * @default Duration.minutes(5)
   */
  readonly activeDeadline?: Duration;
  /**
   * Retries of the test pod before the measurement fails.
   * @default 0
   */
  readonly backoffLimit?: number;
  /**
   * How long the finished Job is kept.
   * @default - kept until the AnalysisRun is deleted
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Labels and annotations of the test pod.
   * @default - none
   */
  readonly podMetadata?: ApiObjectMetadata;
  /**
   * Service account of the test pod.
   * @default - the namespace's default service account, with its token not mounted
   */
  readonly serviceAccountName?: string;
  /**
   * Delay before the test starts.
   * @default - none
   */
  readonly initialDelay?: Duration;
  /**
   * Run the test without letting it fail the analysis.
   * @default false
   */
  readonly dryRun?: boolean;
}

export function smokeTest(p: SmokeTestProps): CatalogMetric {
  if (!p.container) throw new Error('MetricCatalog.smokeTest: "container" is required (the test image and command)');
  const env = { TARGET_HOST: kplus.EnvValue.fromValue(TARGET_HOST), ...p.container.envVariables };
  const provider = MetricProvider.job({
    containers: [{ ...p.container, envVariables: env }],
    activeDeadline: p.activeDeadline ?? Duration.minutes(5),
    backoffLimit: p.backoffLimit,
    ttlAfterFinished: p.ttlAfterFinished,
    podMetadata: p.podMetadata,
    serviceAccountName: p.serviceAccountName,
  });
  // a Job measures once: success or failure of the Job is the result
  return catalogMetric({ name: p.name, initialDelay: p.initialDelay, dryRun: p.dryRun }, { name: 'smoke-test' }, provider, {},
    [CatalogArgs.serviceName(), CatalogArgs.namespace()]);
}

/** Properties of the health-check entry. */
export interface HealthCheckProps extends CatalogMetricOptions {
  /**
   * The port of the new version's Service. Give this or `url`.
   * @default - none: `url` is required
   */
  readonly port?: number;
  /**
   * The path of the health endpoint on the new version's Service.
   * @default '/healthz'
   */
  readonly path?: string;
  /**
   * The full URL to call, instead of `port` and `path`. It may use `{{args.service-name}}` and
   * `{{args.namespace}}` (declared for you); other arguments must be declared on the template.
   * @default - `http://{{args.service-name}}.{{args.namespace}}.svc:<port><path>`
   */
  readonly url?: string;
  /**
   * JSONPath into the response whose value is compared with `expected`.
   * @default '{$.status}'
   */
  readonly jsonPath?: string;
  /**
   * The value the JSONPath must yield.
   * @default 'ok'
   */
  readonly expected?: string;
  /**
   * Request headers.
   * @default - none
   */
  readonly headers?: WebHeader[];
  /**
   * Request timeout.
   * @default - the controller's default (10s)
   */
  readonly timeout?: Duration;
}

export function healthCheck(p: HealthCheckProps): CatalogMetric {
  if (p.url !== undefined && (p.port !== undefined || p.path !== undefined)) {
    throw new Error('MetricCatalog.healthCheck: give either "url" or "port" (and "path"), not both');
  }
  if (p.url === undefined && p.port === undefined) throw new Error('MetricCatalog.healthCheck: give "port" (the port of the new version\'s Service) or a full "url"');
  if (p.port !== undefined && (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535)) {
    throw new Error(`MetricCatalog.healthCheck: "port" must be a port number from 1 to 65535: ${p.port}`);
  }
  const path = p.path ?? '/healthz';
  if (!path.startsWith('/')) throw new Error(`MetricCatalog.healthCheck: "path" must begin with a "/": ${path}`);
  const url = p.url ?? `http://${TARGET_HOST}:${p.port}${path}`;
  const provider = MetricProvider.web({ url, jsonPath: p.jsonPath ?? '{$.status}', headers: p.headers, timeout: p.timeout });
  // the catalog arguments the URL uses are declared (and supplied by a rollout)
  const args = [CatalogArgs.serviceName(), CatalogArgs.namespace()].filter((a) => url.includes(`{{args.${a.name}}}`));
  return catalogMetric(p, { ...ROLLING, name: 'health-check' }, provider, { successCondition: `result == ${JSON.stringify(p.expected ?? 'ok')}` }, args);
}
