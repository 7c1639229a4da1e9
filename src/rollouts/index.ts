export * from './rollout-base';
export * from './analysis';
export * from './anti-affinity';
export * from './blue-green';
export * from './experiment';
export * from './canary-step';
export * from './canary';
export * from './workload-ref';
