import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linspace } from '../../src/model/analysis/directions';
import { bendsDownAt, parseLandscapeRecord, roundingSlack, summariseSlice1d, summariseSlice2d } from '../../src/model/analysis/landscape-record';

const axis = linspace(-1, 1, 11);
const gridOf = (f: (a: number, b: number) => number) => ({ alphas: axis, betas: axis, loss: axis.map((b) => axis.map((a) => f(a, b))) });

describe('summariseSlice2d', () => {
  it('finds one minimum and no downward curvature in a bowl', () => {
    const s = summariseSlice2d(gridOf((a, b) => 0.5 + a * a + 2 * b * b + 0.5 * a * b));
    expect(s.centreLoss).toBeCloseTo(0.5, 12);
    expect(s.localMinima).toBe(1);
    expect(s.bendsDownFraction).toBe(0);
    // Corners: 0.5 + 1 + 2 ± 0.5, mean 3.5; ÷ 0.5.
    expect(s.cornerToCentre).toBeCloseTo(7, 10);
  });

  it('counts several minima and downward curvature on a bumpy surface', () => {
    const s = summariseSlice2d(gridOf((a, b) => 2 + Math.cos(2 * Math.PI * a) * Math.cos(2 * Math.PI * b)));
    expect(s.localMinima).toBeGreaterThan(1);
    expect(s.bendsDownFraction).toBeGreaterThan(0.3);
    // A saddle: convex along α, concave along β.
    expect(summariseSlice2d(gridOf((a, b) => 3 + a * a - b * b)).bendsDownFraction).toBe(1);
  });
});

describe('bendsDownFraction: a convex slice scores 0 whatever its steepness', () => {
  const round4 = (f: (a: number, b: number) => number) => (a: number, b: number) => Number(f(a, b).toPrecision(4));
  // Steep convex functions, like ResNet-56's walls: a finite-difference Hessian calls many of their points indefinite.
  const convex = {
    'exp(4(α²+β²))': (a: number, b: number) => Math.exp(4 * (a * a + b * b)),
    // α + β rounded to 1e-12: on the anti-diagonal the axis' floats give ±1e-17 for an exact 0, whose 4th power is a
    // "bend" of 1e-65 that no rounding tolerance of the loss can be asked to absorb.
    '(α+β)⁴': (a: number, b: number) => (Math.round((a + b) * 1e12) / 1e12) ** 4,
    'exp(2(α+β))': (a: number, b: number) => Math.exp(2 * (a + b)),
    '|α| + β²': (a: number, b: number) => Math.abs(a) + b * b,
  };
  for (const [name, f] of Object.entries(convex)) {
    it(`${name}: 0, exact and rounded to 4 significant digits`, () => {
      expect(summariseSlice2d(gridOf(f)).bendsDownFraction).toBe(0);
      expect(summariseSlice2d(gridOf(round4(f))).bendsDownFraction).toBe(0);
    });
  }

  it('a saddle bends down at every interior point; a ridge only where it is concave', () => {
    expect(summariseSlice2d(gridOf((a, b) => 3 + a * a - b * b)).bendsDownFraction).toBe(1);
    // Convex along α and β (second derivative −1/2 + 4 each) and along the (1, −1) diagonal, concave along the (1, 1)
    // diagonal (α − β fixed, −(α + β)²/4): only the diagonal test finds it.
    const diagonalOnly = summariseSlice2d(gridOf((a, b) => 5 - ((a + b) ** 2) / 4 + 2 * (a - b) ** 2));
    expect(diagonalOnly.bendsDownFraction).toBe(1);
    // A bowl with a plateau outside |α| > 0.5 (it rises, then levels off): bends down only near the plateau's edge.
    const plateau = summariseSlice2d(gridOf((a, b) => Math.min(a * a + b * b, 0.25)));
    expect(plateau.bendsDownFraction).toBeGreaterThan(0);
    expect(plateau.bendsDownFraction).toBeLessThan(1);
  });

  it('counts the points below a loss level separately', () => {
    const s = summariseSlice2d(gridOf((a, b) => 3 + a * a - b * b), { belowLoss: 3 });
    // Interior points with a² < b² (loss below 3): 0 < |a| < |b|, on the 9×9 interior of the 11-point axis.
    const interior = axis.slice(1, -1);
    const expected = interior.flatMap((b) => interior.filter((a) => 3 + a * a - b * b < 3)).length;
    expect(s.below).toEqual({ loss: 3, points: expected, bendsDown: expected });
  });
});

describe('bendsDownAt and roundingSlack', () => {
  it('finds the concave points of a curve and ignores rounding noise', () => {
    expect(roundingSlack(0.4128)).toBeCloseTo(0.00005, 12);
    expect(roundingSlack(59.8)).toBeCloseTo(0.005, 12);
    expect(bendsDownAt(axis.map((a) => Number(Math.exp(3 * a * a).toPrecision(4))))).toEqual([]);
    // Rises, then levels off: bends down where it levels off.
    expect(bendsDownAt([0, 1, 2, 2.5, 2.6, 2.6])).toEqual([2, 3, 4]);
    // A difference smaller than the 4-digit rounding of the values is not a bend.
    expect(bendsDownAt([1.001, 1.002, 1.002])).toEqual([]);
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
