/**
 * Loss-landscape slices (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets"): the training loss at
 * θ + αδ (1-D) or θ + αδ + βη (2-D) around trained weights θ, along filter-normalised random directions
 * (./directions.ts), on one fixed batch of training images. Each point is one forward pass over that batch.
 *
 *   const batch = fixedBatch(data.train, 256, 1);
 *   const { x, y } = await landscapeDirections(model, 1);
 *   const slice = await lossSlice2d(model, batch, x, y, { alphas: linspace(-1, 1, 21), betas: linspace(-1, 1, 21) });
 *
 * The model's variables are overwritten point by point and restored exactly (the same tensors' data) afterwards,
 * also when the slice fails or is aborted. No tensor outlives a call except the directions' caller-owned arrays.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ImageSet } from '../data/fashion-mnist';
import type { Model } from '../runtime/model';
import { crossEntropy } from '../runtime/train';
import { deriveSeed, permutation } from '../training/random';
import { macrotask } from '../training/yield';
import { type Direction, filterNormalizedDirection } from './directions';

export * from './directions';

/** A fixed set of images and labels: every point of a slice is evaluated on exactly these. */
export interface LandscapeBatch {
  /** Which examples of the split, in order (for the record). */
  indices: number[];
  /** [count, h, w, c] normalised pixels. */
  images: Float32Array;
  labels: Int32Array;
  shape: [number, number, number];
}

/** `count` examples of `set` drawn without replacement by a seeded permutation (sorted, for a readable record). */
export function fixedBatch(set: ImageSet, count: number, seed: number): LandscapeBatch {
  if (!Number.isInteger(count) || count < 1 || count > set.count) throw new Error(`fixedBatch: count must be an integer in 1…${set.count}, got ${count}`);
  const indices = Array.from(permutation(set.count, deriveSeed(seed, 'landscape-batch')).subarray(0, count)).sort((a, b) => a - b);
  const px = set.height * set.width * set.channels;
  const images = new Float32Array(count * px);
  const labels = new Int32Array(count);
  indices.forEach((i, b) => {
    images.set(set.images.subarray(i * px, (i + 1) * px), b * px);
    labels[b] = set.labels[i]!;
  });
  return { indices, images, labels, shape: [set.height, set.width, set.channels] };
}

/** The model's weights as arrays, by name (a copy). */
export async function weightValues(model: Model): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [name, v] of model.weights) out.set(name, Float32Array.from((await v.data()) as Float32Array));
  return out;
}

/** One filter-normalised direction for `model`'s current weights (see `filterNormalizedDirection`). */
export async function randomDirection(model: Model, seed: number): Promise<Direction> {
  return filterNormalizedDirection([...model.layout.values()], await weightValues(model), seed);
}

/** The two directions of a 2-D slice for one seed: x from `deriveSeed(seed, 'x')`, y from `deriveSeed(seed, 'y')`. */
export async function landscapeDirections(model: Model, seed: number): Promise<{ x: Direction; y: Direction }> {
  const values = await weightValues(model);
  const layout = [...model.layout.values()];
  return { x: filterNormalizedDirection(layout, values, deriveSeed(seed, 'x')), y: filterNormalizedDirection(layout, values, deriveSeed(seed, 'y')) };
}

export interface SliceOptions {
  /** Images per forward pass (default 128): bounds the activations' memory, not the result. */
  chunkSize?: number;
  /** Called after every point: points done and in all. */
  onProgress?: (done: number, total: number) => void;
  /** Called with each point as soon as it is known (in evaluation order), so a plot can fill in. */
  onPoint?: (point: LandscapePoint) => void;
  /** Aborting stops before the next chunk of images: the call rejects with the signal's reason, weights restored. */
  signal?: AbortSignal;
  /** Awaited between points and between chunks so a page or worker stays responsive (default: a macrotask). */
  yieldFn?: () => Promise<void>;
}

export interface LandscapePoint {
  /** Index in evaluation order: 1-D, the index of α; 2-D, row-major (row = β index, column = α index). */
  index: number;
  alpha: number;
  beta: number;
  /** Mean cross-entropy over the batch. */
  loss: number;
  /** Fraction of the batch whose top class is wrong. */
  error: number;
}

export interface Slice1d {
  alphas: number[];
  loss: number[];
  error: number[];
}

export interface Slice2d {
  alphas: number[];
  betas: number[];
  /** loss[row][col]: row = β index, col = α index. */
  loss: number[][];
  error: number[][];
}

/** The loss along θ + αδ, for each α. */
export async function lossSlice1d(model: Model, batch: LandscapeBatch, dir: Direction, alphas: readonly number[], opts: SliceOptions = {}): Promise<Slice1d> {
  const points = await evaluatePoints(model, batch, [dir], alphas.map((a) => [a]), opts);
  return { alphas: [...alphas], loss: points.map((p) => p.loss), error: points.map((p) => p.error) };
}

