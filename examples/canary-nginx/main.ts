import { App } from 'cdk8s';
import { CanaryNginxChart } from './app';

// `npx ts-node main.ts [outdir]` (or `cdk8s synth` with the cdk8s.yaml beside this file)
const app = new App({ outdir: process.argv[2] ?? 'dist' });
new CanaryNginxChart(app, 'rollouts-demo', { namespace: 'rollouts-demo' });
app.synth();
