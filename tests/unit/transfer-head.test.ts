// The transfer-learning head on synthetic features: its parameter count, its probabilities (the same as tfjs's),
// training that learns separable classes, keeps the epoch with the lowest validation loss, stops early, can be
// cancelled and leaves no tensors; the confusion matrix; and CAM weights that add up to the head's logits.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { classActivationMap } from '../../src/model/runtime/cam';
import { mulberry32 } from '../../src/model/training/random';
import {
  HeadVariables,
  argmaxRows,
  confusionMatrix,
  headCamWeights,
  headLogits,
  headParamCount,
  initHead,
  predictHead,
  trainHead,
  type EpochStats,
} from '../../src/model/transfer/head';
import { stratifiedSplit } from '../../src/model/transfer/split';
import { useBackend } from './setup-tf';

/** k Gaussian clusters in d dimensions, `perClass` each, non-negative like pooled ReLU features. */
function clusters(k: number, perClass: number, d: number, spread: number, seed = 1): { x: Float32Array; y: Int32Array } {
  const r = mulberry32(seed);
  const centres = Array.from({ length: k }, () => Float32Array.from({ length: d }, () => 2 * r()));
  const x = new Float32Array(k * perClass * d);
  const y = new Int32Array(k * perClass);
  for (let i = 0; i < k * perClass; i++) {
    y[i] = i % k;
    for (let j = 0; j < d; j++) x[i * d + j] = Math.max(0, centres[i % k]![j]! + spread * (r() + r() + r() - 1.5));
  }
  return { x, y };
}

beforeAll(async () => {
  await useBackend('cpu');
}, 120_000);

