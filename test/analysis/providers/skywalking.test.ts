import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthError, synthValid } from '../../support/synth';

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

  test('the factory takes the values; synth fails for an address ending in /graphql and warns for an interval with seconds', () => {
    const ok = { address: 'http://oap:12800', query: 'query { x }', interval: Duration.minutes(5) };
    expect(() => MetricProvider.skywalking({ ...ok, address: 'oap:12800', query: ' ', interval: Duration.seconds(90) })).not.toThrow();
    expect(() => MetricProvider.skywalking({ ...ok, interval: undefined as any })).toThrow('skywalking metric provider: "interval" is required');

    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', { metrics: [{ name: 'm', provider: MetricProvider.skywalking({ ...ok, address: 'http://oap:12800/graphql' }) }] });
    expect(synthError(chart)).toContain('[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.skywalking.address: metrics[0]: address ends in /graphql: '
      + 'the provider appends /graphql itself, so it would post to http://oap:12800/graphql/graphql');

    const seconds = Testing.chart();
    new AnalysisTemplate(seconds, 'T', { metrics: [{ name: 'm', provider: MetricProvider.skywalking({ ...ok, interval: Duration.seconds(90) }) }] });
    const t = only(synthValid(seconds), 'AnalysisTemplate');
    expect(Linter.lintManifests([t]).map((f) => `${f.severity} ${f.ruleId} ${f.path}: ${f.message}`)).toEqual([
      'warning skywalking-interval-whole-minutes spec.metrics[0].provider.skywalking.interval: metrics[0]: interval 1m30s is not a whole number of minutes: '
        + 'SkyWalking\'s window is by the minute, so it spans 2 or 3 minutes depending on the second each measurement runs at',
    ]);
  });
});
