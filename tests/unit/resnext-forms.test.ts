import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  cardinalityTradeoff,
  closestWidthPerGroup,
  countMacs,
  countParams,
  parseVariant,
  resnet50,
  resnext50_32x4d,
  resnextBlockParams,
  smallResNeXt,
  smallStageWidths,
  widthForBudget,
} from '../../src/model/index';
import { checkResNeXtForms, groupedConv2d, instantiate } from '../../src/model/runtime/index';
import { randomTensor, useBackend } from './setup-tf';

// Starting wasm can take a while on a busy CI machine.
beforeAll(async () => {
  await useBackend('wasm');
}, 60_000);

describe('Eq. 4 / Table 2: cardinality against width at about 70k parameters', () => {
  test('ResNet’s bottleneck (C = 1, d = 64, 256-d in and out) has 69,632 weights', () => {
    expect(resnextBlockParams(1, 64)).toBe(256 * 64 + 9 * 64 * 64 + 64 * 256);
    expect(resnextBlockParams(1, 64)).toBe(69_632);
  });

  test('solving for d at that budget gives the paper’s widths 64, 40, 24, 14, 4', () => {
    const rows = cardinalityTradeoff();
    expect(rows.map((r) => [r.cardinality, r.width])).toEqual([
      [1, 64],
      [2, 40],
      [4, 24],
      [8, 14],
      [32, 4],
    ]);
    expect(rows.map((r) => r.groupedWidth)).toEqual([64, 80, 96, 112, 128]);
    for (const r of rows) expect(Math.abs(r.params - 70_000) / 70_000).toBeLessThan(0.025);
  });

  test('a budget is met to within one step of d', () => {
    for (const c of [1, 3, 16, 64]) {
      const d = widthForBudget(c, 69_632);
      const cost = (w: number) => Math.abs(resnextBlockParams(c, w) - 69_632);
      if (d > 1) expect(cost(d)).toBeLessThanOrEqual(cost(d - 1));
      expect(cost(d)).toBeLessThanOrEqual(cost(d + 1));
    }
  });
});

describe('ResNeXt-50 32×4d against ResNet-50 (Table 3’s pair), from the model code', () => {
  test('25.0M against 25.6M parameters, 4.2G against 4.1G multiply-adds', () => {
    expect(countParams(resnext50_32x4d()) / 1e6).toBeCloseTo(25.0, 1);
    expect(countParams(resnet50()) / 1e6).toBeCloseTo(25.6, 1);
    expect(countMacs(resnext50_32x4d()) / 1e9).toBeCloseTo(4.2, 1);
    expect(countMacs(resnet50()) / 1e9).toBeCloseTo(4.1, 1);
  });
});

