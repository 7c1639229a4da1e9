import { labelKeyErrors, labelValueErrors, selectorMatches, validateLabels, validateLabelSelector } from '../../src/validation/labels';

const NAME_PART = 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')';
const PREFIX = 'prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';
const QUALIFIED = 'a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')';
const VALUE = 'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')';

describe('labelKeyErrors (IsQualifiedName)', () => {
  test.each(['app', 'App_1', 'a', 'app.kubernetes.io/name', 'example.com/MyName', 'x'.repeat(63), `${'a'.repeat(253)}/b`])('%j is valid', (key) => {
    expect(labelKeyErrors(key)).toEqual([]);
  });

  test.each([
    ['-app', [NAME_PART]],
    ['app-', [NAME_PART]],
    ['my app', [NAME_PART]],
    ['', ['name part must be non-empty', NAME_PART]],
    ['example.com/', ['name part must be non-empty', NAME_PART]],
    ['/name', ['prefix part must be non-empty']],
    ['Example.com/name', [PREFIX]],
    [`${'a'.repeat(254)}/name`, ['prefix part must be no more than 253 characters']],
    ['x'.repeat(64), ['name part must be no more than 63 characters']],
    [`-${'x'.repeat(63)}`, ['name part must be no more than 63 characters', NAME_PART]],
    ['a/b/c', [QUALIFIED]],
  ])('%j is invalid', (key, errors) => {
    expect(labelKeyErrors(key)).toEqual(errors);
  });
});

describe('labelValueErrors (IsValidLabelValue)', () => {
  test.each(['', 'web', 'MyValue', 'my_value', '12345', 'a.b-c', 'v'.repeat(63)])('%j is valid', (value) => {
    expect(labelValueErrors(value)).toEqual([]);
  });

  test.each([
    ['-web', [VALUE]],
    ['web/1', [VALUE]],
    ['v'.repeat(64), ['must be no more than 63 characters']],
    [`${'v'.repeat(63)}-`, ['must be no more than 63 characters', VALUE]],
    [5, ['must be a string']],
  ])('%j is invalid', (value, errors) => {
    expect(labelValueErrors(value)).toEqual(errors);
  });
});

describe('validateLabels', () => {
  test('reports keys at the map and values at their entry', () => {
    expect(validateLabels({ 'app': 'web', '-tier': 'front', 'track': '-stable' }, 'spec.template.metadata.labels')).toEqual([
      { path: 'spec.template.metadata.labels', message: `Invalid value: "-tier": ${NAME_PART}` },
      { path: 'spec.template.metadata.labels.track', message: `Invalid value: "-stable": ${VALUE}` },
    ]);
  });

  test('ignores anything that is not a map', () => {
    expect(validateLabels(undefined, 'p')).toEqual([]);
    expect(validateLabels(['app'], 'p')).toEqual([]);
  });
});

describe('validateLabelSelector (ValidateLabelSelector)', () => {
  const p = 'spec.selector';

  test('accepts every operator used correctly', () => {
    expect(validateLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'back'] },
        { key: 'track', operator: 'NotIn', values: ['canary'] },
        { key: 'example.com/team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist', values: [] },
      ],
    }, p)).toEqual([]);
  });

  test('reports an unknown operator as Kubernetes does', () => {
    expect(validateLabelSelector({ matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] }, p)).toEqual([
      { path: 'spec.selector.matchExpressions[0].operator', message: 'Invalid value: "Equals": not a valid selector operator' },
    ]);
  });

  test('requires values for In and NotIn', () => {
    expect(validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In' }, { key: 'b', operator: 'NotIn', values: [] }] }, p)).toEqual([
      { path: 'spec.selector.matchExpressions[0].values', message: 'Required value: must be specified when `operator` is \'In\' or \'NotIn\'' },
      { path: 'spec.selector.matchExpressions[1].values', message: 'Required value: must be specified when `operator` is \'In\' or \'NotIn\'' },
    ]);
  });

  test('forbids values for Exists and DoesNotExist', () => {
    expect(validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, p)).toEqual([
      { path: 'spec.selector.matchExpressions[0].values', message: 'Forbidden: may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'' },
    ]);
  });

  test('checks expression keys and values', () => {
    expect(validateLabelSelector({ matchExpressions: [{ key: 'a b', operator: 'In', values: ['ok', 'not ok'] }] }, p)).toEqual([
      { path: 'spec.selector.matchExpressions[0].key', message: `Invalid value: "a b": ${NAME_PART}` },
      { path: 'spec.selector.matchExpressions[0].values[1]', message: `Invalid value: "not ok": ${VALUE}` },
    ]);
  });

  test('checks matchLabels', () => {
    expect(validateLabelSelector({ matchLabels: { app: '-web' } }, p)).toEqual([
      { path: 'spec.selector.matchLabels.app', message: `Invalid value: "-web": ${VALUE}` },
    ]);
  });

  test('ignores a selector that is not an object', () => {
    expect(validateLabelSelector(undefined, p)).toEqual([]);
    expect(validateLabelSelector('app=web', p)).toEqual([]);
  });
});

describe('selectorMatches', () => {
  const labels = { app: 'web', tier: 'front' };

  test('matchLabels must all be present with the same value', () => {
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'web', tier: 'front' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'api' } }, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { track: 'stable' } }, labels)).toBe(false);
  });

  test('In needs the key with one of the values', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'track', operator: 'In', values: ['stable'] }] }, labels)).toBe(false);
  });

  test('NotIn passes when the key is absent or has another value', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false);
  });

  test('Exists and DoesNotExist look at the key only', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'track', operator: 'Exists' }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'track', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels)).toBe(false);
  });

  test('an unknown operator, a missing selector and missing labels do not match', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Equals', values: ['front'] }] }, labels)).toBe(false);
    expect(selectorMatches(undefined, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { app: 'web' } }, undefined)).toBe(false);
  });

  test('an empty selector matches everything', () => {
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches({}, undefined)).toBe(true);
  });
});
