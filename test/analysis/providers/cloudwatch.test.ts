import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, CloudWatchMetricDataQuery, CloudWatchMetricStat, CloudWatchUnit, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthValid } from '../../support/synth';

/** A metric query on an ALB metric, for the argument checks. */
function stat(id: string, extra: Partial<CloudWatchMetricStat> = {}): CloudWatchMetricDataQuery {
  return { id, metricStat: { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', period: Duration.minutes(1), stat: 'Sum', ...extra } };
}

describe('MetricProvider.cloudWatch', () => {
  test('renders the lint fixture\'s template: two metrics, an expression over them, interval', () => {
    const lb = { LoadBalancer: '{{args.load-balancer}}' };
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metadata: { name: 'cloudwatch-error-rate' },
      args: [TemplateArg.required('load-balancer')],
      metrics: [{
        name: 'error-rate',
        interval: Duration.minutes(1),
        count: 5,
        successCondition: 'all(result[0].Values, {# <= 0.01})',
        failureLimit: 2,
        provider: MetricProvider.cloudWatch({
          interval: Duration.minutes(5),
          metricDataQueries: [
            { id: 'errors', metricStat: { namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count', dimensions: lb, period: Duration.minutes(1), stat: 'Sum' }, returnData: false },
            { id: 'requests', metricStat: { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: lb, period: Duration.seconds(60), stat: 'Sum' }, returnData: false },
            { id: 'rate', expression: 'errors / requests', label: 'error rate' },
          ],
        }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec).toEqual(analysisFixture('cloudwatch.yaml').spec);
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('periods in whole seconds, unit, several dimensions in order; interval and returnData left to the controller by default', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      metrics: [{
        name: 'm',
        provider: MetricProvider.cloudWatch({
          metricDataQueries: [
            stat('latency', { metricName: 'TargetResponseTime', dimensions: { LoadBalancer: 'app/lb/1', TargetGroup: 'targetgroup/tg/2' }, period: Duration.seconds(10), stat: 'p99', unit: CloudWatchUnit.SECONDS }),
            { id: 'search', expression: 'SEARCH(\'{AWS/ApplicationELB,LoadBalancer} RequestCount\', \'Sum\')', period: Duration.minutes(5) },
          ],
        }),
      }],
    });
    expect(only(synthValid(chart), 'AnalysisTemplate').spec.metrics[0].provider).toEqual({
      cloudWatch: {
        metricDataQueries: [
          {
            id: 'latency',
            metricStat: {
              metric: { namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', dimensions: [{ name: 'LoadBalancer', value: 'app/lb/1' }, { name: 'TargetGroup', value: 'targetgroup/tg/2' }] },
              period: 10,
              stat: 'p99',
              unit: 'Seconds',
            },
          },
          { id: 'search', expression: 'SEARCH(\'{AWS/ApplicationELB,LoadBalancer} RequestCount\', \'Sum\')', period: 300 },
        ],
      },
    });
  });

  test('interval as a Go duration', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', { metrics: [{ name: 'm', provider: MetricProvider.cloudWatch({ interval: Duration.minutes(90), metricDataQueries: [stat('q', { dimensions: {} })] }) }] });
    expect(only(synthValid(chart), 'AnalysisTemplate').spec.metrics[0].provider.cloudWatch).toEqual({
      interval: '1h30m',
      metricDataQueries: [{ id: 'q', metricStat: { metric: { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount' }, period: 60, stat: 'Sum' } }],
    });
  });

  test('placeholders are allowed where the run resolves them: ids, expressions, dimensions', () => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', {
      args: [TemplateArg.required('metric-id'), TemplateArg.required('suffix'), TemplateArg.required('lb')],
      metrics: [{
        name: 'm',
        provider: MetricProvider.cloudWatch({
          metricDataQueries: [
            { ...stat('{{args.metric-id}}', { dimensions: { LoadBalancer: '{{ args.lb }}' } }), returnData: false },
            { ...stat('q_{{args.suffix}}'), returnData: false },
            { id: 'rate', expression: '{{args.metric-id}} / q_{{args.suffix}}' },
          ],
        }),
      }],
    });
    const t = only(synthValid(chart), 'AnalysisTemplate');
    expect(t.spec.metrics[0].provider.cloudWatch.metricDataQueries.map((q: any) => q.id)).toEqual(['{{args.metric-id}}', 'q_{{args.suffix}}', 'rate']);
    expect(Linter.lintManifests([t])).toEqual([]);
  });

  test('bad arguments, each with a near miss', () => {
    const make = (metricDataQueries: CloudWatchMetricDataQuery[], interval?: Duration) =>
      () => MetricProvider.cloudWatch({ metricDataQueries, interval });
    expect(make([])).toThrow('cloudwatch metric provider: "metricDataQueries" must hold at least one query');
    expect(make(Array.from({ length: 501 }, (_, i) => stat(`q${i}`)))).toThrow('cloudwatch metric provider: "metricDataQueries" must hold at most 500 queries (GetMetricData\'s limit): 501');
    expect(make(Array.from({ length: 500 }, (_, i) => stat(`q${i}`)))).not.toThrow();

    const badId = (id: string) => `cloudwatch metric provider: "id" of metricDataQueries[1] must start with a lowercase letter and hold only letters, digits and underscores: ${JSON.stringify(id)}`;
    for (const id of ['Errors', '1errors', 'error-rate', '', 'Q{{args.x}}', 'q-{{args.x}}']) {
      expect(make([stat('ok'), stat(id)])).toThrow(badId(id));
    }
    for (const id of ['e', 'e5xx_Count', 'q_{{args.x}}']) expect(make([stat('ok'), stat(id)])).not.toThrow();
    expect(make([stat('errors'), stat('errors')])).toThrow('cloudwatch metric provider: query ids must be unique: "errors" is used twice');
    expect(make([stat('errors'), stat('errors_2')])).not.toThrow();

    expect(make([{ id: 'rate' }])).toThrow('cloudwatch metric provider: query "rate" must have exactly one of "expression" and "metricStat": it has neither');
    expect(make([{ ...stat('rate'), expression: 'a / b' }])).toThrow('cloudwatch metric provider: query "rate" must have exactly one of "expression" and "metricStat": it has both');
    expect(make([{ id: 'rate', expression: ' ' }])).toThrow('cloudwatch metric provider: "expression" of query "rate" must be a non-empty metric math expression');
    expect(make([{ id: 'rate', expression: 'SUM(METRICS())' }])).not.toThrow();

    expect(make([stat('q', { namespace: '' })])).toThrow('cloudwatch metric provider: "metricStat.namespace" of query "q" must be non-empty');
    expect(make([stat('q', { metricName: ' ' })])).toThrow('cloudwatch metric provider: "metricStat.metricName" of query "q" must be non-empty');
    expect(make([stat('q', { stat: '' })])).toThrow('cloudwatch metric provider: "metricStat.stat" of query "q" must be non-empty');
    expect(make([stat('q', { dimensions: { LoadBalancer: '' } })])).toThrow('cloudwatch metric provider: "metricStat.dimensions" of query "q" needs non-empty names and values: "LoadBalancer": ""');
    expect(make([stat('q', { dimensions: { '': 'x' } })])).toThrow('cloudwatch metric provider: "metricStat.dimensions" of query "q" needs non-empty names and values: "": "x"');

    expect(make([stat('q', { period: Duration.millis(1500) })])).toThrow('cloudwatch metric provider: "metricStat.period" of query "q" must be a positive whole number of seconds: 1500ms');
    expect(make([stat('q', { period: Duration.seconds(0) })])).toThrow('cloudwatch metric provider: "metricStat.period" of query "q" must be a positive whole number of seconds: 0ms');
    expect(make([stat('q', { period: Duration.seconds(90) })])).toThrow('cloudwatch metric provider: "metricStat.period" of query "q" must be 1, 5, 10, 20, 30 seconds or a multiple of 60 seconds: 90s');
    expect(make([stat('q', { period: Duration.seconds(15) })])).toThrow('cloudwatch metric provider: "metricStat.period" of query "q" must be 1, 5, 10, 20, 30 seconds or a multiple of 60 seconds: 15s');
    for (const s of [1, 5, 10, 20, 30, 120, 3600]) expect(make([stat('q', { period: Duration.seconds(s) })])).not.toThrow();
    expect(make([{ id: 'e', expression: 'SUM(METRICS())', period: Duration.seconds(45) }])).toThrow('cloudwatch metric provider: "period" of query "e" must be 1, 5, 10, 20, 30 seconds or a multiple of 60 seconds: 45s');
    expect(make([{ id: 'e', expression: 'SUM(METRICS())', period: Duration.millis(500) }])).toThrow('cloudwatch metric provider: "period" of query "e" must be a positive whole number of seconds: 500ms');
    expect(make([{ id: 'e', expression: 'SUM(METRICS())', period: Duration.minutes(5) }])).not.toThrow();

    expect(make([{ ...stat('a'), returnData: false }, { ...stat('b'), returnData: false }]))
      .toThrow('cloudwatch metric provider: every query sets "returnData: false": at least one must return data for the conditions to judge');
    expect(make([{ ...stat('a'), returnData: false }, stat('b')])).not.toThrow();

    expect(make([stat('q')], Duration.millis(90500))).toThrow('cloudwatch metric provider: "interval" must be a positive whole number of seconds: 90500ms');
    expect(make([stat('q')], Duration.seconds(0))).toThrow('cloudwatch metric provider: "interval" must be a positive whole number of seconds: 0ms');
    expect(make([stat('q')], Duration.seconds(90))).not.toThrow();
  });
});
