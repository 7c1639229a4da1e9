import { Chart, Testing } from 'cdk8s';
import { CatalogMetric } from '../../../src';
import { only, synthValid } from '../../support/synth';

/**
 * Synthesizes a catalog metric as its own template named `t` (schema-checked; the engine's rules,
 * PromQL syntax included, run at synth) and returns the template manifest.
 */
export function synthTemplate(m: CatalogMetric, chart: Chart = Testing.chart()): any {
  m.template(chart, 'T', { metadata: { name: 't' } });
  return only(synthValid(chart), 'AnalysisTemplate');
}
