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
   * Fraction of interior points where the slice curves down in some direction: the 2×2 finite-difference Hessian of
   * the 2-D slice (∂²L/∂α², ∂²L/∂β², ∂²L/∂α∂β) has a negative eigenvalue. A convex slice has 0. This is the curvature
   * of the plotted slice, not the full network's Hessian (Li et al. map |λmin/λmax| of the full Hessian instead).
   */
  nonConvexFraction: number;
}

/** The centre of an axis: the index of its value closest to 0. */
const centreIndex = (axis: readonly number[]) => axis.reduce((best, v, i) => (Math.abs(v) < Math.abs(axis[best]!) ? i : best), 0);

export function summariseSlice2d(s: { alphas: readonly number[]; betas: readonly number[]; loss: readonly (readonly number[])[] }): Slice2dSummary {
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
  let nonConvex = 0;
  for (let r = 1; r < ny - 1; r++) {
    for (let c = 1; c < nx - 1; c++) {
      const ha = (s.alphas[c + 1]! - s.alphas[c - 1]!) / 2;
      const hb = (s.betas[r + 1]! - s.betas[r - 1]!) / 2;
      const aa = (L[r]![c + 1]! - 2 * L[r]![c]! + L[r]![c - 1]!) / (ha * ha);
      const bb = (L[r + 1]![c]! - 2 * L[r]![c]! + L[r - 1]![c]!) / (hb * hb);
      const ab = (L[r + 1]![c + 1]! - L[r + 1]![c - 1]! - L[r - 1]![c + 1]! + L[r - 1]![c - 1]!) / (4 * ha * hb);
      // The smaller eigenvalue of [[aa, ab], [ab, bb]].
      const minEig = (aa + bb) / 2 - Math.sqrt(((aa - bb) / 2) ** 2 + ab * ab);
      interior++;
      if (minEig < 0) nonConvex++;
    }
  }
  return { centreLoss, cornerToCentre: corners.reduce((a, b) => a + b, 0) / 4 / centreLoss, localMinima, nonConvexFraction: interior ? nonConvex / interior : NaN };
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
