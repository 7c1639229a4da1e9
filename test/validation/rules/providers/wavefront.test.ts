import { validateManifests } from '../../../../src/validation/engine';
import { analysisTemplate, finding, findingsOf } from '../fixtures';

/** A template `wf` with one Wavefront metric; `fields` replace the defaults (undefined removes one). */
function wavefront(fields: Record<string, any> = {}, kind = 'AnalysisTemplate') {
  return analysisTemplate('wf', {
    args: [{ name: 'wavefront-host' }],
    metrics: [{ name: 'errors', successCondition: 'result < 0.05', provider: { wavefront: { address: 'example.wavefront.com', query: 'ts(app.errors)', ...fields } } }],
  }, kind);
}

const AT = (field: string) => `spec.metrics[0].provider.wavefront.${field}`;

test('a Wavefront metric with a host name and a query is clean', () => {
  expect(validateManifests([wavefront()])).toEqual([]);
  expect(validateManifests([wavefront({ address: '{{args.wavefront-host}}' }, 'AnalysisRun')])).toEqual([]);
});

describe('wavefront-address-token-key', () => {
  const id = 'wavefront-address-token-key';
  test('fails for an empty address: no key of the token Secret is empty', () => {
    for (const address of [undefined, '']) {
      expect(findingsOf([wavefront({ address }, 'AnalysisRun')], id)).toEqual([finding(id, 'AnalysisRun/wf', AT('address'),
        'metrics[0]: API token not found: address is empty, and no key of the wavefront-api-tokens Secret is')]);
    }
  });
  test('fails for an address that cannot be a Secret key, such as a URL or host:port, placeholders or not', () => {
    for (const address of ['https://example.wavefront.com', 'example.wavefront.com:443', 'https://{{args.wavefront-host}}']) {
      expect(findingsOf([wavefront({ address }, 'ClusterAnalysisTemplate')], id)).toEqual([finding(id, 'ClusterAnalysisTemplate/wf', AT('address'),
        `metrics[0]: API token not found: address ${JSON.stringify(address)} cannot be a key of the wavefront-api-tokens Secret (letters, digits, "-", "_" and "."): it is the host name, not a URL`)]);
    }
  });
  test('near misses: host names, a placeholder, a placeholder within a host name', () => {
    for (const address of ['example.wavefront.com', 'my_cluster-1.wavefront.com', '{{args.wavefront-host}}', '{{args.wavefront-host}}.wavefront.com']) {
      expect(findingsOf([wavefront({ address })], id)).toEqual([]);
    }
  });
});

describe('wavefront-query-required', () => {
  const id = 'wavefront-query-required';
  test('fails for a missing or blank query', () => {
    for (const query of [undefined, '', '\n']) {
      expect(findingsOf([wavefront({ query })], id)).toEqual([finding(id, 'AnalysisTemplate/wf', AT('query'),
        'metrics[0]: query is empty: Wavefront has no query to run, so every measurement errors')]);
    }
    expect(findingsOf([wavefront({}, 'AnalysisRun')], id)).toEqual([]);
  });
});
