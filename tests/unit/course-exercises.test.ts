import { describe, expect, test } from 'vitest';
import { checkNumber, checkText, comparePrediction, formatValue, parseNumber } from '../../src/components/exercises/check';

describe('reading a typed number', () => {
  test.each([
    ['25557032', 25557032],
    ['25,557,032', 25557032],
    ['25.6M', 25.6e6],
    ['4.1 G', 4.1e9],
    ['16.4k', 16400],
    ['2.5e7', 2.5e7],
    [' −3 ', -3],
    ['.5', 0.5],
    ['12 %', 12],
  ])('"%s" reads as %d', (input, expected) => {
    expect(parseNumber(input)).toBeCloseTo(expected, 6);
  });
  test.each(['', 'abc', '1,23', '12x', '--1', 'e5', '.'])('"%s" is not a number', (input) => {
    expect(parseNumber(input)).toBeNull();
  });
});

describe('checking a number', () => {
  test('within the tolerance is correct, within three times it is close, beyond that wrong', () => {
    expect(checkNumber(16384, 16384).verdict).toBe('correct');
    expect(checkNumber(16500, 16384, 0.01).verdict).toBe('correct');
    expect(checkNumber(16800, 16384, 0.01).verdict).toBe('close');
    expect(checkNumber(20000, 16384, 0.01).verdict).toBe('wrong');
    expect(checkNumber(null, 16384).verdict).toBe('unreadable');
  });
  test('against zero compares absolute differences', () => {
    expect(checkNumber(0.005, 0, 0.01).verdict).toBe('correct');
    expect(checkNumber(0.5, 0, 0.01).verdict).toBe('wrong');
  });
  test('reports the signed relative error', () => {
    expect(checkNumber(110, 100).relativeError).toBeCloseTo(0.1, 12);
    expect(checkNumber(90, 100).relativeError).toBeCloseTo(-0.1, 12);
  });
});

describe('checking text', () => {
  test('ignores case, spacing and a final full stop, and accepts every listed spelling', () => {
    expect(checkText('  identity   shortcut. ', ['Identity shortcut'])).toBe('correct');
    expect(checkText('skip', ['Identity shortcut', 'skip'])).toBe('correct');
    expect(checkText('projection', ['Identity shortcut'])).toBe('wrong');
    expect(checkText('   ', ['x'])).toBe('unreadable');
  });
});

describe('a prediction beside the result', () => {
  test('a choice matches the result’s string form', () => {
    expect(comparePrediction({ kind: 'choice', value: 'conv5_x' }, 'conv5_x').verdict).toBe('correct');
    expect(comparePrediction({ kind: 'choice', value: '34' }, 34).verdict).toBe('correct');
    expect(comparePrediction({ kind: 'choice', value: 'conv4_x' }, 'conv5_x').verdict).toBe('wrong');
  });
  test('a number says how far off it was, and in which direction', () => {
    const over = comparePrediction({ kind: 'number', value: 30 }, 25.557032, 0.1);
    expect(over.verdict).toBe('close');
    expect(over.summary).toBe('Your prediction was 17 % above the result.');
    expect(comparePrediction({ kind: 'number', value: 10 }, 25.557032, 0.1).summary).toBe('Your prediction was 61 % below the result.');
    expect(comparePrediction({ kind: 'number', value: 10 }, 25.557032, 0.1).verdict).toBe('wrong');
    const near = comparePrediction({ kind: 'number', value: 25 }, 25.557032, 0.1);
    expect(near.verdict).toBe('correct');
    expect(near.summary).toBe('Your prediction is within 10 %: 2.2 % below the result.');
  });
  test('a number prediction against a result that is not a number is the author’s error, and says so', () => {
    expect(() => comparePrediction({ kind: 'number', value: 3 }, { a: 1 })).toThrow('The experiment produced {"a":1}, which is not a number');
  });
});

describe('formatting values for the comparison table', () => {
  test('rounds to four significant digits below 1000 and groups thousands above', () => {
    expect(formatValue(25.557032)).toBe('25.56');
    expect(formatValue(25557032)).toBe('25,557,032');
    expect(formatValue('conv5_x')).toBe('conv5_x');
  });
});
