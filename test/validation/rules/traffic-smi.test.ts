import { service } from './fixtures';
import { allFindings, canaryRollout, canaryServices, ruleFindings } from './traffic-fixtures';
import { Severity } from '../../../src/validation/finding';
import { Manifest } from '../../../src/validation/manifest';

const SMI = 'spec.strategy.canary.trafficRouting.smi';

function trafficSplit(name: string, ownerReferences?: any[]): Manifest {
  return {
    apiVersion: 'split.smi-spec.io/v1alpha2',
    kind: 'TrafficSplit',
    metadata: { name, ownerReferences },
    spec: { service: 'web', backends: [{ service: 'web-stable', weight: 100 }] },
  };
}

test('an SMI canary with its root Service is clean', () => {
  expect(allFindings([canaryRollout({ smi: { rootService: 'web', trafficSplitName: 'web-split' } }), ...canaryServices(), service('web')])).toEqual([]);
});

describe('smi-traffic-split-owned', () => {
  const id = 'smi-traffic-split-owned';
  test('fails for a TrafficSplit of the rollout\'s name in the set', () => {
    expect(ruleFindings(id, [canaryRollout({ smi: {} }), ...canaryServices(), trafficSplit('web')])).toEqual([
      { path: SMI, message: 'Rollout does not own TrafficSplit `web`', severity: Severity.ERROR },
    ]);
  });
  test('fails for a TrafficSplit named by trafficSplitName', () => {
    expect(ruleFindings(id, [canaryRollout({ smi: { trafficSplitName: 'split' } }), ...canaryServices(), trafficSplit('split')])).toEqual([
      { path: `${SMI}.trafficSplitName`, message: 'Rollout does not own TrafficSplit `split`', severity: Severity.ERROR },
    ]);
  });
  test('passes for a TrafficSplit the rollout controls, or one of another name', () => {
    const owned = trafficSplit('web', [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: 'x', controller: true }]);
    expect(ruleFindings(id, [canaryRollout({ smi: {} }), ...canaryServices(), owned])).toEqual([]);
    expect(ruleFindings(id, [canaryRollout({ smi: { trafficSplitName: 'split' } }), ...canaryServices(), trafficSplit('web')])).toEqual([]);
  });
});

describe('ref-smi-root-service-exists', () => {
  const id = 'ref-smi-root-service-exists';
  test('fails for a root Service that is not in the set', () => {
    expect(ruleFindings(id, [canaryRollout({ smi: { rootService: 'web' } }), ...canaryServices()])).toEqual([
      { path: `${SMI}.rootService`, message: 'service "web" not found', severity: Severity.ERROR },
    ]);
  });
  test('reports it as a warning with ignoreMissingRefs', () => {
    expect(ruleFindings(id, [canaryRollout({ smi: { rootService: 'web' } }), ...canaryServices()], true)[0].severity).toBe(Severity.WARNING);
  });
});
