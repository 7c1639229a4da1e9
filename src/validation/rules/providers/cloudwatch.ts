/**
 * Rules for the CloudWatch metric provider (argo-rollouts `metricproviders/cloudwatch`); see common.ts.
 *
 * The controller checks none of the queries: upstream v1.9.1 `cloudwatch.go` (`Run`, `convertType`)
 * parses `interval` and hands the queries to AWS GetMetricData as they are, a period read with
 * `IntOrString.IntValue()`. These rules are GetMetricData's (the AWS API reference of
 * `MetricDataQuery`, `MetricStat`, `Metric` and `Dimension`): a call that breaks one is refused, so
 * every measurement errors.
 */
import { goDurationError, intValue, isPlaceholder, parseGoDuration } from '../../duration';
import { arrayOf, isObject, joinPath, text } from '../../manifest';
import { Rule, Violation } from '../../rule';
import { replacePlaceholders, scanPlaceholders } from '../analysis';
import { ProviderBlock, providerRule, unset } from './common';

/** GetMetricData takes at most this many queries in one call. */
const MAX_QUERIES = 500;
/** The periods GetMetricData accepts below a minute (high-resolution metrics); above, a multiple of 60. */
const SUB_MINUTE_PERIODS = [1, 5, 10, 20, 30];
/** GetMetricData's query id: a lowercase letter, then letters, digits and underscores. */
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

/** A rule over the CloudWatch metrics of a template or run. */
function cloudWatchRule(def: Omit<Parameters<typeof providerRule>[0], 'provider'>): Rule {
  return providerRule({ ...def, provider: 'cloudWatch' });
}

/** Each query of a CloudWatch metric that is an object, with its index and full path. */
function* queriesOf({ provider, path }: ProviderBlock): Iterable<{ q: Record<string, any>; j: number; at: string }> {
  const queries = arrayOf(provider.metricDataQueries);
  for (let j = 0; j < queries.length; j++) {
    if (isObject(queries[j])) yield { q: queries[j], j, at: joinPath(path, 'metricDataQueries', j) };
  }
}

/** Whether a string value is empty or whitespace only (placeholders count as text). */
function empty(v: unknown): boolean {
  return v == null || (typeof v === 'string' && v.trim() === '');
}

/**
 * What is wrong with a period (int or string) as the controller sends it, or undefined when
 * GetMetricData takes it. `IntValue()` reads a string that is not an integer as 0.
 */
function periodProblem(period: unknown, field: string): string | undefined {
  if (isPlaceholder(period)) return undefined;
  const s = intValue(period);
  if (typeof period === 'string' && !/^[-+]?\d+$/.test(period)) {
    return `${field} ${JSON.stringify(period)} is not a whole number of seconds: the controller reads it as 0, and GetMetricData refuses a period under 1 second`;
  }
  if (SUB_MINUTE_PERIODS.includes(s) || (s > 0 && s % 60 === 0)) return undefined;
  return `${field} must be ${SUB_MINUTE_PERIODS.join(', ')} seconds or a multiple of 60 seconds: ${s}`;
}

