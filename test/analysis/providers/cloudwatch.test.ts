import { Duration, Testing } from 'cdk8s';
import { analysisFixture } from './lint-fixture';
import { AnalysisTemplate, CloudWatchMetricDataQuery, CloudWatchMetricStat, CloudWatchProviderProps, CloudWatchUnit, Linter, MetricProvider, TemplateArg } from '../../../src';
import { only, synthError, synthValid } from '../../support/synth';

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

  test('a period that is not whole seconds cannot be rendered: the factory throws', () => {
    const make = (metricDataQueries: CloudWatchMetricDataQuery[]) => () => MetricProvider.cloudWatch({ metricDataQueries });
    expect(make([stat('q', { period: Duration.millis(1500) })])).toThrow('cloudwatch metric provider: "metricStat.period" of metricDataQueries[0] must be a whole number of seconds: 1500ms');
    expect(make([stat('ok'), { id: 'e', expression: 'SUM(METRICS())', period: Duration.millis(500) }]))
      .toThrow('cloudwatch metric provider: "period" of metricDataQueries[1] must be a whole number of seconds: 500ms');
    // GetMetricData's rules are the engine's: the factory takes these, and synth reports them
    expect(make([])).not.toThrow();
    expect(make([stat('Errors'), stat('Errors')])).not.toThrow();
    expect(make([{ id: 'rate' }, { ...stat('q', { period: Duration.seconds(90) }), expression: 'a / b', returnData: false }])).not.toThrow();
    expect(() => MetricProvider.cloudWatch({ metricDataQueries: [stat('q')], interval: Duration.seconds(0) })).not.toThrow();
  });
});

describe('CloudWatch metrics in the rule engine (synth and lint)', () => {
  const template = (props: CloudWatchProviderProps) => {
    const chart = Testing.chart();
    new AnalysisTemplate(chart, 'T', { metrics: [{ name: 'm', provider: MetricProvider.cloudWatch(props) }] });
    return chart;
  };

  test('GetMetricData\'s rules fail synth under the template, all at once', () => {
    const error = synthError(template({
      interval: Duration.seconds(0),
      metricDataQueries: [
        { ...stat('errors', { period: Duration.seconds(90) }), returnData: false },
        { ...stat('errors', { stat: '' }), returnData: false },
        { id: 'Rate', expression: 'errors / errors', returnData: false },
      ],
    }));
    const at = '[test/T] AnalysisTemplate/test-t-c84a8854 spec.metrics[0].provider.cloudWatch';
    expect(error).toContain(`${at}.interval: metrics[0]: interval must be positive: 0s makes the start of the window no earlier than its end, and GetMetricData refuses that`);
    expect(error).toContain(`${at}.metricDataQueries[0].metricStat.period: metrics[0]: metricDataQueries[0].metricStat.period must be 1, 5, 10, 20, 30 seconds or a multiple of 60 seconds: 90`);
    expect(error).toContain(`${at}.metricDataQueries[1].id: metrics[0]: metricDataQueries[1].id repeats the id of metricDataQueries[0], "errors": GetMetricData refuses duplicate ids`);
    expect(error).toContain(`${at}.metricDataQueries[1].metricStat.stat: metrics[0]: metricDataQueries[1].metricStat.stat is empty`);
    expect(error).toContain(`${at}.metricDataQueries[2].id: metrics[0]: metricDataQueries[2].id must start with a lowercase letter and hold only letters, digits and underscores: "Rate"`);
    expect(error).toContain(`${at}.metricDataQueries: metrics[0]: every query sets returnData: false`);
  });

  test('near misses synthesize: high-resolution periods, 500 queries, a sub-second interval', () => {
    expect(() => synthValid(template({ interval: Duration.millis(90500), metricDataQueries: [stat('q', { period: Duration.seconds(10) })] }))).not.toThrow();
    expect(() => synthValid(template({ metricDataQueries: Array.from({ length: 500 }, (_, i) => stat(`q${i}`)) }))).not.toThrow();
  });
});
