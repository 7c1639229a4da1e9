/**
 * A rollout plan as Markdown: a table with time, stable %, canary % and what happens, then the
 * minimum time to full promotion.
 */
import { ComputedPlan, formatSeconds, formatTime, PlanEntry } from './compute';
import { PlanStep, PlanStepKind } from './types';
import { Finding, messageWithFix } from '../validation/finding';

/** The plan as Markdown; `warnings` are the plan checks that apply (listed after the table). */
export function planMarkdown(plan: ComputedPlan, warnings: readonly Finding[] = []): string {
  const lines: string[] = [];
  lines.push(`Rollout \`${plan.rollout}\`: ${strategyText(plan)}, ${plan.replicas} replica${plan.replicas === 1 ? '' : 's'}.`);
  lines.push('');
  lines.push('| time | stable % | canary % | what happens |');
  lines.push('|---|---|---|---|');
  for (const e of plan.entries) {
    const s = e.step;
    lines.push(`| ${formatTime(s.startSeconds)} | ${cell(share(s.stablePercent, s.stableReplicas))} | ${cell(share(s.canaryPercent, s.canaryReplicas))} | ${cell(whatHappens(s))} |`);
  }
  lines.push('');
  lines.push(summary(plan));
  if (warnings.length > 0) {
    lines.push('');
    lines.push('Plan checks:');
    lines.push('');
    for (const w of warnings) lines.push(`- ${w.severity} \`${w.ruleId}\` ${w.path}: ${messageWithFix(w)}`);
  }
  return lines.join('\n') + '\n';
}

/** `Minimum time to full promotion: **10m**.` — with "at least" and the reason when a person or an unknown duration is involved. */
export function summary(plan: ComputedPlan): string {
  const min = formatSeconds(plan.minimumSeconds);
  const reasons = lowerBoundReasons(plan);
  if (reasons.length === 0) return `Minimum time to full promotion: **${min}**.`;
  return `Minimum time to full promotion: **at least ${min}**, because ${reasons.join(', and ')}.`;
}

/** Why the minimum is only a lower bound: people who must act and rows whose duration is unknown. */
export function lowerBoundReasons(plan: ComputedPlan): string[] {
  const before = plan.entries.filter((e) => e.step.startSeconds <= plan.minimumSeconds && e.step.kind !== PlanStepKind.SCALE_DOWN);
  const person = before.filter((e) => e.step.waitsForPerson);
  const unknown = before.filter((e) => !e.step.durationKnown && !e.step.waitsForPerson);
  const out: string[] = [];
  if (person.length > 0) out.push(`a person must promote the rollout (${person.map(where).join(', ')})`);
  if (unknown.length > 0) out.push(`the duration of ${unknown.map(where).join(', ')} cannot be computed`);
  return out;
}

/** `steps[3]` for a canary step, the row's label otherwise. */
export function where(e: PlanEntry): string {
  if (e.step.stepIndex !== undefined) return `steps[${e.step.stepIndex}] (${e.label})`;
  return e.step.kind === PlanStepKind.PROMOTION ? 'the promotion' : e.label;
}

function strategyText(plan: ComputedPlan): string {
  if (plan.strategy === 'blueGreen') return 'blue-green';
  return plan.trafficRouting ? 'canary with a traffic router' : 'canary without a traffic router (weights are approximated by pod counts)';
}

function share(percent: number, pods: number): string {
  return `${percent} (${pods} pod${pods === 1 ? '' : 's'})`;
}

function whatHappens(s: PlanStep): string {
  let text = s.description;
  if (s.onFailure) text += `. If it fails: ${s.onFailure}`;
  if (s.onInconclusive) text += `. If inconclusive: ${s.onInconclusive}`;
  return text;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
