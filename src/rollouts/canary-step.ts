import { Duration } from 'cdk8s';
import { assertArgValues, RolloutAnalysis, renderRolloutAnalysis, rolloutSuppliedArgs } from './analysis';
import { PodTemplateMetadata } from './rollout-base';
import { IAnalysisTemplate } from '../analysis/analysis-template';
import { AnalysisServices, ArgValue } from '../analysis/args';
import { goDuration, wholeSeconds } from '../core/rendered';
import * as L1 from '../imports/rollouts-argoproj.io';
import { replicaSetNameError } from '../validation/rules/experiment';

/**
 * How a request attribute (a header value, a path, a method) is matched: exactly one of exact,
 * prefix or regular expression (Argo's `StringMatch`).
 */
export class StringMatch {
  /**
   * The value must equal `value`.
   * @param value the value
   */
  public static exact(value: string): StringMatch {
    return new StringMatch({ exact: value });
  }

  /**
   * The value must start with `prefix`.
   * @param prefix the prefix
   */
  public static prefix(prefix: string): StringMatch {
    return new StringMatch({ prefix });
  }

  /**
   * The value must match the regular expression `regex` (RE2 syntax for Istio).
   * @param regex the regular expression
   */
  public static regex(regex: string): StringMatch {
    return new StringMatch({ regex });
  }

  private constructor(private readonly spec: { exact?: string; prefix?: string; regex?: string }) {
    const [kind, value] = Object.entries(spec)[0];
    if (!value) throw new Error(`StringMatch.${kind} needs a non-empty value: ${JSON.stringify(value)}`);
  }

  /** @internal */
  public _toL1(): L1.RolloutSpecStrategyCanaryStepsSetHeaderRouteMatchHeaderValue {
    return { ...this.spec };
  }
}

/** One header condition of a `setHeaderRoute` step. */
export interface HeaderRouteMatch {
  /** The request header's name, e.g. `X-Canary`. */
  readonly headerName: string;
  /** How the header's value is matched. */
  readonly headerValue: StringMatch;
}

/**
 * One condition set of a `setMirrorRoute` step: a request is mirrored when every given attribute
 * matches.
 */
export interface MirrorRouteMatch {
  /**
   * The HTTP method.
   * @default - any method
   */
  readonly method?: StringMatch;
  /**
   * The URL path.
   * @default - any path
   */
  readonly path?: StringMatch;
  /**
   * Request headers, by header name.
   * @default - any headers
   */
  readonly headers?: { [name: string]: StringMatch };
}

/** Options of a `setMirrorRoute` step. */
export interface SetMirrorRouteOptions {
  /**
   * Conditions (any of them) under which a request is mirrored to the canary.
   * @default - the route is removed (a step with only the name removes a mirror route set earlier)
   */
  readonly match?: MirrorRouteMatch[];
  /**
   * Percentage (0-100) of the matching requests that are mirrored.
   * @default - the traffic router's default (100)
   */
  readonly percentage?: number;
}

/**
 * How many pods the canary ReplicaSet runs, independently of its traffic weight
 * (a `setCanaryScale` step, which needs traffic routing).
 */
export class CanaryScale {
  /**
   * A fixed number of canary pods.
   * @param replicas pod count, 0 or more
   */
  public static replicas(replicas: number): CanaryScale {
    if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`CanaryScale.replicas needs a whole number of pods, 0 or more: ${replicas}`);
    return new CanaryScale({ replicas });
  }

  /**
   * A percentage of the rollout's replicas.
   * @param weight 0 to 100
   */
  public static weight(weight: number): CanaryScale {
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) throw new Error(`CanaryScale.weight needs a whole percentage from 0 to 100: ${weight}`);
    return new CanaryScale({ weight });
  }

  /** Scale the canary with its traffic weight again (cancels an earlier replicas/weight scale). */
  public static matchTrafficWeight(): CanaryScale {
    return new CanaryScale({ matchTrafficWeight: true });
  }

  private constructor(private readonly spec: L1.RolloutSpecStrategyCanaryStepsSetCanaryScale) {}

  /** @internal */
  public _toL1(): L1.RolloutSpecStrategyCanaryStepsSetCanaryScale {
    return { ...this.spec };
  }
}

