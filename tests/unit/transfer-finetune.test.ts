// Fine-tuning conv5_x on cached C4 maps, on a tiny ResNet of the same structure (so it runs in seconds): the
// sub-network reproduces the full network's pooled C5, augmentation flips and shifts as it says, fine-tuning keeps the
// lowest validation loss (never worse than the head it starts from), its weights load back, and nothing leaks.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resnet, resnet50 } from '../../src/model/builders';
import { Model } from '../../src/model/runtime/model';
import { Stage5, augmentMaps, fineTuneStage5, fineTunedFeatures, stage5Spec } from '../../src/model/transfer/finetune';
import { classActivationMap } from '../../src/model/runtime/cam';
import { argmaxRows, headCamWeights, headLogits, initHead, predictHead, trainHead } from '../../src/model/transfer/head';
import { stratifiedSplit } from '../../src/model/transfer/split';
import { maxAbsDiff, randomArray, useBackend } from './setup-tf';

const tinySpec = resnet({ name: 'tiny', block: 'bottleneck', layers: [1, 1, 1, 1], widths: [2, 2, 4, 4], stemWidth: 4, batchNorm: false, convBias: true, numClasses: 5, inputShape: [64, 64, 3] });
let backbone: Model;

/** `n` images of 3 classes that differ in brightness and colour balance, and their C4 maps through the tiny net. */
function dataset(n: number): { c4: Float32Array[]; labels: Int32Array; images: tf.Tensor4D } {
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  const noise = randomArray(n * 64 * 64 * 3, 5);
  const px = new Float32Array(n * 64 * 64 * 3);
  for (let i = 0; i < px.length; i++) {
    const y = labels[Math.floor(i / (64 * 64 * 3))]!;
    px[i] = 40 * noise[i]! + (i % 3 === y ? 60 : -20);
  }
  const images = tf.tensor4d(px, [n, 64, 64, 3]);
  const { output, collected } = backbone.run(images, { collect: ['layer3'] });
  const all = collected.layer3!.dataSync() as Float32Array;
  tf.dispose([output, collected.layer3!]);
  const per = all.length / n;
  return { c4: Array.from({ length: n }, (_, i) => all.slice(i * per, (i + 1) * per)), labels, images };
}

beforeAll(async () => {
  await useBackend('wasm');
  backbone = new Model(tinySpec, { seed: 3 });
}, 120_000);
afterAll(() => backbone.dispose());

