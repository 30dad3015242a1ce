/**
 * The loss-landscape widget's pure core: the committed reference landscapes (src/data/landscapes, read at build time)
 * and the live ones (points streamed from the worker) as one kind of view: one panel per net, each a grid of losses
 * that fills in row by row, the 1-D curve through its centre, one colour domain shared by every panel, the table
 * and CSV rows and the sentence under the plots. No DOM, no tfjs: the shell runs it at build time, the element in the
 * page, the unit tests in Node.
 */
import { csvText } from '../plots/csv';
import { linspace } from '../../model/analysis/directions';
import type { LandscapeRecord } from '../../model/analysis/landscape-record';
import type { Locale } from '../../i18n/locales';
import { strings } from './strings';

export const DEPTHS = [20, 56] as const;
export type Depth = (typeof DEPTHS)[number];
/** A panel's net: a shipped reference net, or the one the degradation lab saved in this browser. */
export type PanelKind = 'plain' | 'residual' | 'saved';
export const referenceId = (kind: 'plain' | 'residual', depth: number): string => `${kind === 'plain' ? 'plain' : 'res'}-${depth}`;

/** What the reader may choose for a live landscape (odd grids: the centre, the trained weights, is a grid point). */
export const GRID_RANGE = { min: 5, max: 41 } as const;
export const SPANS = [0.5, 1, 1.5, 2] as const;
export const SEED_RANGE = { min: 1, max: 999 } as const;
/** The fixed batch every landscape here is evaluated on: as the committed records (scripts/landscape.ts defaults). */
export const BATCH = { count: 256, seed: 1 } as const;

export interface Settings {
  depth: Depth;
  grid: number;
  span: number;
  seed: number;
}

/** The reader's settings, checked; the message (in the given language) quotes the bad value. */
export function checkSettings(s: { depth: number; grid: number; span: number; seed: number }, locale: Locale = 'en'): Settings {
  const t = strings[locale];
  if (!DEPTHS.includes(s.depth as Depth)) throw new Error(t.badDepth([...DEPTHS], s.depth));
  if (!Number.isInteger(s.grid) || s.grid < GRID_RANGE.min || s.grid > GRID_RANGE.max || s.grid % 2 === 0) throw new Error(t.badGrid(GRID_RANGE.min, GRID_RANGE.max, s.grid));
  if (!(s.span >= 0.1 && s.span <= 5)) throw new Error(t.badSpan(s.span));
  if (!Number.isInteger(s.seed) || s.seed < SEED_RANGE.min || s.seed > SEED_RANGE.max) throw new Error(t.badSeed(SEED_RANGE.min, SEED_RANGE.max, s.seed));
  return s as Settings;
}

/** `n` evenly spaced coordinates from −span to span: the library's own, so a live grid matches a record's. */
export const axis = (span: number, n: number): number[] => linspace(-span, span, n);

/** One net's slice: loss[row][col] at α = alphas[col], β = betas[row]; null where not computed yet. */
export interface Panel {
  kind: PanelKind;
  /** `plain-56`, `res-20`, or the saved net's name. */
  net: string;
  alphas: number[];
  betas: number[];
  loss: (number | null)[][];
  error: (number | null)[][];
  /** The loss along β = 0 at more points than the grid (the records' 1-D slice); null: the grid's centre row. */
  curve: { alphas: number[]; loss: number[] } | null;
  /** Error on the whole training subset (reference nets); null where not known. */
  trainSetError: number | null;
}

export interface View {
  source: 'reference' | 'live';
  depth: number;
  seed: number;
  span: number;
  batch: { count: number; seed: number };
  panels: Panel[];
  /** The command that wrote the records (reference views). */
  command?: string;
}

const kindOf = (r: LandscapeRecord): 'plain' | 'residual' => (r.architecture.shortcut === 'plain' ? 'plain' : 'residual');

export function panelFromRecord(r: LandscapeRecord): Panel {
  const s = r.slice2d;
  if (!s) throw new Error(`landscape ${r.net} seed ${r.directions.seed}: the record has no 2-D slice`);
  return {
    kind: kindOf(r),
    net: r.net,
    alphas: s.alphas,
    betas: s.betas,
    loss: s.loss,
    error: s.error,
    curve: r.slice1d ? { alphas: r.slice1d.alphas, loss: r.slice1d.loss } : null,
    trainSetError: r.referenceNet.trainSetError,
  };
}

/**
 * The reference views by `${depth}-${seed}`: for each depth and direction seed with both a plain and a residual
 * record, the pair with the finest grid (a 21×21 record beats an 11×11 one). A 1-D slice missing from the finer
 * record is taken from a coarser record of the same net and seed, whose directions are the same.
 */
export function referenceViews(records: readonly LandscapeRecord[]): Record<string, View> {
  const best = new Map<string, LandscapeRecord>();
  const curves = new Map<string, Panel['curve']>();
  for (const r of records) {
    if (!r.slice2d) continue;
    const key = `${r.net}-${r.directions.seed}`;
    const old = best.get(key);
    if (!old || r.slice2d.alphas.length > old.slice2d!.alphas.length) best.set(key, r);
    if (r.slice1d && !curves.has(key)) curves.set(key, { alphas: r.slice1d.alphas, loss: r.slice1d.loss });
  }
  const views: Record<string, View> = {};
  for (const depth of DEPTHS) {
    const seeds = new Set([...best.values()].filter((r) => r.architecture.depth === depth).map((r) => r.directions.seed));
    for (const seed of [...seeds].sort((a, b) => a - b)) {
      const pair = (['plain', 'residual'] as const).map((k) => best.get(`${referenceId(k, depth)}-${seed}`));
      if (!pair[0] || !pair[1]) continue;
      const panels = pair.map((r) => ({ ...panelFromRecord(r!), curve: curves.get(`${r!.net}-${seed}`) ?? null }));
      const b = pair[1].data.batch;
      views[`${depth}-${seed}`] = { source: 'reference', depth, seed, span: Math.max(...pair[1].slice2d!.alphas.map(Math.abs)), batch: { count: b.count, seed: b.seed }, panels, command: pair[1].command };
    }
  }
  return views;
}

