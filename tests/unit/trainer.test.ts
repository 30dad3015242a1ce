import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { type ImageSet, cifarResNet, countParams, loadFashionMnist } from '../../src/model/index';
import {
  Sgd,
  type TrainOptions,
  type TrainingRun,
  decayedWeightNames,
  evaluate,
  instantiate,
  learningRateAt,
  permutation,
  startTraining,
} from '../../src/model/runtime/index';
import { trailingMean } from '../../src/model/training/curves';
import { splitValidation } from '../../src/model/training/split';
import { useBackend } from './setup-tf';

const DIR = join(import.meta.dirname, '../../public/data/fashion-mnist');
let train: ImageSet;
let testSet: ImageSet;

beforeAll(async () => {
  await useBackend('wasm');
  const data = await loadFashionMnist({ baseUrl: DIR, fetchBytes: (p) => readFile(p), gunzip: (gz) => gunzipSync(gz) });
  train = data.train;
  testSet = data.test;
});

/** The first `n` examples of a set (the subsets are shuffled, so any prefix is nearly balanced). */
function head(set: ImageSet, n: number): ImageSet {
  const px = set.height * set.width;
  return { ...set, count: n, pixels: set.pixels.subarray(0, n * px), images: set.images.subarray(0, n * px), labels: set.labels.subarray(0, n) };
}

/** A 6n+2 net for 28×28 grey images. */
const net = (depth: number, shortcut: 'A' | 'plain', width = 4) => cifarResNet({ depth, shortcut, width, numClasses: 10, inputShape: [28, 28, 1] });

/** A small, fast run: ResNet-8 with 4/8/16 filters, batch 16. */
function tiny(overrides: Partial<TrainOptions> = {}): TrainOptions {
  return { spec: net(8, 'A'), train, steps: 4, batchSize: 16, schedule: { kind: 'constant', lr: 0.1 }, seed: 1, ...overrides };
}

describe('smoothing a recorded curve', () => {
  test('each point averages the last window values (fewer at the start)', () => {
    expect(trailingMean([1, 2, 3, 4, 5], 2)).toEqual([1, 1.5, 2.5, 3.5, 4.5]);
    expect(trailingMean([1, 0.5, 0.5, 0], 2)).toEqual([1, 0.75, 0.5, 0.25]);
    expect(trailingMean([], 3)).toEqual([]);
    expect(() => trailingMean([1], 0)).toThrow(/positive integer, got 0/);
  });
});

