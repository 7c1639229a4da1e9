import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { crdsDir } from '../../build-tools/crds';
import * as L1 from '../../src/imports/rollouts-argoproj.io';
import { schemaErrors } from '../support/schema';

const root = path.resolve(__dirname, '..', '..');

describe('generated L1 imports', () => {
  test('src/imports is exactly what `npx projen import` generates from the pinned CRDs', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'imports-'));
    try {
      execFileSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', 'tsconfig.dev.json', 'build-tools/import-crds.ts', out], {
        cwd: root, stdio: 'pipe', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      });
      const committed = fs.readdirSync(path.join(root, 'src', 'imports')).sort();
      expect(fs.readdirSync(out).sort()).toEqual(committed);
      for (const f of committed) {
        const same = fs.readFileSync(path.join(out, f), 'utf-8') === fs.readFileSync(path.join(root, 'src', 'imports', f), 'utf-8');
        expect({ file: f, same }).toEqual({ file: f, same: true });
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  // the import script rewrites the generated undefined filter (see fastUndefinedFilter): the JSON stays what cdk8s's generator wrote
  test('toJson drops undefined fields and map entries, keeps null, false and 0, in order', () => {
    const json = L1.toJson_AnalysisTemplateSpecMetricsProviderJobSpecTemplateSpec({
      containers: [{ name: 'app', image: undefined }],
      overhead: { cpu: L1.AnalysisTemplateSpecMetricsProviderJobSpecTemplateSpecOverhead.fromString('1'), memory: undefined as any },
      hostNetwork: false,
      priority: 0,
      dnsPolicy: null as any,
      nodeSelector: { b: '2', a: '1', c: undefined as any, ['__proto__']: 'x' },
    });
    expect(JSON.stringify(json)).toBe(JSON.stringify({
      containers: [{ name: 'app' }],
      dnsPolicy: null,
      hostNetwork: false,
      nodeSelector: JSON.parse('{"b":"2","a":"1","__proto__":"x"}'),
      overhead: { cpu: '1' },
      priority: 0,
    }));
    expect(Object.getPrototypeOf(json!.nodeSelector)).toBe(Object.prototype);
    expect(L1.toJson_RolloutSpecTemplateMetadata({ labels: { a: 'b' }, annotations: undefined })).toEqual({ labels: { a: 'b' } });
  });
});

describe('CRD location', () => {
  test('without CRDs, the schema helper says how to provide them instead of passing', () => {
    const saved = process.env.ARGO_CRDS_DIR;
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-crds-'));
    process.env.ARGO_CRDS_DIR = empty;
    try {
      expect(() => crdsDir()).toThrow(`the pinned Argo CRDs were not found in ${empty}`);
      expect(() => crdsDir()).toThrow('set ARGO_CRDS_DIR to a folder with argo-rollouts/ (v1.9.1) and argo-cd/ (v3.5.1) CRDs, or download them:');
    } finally {
      if (saved === undefined) delete process.env.ARGO_CRDS_DIR;
      else process.env.ARGO_CRDS_DIR = saved;
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  test('the schema check treats unknown fields as errors', () => {
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { a: 'b' } }, strategy: { blueGreen: { activeService: 'a', previewService: 'b', autoPromote: true } } },
    };
    expect(schemaErrors(rollout)).toEqual(['Rollout/web spec.strategy.blueGreen.autoPromote: unknown field "spec.strategy.blueGreen.autoPromote"']);
    expect(schemaErrors({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { whatever: 1 } })).toEqual([]);
  });
});
