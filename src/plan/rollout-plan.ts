import { ApiObject, Duration } from 'cdk8s';
import { ComputedPlan, formatSeconds, formatTime } from './compute';
import { planMarkdown } from './markdown';
import { planMermaid } from './mermaid';
import { PlanStep } from './types';
import { RolloutBase } from '../rollouts/rollout-base';
import { applyRules, validateObject } from '../validation/engine';
import { Finding, Severity, sortFindings } from '../validation/finding';
import { displayNameOf, generateNameOf, isObject, kindOf, Manifest, ManifestIndex, nameOf, namespaceOf } from '../validation/manifest';
import { RuleContext } from '../validation/rule';
import { PLAN_RULES, planOf } from '../validation/rules/plan';

/** Kinds a plan reads besides the Rollout: the templates of its analyses. */
const TEMPLATE_KINDS = ['AnalysisTemplate', 'ClusterAnalysisTemplate'];

/**
 * The plan the Argo Rollouts controller follows for one update of a Rollout, before it happens:
 * each step with its earliest start, the stable/canary traffic split and pod counts, the pauses
 * that wait for a person, the analysis gates and what their failure does, and the minimum time to
 * full promotion.
 *
 * It is computed from the Rollout's manifest (and the AnalysisTemplates of the set, for analysis
 * durations), so a construct and YAML give the same plan.
 *
 * @example
 * const plan = RolloutPlan.of(rollout);
 * console.log(plan.toMarkdown());
 */
export class RolloutPlan {
  /**
   * The plan of a rollout construct, with the AnalysisTemplates of its app.
   * @param rollout a CanaryRollout or BlueGreenRollout
   */
  public static of(rollout: RolloutBase): RolloutPlan {
    const resource = rollout.node.tryFindChild('Resource');
    if (!(resource instanceof ApiObject) || resource.kind !== 'Rollout') {
      throw new Error(`${rollout.node.path}: no Rollout object found under this construct`);
    }
    const manifests: Manifest[] = [resource.toJson()];
    for (const c of rollout.node.root.node.findAll()) {
      if (c instanceof ApiObject && TEMPLATE_KINDS.includes(c.kind)) manifests.push(c.toJson());
    }
    return new RolloutPlan(manifests[0], manifests);
  }

  /**
   * The plan of a Rollout among plain manifests (parsed YAML or JSON), with the AnalysisTemplates
   * of the same set.
   * @param manifests the objects of the set
   * @param rolloutName the Rollout to plan; needed only when the set has several
   */
  public static fromManifests(manifests: any[], rolloutName?: string): RolloutPlan {
    if (!Array.isArray(manifests)) throw new Error('RolloutPlan.fromManifests needs an array of manifest objects');
    const objects = manifests.filter(isObject);
    const rollouts = objects.filter((m) => kindOf(m) === 'Rollout');
    const names = rollouts.map(displayNameOf);
    let chosen: Manifest | undefined;
    if (rolloutName !== undefined) {
      chosen = rollouts.find((r) => nameOf(r) === rolloutName);
      if (!chosen) {
        throw new Error(`no Rollout named "${rolloutName}" in the set (${rollouts.length ? `found: ${names.join(', ')}` : 'it has no Rollout'})`);
      }
    } else if (rollouts.length === 1) {
      chosen = rollouts[0];
    } else if (rollouts.length === 0) {
      throw new Error('no Rollout in the set');
    } else {
      throw new Error(`the set has ${rollouts.length} Rollouts (${names.join(', ')}): choose one by name`);
    }
    return new RolloutPlan(chosen, objects);
  }

  /** `metadata.name` of the Rollout. */
  public readonly rolloutName: string;
  /** `canary` or `blueGreen`. */
  public readonly strategy: string;
  /** The rows of the plan, in time order. */
  public readonly steps: PlanStep[];
  /**
   * The shortest time from the start of an update to full promotion: timed pauses, analyses whose
   * duration follows from their metrics' `interval`, `count` and `initialDelay`, experiments and
   * automatic promotion delays. Pods becoming ready take extra time. When `waitsForPerson` or
   * `hasUnknownDurations` is true, the update takes at least this long.
   */
  public readonly minimumDuration: Duration;
  /** True when a person must promote the rollout before it is fully promoted (so `minimumDuration` is a lower bound). */
  public readonly waitsForPerson: boolean;
  /** True when a row takes a time the plan cannot compute (a plugin, a metric without a count, a template not in the set). */
  public readonly hasUnknownDurations: boolean;
  /** The plan checks (warnings of the `plan-*` rules) that apply and are not acknowledged. */
  public readonly warnings: Finding[];
  private readonly plan: ComputedPlan;
  private readonly rollout: Manifest;
  private readonly index: ManifestIndex;
  private checked?: Finding[];

