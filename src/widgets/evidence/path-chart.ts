/**
 * Geometry of the path-length chart (Veit et al. 2016): one bar per path length k = 0…n, its height the share of the
 * 2ⁿ paths that pass through exactly k residual branches, C(n, k)/2ⁿ; bars in [from, to] are marked. Pure, laid out
 * by the plot kit's scales, drawn by PathLengths.astro at build time.
 */
import { plotArea, scale, ticks, type Tick } from '../plots/layout';
import { pathLengthRows, type PathLengthRow } from './claims';

export interface PathBar extends PathLengthRow {
  x: number;
  y: number;
  width: number;
  height: number;
  marked: boolean;
}

export interface PathChart {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  bars: PathBar[];
  xTicks: Tick[];
  yTicks: Tick[];
}

export function pathChart(n: number, marked?: readonly [number, number], width = 560, height = 220): PathChart {
  const plot = plotArea(width, height, { top: 10, right: 12, bottom: 40, left: 52 });
  const rows = pathLengthRows(n);
  const x = scale([-0.5, n + 0.5], [plot.left, plot.right]);
  const y = scale([0, Math.max(...rows.map((r) => r.fraction))], [plot.bottom, plot.top], { nice: true });
  const step = x(1) - x(0);
  const bars = rows.map((r) => ({
    ...r,
    x: x(r.length) - step * 0.4,
    y: y(r.fraction),
    width: step * 0.8,
    height: plot.bottom - y(r.fraction),
    marked: marked ? r.length >= marked[0] && r.length <= marked[1] : false,
  }));
  const every = n <= 12 ? 1 : n <= 30 ? 3 : 6;
  const xTicks = rows.filter((r) => r.length % every === 0).map((r) => ({ value: r.length, position: x(r.length), label: String(r.length) }));
  return { width, height, plot, bars, xTicks, yTicks: ticks(y, 4, '.0%') };
}