describe('learning-rate schedules', () => {
  test('constant, step (÷10 at milestones) and warm-up give the expected rates', () => {
    const constant = { kind: 'constant', lr: 0.1 } as const;
    expect([0, 1, 10_000].map((s) => learningRateAt(constant, s))).toEqual([0.1, 0.1, 0.1]);
    const step = { kind: 'step', lr: 0.1, milestones: [100, 150] } as const;
    const at = (s: number) => learningRateAt(step, s);
    expect(at(0)).toBe(0.1);
    expect(at(99)).toBe(0.1);
    expect(at(100)).toBeCloseTo(0.01, 12);
    expect(at(149)).toBeCloseTo(0.01, 12);
    expect(at(150)).toBeCloseTo(0.001, 12);
    expect(learningRateAt({ kind: 'step', lr: 1, milestones: [2], gamma: 0.5 }, 2)).toBe(0.5);
    const linear = { kind: 'constant', lr: 0.1, warmup: { steps: 10, from: 0 } } as const;
    [0, 0.05, 0.09, 0.1, 0.1].forEach((want, i) => expect(learningRateAt(linear, [0, 5, 9, 10, 11][i]!)).toBeCloseTo(want, 12));
    // The paper's ResNet-110 recipe: 0.01 until the error falls, then 0.1, ÷10 at 32k and 48k.
    const paper = { kind: 'step', lr: 0.1, milestones: [32_000, 48_000], warmup: { steps: 400, from: 0.01, shape: 'constant' } } as const;
    expect([0, 399, 400, 31_999].map((s) => learningRateAt(paper, s))).toEqual([0.01, 0.01, 0.1, 0.1]);
    expect(learningRateAt(paper, 48_000)).toBeCloseTo(0.001, 12);
  });

  test('a NaN learning rate is refused with a message that quotes it, before any tensor is made', () => {
    const before = tf.memory().numTensors;
    expect(() => startTraining(tiny({ schedule: { kind: 'constant', lr: NaN } }))).toThrow('learning rate must be a finite number ≥ 0, got NaN');
    expect(() => startTraining(tiny({ schedule: { kind: 'constant', lr: 0.1, warmup: { steps: 5, from: Infinity } } }))).toThrow(
      'warm-up learning rate must be a finite number ≥ 0, got Infinity',
    );
    expect(() => startTraining(tiny({ schedule: { kind: 'step', lr: 0.1, milestones: [50, 20] } }))).toThrow('[50,20]');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('plain and residual nets for the degradation lab', () => {
  test('plain and residual 6n+2 nets have equal parameter counts (ResNet-20 with w = 8 on 28×28×1: 67,906)', () => {
    for (const depth of [8, 20, 32, 56]) {
      expect(countParams(cifarResNet({ depth, shortcut: 'plain', width: 8, inputShape: [28, 28, 1] })), `depth ${depth}`).toBe(
        countParams(cifarResNet({ depth, shortcut: 'A', width: 8, inputShape: [28, 28, 1] })),
      );
    }
    expect(countParams(cifarResNet({ depth: 20, width: 8, inputShape: [28, 28, 1] }))).toBe(67_906);
    const plain = instantiate(net(20, 'plain', 8));
    const res = instantiate(net(20, 'A', 8));
    expect(plain.numParams).toBe(67_906);
    expect(res.numParams).toBe(67_906);
    plain.dispose();
    res.dispose();
  });

  test('weight decay applies to conv and dense weights only, not to BatchNorm or biases', () => {
    const names = decayedWeightNames(net(8, 'A'));
    expect(names.has('conv1.weight')).toBe(true);
    expect(names.has('layer3.0.conv2.weight')).toBe(true);
    expect(names.has('fc.weight')).toBe(true);
    expect(names.has('bn1.weight')).toBe(false);
    expect(names.has('fc.bias')).toBe(false);
    expect(names.size).toBe(2 * 3 + 1 + 1); // 3 blocks × 2 convs, the stem conv, fc
  });
});

describe('SGD with momentum and weight decay', () => {
  test('follows g ← ∇ + λw, v ← μv + g, w ← w − ηv for decayed weights, and skips λ for the others', () => {
    const w = tf.variable(tf.tensor1d([1, -2]), true, 'sgd-test/w');
    const b = tf.variable(tf.tensor1d([3]), true, 'sgd-test/b');
    const sgd = new Sgd([w, b], new Set([w.name]), { momentum: 0.9, weightDecay: 0.1 });
    const grads = () => ({ [w.name]: tf.tensor1d([0.5, 0.5]), [b.name]: tf.tensor1d([1]) });
    let g = grads();
    sgd.apply(g, 0.1);
    tf.dispose(g);
    // step 1: g_w = [0.5 + 0.1, 0.5 − 0.2] = [0.6, 0.3]; v = g; w = [1 − 0.06, −2 − 0.03]
    expect(Array.from(w.dataSync())).toEqual([0.94, -2.03].map(Math.fround));
    expect(b.dataSync()[0]).toBeCloseTo(2.9, 6);
    g = grads();
    sgd.apply(g, 0.05);
    tf.dispose(g);
    // step 2: g_w = [0.5 + 0.094, 0.5 − 0.203]; v = 0.9·[0.6, 0.3] + g_w; w −= 0.05·v
    const v = [0.9 * 0.6 + 0.594, 0.9 * 0.3 + 0.297];
    const want = [0.94 - 0.05 * v[0]!, -2.03 - 0.05 * v[1]!];
    Array.from(w.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 5));
    expect(b.dataSync()[0]).toBeCloseTo(2.9 - 0.05 * 1.9, 6);
    sgd.dispose();
    tf.dispose([w, b]);
  });
});

describe('the training loop', () => {
  test('the same seed gives the same shuffles and the same first losses; another data seed does not', async () => {
    expect(permutation(10_000, 7)).toEqual(permutation(10_000, 7));
    const a = await startTraining(tiny({ steps: 3 })).done;
    const b = await startTraining(tiny({ steps: 3 })).done;
    const c = await startTraining(tiny({ steps: 3, dataSeed: 2 })).done;
    expect(a.curves.loss).toEqual(b.curves.loss);
    expect(a.curves.loss[0]).not.toBe(c.curves.loss[0]);
    expect(a.seeds).toEqual({ init: 1, data: 1 });
  });

  test('a short run’s training error falls (ResNet-8, 50 steps of 32 images)', async () => {
    const r = await startTraining(tiny({ steps: 50, batchSize: 32 })).done;
    expect(r.status).toBe('finished');
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const first = mean(r.curves.error.slice(0, 10));
    const last = mean(r.curves.error.slice(-10));
    expect(first).toBeGreaterThan(0.6);
    expect(last).toBeLessThan(first - 0.25);
  });

  test('a learning rate of 1e30 diverges: the run stops with a clear message and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const r = await startTraining(tiny({ steps: 20, schedule: { kind: 'constant', lr: 1e30 }, test: head(testSet, 50) })).done;
    expect(r.status).toBe('diverged');
    expect(r.steps).toBeLessThan(20);
    expect(r.message).toMatch(/^training diverged: the loss became (NaN|Infinity) at step \d+ \(learning rate 1e\+30\)/);
    expect(r.evaluations).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('callbacks report every step, epoch and evaluation; a finished run with evaluations leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const steps: number[] = [];
    const epochs: { epoch: number; step: number }[] = [];
    const evals: string[] = [];
    const smoothed: number[] = [];
    const r = await startTraining(
      tiny({
        train: head(train, 64), // 4 steps of 16 per epoch
        test: head(testSet, 40),
        steps: 9,
        smoothing: 3,
        evaluation: { every: 4, modes: ['inference', 'batch'], batchSize: 16 },
        onStep: (s) => {
          steps.push(s.step);
          expect(s.lr).toBe(0.1);
          expect(s.stepsPerSecond).toBeGreaterThan(0);
          smoothed.push(s.smoothedError);
        },
        onEpoch: (e) => void epochs.push({ epoch: e.epoch, step: e.step }),
        onEvaluate: (e) => void evals.push(`${e.step}:${e.mode}:${e.examples}`),
      }),
    ).done;
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epochs).toEqual([
      { epoch: 1, step: 4 },
      { epoch: 2, step: 8 },
    ]);
    expect(evals).toEqual(['4:inference:40', '4:batch:40', '8:inference:40', '8:batch:40', '9:inference:40', '9:batch:40']);
    expect(r.epochs).toBe(9 / 4);
    expect(r.curves.loss).toHaveLength(9);
    // The smoothing plots redraw from a saved run's raw errors is the one the run reported while it trained.
    trailingMean(r.curves.error, 3).forEach((v, i) => expect(v).toBeCloseTo(smoothed[i]!, 12));
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a run with a validation set and a test set evaluates validation first at each point and labels every report', async () => {
    const before = tf.memory().numTensors;
    const { train: trainPart, validation } = splitValidation(head(train, 80), { fraction: 0.2, seed: 1 });
    const seen: string[] = [];
    const r = await startTraining(
      tiny({
        train: trainPart, // 64 images: 4 steps of 16 per epoch
        validation,
        test: head(testSet, 24),
        steps: 6,
        evaluation: { every: 3, modes: ['inference'], batchSize: 16 },
        onEvaluate: (e) => void seen.push(`${e.step}:${e.set}:${e.examples}`),
      }),
    ).done;
    expect(seen).toEqual(['3:validation:16', '3:test:24', '6:validation:16', '6:test:24']);
    expect(r.evaluations.map((e) => e.set)).toEqual(['validation', 'test', 'validation', 'test']);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('the lab’s split of the shipped subset: 9,000 to train on and 1,000 to validate on, 100 of each class, disjoint', () => {
    const { train: t, validation: v, trainIndices, validationIndices } = splitValidation(train, { fraction: 0.1, seed: 1 });
    expect([train.count, t.count, v.count]).toEqual([10_000, 9_000, 1_000]);
    for (let c = 0; c < 10; c++) expect(v.labels.filter((y) => y === c).length, `class ${c}`).toBe(100);
    const held = new Set(validationIndices);
    expect(trainIndices.some((i) => held.has(i))).toBe(false);
  });

  test('stop ends a run after the current step and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    let run: TrainingRun | undefined;
    run = startTraining(tiny({ steps: 100, test: head(testSet, 50), onStep: (s) => (s.step === 3 ? run!.stop() : undefined) }));
    const r = await run.done;
    expect(r.status).toBe('stopped');
    expect(r.steps).toBe(3);
    expect(r.message).toBe('stopped after 3 steps');
    expect(run.status).toBe('stopped');
    expect(tf.memory().numTensors).toBe(before);
  });

  test('pause waits between steps; resume carries on; stop works while paused', async () => {
    const before = tf.memory().numTensors;
    const statuses: string[] = [];
    // Wait for the status, not for a fixed time: on a busy machine two steps can take longer than any guess.
    let paused!: () => void;
    const pausedOnce = new Promise<void>((r) => (paused = r));
    let run: TrainingRun | undefined;
    run = startTraining(
      tiny({ steps: 5, onStep: (s) => (s.step === 2 ? run!.pause() : undefined), onStatus: (s) => void (statuses.push(s), s === 'paused' && paused()) }),
    );
    await pausedOnce;
    await new Promise((r) => setTimeout(r, 100)); // it stays there
    expect(run.status).toBe('paused');
    expect(run.step).toBe(2);
    run.resume();
    expect((await run.done).steps).toBe(5);
    expect(statuses).toEqual(['paused', 'running', 'finished']);

    let secondPaused!: () => void;
    const secondPausedOnce = new Promise<void>((r) => (secondPaused = r));
    let second: TrainingRun | undefined;
    second = startTraining(tiny({ steps: 5, onStep: (s) => (s.step === 1 ? second!.pause() : undefined), onStatus: (s) => void (s === 'paused' && secondPaused()) }));
    await secondPausedOnce;
    second.stop();
    const r = await second.done;
    expect([r.status, r.steps]).toEqual(['stopped', 1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('the event loop gets a turn between steps', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let ticksAtStep4 = 0;
    await startTraining(tiny({ steps: 4, onStep: (s) => void (s.step === 4 && (ticksAtStep4 = ticks)) })).done;
    clearInterval(timer);
    expect(ticksAtStep4).toBeGreaterThanOrEqual(3);
  });

  test('keepModel hands back the trained network; evaluating in batch mode leaves its BatchNorm averages unchanged', async () => {
    const r = await startTraining(tiny({ steps: 3, keepModel: true })).done;
    const model = r.model!;
    const mean = model.weight('bn1.running_mean');
    const before = Array.from(await mean.data());
    expect(before.some((v) => v !== 0)).toBe(true); // training moved the running averages
    const countBefore = tf.memory().numTensors;
    const e = await evaluate(model, head(testSet, 64), { mode: 'batch', batchSize: 32 });
    expect(e.examples).toBe(64);
    expect(e.error).toBeGreaterThanOrEqual(0);
    expect(Array.from(await mean.data())).toEqual(before);
    expect(tf.memory().numTensors).toBe(countBefore);
    model.dispose();
  });

  test('rejects data that does not fit the network, quoting both shapes', () => {
    expect(() => startTraining(tiny({ spec: cifarResNet({ depth: 8, width: 4 }) }))).toThrow('resnet8 expects inputs [32,32,3], the data has [28,28,1]');
    expect(() => startTraining(tiny({ batchSize: 0 }))).toThrow('batch size must be an integer from 1 to 10000 (the training examples), got 0');
  });
});
