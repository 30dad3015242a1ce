import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyze, resnext50_32x4d, smallResNeXt } from '../../src/model/index';
import {
  type ConvPad,
  type GroupedConvFormulation,
  chooseGroupedConvFormulation,
  groupedConv2d,
  groupedConvSplit,
  instantiate,
} from '../../src/model/runtime/index';
import { maxAbsDiff, randomTensor, useBackend } from './setup-tf';

interface Case {
  groups: number;
  cin: number;
  cout: number;
  kernel: number;
  stride: number;
  pad: ConvPad;
  size: number;
}

// Plain conv (g = 1), depthwise (g = Cin, with and without a channel multiplier), the lab's 4 groups, strides, 'same',
// 'valid', a padding wider than half the kernel, 1×1 and 5×5 kernels, odd map sizes.
const cases: Case[] = [
  { groups: 1, cin: 6, cout: 4, kernel: 3, stride: 1, pad: 1, size: 7 },
  { groups: 2, cin: 4, cout: 6, kernel: 3, stride: 2, pad: 1, size: 7 },
  { groups: 4, cin: 24, cout: 24, kernel: 3, stride: 1, pad: 1, size: 6 },
  { groups: 4, cin: 8, cout: 12, kernel: 3, stride: 2, pad: 'same', size: 9 },
  { groups: 3, cin: 9, cout: 6, kernel: 1, stride: 1, pad: 0, size: 5 },
  { groups: 2, cin: 6, cout: 4, kernel: 5, stride: 1, pad: 'valid', size: 8 },
  { groups: 4, cin: 8, cout: 8, kernel: 3, stride: 1, pad: 2, size: 5 },
  { groups: 8, cin: 8, cout: 8, kernel: 3, stride: 1, pad: 1, size: 6 }, // depthwise
  { groups: 8, cin: 8, cout: 16, kernel: 3, stride: 2, pad: 1, size: 7 }, // depthwise, channel multiplier 2
  { groups: 16, cin: 32, cout: 32, kernel: 3, stride: 1, pad: 1, size: 4 },
];
const formulations: GroupedConvFormulation[] = ['groupMajor', 'depthwise', 'blockDiagonal'];
const describeCase = (c: Case) => `${c.cin}→${c.cout} in ${c.groups} groups, ${c.kernel}×${c.kernel}, stride ${c.stride}, pad ${c.pad}`;

/** Output, d loss/dx and d loss/dkernel for loss = Σ y·r (r a fixed random cotangent), all kept for comparison. */
function valueAndGrads(f: (x: tf.Tensor4D, k: tf.Tensor4D) => tf.Tensor4D, x: tf.Tensor4D, k: tf.Tensor4D, r: tf.Tensor): tf.Tensor[] {
  const y = f(x, k);
  const [dx, dk] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor4D, b as tf.Tensor4D), r)))([x, k]);
  return [y, dx!, dk!];
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`grouped conv on ${backend}: every formulation equals split → conv → concat, forward and backward`, () => {
    beforeAll(async () => {
      await useBackend(backend);
    }, 60_000);
    afterAll(async () => {
      await useBackend('wasm');
    });

    test.each(cases)('$cin→$cout in $groups groups, $kernel×$kernel, stride $stride, pad $pad', async (c) => {
      const x = randomTensor([2, c.size, c.size, c.cin], 11) as tf.Tensor4D;
      const k = randomTensor([c.kernel, c.kernel, c.cin / c.groups, c.cout], 12) as tf.Tensor4D;
      const reference = valueAndGrads((a, b) => groupedConvSplit(a, b, c.stride, c.pad, c.groups), x, k, tf.zeros([1]));
      const r = randomTensor(reference[0]!.shape, 13);
      tf.dispose(reference);
      const [y0, dx0, dk0] = valueAndGrads((a, b) => groupedConvSplit(a, b, c.stride, c.pad, c.groups), x, k, r);
      const scales = await Promise.all([y0!, dx0!, dk0!].map(async (t) => (await tf.max(tf.abs(t)).data())[0]!));
      expect(Math.min(...scales)).toBeGreaterThan(0.1); // real numbers are compared, not zeros
      for (const f of [...formulations, undefined]) {
        const before = tf.memory().numTensors;
        const got = valueAndGrads((a, b) => groupedConv2d(a, b, c.stride, c.pad, c.groups, f), x, k, r);
        expect(got[0]!.shape, `${f ?? 'default'}: ${describeCase(c)}`).toEqual(y0!.shape);
        for (let i = 0; i < 3; i++) {
          const what = `${f ?? 'default'} ${['output', 'd/dx', 'd/dkernel'][i]}: ${describeCase(c)}`;
          expect(await maxAbsDiff(got[i]!, [y0!, dx0!, dk0!][i]!), what).toBeLessThan(2e-5 * scales[i]! * Math.max(1, c.cin / c.groups));
        }
        tf.dispose(got);
        expect(tf.memory().numTensors, `${f ?? 'default'} leaks`).toBe(before);
      }
      tf.dispose([x, k, r, y0!, dx0!, dk0!]);
    });
  });
}

describe('which formulation runs', () => {
  test('one plain conv for g = 1 and one depthwise conv for g = Cin, on every backend', () => {
    for (const b of ['wasm', 'cpu', 'webgl', 'webgpu']) {
      expect(chooseGroupedConvFormulation(b, 1, 64)).toBe('blockDiagonal'); // g = 1: no mask, conv2d itself
      expect(chooseGroupedConvFormulation(b, 32, 1)).toBe('depthwise');
    }
  });

  test('32 groups of 4 channels run as ONE depthwise kernel call on wasm, where split → conv → concat made 32', async () => {
    await useBackend('wasm');
    const x = randomTensor([1, 6, 6, 128], 1) as tf.Tensor4D;
    const k = randomTensor([3, 3, 4, 128], 2) as tf.Tensor4D;
    const calls = async (f?: GroupedConvFormulation) => {
      const info = await tf.profile(() => groupedConv2d(x, k, 1, 1, 32, f));
      tf.dispose(info.result as tf.Tensor);
      const names = info.kernels.map((e) => e.name);
      return { conv: names.filter((n) => n === 'Conv2D').length, depthwise: names.filter((n) => n === 'DepthwiseConv2dNative').length };
    };
    expect(await calls('split')).toEqual({ conv: 32, depthwise: 0 });
    expect(await calls()).toEqual({ conv: 0, depthwise: 1 });
    tf.dispose([x, k]);
  });
});

describe('ResNeXt nets keep their parameters', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  }, 60_000);

  test('ResNeXt-50 32×4d has 25,028,904 parameters (torchvision) and the lab ResNeXt 4×25d has 125,726', () => {
    for (const [spec, params] of [
      [resnext50_32x4d(), 25_028_904],
      [smallResNeXt({ cardinality: 4, widthPerGroup: 25 }), 125_726],
    ] as const) {
      const m = instantiate(spec, { init: 'zeros' });
      expect(m.numParams).toBe(params);
      expect(analyze(spec).params).toBe(params);
      m.dispose();
    }
  });
});
