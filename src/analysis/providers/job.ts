import { ApiObjectMetadata, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { wholeSeconds } from '../../core/rendered';
import { IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';

/** Properties of a Job metric provider. */
export interface JobProviderProps {
  /**
   * The containers of the Job's pod (cdk8s-plus container props: image, command, env, resources,
   * security context). cdk8s-plus's secure defaults apply: non-root, read-only root filesystem,
   * no privilege escalation, resource requests and limits. Kubernetes refuses a Job without
   * containers, so synth fails for an empty list (`job-containers-required`).
   */
  readonly containers: kplus.ContainerProps[];
  /**
   * Retries before the Job (and so the measurement) fails: a whole number, 0 or more (synth fails
   * for a negative one, `job-backoff-limit`).
   * @default 0
   */
  readonly backoffLimit?: number;
  /**
   * How long the Job may run before it is failed.
   * @default - no deadline
   */
  readonly activeDeadline?: Duration;
  /**
   * How long a finished Job is kept.
   * @default - kept until the AnalysisRun is deleted
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Labels and annotations of the Job.
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Labels and annotations of the Job's pod.
   * @default - none
   */
  readonly podMetadata?: ApiObjectMetadata;
  /**
   * Service account of the Job's pod.
   * @default - the namespace's default service account, with its token not mounted
   */
  readonly serviceAccountName?: string;
}

/**
 * A Kubernetes Job whose success or failure is the measurement (`provider.job`), e.g. a smoke test
 * against the preview Service.
 */
export class JobProvider implements IMetricProvider {
  constructor(private readonly props: JobProviderProps) {
    // what rendering needs: the CRD's backoffLimit is an integer (int32). The containers and the
    // limit's range are the rule engine's (rules/providers/job.ts): synth and lint report them
    if (props.backoffLimit !== undefined && !Number.isInteger(props.backoffLimit)) {
      throw new Error(`job metric provider: "backoffLimit" must be a whole number: ${props.backoffLimit}`);
    }
  }

  /** Renders the `job` provider block of a metric: the Job spec with the pod cdk8s-plus renders. */
  public bind(_metricName: string): MetricProviderConfig {
    const job = renderProvider({
      job: {
        metadata: metadataOf(this.props.metadata),
        spec: {
          backoffLimit: this.props.backoffLimit ?? 0,
          activeDeadlineSeconds: this.props.activeDeadline ? wholeSeconds(this.props.activeDeadline, 'activeDeadline') : undefined,
          ttlSecondsAfterFinished: this.props.ttlAfterFinished ? wholeSeconds(this.props.ttlAfterFinished, 'ttlAfterFinished') : undefined,
          template: {},
        },
      },
    });
    // The pod spec is rendered by cdk8s-plus with its own Kubernetes types (see core/rendered.ts).
    job.job.spec.template = {
      metadata: metadataOf(this.props.podMetadata),
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: this.props.serviceAccountName ? undefined : false,
        serviceAccountName: this.props.serviceAccountName,
        securityContext: { runAsNonRoot: true },
        containers: (this.props.containers ?? []).map((c, i) => kplus.k8s.toJson_Container(new kplus.Container({ name: `main${i ? i : ''}`, ...c })._toKube())),
      },
    };
    return { provider: job };
  }
}

function metadataOf(m?: ApiObjectMetadata): { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined {
  if (!m || (!m.labels && !m.annotations)) return undefined;
  return { labels: m.labels, annotations: m.annotations };
}
