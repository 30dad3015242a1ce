// The transfer-learning validation split: stratified, seeded, disjoint and complete, every class both trained on and
// validated on, and a clear error when a class is too small to split.
import { describe, expect, test } from 'vitest';
import { stratifiedSplit } from '../../src/model/transfer/split';

const labelsOf = (counts: number[]) => counts.flatMap((c, k) => new Array<number>(c).fill(k));

describe('stratifiedSplit', () => {
  test('3 classes × 30 images at 20 % hold out 6 of each class; train and validation are disjoint, complete and ascending', () => {
    const labels = labelsOf([30, 30, 30]);
    const { train, validation } = stratifiedSplit(labels, 0.2, 1);
    expect(validation).toHaveLength(18);
    for (let k = 0; k < 3; k++) expect(validation.filter((i) => labels[i] === k)).toHaveLength(6);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    expect(train).toEqual([...train].sort((a, b) => a - b));
    expect(validation).toEqual([...validation].sort((a, b) => a - b));
  });

  test('the same labels and seed give the same split; another seed gives another', () => {
    const labels = labelsOf([20, 20]);
    expect(stratifiedSplit(labels, 0.25, 7)).toEqual(stratifiedSplit(labels, 0.25, 7));
    expect(stratifiedSplit(labels, 0.25, 8).validation).not.toEqual(stratifiedSplit(labels, 0.25, 7).validation);
  });

  test('a class of 2 gives one image to each side, however small the fraction; a large fraction still leaves one to train', () => {
    const labels = labelsOf([2, 10]);
    const small = stratifiedSplit(labels, 0.01, 1);
    expect(small.validation.filter((i) => labels[i] === 0)).toHaveLength(1);
    expect(small.train.filter((i) => labels[i] === 0)).toHaveLength(1);
    const large = stratifiedSplit(labels, 0.95, 1);
    expect(large.train.filter((i) => labels[i] === 1)).toHaveLength(1);
  });

  test('adding images to one class does not change which images another class holds out', () => {
    const before = labelsOf([10, 10]);
    const after = [...before, 1, 1, 1, 1, 1];
    const classZero = (s: { validation: number[] }, labels: number[]) => s.validation.filter((i) => labels[i] === 0);
    expect(classZero(stratifiedSplit(after, 0.2, 3), after)).toEqual(classZero(stratifiedSplit(before, 0.2, 3), before));
  });

  test('a class with one image cannot be split, and the error names it; without validation it trains', () => {
    const labels = [0, 0, 0, 2, 1, 1];
    expect(() => stratifiedSplit(labels, 0.2, 1)).toThrow(/class 2 has only 1 example/);
    expect(stratifiedSplit(labels, 0, 1)).toEqual({ train: [0, 1, 2, 3, 4, 5], validation: [] });
  });

  test('bad arguments are refused with the value quoted', () => {
    expect(() => stratifiedSplit([0, 1], 1, 1)).toThrow(/\[0, 1\), got 1/);
    expect(() => stratifiedSplit([0, 1], 0.2, 1.5)).toThrow(/integer, got 1.5/);
    expect(() => stratifiedSplit([0, -1], 0.2, 1)).toThrow(/label -1 of example 1/);
  });
});