/** A panel with no point computed yet. */
export function emptyPanel(kind: PanelKind, net: string, span: number, grid: number, trainSetError: number | null = null): Panel {
  const a = axis(span, grid);
  const none = () => a.map(() => a.map((): number | null => null));
  return { kind, net, alphas: a, betas: [...a], loss: none(), error: none(), curve: null, trainSetError };
}

/** A point as the worker sends it: `index` row-major (row = β index, column = α index). */
export interface GridPoint {
  index: number;
  loss: number;
  error: number;
}

/** Writes computed points into the panel's grid (in place); returns how many were new. */
export function fillPoints(panel: Panel, points: readonly GridPoint[]): number {
  const nx = panel.alphas.length;
  let added = 0;
  for (const p of points) {
    const row = Math.floor(p.index / nx);
    const col = p.index % nx;
    if (row >= panel.betas.length || p.index < 0) throw new Error(`point ${p.index} is outside a ${nx}×${panel.betas.length} grid`);
    if (panel.loss[row]![col] === null) added++;
    panel.loss[row]![col] = p.loss;
    panel.error[row]![col] = p.error;
  }
  return added;
}

/** How many rows from the first are complete: the part of the grid a contour plot can be drawn over. */
export const completeRows = (p: Panel): number => {
  const i = p.loss.findIndex((row) => row.some((v) => v === null));
  return i < 0 ? p.loss.length : i;
};

export const computedPoints = (p: Panel): number => p.loss.reduce((n, row) => n + row.filter((v) => v !== null).length, 0);

/**
 * One colour domain for every panel, in log10 of the loss: [lowest, highest] over all computed points of all panels,
 * so the same colour means the same loss in the plain and the residual plot. Null before any point.
 */
export function sharedLogDomain(panels: readonly Panel[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of panels) for (const row of p.loss) for (const v of row) if (v !== null && v > 0 && Number.isFinite(v)) {
    lo = Math.min(lo, Math.log10(v));
    hi = Math.max(hi, Math.log10(v));
  }
  if (lo > hi) return null;
  return hi - lo < 1e-9 ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/** `n` contour levels evenly spaced inside the domain (its ends excluded: a band on each side of every level). */
export function levels([lo, hi]: readonly [number, number], n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + 1)) / (n + 1));
}

const centre = (axisValues: readonly number[]) => axisValues.reduce((best, v, i) => (Math.abs(v) < Math.abs(axisValues[best]!) ? i : best), 0);

/** The 1-D curve of a panel along β = 0: its record's 1-D slice, or the grid's centre row where computed. */
export function curveOf(p: Panel): { alpha: number; loss: number }[] {
  if (p.curve) return p.curve.alphas.map((alpha, i) => ({ alpha, loss: p.curve!.loss[i]! }));
  const row = p.loss[centre(p.betas)]!;
  return p.alphas.flatMap((alpha, i) => (row[i] === null ? [] : [{ alpha, loss: row[i]! }]));
}

/** The loss at the trained weights (α = β = 0), once computed. */
export const centreLoss = (p: Panel): number | null => p.loss[centre(p.betas)]![centre(p.alphas)] ?? null;

/** Table and CSV: one row per net and grid point, computed points only. */
export const GRID_HEADER = ['net', 'alpha', 'beta', 'loss', 'error'];
export function gridRows(v: View): (string | number)[][] {
  return v.panels.flatMap((p) => p.betas.flatMap((beta, r) => p.alphas.flatMap((alpha, c) => (p.loss[r]![c] === null ? [] : [[p.net, alpha, beta, p.loss[r]![c]!, p.error[r]![c] ?? '']]))));
}
export const gridCsv = (v: View): string => csvText(GRID_HEADER, gridRows(v));

export const pct = (v: number, digits = 1): string => `${(100 * v).toFixed(digits)} %`;
const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** The sentence that says what the plots show: nets, seed, grid, span, batch, training-set errors, centre losses. */
export function viewCaption(v: View, locale: Locale = 'en'): string {
  const t = strings[locale];
  const p0 = v.panels[0];
  if (!p0) return '';
  const grid = `${p0.alphas.length}×${p0.betas.length}`;
  const what = v.source === 'reference' ? t.committed : t.computedHere;
  const nets = t.netList(
    v.panels.map((p) => {
      const c = centreLoss(p);
      const parts = [p.trainSetError !== null ? t.trainSetError(pct(p.trainSetError)) : null, c !== null ? t.centreLoss(num(c)) : null].filter((x): x is string => x !== null);
      return parts.length ? t.netWith(p.net, parts) : p.net;
    }),
  );
  return t.caption(what, nets, { seed: v.seed, grid, span: v.span, count: v.batch.count, batchSeed: v.batch.seed, command: v.command ?? null });
}

/** Seconds left at the rate so far; null until a point is done. */
export function timeLeft(done: number, total: number, elapsedSeconds: number): number | null {
  return done > 0 ? (elapsedSeconds * (total - done)) / done : null;
}

export const formatSeconds = (s: number): string => (s < 90 ? `${Math.ceil(s)} s` : `${Math.ceil(s / 60)} min`);
