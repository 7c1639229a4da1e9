export * from './traffic-routing';
