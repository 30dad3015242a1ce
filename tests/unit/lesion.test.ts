import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fractionOfPathsAtMost, lesionBlocks, lesionError, pathLengthCounts, pathLengthFractions, randomLesions } from '../../src/model/analysis/lesion';
import { cifarResNet, type CifarOptions } from '../../src/model/builders';
import { Model } from '../../src/model/runtime/model';
import type { BlockSpec } from '../../src/model/spec';
import { weightName } from '../../src/model/weights';
import { maxAbsDiff, randomArray, randomTensor, useBackend } from './setup-tf';

beforeAll(() => useBackend('wasm'), 120_000);

const INPUT: [number, number, number] = [12, 12, 1];
const netSpec = (o: Partial<CifarOptions>) => cifarResNet({ depth: 14, width: 4, numClasses: 10, inputShape: INPUT, ...o });

/**
 * A net with every BatchNorm made non-trivial (random γ, β, running mean, running variance > 0), so that a branch
 * is far from zero and deleting it changes the output: otherwise the equalities below could hold by accident.
 */
function trainedLike(spec: ReturnType<typeof netSpec>, seed: number): Model {
  const model = new Model(spec, { seed });
  let k = seed * 100;
  for (const [name, v] of model.weights) {
    if (!/\.(weight|bias|running_mean|running_var)$/.test(name) || v.rank !== 1) continue;
    const r = randomArray(v.size, ++k);
    const values = /running_var$/.test(name) ? r.map((x) => 0.5 + x * x) : /\.weight$/.test(name) ? r.map((x) => 1 + 0.5 * x) : r.map((x) => 0.3 * x);
    v.assign(tf.tensor1d(values));
  }
  return model;
}

/**
 * Makes the block's residual branch output exactly zeros: its last weighted layer's γ and β (a BatchNorm, in
 * post-activation blocks) or kernel (a conv, in pre-activation blocks) set to 0. A BatchNorm with γ = β = 0 outputs
 * (x − μ)/σ · 0 + 0 = 0 for finite x; a conv with a zero kernel outputs 0.
 */
function zeroBranch(model: Model, block: BlockSpec): void {
  const last = [...block.body].reverse().find((l) => l.kind === 'batchnorm' || l.kind === 'conv2d')!;
  const names = last.kind === 'batchnorm' ? [weightName(last.name, 'gamma'), weightName(last.name, 'beta')] : [weightName(last.name, 'kernel')];
  for (const n of names) model.weight(n).assign(tf.zerosLike(model.weight(n)));
}

const blocksOf = (model: Model) => model.spec.stages.flatMap((s) => s.blocks);

