import { goDurationError, intValue, isPlaceholder, parseGoDuration, pauseDurationSeconds } from '../../src/validation/duration';

describe('parseGoDuration (Go time.ParseDuration)', () => {
  test.each([
    ['300ms', 0.3],
    ['1.5h', 5400],
    ['2h45m', 9900],
    ['1h30m', 5400],
    ['0', 0],
    ['-0', 0],
    ['-1s', -1],
    ['+5m', 300],
    ['.5s', 0.5],
    ['1.s', 1],
    ['1h0m0s', 3600],
    ['10us', 0.00001],
    ['10\u00b5s', 0.00001],
    ['10\u03bcs', 0.00001],
    ['7ns', 7e-9],
  ])('%j is %d seconds', (s, seconds) => {
    expect(parseGoDuration(s)).toBeCloseTo(seconds, 12);
    expect(goDurationError(s)).toBeUndefined();
  });

  test.each([
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['10', 'time: missing unit in duration "10"'],
    ['', 'time: invalid duration ""'],
    ['h', 'time: invalid duration "h"'],
    ['1.', 'time: missing unit in duration "1."'],
    ['.s', 'time: invalid duration ".s"'],
    ['-', 'time: invalid duration "-"'],
    ['1h 30m', 'time: unknown unit "h " in duration "1h 30m"'],
    ['1.5.5h', 'time: missing unit in duration "1.5.5h"'],
    ['5M', 'time: unknown unit "M" in duration "5M"'],
    ['3\u00e9', 'time: unknown unit "\\xc3\\xa9" in duration "3\\xc3\\xa9"'],
    ['1"s', 'time: unknown unit "\\"s" in duration "1\\"s"'],
    ['9999999999h', 'time: invalid duration "9999999999h"'],
  ])('%j is invalid: %s', (s, error) => {
    expect(parseGoDuration(s)).toBeUndefined();
    expect(goDurationError(s)).toBe(error);
  });

  test('a value that is not a string is invalid', () => {
    expect(parseGoDuration(30 as any)).toBeUndefined();
  });
});

describe('pauseDurationSeconds (RolloutPause.DurationSeconds)', () => {
  test.each([
    [10, 10],
    [0, 0],
    [-5, -5],
    ['10', 10],
    ['1m', 60],
    ['1.5s', 1],
    ['1h30m', 5400],
    ['+5', 5],
    ['2147483647', 2147483647],
  ])('%j is %d seconds', (d, seconds) => {
    expect(pauseDurationSeconds(d)).toBe(seconds);
  });

  // an integer string outside int32 fails strconv.ParseInt, then time.ParseDuration (no unit)
  test.each([1.5, '1d', 'soon', '', null, undefined, {}, '2147483648', '99999999999'])('%j is -1 (invalid)', (d) => {
    expect(pauseDurationSeconds(d)).toBe(-1);
  });
});

describe('intValue (IntOrString.IntValue)', () => {
  test.each([
    [5, 5],
    ['5', 5],
    ['+5', 5],
    ['-1', -1],
    ['{{args.count}}', 0],
    ['25%', 0],
    [' 5', 0],
  ])('%j reads as %d', (v, n) => {
    expect(intValue(v)).toBe(n);
  });
});

describe('isPlaceholder', () => {
  test('is true for a string with {{ and false otherwise', () => {
    expect(isPlaceholder('{{args.count}}')).toBe(true);
    expect(isPlaceholder('x-{{ args.count }}')).toBe(true);
    expect(isPlaceholder('5')).toBe(false);
    expect(isPlaceholder(5)).toBe(false);
    expect(isPlaceholder(undefined)).toBe(false);
  });
});
