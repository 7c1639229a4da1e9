import { validateManifests } from '../../../../src/validation/engine';
import { analysisTemplate, finding, findingsOf } from '../fixtures';

/** A template (or run) `nr` with one New Relic metric whose provider block is `newRelic`. */
function newRelic(block: Record<string, any>, kind = 'AnalysisTemplate') {
  return analysisTemplate('nr', {
    args: [{ name: 'app' }, { name: 'env', value: 'prod' }],
    metrics: [{ name: 'success-rate', interval: '1m', successCondition: 'result.successRate >= 0.99', provider: { newRelic: block } }],
  }, kind);
}

const AT = 'spec.metrics[0].provider.newRelic';
const NRQL = 'FROM Transaction SELECT percentage(count(*), WHERE httpResponseCode != 500) AS successRate WHERE appName = \'{{args.app}}\' SINCE 5 minutes ago';

test('valid New Relic metrics are clean: a query, with the default profile, a named one or a templated one', () => {
  for (const t of [
    newRelic({ query: NRQL }),
    newRelic({ query: NRQL, profile: 'newrelic-production', timeout: 30 }, 'AnalysisRun'),
    newRelic({ query: NRQL, profile: 'newrelic-{{ args.env }}' }, 'ClusterAnalysisTemplate'),
  ]) expect(validateManifests([t])).toEqual([]);
});

describe('newrelic-query-required', () => {
  const id = 'newrelic-query-required';
  test('fails for an empty or blank query (the CRD takes "")', () => {
    const message = 'metrics[0]: query is empty: New Relic refuses an empty NRQL query, so every measurement errors';
    expect(findingsOf([newRelic({ query: '' }), newRelic({ query: ' \n' }, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/nr', `${AT}.query`, message),
      finding(id, 'AnalysisTemplate/nr', `${AT}.query`, message),
    ]);
  });
  test('passes for a query, a placeholder included, and leaves a missing query to the schema', () => {
    expect(findingsOf([newRelic({ query: NRQL }), newRelic({ query: '{{args.app}}' }), newRelic({})], id)).toEqual([]);
  });
});

describe('newrelic-profile-secret-name', () => {
  const id = 'newrelic-profile-secret-name';
  test('fails for a profile with whitespace or capitals, which no Secret is named', () => {
    expect(findingsOf([newRelic({ query: NRQL, profile: ' ' }), newRelic({ query: NRQL, profile: 'newrelic prod' }, 'ClusterAnalysisTemplate'), newRelic({ query: NRQL, profile: 'My_Secret' }, 'AnalysisRun')], id)).toEqual([
      // findings are sorted by kind
      finding(id, 'AnalysisRun/nr', `${AT}.profile`,
        'metrics[0]: profile "My_Secret" is not a Secret name (lower case letters, digits, \'-\' and \'.\'): the controller finds no such Secret, so every measurement errors'),
      finding(id, 'AnalysisTemplate/nr', `${AT}.profile`,
        'metrics[0]: profile " " is not a Secret name (lower case letters, digits, \'-\' and \'.\'): the controller finds no such Secret, so every measurement errors'),
      finding(id, 'ClusterAnalysisTemplate/nr', `${AT}.profile`,
        'metrics[0]: profile "newrelic prod" is not a Secret name (lower case letters, digits, \'-\' and \'.\'): the controller finds no such Secret, so every measurement errors'),
    ]);
  });
  test('passes for "" (the controller\'s newrelic Secret), a name, and spaces inside a placeholder', () => {
    expect(findingsOf([newRelic({ query: NRQL, profile: '' }), newRelic({ query: NRQL, profile: 'nr-prod' }), newRelic({ query: NRQL, profile: 'nr-{{ args.env }}' })], id)).toEqual([]);
  });
});
