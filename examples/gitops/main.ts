import { App } from 'cdk8s';
import { buildGitOpsDemo } from './app';

// `npx ts-node main.ts [outdir]` (or `cdk8s synth` with the cdk8s.yaml beside this file).
// The Applications point at `dist/` of the GitOps repository: synthesize into that checkout's dist/.
const app = new App({ outdir: process.argv[2] ?? 'dist' });
buildGitOpsDemo(app);
app.synth();
