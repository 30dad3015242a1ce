// The front page's figures and every sentence they state, checked against the files they are drawn from: the
// degradation recipe runs, the gradient-flow record and the CAM record (recomputed here the plain way).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { camSummary, parseCamRecord, sampleOf } from '../../src/components/front/cam';
import { degradationPanels, degradationSeries, degradationSummary, finalRows, sampleSteps } from '../../src/components/front/degradation';
import { decadeTicks, describeRatios, firstToLast, flowPanel, flowSentence, parseFlowRecord, plainGrowsWithBatchNorm, powerOfTen } from '../../src/components/front/gradient-flow';
import { bandPath } from '../../src/components/front/static-chart';
import { REFERENCE_FAMILIES } from '../../src/widgets/degradation-lab/reference';
import { scale } from '../../src/widgets/plots/layout';
import { parseDegradationRecord } from '../../src/model/training/record';

const ROOT = join(import.meta.dirname, '../..');
const json = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const recipe = readdirSync(join(ROOT, 'src/data/runs'))
  .filter((f) => /^degradation-recipe-seed\d+\.json$/.test(f))
  .map((f) => parseDegradationRecord(json(`src/data/runs/${f}`), f));

/** The mean minibatch error of the `smoothing` steps ending at `step`, the plain way. */
function smoothedAt(run: (typeof recipe)[number], net: string, step: number): number | undefined {
  const r = run.runs.find((x) => x.name === net);
  if (!r || r.status !== 'finished') return undefined;
  const tail = r.curves.error.slice(Math.max(0, step - run.config.smoothing), step);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

describe('the degradation figure is the recipe runs', () => {
  const series = degradationSeries(REFERENCE_FAMILIES.recipe, [20, 56]);

  test('it draws every recipe run file, plain and residual nets of 20 and 56 layers', () => {
    expect(recipe.length).toBeGreaterThanOrEqual(3);
    expect(series.map((s) => s.net)).toEqual(['plain-20', 'plain-56', 'res-20', 'res-56']);
    for (const s of series) expect(s.seeds.length).toBe(recipe.filter((run) => smoothedAt(run, s.net, 1) !== undefined).length);
  });

  test('each point is the mean, lowest and highest seed of the smoothed training error at its step', () => {
    for (const s of series) {
      for (const p of [s.points[0]!, s.points[Math.floor(s.points.length / 2)]!, s.points.at(-1)!]) {
        const v = recipe.map((run) => smoothedAt(run, s.net, p.step)).filter((x): x is number => x !== undefined);
        expect(p.mean).toBeCloseTo(v.reduce((a, b) => a + b, 0) / v.length, 10);
        expect(p.min).toBeCloseTo(Math.min(...v), 10);
        expect(p.max).toBeCloseTo(Math.max(...v), 10);
      }
      expect(s.points.at(-1)!.step).toBe(recipe[0]!.config.steps);
    }
  });

  test('the sentences state the data’s direction, mean gap and seed agreement', () => {
    const summary = degradationSummary(REFERENCE_FAMILIES.recipe);
    const gaps = (a: string, b: string) => recipe.map((run) => smoothedAt(run, a, run.config.steps)! - smoothedAt(run, b, run.config.steps)!);
    for (const [sentence, a, b] of [
      [summary.plain, 'plain-56', 'plain-20'],
      [summary.residual, 'res-56', 'res-20'],
    ] as const) {
      const g = gaps(a, b);
      const mean = g.reduce((x, y) => x + y, 0) / g.length;
      expect(sentence).toContain(`${(100 * Math.abs(mean)).toFixed(1)} points`);
      expect(sentence).toContain(mean > 0 ? 'higher training error' : 'lower training error');
      const agree = g.filter((x) => Math.sign(x) === Math.sign(mean)).length;
      expect(sentence.includes(`all ${g.length} seeds`)).toBe(agree === g.length);
    }
    // Reproduced: every seed agrees and each mean gap is larger than either net's seed-to-seed range.
    const finals = (net: string) => recipe.map((run) => smoothedAt(run, net, run.config.steps)!);
    const range = (v: number[]) => Math.max(...v) - Math.min(...v);
    const beyondSpread = (a: string, b: string, sign: 1 | -1) => {
      const g = gaps(a, b);
      const mean = g.reduce((x, y) => x + y, 0) / g.length;
      return g.every((x) => sign * x > 0) && Math.abs(mean) > Math.max(range(finals(a)), range(finals(b)));
    };
    expect(summary.reproduced).toBe(recipe.length >= 3 && beyondSpread('plain-56', 'plain-20', 1) && beyondSpread('res-56', 'res-20', -1));
  });

  test('the table’s final errors are the last smoothed training error and the last inference-mode test evaluation', () => {
    for (const row of finalRows(REFERENCE_FAMILIES.recipe, ['plain-56', 'res-56'])) {
      row.seeds.forEach((seed, i) => {
        const run = recipe.find((r) => r.seeds[0] === seed)!;
        expect(row.train[i]).toBeCloseTo(smoothedAt(run, row.net, run.config.steps)!, 10);
        const e = run.runs.find((x) => x.name === row.net)!.evaluations.filter((x) => x.mode === 'inference').at(-1)!;
        expect(e.step).toBe(run.config.steps);
        expect(row.test[i]).toBe(e.error);
      });
    }
  });

  test('both panels share one y axis, and each net has a band and a line', () => {
    const [plain, res] = degradationPanels(REFERENCE_FAMILIES.recipe);
    expect(plain!.yTicks).toEqual(res!.yTicks);
    for (const p of [plain!, res!]) {
      expect(p.lines.map((l) => l.series)).toEqual(p.bands.map((b) => b.series));
      for (const d of [...p.lines, ...p.bands].map((x) => x.d)) expect(d).toMatch(/^M[\d.,L]+Z?$/);
    }
  });

  test('sampleSteps keeps step 1, every tenth step and the last', () => {
    expect(sampleSteps(25, 10)).toEqual([1, 10, 20, 25]);
    expect(sampleSteps(20, 10)).toEqual([1, 10, 20]);
  });
});

describe('the gradient-flow figure is its record', () => {
  const raw = json('src/data/front/gradient-flow.json') as { runs: { batchNorm: boolean; seed: number; nets: Record<string, { boundaries: { norm: number }[] }> }[] };
  const record = parseFlowRecord(raw);
  const ratios = (bn: boolean, net: 'plain' | 'residual') =>
    raw.runs.filter((r) => r.batchNorm === bn).map((r) => r.nets[net]!.boundaries[0]!.norm / r.nets[net]!.boundaries.at(-1)!.norm);

  test('first ÷ last is the stem’s norm over the last block’s, per seed', () => {
    for (const bn of [false, true]) for (const net of ['plain', 'residual'] as const) expect(firstToLast(record, bn, net).map((r) => r.ratio)).toEqual(ratios(bn, net));
  });

  test.each([false, true])('the sentence (BatchNorm %s) says shrinks or grows as the seeds do', (bn) => {
    const sentence = flowSentence(record, bn);
    const [plain, residual] = sentence.split('; the residual net');
    for (const [text, r] of [
      [plain!, ratios(bn, 'plain')],
      [residual!, ratios(bn, 'residual')],
    ] as const) {
      if (r.every((x) => x < 1)) expect(text).toContain(`shrinks towards the input in all ${r.length} seeds`);
      else if (r.every((x) => x > 1)) expect(text).toContain(`grows towards the input in all ${r.length} seeds`);
      else expect(text).toContain(`shrinks towards the input in ${r.filter((x) => x < 1).length} of ${r.length} seeds`);
    }
  });

  test('“the plain net’s gradient does not vanish with BatchNorm” is said only when it grows in every seed', () => {
    expect(plainGrowsWithBatchNorm(record)).toBe(ratios(true, 'plain').every((x) => x > 1));
  });

  test('describeRatios covers shrinking, growing and mixed seeds', () => {
    expect(describeRatios([0.2, 0.5])).toBe('shrinks towards the input in both seeds (at the stem: 0.2 to 0.5 × its size after the last block)');
    expect(describeRatios([1234])).toBe('grows towards the input in our one seed (at the stem: 1,200 × its size after the last block)');
    expect(describeRatios([0.5, 2, 3])).toMatch(/^shrinks towards the input in 1 of 3 seeds and not in the others/);
    expect(describeRatios([29, 40], { brief: true })).toBe('grows towards the input in both seeds (29 to 40 ×)');
  });

  test('a malformed record fails with a message that says where', () => {
    expect(() => parseFlowRecord({ format: 'nope' })).toThrow(/gradient-flow\.json: unknown format "nope"/);
    const bad = structuredClone(raw) as typeof raw;
    bad.runs[0]!.nets.plain!.boundaries[0]!.norm = Number.NaN;
    expect(() => parseFlowRecord(bad)).toThrow(/plain norm at stem is NaN/);
  });

  test('the log axis has a tick at each decade, labelled as a power of ten', () => {
    expect(powerOfTen(-2)).toBe('10⁻²');
    expect(powerOfTen(13)).toBe('10¹³');
    const s = scale([1e-2, 1e3], [200, 0], { type: 'log' });
    expect(decadeTicks(s, [1e-2, 1e3]).map((t) => t.label)).toEqual(['10⁻²', '10⁻¹', '10⁰', '10¹', '10²', '10³']);
    const panel = flowPanel(record, false);
    expect(panel.lines.map((l) => l.series)).toEqual(['plain', 'residual']);
  });
});

describe('the class activation map is its record', () => {
  const raw = json('src/data/front/chelsea-cam.json') as { top: { classId: number; label: string; probability: number }[]; image: string; cropSize: number };
  const record = parseCamRecord(raw);

  test('the caption states the top class and its probability from the record', () => {
    const s = camSummary(record);
    expect(s.top).toBe(`“${raw.top[0]!.label}”, ${(100 * raw.top[0]!.probability).toFixed(1)} %`);
    expect(record.cam.classId).toBe(raw.top[0]!.classId);
    expect(sampleOf(record).src).toBe(record.sample);
  });

  test('the picture is the crop’s size and small', () => {
    const path = join(ROOT, 'src/data/front', raw.image);
    const png = PNG.sync.read(readFileSync(path));
    expect([png.width, png.height]).toEqual([raw.cropSize, raw.cropSize]);
    expect(statSync(path).size).toBeLessThan(100_000);
  });

  test('a record whose map is not of its top class is refused', () => {
    const bad = structuredClone(raw) as unknown as { cam: { classId: number } };
    bad.cam.classId = raw.top[1]!.classId;
    expect(() => parseCamRecord(bad)).toThrow(/not of the top class/);
  });
});

test('bandPath closes a ring along the high values and back along the low ones', () => {
  const pts = [
    { x: 0, lo: 1, hi: 3 },
    { x: 10, lo: 2, hi: 4 },
  ];
  expect(bandPath(pts, (p) => p.x, (p) => p.lo, (p) => p.hi)).toBe('M0,3L10,4L10,2L0,1Z');
  expect(bandPath([], (p: { x: number }) => p.x, () => 0, () => 1)).toBe('');
});
