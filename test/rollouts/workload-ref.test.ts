import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { BlueGreenRollout, CanaryRollout, CanaryStep, TrafficRouting, WorkloadRef, WorkloadScaleDown } from '../../src';
import { only, synthError, synthValid } from '../support/synth';

const container = { image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 };

describe('workloadRef (migration from a Deployment)', () => {
  test('references a Deployment of the app: no pod template, the Deployment\'s selector, Services on its ports', () => {
    const chart = Testing.chart();
    const dep = new kplus.Deployment(chart, 'legacy', { metadata: { name: 'legacy' }, containers: [container] });
    const ingress = new kplus.Ingress(chart, 'Ingress', { metadata: { name: 'web' } });
    const rollout = new CanaryRollout(chart, 'web', {
      metadata: { name: 'web' },
      workloadRef: WorkloadRef.fromDeployment(dep, { scaleDown: WorkloadScaleDown.PROGRESSIVELY }),
      trafficRouting: TrafficRouting.nginx({ stableIngress: ingress }),
      steps: [CanaryStep.weight(20), CanaryStep.pauseUntilPromoted()],
    });
    ingress.addRule('/', kplus.IngressBackend.fromService(rollout.stableService!));
    const manifests = synthValid(chart);
    const ro = only(manifests, 'Rollout');
    expect(ro.spec.template).toBeUndefined();
    expect(ro.spec.workloadRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy', scaleDown: 'progressively' });
    const depManifest = only(manifests, 'Deployment');
    expect(ro.spec.selector).toEqual(depManifest.spec.selector);
    const stable = manifests.find((m) => m.kind === 'Service' && m.metadata.name === 'web-stable');
    expect(stable.spec.selector).toEqual(depManifest.spec.template.metadata.labels);
    expect(stable.spec.ports).toEqual([{ port: 8080, targetPort: 8080 }]);
  });

  test('a Deployment of another namespace than the Rollout fails synth (the controller looks it up only in the Rollout\'s)', () => {
    const chart = Testing.chart();
    const dep = new kplus.Deployment(chart, 'legacy', { metadata: { name: 'legacy', namespace: 'legacy-ns' }, containers: [container] });
    new BlueGreenRollout(chart, 'web', { metadata: { name: 'web', namespace: 'shop' }, replicas: 2, workloadRef: WorkloadRef.fromDeployment(dep) });
    expect(synthError(chart)).toContain('Rollout/web spec.workloadRef.name: deployments.apps "legacy" not found: the controller looks the workloadRef up only in the Rollout\'s namespace "shop", and Deployment/legacy is in "legacy-ns"');
    const ok = Testing.chart();
    const same = new kplus.Deployment(ok, 'legacy', { metadata: { name: 'legacy', namespace: 'shop' }, containers: [container] });
    new BlueGreenRollout(ok, 'web', { metadata: { name: 'web', namespace: 'shop' }, replicas: 2, workloadRef: WorkloadRef.fromDeployment(same) });
    expect(synthError(ok)).toBeUndefined();
  });

  test('references a Deployment by name with its pod labels', () => {
    const chart = Testing.chart();
    new CanaryRollout(chart, 'web', {
      workloadRef: WorkloadRef.fromDeploymentName('legacy', { matchLabels: { app: 'legacy' }, scaleDown: WorkloadScaleDown.ON_SUCCESS }),
      steps: [CanaryStep.weight(50)],
    });
    const ro = only(synthValid(chart), 'Rollout');
    expect(ro.spec.template).toBeUndefined();
    expect(ro.spec.selector).toEqual({ matchLabels: { app: 'legacy' } });
    expect(ro.spec.workloadRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy', scaleDown: 'onsuccess' });
    expect(() => WorkloadRef.fromDeploymentName('legacy', { matchLabels: {} }))
      .toThrow('WorkloadRef.fromDeploymentName("legacy") needs "matchLabels": the labels of the Deployment\'s pods, which the Rollout selects');
  });

  test('a blue-green rollout takes a workloadRef too: active/preview Services select the Deployment\'s pods', () => {
    const chart = Testing.chart();
    const dep = new kplus.Deployment(chart, 'legacy', { metadata: { name: 'legacy' }, containers: [container] });
    new BlueGreenRollout(chart, 'web', { metadata: { name: 'web' }, workloadRef: WorkloadRef.fromDeployment(dep) });
    const manifests = synthValid(chart);
    const ro = only(manifests, 'Rollout');
    expect(ro.spec.template).toBeUndefined();
    expect(ro.spec.workloadRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy' });
    expect(ro.spec.strategy.blueGreen).toMatchObject({ activeService: 'web-active', previewService: 'web-preview' });
    const podLabels = only(manifests, 'Deployment').spec.template.metadata.labels;
    for (const s of manifests.filter((m) => m.kind === 'Service')) expect(s.spec.selector).toEqual(podLabels);
  });

  test('a Service that does not select the referenced Deployment\'s pods fails synth (RR1 on the Deployment\'s labels)', () => {
    const chart = Testing.chart();
    const dep = new kplus.Deployment(chart, 'legacy', { metadata: { name: 'legacy' }, containers: [container] });
    const active = new kplus.Service(chart, 'Active', { metadata: { name: 'web' }, ports: [{ port: 8080 }] });
    active.selectLabel('app', 'other');
    new BlueGreenRollout(chart, 'web', { metadata: { name: 'web' }, workloadRef: WorkloadRef.fromDeployment(dep), activeService: active });
    const error = synthError(chart)!;
    expect(error).toContain('[test/web] Rollout/web spec.strategy.blueGreen.activeService: Service "web" has unmatch label "app" in rollout');
    expect(error).toMatch(/\[ref-service-selects-pods\]$/m);
  });

  test('never both: containers together with a workloadRef fail synth', () => {
    const chart = Testing.chart();
    new CanaryRollout(chart, 'web', {
      containers: [container],
      workloadRef: WorkloadRef.fromDeploymentName('legacy', { matchLabels: { app: 'legacy' } }),
    });
    expect(synthError(chart)).toContain('[test/web] a Rollout with "workloadRef" takes its pod template from Deployment "legacy": remove its containers (found 1)');
  });

  test('pod labels or annotations added to a workloadRef Rollout fail synth: the pods are the Deployment\'s', () => {
    const chart = Testing.chart();
    const r = new CanaryRollout(chart, 'web', { workloadRef: WorkloadRef.fromDeploymentName('legacy', { matchLabels: { app: 'legacy' } }) });
    expect(synthError(chart)).toBeUndefined(); // cdk8s-plus's own selector label is not the user's
    r.podMetadata.addLabel('team', 'shop');
    r.podMetadata.addAnnotation('note', 'x');
    expect(synthError(chart)).toContain('[test/web] a Rollout with "workloadRef" runs the pods of Deployment "legacy", so its own pod metadata is not used: '
      + 'set label "team", annotation "note" on the Deployment\'s pod template instead');
  });
});
