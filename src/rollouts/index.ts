export * from './rollout-base';
export * from './analysis';
export * from './anti-affinity';
export * from './blue-green';
