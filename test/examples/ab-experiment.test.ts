import { Testing } from 'cdk8s';
import { AbExperimentChart } from '../../examples/ab-experiment/app';
import { only, synthValid } from '../support/synth';

describe('examples/ab-experiment', () => {
  const app = Testing.app();
  const chart = new AbExperimentChart(app, 'rollouts-demo', { namespace: 'rollouts-demo' });
  const manifests = synthValid(chart);

  test('synthesizes valid YAML (snapshot)', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('baseline and canary run side by side, each with its own Service and selector', () => {
    const spec = only(manifests, 'Experiment').spec;
    expect(spec.duration).toBe('30m');
    expect(spec.templates.map((t: any) => [t.name, t.replicas, t.service.name, t.template.spec.containers[0].image])).toEqual([
      ['baseline', 2, 'rollouts-demo-baseline', 'argoproj/rollouts-demo:blue'],
      ['canary', 2, 'rollouts-demo-canary', 'argoproj/rollouts-demo:yellow'],
    ]);
    for (const t of spec.templates) {
      expect(t.template.metadata.labels).toMatchObject({ ...t.selector.matchLabels, role: t.name });
    }
  });

  test('the analysis compares the two versions by their pod-template hashes and must complete', () => {
    const spec = only(manifests, 'Experiment').spec;
    expect(spec.analyses).toEqual([{
      name: 'error-rate',
      templateName: 'error-rate-comparison',
      requiredForCompletion: true,
      args: [
        { name: 'baseline-hash', value: '{{templates.baseline.podTemplateHash}}' },
        { name: 'canary-hash', value: '{{templates.canary.podTemplateHash}}' },
        { name: 'namespace', value: 'rollouts-demo' },
      ],
    }]);
    const template = only(manifests, 'AnalysisTemplate');
    expect(template.spec.args.map((a: any) => a.name)).toEqual(['baseline-hash', 'canary-hash', 'namespace']);
  });
});
