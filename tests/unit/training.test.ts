import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { cifarResNet, resnext50_32x4d } from '../../src/model/index';
import { crossEntropy, instantiate, type Model } from '../../src/model/runtime/index';
import { trainStep } from '../../src/model/runtime/train';
import type { ImageSet } from '../../src/model/data/fashion-mnist';
import { BestOnValidation, type Candidate } from '../../src/model/training/select';
import { splitValidation, subsetOf, validationQuota } from '../../src/model/training/split';
import { randomArray, useBackend } from './setup-tf';

/** A fixed batch of 16 tiny 12×12 grey images with labels 0..3 that a small net can memorise. */
function batch() {
  const x = tf.tensor4d(randomArray(16 * 12 * 12, 11), [16, 12, 12, 1]);
  const y = tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 4), 'int32');
  return { x, y };
}

const tiny = () => cifarResNet({ depth: 8, width: 4, numClasses: 4, inputShape: [12, 12, 1] });

async function gradientsOf(model: Model, x: tf.Tensor4D, y: tf.Tensor1D) {
  const { value, grads } = tf.variableGrads(() => crossEntropy(model.apply(x, { training: true }), y), model.trainableVariables);
  const out: Record<string, Float32Array> = {};
  for (const [name, v] of model.weights) if (grads[v.name]) out[name] = (await grads[v.name]!.data()) as Float32Array;
  tf.dispose([value, grads]);
  return out;
}

describe('training works on the wasm and cpu backends', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    test(`a residual net memorises a small batch on ${backend} (loss falls by more than half in 25 steps)`, async () => {
      await useBackend(backend);
      const m = instantiate(tiny(), { seed: 5 });
      const { x, y } = batch();
      const opt = tf.train.momentum(0.05, 0.9);
      const first = await trainStep(m, opt, x, y);
      let last = first;
      for (let i = 0; i < 24; i++) last = await trainStep(m, opt, x, y);
      expect(Number.isFinite(last.loss)).toBe(true);
      expect(last.loss).toBeLessThan(first.loss / 2);
      opt.dispose();
      tf.dispose([x, y]);
      m.dispose();
    });
  }

  test('a whole network’s gradients on wasm equal those on cpu', async () => {
    const grads: Record<string, Record<string, Float32Array>> = {};
    for (const backend of ['cpu', 'wasm'] as const) {
      await useBackend(backend);
      const m = instantiate(tiny(), { seed: 9 });
      const { x, y } = batch();
      grads[backend] = await gradientsOf(m, x, y);
      tf.dispose([x, y]);
      m.dispose();
    }
    const names = Object.keys(grads.cpu!);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const a = grads.cpu![name]!;
      const b = grads.wasm![name]!;
      const scale = Math.max(1e-3, ...a.map(Math.abs));
      let diff = 0;
      for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
      expect(diff / scale, name).toBeLessThan(1e-3);
    }
  });

  test('a frozen backbone keeps its weights while the classifier learns', async () => {
    await useBackend('wasm');
    const m = instantiate(tiny(), { seed: 2 });
    m.setTrainable(false);
    m.setTrainable(true, ['fc']);
    expect(m.trainableVariables.map((v) => v.shape.length)).toEqual([2, 1]); // fc.weight, fc.bias
    const before = await m.weight('layer1.0.conv1.weight').data();
    const fcBefore = await m.weight('fc.weight').data();
    const { x, y } = batch();
    const opt = tf.train.sgd(0.1);
    for (let i = 0; i < 3; i++) await trainStep(m, opt, x, y);
    expect(Array.from(await m.weight('layer1.0.conv1.weight').data())).toEqual(Array.from(before));
    expect(Array.from(await m.weight('fc.weight').data())).not.toEqual(Array.from(fcBefore));
    opt.dispose();
    tf.dispose([x, y]);
    m.dispose();
  });

  test('a ResNeXt block (grouped 3×3 convs) takes a training step on wasm', async () => {
    await useBackend('wasm');
    const spec = resnext50_32x4d({ numClasses: 4, inputShape: [32, 32, 3] });
    spec.stages.splice(1); // keep the stem and the first stage only: enough to exercise grouped training
    spec.head[1] = { kind: 'dense', name: 'fc', inUnits: 256, units: 4, bias: true };
    const m = instantiate(spec, { seed: 1 });
    const x = tf.tensor4d(randomArray(2 * 32 * 32 * 3, 4), [2, 32, 32, 3]);
    const y = tf.tensor1d([1, 2], 'int32');
    const opt = tf.train.sgd(0.01);
    const w = 'layer1.0.conv2.weight';
    const before = await m.weight(w).data();
    const r = await trainStep(m, opt, x, y);
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(Array.from(await m.weight(w).data())).not.toEqual(Array.from(before));
    opt.dispose();
    tf.dispose([x, y]);
    m.dispose();
  });
});

