export * from './types';
export * from './rollout-plan';