describe('the three forms of a ResNeXt block (Fig. 3) compute the same function', () => {
  test.each([
    [32, 4, 64],
    [8, 3, 32],
    [1, 16, 32],
  ])('C = %i, d = %i, %i channels in and out: (a) = (b) = (c)', async (cardinality, width, io) => {
    const r = await checkResNeXtForms({ io, cardinality, width, size: 5, seed: 2 });
    expect(r.outputShape).toEqual([1, 5, 5, io]);
    expect(r.scale).toBeGreaterThan(1);
    for (const d of [r.diffAB, r.diffAC, r.diffBC]) expect(d).toBeLessThan(1e-5 * r.scale);
    expect(r.params).toBe(resnextBlockParams(cardinality, width, io));
  });

  test('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await checkResNeXtForms({ io: 16, cardinality: 4, width: 2, size: 3 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a 32×4d conv really has 32 groups of 4 channels when it runs', () => {
  test('changing input channel 5 changes output channels 4–7 only (its group of 4), nothing else', async () => {
    const x = randomTensor([1, 5, 5, 128], 11) as tf.Tensor4D;
    const k = randomTensor([3, 3, 4, 128], 12) as tf.Tensor4D; // ResNeXt-50's first-stage conv2: [3, 3, 128/32, 128]
    const bump = tf.reshape(tf.oneHot(tf.tensor1d([5], 'int32'), 128), [1, 1, 1, 128]);
    const y0 = groupedConv2d(x, k, 1, 1, 32);
    const y1 = groupedConv2d(tf.add(x, bump) as tf.Tensor4D, k, 1, 1, 32);
    const perChannel = await tf.max(tf.abs(tf.sub(y1, y0)), [0, 1, 2]).data(); // [128]
    const changed = [...perChannel].map((v, c) => (v > 1e-6 ? c : -1)).filter((c) => c >= 0);
    expect(changed).toEqual([4, 5, 6, 7]);
    tf.dispose([x, k, bump, y0, y1]);
  });
});

describe('the small nets of the training comparison', () => {
  const resnetParams = countParams(smallResNeXt({ cardinality: 1, widthPerGroup: 64 }));

  test('1x64d and 4x25d parse; nonsense is rejected with the text', () => {
    expect(parseVariant('4x25d')).toEqual({ cardinality: 4, width: 25, label: '4x25d' });
    expect(parseVariant('1×64d')).toEqual({ cardinality: 1, width: 64, label: '1x64d' });
    expect(() => parseVariant('32-4')).toThrow(/"32-4"/);
  });

  test('stage widths follow torchvision: floor(planes · d / 64) channels per group, C groups', () => {
    const stages = smallStageWidths({ cardinality: 4, widthPerGroup: 25 });
    expect(stages.map((s) => s.planes)).toEqual([16, 32, 64]);
    for (const s of stages) {
      expect(s.perGroup).toBe(Math.floor((s.planes * 25) / 64));
      expect(s.groupedWidth).toBe(4 * s.perGroup);
    }
    // The old comparison's 32×4d: depthwise (1 channel per group) in the first stage.
    expect(smallStageWidths({ cardinality: 32, widthPerGroup: 4 })[0]!.perGroup).toBe(1);
  });

  test('for 4 paths the closest width with d >= 4 in every stage matches the ResNet within 2 %, and no other width is closer', () => {
    const best = closestWidthPerGroup(4, resnetParams)!;
    expect(best.params).toBe(countParams(smallResNeXt({ cardinality: 4, widthPerGroup: best.widthPerGroup })));
    expect(Math.abs(best.params - resnetParams) / resnetParams).toBeLessThan(0.02);
    expect(Math.min(...smallStageWidths({ cardinality: 4, widthPerGroup: best.widthPerGroup }).map((s) => s.perGroup))).toBeGreaterThanOrEqual(4);
    for (let d = 1; d <= 64; d++) {
      if (Math.min(...smallStageWidths({ cardinality: 4, widthPerGroup: d }).map((s) => s.perGroup)) < 4) continue;
      expect(Math.abs(countParams(smallResNeXt({ cardinality: 4, widthPerGroup: d })) - resnetParams)).toBeGreaterThanOrEqual(Math.abs(best.params - resnetParams));
    }
  });

  test('8 paths of at least 4 channels cannot be matched within 2 % at this size: the narrowest already has too many parameters', () => {
    const best = closestWidthPerGroup(8, resnetParams)!;
    expect(Math.min(...smallStageWidths({ cardinality: 8, widthPerGroup: best.widthPerGroup }).map((s) => s.perGroup))).toBe(4);
    expect(best.params / resnetParams - 1).toBeGreaterThan(0.02);
  });

  test('the ResNeXt differs from the ResNet only in its bottlenecks’ inner width and groups', () => {
    const res = smallResNeXt({ cardinality: 1, widthPerGroup: 64 });
    const next = smallResNeXt({ cardinality: 4, widthPerGroup: 25 });
    const conv2 = (s: typeof res) =>
      s.stages.flatMap((st) => st.blocks.map((b) => b.body.find((l) => l.name === `${b.name}.conv2`))).map((c) => (c?.kind === 'conv2d' ? [c.groups, c.inChannels] : null));
    expect(conv2(res)).toEqual([
      [1, 16],
      [1, 32],
      [1, 64],
    ]);
    expect(conv2(next)).toEqual(smallStageWidths({ cardinality: 4, widthPerGroup: 25 }).map((s) => [4, s.groupedWidth]));
    const names = (s: typeof res) => [...s.stages.flatMap((st) => st.blocks.flatMap((b) => b.body.map((l) => l.name)))];
    expect(names(next)).toEqual(names(res));
  });

  test('the 4x25d net runs on 28×28 images, its 3×3 kernels hold 4 groups of 6, 12 and 25 channels, and it frees every tensor', () => {
    const before = tf.memory().numTensors;
    const model = instantiate(smallResNeXt({ cardinality: 4, widthPerGroup: 25 }), { seed: 1 });
    const stages = smallStageWidths({ cardinality: 4, widthPerGroup: 25 });
    for (const [i, s] of stages.entries()) expect(model.weight(`layer${i + 1}.0.conv2.weight`).shape).toEqual([3, 3, s.perGroup, s.groupedWidth]);
    const x = randomTensor([2, 28, 28, 1], 5) as tf.Tensor4D;
    const y = model.apply(x);
    expect(y.shape).toEqual([2, 10]);
    expect(model.numParams).toBe(countParams(model.spec));
    tf.dispose([x, y]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