/** The loss over θ + αδ + βη on a grid, evaluated row by row (β outer, α inner), so a plot fills from one edge. */
export async function lossSlice2d(model: Model, batch: LandscapeBatch, dirX: Direction, dirY: Direction, grid: { alphas: readonly number[]; betas: readonly number[] }, opts: SliceOptions = {}): Promise<Slice2d> {
  const coords = grid.betas.flatMap((b) => grid.alphas.map((a) => [a, b]));
  const points = await evaluatePoints(model, batch, [dirX, dirY], coords, opts);
  const rows = grid.betas.map((_, r) => points.slice(r * grid.alphas.length, (r + 1) * grid.alphas.length));
  return { alphas: [...grid.alphas], betas: [...grid.betas], loss: rows.map((row) => row.map((p) => p.loss)), error: rows.map((row) => row.map((p) => p.error)) };
}

function checkDirection(model: Model, dir: Direction): void {
  if (dir.entries.length !== model.weights.size) throw new Error(`the direction has ${dir.entries.length} entries, ${model.spec.name} has ${model.weights.size} weights`);
  for (const e of dir.entries) {
    const v = model.weights.get(e.name);
    if (!v) throw new Error(`the direction has an entry "${e.name}" that ${model.spec.name} does not have`);
    if (v.shape.join() !== e.shape.join() || e.values.length !== v.size) throw new Error(`the direction's "${e.name}" has shape [${e.shape.join(', ')}], the weight [${v.shape.join(', ')}]`);
  }
}

/**
 * Sets the weights to θ + Σ cᵢ·dirᵢ for each tuple of coefficients c and evaluates the loss and error on the batch,
 * BatchNorm in inference mode (running statistics). Why inference mode: the paper plots the loss of the trained
 * network, which normalises with its running statistics; with batch statistics every perturbed layer's output would
 * be re-centred and re-scaled by the next BatchNorm, hiding much of the perturbation the plot is meant to show.
 */
async function evaluatePoints(model: Model, batch: LandscapeBatch, dirs: readonly Direction[], coords: readonly number[][], opts: SliceOptions): Promise<LandscapePoint[]> {
  const chunkSize = opts.chunkSize ?? 128;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`chunkSize must be a positive integer, got ${String(chunkSize)}`);
  const count = batch.labels.length;
  if (count < 1 || batch.images.length !== count * batch.shape[0] * batch.shape[1] * batch.shape[2]) throw new Error(`the batch's images do not match its ${count} labels of shape [${batch.shape.join(', ')}]`);
  for (const d of dirs) checkDirection(model, d);
  opts.signal?.throwIfAborted();
  const yieldFn = opts.yieldFn ?? macrotask;
  // Only weights some direction moves are reassigned; the rest (BatchNorm, biases) keep their variables untouched.
  const moved = [...model.weights.keys()].filter((name) => dirs.some((d) => d.entries.find((e) => e.name === name)!.perturbed));
  const theta = new Map(moved.map((name) => [name, tf.clone(model.weights.get(name)!)] as const));
  const deltas = dirs.map((d) => new Map(d.entries.filter((e) => theta.has(e.name)).map((e) => [e.name, tf.tensor(e.values, e.shape)] as const)));
  const chunks: { x: tf.Tensor4D; y: tf.Tensor1D; size: number }[] = [];
  const px = batch.shape[0] * batch.shape[1] * batch.shape[2];
  for (let start = 0; start < count; start += chunkSize) {
    const size = Math.min(chunkSize, count - start);
    chunks.push({ x: tf.tensor4d(batch.images.subarray(start * px, (start + size) * px), [size, ...batch.shape]), y: tf.tensor1d(batch.labels.subarray(start, start + size), 'int32'), size });
  }
  const points: LandscapePoint[] = [];
  try {
    for (const [index, c] of coords.entries()) {
      opts.signal?.throwIfAborted();
      for (const [name, t] of theta) {
        const v = model.weights.get(name)!;
        if (c.every((k) => k === 0)) {
          v.assign(t); // exactly θ, not θ + 0·δ (which would turn −0 into +0)
          continue;
        }
        const next = tf.tidy(() => c.reduce<tf.Tensor>((acc, k, i) => (k === 0 ? acc : tf.add(acc, tf.mul(deltas[i]!.get(name)!, k))), t));
        v.assign(next);
        next.dispose(); // the variable keeps its own reference to the data
      }
      let lossSum = 0;
      let wrong = 0;
      for (const [k, { x, y, size }] of chunks.entries()) {
        if (k > 0) {
          // A point over a few hundred images takes about a second on wasm: let messages (cancel) in between chunks.
          await yieldFn();
          opts.signal?.throwIfAborted();
        }
        const sums = tf.tidy(() => {
          const logits = model.apply(x, { training: false });
          const miss = tf.sum(tf.cast(tf.notEqual(tf.argMax(logits, 1), y), 'float32'));
          return tf.stack([tf.mul(crossEntropy(logits, y), size), miss]);
        });
        const [l, w] = await sums.data();
        sums.dispose();
        lossSum += l!;
        wrong += w!;
      }
      const point = { index, alpha: c[0]!, beta: c[1] ?? 0, loss: lossSum / count, error: wrong / count };
      points.push(point);
      opts.onPoint?.(point);
      opts.onProgress?.(index + 1, coords.length);
      if (index + 1 < coords.length) await yieldFn();
    }
  } finally {
    for (const [name, t] of theta) {
      model.weights.get(name)!.assign(t);
      t.dispose();
    }
    for (const m of deltas) for (const t of m.values()) t.dispose();
    for (const { x, y } of chunks) tf.dispose([x, y]);
  }
  return points;
}
