import { IMetricProvider, MetricProviderConfig, renderProvider } from '../provider';

/** Properties of a metric plugin provider. */
export interface PluginProviderProps {
  /**
   * The plugin's name as registered in the controller's `argo-rollouts-config` ConfigMap
   * (`metricProviderPlugins`), `<namespace>/<name>`, e.g. `argoproj-labs/sample-prometheus`: the
   * controller registers no other form, so synth fails for a name of another (`plugin-name-format`).
   */
  readonly name: string;
  /**
   * The plugin's configuration, passed to it as is (`{{args.x}}` placeholders are resolved first),
   * e.g. `{ address: 'http://prometheus.monitoring:9090', query: '...' }` for the sample Prometheus plugin.
   * @default {}
   */
  readonly config?: { [key: string]: any };
}

/**
 * A metric measured by a metric-provider plugin (`provider.plugin`): a provider that is not built
 * into Argo Rollouts, run by the controller as a separate executable (hashicorp go-plugin).
 *
 * The controller must have the plugin registered in its `argo-rollouts-config` ConfigMap under
 * `metricProviderPlugins` (name and location); a metric that names an unregistered plugin errors
 * at every measurement. The plugin returns the whole measurement: `result` in the metric's
 * conditions is whatever value the plugin reports, and whether it evaluates `successCondition` /
 * `failureCondition` at all is up to the plugin.
 *
 * One metric names one plugin; use one metric per plugin.
 */
export class PluginProvider implements IMetricProvider {
  constructor(private readonly props: PluginProviderProps) {
    // the name is the rule engine's (rules/providers/plugin.ts): synth and lint report it
  }

  /** Renders the `plugin` provider block of a metric: `{ <name>: <config> }`. */
  public bind(_metricName: string): MetricProviderConfig {
    return { provider: renderProvider({ plugin: { [this.props.name]: { ...this.props.config ?? {} } } }) };
  }
}
