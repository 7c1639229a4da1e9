/**
 * Rules for metric-provider plugins (`provider.plugin: { <name>: <config> }`, argo-rollouts
 * `metricproviders/plugin`); see common.ts. Read from upstream v1.9.1 `plugin/client/client.go`
 * `startPluginSystem` → `utils/plugin` `GetPluginLocation`, which looks the name up among the plugins
 * of the controller's `argo-rollouts-config` ConfigMap, and `utils/config`, which accepts only names
 * of the form `<namespace>/<name>` there (`ValidateConfig`, `GetPluginDirectoryAndFilename`).
 */
import { providerRule } from './common';
import { isPlaceholder } from '../../duration';
import { joinPath } from '../../manifest';
import { Rule } from '../../rule';

/** A plugin name the controller's configuration accepts (utils/config): GitHub's owner and repository characters. */
const PLUGIN_NAME = /^[a-zA-Z0-9-]+\/[a-zA-Z0-9_.-]+$/;

export const PLUGIN_RULES: Rule[] = [
  providerRule({
    id: 'plugin-name-format',
    ref: 'library',
    provider: 'plugin',
    message: 'plugin not configured in configmap: a plugin\'s name must be in the format of <namespace>/<name>',
    fix: 'name the plugin as it is registered under metricProviderPlugins in the argo-rollouts-config ConfigMap, e.g. argoproj-labs/sample-prometheus',
    *check({ provider, path }) {
      // the controller refuses a ConfigMap with a name of another form, so no such plugin is ever
      // registered: every measurement fails with "plugin <name> not configured in configmap"
      for (const name of Object.keys(provider)) {
        if (PLUGIN_NAME.test(name) || isPlaceholder(name)) continue;
        yield {
          path: joinPath(path, name),
          message: `plugin ${name} not configured in configmap: the controller registers plugins only under names in the format of <namespace>/<name> (letters, digits and "-", a "/", then letters, digits, "_", "-" and "."): ${JSON.stringify(name)}`,
        };
      }
    },
  }),
];