describe('the head', () => {
  test('a linear head for 2048 features and 3 classes trains 6,147 numbers; a hidden layer of 64 adds 2048·64 + 64 and shrinks fc', () => {
    expect(headParamCount({ features: 2048, classes: 3 })).toBe(6147);
    expect(headParamCount({ features: 2048, classes: 3, hidden: 64 })).toBe(2048 * 64 + 64 + 64 * 3 + 3);
  });

  test('predictHead gives n·k probabilities that sum to 1 per row and match tfjs’s softmax of the same head', () => {
    for (const spec of [{ features: 12, classes: 4 }, { features: 12, classes: 4, hidden: 5 }]) {
      const head = initHead(spec, 3);
      head.values[head.values.length - 1]!.set([0.1, -0.2, 0.3, 0]); // a non-zero bias
      const { x } = clusters(4, 3, 12, 0.5);
      const p = predictHead(head, x, 12);
      expect(p).toHaveLength(48);
      for (let r = 0; r < 12; r++) expect(p.subarray(r * 4, r * 4 + 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      const before = tf.memory().numTensors;
      const vars = new HeadVariables(head);
      const ref = tf.tidy(() => tf.softmax(vars.apply(tf.tensor2d(x, [12, 12]))).dataSync());
      vars.dispose();
      expect(tf.memory().numTensors).toBe(before);
      p.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 5));
    }
  });

  test('the same seed gives the same initial head; a wrong length is refused', () => {
    expect(initHead({ features: 8, classes: 3 }, 5)).toEqual(initHead({ features: 8, classes: 3 }, 5));
    expect(() => predictHead(initHead({ features: 8, classes: 3 }, 5), new Float32Array(7), 1)).toThrow(/8 values, got 7/);
  });

  test('training learns three separable classes, keeps the lowest-validation-loss epoch and leaves no tensors', async () => {
    const { x, y } = clusters(3, 30, 16, 0.8);
    const split = stratifiedSplit(y, 0.2, 1);
    const seen: EpochStats[] = [];
    const before = tf.memory().numTensors;
    const run = await trainHead(x, y, split, { features: 16, classes: 3 }, { epochs: 40, lr: 0.01, patience: Infinity, onEpoch: (s) => void seen.push(s) });
    expect(tf.memory().numTensors).toBe(before);
    expect(run.history).toHaveLength(40);
    expect(seen).toEqual(run.history);
    const losses = run.history.map((s) => s.validationLoss);
    expect(run.bestEpoch).toBe(losses.indexOf(Math.min(...losses)) + 1);
    expect(run.history.filter((s) => s.best).at(-1)!.epoch).toBe(run.bestEpoch);
    expect(run.history[0]!.trainLoss).toBeGreaterThan(run.history[run.bestEpoch - 1]!.trainLoss);
    // The kept head is the best epoch's: its validation accuracy, recomputed from the returned weights, matches.
    const xv = Float32Array.from(split.validation.flatMap((i) => Array.from(x.subarray(i * 16, i * 16 + 16))));
    const predicted = argmaxRows(predictHead(run.best, xv, split.validation.length), split.validation.length, 3);
    const correct = split.validation.filter((i, j) => predicted[j] === y[i]).length / split.validation.length;
    expect(correct).toBeCloseTo(run.history[run.bestEpoch - 1]!.validationAccuracy, 6);
    expect(correct).toBeGreaterThan(0.9);
  });

  test('the same seed gives the same trained head', async () => {
    const { x, y } = clusters(2, 10, 6, 1);
    const split = stratifiedSplit(y, 0.2, 1);
    const a = await trainHead(x, y, split, { features: 6, classes: 2, hidden: 4 }, { epochs: 5, seed: 9 });
    const b = await trainHead(x, y, split, { features: 6, classes: 2, hidden: 4 }, { epochs: 5, seed: 9 });
    expect(a.best.values).toEqual(b.best.values);
  });

  test('on labels that carry no signal the validation loss stops improving and training stops `patience` epochs after the best', async () => {
    const { x } = clusters(2, 20, 32, 1);
    const r = mulberry32(4);
    const y = Int32Array.from({ length: 40 }, () => (r() < 0.5 ? 0 : 1));
    const run = await trainHead(x, y, stratifiedSplit(y, 0.3, 1), { features: 32, classes: 2 }, { epochs: 300, lr: 0.03, patience: 3, weightDecay: 0 });
    expect(run.stoppedEarly).toBe(true);
    expect(run.history).toHaveLength(run.bestEpoch + 3);
  });

  test('without a validation split the last epoch is kept and the validation numbers are NaN', async () => {
    const { x, y } = clusters(2, 5, 4, 1);
    const run = await trainHead(x, y, { train: [...y.keys()], validation: [] }, { features: 4, classes: 2 }, { epochs: 3 });
    expect(run.bestEpoch).toBe(3);
    expect(run.history.every((s) => Number.isNaN(s.validationLoss))).toBe(true);
  });

  test('aborting stops training with the signal’s reason and leaves no tensors', async () => {
    const { x, y } = clusters(2, 10, 4, 1);
    const abort = new AbortController();
    const before = tf.memory().numTensors;
    const run = trainHead(x, y, stratifiedSplit(y, 0.2, 1), { features: 4, classes: 2 }, { epochs: 50, signal: abort.signal, onEpoch: (s) => (s.epoch === 2 ? abort.abort(new Error('stop')) : undefined) });
    await expect(run).rejects.toThrow('stop');
    expect(tf.memory().numTensors).toBe(before);
  });

  test('bad training sets are refused with the reason', async () => {
    const x = new Float32Array(8);
    await expect(trainHead(x, Int32Array.from([0, 1]), { train: [0], validation: [1] }, { features: 4, classes: 2 }, { epochs: 1 })).resolves.toBeTruthy();
    await expect(trainHead(x, Int32Array.from([0, 2]), { train: [0], validation: [1] }, { features: 4, classes: 2 })).rejects.toThrow(/label 2 of example 1/);
    await expect(trainHead(x, Int32Array.from([0, 1]), { train: [0, 1], validation: [1] }, { features: 4, classes: 2 })).rejects.toThrow(/example 1 is in the split twice/);
    await expect(trainHead(x, Int32Array.from([0, 1]), { train: [0], validation: [1] }, { features: 3, classes: 2 })).rejects.toThrow(/need 6 values, got 8/);
  });
});

describe('confusion matrix and CAM weights', () => {
  test('rows are true classes, columns predictions', () => {
    expect(confusionMatrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 1],
    ]);
    expect(() => confusionMatrix([0], [3], 3)).toThrow(/prediction 3/);
  });

  test('for a linear head, the mean of the class activation map plus the bias is the head’s logit on the pooled map', () => {
    const [h, w, d, k] = [3, 2, 8, 3];
    const head = initHead({ features: d, classes: k }, 2);
    head.values[1]!.set([0.5, -1, 0.25]);
    const r = mulberry32(11);
    const c5 = Float32Array.from({ length: h * w * d }, () => Math.max(0, r() - 0.3)); // HWC
    const pooled = new Float32Array(d);
    for (let p = 0; p < h * w; p++) for (let c = 0; c < d; c++) pooled[c]! += c5[p * d + c]! / (h * w);
    const logits = headLogits(head, pooled, 1);
    for (let c = 0; c < k; c++) {
      const { weights, bias } = headCamWeights(head, c)!;
      const map = classActivationMap(c5, h, w, d, weights);
      expect(map.reduce((a, b) => a + b, 0) / (h * w) + bias).toBeCloseTo(logits[c]!, 5);
    }
    expect(headCamWeights(initHead({ features: d, classes: k, hidden: 4 }, 2), 0)).toBeNull();
  });
});
