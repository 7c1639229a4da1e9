import { Duration } from 'cdk8s';
import { wholeSecondsError } from '../../core/rendered';
import * as L1 from '../../imports/rollouts-argoproj.io';
import { IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';

/**
 * The score thresholds of a Kayenta judgement (`kayenta.threshold`). The controller, not the
 * metric's conditions, turns Kayenta's score (0-100) into the measurement's phase: a score `>= pass`
 * is Successful, `>= marginal` Inconclusive, anything lower Failed. Kayenta also receives them.
 */
export interface KayentaThreshold {
  /** The lowest score (0-100) that passes, e.g. `90`. */
  readonly pass: number;
  /** The lowest score (0-100) that is inconclusive rather than failed, e.g. `75`; at most `pass`. */
  readonly marginal: number;
}

/**
 * Where and when Kayenta reads the metrics of one side of the comparison (`ScopeDetail`): the
 * baseline (`controlScope`) or the canary (`experimentScope`).
 */
export interface KayentaScopeDetail {
  /**
   * The metrics selector of the metrics account, e.g.
   * `app=guestbook and rollouts-pod-template-hash={{args.canary-hash}}`.
   */
  readonly scope: string;
  /**
   * The region Kayenta reads the metrics from (metrics services without regions ignore it).
   */
  readonly region: string;
  /**
   * The time between data points, in whole seconds (rendered as a number of seconds).
   */
  readonly step: Duration;
  /**
   * The start of the time window, an RFC 3339 timestamp, usually a placeholder such as
   * `{{args.start-time}}`. Set it on both scopes of a `KayentaScope` or on neither.
   * @default - the controller fills it in at each measurement: the analysis run's start with
   * `lookback: true`, otherwise the measurement's time minus the metric's `interval` (so the
   * metric then needs an `interval`)
   */
  readonly start?: string;
  /**
   * The end of the time window, an RFC 3339 timestamp or a placeholder such as `{{args.end-time}}`.
   * Set it on both scopes of a `KayentaScope` or on neither.
   * @default - the measurement's time
   */
  readonly end?: string;
}

/** A named pair of scopes that Kayenta compares: the baseline against the canary (`kayenta.scopes[]`). */
export interface KayentaScope {
  /** The scope's name, as the canary config refers to it, e.g. `default`. */
  readonly name: string;
  /** The baseline (control) side. */
  readonly controlScope: KayentaScopeDetail;
  /** The canary (experiment) side. */
  readonly experimentScope: KayentaScopeDetail;
}

/** Properties of a Kayenta metric provider. */
export interface KayentaProviderProps {
  /**
   * The Kayenta server's base URL, e.g. `http://kayenta.kayenta.svc.cluster.local:8090`. A trailing
   * `/` is dropped: the controller appends `/canaryConfig` and `/canary/...`.
   */
  readonly address: string;
  /** The Kayenta application the canary config belongs to. */
  readonly application: string;
  /**
   * The name of the canary config to judge with. The controller looks its id up by this name in
   * the configs of `application`; Argo Rollouts v1.9.1 sends `storageAccountName` as the
   * configuration account of that lookup, so the config must be listed through that account.
   */
  readonly canaryConfigName: string;
  /** The Kayenta account that reads the metrics (Prometheus, Datadog, Stackdriver, ...). */
  readonly metricsAccountName: string;
  /** The Kayenta account that holds the canary configs. */
  readonly configurationAccountName: string;
  /** The Kayenta account that stores the judgement results. */
  readonly storageAccountName: string;
  /** The pass and marginal scores. */
  readonly threshold: KayentaThreshold;
  /** The scopes to compare, at least one, each with its own name. */
  readonly scopes: KayentaScope[];
  /**
   * Make a scope without `start` start at the analysis run's start (a growing window over all
   * measurements) instead of one `interval` before each measurement. No effect on scopes that set `start`.
   * @default false
   */
  readonly lookback?: boolean;
}

/**
 * A Kayenta canary judgement (`provider.kayenta`), e.g. Mann-Whitney, usually in an Experiment step
 * that runs a baseline and a canary ReplicaSet side by side.
 *
 * Each measurement starts a canary execution in Kayenta and polls it every 15 seconds until it
 * completes. The measurement's value (`result`) is Kayenta's score, truncated to a whole number,
 * and its phase comes from `threshold` alone: the metric's `successCondition` and
 * `failureCondition` are not evaluated for Kayenta. Run several judgements with the metric's
 * `interval` and `count`.
 */
export class KayentaProvider implements IMetricProvider {
  private readonly address: string;

  constructor(private readonly props: KayentaProviderProps) {
    // what rendering needs; the values are the rule engine's (rules/providers/kayenta.ts), so synth
    // and lint report them: address, names, threshold, scopes, bounds, the judged window
    const fail = (message: string): never => {
      throw new Error(`kayenta metric provider: ${message}`);
    };
    // the CRD's thresholds are integers (int64): a fraction would make the output schema-invalid
    const { pass, marginal } = props.threshold ?? ({} as KayentaThreshold);
    for (const [prop, v] of [['threshold.pass', pass], ['threshold.marginal', marginal]] as Array<[string, number]>) {
      if (!Number.isInteger(v)) fail(`"${prop}" must be a whole number: ${v}`);
    }
    (props.scopes ?? []).forEach((s, i) => {
      for (const side of ['controlScope', 'experimentScope'] as const) {
        const d = s[side];
        const at = `scopes[${i}].${side}`;
        if (!d) fail(`"${at}" is required`);
        if (!d.step) fail(`"${at}.step" is required`);
        const stepError = wholeSecondsError(d.step, `"${at}.step"`);
        if (stepError) fail(stepError);
      }
    });

    this.address = props.address.replace(/\/+$/, '');
  }

  /** Renders the `kayenta` provider block of a metric. */
  public bind(_metricName: string): MetricProviderConfig {
    const p = this.props;
    const detail = (d: KayentaScopeDetail): L1.AnalysisTemplateSpecMetricsProviderKayentaScopesControlScope => ({
      scope: d.scope,
      region: d.region,
      step: d.step.toSeconds(),
      start: d.start,
      end: d.end,
    });
    const kayenta: L1.AnalysisTemplateSpecMetricsProviderKayenta = {
      address: this.address,
      application: p.application,
      canaryConfigName: p.canaryConfigName,
      metricsAccountName: p.metricsAccountName,
      configurationAccountName: p.configurationAccountName,
      storageAccountName: p.storageAccountName,
      threshold: { pass: p.threshold.pass, marginal: p.threshold.marginal },
      scopes: p.scopes.map((s) => ({ name: s.name, controlScope: detail(s.controlScope), experimentScope: detail(s.experimentScope) })),
      lookback: p.lookback,
    };
    return { provider: renderProvider({ kayenta }) };
  }
}
