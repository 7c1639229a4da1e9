export * from './rollouts';
export * from './analysis';
export * from './traffic';
export * from './validation';
export * from './argocd';
export * from './plan';
