/**
 * Rules for the InfluxDB metric provider (argo-rollouts `metricproviders/influxdb`); see common.ts.
 * Upstream v1.9.1 `influxdb.go` checks nothing itself: `Run` sends `query` to InfluxDB as Flux, and
 * `NewInfluxdbAPI` reads the Secret `profile` names (`influxdb` when it is "") in the controller's
 * namespace.
 */
import { profileSecretRule, queryRequiredRule } from './common';
import { Rule } from '../../rule';

export const INFLUXDB_RULES: Rule[] = [
  queryRequiredRule({
    id: 'influxdb-query-required',
    provider: 'influxdb',
    message: 'query is empty: InfluxDB refuses an empty Flux query, so every measurement errors',
    fix: 'write the Flux query, e.g. from(bucket: "app") |> range(start: -5m) |> filter(fn: (r) => r["_measurement"] == "error_ratio") |> mean()',
  }),
  profileSecretRule({
    id: 'influxdb-profile-secret-name',
    provider: 'influxdb',
    message: 'profile names the Secret with the InfluxDB address, authToken and org, which must be a Secret name (lower case letters, digits, \'-\' and \'.\'): the controller finds no such Secret, so every measurement errors',
    fix: 'name the Secret (in the controller\'s namespace) with address, authToken and org, or leave profile out for the controller\'s influxdb Secret',
  }),
];
