import { describe, expect, test } from 'vitest';
import { countParams, smallResNeXt, smallStageWidths } from '../../src/model/index';
import { describeForms, tradeoffChoices, tradeoffCsv } from '../../src/widgets/split-transform-merge/forms';
import { acrossSeeds, compareSeed, conclude, exactMcNemar, formatP, pairedCounts, tQuantile975, type SeedComparison } from '../../src/widgets/split-transform-merge/paired';
import { chartGeometry, chartSmoothing, compareRuns, netLabel, tableRows, toCsv, } from '../../src/widgets/split-transform-merge/run';
import type { ResnextRecord, ResnextRun } from '../../src/model/training/record';
import { RESNEXT_COMPARISON, RESNEXT_FILES } from '../../src/widgets/split-transform-merge/reference';
import { resnet50Deltas } from '../../src/widgets/split-transform-merge/deltas';

describe('the split-transform-merge widget', () => {
  test('the three forms run 3C, 2C + 1 and 3 convolutions', () => {
    const forms = describeForms(256, 32, 4);
    expect(forms.map((f) => [f.id, f.convOps])).toEqual([
      ['a', 96],
      ['b', 65],
      ['c', 3],
    ]);
    expect(forms[2]!.layers[1]).toBe('one 3×3, 128→128 in 32 groups of 4');
    expect(forms[1]!.layers).toContain('concatenate → 128 channels');
  });

  test('its menu is Table 2, labelled C×d, and its CSV has one line per row', () => {
    const rows = tradeoffChoices();
    expect(rows.map((r) => r.label)).toEqual(['1×64d', '2×40d', '4×24d', '8×14d', '32×4d']);
    const csv = tradeoffCsv(rows).trim().split('\r\n');
    expect(csv[0]).toBe('cardinality_C,width_d,grouped_conv_width,params_per_block');
    expect(csv[5]).toBe('32,4,128,70144');
  });
});

/** Σ_{k ≤ m} C(n, k) / 2^n in exact integer arithmetic: an independent check of the floating-point tail. */
function exactTail(n: number, m: number): number {
  let c = 1n;
  let sum = 0n;
  for (let k = 0; k <= m; k++) {
    sum += c;
    c = (c * BigInt(n - k)) / BigInt(k + 1);
  }
  const scale = 10n ** 18n;
  return Number((sum * scale) / 2n ** BigInt(n)) / 1e18;
}

describe('the exact McNemar test', () => {
  test('known small cases: 0 vs 5 gives 2/32, 1 vs 9 gives 22/1024, a balanced split gives 1', () => {
    expect(exactMcNemar(0, 5)).toBeCloseTo(2 / 32, 12);
    expect(exactMcNemar(5, 0)).toBeCloseTo(2 / 32, 12);
    expect(exactMcNemar(1, 9)).toBeCloseTo(22 / 1024, 12);
    expect(exactMcNemar(5, 5)).toBe(1);
    expect(exactMcNemar(0, 0)).toBe(1);
  });

  test('agrees with exact integer arithmetic on a test-set-sized split (40 vs 70, 300 vs 360)', () => {
    expect(exactMcNemar(40, 70)).toBeCloseTo(2 * exactTail(110, 40), 12);
    expect(exactMcNemar(360, 300)).toBeCloseTo(2 * exactTail(660, 300), 12);
  });

  test('rejects counts that are not counts', () => {
    expect(() => exactMcNemar(-1, 3)).toThrow(/non-negative integer/);
    expect(() => exactMcNemar(1.5, 3)).toThrow(/non-negative integer/);
  });

  test('p-values print with their size', () => {
    expect(formatP(0.41234)).toBe('p = 0.41');
    expect(formatP(0.0042)).toBe('p = 0.004');
    expect(formatP(1e-5)).toBe('p < 0.001');
  });
});

describe('pairing two nets on the same images', () => {
  test('counts agreements and disagreements image by image', () => {
    //            labels 0 1 2 3 4 5 6 7
    const labels = '01234567';
    const resnet = '01239999'; // right on 0–3
    const resnext = '09934567'; // right on 0, 3–7
    expect(pairedCounts(labels, resnet, resnext)).toEqual({ examples: 8, bothRight: 2, bothWrong: 0, onlyFirst: 2, onlySecond: 4 });
    const c = compareSeed(3, labels, resnet, resnext);
    expect(c.firstError).toBe(4 / 8);
    expect(c.secondError).toBe(2 / 8);
    expect(c.differencePoints).toBe(25);
    expect(c.p).toBeCloseTo(exactMcNemar(2, 4), 12);
  });

  test('refuses predictions on a different number of images', () => {
    expect(() => pairedCounts('0123', '012', '0123')).toThrow(/not tested on the same images/);
  });
});

