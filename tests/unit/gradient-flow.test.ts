import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ImageSet } from '../../src/model/data/fashion-mnist';
import { blockBoundaries, depthLayers, gradientNorms, instantiate } from '../../src/model/runtime/index';
import { GradientFlowLab, batchOf, correlationByDepth, labSpec, pathBetween } from '../../src/widgets/gradient-flow/lab';
import { NETS, type NetKind, firstToLast, gradientSeries, responseSeries } from '../../src/widgets/gradient-flow/series';
import { randomArray, useBackend } from './setup-tf';

/** A stand-in image set: seeded noise, labels 0…9 in turn (the lab only needs pixels and labels). */
function noiseSet(count: number, size: number, seed: number): ImageSet {
  return {
    split: 'test',
    count,
    height: size,
    width: size,
    channels: 1,
    pixels: new Uint8Array(count * size * size),
    images: randomArray(count * size * size, seed),
    labels: Int32Array.from({ length: count }, (_, i) => i % 10),
    classes: [],
  };
}

type Weights = Record<string, tf.Tensor>;

/**
 * The depth-8 CIFAR net (stem, one basic block per stage, option A shortcuts or none) written out by hand with
 * tfjs's own autodiff-able ops, as three pieces so gradients can be taken at each block boundary. It shares no code
 * with Model: convs with explicit padding, BatchNorm from tf.moments, option A by reshape, slice and pad.
 */
function manualNet(residual: boolean, bn: boolean) {
  const conv = (w: Weights, name: string, h: tf.Tensor, stride = 1) => {
    const y = tf.conv2d(h as tf.Tensor4D, w[`${name}.weight`] as tf.Tensor4D, stride, 1);
    return bn ? y : tf.add(y, w[`${name}.bias`]!);
  };
  const norm = (w: Weights, name: string, h: tf.Tensor) => {
    if (!bn) return h;
    const { mean, variance } = tf.moments(h, [0, 1, 2]);
    return tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, 1e-5))), w[`${name}.weight`]!), w[`${name}.bias`]!);
  };
  const stem = (w: Weights, x: tf.Tensor) => tf.relu(norm(w, 'bn1', conv(w, 'conv1', x)));
  const block = (w: Weights, name: string, h: tf.Tensor, stride: number) => {
    const f = norm(w, `${name}.bn2`, conv(w, `${name}.conv2`, tf.relu(norm(w, `${name}.bn1`, conv(w, `${name}.conv1`, h, stride)))));
    if (!residual) return tf.relu(f);
    const [n, hh, ww, c] = h.shape as number[];
    // Keep every other row and column: view as [n, h/2, 2, w/2, 2, c] and take index 0 of each pair.
    let s = stride === 1 ? h : tf.reshape(tf.slice(tf.reshape(h, [n!, hh! / 2, 2, ww! / 2, 2, c!]), 0, [n!, hh! / 2, 1, ww! / 2, 1, c!]), [n!, hh! / 2, ww! / 2, c!]);
    const extra = f.shape[3]! - c!;
    if (extra) s = tf.pad(s, [[0, 0], [0, 0], [0, 0], [Math.floor(extra / 2), extra - Math.floor(extra / 2)]]);
    return tf.relu(tf.add(f, s));
  };
  const blocks = [
    ['layer1.0', 1],
    ['layer2.0', 2],
    ['layer3.0', 2],
  ] as const;
  const head = (w: Weights, h: tf.Tensor, labels: tf.Tensor1D) => {
    const logits = tf.add(tf.matMul(tf.mean(h, [1, 2]) as tf.Tensor2D, w['fc.weight'] as tf.Tensor2D), w['fc.bias']!);
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(labels, 10), tf.logSoftmax(logits)), 1)));
  };
  /** Loss from block boundary `from` (0: the stem's output, i: block i's output; -1: the input image). */
  const tail = (w: Weights, from: number, h: tf.Tensor, labels: tf.Tensor1D) => {
    let out = from < 0 ? stem(w, h) : h;
    for (let i = Math.max(from, 0); i < blocks.length; i++) out = block(w, blocks[i]![0], out, blocks[i]![1]);
    return head(w, out, labels) as tf.Scalar;
  };
  const boundary = (w: Weights, to: number, x: tf.Tensor) => {
    let out = stem(w, x);
    for (let i = 0; i < to; i++) out = block(w, blocks[i]![0], out, blocks[i]![1]);
    return out;
  };
  return { tail, boundary };
}

