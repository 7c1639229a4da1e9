import { validateManifests } from '../../../../src/validation/engine';
import { analysisTemplate, finding, findingsOf } from '../fixtures';

/** A template `p` with one plugin metric: `provider.plugin` is `plugins`. */
function plugin(plugins: Record<string, any>, kind = 'AnalysisTemplate') {
  return analysisTemplate('p', {
    args: [{ name: 'plugin' }],
    metrics: [{ name: 'm', successCondition: 'result[0] >= 0.95', provider: { plugin: plugins } }],
  }, kind);
}

test('a metric of a plugin named <namespace>/<name> is clean', () => {
  expect(validateManifests([plugin({ 'argoproj-labs/sample-prometheus': { address: 'http://prometheus:9090' } })])).toEqual([]);
});

describe('plugin-name-format', () => {
  const id = 'plugin-name-format';
  const message = (name: string) => `metrics[0]: plugin ${name} not configured in configmap: the controller registers plugins only under names in the format of <namespace>/<name> `
    + `(letters, digits and "-", a "/", then letters, digits, "_", "-" and "."): ${JSON.stringify(name)}`;
  test('fails for a name the controller\'s configuration cannot register, in templates and runs', () => {
    for (const name of ['', 'sample-prometheus', 'argoproj-labs/', '/sample', 'a/b/c', 'argoproj_labs/sample', 'argoproj.labs/sample', 'argoproj-labs/sample prometheus', 'argoproj-labs/sample\n']) {
      // the path names the plugin's entry (an empty name: the plugin block)
      const path = name ? `spec.metrics[0].provider.plugin.${name}` : 'spec.metrics[0].provider.plugin';
      expect(findingsOf([plugin({ [name]: {} }, 'AnalysisRun')], id)).toEqual([finding(id, 'AnalysisRun/p', path, message(name))]);
    }
    expect(findingsOf([plugin({ 'sample-prometheus': {} }, 'ClusterAnalysisTemplate')], id)).toEqual([
      finding(id, 'ClusterAnalysisTemplate/p', 'spec.metrics[0].provider.plugin.sample-prometheus', message('sample-prometheus')),
    ]);
  });
  test('near misses: names of the registry\'s form, a placeholder (resolved before the lookup)', () => {
    for (const name of ['a/b', 'Org-1/my_plugin.v2', 'argoproj-labs/sample-prometheus', '{{args.plugin}}']) {
      expect(findingsOf([plugin({ [name]: {} })], id)).toEqual([]);
    }
  });
});
