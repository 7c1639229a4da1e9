import * as fs from 'fs';
import { checkedSchema, crdSchemas, SCHEMAS_FILE } from '../../build-tools/crd-schemas';

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
    expect(JSON.parse(fs.readFileSync(SCHEMAS_FILE, 'utf-8'))).toEqual(schemas);
  });
});
