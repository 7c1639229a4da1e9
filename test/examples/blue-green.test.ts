import { Testing } from 'cdk8s';
import { BlueGreenDemoChart } from '../../examples/blue-green/app';
import { expectSchemaValid } from '../support/schema';
import { only } from '../support/synth';

describe('examples/blue-green', () => {
  const app = Testing.app();
  const chart = new BlueGreenDemoChart(app, 'rollouts-demo', { namespace: 'rollouts-demo' });
  const manifests = Testing.synth(chart);

  test('synthesizes schema-valid YAML (snapshot)', () => {
    expect(expectSchemaValid(manifests)).toBe(3);
    expect(manifests).toMatchSnapshot();
  });

  test('the Rollout is blue-green with preview, pre- and post-promotion analysis', () => {
    const bg = only(manifests, 'Rollout').spec.strategy.blueGreen;
    expect(bg.activeService).toBe('rollouts-demo-active');
    expect(bg.previewService).toBe('rollouts-demo-preview');
    expect(bg.prePromotionAnalysis.templates.map((t: any) => t.templateName)).toEqual(['smoke-test', 'success-rate']);
    expect(bg.postPromotionAnalysis.templates.map((t: any) => t.templateName)).toEqual(['success-rate']);
  });

  test('prod.local reaches the active Service and preview.local the preview Service', () => {
    const ingresses = manifests.filter((m) => m.kind === 'Ingress');
    const backend = (host: string) => ingresses.flatMap((i) => i.spec.rules).find((r: any) => r.host === host).http.paths[0].backend.service.name;
    expect(backend('prod.local')).toBe('rollouts-demo-active');
    expect(backend('preview.local')).toBe('rollouts-demo-preview');
  });

  test('has a traffic generator', () => {
    expect(manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'traffic-generator')).toBeDefined();
  });
});
