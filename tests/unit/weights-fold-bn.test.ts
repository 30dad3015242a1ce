import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { conv, resnet } from '../../src/model/builders';
import { modelFromWeights, specWeightShapes } from '../../src/model/runtime/index';
import type { NetworkSpec } from '../../src/model/spec';
import { foldBatchNorm } from '../../scripts/weights/fold-bn';
import { maxAbsDiff, randomArray, randomTensor, useBackend } from './setup-tf';

beforeAll(async () => {
  await useBackend('cpu');
});

/** Values in [lo, hi): BatchNorm's gamma and variance must stay positive, so not randomArray's [-1, 1). */
const uniform = (n: number, lo: number, hi: number, seed: number) => randomArray(n, seed).map((v) => lo + ((v + 1) / 2) * (hi - lo));

/** A network that is one 3×3 conv (3 → 5 channels, with bias), optionally followed by BatchNorm with `epsilon`. */
function convNet(epsilon: number | null): NetworkSpec {
  const c = conv('conv', 3, 5, 3, { bias: true });
  return {
    name: 'conv-bn',
    inputShape: [6, 6, 3],
    stem: epsilon === null ? [c] : [c, { kind: 'batchnorm', name: 'bn', channels: 5, epsilon, momentum: 0.9, zeroGamma: false }],
    stages: [],
    head: [],
  };
}

/** Random weights for every tensor of `spec`, BatchNorm's gamma and running variance kept positive. */
function randomWeights(spec: NetworkSpec): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  let seed = 100;
  for (const [name, shape] of specWeightShapes(spec)) {
    const n = shape.reduce((a, b) => a * b, 1);
    if (name.endsWith('running_var')) out.set(name, uniform(n, 0.01, 0.3, seed++));
    else if (/bn\d?\.weight$|downsample\.1\.weight$/.test(name)) out.set(name, uniform(n, 0.5, 1.5, seed++));
    else out.set(name, randomArray(n, seed++));
  }
  return out;
}

async function largestMagnitude(t: tf.Tensor): Promise<number> {
  let m = 0;
  for (const v of await t.data()) m = Math.max(m, Math.abs(v));
  return m;
}

describe('BatchNorm folding', () => {
  const epsilon = 0.25; // large next to the variances (0.01–0.3), so forgetting it shows
  const weights = randomWeights(convNet(epsilon));
  const x = () => randomTensor([2, 6, 6, 3], 7) as tf.Tensor4D;

  /** conv(x) + b, then BatchNorm at inference (running statistics) with the given epsilon, by tfjs's own ops. */
  const convThenBn = (input: tf.Tensor4D, eps: number) =>
    tf.tidy(() => {
      const w = tf.tensor4d(weights.get('conv.weight')!, [3, 3, 3, 5]);
      const y = tf.add(tf.conv2d(tf.pad(input, [[0, 0], [1, 1], [1, 1], [0, 0]]), w, 1, 'valid'), tf.tensor1d(weights.get('conv.bias')!));
      const bn = (k: string) => tf.tensor1d(weights.get(`bn.${k}`)!);
      return tf.batchNorm4d(y as tf.Tensor4D, bn('running_mean'), bn('running_var'), bn('bias'), bn('weight'), eps);
    });

  /** The single conv with the folded kernel and bias. */
  const foldedConv = (input: tf.Tensor4D, folded: Map<string, Float64Array>) =>
    tf.tidy(() => {
      const w = tf.tensor4d(Float32Array.from(folded.get('conv.weight')!), [3, 3, 3, 5]);
      const b = tf.tensor1d(Float32Array.from(folded.get('conv.bias')!));
      return tf.add(tf.conv2d(tf.pad(input, [[0, 0], [1, 1], [1, 1], [0, 0]]), w, 1, 'valid'), b);
    });

  test('a conv followed by BatchNorm equals the folded conv on random input, epsilon included', async () => {
    const before = tf.memory().numTensors;
    const folded = foldBatchNorm(convNet(epsilon), weights, convNet(null));
    const input = x();
    const want = convThenBn(input, epsilon);
    const got = foldedConv(input, folded);
    const scale = await largestMagnitude(want);
    expect(scale).toBeGreaterThan(1);
    expect(await maxAbsDiff(got, want)).toBeLessThan(1e-5 * scale);
    tf.dispose([input, want, got]);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('the epsilon is the BatchNorm layer’s own: folding as if it were 0 would be measurably wrong', async () => {
    const input = x();
    const want = convThenBn(input, epsilon);
    const ignoringEpsilon = foldedConv(input, foldBatchNorm(convNet(0), weights, convNet(null)));
    expect(await maxAbsDiff(ignoringEpsilon, want)).toBeGreaterThan(0.1);
    tf.dispose([input, want, ignoringEpsilon]);
  });

  test('the folded weights are exactly the spec of the network without BatchNorm, nothing more', () => {
    const folded = foldBatchNorm(convNet(epsilon), weights, convNet(null));
    expect([...folded.keys()].sort()).toEqual(['conv.bias', 'conv.weight']);
    expect(() => foldBatchNorm(convNet(epsilon), weights, convNet(epsilon))).toThrow(/bn\.weight got no value/);
  });

  test('a small bottleneck ResNet with projection shortcuts gives the same logits folded as unfolded', async () => {
    const common: Parameters<typeof resnet>[0] = {
      ...{ name: 'tiny', block: 'bottleneck', layers: [1, 2], widths: [2, 4], stemWidth: 8, numClasses: 5 },
      ...{ inputShape: [32, 32, 3], strideOn: '1x1', convBias: true },
    };
    const spec = resnet({ ...common, bnEpsilon: 0.1 });
    const foldedSpec = resnet({ ...common, batchNorm: false });
    const values = randomWeights(spec);
    const folded = foldBatchNorm(spec, values, foldedSpec);
    const foldedValues = new Map([...folded].map(([k, v]) => [k, Float32Array.from(v)]));

    const before = tf.memory().numTensors;
    const [model, foldedModel] = [modelFromWeights(spec, values), modelFromWeights(foldedSpec, foldedValues)];
    const input = randomTensor([2, 32, 32, 3], 3) as tf.Tensor4D;
    const want = model.apply(input);
    const got = foldedModel.apply(input);
    const scale = await largestMagnitude(want);
    expect(scale).toBeGreaterThan(0.1);
    expect(await maxAbsDiff(got, want)).toBeLessThan(1e-4 * scale);
    tf.dispose([input, want, got]);
    model.dispose();
    foldedModel.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
