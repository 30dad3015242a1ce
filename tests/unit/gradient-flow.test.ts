import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cifarResNet } from '../../src/model/builders';
import { type ImageSet, loadFashionMnistSplit, parseFashionMnistManifest } from '../../src/model/data/fashion-mnist';
import {
  blockBoundaries,
  depthLayers,
  gradientCorrelation,
  gradientNorms,
  instantiate,
  layerResponseStd,
  pearsonCorrelation,
  responseLayers,
  setBatchNormStatistics,
} from '../../src/model/runtime/index';
import { GradientFlowLab, batchOf, correlationByDepth, labSpec, pathBetween, responsesOf } from '../../src/widgets/gradient-flow/lab';
import { NETS, type NetKind, correlationSeries, firstToLast, formatCell, gradientSeries, responseSeries, tableRows } from '../../src/widgets/gradient-flow/series';
import { randomArray, useBackend } from './setup-tf';

const DATA = join(import.meta.dirname, '../../public/data/fashion-mnist');
/** The lab's own images: the subset's test split, loaded through Node's fs and zlib. */
async function testImages(): Promise<ImageSet> {
  const manifest = parseFashionMnistManifest(JSON.parse(await readFile(join(DATA, 'manifest.json'), 'utf8')));
  return loadFashionMnistSplit(manifest, 'test', { baseUrl: DATA, fetchBytes: (p) => readFile(p), gunzip: (g) => gunzipSync(g) });
}

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
  }, 300_000); // generous: the backend and the data load slowly on a busy machine

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

/** A 14-layer net of width 4 on 12×12 inputs, its BatchNorm running statistics set from 8 random images (`dataSeed`). */
function netWithStatistics(shortcut: 'plain' | 'B', seed: number, dataSeed: number) {
  const m = instantiate(cifarResNet({ depth: 14, shortcut, width: 4, inputShape: [12, 12, 1] }), { seed });
  const data = tf.tensor4d(randomArray(8 * 12 * 12, dataSeed), [8, 12, 12, 1]);
  setBatchNormStatistics(m, data);
  data.dispose();
  return m;
}

describe('the measurements behind the shattering and response plots (cpu)', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  }, 300_000); // generous: the backend and the data load slowly on a busy machine

  test('setBatchNormStatistics makes inference mode reproduce training mode on its images, without leaking', async () => {
    const x = tf.tensor4d(randomArray(6 * 12 * 12, 4), [6, 12, 12, 1]);
    const m = instantiate(cifarResNet({ depth: 8, shortcut: 'B', width: 4, inputShape: [12, 12, 1] }), { seed: 2 });
    const train = m.apply(x, { training: true });
    const before = tf.memory().numTensors;
    setBatchNormStatistics(m, x);
    expect(tf.memory().numTensors).toBe(before);
    const infer = m.apply(x, { training: false });
    const [a, b] = await Promise.all([train.data(), infer.data()]);
    a.forEach((v, i) => expect(b[i]!).toBeCloseTo(v, 4));
    // A fresh net's inference-mode BatchNorm (mean 0, variance 1) computes something else.
    const fresh = instantiate(cifarResNet({ depth: 8, shortcut: 'B', width: 4, inputShape: [12, 12, 1] }), { seed: 2 });
    const freshOut = fresh.apply(x, { training: false });
    const raw = await freshOut.data();
    freshOut.dispose();
    expect(Math.max(...raw.map((v, i) => Math.abs(v - a[i]!)))).toBeGreaterThan(0.05);
    tf.dispose([x, train, infer]);
    m.dispose();
    fresh.dispose();
  });

  test('gradientCorrelation compares each input’s own gradient: the batch gives what inputs one by one give', async () => {
    const path = tf.tensor4d(randomArray(4 * 12 * 12, 9), [4, 12, 12, 1]);
    const m = netWithStatistics('plain', 5, 10);
    const before = tf.memory().numTensors;
    const measured = await gradientCorrelation(m, path, { output: 3 });
    expect(tf.memory().numTensors).toBe(before);
    // Independently: one input at a time, the gradient of its logit 3 through tf.grads.
    const alone: Float32Array[] = [];
    for (let i = 0; i < 4; i++) {
      const xi = tf.slice(path, [i, 0, 0, 0], [1, -1, -1, -1]);
      const [g] = tf.grads((x: tf.Tensor) => tf.sum(tf.slice(m.apply(x as tf.Tensor4D), [0, 3], [1, 1])))([xi]);
      alone.push((await g!.data()) as Float32Array);
      tf.dispose([xi, g!]);
    }
    const expected = [0, 1, 2].map((i) => pearsonCorrelation(alone[i]!, alone[i + 1]!));
    measured.neighbours.forEach((c, i) => expect(c).toBeCloseTo(expected[i]!, 4));
    expect(measured.mean).toBeCloseTo(expected.reduce((a, b) => a + b) / 3, 4);
    path.dispose();
    m.dispose();
  });

  test('layerResponseStd: every 3×3 layer after its BatchNorm, as the paper; equal to one pass over all images', async () => {
    const images = tf.tensor4d(randomArray(10 * 12 * 12, 12), [10, 12, 12, 1]);
    // Option B: the 1×1 projections are not 3×3 layers and are left out.
    const m = netWithStatistics('B', 7, 13);
    const layers = responseLayers(m);
    expect(layers).toHaveLength(13); // the stem and two 3×3 convs in each of 6 blocks
    expect(layers.every((l) => l.responseLayer.includes('bn'))).toBe(true);
    const before = tf.memory().numTensors;
    const inBatches = await layerResponseStd(m, images, { batchSize: 3 });
    expect(tf.memory().numTensors).toBe(before);
    const { output, collected } = m.run(images, { collect: layers.map((l) => l.responseLayer) });
    for (const [i, l] of layers.entries()) {
      const t = collected[l.responseLayer]!;
      const expected = (await tf.sqrt(tf.moments(t).variance).data())[0]!;
      expect(inBatches[i]!.std).toBeCloseTo(expected, 4);
    }
    tf.dispose([output, ...Object.values(collected), images]);
    m.dispose();
  });
});