  private constructor(rollout: Manifest, manifests: Manifest[]) {
    this.rollout = rollout;
    const index = new ManifestIndex();
    for (const m of manifests) index.addManifest(m);
    this.index = index;
    // the plan checks below read the same plan (computed once per object and set)
    const ctx: RuleContext = { index, missingRefSeverity: Severity.WARNING };
    const plan = planOf(rollout, ctx);
    if (!plan) {
      throw new Error(`Rollout "${displayNameOf(rollout)}" has no strategy to plan: give spec.strategy exactly one of canary or blueGreen`);
    }
    this.plan = plan;
    this.rolloutName = plan.rollout;
    this.strategy = plan.strategy;
    this.steps = plan.entries.map((e) => e.step);
    this.minimumDuration = Duration.seconds(plan.minimumSeconds);
    this.waitsForPerson = plan.waitsForPerson;
    this.hasUnknownDurations = plan.unknownDurations;
    this.warnings = applyRules(PLAN_RULES, rollout, ctx);
  }

  /**
   * The errors that make the Argo Rollouts controller reject this Rollout (it marks it InvalidSpec,
   * or the API server refuses it, and the plan never runs): what the rules of `lint` find in the
   * Rollout and in the analysis templates the plan reads, which the controller validates with it.
   * Objects missing from the set are not errors here, since the set may be partial (`lint` reports
   * them). Empty when the controller accepts the Rollout; the `plan` command exits 1 otherwise.
   */
  public get errors(): Finding[] {
    if (this.checked === undefined) {
      // lint's rules (the CRD schemas included) on the objects the plan read, the whole set as context
      const ctx: RuleContext = { index: this.index, missingRefSeverity: Severity.WARNING, checkSchemas: true };
      this.checked = this._rejections(sortFindings([this.rollout, ...this.plan.templates].flatMap((m) => validateObject(m, ctx))));
    }
    return [...this.checked];
  }

  /**
   * The errors among `findings` (the rule engine's, on the same set) that make the controller reject
   * this plan's Rollout (InvalidSpec): those about the Rollout itself and about the analysis templates
   * the plan read, which the controller validates with the Rollout. An object is known by kind,
   * namespace and name (or generateName).
   * @internal
   */
  public _rejections<F extends Finding>(findings: readonly F[]): F[] {
    const key = (kind: string, name: string, generateName?: string, namespace?: string) => JSON.stringify([kind, name, generateName ?? '', namespace ?? '']);
    const objects = new Set([this.rollout, ...this.plan.templates].map((m) => key(kindOf(m), nameOf(m), generateNameOf(m), namespaceOf(m))));
    return findings.filter((f) => f.severity === Severity.ERROR && objects.has(key(f.kind, f.name, f.generateName, f.namespace)));
  }

  /** The plan as Markdown: a table (time, stable %, canary %, what happens), the minimum time and the plan checks. */
  public toMarkdown(): string {
    return planMarkdown(this.plan, this.warnings);
  }

  /** The plan as a Mermaid flowchart (without the Markdown fence). */
  public toMermaid(): string {
    return planMermaid(this.plan);
  }

  /** The plan as plain JSON. */
  public toJson(): any {
    return {
      rollout: this.plan.rollout,
      namespace: this.plan.namespace,
      strategy: this.plan.strategy,
      replicas: this.plan.replicas,
      minimumSeconds: this.plan.minimumSeconds,
      minimumDuration: formatSeconds(this.plan.minimumSeconds),
      waitsForPerson: this.plan.waitsForPerson,
      hasUnknownDurations: this.plan.unknownDurations,
      steps: this.plan.entries.map((e) => ({ time: formatTime(e.step.startSeconds), ...e.step })),
      warnings: this.warnings.map((w) => ({ rule: w.ruleId, path: w.path, message: w.message, fix: w.fix })),
    };
  }
}
