import { validateManifests } from '../../../../src/validation/engine';
import { analysisTemplate, finding, findingsOf } from '../fixtures';

/** A template (or run) `cw` with one CloudWatch metric: `queries` and `block` fields over them. */
function cloudWatch(queries: any[], block: Record<string, any> = {}, kind = 'AnalysisTemplate') {
  return analysisTemplate('cw', {
    args: [{ name: 'lb' }, { name: 'period', value: '60' }, { name: 'window', value: '5m' }],
    metrics: [{ name: 'errors', interval: '1m', successCondition: 'all(result[0].Values, {# <= 0.01})', provider: { cloudWatch: { metricDataQueries: queries, ...block } } }],
  }, kind);
}

/** A metricStat query on an ALB metric. */
function stat(id: unknown, more: Record<string, any> = {}, metric: Record<string, any> = {}): Record<string, any> {
  return {
    id,
    metricStat: {
      metric: { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: [{ name: 'LoadBalancer', value: '{{args.lb}}' }], ...metric },
      period: 60,
      stat: 'Sum',
      ...more,
    },
    returnData: false,
  };
}

const rate = { id: 'rate', expression: 'errors / requests' };
const AT = 'spec.metrics[0].provider.cloudWatch';
const Q = (j: number) => `${AT}.metricDataQueries[${j}]`;

test('valid CloudWatch metrics are clean: metrics and an expression, placeholders, high-resolution and string periods', () => {
  const valid = [
    cloudWatch([stat('errors'), stat('requests'), rate], { interval: '5m' }),
    cloudWatch([stat('q_{{args.lb}}', { period: '10' }), { id: '{{args.lb}}', expression: 'SEARCH(\'{AWS/ApplicationELB} RequestCount\', \'Sum\')', period: 300 }], {}, 'AnalysisRun'),
    cloudWatch([{ ...stat('e5xx_Count', { period: '{{args.period}}' }), returnData: true }], { interval: '{{args.window}}' }, 'ClusterAnalysisTemplate'),
  ];
  for (const t of valid) expect(validateManifests([t])).toEqual([]);
});