export const CLOUDWATCH_RULES: Rule[] = [
  cloudWatchRule({
    id: 'cloudwatch-queries-count',
    ref: 'library',
    message: `metricDataQueries must hold 1 to ${MAX_QUERIES} queries: GetMetricData refuses a call with none or more`,
    fix: `give at least one query, and split a metric with more than ${MAX_QUERIES} queries into several metrics`,
    *check({ provider, path }) {
      const queries = provider.metricDataQueries;
      if (!Array.isArray(queries)) return;
      if (queries.length === 0) {
        yield { path: joinPath(path, 'metricDataQueries'), message: 'metricDataQueries is empty: GetMetricData needs at least one query, so every measurement errors' };
      } else if (queries.length > MAX_QUERIES) {
        yield {
          path: joinPath(path, 'metricDataQueries'),
          message: `metricDataQueries holds ${queries.length} queries: GetMetricData takes at most ${MAX_QUERIES}, so every measurement errors`,
        };
      }
    },
  }),
  cloudWatchRule({
    id: 'cloudwatch-query-id',
    ref: 'library',
    message: 'a query id must start with a lowercase letter and hold only letters, digits and underscores (GetMetricData\'s rule)',
    fix: 'name the query like errors, requests or error_rate: expressions refer to other queries by their ids',
    *check(block) {
      for (const { q, j, at } of queriesOf(block)) {
        // a placeholder stands for text the run fills in: judge the text around it
        const id = typeof q.id === 'string' ? q.id : '';
        if (scanPlaceholders(id).some((p) => !p.closed) || !QUERY_ID.test(replacePlaceholders(id, () => 'x'))) {
          yield {
            path: joinPath(at, 'id'),
            message: `metricDataQueries[${j}].id must start with a lowercase letter and hold only letters, digits and underscores: ${JSON.stringify(q.id ?? '')}`,
          };
        }
      }
    },
  }),
  cloudWatchRule({
    id: 'cloudwatch-query-id-unique',
    ref: 'library',
    message: 'query ids must be unique within the metric: GetMetricData refuses a call with two queries of one id',
    fix: 'give each query its own id, and refer to it by that id in expressions',
    *check(block) {
      const seen = new Map<string, number>();
      for (const { q, j, at } of queriesOf(block)) {
        if (typeof q.id !== 'string' || q.id === '') continue;
        const first = seen.get(q.id);
        if (first === undefined) {
          seen.set(q.id, j);
        } else {
          yield { path: joinPath(at, 'id'), message: `metricDataQueries[${j}].id repeats the id of metricDataQueries[${first}], "${q.id}": GetMetricData refuses duplicate ids` };
        }
      }
    },
  }),
  cloudWatchRule({
    id: 'cloudwatch-expression-or-metric-stat',
    ref: 'library',
    message: 'a query must have exactly one of expression and metricStat (GetMetricData\'s rule)',
    fix: 'give the query a metricStat (a metric to read) or an expression (metric math over other queries\' ids), not both',
    *check(block) {
      for (const { q, j, at } of queriesOf(block)) {
        // the controller passes both as pointers: a field left out (or null) is not sent, "" is
        const hasExpression = q.expression != null;
        const hasStat = q.metricStat != null;
        if (hasExpression === hasStat) {
          yield { path: at, message: `metricDataQueries[${j}] must have exactly one of expression and metricStat: it has ${hasStat ? 'both' : 'neither'}` };
        }
      }
    },
  }),
  cloudWatchRule({
    id: 'cloudwatch-expression-nonempty',
    ref: 'library',
    message: 'a query\'s expression is empty: GetMetricData refuses it',
    fix: 'write the metric math expression, e.g. errors / requests, or a SEARCH(...) or Metrics Insights query',
    *check(block) {
      for (const { q, j, at } of queriesOf(block)) {
        if (typeof q.expression === 'string' && q.expression.trim() === '') {
          yield { path: joinPath(at, 'expression'), message: `metricDataQueries[${j}].expression is empty: GetMetricData refuses it, so every measurement errors` };
        }
      }
    },
  }),
  cloudWatchRule({
    id: 'cloudwatch-metric-stat-fields',
    ref: 'library',
    message: 'a metricStat needs a non-empty metric.namespace, metric.metricName and stat, and non-empty dimension names and values (GetMetricData\'s rule)',
    fix: 'name the metric\'s namespace (e.g. AWS/ApplicationELB), its name (e.g. RequestCount), the statistic (e.g. Sum, Average, p99) and each dimension\'s name and value',
    *check(block) {
      for (const { q, j, at } of queriesOf(block)) {
        if (!isObject(q.metricStat)) continue;
        const stat = q.metricStat;
        const metric = isObject(stat.metric) ? stat.metric : {};
        const found: Violation[] = [];
        for (const field of ['namespace', 'metricName']) {
          if (empty(metric[field])) {
            found.push({ path: joinPath(at, 'metricStat.metric', field), message: `metricDataQueries[${j}].metricStat.metric.${field} is empty: GetMetricData needs it, so every measurement errors` });
          }
        }
        if (empty(stat.stat)) {
          found.push({ path: joinPath(at, 'metricStat.stat'), message: `metricDataQueries[${j}].metricStat.stat is empty: GetMetricData needs a statistic such as Sum, Average or p99, so every measurement errors` });
        }
        arrayOf(metric.dimensions).forEach((d: unknown, k: number) => {
          if (!isObject(d)) return;
          for (const field of ['name', 'value']) {
            if (empty(d[field])) {
              found.push({
                path: joinPath(at, 'metricStat.metric.dimensions', k, field),
                message: `metricDataQueries[${j}].metricStat.metric.dimensions[${k}].${field} is empty: GetMetricData refuses an empty dimension ${field}, so every measurement errors`,
              });
            }
          }
        });
        yield* found;
      }
    },
  }),
  cloudWatchRule({
    id: 'cloudwatch-period',
    ref: 'library',
    message: 'a period must be 1, 5, 10, 20, 30 seconds or a multiple of 60 seconds (GetMetricData\'s rule)',
    fix: 'give the period in seconds: 60 (or a multiple of it) for standard metrics; 1, 5, 10, 20 or 30 only for high-resolution metrics',
    *check(block) {
      for (const { q, j, at } of queriesOf(block)) {
        if (isObject(q.metricStat)) {
          // MetricStat.Period is not a pointer: left out, the controller sends 0
          const period = q.metricStat.period;
          const problem = period == null
            ? `metricDataQueries[${j}].metricStat.period is not set: the controller sends 0, and GetMetricData needs the period of the data points`
            : periodProblem(period, `metricDataQueries[${j}].metricStat.period`);
          if (problem) yield { path: joinPath(at, 'metricStat.period'), message: problem };
        }
        if (q.period != null) {
          const problem = periodProblem(q.period, `metricDataQueries[${j}].period`);
          if (problem) yield { path: joinPath(at, 'period'), message: problem };
        }
      }
    },
  }),
  cloudWatchRule({
    id: 'cloudwatch-return-data',
    ref: 'library',
    message: 'every query sets returnData: false: no query returns data, so result is empty and the conditions have nothing to judge',
    fix: 'let the query the conditions judge return data (leave returnData out or set it to true); set returnData: false only on the queries an expression combines',
    *check({ provider, path }) {
      const queries = arrayOf(provider.metricDataQueries);
      if (queries.length === 0 || !queries.every((q) => isObject(q) && q.returnData === false)) return;
      yield { path: joinPath(path, 'metricDataQueries') };
    },
  }),
  cloudWatchRule({
    id: 'cloudwatch-interval-duration',
    ref: 'library',
    message: 'interval must be a positive Go duration such as 5m: each measurement reads from now minus interval to now',
    fix: 'write interval as a Go duration: a number and a unit (ns, us, ms, s, m, h), e.g. 5m or 1h30m; leave it out for the controller\'s default, 5m',
    *check({ provider, path }) {
      // Run: "" is the default (5m); anything else is parsed at every measurement
      const interval = provider.interval;
      if (unset(interval) || typeof interval !== 'string' || isPlaceholder(interval)) return;
      const error = goDurationError(interval);
      if (error) {
        yield { path: joinPath(path, 'interval'), message: `${error}: interval must be a Go duration such as 5m, so every measurement errors` };
      } else if (parseGoDuration(interval)! <= 0) {
        yield {
          path: joinPath(path, 'interval'),
          message: `interval must be positive: ${text(interval)} makes the start of the window no earlier than its end, and GetMetricData refuses that`,
        };
      }
    },
  }),
];
