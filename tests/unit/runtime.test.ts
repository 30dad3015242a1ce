import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { analyze, cifarResNet, resnet18, resnet50, resnext50_32x4d } from '../../src/model/index';
import { batchNormTrain, blockDiagonalKernel, groupedConv2d, instantiate, trainStep } from '../../src/model/runtime/index';
import { maxAbsDiff, randomTensor, useBackend } from './setup-tf';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('grouped convolution', () => {
  const cases = [
    { cin: 8, cout: 8, groups: 4, stride: 1, k: 3 },
    { cin: 12, cout: 6, groups: 3, stride: 2, k: 3 },
    { cin: 8, cout: 16, groups: 8, stride: 1, k: 3 }, // depthwise with multiplier 2
    { cin: 6, cout: 6, groups: 6, stride: 2, k: 3 }, // depthwise
  ];
  for (const c of cases) {
    const label = `${c.cin}→${c.cout} channels in ${c.groups} groups, stride ${c.stride}`;
    test(`grouped conv equals split → conv → concat (${label})`, async () => {
      const x = randomTensor([2, 9, 9, c.cin], 1) as tf.Tensor4D;
      const w = randomTensor([c.k, c.k, c.cin / c.groups, c.cout], 2) as tf.Tensor4D;
      const y = groupedConv2d(x, w, c.stride, 1, c.groups);
      // Reference written independently: slice channel ranges by hand.
      const pi = c.cin / c.groups;
      const po = c.cout / c.groups;
      const parts = Array.from({ length: c.groups }, (_, j) =>
        tf.conv2d(tf.slice(x, [0, 0, 0, j * pi], [-1, -1, -1, pi]), tf.slice(w, [0, 0, 0, j * po], [-1, -1, -1, po]), c.stride, 1),
      );
      const ref = tf.concat(parts, 3);
      expect(y.shape).toEqual(ref.shape);
      expect(await maxAbsDiff(y, ref)).toBeLessThan(1e-4);
      tf.dispose([x, w, y, ref, ...parts]);
    });
    test(`grouped conv equals a dense conv with a block-diagonal kernel (${label})`, async () => {
      const x = randomTensor([2, 9, 9, c.cin], 3) as tf.Tensor4D;
      const w = randomTensor([c.k, c.k, c.cin / c.groups, c.cout], 4) as tf.Tensor4D;
      const dense = blockDiagonalKernel(w, c.groups);
      const y = groupedConv2d(x, w, c.stride, 1, c.groups);
      const ref = tf.conv2d(x, dense, c.stride, 1);
      expect(dense.shape).toEqual([c.k, c.k, c.cin, c.cout]);
      expect(await maxAbsDiff(y, ref)).toBeLessThan(1e-4);
      tf.dispose([x, w, dense, y, ref]);
    });
  }

  test('a block-diagonal kernel is zero across groups', async () => {
    const w = tf.ones([1, 1, 2, 4]) as tf.Tensor4D; // 2 groups: in 2 per group, out 2 per group
    const d = blockDiagonalKernel(w, 2);
    expect(Array.from(await d.data())).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1]);
    tf.dispose([w, d]);
  });

  test('grouped conv trains: gradients flow to every group', async () => {
    const x = randomTensor([2, 6, 6, 8], 5) as tf.Tensor4D;
    const w = randomTensor([3, 3, 2, 8], 6) as tf.Tensor4D;
    const g = tf.grad((k: tf.Tensor) => tf.sum(tf.square(groupedConv2d(x, k as tf.Tensor4D, 1, 1, 4))))(w);
    const perGroup = tf.sum(tf.abs(g), [0, 1, 2]);
    expect(Array.from(await perGroup.data()).every((v) => v > 0)).toBe(true);
    tf.dispose([x, w, g, perGroup]);
  });
});