describe('cloudwatch-queries-count', () => {
  const id = 'cloudwatch-queries-count';
  test('fails for no query and for more than 500', () => {
    expect(findingsOf([cloudWatch([])], id)).toEqual([
      finding(id, 'AnalysisTemplate/cw', `${AT}.metricDataQueries`, 'metrics[0]: metricDataQueries is empty: GetMetricData needs at least one query, so every measurement errors'),
    ]);
    const many = Array.from({ length: 501 }, (_, i) => ({ ...stat(`q${i}`), returnData: true }));
    expect(findingsOf([cloudWatch(many, {}, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/cw', `${AT}.metricDataQueries`, 'metrics[0]: metricDataQueries holds 501 queries: GetMetricData takes at most 500, so every measurement errors'),
    ]);
  });
  test('passes for 1 and 500 queries', () => {
    expect(findingsOf([cloudWatch([rate]), cloudWatch(Array.from({ length: 500 }, (_, i) => ({ ...stat(`q${i}`), returnData: true })))], id)).toEqual([]);
  });
});

describe('cloudwatch-query-id', () => {
  const id = 'cloudwatch-query-id';
  test('fails for ids GetMetricData refuses, judging the text around placeholders', () => {
    const ids = ['Errors', '1errors', 'error-rate', '', undefined, 'Q{{args.lb}}', 'q-{{args.lb}}', 'q{{args.lb'];
    expect(findingsOf([cloudWatch([rate, ...ids.map((i) => stat(i))])], id)).toEqual(ids.map((i, k) => finding(id, 'AnalysisTemplate/cw', `${Q(k + 1)}.id`,
      `metrics[0]: metricDataQueries[${k + 1}].id must start with a lowercase letter and hold only letters, digits and underscores: ${JSON.stringify(i ?? '')}`)));
  });
  test('passes for lowercase-first ids of letters, digits and underscores, and placeholders', () => {
    expect(findingsOf([cloudWatch([rate, stat('e'), stat('e5xx_Count'), stat('q_{{args.lb}}'), stat('{{ args.lb }}')], {}, 'AnalysisRun')], id)).toEqual([]);
  });
});

describe('cloudwatch-query-id-unique', () => {
  const id = 'cloudwatch-query-id-unique';
  test('fails for an id used twice', () => {
    expect(findingsOf([cloudWatch([stat('errors'), rate, stat('errors')], {}, 'ClusterAnalysisTemplate')], id)).toEqual([
      finding(id, 'ClusterAnalysisTemplate/cw', `${Q(2)}.id`, 'metrics[0]: metricDataQueries[2].id repeats the id of metricDataQueries[0], "errors": GetMetricData refuses duplicate ids'),
    ]);
  });
  test('passes for distinct ids, and leaves empty ids to cloudwatch-query-id', () => {
    expect(findingsOf([cloudWatch([stat('errors'), stat('errors_2'), { ...rate, id: '' }, stat('')])], id)).toEqual([]);
  });
});

describe('cloudwatch-expression-or-metric-stat', () => {
  const id = 'cloudwatch-expression-or-metric-stat';
  test('fails for a query with neither or both', () => {
    expect(findingsOf([cloudWatch([{ id: 'rate', returnData: true }, { ...stat('both'), expression: 'a / b' }])], id)).toEqual([
      finding(id, 'AnalysisTemplate/cw', Q(0), 'metrics[0]: metricDataQueries[0] must have exactly one of expression and metricStat: it has neither'),
      finding(id, 'AnalysisTemplate/cw', Q(1), 'metrics[0]: metricDataQueries[1] must have exactly one of expression and metricStat: it has both'),
    ]);
    // "" is an expression the controller sends
    expect(findingsOf([cloudWatch([{ ...stat('both'), expression: '' }, rate], {}, 'AnalysisRun')], id)).toHaveLength(1);
  });
  test('passes with exactly one (null is none)', () => {
    expect(findingsOf([cloudWatch([stat('a'), { ...rate, metricStat: null }, { ...stat('b'), expression: null }])], id)).toEqual([]);
  });
});

describe('cloudwatch-expression-nonempty', () => {
  const id = 'cloudwatch-expression-nonempty';
  test('fails for an empty or blank expression', () => {
    expect(findingsOf([cloudWatch([{ id: 'a', expression: '' }, { id: 'b', expression: ' ' }])], id)).toEqual([
      finding(id, 'AnalysisTemplate/cw', `${Q(0)}.expression`, 'metrics[0]: metricDataQueries[0].expression is empty: GetMetricData refuses it, so every measurement errors'),
      finding(id, 'AnalysisTemplate/cw', `${Q(1)}.expression`, 'metrics[0]: metricDataQueries[1].expression is empty: GetMetricData refuses it, so every measurement errors'),
    ]);
  });
  test('passes for an expression, a placeholder included', () => {
    expect(findingsOf([cloudWatch([{ id: 'a', expression: 'SUM(METRICS())' }, { id: 'b', expression: '{{args.lb}}' }])], id)).toEqual([]);
  });
});

describe('cloudwatch-metric-stat-fields', () => {
  const id = 'cloudwatch-metric-stat-fields';
  test('fails for an empty or missing namespace, metric name or stat, and empty dimension names and values', () => {
    const q = stat('q', { stat: ' ' }, { namespace: undefined, metricName: '', dimensions: [{ name: 'LoadBalancer', value: '' }, { value: 'x' }] });
    expect(findingsOf([cloudWatch([q, rate], {}, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/cw', `${Q(0)}.metricStat.metric.dimensions[0].value`,
        'metrics[0]: metricDataQueries[0].metricStat.metric.dimensions[0].value is empty: GetMetricData refuses an empty dimension value, so every measurement errors'),
      finding(id, 'AnalysisRun/cw', `${Q(0)}.metricStat.metric.dimensions[1].name`,
        'metrics[0]: metricDataQueries[0].metricStat.metric.dimensions[1].name is empty: GetMetricData refuses an empty dimension name, so every measurement errors'),
      finding(id, 'AnalysisRun/cw', `${Q(0)}.metricStat.metric.metricName`, 'metrics[0]: metricDataQueries[0].metricStat.metric.metricName is empty: GetMetricData needs it, so every measurement errors'),
      finding(id, 'AnalysisRun/cw', `${Q(0)}.metricStat.metric.namespace`, 'metrics[0]: metricDataQueries[0].metricStat.metric.namespace is empty: GetMetricData needs it, so every measurement errors'),
      finding(id, 'AnalysisRun/cw', `${Q(0)}.metricStat.stat`,
        'metrics[0]: metricDataQueries[0].metricStat.stat is empty: GetMetricData needs a statistic such as Sum, Average or p99, so every measurement errors'),
    ]);
  });
  test('a metricStat without metric lacks both names', () => {
    expect(findingsOf([cloudWatch([{ id: 'q', metricStat: { period: 60, stat: 'Sum' } }])], id).map((f) => f.path)).toEqual([
      `${Q(0)}.metricStat.metric.metricName`, `${Q(0)}.metricStat.metric.namespace`,
    ]);
  });
  test('passes for set fields, placeholders included, and no dimensions', () => {
    expect(findingsOf([cloudWatch([stat('a', { stat: '{{args.stat}}' }, { namespace: '{{args.ns}}', dimensions: [] }), stat('b', {}, { dimensions: undefined }), rate])], id)).toEqual([]);
  });
});

describe('cloudwatch-period', () => {
  const id = 'cloudwatch-period';
  test('fails for periods GetMetricData refuses, numbers and strings', () => {
    const periods: Array<[unknown, string]> = [
      [15, 'must be 1, 5, 10, 20, 30 seconds or a multiple of 60 seconds: 15'],
      [90, 'must be 1, 5, 10, 20, 30 seconds or a multiple of 60 seconds: 90'],
      [0, 'must be 1, 5, 10, 20, 30 seconds or a multiple of 60 seconds: 0'],
      [-60, 'must be 1, 5, 10, 20, 30 seconds or a multiple of 60 seconds: -60'],
      ['45', 'must be 1, 5, 10, 20, 30 seconds or a multiple of 60 seconds: 45'],
      ['1m', '"1m" is not a whole number of seconds: the controller reads it as 0, and GetMetricData refuses a period under 1 second'],
    ];
    const queries = periods.map(([p], j) => stat(`q${j}`, { period: p }));
    expect(findingsOf([cloudWatch([...queries, rate])], id)).toEqual(periods.map(([, m], j) =>
      finding(id, 'AnalysisTemplate/cw', `${Q(j)}.metricStat.period`, `metrics[0]: metricDataQueries[${j}].metricStat.period ${m}`)));
  });
  test('fails for a metricStat without period (the controller sends 0) and for a bad query period', () => {
    expect(findingsOf([cloudWatch([stat('a', { period: undefined }), { ...rate, period: 45 }], {}, 'ClusterAnalysisTemplate')], id)).toEqual([
      finding(id, 'ClusterAnalysisTemplate/cw', `${Q(0)}.metricStat.period`,
        'metrics[0]: metricDataQueries[0].metricStat.period is not set: the controller sends 0, and GetMetricData needs the period of the data points'),
      finding(id, 'ClusterAnalysisTemplate/cw', `${Q(1)}.period`, 'metrics[0]: metricDataQueries[1].period must be 1, 5, 10, 20, 30 seconds or a multiple of 60 seconds: 45'),
    ]);
  });
  test('passes for 1, 5, 10, 20, 30 and multiples of 60, as numbers or strings, placeholders, and no query period', () => {
    const ok = [1, 5, 10, 20, 30, 60, 120, 3600, '60', '300', '{{args.period}}'];
    expect(findingsOf([cloudWatch([...ok.map((p, j) => stat(`q${j}`, { period: p })), { ...rate, period: 300 }, { ...rate, id: 'r2' }])], id)).toEqual([]);
  });
});

describe('cloudwatch-return-data', () => {
  const id = 'cloudwatch-return-data';
  test('fails when every query sets returnData: false', () => {
    expect(findingsOf([cloudWatch([stat('a'), { ...rate, returnData: false }], {}, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/cw', `${AT}.metricDataQueries`, 'metrics[0]: every query sets returnData: false: no query returns data, so result is empty and the conditions have nothing to judge'),
    ]);
  });
  test('passes when one query returns data (left out is true), and leaves no query to cloudwatch-queries-count', () => {
    expect(findingsOf([cloudWatch([stat('a'), rate]), cloudWatch([stat('a'), { ...rate, returnData: true }]), cloudWatch([])], id)).toEqual([]);
  });
});

describe('cloudwatch-interval-duration', () => {
  const id = 'cloudwatch-interval-duration';
  test('fails for an interval Go cannot parse, and for one of 0 or less', () => {
    expect(findingsOf([cloudWatch([stat('a'), rate], { interval: '5' }), cloudWatch([stat('a'), rate], { interval: '0s' }, 'AnalysisRun')], id)).toEqual([
      finding(id, 'AnalysisRun/cw', `${AT}.interval`,
        'metrics[0]: interval must be positive: 0s makes the start of the window no earlier than its end, and GetMetricData refuses that'),
      finding(id, 'AnalysisTemplate/cw', `${AT}.interval`, 'metrics[0]: time: missing unit in duration "5": interval must be a Go duration such as 5m, so every measurement errors'),
    ]);
    expect(findingsOf([cloudWatch([stat('a'), rate], { interval: '-5m' })], id)).toHaveLength(1);
  });
  test('passes for Go durations, placeholders, and "" or no interval (the controller\'s 5m)', () => {
    expect(findingsOf([
      cloudWatch([stat('a'), rate], { interval: '1h30m' }),
      cloudWatch([stat('a'), rate], { interval: '90500ms' }),
      cloudWatch([stat('a'), rate], { interval: '{{args.window}}' }),
      cloudWatch([stat('a'), rate], { interval: '' }),
      cloudWatch([stat('a'), rate]),
    ], id)).toEqual([]);
  });
});