/** Which of the rollout's pod templates an experiment ReplicaSet runs. */
export enum ExperimentSpecRef {
  /** the stable (current) version */
  STABLE = 'stable',
  /** the canary (new) version */
  CANARY = 'canary',
}

/** A ReplicaSet an experiment step runs. */
export interface ExperimentStepTemplate {
  /**
   * Name of the template, unique within the experiment (e.g. `baseline`, `canary`; synth fails on a
   * repeated one). Its ReplicaSet is named `<experiment>-<name>`, so the name takes lower case
   * letters, digits, `-` and `.` and ends with a letter or digit (`CanaryStep.experiment` throws
   * otherwise). Analyses of the step refer to its pods as `{{templates.<name>.podTemplateHash}}`.
   */
  readonly name: string;
  /** Which version's pod template the ReplicaSet runs. */
  readonly specRef: ExperimentSpecRef;
  /**
   * Pods of the ReplicaSet: a whole number, 0 or more. Not the rollout's replica count: the
   * controller copies an unset value into the Experiment, whose default is 1.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Percentage of traffic the ReplicaSet receives (needs SMI, ALB, Istio or a plugin router).
   * @default - no traffic from the router
   */
  readonly weight?: number;
  /**
   * Labels that select the ReplicaSet's pods, overriding the rollout's selector. The pods (the
   * rollout's pod template, plus `metadata` labels) must carry them: synth fails otherwise, as the
   * API server rejects the ReplicaSet.
   * @default - the rollout's selector
   */
  readonly selector?: { [key: string]: string };
  /**
   * Labels and annotations added to the ReplicaSet's pods.
   * @default - none
   */
  readonly metadata?: PodTemplateMetadata;
  /**
   * Create a Service for the ReplicaSet's pods.
   * @default - no Service
   */
  readonly service?: ExperimentStepService;
}

/** The Service an experiment creates for one of its ReplicaSets. */
export interface ExperimentStepService {
  /**
   * Name of the Service.
   * @default - generated by the controller
   */
  readonly name?: string;
}

/** An analysis an experiment step runs next to its ReplicaSets. */
export interface ExperimentStepAnalysis {
  /** Name of this analysis within the experiment. */
  readonly name: string;
  /** The template whose metrics the analysis runs. */
  readonly template: IAnalysisTemplate;
  /**
   * Values for the template's arguments, by argument name. Checked at synth as for
   * `CanaryStep.analysis`: every argument without a default must be given, and none the template
   * reads `valueFrom`. Arguments the template declares with `TemplateArg.fromRollout()` are filled
   * in by the rollout when not given here (the rollout's canary/stable Services, namespace, name,
   * pod-template hashes: not the experiment's own ReplicaSets).
   * @default - none
   */
  readonly args?: { [name: string]: ArgValue };
  /**
   * The experiment does not complete until this analysis has completed.
   * @default false
   */
  readonly requiredForCompletion?: boolean;
}

/** Properties of an experiment step. */
export interface ExperimentStepProps {
  /** The ReplicaSets to run (at least one). */
  readonly templates: ExperimentStepTemplate[];
  /**
   * Analyses run during the experiment; a failing one fails the step (and aborts the rollout).
   * @default - none
   */
  readonly analyses?: ExperimentStepAnalysis[];
  /**
   * How long the experiment runs once its ReplicaSets are available.
   * @default - until every analysis that is `requiredForCompletion` has completed (or forever, when
   * there is none: the rollout then waits at this step until it is promoted or aborted)
   */
  readonly duration?: Duration;
  /**
   * Metrics (names or regular expressions) evaluated without failing the analyses.
   * @default - none
   */
  readonly dryRunMetrics?: string[];
  /**
   * Labels of the AnalysisRuns created.
   * @default - none
   */
  readonly analysisRunLabels?: { [key: string]: string };
  /**
   * Annotations of the AnalysisRuns created.
   * @default - none
   */
  readonly analysisRunAnnotations?: { [key: string]: string };
  /**
   * How long the experiment's ReplicaSets keep running after it ends.
   * @default - the controller's default (30 seconds)
   */
  readonly scaleDownDelay?: Duration;
}

/**
 * One step of a canary rollout (`strategy.canary.steps[]`). Each step does one thing: shift
 * traffic, pause, run an analysis or experiment, scale the canary, set a header or mirror route,
 * or call a step plugin.
 */
