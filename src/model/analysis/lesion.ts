/**
 * Lesion study (Veit, Wilber & Belongie 2016, "Residual Networks Behave Like Ensembles of Relatively Shallow
 * Networks"): delete blocks from a trained network and measure its test error.
 *
 * Deleting a residual block removes its residual function and keeps its shortcut (the identity, or the downsampling
 * shortcut of a block that changes resolution or width, as the paper does). A plain block has no shortcut: deleting
 * it makes it the identity, which is possible only when its output has its input's shape. The forward pass does the
 * deleting (`Model.apply(x, { lesion })`): same weights, nothing copied.
 *
 *   const blocks = lesionBlocks(model.spec);                       // which blocks exist and which can be deleted
 *   const error = await lesionError(model, data.test, ['layer2.3']); // test error without block layer2.3
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ImageSet } from '../data/fashion-mnist';
import { blockKeepsShape, type Model } from '../runtime/model';
import type { NetworkSpec } from '../spec';
import { mulberry32, shuffleInPlace } from '../training/random';

export interface LesionBlock {
  /** The block's name in the spec and its weights, e.g. `layer2.0`. */
  name: string;
  stage: string;
  /** Position among all blocks, from 0. */
  index: number;
  /** The block adds a shortcut (a residual block); false for a plain net's block. */
  residual: boolean;
  /** Its output has another shape than its input (a stride or a change of width): a downsampling block. */
  changesShape: boolean;
  /** Whether it can be deleted: every residual block; a plain block only when it keeps the shape. */
  deletable: boolean;
}

/** Every block of the network, in order, with whether it can be deleted. */
export function lesionBlocks(spec: NetworkSpec): LesionBlock[] {
  return spec.stages.flatMap((stage) => stage.blocks.map((block) => ({ block, stage: stage.name }))).map(({ block, stage }, index) => {
    const residual = block.shortcut.kind !== 'none';
    const changesShape = !blockKeepsShape(block);
    return { name: block.name, stage, index, residual, changesShape, deletable: residual || !changesShape };
  });
}

/**
 * `draws` sets of `k` distinct blocks chosen at random from `candidates` (seeded: the same arguments give the same
 * sets), each listed in network order. Throws when k is larger than the number of candidates.
 */
export function randomLesions(candidates: readonly string[], k: number, draws: number, seed: number): string[][] {
  if (!Number.isInteger(k) || k < 0 || k > candidates.length) throw new Error(`randomLesions: k must be an integer in 0…${candidates.length}, got ${k}`);
  if (!Number.isInteger(draws) || draws < 0) throw new Error(`randomLesions: draws must be a non-negative integer, got ${draws}`);
  const random = mulberry32(seed);
  return Array.from({ length: draws }, () => {
    const chosen = new Set(shuffleInPlace([...candidates], random).slice(0, k));
    return candidates.filter((c) => chosen.has(c));
  });
}

/** Images [count, h, w, c] as the network sees them, and their labels (an `ImageSet` of the Fashion-MNIST subset). */
export type LabelledImages = Pick<ImageSet, 'count' | 'images' | 'labels'>;

export interface LesionEvalOptions {
  /** Images per forward pass (default 250): bounds memory, and lets progress and cancel act between batches. */
  batchSize?: number;
  /** Called after every batch with the images done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between batches: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Error rate (wrong / count) of `model` without the blocks in `lesion` on every image of `set`, BatchNorm in inference
 * mode (running averages). Applied to the test split this measures fixed, already trained nets; nothing is chosen by
 * it, so using the test split does not select on it. Leaves no tensors behind, also when cancelled.
 */
export async function lesionError(model: Model, set: LabelledImages, lesion: readonly string[] = [], opts: LesionEvalOptions = {}): Promise<number> {
  const batchSize = opts.batchSize ?? 250;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`lesionError: batchSize must be a positive integer, got ${batchSize}`);
  if (set.count === 0) throw new Error('lesionError: the image set is empty');
  const [h, w, c] = model.spec.inputShape;
  const pixels = h * w * c;
  if (set.images.length !== set.count * pixels) throw new Error(`lesionError: ${set.count} images of ${h}×${w}×${c} need ${set.count * pixels} values, got ${set.images.length}`);
  let wrong = 0;
  for (let start = 0; start < set.count; start += batchSize) {
    // A macrotask between batches: on wasm and cpu `data()` resolves as a microtask, so without this a worker never
    // gets to read the page's cancel message until every batch is done.
    if (start > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    opts.signal?.throwIfAborted();
    const n = Math.min(batchSize, set.count - start);
    const predicted = tf.tidy(() => {
      const x = tf.tensor4d(set.images.subarray(start * pixels, (start + n) * pixels), [n, h, w, c]);
      return tf.argMax(model.apply(x, { lesion }), 1);
    });
    try {
      const classes = await predicted.data();
      for (let i = 0; i < n; i++) if (classes[i] !== set.labels[start + i]) wrong++;
    } finally {
      predicted.dispose();
    }
    opts.onProgress?.(start + n, set.count);
  }
  return wrong / set.count;
}

/**
 * How many of the 2ⁿ paths through an n-block residual net pass through exactly k residual functions, for k = 0…n:
 * C(n, k) (Veit et al. 2016: each block is either entered or skipped). Exact (BigInt) for any n; as numbers, exact
 * while below 2⁵³ (n ≤ 56 at least).
 */
export function pathLengthCounts(n: number): bigint[] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`pathLengthCounts: n must be a non-negative integer, got ${n}`);
  const counts: bigint[] = [1n];
  for (let k = 1; k <= n; k++) counts.push((counts[k - 1]! * BigInt(n - k + 1)) / BigInt(k));
  return counts;
}

/** The share of paths of each length 0…n: C(n, k) / 2ⁿ (a binomial distribution with p = ½). */
export function pathLengthFractions(n: number): number[] {
  const total = 2n ** BigInt(n);
  // Scale before dividing so that shares far below 2^-53 of the total keep their digits.
  return pathLengthCounts(n).map((c) => Number((c * 10n ** 18n) / total) / 1e18);
}

/** The share of paths through at most `maxLength` residual functions. */
export function fractionOfPathsAtMost(n: number, maxLength: number): number {
  const counts = pathLengthCounts(n);
  const upTo = counts.slice(0, Math.max(0, Math.floor(maxLength) + 1)).reduce((a, b) => a + b, 0n);
  return Number((upTo * 10n ** 18n) / 2n ** BigInt(n)) / 1e18;
}
