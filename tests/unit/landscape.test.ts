import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cifarResNet } from '../../src/model/builders';
import { filterNorms, gaussian, isPerturbed, linspace } from '../../src/model/analysis/directions';
import { type LandscapeBatch, landscapeDirections, lossSlice1d, lossSlice2d, randomDirection, weightValues } from '../../src/model/analysis/landscape';
import type { ImageSet } from '../../src/model/data/fashion-mnist';
import { Model } from '../../src/model/runtime/model';
import type { NetworkSpec } from '../../src/model/spec';
import { evaluate } from '../../src/model/training/evaluate';
import { randomArray, useBackend } from './setup-tf';

beforeAll(() => useBackend('wasm'), 120_000);

/** A small residual net with conv kernels, BatchNorm and a dense classifier with a bias. */
const spec = cifarResNet({ depth: 8, width: 4, numClasses: 10, inputShape: [28, 28, 1] });

function batchOf(count: number, seed: number, shape: [number, number, number] = [28, 28, 1], classes = 10): LandscapeBatch {
  const images = randomArray(count * shape[0] * shape[1] * shape[2], seed);
  const labels = Int32Array.from({ length: count }, (_, i) => (i * 7 + seed) % classes);
  return { indices: Array.from({ length: count }, (_, i) => i), images, labels, shape };
}

/** The same batch as an ImageSet, for the library's own `evaluate`. */
const asSet = (b: LandscapeBatch): ImageSet => ({
  split: 'train',
  count: b.labels.length,
  height: b.shape[0],
  width: b.shape[1],
  channels: 1,
  pixels: new Uint8Array(b.images.length),
  images: b.images,
  labels: b.labels,
  classes: Array.from({ length: 10 }, (_, i) => `c${i}`),
});

/** A trained-looking net: BatchNorm running statistics away from 0 and 1, so inference mode matters. */
async function netWithStats(seed: number): Promise<Model> {
  const model = new Model(spec, { seed });
  for (const [name, v] of model.weights) {
    const w = model.layout.get(name)!;
    if (w.role === 'running_var') v.assign(tf.tidy(() => tf.add(tf.abs(tf.randomNormal(v.shape, 0, 1, 'float32', seed + 1)), 0.5)));
    if (w.role === 'running_mean' || w.role === 'beta') v.assign(tf.tidy(() => tf.randomNormal(v.shape, 0, 0.1, 'float32', seed + 2)));
  }
  return model;
}

async function bitsOf(model: Model): Promise<Map<string, Uint32Array>> {
  const values = await weightValues(model);
  return new Map([...values].map(([k, v]) => [k, new Uint32Array(v.buffer)]));
}

