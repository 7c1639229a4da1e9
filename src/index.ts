export * from './rollouts';
export * from './analysis';
export * from './validation';
