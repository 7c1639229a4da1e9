/**
 * A rollout plan as a Mermaid flowchart: one node per row in time order, gates as hexagons with
 * their failure and inconclusive outcomes, rows that wait for a person highlighted.
 */
import { ComputedPlan, formatTime } from './compute';
import { PlanStepKind } from './types';

/** The plan as a Mermaid `flowchart` (without the Markdown fence). */
export function planMermaid(plan: ComputedPlan): string {
  const lines: string[] = ['flowchart TD'];
  const outcomes = new Map<string, string>();
  const outcomeId = (text: string): string => {
    let id = outcomes.get(text);
    if (!id) {
      id = `outcome${outcomes.size}`;
      outcomes.set(text, id);
    }
    return id;
  };
  const edges: string[] = [];
  plan.entries.forEach((e, i) => {
    const s = e.step;
    const id = `step${i}`;
    const label = label3(`${formatTime(s.startSeconds)}`, `${s.stablePercent}/${s.canaryPercent}`, e.label);
    const gate = s.onFailure !== undefined;
    const final = s.kind === PlanStepKind.PROMOTION || s.kind === PlanStepKind.COMPLETE;
    lines.push(`  ${id}${gate ? `{{${label}}}` : final ? `([${label}])` : `[${label}]`}`);
    if (s.waitsForPerson) lines.push(`  class ${id} person`);
    if (i > 0) edges.push(`  step${i - 1} --> ${id}`);
    if (s.onFailure) edges.push(`  ${id} -. fails .-> ${outcomeId(s.onFailure)}`);
    if (s.onInconclusive) edges.push(`  ${id} -. inconclusive .-> ${outcomeId(s.onInconclusive)}`);
  });
  for (const [text, id] of outcomes) lines.push(`  ${id}>${quoted(text)}]`);
  for (const [, id] of outcomes) lines.push(`  class ${id} outcome`);
  lines.push(...edges);
  lines.push('  classDef person fill:#fff3cd,stroke:#b58900');
  lines.push('  classDef outcome fill:#f8d7da,stroke:#c0392b');
  return lines.join('\n') + '\n';
}

function label3(time: string, split: string, what: string): string {
  return `"${escape(time)} · ${escape(split)}<br/>${escape(what)}"`;
}

function quoted(s: string): string {
  return `"${escape(s)}"`;
}

/** Mermaid entity codes for the characters that end or confuse a quoted label. */
function escape(s: string): string {
  return s.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