describe('filter-normalised directions', () => {
  it('gives every conv and dense filter the norm of the same filter of the weights; BatchNorm and biases get 0', async () => {
    const model = await netWithStats(1);
    const values = await weightValues(model);
    const dir = await randomDirection(model, 7);
    expect(dir.entries.map((e) => e.name)).toEqual([...model.weights.keys()]);
    const roles = new Set<string>();
    for (const e of dir.entries) {
      expect(e.shape).toEqual(model.weights.get(e.name)!.shape);
      roles.add(e.role);
      if (e.role === 'kernel') {
        expect(e.perturbed).toBe(true);
        const want = filterNorms(values.get(e.name)!, e.shape);
        const got = filterNorms(e.values, e.shape);
        expect(got.length).toBe(e.shape[e.shape.length - 1]);
        got.forEach((g, j) => expect(Math.abs(g - want[j]!)).toBeLessThanOrEqual(1e-5 * want[j]! + 1e-7));
        // It is a random direction, not the weights themselves.
        expect(e.values.some((d, i) => Math.abs(d - values.get(e.name)![i]!) > 1e-3)).toBe(true);
      } else {
        expect(e.perturbed).toBe(false);
        expect(e.values.every((d) => d === 0)).toBe(true);
      }
    }
    // The net has conv kernels (rank 4), a dense kernel (rank 2), BatchNorm and the classifier's bias.
    expect(dir.entries.filter((e) => e.role === 'kernel').map((e) => e.shape.length).sort()).toContain(2);
    expect([...roles].sort()).toEqual(['beta', 'bias', 'gamma', 'kernel', 'running_mean', 'running_var']);
    model.dispose();
  });

  it('computes filter norms along the last axis (output channel / output unit)', () => {
    // [in=2, out=3]: columns (1, 2), (0, 0), (3, 4).
    expect(Array.from(filterNorms(Float32Array.from([1, 0, 3, 2, 0, 4]), [2, 3]))).toEqual([Math.sqrt(5), 0, 5]);
    expect(isPerturbed('kernel') && !isPerturbed('bias') && !isPerturbed('gamma')).toBe(true);
  });

  it('is reproducible: the same seed gives the same direction, another seed another; the draws do not depend on the weights', async () => {
    const a = await netWithStats(1);
    const b = await netWithStats(2); // same shapes, other weights
    const [d1, d1again, d2] = [await randomDirection(a, 3), await randomDirection(a, 3), await randomDirection(a, 4)];
    const kernel = (d: typeof d1) => d.entries.find((e) => e.role === 'kernel')!;
    expect(Array.from(kernel(d1again).values)).toEqual(Array.from(kernel(d1).values));
    expect(Array.from(kernel(d2).values)).not.toEqual(Array.from(kernel(d1).values));
    // Same seed on another net of the same shapes: per filter, the directions differ only by a positive factor.
    const db = await randomDirection(b, 3);
    const [ka, kb] = [kernel(d1), kernel(db)];
    const filters = ka.shape[ka.shape.length - 1]!;
    for (let i = 0; i < ka.values.length; i++) {
      const ratio = ka.values[i]! / kb.values[i]!;
      const first = ka.values[i % filters]! / kb.values[i % filters]!;
      expect(ratio).toBeGreaterThan(0);
      expect(Math.abs(ratio - first)).toBeLessThanOrEqual(1e-4 * first);
    }
    const { x, y } = await landscapeDirections(a, 3);
    expect(Array.from(kernel(x).values)).not.toEqual(Array.from(kernel(y).values));
    a.dispose();
    b.dispose();
  });

  it('draws standard normal numbers', () => {
    const g = gaussian(20_001, 9);
    const mean = g.reduce((s, v) => s + v, 0) / g.length;
    const variance = g.reduce((s, v) => s + (v - mean) ** 2, 0) / g.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(linspace(-1, 1, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });
});

describe('loss slices', () => {
  it('at (0, 0) is the model’s own loss on the batch (BatchNorm in inference mode), and leaves the weights bit-identical', async () => {
    const model = await netWithStats(5);
    const batch = batchOf(40, 2);
    const { x, y } = await landscapeDirections(model, 1);
    const before = await bitsOf(model);
    const own = await evaluate(model, asSet(batch), { mode: 'inference', batchSize: 16 });
    const tensorsBefore = tf.memory().numTensors;
    const progress: number[] = [];
    const slice = await lossSlice2d(model, batch, x, y, { alphas: [-0.5, 0, 0.5], betas: [0, 0.5] }, { chunkSize: 16, onProgress: (d) => progress.push(d) });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    expect(slice.loss[0]![1]).toBeCloseTo(own.loss, 5);
    expect(slice.error[0]![1]).toBeCloseTo(own.error, 10);
    // Moving away changes the loss (the directions do perturb the net).
    expect(Math.abs(slice.loss[1]![2]! - own.loss)).toBeGreaterThan(1e-3);
    expect(await bitsOf(model)).toEqual(before);
    const line = await lossSlice1d(model, batch, x, [0, 0.5], { chunkSize: 64 });
    expect(line.loss[0]).toBeCloseTo(own.loss, 5);
    expect(line.loss[1]).toBeCloseTo(slice.loss[0]![2]!, 5); // the same point, computed in other chunks
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(await bitsOf(model)).toEqual(before);
    model.dispose();
  });

  it('restores the weights exactly and frees everything when aborted mid-slice', async () => {
    const model = await netWithStats(6);
    const batch = batchOf(8, 3);
    const dir = await randomDirection(model, 2);
    const before = await bitsOf(model);
    const tensorsBefore = tf.memory().numTensors;
    const controller = new AbortController();
    const seen: number[] = [];
    const run = lossSlice1d(model, batch, dir, [0.25, 0.5, 0.75, 1], {
      signal: controller.signal,
      onPoint: (p) => {
        seen.push(p.index);
        if (p.index === 1) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(seen).toEqual([0, 1]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(await bitsOf(model)).toEqual(before);
    model.dispose();
  });

  it('matches a hand computation through one dense layer', async () => {
    // Global average pooling then a dense layer 3 → 4 with a bias: logits = mean pixel of each channel · W + b.
    const tiny: NetworkSpec = {
      name: 'tiny',
      inputShape: [2, 2, 3],
      stem: [],
      stages: [],
      head: [
        { kind: 'globalavgpool', name: 'pool' },
        { kind: 'dense', name: 'fc', inUnits: 3, units: 4, bias: true },
      ],
    };
    const model = new Model(tiny, { seed: 11 });
    model.weight('fc.bias').assign(tf.tensor1d([0.1, -0.2, 0.3, 0]));
    const batch = batchOf(5, 4, [2, 2, 3], 4);
    const dir = await randomDirection(model, 8);
    const W = (await model.weight('fc.weight').data()) as Float32Array;
    const b = [0.1, -0.2, 0.3, 0];
    const D = dir.entries.find((e) => e.name === 'fc.weight')!.values;
    expect(dir.entries.find((e) => e.name === 'fc.bias')!.values.every((v) => v === 0)).toBe(true);
    const handLoss = (alpha: number) => {
      let total = 0;
      for (let n = 0; n < 5; n++) {
        const mean = [0, 1, 2].map((c) => [0, 1, 2, 3].reduce((s, p) => s + batch.images[n * 12 + p * 3 + c]!, 0) / 4);
        const logits = [0, 1, 2, 3].map((j) => b[j]! + mean.reduce((s, m, i) => s + m * (W[i * 4 + j]! + alpha * D[i * 4 + j]!), 0));
        const max = Math.max(...logits);
        const logSum = max + Math.log(logits.reduce((s, l) => s + Math.exp(l - max), 0));
        total += logSum - logits[batch.labels[n]!]!;
      }
      return total / 5;
    };
    const slice = await lossSlice1d(model, batch, dir, [-1, 0, 2], { chunkSize: 2 });
    slice.loss.forEach((l, i) => expect(l).toBeCloseTo(handLoss(slice.alphas[i]!), 5));
    expect(handLoss(2)).not.toBeCloseTo(handLoss(0), 2); // the check can fail: α moves the loss
    model.dispose();
  });

  it('refuses a direction made for another net', async () => {
    const model = new Model(spec, { seed: 1 });
    const other = new Model(cifarResNet({ depth: 8, width: 8, numClasses: 10, inputShape: [28, 28, 1] }), { seed: 1 });
    const dir = await randomDirection(other, 1);
    await expect(lossSlice1d(model, batchOf(2, 1), dir, [0])).rejects.toThrow(/shape/);
    model.dispose();
    other.dispose();
  });
});
