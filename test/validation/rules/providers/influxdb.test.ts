import { validateManifests } from '../../../../src/validation/engine';
import { analysisTemplate, finding, findingsOf } from '../fixtures';

/** A template (or run) `flux` with one InfluxDB metric whose provider block is `influxdb`. */
function influxdb(block: Record<string, any>, kind = 'AnalysisTemplate') {
  return analysisTemplate('flux', {
    args: [{ name: 'app' }, { name: 'env', value: 'prod' }],
    metrics: [{ name: 'error-rate', interval: '1m', successCondition: 'result[0] <= 0.01', provider: { influxdb: block } }],
  }, kind);
}

const AT = 'spec.metrics[0].provider.influxdb';
const FLUX = 'from(bucket: "app") |> range(start: -5m) |> filter(fn: (r) => r["workload"] == "{{args.app}}") |> mean()';

test('valid InfluxDB metrics are clean: a query, with the default profile, a named one or a templated one', () => {
  for (const t of [
    influxdb({ query: FLUX }),
    influxdb({ query: FLUX, profile: 'influxdb-production' }, 'AnalysisRun'),
    influxdb({ query: FLUX, profile: 'influxdb-{{ args.env }}' }, 'ClusterAnalysisTemplate'),
  ]) expect(validateManifests([t])).toEqual([]);
});

describe('influxdb-query-required', () => {
  const id = 'influxdb-query-required';
  const message = 'metrics[0]: query is empty: InfluxDB refuses an empty Flux query, so every measurement errors';
  test('fails for a missing, empty or blank query (the CRD does not require it)', () => {
    expect(findingsOf([influxdb({}), influxdb({ query: '' }, 'AnalysisRun'), influxdb({ query: '\t' }, 'ClusterAnalysisTemplate')], id)).toEqual([
      finding(id, 'AnalysisRun/flux', `${AT}.query`, message),
      finding(id, 'AnalysisTemplate/flux', `${AT}.query`, message),
      finding(id, 'ClusterAnalysisTemplate/flux', `${AT}.query`, message),
    ]);
  });
  test('passes for a query, a placeholder included', () => {
    expect(findingsOf([influxdb({ query: FLUX }), influxdb({ query: '{{args.app}}' })], id)).toEqual([]);
  });
});

describe('influxdb-profile-secret-name', () => {
  const id = 'influxdb-profile-secret-name';
  test('fails for a profile with whitespace, which no Secret is named', () => {
    expect(findingsOf([influxdb({ query: FLUX, profile: ' influxdb' }, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/flux', `${AT}.profile`,
        'metrics[0]: profile " influxdb" is not a Secret name (lower case letters, digits, \'-\' and \'.\'): the controller finds no such Secret, so every measurement errors'),
    ]);
  });
  test('passes for "" (the controller\'s influxdb Secret), a name, and spaces inside a placeholder', () => {
    expect(findingsOf([influxdb({ query: FLUX, profile: '' }), influxdb({ query: FLUX, profile: 'influx' }), influxdb({ query: FLUX, profile: '{{ args.env }}-influx' })], id)).toEqual([]);
  });
});