/** A seed comparison with a given difference in points (n = 1000 images; the McNemar p is whatever it is). */
function seedWith(seed: number, onlyFirst: number, onlySecond: number): SeedComparison {
  const n = 1000;
  const labels = '0'.repeat(n);
  const first = '0'.repeat(n - 100 - onlySecond) + '1'.repeat(onlySecond) + '1'.repeat(100);
  const second = '0'.repeat(n - 100 - onlySecond - onlyFirst) + '1'.repeat(onlyFirst) + '0'.repeat(onlySecond) + '1'.repeat(100);
  return compareSeed(seed, labels, first, second);
}

describe('across seeds, and the sentence the lesson states', () => {
  test('Student t quantiles for the interval', () => {
    expect(tQuantile975(4)).toBe(2.776);
    expect(() => tQuantile975(0)).toThrow();
  });

  test('mean, sample standard deviation and 95 % interval of the per-seed differences', () => {
    const seeds = [seedWith(1, 10, 20), seedWith(2, 10, 30), seedWith(3, 10, 10), seedWith(4, 20, 10), seedWith(5, 10, 40)];
    expect(seeds.map((s) => s.differencePoints)).toEqual([1, 2, 0, -1, 3]);
    const s = acrossSeeds(seeds);
    expect(s.meanPoints).toBeCloseTo(1, 12);
    expect(s.sdPoints).toBeCloseTo(Math.sqrt((0 + 1 + 1 + 4 + 4) / 4), 12);
    expect(s.high - s.meanPoints).toBeCloseTo((2.776 * s.sdPoints) / Math.sqrt(5), 12);
    expect([s.secondBetter, s.firstBetter, s.same]).toEqual([3, 1, 1]);
    expect(() => acrossSeeds(seeds.slice(0, 1))).toThrow(/at least two seeds/);
  });

  test('a gap inside the seed spread is a tie, whichever net is ahead', () => {
    const c = conclude([seedWith(1, 10, 20), seedWith(2, 10, 30), seedWith(3, 10, 10), seedWith(4, 20, 10), seedWith(5, 10, 40)]);
    expect(c.verdict).toBe('tie');
    expect(c.short).toBe('a tie');
    expect(c.text).toMatch(/^A tie: the ResNeXt is ahead by 1\.0 ± 1\.6 points/);
    expect(c.text).toContain('in 3 of 5 seeds, the ResNet in 1');
  });

  test('a consistent gap is a win for the better net, with its spread and the McNemar count', () => {
    const c = conclude([seedWith(1, 20, 40), seedWith(2, 25, 40), seedWith(3, 20, 45), seedWith(4, 30, 45), seedWith(5, 20, 40)]);
    // differences 2.0, 1.5, 2.5, 1.5, 2.0: mean 1.9, s.d. 0.42
    expect(c.verdict).toBe('resnext');
    expect(c.short).toBe('ResNeXt better by 1.9 ± 0.4 points');
    expect(c.text).toContain("lower than the ResNet's in 5 of 5 seeds");
    const significant = [[20, 40], [25, 40], [20, 45], [30, 45], [20, 40]].filter(([a, b]) => exactMcNemar(a!, b!) < 0.05).length;
    expect(c.text).toContain(`p < 0.05 in ${significant} of 5 seeds`);
    const flipped = conclude([seedWith(1, 40, 20), seedWith(2, 40, 25), seedWith(3, 45, 20)]);
    expect(flipped.verdict).toBe('resnet');
    expect(flipped.short).toMatch(/^ResNet better by/);
  });
});

/** A hand-made run file: one net, one seed, 4 images, 4 steps. */
function file(name: string, seed: number, predictions: string, over: Partial<ResnextRecord['config']> = {}): ResnextRecord {
  const [c, d] = name.split(/x|d/).map(Number);
  const net: ResnextRun = {
    name,
    cardinality: c!,
    widthPerGroup: d!,
    seed,
    params: 10,
    macs: 20,
    status: 'finished',
    message: 'finished 4 steps',
    steps: 4,
    seconds: 60,
    stepsPerSecond: 4,
    test: { mode: 'inference', examples: 4, error: 0, predictions },
    final: { smoothedLoss: 1, smoothedError: 0 },
    evaluations: [],
    curves: { loss: [1, 1, 1, 1], error: c === 1 ? [1, 0.5, 0.5, 0] : [1, 1, 0, 0], lr: [0.1, 0.1, 0.1, 0.1] },
  };
  return {
    experiment: 'resnext',
    command: `npm run experiment -- resnext --variants ${name} --seeds ${seed}`,
    date: '2026-11-30',
    git: { commit: 'abc', dirty: false },
    environment: { backend: 'wasm', cores: 2, cpu: 'x', tfjs: '4.22.0', node: 'v20' },
    data: { name: 'tiny', manifest: 'm.json', train: 100, test: 4, trainImagesSha256: 'h' },
    config: {
      variants: [name],
      layers: [1, 1, 1],
      width: 16,
      batchSize: 2,
      steps: 4,
      schedule: { kind: 'constant', lr: 0.1 },
      scheduleText: '0.1',
      optimizer: 'SGD',
      momentum: 0.9,
      weightDecay: 1e-4,
      init: 'He normal',
      smoothing: 2,
      evaluation: { every: 0, examples: 4, modes: ['batch'] },
      ...over,
    },
    test: { examples: 4, labels: '0123' },
    seeds: [seed],
    wallSeconds: 60,
    interrupted: false,
    runs: [net],
  };
}