/** A tiny labelled set of 2×2 images whose pixels encode their index (so copies can be traced), classes of unequal size. */
function fakeSet(classCounts: number[]): ImageSet {
  const labels = classCounts.flatMap((n, c) => Array.from({ length: n }, () => c));
  // Interleave the classes, as the shipped (shuffled) subset does.
  const order = labels.map((_, i) => i).sort((a, b) => ((a * 7919) % labels.length) - ((b * 7919) % labels.length));
  const count = labels.length;
  const px = 4;
  const images = new Float32Array(count * px);
  const pixels = new Uint8Array(count * px);
  for (let i = 0; i < count; i++) {
    images.fill(i, i * px, (i + 1) * px);
    pixels.fill(i % 256, i * px, (i + 1) * px);
  }
  return {
    split: 'train',
    count,
    height: 2,
    width: 2,
    channels: 1,
    pixels,
    images,
    labels: Int32Array.from(order.map((i) => labels[i]!)),
    classes: classCounts.map((_, c) => `class ${c}`),
  };
}

const classCountsOf = (set: ImageSet) => Array.from({ length: set.classes.length }, (_, c) => set.labels.filter((y) => y === c).length);

describe('a validation split carved from the training examples', () => {
  test('its size is round(fraction × count), each class gives its share, largest remainders first', () => {
    expect(validationQuota([1000, 1000, 1000], 0.1)).toEqual([100, 100, 100]);
    expect(validationQuota([50, 30, 20], 0.1)).toEqual([5, 3, 2]);
    // 1.5 each, 5 in all (round(4.5)): the two extra go to the first classes on a tie.
    expect(validationQuota([15, 15, 15], 0.1)).toEqual([2, 2, 1]);
    expect(validationQuota([19, 11], 0.1)).toEqual([2, 1]);
  });

  test('stratified, disjoint and complete, with the sizes asked for', () => {
    const set = fakeSet([50, 30, 20]);
    const { train, validation, trainIndices, validationIndices } = splitValidation(set, { fraction: 0.1, seed: 3 });
    expect([train.count, validation.count]).toEqual([90, 10]);
    expect(classCountsOf(validation)).toEqual([5, 3, 2]);
    expect(classCountsOf(train)).toEqual([45, 27, 18]);
    const all = [...trainIndices, ...validationIndices].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(new Set(trainIndices).size + new Set(validationIndices).size).toBe(100);
    // Both parts keep the original order, and each example is copied whole with its label.
    expect([...validationIndices]).toEqual([...validationIndices].sort((a, b) => a - b));
    validationIndices.forEach((i, k) => {
      expect(validation.images[k * 4]).toBe(i);
      expect(validation.images[k * 4 + 3]).toBe(i);
      expect(validation.labels[k]).toBe(set.labels[i]);
      expect(validation.pixels[k * 4]).toBe(i % 256);
    });
    expect(train.images[0]).toBe(trainIndices[0]);
  });

  test('deterministic: the same seed gives the same split, another seed another one', () => {
    const set = fakeSet([50, 30, 20]);
    const a = splitValidation(set, { seed: 1 }).validationIndices;
    expect([...splitValidation(set, { seed: 1 }).validationIndices]).toEqual([...a]);
    expect([...splitValidation(fakeSet([50, 30, 20]), { seed: 1 }).validationIndices]).toEqual([...a]);
    expect([...splitValidation(set, { seed: 2 }).validationIndices]).not.toEqual([...a]);
  });

  test('bad fractions and impossible splits are refused with the value quoted', () => {
    const set = fakeSet([5, 5]);
    expect(() => splitValidation(set, { fraction: 0 })).toThrow('got 0');
    expect(() => splitValidation(set, { fraction: 1 })).toThrow('got 1');
    expect(() => splitValidation(set, { fraction: 0.01 })).toThrow(/leave 10 to train on and 0 to validate on/);
    expect(() => subsetOf(set, [10])).toThrow('index 10 is outside 0…9');
  });
});

describe('choosing a model on validation error', () => {
  const c = (net: string, step: number, error: number, o: Partial<Candidate> = {}): Candidate => ({ net, step, error, set: 'validation', mode: 'inference', ...o });

  test('keeps the lowest validation error across steps and networks; a tie keeps the earlier one', () => {
    const best = new BestOnValidation();
    expect([c('plain-20', 10, 0.5), c('res-20', 10, 0.4), c('plain-20', 20, 0.45), c('res-20', 20, 0.4), c('plain-20', 30, 0.3)].map((x) => best.offer(x))).toEqual([
      true,
      true,
      false,
      false,
      true,
    ]);
    expect(best.best).toEqual({ net: 'plain-20', step: 30, validationError: 0.3 });
  });

  test('ignores other BatchNorm modes and NaN, and refuses a test-set evaluation outright', () => {
    const best = new BestOnValidation('inference');
    expect(best.offer(c('res-20', 5, 0.1, { mode: 'batch' }))).toBe(false);
    expect(best.offer(c('res-20', 5, NaN))).toBe(false);
    expect(best.best).toBeUndefined();
    expect(() => best.offer(c('res-20', 5, 0.01, { set: 'test' }))).toThrow('validation data only, got a test-set evaluation of res-20 at step 5');
    expect(best.best).toBeUndefined();
  });
});
