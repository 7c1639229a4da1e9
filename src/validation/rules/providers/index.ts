/** The metric provider rules, one file per provider (see `common.ts`). */
import { CLOUDWATCH_RULES } from './cloudwatch';
import { DATADOG_RULES } from './datadog';
import { GRAPHITE_RULES } from './graphite';
import { INFLUXDB_RULES } from './influxdb';
import { JOB_RULES } from './job';
import { KAYENTA_RULES } from './kayenta';
import { NEWRELIC_RULES } from './newrelic';
import { PLUGIN_RULES } from './plugin';
import { PROMETHEUS_RULES } from './prometheus';
import { SKYWALKING_RULES } from './skywalking';
import { WAVEFRONT_RULES } from './wavefront';
import { WEB_RULES } from './web';
import { Rule } from '../../rule';

export const PROVIDER_RULES: Rule[] = [
  ...PROMETHEUS_RULES,
  ...WEB_RULES,
  ...JOB_RULES,
  ...DATADOG_RULES,
  ...NEWRELIC_RULES,
  ...CLOUDWATCH_RULES,
  ...KAYENTA_RULES,
  ...GRAPHITE_RULES,
  ...INFLUXDB_RULES,
  ...SKYWALKING_RULES,
  ...WAVEFRONT_RULES,
  ...PLUGIN_RULES,
];