describe('the committed files, paired by seed', () => {
  const tiny = [file('1x64d', 1, '0123'), file('4x25d', 1, '0120'), file('1x64d', 2, '0100'), file('4x25d', 2, '0123')];

  test('pairs the nets by seed and compares each pair on the same images', () => {
    const c = compareRuns(tiny);
    expect(c.pairs.map((p) => [p.seed, p.resnet.name, p.resnext.name])).toEqual([
      [1, '1x64d', '4x25d'],
      [2, '1x64d', '4x25d'],
    ]);
    expect(c.seeds.map((s) => [s.onlyFirst, s.onlySecond])).toEqual([
      [1, 0],
      [0, 2],
    ]);
    expect(netLabel(c.pairs[0]!.resnext)).toBe('ResNeXt 4×25d');
  });

  test('refuses unlike runs: other settings, other test images, a seed without both nets, an unfinished run', () => {
    expect(() => compareRuns([...tiny.slice(0, 3), file('4x25d', 2, '0123', { steps: 5 })])).toThrow(/settings differ/);
    const otherLabels = file('4x25d', 2, '0123');
    otherLabels.test.labels = '3210';
    expect(() => compareRuns([...tiny.slice(0, 3), otherLabels])).toThrow(/other images/);
    expect(() => compareRuns(tiny.slice(0, 3))).toThrow(/seed 2 has no ResNeXt run/);
    const stopped = file('4x25d', 2, '0123');
    stopped.runs[0]!.status = 'stopped';
    expect(() => compareRuns([...tiny.slice(0, 3), stopped])).toThrow(/did not finish/);
  });

  test('the chart has a line and a final test dot per net and seed; the table and CSV mirror the curves', () => {
    const c = compareRuns(tiny);
    const g = chartGeometry(c, 200, 100);
    expect(g.lines).toHaveLength(4);
    expect(g.lines.map((l) => l.dashed)).toEqual([true, false, true, false]);
    expect(g.lines[1]!.d.endsWith(`L${g.plot.right},${g.plot.bottom}`)).toBe(true);
    expect(g.dots.every((d) => d.cx === g.plot.right)).toBe(true);
    // A 4-step run is smoothed over at most a quarter of it: 1 step here (the runs' own window is 2).
    expect(chartSmoothing(c)).toBe(1);
    expect(chartSmoothing({ ...c, config: { ...c.config, steps: 400 } })).toBe(2);
    const rows = tableRows(c, 3);
    expect(rows.map((r) => r.step)).toEqual([3, 4]);
    expect(rows[0]!.values['4x25d seed 1']).toBe(0);
    expect(rows[0]!.values['1x64d seed 1']).toBe(0.5);
    expect(toCsv(c, rows).split('\r\n')[0]).toBe('step,1x64d_seed1_train_error_smoothed,4x25d_seed1_train_error_smoothed,1x64d_seed2_train_error_smoothed,4x25d_seed2_train_error_smoothed');
  });
});