describe('gradient-flow lab', () => {
  beforeAll(async () => {
    await useBackend('cpu'); // a second backend: the lab's numbers do not depend on the project's wasm kernels
  }, 60_000);

  for (const bn of [false, true]) {
    for (const net of NETS) {
      test(`the norms it plots equal norms computed independently with tf.grads (${net}, BatchNorm ${bn ? 'on' : 'off'})`, async () => {
        const set = noiseSet(8, 12, 7);
        const probe = batchOf(set, 0, 8);
        const lab = new GradientFlowLab({ depth: 8, batchNorm: bn, width: 4, seed: 3 }, probe);
        const measured = (await lab.measure())[net];
        const weightsPlot = gradientSeries(net, measured.gradients, 'weights').points;
        const activationsPlot = gradientSeries(net, measured.gradients, 'activations').points;

        const model = lab.models[net];
        const names = [...model.weights.keys()].filter((n) => !n.includes('running_'));
        const w: Weights = Object.fromEntries(names.map((n) => [n, model.weight(n)]));
        const { tail, boundary } = manualNet(net === 'residual', bn);

        // Weights: tf.grads with the weight tensors as the function's inputs.
        const layerNames = depthLayers(model).map((l) => `${l.name}.weight`);
        const byWeight = tf.grads((...ws: tf.Tensor[]) => tail({ ...w, ...Object.fromEntries(layerNames.map((n, i) => [n, ws[i]!])) }, -1, probe.x, probe.y))(
          layerNames.map((n) => w[n]!),
        );
        const expectedW = await Promise.all(byWeight.map(async (g) => (await tf.norm(g).data())[0]!));
        expect(weightsPlot.map((p) => p.label)).toEqual(layerNames.map((n) => n.replace('.weight', '')));
        weightsPlot.forEach((p, i) => expect(p.y).toBeCloseTo(expectedW[i]!, 4 - Math.round(Math.log10(expectedW[i]!))));

        // Activations: tf.grads of the loss from each boundary on, at that boundary's value.
        const points = blockBoundaries(model);
        expect(activationsPlot.map((p) => p.x)).toEqual(points.map((b) => b.depth));
        for (let i = 0; i < points.length; i++) {
          const h = boundary(w, i, probe.x);
          const [g] = tf.grads((hh: tf.Tensor) => tail(w, i, hh, probe.y))([h]);
          const expected = (await tf.norm(g!).data())[0]!;
          expect(activationsPlot[i]!.y / expected).toBeCloseTo(1, 4);
        }
        tf.dispose([...byWeight, probe.x, probe.y]);
        lab.dispose();
      });
    }
  }
});

describe('what the lesson claims, measured (wasm)', () => {
  const inputs: tf.Tensor[] = [];
  beforeAll(async () => {
    await useBackend('wasm');
  }, 60_000);
  afterAll(() => tf.dispose(inputs));

  async function ratios(depth: number, batchNorm: boolean): Promise<Record<NetKind, number>> {
    const set = noiseSet(16, 28, 11);
    const probe = batchOf(set, 0, 16);
    inputs.push(probe.x, probe.y);
    const out = {} as Record<NetKind, number>;
    for (const net of NETS) {
      const m = instantiate(labSpec({ depth, batchNorm, width: 8, seed: 1 }, net, [28, 28, 1]), { seed: 1 });
      out[net] = firstToLast(gradientSeries(net, await gradientNorms(m, probe.x, probe.y), 'activations'));
      m.dispose();
    }
    return out;
  }

  test('without BatchNorm a deep plain net’s gradient vanishes towards the input, the residual net’s does not', async () => {
    const r = await ratios(56, false);
    // ‖∂L/∂x‖ after the stem ÷ ‖∂L/∂x‖ after the last block
    expect(r.plain).toBeLessThan(0.5);
    expect(r.residual).toBeGreaterThan(1);
    expect(r.plain / r.residual).toBeLessThan(1e-2);
  });

  test('with BatchNorm the plain net’s gradient does not vanish (He et al. §4.1)', async () => {
    const r = await ratios(32, true);
    expect(r.plain).toBeGreaterThan(1);
  });

  test('input gradients of nearby inputs decorrelate with depth in plain nets far more than in residual nets', async () => {
    const set = noiseSet(4, 28, 5);
    const path = pathBetween(set, 0, 1, 12);
    const c = await correlationByDepth({ batchNorm: true, width: 8, seed: 1 }, [8, 56], path);
    path.dispose();
    const at = (net: NetKind, d: number) => c[net].find((p) => p.depth === d)!.correlation;
    expect(at('plain', 56)).toBeLessThan(at('plain', 8));
    expect(at('residual', 56)).toBeGreaterThan(at('plain', 56) + 0.3);
  });

  test('measuring, training and measuring shattering leak no tensors', async () => {
    const set = noiseSet(40, 12, 2);
    const probe = batchOf(set, 0, 8);
    const before = tf.memory().numTensors;
    const lab = new GradientFlowLab({ depth: 14, batchNorm: true, width: 4, seed: 1 }, probe);
    const created = tf.memory().numTensors;
    await lab.measure();
    const { x, y } = batchOf(set, 8, 8);
    await lab.trainStep(x, y, 0.1);
    tf.dispose([x, y]);
    const m = await lab.measure();
    expect(tf.memory().numTensors).toBe(created);
    expect(m.plain.step).toBe(1);
    expect(responseSeries('plain', m.plain.responses).points).toHaveLength(13); // 13 convs in a 14-layer net
    lab.dispose();
    const path = pathBetween(set, 0, 1, 4);
    await correlationByDepth({ batchNorm: false, width: 4, seed: 1 }, [8], path);
    path.dispose();
    tf.dispose([probe.x, probe.y]);
    expect(tf.memory().numTensors).toBe(before - 2);
  });
});