describe('what the lesson claims, measured on the lab’s test images (wasm)', () => {
  let set: ImageSet;
  const inputs: tf.Tensor[] = [];
  beforeAll(async () => {
    await useBackend('wasm');
    set = await testImages();
  }, 300_000); // generous: the backend and the data load slowly on a busy machine
  afterAll(() => tf.dispose(inputs));

  /** ‖∂L/∂x‖ after the stem ÷ after the last block, on the lesson cells' batch (the first 16 test images). */
  async function ratios(depth: number, batchNorm: boolean, width: number, seed: number, nets: readonly NetKind[] = NETS): Promise<Record<NetKind, number>> {
    const probe = batchOf(set, 0, 16);
    inputs.push(probe.x, probe.y);
    const out = {} as Record<NetKind, number>;
    for (const net of nets) {
      const m = instantiate(labSpec({ depth, batchNorm, width, seed }, net, [28, 28, 1]), { seed });
      out[net] = firstToLast(gradientSeries(net, await gradientNorms(m, probe.x, probe.y), 'activations'));
      m.dispose();
    }
    return out;
  }

  test('without BatchNorm, at width 8, a deep plain net’s gradient shrinks towards the input; the residual net’s does not', async () => {
    const r = await ratios(56, false, 8, 1);
    // ‖∂L/∂x‖ after the stem ÷ ‖∂L/∂x‖ after the last block
    expect(r.plain).toBeLessThan(0.5);
    expect(r.residual).toBeGreaterThan(1);
  });

  // The lesson's width section: what the measurement shows, on the same nets as its cell (56 layers, 3 seeds).
  test('without BatchNorm the plain net’s decline does not go away from width 8 to 32; the seed spread shrinks', async () => {
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[1]!;
    const at: Record<number, number[]> = {};
    for (const width of [8, 32]) {
      at[width] = [];
      for (const seed of [1, 2, 3]) at[width]!.push((await ratios(56, false, width, seed, ['plain'])).plain);
    }
    for (const width of [8, 32]) expect(median(at[width]!)).toBeLessThan(0.5); // "well below 1 at every width"
    const change = median(at[32]!) / median(at[8]!);
    expect(change).toBeGreaterThan(0.5); // the cell's answer is "stays about the same"
    expect(change).toBeLessThan(2);
    const spread = (v: number[]) => Math.max(...v) / Math.min(...v);
    expect(spread(at[32]!)).toBeLessThan(spread(at[8]!));
  }, 1_200_000);

  test('with BatchNorm the plain 56-layer net’s backward signal does not shrink towards the input (He et al. §4.1; the lesson’s checked answer)', async () => {
    const r = await ratios(56, true, 8, 1, ['plain']);
    expect(r.plain).toBeGreaterThan(1);
  });

  // The lab's shattering plot and the lesson's "what to look for": same path, statistics images and seeds as the lab.
  test('per-example input gradients decorrelate with depth in plain nets far more than in residual nets (Balduzzi et al.); without BatchNorm the plain net shatters more slowly', async () => {
    const path = pathBetween(set, 0, 1, 16);
    const stats = batchOf(set, 1000, 100);
    const withBn = await correlationByDepth({ width: 8, seeds: [1, 2], norm: 'estimated' }, [8, 56], path, stats.x);
    const withoutBn = await correlationByDepth({ width: 8, seeds: [1, 2], norm: 'off' }, [56], path);
    tf.dispose([path, stats.x, stats.y]);
    const at = (c: typeof withBn, net: NetKind, d: number) => c[net].find((p) => p.depth === d)!;
    expect(at(withBn, 'plain', 56).correlation).toBeLessThan(at(withBn, 'plain', 8).correlation - 0.5);
    // Every seed, not only the mean: the residual net keeps its gradients correlated.
    for (const v of at(withBn, 'residual', 56).perSeed) expect(v).toBeGreaterThan(Math.max(...at(withBn, 'plain', 56).perSeed) + 0.4);
    expect(at(withoutBn, 'plain', 56).correlation).toBeGreaterThan(at(withBn, 'plain', 56).correlation + 0.2);
    for (const v of at(withoutBn, 'residual', 56).perSeed) expect(v).toBeGreaterThan(0.9);
  }, 1_200_000);

  test('Fig. 7 at initialisation is flat by construction: with BatchNorm statistics of real images every response has std ≈ 1', async () => {
    const stats = batchOf(set, 1000, 100);
    const images = batchOf(set, 1100, 200); // other images than the statistics': the lab's
    const m = instantiate(labSpec({ depth: 20, batchNorm: true, width: 8, seed: 1 }, 'plain', [28, 28, 1]), { seed: 1 });
    setBatchNormStatistics(m, stats.x);
    const stds = (await layerResponseStd(m, images.x)).map((r) => r.std);
    expect(stds).toHaveLength(19);
    for (const s of stds) expect(s).toBeCloseTo(1, 1);
    tf.dispose([stats.x, stats.y, images.x, images.y]);
    m.dispose();
  });

  test('measuring, training, response spreads and shattering leak no tensors', async () => {
    const noise = noiseSet(40, 12, 2);
    const probe = batchOf(noise, 0, 8);
    const before = tf.memory().numTensors;
    const lab = new GradientFlowLab({ depth: 14, batchNorm: true, width: 4, seed: 1 }, probe);
    const created = tf.memory().numTensors;
    await lab.measure();
    const { x, y } = batchOf(noise, 8, 8);
    await lab.trainStep(x, y, 0.1);
    tf.dispose([x, y]);
    const m = await lab.measure();
    const r = await responsesOf(lab.models, probe.x);
    expect(tf.memory().numTensors).toBe(created);
    expect(m.plain.step).toBe(1);
    expect(responseSeries('plain', r.plain!).points).toHaveLength(13); // 13 convs, all 3×3, in a 14-layer net
    lab.dispose();
    const path = pathBetween(noise, 0, 1, 4);
    await correlationByDepth({ width: 4, seeds: [1], norm: 'estimated' }, [8], path, probe.x);
    await correlationByDepth({ width: 4, seeds: [1], norm: 'off' }, [8], path);
    path.dispose();
    tf.dispose([probe.x, probe.y]);
    expect(tf.memory().numTensors).toBe(before - 2);
  });
});

describe('the shattering table', () => {
  test('lists the mean of the seeds and each seed', () => {
    const rows = tableRows(NETS.map((n, k) => correlationSeries(n, [{ depth: 56, correlation: 0.5 + k / 4, perSeed: [0.25 + k / 4, 0.75 + k / 4] }])));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.label).toBe('56 layers');
    expect(formatCell(rows[0]!, 'plain')).toBe('0.5 (0.25, 0.75)');
    expect(formatCell(rows[0]!, 'residual')).toBe('0.75 (0.5, 1)');
  });
});
