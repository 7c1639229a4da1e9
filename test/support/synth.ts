import { Chart, Testing } from 'cdk8s';
import { expectSchemaValid } from './schema';

/** Synthesizes a chart (running synth-time validation) and checks every Argo object against the CRDs. */
export function synthValid(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expectSchemaValid(manifests);
  return manifests;
}

/** The synth-time validation error of a chart, or undefined when it synthesizes. */
export function synthError(chart: Chart): string | undefined {
  try {
    Testing.synth(chart);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The one manifest of a kind (throws when there is not exactly one). */
export function only(manifests: any[], kind: string): any {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}
