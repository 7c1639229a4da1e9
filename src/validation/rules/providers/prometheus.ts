/** Rules for the Prometheus metric provider (argo-rollouts `metricproviders/prometheus`); see common.ts. */
import { isHttpAddress, providerRule, queryRequiredRule, unset } from './common';
import { isPlaceholder } from '../../duration';
import { Severity } from '../../finding';
import { isObject, joinPath } from '../../manifest';
import { Rule } from '../../rule';

export const PROMETHEUS_RULES: Rule[] = [
  providerRule({
    id: 'prometheus-address-url',
    ref: 'library',
    provider: 'prometheus',
    message: 'prometheus address is not is url format',
    fix: 'give the Prometheus server\'s http(s) URL, such as http://prometheus.monitoring:9090, or leave address empty for the controller\'s ARGO_ROLLOUTS_PROMETHEUS_ADDRESS',
    *check({ provider, path }) {
      // NewPrometheusAPI: a non-empty address must pass IsUrl (scheme and host), else every measurement
      // errors; the client then speaks http(s) only. An empty address is the controller's environment's.
      const address = provider.address;
      if (unset(address) || isHttpAddress(address)) return;
      yield {
        path: joinPath(path, 'address'),
        message: `prometheus address is not is url format: ${JSON.stringify(address)} must be an http(s) URL without query or fragment`,
      };
    },
  }),
  queryRequiredRule({
    id: 'prometheus-query-required',
    provider: 'prometheus',
    message: 'query is empty: Prometheus refuses an empty expression, so every measurement errors',
    fix: 'give a PromQL expression, e.g. sum(rate(http_requests_total{code!~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
  }),
  providerRule({
    id: 'prometheus-sigv4-ignored',
    ref: 'library',
    provider: 'prometheus',
    severity: Severity.WARNING,
    message: 'authentication.sigv4 is ignored: the controller signs requests only when the address contains "aps-workspaces"',
    fix: 'use the Amazon Managed Service for Prometheus workspace URL (https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/) as the address, or remove authentication.sigv4: the requests go unsigned',
    *check({ provider, path }) {
      // NewPrometheusAPI builds the SigV4 round tripper only when strings.Contains(address, "aps-workspaces");
      // an empty address is the controller's ARGO_ROLLOUTS_PROMETHEUS_ADDRESS, unknown here
      if (!isObject(provider.authentication) || !isObject(provider.authentication.sigv4)) return;
      const address = provider.address;
      if (typeof address !== 'string' || address === '' || isPlaceholder(address) || address.includes('aps-workspaces')) return;
      yield {
        path: joinPath(path, 'authentication.sigv4'),
        message: `authentication.sigv4 is ignored: the controller signs requests only when the address contains "aps-workspaces", and ${JSON.stringify(address)} does not`,
      };
    },
  }),
];
