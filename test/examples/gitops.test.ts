import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { buildGitOpsDemo } from '../../examples/gitops/app';
import { expectSchemaValid } from '../support/schema';

const REPO = 'https://github.com/cdk8s-progressive/gitops-demo.git';

describe('examples/gitops', () => {
  const app = Testing.app();
  const demo = buildGitOpsDemo(app);
  const byChart = Object.fromEntries([demo.dev, demo.prod, demo.argocd, demo.bootstrap].map((c) => [c.node.id, Testing.synth(c)]));
  const all = Object.values(byChart).flat();
  const apps = all.filter((m) => m.kind === 'Application');
  const app1 = (name: string) => apps.find((m) => m.metadata.name === name);

  test('synthesizes schema-valid YAML (snapshot)', () => {
    // Rollouts + AnalysisTemplates of both environments, the project, 5 Applications, the ApplicationSet
    expect(expectSchemaValid(all)).toBe(2 * 3 + 1 + 5 + 1);
    expect(byChart).toMatchSnapshot();
  });

  test('dev syncs automatically, prod only when asked', () => {
    expect(app1('dev-rollouts-demo').spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(app1('prod-rollouts-demo').spec.syncPolicy.automated).toBeUndefined();
    expect(app1('prod-rollouts-demo').spec.destination).toEqual({ name: 'prod', namespace: 'rollouts-demo' });
  });

  test('one AppProject allows every repository and destination its Applications use, and nothing else', () => {
    const project = all.find((m) => m.kind === 'AppProject');
    for (const a of apps.filter((m) => m.spec.project === 'rollouts-demo')) {
      expect(project.spec.sourceRepos).toContain(a.spec.source.repoURL);
      expect(project.spec.destinations).toContainEqual(a.spec.destination);
    }
    expect(project.spec.sourceRepos).not.toContain('*');
    expect(project.spec.destinations.filter((d: any) => d.namespace === '*' || d.server === '*' || d.name === '*')).toEqual([]);
  });

  test('a Helm-chart Application with values, and an ApplicationSet', () => {
    expect(app1('prod-ingress-nginx').spec.source).toMatchObject({ chart: 'ingress-nginx', targetRevision: '4.11.3', helm: { valuesObject: { controller: { replicaCount: 2 } } } });
    const set = all.find((m) => m.kind === 'ApplicationSet');
    expect(set.spec.generators).toEqual([{ clusters: { selector: { matchLabels: { 'argo-rollouts': 'enabled' } } } }]);
  });

  test('every Application points at a path that exists in the synthesized repository', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
    try {
      const real = new App({ outdir: path.join(repo, 'dist') });
      buildGitOpsDemo(real);
      real.synth();
      const written = fs.readdirSync(path.join(repo, 'dist'))
        .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(repo, 'dist', f), 'utf-8')).map((d) => d.toJS()));
      const gitApps = written.filter((m) => m.kind === 'Application' && m.spec.source.repoURL === REPO);
      expect(gitApps.map((m) => m.metadata.name).sort()).toEqual(['argocd-apps', 'dev-rollouts-demo', 'prod-rollouts-demo']);
      for (const a of gitApps) {
        const dir = path.join(repo, a.spec.source.path);
        expect(fs.statSync(dir).isDirectory()).toBe(true);
        const file = path.join(dir, a.spec.source.directory.include);
        const docs = parseAllDocuments(fs.readFileSync(file, 'utf-8')).map((d) => d.toJS());
        expect(docs.length).toBeGreaterThan(0);
      }
      // the root deploys the Applications, the dev Application the dev service
      const inFile = (name: string) => parseAllDocuments(fs.readFileSync(path.join(repo, 'dist', name), 'utf-8')).map((d) => d.toJS());
      expect(inFile(gitApps.find((a) => a.metadata.name === 'argocd-apps').spec.source.directory.include).filter((m) => m.kind === 'Application')).toHaveLength(4);
      expect(inFile(gitApps.find((a) => a.metadata.name === 'dev-rollouts-demo').spec.source.directory.include)
        .find((m) => m.kind === 'Rollout').metadata.namespace).toBe('rollouts-demo-dev');
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});
