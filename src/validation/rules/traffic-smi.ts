/**
 * SMI traffic routing rules. Upstream has no reference validation for SMI; these catch, at synth,
 * what makes the controller fail at run time (`rollout/trafficrouting/smi/smi.go`): a TrafficSplit
 * it does not own, and a root Service that does not exist.
 */
import { joinPath, Manifest, nameOf } from '../manifest';
import { canaryRouting, controlledByRollout } from '../rollout-model';
import { Rule, rule } from '../rule';

const ROLLOUT = ['Rollout'];
const SMI = 'spec.strategy.canary.trafficRouting.smi';
const SMI_GROUP = 'split.smi-spec.io';

/** `trafficRouting.smi` of a canary Rollout, when set. */
function smiOf(r: Manifest): Record<string, any> | undefined {
  return canaryRouting(r, 'smi')?.router;
}

export const SMI_TRAFFIC_RULES: Rule[] = [
  rule({
    id: 'smi-traffic-split-owned',
    ref: 'library',
    kinds: ROLLOUT,
    message: 'Rollout does not own TrafficSplit',
    fix: 'remove the TrafficSplit from the set, or give the rollout another trafficSplitName: the controller creates and owns it',
    *check(r, ctx) {
      const smi = smiOf(r);
      if (!smi) return;
      const name = typeof smi.trafficSplitName === 'string' && smi.trafficSplitName !== '' ? smi.trafficSplitName : nameOf(r);
      const ns = r?.metadata?.namespace;
      const split = ctx.index.findInGroup('TrafficSplit', SMI_GROUP, name, ns);
      if (split && !controlledByRollout(split, r)) {
        yield { path: smi.trafficSplitName ? joinPath(SMI, 'trafficSplitName') : SMI, message: `Rollout does not own TrafficSplit \`${name}\`` };
      }
    },
  }),
  rule({
    id: 'ref-smi-root-service-exists',
    ref: 'library',
    kinds: ROLLOUT,
    message: 'service not found',
    fix: 'add the root Service to the set, or correct its name',
    *check(r, ctx) {
      const root = smiOf(r)?.rootService;
      if (typeof root === 'string' && root !== '' && !ctx.index.find('Service', root, r?.metadata?.namespace)) {
        yield { path: joinPath(SMI, 'rootService'), message: `service ${JSON.stringify(root)} not found`, severity: ctx.missingRefSeverity };
      }
    },
  }),
];
