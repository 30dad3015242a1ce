/**
 * The gradient-flow lab's data, free of tfjs and the DOM: which numbers each plot shows, as series of points, and
 * the same numbers as table rows and CSV. What the plots draw and what the tables list come from here, so they
 * cannot disagree (and the tests check these numbers against an independent computation).
 */
import type { GradientReport, LayerResponse } from '../../model/runtime/diagnostics';
import { csvText } from '../plots/csv';

export const NETS = ['plain', 'residual'] as const;
export type NetKind = (typeof NETS)[number];
export const NET_LABELS: Record<NetKind, string> = { plain: 'Plain', residual: 'Residual' };

/** The gradient plot can show the backward signal at block boundaries or the gradients of the weights. */
export type GradientMeasure = 'activations' | 'weights';

export interface Point {
  /** Depth in weighted layers from the input. */
  x: number;
  y: number;
  /** Layer or block name, for the table. */
  label: string;
  /** The values `y` summarises (one per seed), listed in the table beside it. */
  each?: number[];
}

export interface Series {
  net: NetKind;
  points: Point[];
}

export function gradientSeries(net: NetKind, report: GradientReport, measure: GradientMeasure): Series {
  const points =
    measure === 'activations'
      ? report.boundaries.map((b) => ({ x: b.depth, y: b.norm, label: b.name }))
      : report.layers.map((l) => ({ x: l.depth, y: l.norm, label: l.name }));
  return { net, points };
}

export function responseSeries(net: NetKind, responses: readonly LayerResponse[]): Series {
  return { net, points: responses.map((r) => ({ x: r.depth, y: r.std, label: r.responseLayer })) };
}

/** `layers` words a depth for the table's layer column (the page's language; English by default, as in the CSV). */
export function correlationSeries(
  net: NetKind,
  values: readonly { depth: number; correlation: number; perSeed?: number[] }[],
  layers: (depth: number) => string = (d) => `${d} layers`,
): Series {
  return { net, points: values.map((v) => ({ x: v.depth, y: v.correlation, label: layers(v.depth), ...(v.perSeed ? { each: [...v.perSeed] } : {}) })) };
}

/** Ratio of the first point's value to the last's: below 1 the signal shrinks towards the input, above 1 it grows. */
export function firstToLast(series: Series): number {
  const p = series.points;
  return p.length ? p[0]!.y / p[p.length - 1]!.y : Number.NaN;
}

export interface TableRow {
  label: string;
  x: number;
  values: Partial<Record<NetKind, number>>;
  each?: Partial<Record<NetKind, number[]>>;
}

/** One row per depth, plain and residual side by side (a residual net has the same layers as its plain twin). */
export function tableRows(series: readonly Series[]): TableRow[] {
  const rows = new Map<number, TableRow>();
  for (const s of series) {
    for (const p of s.points) {
      const row = rows.get(p.x) ?? { label: p.label, x: p.x, values: {} };
      row.values[s.net] = p.y;
      if (p.each) (row.each ??= {})[s.net] = p.each;
      rows.set(p.x, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.x - b.x);
}

/** Four significant digits, or `n/a` for a number the net did not produce (NaN, ∞). */
export function formatValue(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return 'n/a';
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/** A table cell: the value, and the values it summarises (one per seed) in brackets when there are several. */
export function formatCell(row: TableRow, net: NetKind): string {
  const each = row.each?.[net];
  const main = formatValue(row.values[net]);
  return each && each.length > 1 ? `${main} (${each.map((v) => formatValue(v)).join(', ')})` : main;
}

/** CSV with a header; full precision, so a spreadsheet can redo the plot. */
export function toCsv(xName: string, valueName: string, rows: readonly TableRow[]): string {
  const head = [xName, 'layer', ...NETS.map((n) => `${n} ${valueName}`)];
  return csvText(head, rows.map((r) => [r.x, r.label, ...NETS.map((n) => r.values[n])]));
}

/** Depths offered: the paper's 6n + 2 nets from 8 to 110 layers. */
export const DEPTHS = [8, 20, 32, 56, 110] as const;

/** First-stage widths offered: the finite-width effect on gradient norms shrinks as the nets widen. */
export const WIDTHS = [8, 16, 32] as const;

/** The learning rate of the live steps: 0.1 as the paper, 0.01 for 110 layers (the paper's §4.2 warm-up rate). */
export function liveLearningRate(depth: number, batchNorm: boolean): number {
  if (!batchNorm) return 0.01; // without BN the residual net's outputs are huge at init; 0.1 would blow it up
  return depth >= 110 ? 0.01 : 0.1;
}