describe('conv5_x as a network of its own', () => {
  test('ResNet-50’s conv5_x reads C4 maps [14, 14, 1024]; the tiny net’s [4, 4, 16]', () => {
    expect(stage5Spec(resnet50()).inputShape).toEqual([14, 14, 1024]);
    expect(stage5Spec(tinySpec).inputShape).toEqual([4, 4, 16]);
  });

  test('with the backbone’s values it gives the full network’s pooled C5 features, and leaves no tensors', async () => {
    const { c4, images } = dataset(4);
    const before = tf.memory().numTensors;
    const stage5 = Stage5.from({ model: backbone });
    const mine = await stage5.features(c4, 3);
    stage5.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const { output, collected } = backbone.run(images, { collect: ['avgpool'] });
    expect(mine).toHaveLength(4 * 16);
    expect(await maxAbsDiff(tf.tensor(mine, [4, 16]), collected.avgpool!)).toBeLessThan(1e-4);
    tf.dispose([output, collected.avgpool!, images]);
  });

  test('maps gives C5 on its grid, whose mean is the pooled feature, and a linear head’s CAM averages to its logit', async () => {
    const { c4, images } = dataset(1);
    images.dispose();
    const before = tf.memory().numTensors;
    const stage5 = Stage5.from({ model: backbone });
    const m = await stage5.maps(c4[0]!);
    const pooled = await stage5.features(c4);
    stage5.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect([m.h, m.w, m.channels]).toEqual([2, 2, 16]);
    for (let c = 0; c < 16; c++) {
      const mean = (m.data[c]! + m.data[16 + c]! + m.data[32 + c]! + m.data[48 + c]!) / 4;
      expect(mean).toBeCloseTo(pooled[c]!, 4);
      expect(m.pooled[c]).toBeCloseTo(pooled[c]!, 4);
    }
    const head = initHead({ features: 16, classes: 3 }, 4);
    const { weights, bias } = headCamWeights(head, 2)!;
    const cam = classActivationMap(m.data, m.h, m.w, m.channels, weights);
    expect(cam.reduce((a, b) => a + b, 0) / 4 + bias).toBeCloseTo(headLogits(head, pooled, 1)[2]!, 4);
  });

  test('augmentation keeps the shape; the middle draw is the identity, the lowest shifts down-right by one cell and mirrors', () => {
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 3 * 3 * 2 }, (_, i) => i + 1), [2, 3, 3, 2]);
    const same = augmentMaps(x, () => 0.5);
    expect(same.shape).toEqual([2, 3, 3, 2]);
    expect(same.arraySync()).toEqual(x.arraySync());
    const shifted = augmentMaps(x, () => 0);
    const moved = shifted.arraySync() as number[][][][];
    const src = x.arraySync() as number[][][][];
    // shift: out[y][x'] = in[y − 1][x' − 1] (zero outside), then mirror: x' = 2 − x.
    expect(moved[1]![0]).toEqual([[0, 0], [0, 0], [0, 0]]);
    expect(moved[1]![1]![2]).toEqual([0, 0]);
    expect(moved[1]![2]![1]).toEqual(src[1]![1]![0]);
    expect(moved[1]![1]![0]).toEqual(src[1]![0]![1]);
    tf.dispose([x, same, shifted]);
  });
});

