/**
 * How serious a finding is.
 */
export enum Severity {
  /** The controller (or Argo CD) rejects the object, or it cannot work as written. */
  ERROR = 'error',
  /** Accepted by the controller, but almost certainly not what was meant. */
  WARNING = 'warning',
}

/**
 * One problem the rule engine found in one manifest object.
 */
export interface Finding {
  /** Stable rule id, e.g. `bluegreen-distinct-services`. */
  readonly ruleId: string;
  /** Error or warning. */
  readonly severity: Severity;
  /** Kind of the object the finding is about, e.g. `Rollout`. */
  readonly kind: string;
  /** `metadata.name` of the object (empty when it has none). */
  readonly name: string;
  /**
   * `metadata.generateName` of an object that has no name: the API server names it with this prefix
   * and a random suffix when it is created (`kubectl create`).
   * @default - the object has a name, or no generateName
   */
  readonly generateName?: string;
  /**
   * `metadata.namespace` of the object.
   * @default - the object has no namespace
   */
  readonly namespace?: string;
  /** Full document path of the field, e.g. `spec.strategy.canary.steps[1].setWeight`. */
  readonly path: string;
  /** The controller's own message text (searchable), or the library's where the controller has none. */
  readonly message: string;
  /** A short hint saying how to fix it. */
  readonly fix: string;
}

/**
 * `Kind/name path: message (fix: hint) [rule]`: one finding on one line.
 */
export function formatFinding(f: Finding): string {
  return `${f.kind}/${objectName(f.name, f.generateName)} ${f.path}: ${messageWithFix(f)} [${f.ruleId}]`;
}

/**
 * How output names an object: its name; `<prefix><generated>` for one the API server names from its
 * `generateName`; `<unnamed>` for one with neither.
 */
export function objectName(name: string, generateName?: string): string {
  if (name) return name;
  return generateName ? `${generateName}<generated>` : '<unnamed>';
}

/** The message followed by its fix hint. */
export function messageWithFix(f: Finding): string {
  return f.fix ? `${f.message} (fix: ${f.fix})` : f.message;
}

const SEVERITY_ORDER: Record<string, number> = { [Severity.ERROR]: 0, [Severity.WARNING]: 1 };

/**
 * Sorts findings by object (kind, namespace, name), then path, then rule id, so that output is
 * grouped per object and stable from run to run.
 */
export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  const key = (f: Finding) => [f.kind, f.namespace ?? '', f.name, f.generateName ?? '', f.path, String(SEVERITY_ORDER[f.severity]), f.ruleId];
  return [...findings].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    }
    return 0;
  });
}
