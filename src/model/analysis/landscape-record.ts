/**
 * The reference landscapes (src/data/landscapes/<net>-seed<k>.json, written by scripts/landscape.ts): their type, a
 * checking parser, and the few numbers a lesson can state about a slice, computed from the data rather than typed.
 * Pure (no tfjs).
 */
export const LANDSCAPE_FORMAT = 'residual-lessons/landscape';
export const LANDSCAPE_FORMAT_VERSION = 1;

export interface SliceTiming {
  points: number;
  wallSeconds: number;
  cpuSeconds: number;
  pointsPerSecond: number;
  pointsPerCpuSecond: number;
}

export interface LandscapeRecord {
  format: typeof LANDSCAPE_FORMAT;
  version: typeof LANDSCAPE_FORMAT_VERSION;
  /** The reference net's id: plain-20, res-56, … */
  net: string;
  architecture: { depth: number; shortcut: string; width: number; zeroInitResidual: boolean };
  referenceNet: { file: string; sha256: string; trainSetError: number };
  command: string;
  git: { commit: string | null; dirty: boolean };
  environment: Record<string, unknown>;
  data: { batch: { split: 'train'; count: number; seed: number; indices: number[] } } & Record<string, unknown>;
  directions: { seed: number; xSeed: number; ySeed: number; normalisation: string; notPerturbed: string };
  batchNorm: string;
  chunkSize: number;
  /** Loss and error along θ + αδ (δ: the x direction). */
  slice1d: { alphas: number[]; loss: number[]; error: number[]; timing: SliceTiming } | null;
  /** loss[row][col] at θ + α·x + β·y: row = β index, col = α index. */
  slice2d: { alphas: number[]; betas: number[]; loss: number[][]; error: number[][]; timing: SliceTiming } | null;
}

const fail = (what: string, msg: string): never => {
  throw new Error(`landscape ${what}: ${msg}`);
};
const isNumbers = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number');

/** Checks a parsed record (format, version, and that every curve and grid has the size its axes say). */
export function parseLandscapeRecord(json: unknown, what = 'record'): LandscapeRecord {
  const r = json as LandscapeRecord;
  if (typeof json !== 'object' || json === null) fail(what, 'must be an object');
  if (r.format !== LANDSCAPE_FORMAT) fail(what, `format must be "${LANDSCAPE_FORMAT}", got ${JSON.stringify(r.format)}`);
  if (r.version !== LANDSCAPE_FORMAT_VERSION) fail(what, `version ${JSON.stringify(r.version)} is not ${LANDSCAPE_FORMAT_VERSION}`);
  if (typeof r.net !== 'string' || typeof r.command !== 'string') fail(what, 'net and command must be strings');
  if (typeof r.directions?.seed !== 'number') fail(what, 'directions.seed must be a number');
  if (!r.slice1d && !r.slice2d) fail(what, 'has neither a 1-D nor a 2-D slice');
  if (r.slice1d) {
    const n = r.slice1d.alphas?.length ?? 0;
    if (!(n > 0) || !isNumbers(r.slice1d.loss, n) || !isNumbers(r.slice1d.error, n)) fail(what, `slice1d needs loss and error for each of its ${n} alphas`);
  }
  if (r.slice2d) {
    const [nx, ny] = [r.slice2d.alphas?.length ?? 0, r.slice2d.betas?.length ?? 0];
    for (const k of ['loss', 'error'] as const) {
      const grid = r.slice2d[k];
      if (!(nx > 0 && ny > 0) || !Array.isArray(grid) || grid.length !== ny || !grid.every((row) => isNumbers(row, nx))) fail(what, `slice2d.${k} must be ${ny} rows of ${nx} numbers`);
    }
  }
  return r;
}

export interface Slice2dSummary {
  centreLoss: number;
  /** The four corners' mean loss divided by the centre's: how much the loss rises at the edge of the plot. */
  cornerToCentre: number;
  /**
   * Interior grid points lower than all 8 neighbours: local minima of the slice. A bowl has exactly 1. Edge points are
   * not counted: a loss that turns down at the plot's edge (it saturates far out) is not a basin one can see.
   */
  localMinima: number;
  /**
   * Fraction of interior points where the slice truly bends down: the second difference L(p − h) − 2 L(p) + L(p + h)
   * along α, β or either diagonal is negative by more than the records' rounding can explain (`roundingSlack`). A
   * convex function has a non-negative second difference along every line at every step, so a convex slice scores 0
   * whatever the grid; a point that scores cannot lie in a convex region of the slice. (A finite-difference Hessian
   * with a negative eigenvalue is not such a test: at a finite step it flags steep convex functions too.) This is the
   * curvature of the plotted slice, not the full network's Hessian (Li et al. map |λmin/λmax| of the full Hessian).
   */
  bendsDownFraction: number;
  /** The interior points with a loss below `belowLoss` (if given), and how many of them bend down. */
  below?: { loss: number; points: number; bendsDown: number };
}

