import { describe, expect, test } from 'vitest';
import { walkLayers } from '../../src/model/spec';
import {
  analyze,
  bottleneck,
  conv,
  imagenetConfig,
  cifarResNet,
  countMacs,
  countParams,
  resnet,
  resnet101,
  resnet152,
  resnet18,
  resnet34,
  resnet50,
  resnext101_32x8d,
  resnext50_32x4d,
} from '../../src/model/index';

describe('parameter counts equal torchvision’s published numbers', () => {
  const cases = [
    ['resnet18', resnet18, 11_689_512],
    ['resnet34', resnet34, 21_797_672],
    ['resnet50', resnet50, 25_557_032],
    ['resnet101', resnet101, 44_549_160],
    ['resnet152', resnet152, 60_192_808],
    ['resnext50_32x4d', resnext50_32x4d, 25_028_904],
    ['resnext101_32x8d', resnext101_32x8d, 88_791_336],
  ] as const;
  for (const [name, build, params] of cases) {
    test(`${name} has ${params.toLocaleString('en')} parameters`, () => {
      expect(countParams(build())).toBe(params);
    });
  }
});

describe('the CIFAR-10 nets of the paper (Table 6)', () => {
  test.each([
    [20, 0.27e6],
    [56, 0.85e6],
    [110, 1.7e6],
  ])('ResNet-%i has about %d parameters', (depth, paper) => {
    const params = countParams(cifarResNet({ depth }));
    // The paper rounds to two significant figures.
    expect(Math.abs(params - paper) / paper).toBeLessThan(0.02);
  });

  test('plain and residual nets have identical parameter counts under option A', () => {
    for (const depth of [8, 20, 32, 56, 110]) {
      expect(countParams(cifarResNet({ depth, shortcut: 'plain' }))).toBe(countParams(cifarResNet({ depth, shortcut: 'A' })));
    }
  });

  test('a 6n+2 net has 6n+2 weighted layers and stage widths 16/32/64', () => {
    const r = analyze(cifarResNet({ depth: 56 }));
    expect(r.depth).toBe(56);
    expect(r.stages.map((s) => s.outputShape)).toEqual([
      [32, 32, 16],
      [16, 16, 32],
      [8, 8, 64],
    ]);
  });

  test('switching BatchNorm off removes its parameters and gives the convs biases', () => {
    const withBn = analyze(cifarResNet({ depth: 20 }));
    const without = analyze(cifarResNet({ depth: 20, batchNorm: false }));
    expect(without.buffers).toBe(0);
    expect(without.stages.flatMap((s) => s.blocks.flatMap((b) => b.layers)).some((l) => l.kind === 'batchnorm')).toBe(false);
    // Each BN had 2C parameters; each conv now has C biases instead.
    expect(withBn.params - without.params).toBe(withBn.buffers / 2);
  });

  test('an impossible depth is rejected with the value in the message', () => {
    expect(() => cifarResNet({ depth: 21 })).toThrow(/6n \+ 2.*got 21/);
  });

  test('zero-initialising the last BatchNorm is refused on a plain net (every block would output zeros) and allowed with shortcuts', () => {
    expect(() => cifarResNet({ depth: 20, shortcut: 'plain', zeroInitResidual: true })).toThrow(/zeroInitResidual needs shortcuts/);
    const zeroGammas = [...walkLayers(cifarResNet({ depth: 20, shortcut: 'A', zeroInitResidual: true }))].filter(({ layer }) => layer.kind === 'batchnorm' && layer.zeroGamma);
    expect(zeroGammas.map(({ layer }) => layer.name)).toHaveLength(9); // one per basic block: 3 stages × 3 blocks
    expect(zeroGammas.every(({ layer }) => layer.name.endsWith('.bn2'))).toBe(true);
  });
});

