/**
 * Rules for the New Relic metric provider (argo-rollouts `metricproviders/newrelic`); see common.ts.
 * Upstream v1.9.1 `newrelic.go` checks nothing itself: `Run` sends `query` to NerdGraph as NRQL, and
 * `NewNewRelicAPIClient` reads the Secret `profile` names (`newrelic` when it is "") in the
 * controller's namespace.
 */
import { profileSecretRule, queryRequiredRule } from './common';
import { Rule } from '../../rule';

export const NEWRELIC_RULES: Rule[] = [
  queryRequiredRule({
    id: 'newrelic-query-required',
    provider: 'newRelic',
    message: 'query is empty: New Relic refuses an empty NRQL query, so every measurement errors',
    fix: 'write the NRQL query, e.g. FROM Transaction SELECT percentage(count(*), WHERE httpResponseCode NOT LIKE \'5%\') AS successRate WHERE appName = \'web\' SINCE 5 minutes ago',
    schemaRequires: true,
  }),
  profileSecretRule({
    id: 'newrelic-profile-secret-name',
    provider: 'newRelic',
    message: 'profile names the Secret of the New Relic account, which must be a Secret name (lower case letters, digits, \'-\' and \'.\'): the controller finds no such Secret, so every measurement errors',
    fix: 'name the Secret (in the controller\'s namespace) with personal-api-key, account-id and region, or leave profile out for the controller\'s newrelic Secret',
  }),
];
