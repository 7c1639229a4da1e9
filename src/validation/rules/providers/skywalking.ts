/**
 * Rules for the SkyWalking metric provider (argo-rollouts `metricproviders/skywalking`); see
 * common.ts. Read from upstream v1.9.1 `skywalking.go`: `NewSkyWalkingClient` posts to
 * `<address>/graphql` and parses `interval` as a Go duration; `Query` fills `$duration` with the
 * minutes from `now - interval` to now (`2006-01-02 1504`, step MINUTE).
 */
import { isHttpAddress, providerRule, queryRequiredRule, unset } from './common';
import { goDurationError, isPlaceholder, parseGoDuration } from '../../duration';
import { Severity } from '../../finding';
import { joinPath } from '../../manifest';
import { Rule } from '../../rule';

export const SKYWALKING_RULES: Rule[] = [
  providerRule({
    id: 'skywalking-address-url',
    ref: 'library',
    provider: 'skywalking',
    message: 'address must be the SkyWalking OAP server\'s http(s) URL without query or fragment and without /graphql: the provider posts to <address>/graphql',
    fix: 'give the OAP server\'s URL, such as http://skywalking-oap.skywalking:12800 (a {{args.x}} placeholder may stand in it); the controller appends /graphql',
    *check({ provider, path }) {
      const address = provider.address;
      if (!unset(address) && typeof address !== 'string') return;
      const at = joinPath(path, 'address');
      if (unset(address) || !isHttpAddress(address)) {
        yield { path: at, message: `address must be the SkyWalking OAP server's http(s) URL without query or fragment: the provider posts to <address>/graphql: ${JSON.stringify(address ?? '')}` };
      } else if (/\/graphql\/?$/i.test(address)) {
        yield { path: at, message: `address ends in /graphql: the provider appends /graphql itself, so it would post to ${address.replace(/\/$/, '')}/graphql` };
      }
    },
  }),
  queryRequiredRule({
    id: 'skywalking-query-required',
    provider: 'skywalking',
    message: 'query is empty: the OAP server refuses an empty GraphQL request, so every measurement errors',
    fix: 'give a GraphQL query that declares $duration: Duration!, e.g. query queryData($duration: Duration!) { service_sla: readMetricsValues(condition: {...}, duration: $duration) { values { values { value } } } }',
  }),
  providerRule({
    id: 'skywalking-interval-duration',
    ref: 'library',
    provider: 'skywalking',
    message: 'time: invalid duration "": the provider\'s interval is a Go duration, required',
    fix: 'set interval to the window each query covers, a Go duration in whole minutes such as 5m',
    *check({ provider, path }) {
      // NewSkyWalkingClient parses it with time.ParseDuration: the provider is not created, every measurement errors
      const interval = provider.interval;
      if (!unset(interval) && (typeof interval !== 'string' || isPlaceholder(interval))) return;
      const error = goDurationError(unset(interval) ? '' : interval);
      if (error) yield { path: joinPath(path, 'interval'), message: `${error}: the provider's interval is a Go duration, required` };
    },
  }),
  providerRule({
    id: 'skywalking-interval-whole-minutes',
    ref: 'library',
    provider: 'skywalking',
    severity: Severity.WARNING,
    message: 'interval is not a positive whole number of minutes: SkyWalking\'s window is by the minute',
    fix: 'give the interval in whole minutes, such as 1m or 5m',
    *check({ provider, path }) {
      // Query sends the minute of now - interval and the minute of now: seconds of the interval make
      // the window one minute longer or not, depending on the second each measurement runs at
      const interval = provider.interval;
      if (typeof interval !== 'string' || isPlaceholder(interval)) return;
      const seconds = parseGoDuration(interval);
      if (seconds === undefined) return;
      if (seconds <= 0) {
        yield { path: joinPath(path, 'interval'), message: `interval ${interval} is not positive: the window runs from interval ago to now, by the minute` };
      } else if (seconds % 60 !== 0) {
        const minutes = Math.floor(seconds / 60);
        yield {
          path: joinPath(path, 'interval'),
          message: `interval ${interval} is not a whole number of minutes: SkyWalking's window is by the minute, so it spans ${minutes + 1} or ${minutes + 2} minutes depending on the second each measurement runs at`,
        };
      }
    },
  }),
];