describe('deleting blocks (lesion)', () => {
  it('lists which blocks can be deleted: every residual block; plain blocks only where the shape is kept', () => {
    const res = lesionBlocks(netSpec({ shortcut: 'A' }));
    expect(res.map((b) => b.name)).toEqual(['layer1.0', 'layer1.1', 'layer2.0', 'layer2.1', 'layer3.0', 'layer3.1']);
    expect(res.every((b) => b.residual && b.deletable)).toBe(true);
    expect(res.filter((b) => b.changesShape).map((b) => b.name)).toEqual(['layer2.0', 'layer3.0']);
    const plain = lesionBlocks(netSpec({ shortcut: 'plain' }));
    expect(plain.filter((b) => b.deletable).map((b) => b.name)).toEqual(['layer1.0', 'layer1.1', 'layer2.1', 'layer3.1']);
    expect(plain.some((b) => b.residual)).toBe(false);
  });

  // Post-activation blocks end in a ReLU after the addition: with the branch zeroed the block computes
  // ReLU(0 + shortcut(x)) = ReLU(shortcut(x)), which is what a deleted block computes (`after(shortcut(x))`), so the
  // two networks agree bit for bit, the downsampling blocks (zero-padding or projection shortcut kept) included.
  for (const shortcut of ['A', 'B'] as const) {
    it(`without block k equals the net whose block k has its last BatchNorm's γ and β at zero (option ${shortcut}), for every k`, async () => {
      const spec = netSpec({ shortcut });
      const model = trainedLike(spec, 1);
      const x = randomTensor([6, ...INPUT], 2) as tf.Tensor4D;
      const intact = model.apply(x);
      for (const block of blocksOf(model)) {
        const zeroed = trainedLike(spec, 1);
        zeroBranch(zeroed, block);
        const [lesioned, reference] = [model.apply(x, { lesion: [block.name] }), zeroed.apply(x)];
        expect(await maxAbsDiff(lesioned, reference), block.name).toBe(0);
        expect(await maxAbsDiff(lesioned, intact), block.name).toBeGreaterThan(1e-3); // the deletion did something
        tf.dispose([lesioned, reference]);
        zeroed.dispose();
      }
      tf.dispose([x, intact]);
      model.dispose();
    });
  }

  it('in a pre-activation net equals the net whose branch ends in a zero conv kernel', async () => {
    const spec = netSpec({ shortcut: 'B', preActivation: true });
    const model = trainedLike(spec, 4);
    const x = randomTensor([4, ...INPUT], 5) as tf.Tensor4D;
    for (const block of blocksOf(model)) {
      const zeroed = trainedLike(spec, 4);
      zeroBranch(zeroed, block);
      const [lesioned, reference] = [model.apply(x, { lesion: [block.name] }), zeroed.apply(x)];
      expect(await maxAbsDiff(lesioned, reference), block.name).toBe(0);
      tf.dispose([lesioned, reference]);
      zeroed.dispose();
    }
    x.dispose();
    model.dispose();
  });

  it('deleting no block is the original network', async () => {
    const model = trainedLike(netSpec({ shortcut: 'A' }), 2);
    const x = randomTensor([4, ...INPUT], 3) as tf.Tensor4D;
    const [a, b] = [model.apply(x), model.apply(x, { lesion: [] })];
    expect(await maxAbsDiff(a, b)).toBe(0);
    tf.dispose([x, a, b]);
    model.dispose();
  });

  it('deletes exactly the blocks of a random set: the net with exactly those branches zeroed', async () => {
    const spec = netSpec({ shortcut: 'A' });
    const model = trainedLike(spec, 3);
    const x = randomTensor([4, ...INPUT], 4) as tf.Tensor4D;
    const names = lesionBlocks(spec).map((b) => b.name);
    for (const k of [1, 2, 3, 5]) {
      const sets = randomLesions(names, k, 3, 10 + k);
      expect(randomLesions(names, k, 3, 10 + k)).toEqual(sets); // seeded
      for (const set of sets) {
        expect(new Set(set).size).toBe(k);
        expect(set.every((n) => names.includes(n))).toBe(true);
        expect(set).toEqual(names.filter((n) => set.includes(n))); // in network order
        const zeroed = trainedLike(spec, 3);
        for (const block of blocksOf(zeroed).filter((b) => set.includes(b.name))) zeroBranch(zeroed, block);
        const [lesioned, reference] = [model.apply(x, { lesion: set }), zeroed.apply(x)];
        expect(await maxAbsDiff(lesioned, reference), set.join(',')).toBe(0);
        tf.dispose([lesioned, reference]);
        zeroed.dispose();
      }
    }
    expect(new Set(randomLesions(names, 2, 30, 1).map((s) => s.join())).size).toBeGreaterThan(5); // draws differ
    expect(() => randomLesions(names, 7, 1, 1)).toThrow(/k must be an integer in 0…6/);
    tf.dispose(x);
    model.dispose();
  });

  it('makes a deletable plain block the identity, and refuses to delete one that changes the shape', async () => {
    const model = trainedLike(netSpec({ shortcut: 'plain' }), 5);
    const x = randomTensor([4, ...INPUT], 6) as tf.Tensor4D;
    const { collected } = model.run(x, { lesion: ['layer2.1'], collect: ['layer2.0', 'layer2.1'] });
    expect(await maxAbsDiff(collected['layer2.1']!, collected['layer2.0']!)).toBe(0);
    tf.dispose(Object.values(collected));
    const before = tf.memory().numTensors;
    expect(() => model.apply(x, { lesion: ['layer2.0'] })).toThrow(/"layer2.0" has no shortcut and changes the shape/);
    expect(() => model.apply(x, { lesion: ['layer9.0'] })).toThrow(/no block named "layer9.0"/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('leaves no tensors behind, and counts the errors of a lesioned net over every image in batches', async () => {
    const model = trainedLike(netSpec({ shortcut: 'A' }), 6);
    const count = 10;
    const images = randomArray(count * 144, 7);
    const x = tf.tensor4d(images, [count, ...INPUT]);
    const predicted = tf.tidy(() => tf.argMax(model.apply(x, { lesion: ['layer1.1', 'layer3.0'] }), 1).arraySync() as number[]);
    x.dispose();
    // Labels: right on the first 4 images, wrong on the other 6, so the error is 0.6 whatever the net predicts.
    const labels = Int32Array.from(predicted, (p, i) => (i < 4 ? p : (p + 1) % 10));
    const set = { count, images, labels };
    const progress: number[] = [];
    const before = tf.memory().numTensors;
    const error = await lesionError(model, set, ['layer1.1', 'layer3.0'], { batchSize: 3, onProgress: (done) => progress.push(done) });
    expect(error).toBeCloseTo(0.6, 12);
    expect(progress).toEqual([3, 6, 9, 10]);
    expect(tf.memory().numTensors).toBe(before);
    const stop = new AbortController();
    const stopped = lesionError(model, set, [], { batchSize: 3, signal: stop.signal, onProgress: () => stop.abort(new Error('cancelled')) });
    await expect(stopped).rejects.toThrow('cancelled');
    expect(tf.memory().numTensors).toBe(before);
    // A cancel that arrives as a message (a macrotask, as from the page to the worker) stops it between batches too.
    const byMessage = new AbortController();
    const seen: number[] = [];
    const running = lesionError(model, set, [], { batchSize: 3, signal: byMessage.signal, onProgress: (done) => seen.push(done) });
    setTimeout(() => byMessage.abort(new Error('cancelled by the page')), 0);
    await expect(running).rejects.toThrow('cancelled by the page');
    expect(seen.length).toBeLessThan(4);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('path lengths of an n-block residual net', () => {
  it('counts C(n, k) paths through k residual functions', () => {
    expect(pathLengthCounts(0)).toEqual([1n]);
    expect(pathLengthCounts(3)).toEqual([1n, 3n, 3n, 1n]);
    expect(pathLengthCounts(5)).toEqual([1n, 5n, 10n, 10n, 5n, 1n]);
    // ResNet-56 for CIFAR: (56 − 2) / 2 = 27 basic blocks, 2²⁷ = 134,217,728 paths; C(27, 13) = 20,058,300.
    const c27 = pathLengthCounts(27);
    expect(c27).toHaveLength(28);
    expect(c27.reduce((a, b) => a + b, 0n)).toBe(134_217_728n);
    expect(c27[13]).toBe(20_058_300n);
    expect(c27[1]).toBe(27n);
    // ResNet-110: 54 blocks; C(54, 27) = 1,946,939,425,648,112 (exact, above 2⁵³ would be lost as a plain number).
    expect(pathLengthCounts(54)[27]).toBe(1_946_939_425_648_112n);
  });

  it('gives the share of paths by length, and up to a length', () => {
    expect(pathLengthFractions(3)).toEqual([0.125, 0.375, 0.375, 0.125]);
    expect(pathLengthFractions(27).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(fractionOfPathsAtMost(3, 1)).toBe(0.5);
    expect(fractionOfPathsAtMost(3, 3)).toBe(1);
    expect(fractionOfPathsAtMost(3, -1)).toBe(0);
    // n = 4: (1 + 4 + 6) / 16.
    expect(fractionOfPathsAtMost(4, 2)).toBe(11 / 16);
    expect(() => pathLengthCounts(-1)).toThrow(/non-negative integer/);
  });
});
