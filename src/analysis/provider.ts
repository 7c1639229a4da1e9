import { TemplateArg } from './args';
import * as L1 from '../imports/rollouts-argoproj.io';

/**
 * What a metric provider contributes to a template.
 */
export interface MetricProviderConfig {
  /**
   * The metric's `provider` object as plain JSON, e.g. `{ prometheus: { address, query } }`.
   */
  readonly provider: any;

  /**
   * Arguments the provider needs declared in the template (e.g. a header value read from a Secret).
   * @default - none
   */
  readonly args?: TemplateArg[];
}

/**
 * A metric provider (`metric.provider`): Prometheus, Web, Job, ... A new provider is one class
 * implementing this interface.
 */
export interface IMetricProvider {
  /**
   * Renders the provider for a metric.
   * @param metricName the name of the metric that uses the provider
   */
  bind(metricName: string): MetricProviderConfig;
}

/** Serializes a typed provider block through the generated L1 serializer. */
export function renderProvider(p: L1.AnalysisTemplateSpecMetricsProvider): any {
  return L1.toJson_AnalysisTemplateSpecMetricsProvider(p);
}

/** An argument name derived from a metric and a purpose, safe for `{{args.<name>}}`. */
export function derivedArgName(metricName: string, purpose: string): string {
  return `${metricName}-${purpose}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}