describe('ResNet-50, layer by layer', () => {
  const r = analyze(resnet50());

  test('stages C2–C5 output 56×56×256 down to 7×7×2048', () => {
    expect(r.stem.outputShape).toEqual([56, 56, 64]);
    expect(r.stages.map((s) => [s.pyramidName, s.outputShape])).toEqual([
      ['C2', [56, 56, 256]],
      ['C3', [28, 28, 512]],
      ['C4', [14, 14, 1024]],
      ['C5', [7, 7, 2048]],
    ]);
    expect(r.outputShape).toEqual([1000]);
  });

  test('49 convolutions on the main path + 1 fully connected layer = 50', () => {
    expect(r.stages.map((s) => s.blocks.length)).toEqual([3, 4, 6, 3]);
    expect(r.convLayers).toBe(1 + 3 * (3 + 4 + 6 + 3));
    expect(r.denseLayers).toBe(1);
    expect(r.depth).toBe(50);
    expect(r.shortcutConvLayers).toBe(4);
  });

  test('the stride on the 3×3 (torchvision v1.5) costs 4.1 G multiply-adds, on the 1×1 (paper, Keras) 3.86 G', () => {
    expect(countMacs(resnet50({ strideOn: '3x3' })) / 1e9).toBeCloseTo(4.09, 2);
    expect(countMacs(resnet50({ strideOn: '1x1' })) / 1e9).toBeCloseTo(3.86, 2);
    // Same weights either way: only where the stride sits differs.
    expect(countParams(resnet50({ strideOn: '1x1' }))).toBe(countParams(resnet50()));
  });

  test('the deep stem (three 3×3 convs) keeps the stem output at 56×56×64', () => {
    const deep = analyze(resnet50({ stem: 'deep' }));
    expect(deep.stem.outputShape).toEqual([56, 56, 64]);
    expect(deep.stem.layers.filter((l) => l.kind === 'conv2d').map((l) => l.description)).toEqual([
      '3×3 conv, 32, stride 2',
      '3×3 conv, 32',
      '3×3 conv, 64',
    ]);
  });

  test('per-stage numbers add up to the totals', () => {
    const sum = (k: 'params' | 'macs') => r.stem[k] + r.stages.reduce((a, s) => a + s[k], 0) + r.head[k];
    expect(sum('params')).toBe(r.params);
    expect(sum('macs')).toBe(r.macs);
  });
});

describe('cardinality is the number of groups', () => {
  test('a ResNeXt 32×4d bottleneck has 32 groups of 4 channels in its 3×3 conv', () => {
    const cfg = imagenetConfig({ name: 'x', block: 'bottleneck', layers: [1], groups: 32, widthPerGroup: 4 });
    const block = bottleneck('b', 256, 64, 1, cfg);
    const conv2 = block.body.find((l) => l.name === 'b.conv2');
    expect(conv2).toMatchObject({ kind: 'conv2d', groups: 32, inChannels: 128, outChannels: 128 });
    if (conv2?.kind !== 'conv2d') throw new Error('no conv2');
    expect(conv2.inChannels / conv2.groups).toBe(4);
  });

  test('every ResNeXt-50 32×4d 3×3 conv has 32 groups', () => {
    const r = analyze(resnext50_32x4d());
    const convs = r.stages.flatMap((s) => s.blocks.flatMap((b) => b.layers)).filter((l) => l.name.endsWith('conv2'));
    expect(convs).toHaveLength(16);
    expect(convs.every((l) => l.description.includes('32 groups'))).toBe(true);
  });

  test('ResNeXt-50 32×4d: 32 groups of 4, 8, 16 and 32 channels in stages conv2–conv5 (not width // groups groups)', () => {
    const spec = resnext50_32x4d();
    const perStage = spec.stages.map((s) =>
      s.blocks.map((b) => {
        const c = b.body.find((l) => l.name === `${b.name}.conv2`);
        if (c?.kind !== 'conv2d') throw new Error(`${b.name} has no conv2`);
        return [c.groups, c.inChannels / c.groups, c.outChannels / c.groups];
      }),
    );
    expect(perStage.map((blocks) => blocks[0])).toEqual([
      [32, 4, 4],
      [32, 8, 8],
      [32, 16, 16],
      [32, 32, 32],
    ]);
    // Every block of a stage is the same; and the mistaken groups = width // 32 = 4 appears nowhere.
    expect(perStage.every((blocks) => blocks.every((b) => b[0] === 32 && b[1] === blocks[0]![1]))).toBe(true);
  });

  test('groups that do not divide the channels are rejected', () => {
    expect(() => conv('c', 10, 12, 3, { groups: 4 })).toThrow(/groups \(4\) must divide both input channels \(10\)/);
    expect(() => resnet({ name: 'bad', block: 'bottleneck', layers: [1], widths: [64], groups: 0 })).toThrow(/groups must be a positive integer, got 0/);
  });
});