export class CanaryStep {
  /**
   * Send `weight` percent of the traffic (or of the pods, without traffic routing) to the new
   * version.
   * Renders `setWeight` (the factory is not called `setWeight` because jsii reserves one-argument
   * `setXxx` methods for Java property setters).
   * @param weight 0 to 100, or to `maxTrafficWeight` when that is set
   */
  public static weight(weight: number): CanaryStep {
    if (!Number.isInteger(weight) || weight < 0) throw new Error(`CanaryStep.weight (setWeight) needs a whole percentage, 0 or more: ${weight}`);
    return new CanaryStep({ setWeight: weight });
  }

  /**
   * Wait, then continue on its own.
   * @param duration how long to wait
   */
  public static pause(duration: Duration): CanaryStep {
    return new CanaryStep({ pause: { duration: L1.RolloutSpecStrategyCanaryStepsPauseDuration.fromString(goDuration(duration)) } });
  }

  /**
   * Wait until a person promotes the rollout (`kubectl argo rollouts promote`, or the UI).
   */
  public static pauseUntilPromoted(): CanaryStep {
    return new CanaryStep({ pause: {} });
  }

  /**
   * Run an analysis and wait for its result; a failed analysis aborts the rollout. Its metrics
   * must end (a `count`).
   * @param analysis templates and arguments
   */
  public static analysis(analysis: RolloutAnalysis): CanaryStep {
    return new CanaryStep({ analysis: renderRolloutAnalysis(analysis, 'CanaryStep.analysis') }, undefined, analysis);
  }

  /**
   * Scale the canary ReplicaSet independently of its traffic weight (needs traffic routing).
   * Renders `setCanaryScale` (see `weight()` for the name).
   * @param scale replicas, weight, or back to the traffic weight
   */
  public static canaryScale(scale: CanaryScale): CanaryStep {
    return new CanaryStep({ setCanaryScale: scale._toL1() });
  }

  /**
   * Send requests that match headers to the canary (Istio, ALB, Apisix or a plugin router). The
   * route is added to `trafficRouting.managedRoutes` for you. Calling it with no matches removes
   * the route.
   * @param name route name
   * @param matches header conditions (all must hold)
   */
  public static setHeaderRoute(name: string, matches: HeaderRouteMatch[]): CanaryStep {
    if (!name) throw new Error('CanaryStep.setHeaderRoute needs a route name');
    for (const m of matches) {
      if (!m.headerName) throw new Error(`CanaryStep.setHeaderRoute("${name}"): every match needs a "headerName"`);
    }
    return new CanaryStep({
      setHeaderRoute: {
        name,
        match: matches.length ? matches.map((m) => ({ headerName: m.headerName, headerValue: m.headerValue._toL1() })) : undefined,
      },
    }, name);
  }

  /**
   * Mirror (copy) matching requests to the canary without returning its responses (Istio). The
   * route is added to `trafficRouting.managedRoutes` for you.
   * @param name route name
   * @param options conditions and percentage
   */
  public static setMirrorRoute(name: string, options: SetMirrorRouteOptions = {}): CanaryStep {
    if (!name) throw new Error('CanaryStep.setMirrorRoute needs a route name');
    const p = options.percentage;
    if (p !== undefined && (!Number.isInteger(p) || p < 0 || p > 100)) {
      throw new Error(`CanaryStep.setMirrorRoute("${name}") "percentage" must be a whole number from 0 to 100: ${p}`);
    }
    const match = (options.match ?? []).map((m): L1.RolloutSpecStrategyCanaryStepsSetMirrorRouteMatch => {
      const headers = m.headers ?? {};
      return {
        method: m.method?._toL1(),
        path: m.path?._toL1(),
        headers: Object.keys(headers).length ? Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v._toL1()])) : undefined,
      };
    });
    return new CanaryStep({ setMirrorRoute: { name, percentage: p, match: match.length ? match : undefined } }, name);
  }

  /**
   * Run a step plugin (installed in the controller).
   * @param name plugin name, e.g. `argoproj-labs/sample-step`
   * @param config free-form configuration passed to the plugin
   */
  public static plugin(name: string, config?: { [key: string]: any }): CanaryStep {
    if (!name) throw new Error('CanaryStep.plugin needs a plugin name');
    return new CanaryStep({ plugin: { name, config } });
  }

  /**
   * Run an experiment: ReplicaSets of the stable and/or canary version side by side, optionally
   * with analyses that decide whether the rollout continues.
   * @param props templates, analyses and duration
   */
  public static experiment(props: ExperimentStepProps): CanaryStep {
    return new CanaryStep({ experiment: renderExperimentStep(props) }, undefined, undefined, props);
  }

  private constructor(
    private readonly spec: L1.RolloutSpecStrategyCanarySteps,
    private readonly route?: string,
    private readonly analysisProps?: RolloutAnalysis,
    private readonly experimentProps?: ExperimentStepProps,
  ) {}

  /**
   * @param services the rollout's Services: an analysis or experiment step is rendered again with the arguments the rollout supplies
   * @internal
   */
  public _toL1(services?: AnalysisServices): L1.RolloutSpecStrategyCanarySteps {
    if (this.analysisProps && services) return { analysis: renderRolloutAnalysis(this.analysisProps, 'CanaryStep.analysis', services) };
    if (this.experimentProps && services) return { experiment: renderExperimentStep(this.experimentProps, services) };
    return this.spec;
  }

  /**
   * The managed route this step sets (header or mirror route), if any.
   * @internal
   */
  public _managedRoute(): string | undefined {
    return this.route;
  }
}

