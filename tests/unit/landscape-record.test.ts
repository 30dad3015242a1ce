import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linspace } from '../../src/model/analysis/directions';
import { parseLandscapeRecord, summariseSlice1d, summariseSlice2d } from '../../src/model/analysis/landscape-record';

const axis = linspace(-1, 1, 11);
const gridOf = (f: (a: number, b: number) => number) => ({ alphas: axis, betas: axis, loss: axis.map((b) => axis.map((a) => f(a, b))) });

describe('summariseSlice2d', () => {
  it('finds one minimum and no downward curvature in a bowl', () => {
    const s = summariseSlice2d(gridOf((a, b) => 0.5 + a * a + 2 * b * b + 0.5 * a * b));
    expect(s.centreLoss).toBeCloseTo(0.5, 12);
    expect(s.localMinima).toBe(1);
    expect(s.nonConvexFraction).toBe(0);
    // Corners: 0.5 + 1 + 2 ± 0.5, mean 3.5; ÷ 0.5.
    expect(s.cornerToCentre).toBeCloseTo(7, 10);
  });

  it('counts several minima and downward curvature on a bumpy surface', () => {
    const s = summariseSlice2d(gridOf((a, b) => 2 + Math.cos(2 * Math.PI * a) * Math.cos(2 * Math.PI * b)));
    expect(s.localMinima).toBeGreaterThan(1);
    expect(s.nonConvexFraction).toBeGreaterThan(0.3);
    // A saddle: convex along α, concave along β.
    expect(summariseSlice2d(gridOf((a, b) => 3 + a * a - b * b)).nonConvexFraction).toBe(1);
  });
});

describe('summariseSlice1d', () => {
  it('finds the one minimum of a parabola and two in a double well', () => {
    expect(summariseSlice1d({ alphas: axis, loss: axis.map((a) => 1 + a * a) })).toEqual({ centreLoss: 1, endsToCentre: 2, localMinima: 1 });
    expect(summariseSlice1d({ alphas: axis, loss: axis.map((a) => (a * a - 0.5) ** 2) }).localMinima).toBe(2);
  });
});

describe('parseLandscapeRecord', () => {
  const good = {
    format: 'residual-lessons/landscape',
    version: 1,
    net: 'res-20',
    command: 'x',
    directions: { seed: 1 },
    slice1d: { alphas: [0, 1], loss: [1, 2], error: [0.1, 0.2] },
    slice2d: { alphas: [0, 1], betas: [0], loss: [[1, 2]], error: [[0, 0]] },
  };
  it('accepts a consistent record and says what is wrong with a broken one', () => {
    expect(parseLandscapeRecord(good).net).toBe('res-20');
    expect(() => parseLandscapeRecord({ ...good, version: 2 })).toThrow(/version 2/);
    expect(() => parseLandscapeRecord({ ...good, slice2d: { ...good.slice2d, loss: [[1]] } })).toThrow(/1 rows of 2 numbers/);
    expect(() => parseLandscapeRecord({ ...good, slice1d: { ...good.slice1d, error: [0] } })).toThrow(/each of its 2 alphas/);
  });
});

const DIR = join(__dirname, '../../src/data/landscapes');
const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.json')) : [];

describe.runIf(files.length > 0)('the committed landscapes', () => {
  it('parse, and the 1-D and 2-D slices agree at the trained weights (the same point on the same batch)', () => {
    for (const f of files) {
      const r = parseLandscapeRecord(JSON.parse(readFileSync(join(DIR, f), 'utf8')), f);
      expect(f).toBe(`${r.net}-seed${r.directions.seed}.json`);
      expect(r.data.batch.indices).toHaveLength(r.data.batch.count);
      const c1 = r.slice1d!.alphas.indexOf(0);
      const [row, col] = [r.slice2d!.betas.indexOf(0), r.slice2d!.alphas.indexOf(0)];
      expect(Math.min(c1, row, col), f).toBeGreaterThanOrEqual(0);
      expect(r.slice2d!.loss[row]![col], f).toBe(r.slice1d!.loss[c1]);
      // The 1-D slice runs along the 2-D slice's x direction: the centre row is the same curve where their α meet.
      r.slice2d!.alphas.forEach((a, j) => {
        const i = r.slice1d!.alphas.indexOf(a);
        if (i >= 0) expect(Math.abs(r.slice2d!.loss[row]![j]! - r.slice1d!.loss[i]!), `${f} α=${a}`).toBeLessThanOrEqual(2e-3 * r.slice1d!.loss[i]!);
      });
    }
  });
});
