/**
 * The geometry of a plot, with no DOM: the frame, scales and their domains, tick positions and labels, line paths and
 * legend positions. Every plot on the site is laid out by these functions and drawn by marks.ts (in the browser) or
 * by an .astro template (at build time), so both kinds of chart share one set of rules, and the rules are
 * snapshot-tested in Node.
 */
import { extent, line, scaleLinear, scaleLog, type ScaleLinear, type ScaleLogarithmic } from 'd3';

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The drawing area inside the margins, in SVG user units (y grows downwards). */
export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const plotArea = (width: number, height: number, m: Margin): PlotArea => ({
  left: m.left,
  right: width - m.right,
  top: m.top,
  bottom: height - m.bottom,
});

export type ScaleType = 'linear' | 'log';
export type Scale = ScaleLinear<number, number> | ScaleLogarithmic<number, number>;

export interface ScaleOptions {
  type?: ScaleType;
  /** Extend the domain to round tick values (d3's `nice`). */
  nice?: boolean;
  /** Map values outside the domain to the range's ends, so an outlier stays on the plot's edge. */
  clamp?: boolean;
}

/** A d3 scale from `domain` to `range`; for y, pass the range bottom-first ([area.bottom, area.top]). */
export function scale(domain: readonly [number, number], range: readonly [number, number], { type = 'linear', nice = false, clamp = false }: ScaleOptions = {}): Scale {
  const s = (type === 'log' ? scaleLog() : scaleLinear()).domain(domain).range(range).clamp(clamp);
  return nice ? s.nice() : s;
}

/** The points a scale of this type can draw: finite x and y, and y > 0 on a log scale (0, NaN and ∞ are left out). */
export function drawable<P extends { x: number; y: number }>(points: readonly P[], type: ScaleType): P[] {
  return points.filter((p) => Number.isFinite(p.y) && Number.isFinite(p.x) && (type === 'linear' || p.y > 0));
}

/** A log domain of whole decades around the values, so each tick label reads 1e-3, 1e-2, …; [0.1, 10] for no values. */
export function decadeDomain(values: readonly number[]): [number, number] {
  const ys = values.filter((v) => Number.isFinite(v) && v > 0);
  if (!ys.length) return [0.1, 10];
  const lo = Math.floor(Math.log10(Math.min(...ys)));
  const hi = Math.ceil(Math.log10(Math.max(...ys)));
  return [10 ** lo, 10 ** (hi === lo ? hi + 1 : hi)];
}

/** The values' extent ([0, 1] for none, one unit wide for a single value), widened to cover `include` if given. */
export function extentDomain(values: readonly number[], include?: readonly [number, number]): [number, number] {
  const [lo = 0, hi = 1] = extent(values.filter(Number.isFinite));
  if (include) return [Math.min(include[0], lo), Math.max(include[1], hi)];
  return [lo, hi === lo ? lo + 1 : hi];
}

export interface Tick {
  value: number;
  /** Where the tick sits along its axis, in SVG user units. */
  position: number;
  label: string;
}

/** d3's ticks for the scale (about `count` of them) with its labels, e.g. `specifier` '.0%' or '.0e'. */
export function ticks(s: Scale, count: number, specifier?: string): Tick[] {
  const format = s.tickFormat(count, specifier);
  return s.ticks(count).map((value) => ({ value, position: s(value), label: format(value) }));
}

/** Ticks at chosen values, for an axis whose tick rule is part of what it shows (e.g. every 50 training steps). */
export function ticksAt(s: Scale, values: readonly number[], label: (v: number) => string): Tick[] {
  return values.map((value) => ({ value, position: s(value), label: label(value) }));
}

export interface PathOptions<T> {
  /** Points that are not drawn: the line breaks there instead of dropping to 0. Default: finite y. */
  defined?: (d: T, i: number) => boolean;
  /** Round coordinates to this many decimals (shorter paths in build-time HTML). */
  digits?: number;
}

/** An SVG path through the points in order ("M…L…"), or '' when no point is drawn. */
export function linePath<T>(data: readonly T[], x: (d: T, i: number) => number, y: (d: T, i: number) => number, { defined, digits }: PathOptions<T> = {}): string {
  const path = line<T>()
    .defined(defined ?? ((d, i) => Number.isFinite(y(d, i))))
    .x(x)
    .y(y);
  if (digits !== undefined) path.digits(digits);
  return path(data as T[]) ?? '';
}

export interface LegendOptions {
  /** Where the first item sits. */
  x: number;
  y: number;
  /** Items one under another ('column') or side by side ('row'). */
  direction: 'column' | 'row';
  /** The distance from one item to the next: a constant, or per item (e.g. from the label's length). */
  step: number | ((label: string, i: number) => number);
}

export interface LegendItemPosition {
  label: string;
  x: number;
  y: number;
}

/** Where each legend item goes: the first at (x, y), each next one `step` further along `direction`. */
export function legendLayout(labels: readonly string[], { x, y, direction, step }: LegendOptions): LegendItemPosition[] {
  let along = 0;
  return labels.map((label, i) => {
    const at = direction === 'row' ? { label, x: x + along, y } : { label, x, y: y + along };
    along += typeof step === 'number' ? step : step(label, i);
    return at;
  });
}