/**
 * The `experiment` block of an experiment step.
 * @param services the rollout's Services; with them, the arguments the analyses' templates declare
 * with `TemplateArg.fromRollout()` and the analyses do not pass are wired
 */
function renderExperimentStep(props: ExperimentStepProps, services?: AnalysisServices): L1.RolloutSpecStrategyCanaryStepsExperiment {
  if (!props.templates || props.templates.length === 0) throw new Error('CanaryStep.experiment needs at least one template in "templates"');
  const templates = props.templates.map((t): L1.RolloutSpecStrategyCanaryStepsExperimentTemplates => {
    if (!t.name) throw new Error('CanaryStep.experiment: every template needs a "name"');
    const nameError = replicaSetNameError(t.name);
    if (nameError) {
      throw new Error(`CanaryStep.experiment: template ${JSON.stringify(t.name)}: the name is invalid in its ReplicaSet's name, <experiment>-<template>: ${nameError}`);
    }
    if (t.replicas !== undefined && (!Number.isInteger(t.replicas) || t.replicas < 0)) {
      throw new Error(`CanaryStep.experiment: template ${JSON.stringify(t.name)}: "replicas" must be a whole number, 0 or more: ${t.replicas}`);
    }
    return {
      name: t.name,
      specRef: t.specRef,
      replicas: t.replicas,
      weight: t.weight,
      selector: t.selector ? { matchLabels: t.selector } : undefined,
      metadata: t.metadata,
      service: t.service ? { name: t.service.name } : undefined,
    };
  });
  const analyses = (props.analyses ?? []).map((a): L1.RolloutSpecStrategyCanaryStepsExperimentAnalyses => {
    if (!a.name) throw new Error('CanaryStep.experiment: every analysis needs a "name"');
    assertArgValues(a.args, `CanaryStep.experiment analysis "${a.name}"`);
    const args = { ...(services ? rolloutSuppliedArgs([a.template], services) : {}), ...a.args };
    return {
      name: a.name,
      templateName: a.template.name,
      clusterScope: a.template.clusterScope ? true : undefined,
      args: Object.keys(args).length ? Object.keys(args).sort().map((n) => args[n]._toArg(n)) : undefined,
      requiredForCompletion: a.requiredForCompletion,
    };
  });
  return {
    templates,
    analyses: analyses.length ? analyses : undefined,
    duration: props.duration ? goDuration(props.duration) : undefined,
    dryRun: props.dryRunMetrics?.length ? props.dryRunMetrics.map((metricName) => ({ metricName })) : undefined,
    analysisRunMetadata: props.analysisRunLabels || props.analysisRunAnnotations
      ? { labels: props.analysisRunLabels, annotations: props.analysisRunAnnotations }
      : undefined,
    scaleDownDelaySeconds: props.scaleDownDelay ? wholeSeconds(props.scaleDownDelay, 'scaleDownDelay') : undefined,
  };
}
