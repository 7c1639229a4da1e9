import { allFindings, canaryRollout, canaryServices, ruleFindings } from './traffic-fixtures';
import { Severity } from '../../../src/validation/finding';
import { Manifest } from '../../../src/validation/manifest';

const AMB = 'spec.strategy.canary.trafficRouting.ambassador';
const E = Severity.ERROR;

function mapping(name: string, spec: Record<string, any> = {}, apiVersion = 'getambassador.io/v3alpha1'): Manifest {
  return { apiVersion, kind: 'Mapping', metadata: { name }, spec: { hostname: '*', prefix: '/', service: 'web-stable:80', ...spec } };
}

function set(mappings: string[], ...objects: Manifest[]): Manifest[] {
  return [canaryRollout({ ambassador: { mappings } }), ...canaryServices(), ...objects];
}

test('an Ambassador canary whose Mappings have no weight is clean', () => {
  expect(allFindings(set(['web', 'web-grpc'], mapping('web'), mapping('web-grpc', {}, 'x.getambassador.io/v4alpha1')))).toEqual([]);
});

describe('ambassador-mappings-required (RR14)', () => {
  test('fails for an empty mapping list', () => {
    expect(ruleFindings('ambassador-mappings-required', set([]))).toEqual([
      { path: `${AMB}.mappings`, message: 'must provide at least one mapping', severity: E },
    ]);
  });
});

describe('ref-ambassador-mapping-exists (RR14)', () => {
  const id = 'ref-ambassador-mapping-exists';
  test('fails for a Mapping that is not in the set', () => {
    expect(ruleFindings(id, set(['web', 'api'], mapping('web')))).toEqual([
      { path: `${AMB}.mappings[1]`, message: 'mappings.getambassador.io "api" not found', severity: E },
    ]);
  });
  test('reports it as a warning with ignoreMissingRefs, and ignores Mappings of other groups', () => {
    expect(ruleFindings(id, set(['web'], mapping('web', {}, 'example.com/v1')), true)).toEqual([
      { path: `${AMB}.mappings[0]`, message: 'mappings.getambassador.io "web" not found', severity: Severity.WARNING },
    ]);
  });
});

describe('ambassador-mapping-no-weight (RR14)', () => {
  const id = 'ambassador-mapping-no-weight';
  test('fails for a Mapping with a weight', () => {
    expect(ruleFindings(id, set(['web'], mapping('web', { weight: 10 })))).toEqual([
      { path: `${AMB}.mappings[0]`, message: 'Ambassador mapping "web" can not define weight', severity: E },
    ]);
  });
  test('passes for weight 0 (what the controller reads for an unset weight)', () => {
    expect(ruleFindings(id, set(['web'], mapping('web', { weight: 0 })))).toEqual([]);
  });
});
