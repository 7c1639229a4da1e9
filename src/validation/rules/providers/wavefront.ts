/**
 * Rules for the Wavefront metric provider (argo-rollouts `metricproviders/wavefront`); see
 * common.ts. Read from upstream v1.9.1 `wavefront.go` `NewWavefrontAPI`: the provider reads the
 * Secret `wavefront-api-tokens` in the controller's namespace and takes the token under the key that
 * equals `address`; the client then calls `https://<address>/api/v2/`.
 */
import { joinPath } from '../../manifest';
import { Rule } from '../../rule';
import { replacePlaceholders } from '../analysis';
import { providerRule, queryRequiredRule, unset } from './common';

/** The characters of a Secret's data key: only such an address can name a token. */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

export const WAVEFRONT_RULES: Rule[] = [
  providerRule({
    id: 'wavefront-address-token-key',
    ref: 'library',
    provider: 'wavefront',
    message: 'API token not found: address must be the Wavefront host name, the key of its token in the controller\'s wavefront-api-tokens Secret',
    fix: 'give the cluster\'s host name, such as example.wavefront.com (no scheme, port or path), and store its API token under that key of the wavefront-api-tokens Secret in the controller\'s namespace',
    *check({ provider, path }) {
      const address = provider.address;
      if (!unset(address) && typeof address !== 'string') return;
      if (unset(address)) {
        yield { path: joinPath(path, 'address'), message: 'API token not found: address is empty, and no key of the wavefront-api-tokens Secret is' };
        return;
      }
      // the text around placeholders is there whatever they resolve to
      const text = replacePlaceholders(address, () => '');
      if (text === '' || SECRET_KEY.test(text)) return;
      yield {
        path: joinPath(path, 'address'),
        message: `API token not found: address ${JSON.stringify(address)} cannot be a key of the wavefront-api-tokens Secret (letters, digits, "-", "_" and "."): it is the host name, not a URL`,
      };
    },
  }),
  queryRequiredRule({
    id: 'wavefront-query-required',
    provider: 'wavefront',
    message: 'query is empty: Wavefront has no query to run, so every measurement errors',
    fix: 'give a Wavefront query (WQL), e.g. sum(rate(ts("istio.requestcount.count", response_code!=500)))',
  }),
];
