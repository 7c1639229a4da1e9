export * from './args';
export * from './provider';
export * from './providers/prometheus';
export * from './providers/web';
export * from './providers/job';
export * from './metric-provider';
export * from './analysis-template';