describe('the committed ResNet-vs-ResNeXt runs', () => {
  const c = RESNEXT_COMPARISON;

  test('at least 5 seeds, each with both nets finished on the whole test subset, same settings, command recorded', () => {
    expect(c.pairs.length).toBeGreaterThanOrEqual(5);
    for (const f of RESNEXT_FILES) {
      expect(f.command).toMatch(/^npm run experiment -- resnext /);
      expect(f.git.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(f.wallSeconds).toBeGreaterThan(0);
      expect(f.test.labels).toHaveLength(f.data.test);
      for (const r of f.runs) {
        expect(r.status).toBe('finished');
        expect(r.curves.error).toHaveLength(f.config.steps);
        expect(r.test!.predictions).toHaveLength(f.data.test);
      }
    }
  });

  test('the nets match in parameters within 2 % and the ResNeXt keeps d >= 4 in every stage', () => {
    for (const p of c.pairs) {
      const shape = { layers: c.config.layers, width: c.config.width };
      expect(p.resnet.cardinality).toBe(1);
      expect(p.resnet.params).toBe(countParams(smallResNeXt({ cardinality: 1, widthPerGroup: p.resnet.widthPerGroup, ...shape })));
      expect(p.resnext.params).toBe(countParams(smallResNeXt({ cardinality: p.resnext.cardinality, widthPerGroup: p.resnext.widthPerGroup, ...shape })));
      expect(Math.abs(p.resnext.params - p.resnet.params) / p.resnet.params).toBeLessThan(0.02);
      expect(Math.min(...smallStageWidths({ cardinality: p.resnext.cardinality, widthPerGroup: p.resnext.widthPerGroup, ...shape }).map((s) => s.perGroup))).toBeGreaterThanOrEqual(4);
      expect(p.resnext.steps).toBe(p.resnet.steps);
    }
  });

  test('each recorded test error is what its predictions give', () => {
    for (const f of RESNEXT_FILES) {
      for (const r of f.runs) {
        let wrong = 0;
        for (let i = 0; i < f.test.labels.length; i++) if (r.test!.predictions[i] !== f.test.labels[i]) wrong++;
        expect(r.test!.error).toBeCloseTo(wrong / f.test.labels.length, 4);
      }
    }
  });

  test('the lesson’s statement agrees with the data, recomputed here from the raw predictions', () => {
    const labels = RESNEXT_FILES[0]!.test.labels;
    const bySeed = new Map<number, { resnet?: string; resnext?: string }>();
    for (const f of RESNEXT_FILES) for (const r of f.runs) bySeed.set(r.seed, { ...bySeed.get(r.seed), [r.cardinality === 1 ? 'resnet' : 'resnext']: r.test!.predictions });
    const diffs = [...bySeed.values()].map(({ resnet, resnext }) => {
      let d = 0;
      for (let i = 0; i < labels.length; i++) d += Number(resnext![i] === labels[i]) - Number(resnet![i] === labels[i]);
      return (100 * d) / labels.length;
    });
    const n = diffs.length;
    const mean = diffs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const half = (tQuantile975(n - 1) * sd) / Math.sqrt(n);
    const expected = mean - half > 0 ? 'resnext' : mean + half < 0 ? 'resnet' : 'tie';
    expect(c.conclusion.verdict).toBe(expected);
    expect(c.conclusion.text).toContain(`${Math.abs(mean).toFixed(1)} ± ${sd.toFixed(1)} points`);
    expect(c.conclusion.text).toContain(`over ${n} seeds`);
    expect(c.conclusion.text.startsWith(expected === 'tie' ? 'A tie' : expected === 'resnext' ? 'ResNeXt better' : 'ResNet better')).toBe(true);
  });
});

describe('ResNeXt-50 against ResNet-50, block by block (the lesson’s facts)', () => {
  const d = resnet50Deltas();

  test('the block differences add up to the whole networks’ differences', () => {
    expect(d.blocks.reduce((a, b) => a + b.params, 0)).toBe(d.params.resnext - d.params.resnet);
    expect(d.blocks.reduce((a, b) => a + b.macs, 0)).toBe(d.macs.resnext - d.macs.resnet);
    expect(d.params.resnext).toBeLessThan(d.params.resnet);
    expect(d.macs.resnext).toBeGreaterThan(d.macs.resnet);
  });

  test('the parameter savings are all in the first block of each stage', () => {
    for (const b of d.blocks) expect(b.params < 0).toBe(b.block === 0);
  });

  test('the extra multiply-adds come from the doubled first 1×1 of the downsampling blocks, which runs before the stride', () => {
    const firstConv1 = (b: (typeof d.blocks)[number]) => b.layers.find((l) => l.name.endsWith('.conv1'))!;
    const conv2 = (b: (typeof d.blocks)[number]) => b.layers.find((l) => l.name.endsWith('.conv2'))!;
    for (const stage of ['conv3_x', 'conv4_x', 'conv5_x']) {
      const [first, later] = d.blocks.filter((b) => b.paperName === stage);
      expect(first!.layers.find((l) => l.name.endsWith('.conv2'))!.resnext).toMatch(/stride 2/);
      expect(firstConv1(first!).macs).toBe(2 * firstConv1(later!).macs);
      expect(firstConv1(first!).macs).toBeGreaterThan(-conv2(first!).macs);
      expect(first!.macs).toBeGreaterThan(10 * later!.macs);
    }
    const downsampling = d.blocks.filter((b) => b.block === 0 && b.paperName !== 'conv2_x');
    expect(downsampling.reduce((a, b) => a + b.macs, 0)).toBeGreaterThan(d.macs.resnext - d.macs.resnet);
  });
});
