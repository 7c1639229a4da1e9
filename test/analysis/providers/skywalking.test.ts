import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthValid } from '../../support/synth';

describe('MetricProvider.skywalking', () => {
  test('renders the lint fixture\'s template: address, GraphQL query and interval', () => {
    const expected = analysisFixture('skywalking.yaml');
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'skywalking-success-rate' },
      args: [TemplateArg.required('service-name')],
      metrics: [{
        name: 'success-rate',
        interval: Duration.minutes(3),
        count: 3,
        successCondition: 'all(result.service_sla.values.values, {asFloat(.value) >= 9500})',
        failureLimit: 1,
        provider: MetricProvider.skywalking({
          address: 'http://skywalking-oap.skywalking.svc.cluster.local:12800',
          interval: Duration.minutes(3),
          query: expected.spec.metrics[0].provider.skywalking.query,
        }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec).toEqual(expected.spec);
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('interval as a Go duration string; address as a template argument', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      args: [TemplateArg.required('oap-url')],
      metrics: [{ name: 'm', provider: MetricProvider.skywalking({ address: '{{args.oap-url}}', interval: Duration.minutes(90), query: 'query { x }' }) }],
    });
    expect(only(synthValid(chart), 'AnalysisTemplate').spec.metrics[0].provider).toEqual({ skywalking: { address: '{{args.oap-url}}', interval: '1h30m', query: 'query { x }' } });
  });

  test('bad arguments', () => {
    const ok = { address: 'http://oap:12800', query: 'query { x }', interval: Duration.minutes(5) };
    expect(() => MetricProvider.skywalking({ ...ok, address: 'oap:12800' }))
      .toThrow('skywalking metric provider: "address" must be an http(s) URL without query or fragment, such as http://skywalking-oap.skywalking:12800: "oap:12800"');
    expect(() => MetricProvider.skywalking({ ...ok, address: 'http://oap:12800/graphql' }))
      .toThrow('skywalking metric provider: "address" must be the OAP server\'s URL without "/graphql" or a trailing "/" (the controller appends /graphql): http://oap:12800/graphql');
    expect(() => MetricProvider.skywalking({ ...ok, address: 'http://oap:12800/' })).toThrow('without "/graphql" or a trailing "/"');
    expect(() => MetricProvider.skywalking({ ...ok, query: ' ' })).toThrow('skywalking metric provider: "query" must be a non-empty GraphQL query');
    expect(() => MetricProvider.skywalking({ ...ok, interval: Duration.seconds(90) }))
      .toThrow('skywalking metric provider: "interval" must be a positive whole number of minutes (SkyWalking\'s query window is minute-grained): 90000ms');
    expect(() => MetricProvider.skywalking({ ...ok, interval: Duration.seconds(0) })).toThrow('"interval" must be a positive whole number of minutes');
    // near misses
    expect(() => MetricProvider.skywalking({ ...ok, address: 'https://oap.example.com/skywalking', interval: Duration.hours(1) })).not.toThrow();
  });
});