/**
 * The largest rounding error of a value kept to `digits` significant digits: half a unit in its last digit. The
 * records keep 4 (scripts/landscape.ts writes `toPrecision(4)`).
 */
export const roundingSlack = (v: number, digits = 4) => (v === 0 ? 0 : 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(v))) - (digits - 1)));

/**
 * Whether the three values a, b, c at equally spaced points of a line bend down: a − 2b + c < 0 by more than the sum
 * of their rounding errors (so a convex function whose values were rounded never counts), plus a relative 1e-12 for the
 * floating-point error of the sum itself (values of a convex function that agree to the last bit).
 */
export const bendsDown = (a: number, b: number, c: number, digits = 4) =>
  a - 2 * b + c < -(roundingSlack(a, digits) + 2 * roundingSlack(b, digits) + roundingSlack(c, digits) + 1e-12 * (Math.abs(a) + 2 * Math.abs(b) + Math.abs(c)));

/** The interior points of a 1-D curve (equally spaced) that bend down, by the same test as `summariseSlice2d`. */
export const bendsDownAt = (loss: readonly number[], digits = 4): number[] =>
  loss.flatMap((v, i) => (i > 0 && i < loss.length - 1 && bendsDown(loss[i - 1]!, v, loss[i + 1]!, digits) ? [i] : []));

/** The centre of an axis: the index of its value closest to 0. */
const centreIndex = (axis: readonly number[]) => axis.reduce((best, v, i) => (Math.abs(v) < Math.abs(axis[best]!) ? i : best), 0);

/**
 * `belowLoss`: also count the interior points whose loss is below it (the lesson uses chance, ln 10), since a loss that
 * rises and then levels off far from the minimum must bend down, and that says nothing about the basin. `digits`: the
 * significant digits the losses were rounded to.
 */
export function summariseSlice2d(
  s: { alphas: readonly number[]; betas: readonly number[]; loss: readonly (readonly number[])[] },
  { belowLoss, digits = 4 }: { belowLoss?: number; digits?: number } = {},
): Slice2dSummary {
  const L = s.loss;
  const [ny, nx] = [s.betas.length, s.alphas.length];
  const centreLoss = L[centreIndex(s.betas)]![centreIndex(s.alphas)]!;
  const corners = [L[0]![0]!, L[0]![nx - 1]!, L[ny - 1]![0]!, L[ny - 1]![nx - 1]!];
  let localMinima = 0;
  for (let r = 1; r < ny - 1; r++) {
    for (let c = 1; c < nx - 1; c++) {
      let lowest = true;
      for (let dr = -1; dr <= 1 && lowest; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          if ((dr || dc) && L[r + dr]![c + dc]! <= L[r]![c]!) lowest = false;
        }
      }
      if (lowest) localMinima++;
    }
  }
  let interior = 0;
  let bending = 0;
  let below = 0;
  let belowBending = 0;
  for (let r = 1; r < ny - 1; r++) {
    for (let c = 1; c < nx - 1; c++) {
      const at = (dr: number, dc: number) => L[r + dr]![c + dc]!;
      // Along α, β and both diagonals (the grid is equally spaced, so each is an equally spaced line).
      const bends = ([[0, 1], [1, 0], [1, 1], [1, -1]] as const).some(([dr, dc]) => bendsDown(at(-dr, -dc), at(0, 0), at(dr, dc), digits));
      interior++;
      if (bends) bending++;
      if (belowLoss !== undefined && at(0, 0) < belowLoss) {
        below++;
        if (bends) belowBending++;
      }
    }
  }
  return {
    centreLoss,
    cornerToCentre: corners.reduce((a, b) => a + b, 0) / 4 / centreLoss,
    localMinima,
    bendsDownFraction: interior ? bending / interior : NaN,
    ...(belowLoss !== undefined ? { below: { loss: belowLoss, points: below, bendsDown: belowBending } } : {}),
  };
}

export interface Slice1dSummary {
  centreLoss: number;
  /** The two ends' mean loss divided by the centre's. */
  endsToCentre: number;
  /** Interior points lower than both neighbours (the ends are not counted, as in the 2-D summary). A bowl has 1. */
  localMinima: number;
}

export function summariseSlice1d(s: { alphas: readonly number[]; loss: readonly number[] }): Slice1dSummary {
  const L = s.loss;
  const n = L.length;
  const centreLoss = L[centreIndex(s.alphas)]!;
  const localMinima = L.filter((v, i) => i > 0 && i < n - 1 && v < L[i - 1]! && v < L[i + 1]!).length;
  return { centreLoss, endsToCentre: (L[0]! + L[n - 1]!) / 2 / centreLoss, localMinima };
}
