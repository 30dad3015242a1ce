/**
 * Held-out data for choosing: a validation split carved from the training examples, so that a lab can pick its best
 * step or network without looking at the test set (which then gives one unbiased number at the end). Pure (no tfjs).
 */
import type { ImageSet } from '../data/fashion-mnist';
import { deriveSeed, mulberry32, shuffleInPlace } from './random';

export interface ValidationSplitOptions {
  /** Fraction of the examples held out for validation, in (0, 1). Default 0.1. */
  fraction?: number;
  /** Seeds which examples of each class are held out; the same seed gives the same split everywhere. Default 1. */
  seed?: number;
}

export interface ValidationSplit {
  /** The examples to train on (never in `validation`). */
  train: ImageSet;
  /** The held-out examples: choose on these, never train on them. */
  validation: ImageSet;
  /** Indices into the original set, ascending: which examples went where. */
  trainIndices: Int32Array;
  validationIndices: Int32Array;
}

/** The examples `indices` of `set`, copied, in that order. */
export function subsetOf(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const px = set.height * set.width * set.channels;
  const n = indices.length;
  const pixels = new Uint8Array(n * px);
  const images = new Float32Array(n * px);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    if (!(Number.isInteger(i) && i >= 0 && i < set.count)) throw new Error(`subsetOf: index ${String(i)} is outside 0…${set.count - 1}`);
    pixels.set(set.pixels.subarray(i * px, (i + 1) * px), k * px);
    images.set(set.images.subarray(i * px, (i + 1) * px), k * px);
    labels[k] = set.labels[i]!;
  }
  return { ...set, count: n, pixels, images, labels };
}

/**
 * How many validation examples each class gives: `fraction` of its count, by largest remainder so the total is
 * `round(fraction · total)` exactly (ties to the lower class). With 1,000 images per class and 0.1: 100 each.
 */
export function validationQuota(classCounts: readonly number[], fraction: number): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const want = Math.round(fraction * total);
  const exact = classCounts.map((c) => c * fraction);
  const quota = exact.map(Math.floor);
  let left = want - quota.reduce((a, b) => a + b, 0);
  const order = exact.map((e, c) => ({ c, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.c - b.c);
  for (const { c } of order) {
    if (left <= 0) break;
    if (quota[c]! < classCounts[c]!) {
      quota[c]!++;
      left--;
    }
  }
  return quota;
}

/**
 * Splits `set` into training and validation examples: deterministic (a function of the seed and the labels only),
 * stratified (each class gives the same fraction, up to rounding), disjoint and complete. Both parts keep the
 * original order of their examples, so a shuffled set's prefixes stay roughly balanced.
 */
export function splitValidation(set: ImageSet, opts: ValidationSplitOptions = {}): ValidationSplit {
  const fraction = opts.fraction ?? 0.1;
  const seed = opts.seed ?? 1;
  if (!(fraction > 0 && fraction < 1)) throw new Error(`validation fraction must be between 0 and 1 (exclusive), got ${String(fraction)}`);
  if (!Number.isInteger(seed)) throw new Error(`validation seed must be an integer, got ${String(seed)}`);
  const k = set.classes.length;
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < set.count; i++) {
    const y = set.labels[i]!;
    if (!(y >= 0 && y < k)) throw new Error(`splitValidation: label ${y} of example ${i} is outside 0…${k - 1}`);
    byClass[y]!.push(i);
  }
  const quota = validationQuota(
    byClass.map((idx) => idx.length),
    fraction,
  );
  const held = new Uint8Array(set.count);
  byClass.forEach((idx, c) => {
    // One generator per class: adding examples of one class does not move another class's choice.
    const chosen = shuffleInPlace([...idx], mulberry32(deriveSeed(seed, 'validation', c))).slice(0, quota[c]);
    for (const i of chosen) held[i] = 1;
  });
  const validationIndices = Int32Array.from({ length: set.count }, (_, i) => i).filter((i) => held[i] === 1);
  const trainIndices = Int32Array.from({ length: set.count }, (_, i) => i).filter((i) => held[i] === 0);
  if (trainIndices.length === 0 || validationIndices.length === 0) {
    throw new Error(`splitValidation: ${set.count} examples with fraction ${fraction} leave ${trainIndices.length} to train on and ${validationIndices.length} to validate on`);
  }
  return { train: subsetOf(set, trainIndices), validation: subsetOf(set, validationIndices), trainIndices, validationIndices };
}
