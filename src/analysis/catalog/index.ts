// the public API only: the builder functions behind MetricCatalog stay internal
export { CatalogMetric, CatalogMetricOptions, CatalogMetricProps, CatalogTemplateProps } from './catalog-metric';
export { CatalogArgs, CatalogSelector, PodSelectorOptions, ServiceSelectorOptions } from './selector';
export {
  CpuSaturationProps, ErrorRateProps, EventLoopLagProps, HttpRequestsProps, LatencyProps, MemorySaturationProps, PrometheusCatalogProps,
  ResponseSizeProps, RestartsProps, SuccessRateProps,
} from './prometheus';
export { HealthCheckProps, SmokeTestProps } from './checks';
export {
  ApmCatalogProps, DatadogCatalogProps, DatadogLatencyProps, DatadogSuccessRateProps,
  NewRelicCatalogProps, NewRelicLatencyProps, NewRelicSuccessRateProps,
} from './apm';
export { MetricCatalog } from './metric-catalog';
