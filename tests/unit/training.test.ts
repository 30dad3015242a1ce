import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { cifarResNet, resnext50_32x4d } from '../../src/model/index';
import { crossEntropy, instantiate, type Model } from '../../src/model/runtime/index';
import { trainStep } from '../../src/model/runtime/train';
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
