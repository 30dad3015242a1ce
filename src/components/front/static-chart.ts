/**
 * A chart as plain geometry (paths, ticks and labels as numbers and strings), for the front page's figures, which are
 * drawn at build time as inline SVG with no script (StaticChart.astro): the page must not load the plot kit's d3
 * selections or any widget code. The geometry comes from the plot kit's DOM-free layout (scales, ticks, paths,
 * legend positions), so these charts follow the same rules as every widget's.
 */
import { type PlotArea, type Scale, type Tick, legendLayout, linePath, plotArea, ticks } from '../../widgets/plots/layout';

/** A shaded band between two curves (e.g. the lowest and highest seed). */
export interface Band {
  d: string;
  color: string;
  /** What the band belongs to, as a data hook (`data-series`). */
  series: string;
}

export interface Line {
  d: string;
  color: string;
  width: number;
  /** A stroke-dasharray; none for a solid line. */
  dash?: string;
  series: string;
}

export interface LegendEntry {
  x: number;
  y: number;
  label: string;
  color: string;
  width: number;
  dash?: string;
}

export interface ChartGeometry {
  width: number;
  height: number;
  /** Drawn at the top left; also the start of the SVG's accessible name. */
  title: string;
  /** The SVG's accessible name: what the chart shows, in words. */
  label: string;
  area: PlotArea;
  xTicks: Tick[];
  yTicks: Tick[];
  xLabel: string;
  yLabel: string;
  bands: Band[];
  lines: Line[];
  /** Items right-aligned at the top right of the plot area, label left of a short line. */
  legend: LegendEntry[];
}

/** Room above the plot area for the title (first line) and the y axis's name (second line). */
export const MARGIN = { top: 44, right: 12, bottom: 38, left: 46 };

/** The frame of a chart: its plot area for a size and margins. */
export const frame = (width: number, height: number) => plotArea(width, height, MARGIN);

/** Paths are rounded to a tenth of a unit: invisible on screen, and the HTML stays small. */
const DIGITS = 1;

/** A polyline through the points (NaN values break it). */
export function curvePath<P>(points: readonly P[], x: (p: P) => number, y: (p: P) => number): string {
  return linePath(points, x, y, { digits: DIGITS });
}

/** A closed band: along `high` from left to right, back along `low`; '' for no points. */
export function bandPath<P>(points: readonly P[], x: (p: P) => number, low: (p: P) => number, high: (p: P) => number): string {
  const finite = points.filter((p) => Number.isFinite(low(p)) && Number.isFinite(high(p)));
  if (!finite.length) return '';
  const ring = [...finite.map((p) => ({ x: x(p), y: high(p) })), ...[...finite].reverse().map((p) => ({ x: x(p), y: low(p) }))];
  return `${linePath(ring, (p) => p.x, (p) => p.y, { digits: DIGITS })}Z`;
}

/** Axis ticks of a scale (about `count`, d3's choice) with d3-format labels. */
export const axisTicks = (s: Scale, count: number, format?: string): Tick[] => ticks(s, count, format);

/** A legend of line styles at the top right of the plot area, one item under another. */
export function legendAt(area: PlotArea, items: readonly Omit<LegendEntry, 'x' | 'y'>[]): LegendEntry[] {
  const at = legendLayout(
    items.map((i) => i.label),
    { x: area.right, y: area.top + 6, direction: 'column', step: 15 },
  );
  return items.map((item, i) => ({ ...item, x: at[i]!.x, y: at[i]!.y }));
}
