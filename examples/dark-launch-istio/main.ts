import { App } from 'cdk8s';
import { DarkLaunchIstioChart } from './app';

// `npx ts-node main.ts [outdir]` (or `cdk8s synth` with the cdk8s.yaml beside this file)
const app = new App({ outdir: process.argv[2] ?? 'dist' });
new DarkLaunchIstioChart(app, 'rollouts-demo', { namespace: 'rollouts-demo' });
app.synth();