describe('fineTuneStage5', () => {
  test('trains conv5_x and the head, keeps the lowest validation loss (never worse than its start), and leaks nothing', async () => {
    const { c4, labels, images } = dataset(24);
    images.dispose();
    const split = stratifiedSplit(labels, 0.25, 1);
    const pre = await fineTunedFeatures({ model: backbone }, await readPretrained(), c4);
    const headOnly = await trainHead(pre, labels, split, { features: 16, classes: 3 }, { epochs: 30, lr: 0.01 });
    const startLoss = headOnly.history[headOnly.bestEpoch - 1]!.validationLoss;

    const before = tf.memory().numTensors;
    const epochs: number[] = [];
    const run = await fineTuneStage5({ model: backbone }, c4, labels, split, headOnly.best, { epochs: 3, lrStage5: 0.01, lrHead: 0.01, batch: 6, patience: 5, keepBestFineTuned: true, onEpoch: (s) => void epochs.push(s.epoch) });
    expect(tf.memory().numTensors).toBe(before);
    expect(epochs).toEqual([1, 2, 3]);
    expect(run.secondsPerEpoch).toBeGreaterThan(0);
    expect(run.bestEpoch).toBeGreaterThanOrEqual(0);
    expect(run.best.stage5.names.every((n) => n.startsWith('layer4.'))).toBe(true);
    expect(run.best.stage5.names).toHaveLength(backbone.trainableVariables.filter((v) => v.name.includes('/layer4.')).length);

    // The kept model, run again from its saved weights: its validation loss is the best epoch's, at most the start's.
    const tuned = await fineTunedFeatures({ model: backbone }, run.best.stage5, c4);
    const p = predictHead(run.best.head, tuned, labels.length);
    const valLoss = split.validation.reduce((s, i) => s - Math.log(p[i * 3 + labels[i]!]!), 0) / split.validation.length;
    const expected = run.bestEpoch === 0 ? startLoss : run.history[run.bestEpoch - 1]!.validationLoss;
    expect(valLoss).toBeCloseTo(expected, 4);
    expect(valLoss).toBeLessThanOrEqual(startLoss + 1e-5);
    expect(argmaxRows(p, labels.length, 3)).toHaveLength(24);
  }, 300_000);

  test('keepBestFineTuned also keeps the epoch ≥ 1 with the lowest validation loss, whose conv5_x really changed', async () => {
    const { c4, labels, images } = dataset(24);
    images.dispose();
    const split = stratifiedSplit(labels, 0.25, 2);
    const pretrained = await readPretrained();
    const headOnly = await trainHead(await fineTunedFeatures({ model: backbone }, pretrained, c4), labels, split, { features: 16, classes: 3 }, { epochs: 30, lr: 0.01 });
    const before = tf.memory().numTensors;
    const run = await fineTuneStage5({ model: backbone }, c4, labels, split, headOnly.best, { epochs: 3, lrStage5: 0.01, lrHead: 0.01, batch: 6, patience: 5, keepBestFineTuned: true });
    const without = await fineTuneStage5({ model: backbone }, c4, labels, split, headOnly.best, { epochs: 1, batch: 6 });
    expect(tf.memory().numTensors).toBe(before);
    expect(without.bestFineTuned).toBeNull();
    const forced = run.bestFineTuned!;
    const losses = run.history.map((s) => s.validationLoss);
    expect(forced.epoch).toBe(losses.indexOf(Math.min(...losses)) + 1);
    if (run.bestEpoch > 0) expect(forced.epoch).toBe(run.bestEpoch);
    // Its saved weights reproduce its validation loss, and some conv5_x weight moved from the pretrained value.
    const p = predictHead(forced.head, await fineTunedFeatures({ model: backbone }, forced.stage5, c4), labels.length);
    const valLoss = split.validation.reduce((s, i) => s - Math.log(p[i * 3 + labels[i]!]!), 0) / split.validation.length;
    expect(valLoss).toBeCloseTo(losses[forced.epoch - 1]!, 4);
    const moved = forced.stage5.values.some((v, i) => v.some((x, j) => x !== pretrained.values[pretrained.names.indexOf(forced.stage5.names[i]!)]![j]));
    expect(moved).toBe(true);
  }, 300_000);

  test('aborting stops it with the signal’s reason and leaves no tensors; a mismatched head is refused', async () => {
    const { c4, labels, images } = dataset(6);
    images.dispose();
    const head = (await trainHead(await fineTunedFeatures({ model: backbone }, await readPretrained(), c4), labels, { train: [0, 1, 2, 3, 4, 5], validation: [] }, { features: 16, classes: 3 }, { epochs: 1 })).best;
    const before = tf.memory().numTensors;
    const abort = new AbortController();
    abort.abort(new Error('cancelled'));
    await expect(fineTuneStage5({ model: backbone }, c4, labels, { train: [0, 1, 2], validation: [3, 4, 5] }, head, { signal: abort.signal })).rejects.toThrow('cancelled');
    await expect(fineTuneStage5({ model: backbone }, c4, labels, { train: [0, 1, 2], validation: [3, 4, 5] }, { ...head, spec: { ...head.spec, features: 8 } })).rejects.toThrow(/head reads 8 features, conv5_x gives 16/);
    expect(tf.memory().numTensors).toBe(before);
  }, 300_000);

  test('Stage5.from refuses fine-tuned weights with an unknown name or a wrong size', async () => {
    const tuned = await readPretrained();
    expect(() => Stage5.from({ model: backbone }, { ...tuned, names: tuned.names.map((n, i) => (i === 0 ? 'layer9.x' : n)) })).toThrow(/no weight named "layer9.x"/);
    expect(() => Stage5.from({ model: backbone }, { ...tuned, values: tuned.values.map((v, i) => (i === 0 ? v.subarray(1) : v)) })).toThrow(/needs \d+ values/);
  });
});

async function readPretrained() {
  const s = Stage5.from({ model: backbone });
  try {
    return await s.read();
  } finally {
    s.dispose();
  }
}
