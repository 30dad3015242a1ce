import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { connects, divisors, groupedConvCost } from '../../src/model/index';
import { checkGroupedConv, groupedConv2d, splitConvConcat } from '../../src/model/runtime/index';
import { maxAbsDiff, randomTensor, useBackend } from './setup-tf';

// Starting wasm can take a while on a busy CI machine.
beforeAll(async () => {
  await useBackend('wasm');
}, 60_000);

describe('the cost of a grouped convolution', () => {
  test('the divisors of 64 are the group counts a 64→64 conv allows', () => {
    expect(divisors(64)).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(divisors(12)).toEqual([1, 2, 3, 4, 6, 12]);
    expect(divisors(1)).toEqual([1]);
    expect(() => divisors(0)).toThrow(/positive integer, got 0/);
  });

  test('g groups divide parameters and multiply-adds by g, down to depthwise', () => {
    const dense = groupedConvCost({ inChannels: 64, outChannels: 64, kernel: 3, groups: 1, height: 14, width: 14 });
    expect(dense.params).toBe(9 * 64 * 64);
    expect(dense.macs).toBe(9 * 64 * 64 * 14 * 14);
    for (const g of divisors(64)) {
      const c = groupedConvCost({ inChannels: 64, outChannels: 64, kernel: 3, groups: g, height: 14, width: 14 });
      expect(c.params * g).toBe(dense.params);
      expect(c.macs * g).toBe(dense.macs);
      expect(c.depthwise).toBe(g === 64);
    }
    expect(groupedConvCost({ inChannels: 64, outChannels: 64, kernel: 3, groups: 64 }).params).toBe(9 * 64);
  });

  test('groups that do not divide the channels are rejected with the values', () => {
    expect(() => groupedConvCost({ inChannels: 10, outChannels: 10, kernel: 3, groups: 4 })).toThrow(/groups \(4\).*\(10\)/);
  });

  test('the connection pattern is block-diagonal: g blocks of (Cin/g)·(Cout/g) links', () => {
    const [cin, cout, g] = [8, 12, 4];
    let links = 0;
    for (let c = 0; c < cin; c++) for (let o = 0; o < cout; o++) if (connects(cin, cout, g, c, o)) links++;
    expect(links).toBe(g * (cin / g) * (cout / g));
    expect(connects(cin, cout, g, 0, 2)).toBe(true); // group 0: inputs 0–1, outputs 0–2
    expect(connects(cin, cout, g, 0, 3)).toBe(false);
    expect(connects(cin, cout, g, 7, 11)).toBe(true);
  });
});

describe('grouped conv = split → conv → concat = dense conv with a block-diagonal kernel', () => {
  test.each([1, 2, 4, 8, 16])('16 channels in %i groups: the three forms agree to float32 rounding', async (groups) => {
    const r = await checkGroupedConv({ channels: 16, groups, size: 6, seed: 3 });
    expect(r.outputShape).toEqual([1, 6, 6, 16]);
    expect(r.scale).toBeGreaterThan(0.5); // the comparison is between real numbers, not zeros
    expect(r.splitDiff).toBeLessThan(1e-5 * r.scale);
    expect(r.denseDiff).toBeLessThan(1e-5 * r.scale);
    expect(r.zeroFraction).toBeCloseTo(1 - 1 / groups, 6);
  });

  test('a wrong group count is caught: the block-diagonal check fails when groups disagree', async () => {
    const x = randomTensor([1, 5, 5, 8], 1) as tf.Tensor4D;
    const k = randomTensor([3, 3, 2, 8], 2) as tf.Tensor4D;
    const four = groupedConv2d(x, k, 1, 1, 4);
    const split = splitConvConcat(x, k, 1, 1, 4);
    expect(await maxAbsDiff(four, split)).toBeLessThan(1e-4);
    // Same weights read as 2 groups of 4 channels (what width // groups would give) is a different function.
    const k2 = randomTensor([3, 3, 4, 8], 2) as tf.Tensor4D;
    const two = groupedConv2d(x, k2, 1, 1, 2);
    expect(await maxAbsDiff(four, two)).toBeGreaterThan(0.1);
    tf.dispose([x, k, k2, four, split, two]);
  });

  test('checking leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await checkGroupedConv({ channels: 8, groups: 8, size: 4 });
    await checkGroupedConv({ channels: 8, groups: 2, size: 4 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
