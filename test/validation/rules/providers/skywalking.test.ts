import { validateManifests } from '../../../../src/validation/engine';
import { Severity } from '../../../../src/validation/finding';
import { analysisTemplate, finding, findingsOf } from '../fixtures';

/** A template `sla` with one SkyWalking metric; `fields` replace the defaults (undefined removes one). */
function skywalking(fields: Record<string, any> = {}, kind = 'AnalysisTemplate') {
  return analysisTemplate('sla', {
    args: [{ name: 'oap-url' }, { name: 'window' }],
    metrics: [{
      name: 'sla',
      successCondition: 'all(result.service_sla.values.values, {asFloat(.value) >= 9500})',
      provider: { skywalking: { address: 'http://oap:12800', query: 'query queryData($duration: Duration!) { x }', interval: '5m', ...fields } },
    }],
  }, kind);
}

const AT = (field: string) => `spec.metrics[0].provider.skywalking.${field}`;

test('a SkyWalking metric with an http(s) address, a query and whole minutes is clean', () => {
  expect(validateManifests([skywalking()])).toEqual([]);
  expect(validateManifests([skywalking({ address: '{{args.oap-url}}', interval: '{{args.window}}' }, 'AnalysisRun')])).toEqual([]);
});

describe('skywalking-address-url', () => {
  const id = 'skywalking-address-url';
  test('fails for an address that is not an http(s) URL without query or fragment', () => {
    for (const address of [undefined, '', 'oap:12800', 'http://oap:12800?x=1']) {
      expect(findingsOf([skywalking({ address }, 'ClusterAnalysisTemplate')], id)).toEqual([finding(id, 'ClusterAnalysisTemplate/sla', AT('address'),
        `metrics[0]: address must be the SkyWalking OAP server's http(s) URL without query or fragment: the provider posts to <address>/graphql: ${JSON.stringify(address ?? '')}`)]);
    }
  });
  test('fails for an address ending in /graphql, which the controller appends', () => {
    expect(findingsOf([skywalking({ address: 'http://oap:12800/graphql/' })], id)).toEqual([finding(id, 'AnalysisTemplate/sla', AT('address'),
      'metrics[0]: address ends in /graphql: the provider appends /graphql itself, so it would post to http://oap:12800/graphql/graphql')]);
    expect(findingsOf([skywalking({ address: '{{args.oap-url}}/graphql' }, 'AnalysisRun')], id)).toHaveLength(1);
  });
  test('near misses: a path, a placeholder', () => {
    for (const address of ['https://oap.example.com/skywalking', '{{args.oap-url}}', 'http://{{args.oap-url}}:12800']) {
      expect(findingsOf([skywalking({ address })], id)).toEqual([]);
    }
  });
});

describe('skywalking-query-required', () => {
  const id = 'skywalking-query-required';
  test('fails for a missing or blank query', () => {
    for (const query of [undefined, '', ' \n']) {
      expect(findingsOf([skywalking({ query }, 'AnalysisRun')], id)).toEqual([finding(id, 'AnalysisRun/sla', AT('query'),
        'metrics[0]: query is empty: the OAP server refuses an empty GraphQL request, so every measurement errors')]);
    }
    expect(findingsOf([skywalking()], id)).toEqual([]);
  });
});

describe('skywalking-interval-duration', () => {
  const id = 'skywalking-interval-duration';
  test('fails for a missing interval or one that is not a Go duration, with time.ParseDuration\'s words', () => {
    for (const [interval, error] of [[undefined, 'time: invalid duration ""'], ['', 'time: invalid duration ""'], ['1d', 'time: unknown unit "d" in duration "1d"'], ['5', 'time: missing unit in duration "5"']]) {
      expect(findingsOf([skywalking({ interval })], id)).toEqual([finding(id, 'AnalysisTemplate/sla', AT('interval'), `metrics[0]: ${error}: the provider's interval is a Go duration, required`)]);
    }
  });
  test('near misses: Go durations, a placeholder', () => {
    for (const interval of ['5m', '1h30m', '90s', '{{args.window}}']) {
      expect(findingsOf([skywalking({ interval }, 'ClusterAnalysisTemplate')], id)).toEqual([]);
    }
  });
});

describe('skywalking-interval-whole-minutes', () => {
  const id = 'skywalking-interval-whole-minutes';
  test('warns for seconds: the minute-grained window then spans a different number of minutes from one measurement to the next', () => {
    expect(findingsOf([skywalking({ interval: '90s' }, 'AnalysisRun')], id)).toEqual([finding(id, 'AnalysisRun/sla', AT('interval'),
      'metrics[0]: interval 90s is not a whole number of minutes: SkyWalking\'s window is by the minute, so it spans 2 or 3 minutes depending on the second each measurement runs at', Severity.WARNING)]);
    expect(findingsOf([skywalking({ interval: '0s' })], id)).toEqual([finding(id, 'AnalysisTemplate/sla', AT('interval'),
      'metrics[0]: interval 0s is not positive: the window runs from interval ago to now, by the minute', Severity.WARNING)]);
  });
  test('near misses: whole minutes; a placeholder; an invalid duration (skywalking-interval-duration\'s)', () => {
    for (const interval of ['1m', '120s', '1h', '{{args.window}}', '1d', '']) {
      expect(findingsOf([skywalking({ interval })], id)).toEqual([]);
    }
  });
});