describe('BatchNorm with its analytic backward pass', () => {
  test('gradients equal tfjs autodiff of the textbook formula', async () => {
    const x = randomTensor([4, 3, 3, 5], 7) as tf.Tensor4D;
    const gamma = randomTensor([5], 8) as tf.Tensor1D;
    const beta = randomTensor([5], 9) as tf.Tensor1D;
    const r = randomTensor([4, 3, 3, 5], 10);
    const textbook = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(a, [0, 1, 2]);
      return tf.add(tf.mul(tf.div(tf.sub(a, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
    };
    const loss = (f: typeof textbook) => (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, g, b), r));
    const ours = tf.grads(loss((a, g, b) => batchNormTrain(a as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5)))([x, gamma, beta]);
    const ref = tf.grads(loss(textbook))([x, gamma, beta]);
    for (let i = 0; i < 3; i++) expect(await maxAbsDiff(ours[i]!, ref[i]!)).toBeLessThan(1e-4);
    tf.dispose([x, gamma, beta, r, ...ours, ...ref]);
  });
});

describe('models made real', () => {
  test('an instantiated network has exactly the parameters analyze() counts', () => {
    for (const spec of [cifarResNet({ depth: 20 }), resnet18(), resnext50_32x4d()]) {
      const m = instantiate(spec, { init: 'zeros' });
      expect(m.numParams).toBe(analyze(spec).params);
      m.dispose();
    }
  });

  test('ResNet-50 stage outputs have the analyzed shapes at 224×224', () => {
    const spec = resnet50();
    const m = instantiate(spec, { seed: 1 });
    const x = randomTensor([1, 224, 224, 3]) as tf.Tensor4D;
    const { output, collected } = m.run(x, { collect: ['stem', 'layer1', 'layer2', 'layer3', 'layer4'] });
    const report = analyze(spec);
    expect(output.shape).toEqual([1, 1000]);
    expect(collected.stem!.shape.slice(1)).toEqual(report.stem.outputShape);
    report.stages.forEach((s) => expect(collected[s.name]!.shape.slice(1)).toEqual(s.outputShape));
    tf.dispose([x, output, ...Object.values(collected)]);
    m.dispose();
  });

  test('the same seed gives the same weights; another seed does not', async () => {
    const spec = cifarResNet({ depth: 8 });
    const [a, b, c] = [instantiate(spec, { seed: 3 }), instantiate(spec, { seed: 3 }), instantiate(spec, { seed: 4 })];
    const name = 'layer2.0.conv1.weight';
    expect(await maxAbsDiff(a.weight(name), b.weight(name))).toBe(0);
    expect(await maxAbsDiff(a.weight(name), c.weight(name))).toBeGreaterThan(0);
    [a, b, c].forEach((m) => m.dispose());
  });

  test('asking for a layer that does not exist names it', () => {
    const m = instantiate(cifarResNet({ depth: 8 }), { init: 'zeros' });
    const x = tf.zeros([1, 32, 32, 3]) as tf.Tensor4D;
    expect(() => m.run(x, { collect: ['layer9'] })).toThrow(/no layer, block or stage named "layer9"/);
    x.dispose();
    m.dispose();
  });
});

describe('no tensor leaks', () => {
  test('building, running and disposing ResNet-18 leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const m = instantiate(resnet18(), { seed: 2 });
    const x = tf.zeros([2, 64, 64, 3]) as tf.Tensor4D;
    const y = m.apply(x);
    const y2 = m.apply(x, { training: true });
    tf.dispose([x, y, y2]);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('training steps leak no tensors', async () => {
    const m = instantiate(cifarResNet({ depth: 8, width: 4, inputShape: [12, 12, 1] }), { seed: 1 });
    const x = randomTensor([8, 12, 12, 1]) as tf.Tensor4D;
    const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');
    const opt = tf.train.momentum(0.05, 0.9);
    await trainStep(m, opt, x, labels); // the optimizer creates its momentum slots on the first step
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await trainStep(m, opt, x, labels);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    tf.dispose([x, labels]);
    m.dispose();
  });
});
