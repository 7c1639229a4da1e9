import * as fs from 'fs';
import { checkedSchema, crdSchemas, shareDefinitions } from '../../build-tools/crd-schemas';
import { SCHEMAS_FILE } from '../../src/validation/schema';

describe('build-tools/crd-schemas', () => {
  test('a schema is rewritten for ajv: no descriptions, no undeclared fields unless preserved, int-or-string as either', () => {
    const schema = {
      type: 'object',
      description: 'a Rollout',
      properties: {
        spec: { type: 'object', description: 'its spec', properties: { maxSurge: { 'type': 'string', 'x-kubernetes-int-or-string': true } } },
        status: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true, 'properties': { phase: { type: 'string' } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        // a field named "description" is a field, not documentation
        args: { type: 'object', properties: { description: { type: 'string' } } },
      },
    };
    expect(checkedSchema(schema)).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        spec: { type: 'object', additionalProperties: false, properties: { maxSurge: { 'x-kubernetes-int-or-string': true, 'anyOf': [{ type: 'integer' }, { type: 'string' }] } } },
        status: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true, 'properties': { phase: { type: 'string' } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        args: { type: 'object', additionalProperties: false, properties: { description: { type: 'string' } } },
      },
    });
  });

  test('every kind of the pinned CRDs, AnalysisRun included; the generated file is up to date', () => {
    const schemas = crdSchemas();
    expect(Object.keys(schemas).sort()).toEqual([
      'AnalysisRun', 'AnalysisTemplate', 'AppProject', 'Application', 'ApplicationSet', 'ClusterAnalysisTemplate', 'Experiment', 'Rollout',
    ].map((k) => `argoproj.io/v1alpha1/${k}`));
    expect(JSON.stringify(schemas)).not.toContain('"description":"');
    expect(JSON.parse(fs.readFileSync(SCHEMAS_FILE, 'utf-8'))).toEqual(shareDefinitions(schemas));
  });

  test('large subschemas that occur more than once are written once and referenced', () => {
    const big = { type: 'object', additionalProperties: false, properties: Object.fromEntries([...Array(40)].map((_, i) => [`field${i}`, { type: 'string' }])) };
    const small = { type: 'string' };
    const shared = shareDefinitions({
      'g/v/A': { type: 'object', properties: { pod: big, name: small } },
      'g/v/B': { type: 'object', properties: { items: { type: 'array', items: big }, name: small } },
      'g/v/C': { type: 'object', properties: { only: { ...big, required: ['field0'] } } },
    }, 500);
    expect(shared.definitions).toEqual({ d0: big });
    expect(shared.schemas['g/v/A'].properties).toEqual({ pod: { $ref: 'defs#/definitions/d0' }, name: small });
    expect(shared.schemas['g/v/B'].properties.items.items).toEqual({ $ref: 'defs#/definitions/d0' });
    // a subschema that occurs once stays where it is
    expect(shared.schemas['g/v/C'].properties.only.required).toEqual(['field0']);
  });

  test('the pinned CRDs share their pod template and Application template schemas: the file is a fraction of the schemas', () => {
    const schemas = crdSchemas();
    const shared = shareDefinitions(schemas);
    expect(Object.keys(shared.definitions).length).toBeGreaterThan(5);
    expect(JSON.stringify(shared).length).toBeLessThan(JSON.stringify(schemas).length / 4);
  });
});
