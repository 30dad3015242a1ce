/**
 * Plots as data + channels → SVG, in the manner of Observable Plot's marks: `plot()` makes the <svg>, and each mark
 * (a line, dots, an axis, a legend, a group of marks) draws its data with the scales it is given. The geometry comes
 * from layout.ts; this file only turns it into elements, with thin d3 (selection, axis). Colours are CSS values
 * (palette.ts); text uses `currentColor`, so it follows dark mode.
 */
import { axisBottom, axisLeft, create, type Selection } from 'd3';
import { legendLayout, linePath, ticks, type LegendOptions, type PathOptions, type Scale } from './layout';

type Value = string | number | null | undefined;
/** SVG attributes; null or undefined leaves an attribute out. */
export type Attrs = Record<string, Value>;
export type Parent = Selection<SVGElement, unknown, null, undefined>;

export interface Mark {
  render(parent: Parent): void;
}

function set<E extends Selection<any, any, any, any>>(sel: E, attrs: Attrs = {}, style: Attrs = {}): E {
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) sel.attr(k, v);
  for (const [k, v] of Object.entries(style)) if (v !== undefined && v !== null) sel.style(k, String(v));
  return sel;
}

export interface PlotOptions {
  width: number;
  height: number;
  /** Attributes of the <svg> besides its viewBox: role, aria-label, class, width, height, font, data-*. */
  attrs?: Attrs;
  marks: readonly Mark[];
}

/** A new <svg> with a `0 0 width height` viewBox and the marks drawn in order (later marks on top). */
export function plot({ width, height, attrs = {}, marks }: PlotOptions): SVGSVGElement {
  const svg = create('svg');
  if (attrs.xmlns) svg.attr('xmlns', attrs.xmlns);
  svg.attr('viewBox', `0 0 ${width} ${height}`);
  set(svg, { ...attrs, xmlns: undefined });
  for (const m of marks) m.render(svg as unknown as Parent);
  return svg.node()!;
}

/** Marks inside a <g> with these attributes (data-role hooks, opacity, a `color` for `currentColor` marks…). */
export function group(attrs: Attrs, marks: readonly Mark[], style?: Attrs): Mark {
  return {
    render(parent) {
      const g = set(parent.append('g'), attrs, style) as unknown as Parent;
      for (const m of marks) m.render(g);
    },
  };
}

export interface LineOptions<T> extends PathOptions<T> {
  x: (d: T, i: number) => number;
  y: (d: T, i: number) => number;
  stroke: string;
  strokeWidth?: number;
  /** A stroke-dasharray, e.g. '4 3'; none for a solid line. */
  dash?: string | null;
  /** Further attributes (data-* hooks), set before the path's geometry. */
  attrs?: Attrs;
}

/** One polyline through the data, in order. A line with no drawable point has an empty `d`, not a false line at 0. */
export function lineMark<T>(data: readonly T[], o: LineOptions<T>): Mark {
  return {
    render(parent) {
      set(parent.append('path'), {
        ...o.attrs,
        d: linePath(data, o.x, o.y, o),
        fill: 'none',
        stroke: o.stroke,
        'stroke-width': o.strokeWidth,
        'stroke-dasharray': o.dash || undefined,
      });
    },
  };
}

export interface DotOptions<T> {
  x: (d: T, i: number) => number;
  y: (d: T, i: number) => number;
  /** Radius of a circle, half the side of a square. */
  r: number;
  /** Filled circles, or hollow squares (a second series at the same points stays visible). */
  shape?: 'circle' | 'square';
  fill?: string;
  stroke?: string;
  attrs?: Attrs;
}

/** One symbol per datum. */
export function dotMark<T>(data: readonly T[], o: DotOptions<T>): Mark {
  return {
    render(parent) {
      const square = o.shape === 'square';
      const sel = parent.selectAll(null).data(data as T[]).join(square ? 'rect' : 'circle');
      set(sel, o.attrs);
      if (square) {
        sel.attr('x', (d, i) => o.x(d, i) - o.r).attr('y', (d, i) => o.y(d, i) - o.r).attr('width', 2 * o.r).attr('height', 2 * o.r);
      } else {
        sel.attr('cx', (d, i) => o.x(d, i)).attr('cy', (d, i) => o.y(d, i)).attr('r', o.r);
      }
      set(sel, { fill: o.fill ?? (square ? 'none' : undefined), stroke: o.stroke });
    },
  };
}

/** A text label; `currentColor` unless attrs say otherwise. */
export function textMark(text: string, attrs: Attrs): Mark {
  return {
    render(parent) {
      set(parent.append('text'), attrs).text(text);
    },
  };
}

export interface AxisOptions {
  /** Where the axis line sits: the y of a bottom axis, the x of a left axis. */
  at: number;
  /** About how many ticks, and their label format (d3-format specifier, e.g. '.0%', '.0e'). */
  ticks: number;
  format?: string;
  /** Length of the end ticks; 0 leaves them out. d3's default is 6. */
  tickSizeOuter?: number;
  attrs?: Attrs;
  /** Marks drawn inside the axis group, relative to it (e.g. the axis's name). */
  marks?: readonly Mark[];
}

function axisMark(orient: 'bottom' | 'left', s: Scale, o: AxisOptions): Mark {
  return {
    render(parent) {
      // The ticks and labels of layout.ts (tested there), drawn by d3's axis.
      const label = new Map(ticks(s, o.ticks, o.format).map((t) => [t.value, t.label]));
      const axis = (orient === 'bottom' ? axisBottom(s) : axisLeft(s)).tickValues([...label.keys()]).tickFormat((v) => label.get(+v) ?? '');
      if (o.tickSizeOuter !== undefined) axis.tickSizeOuter(o.tickSizeOuter);
      const g = set(parent.append('g'), o.attrs).attr('transform', orient === 'bottom' ? `translate(0,${o.at})` : `translate(${o.at},0)`);
      g.call(axis);
      for (const m of o.marks ?? []) m.render(g as unknown as Parent);
    },
  };
}

/** A horizontal axis along the bottom of the plot area. */
export const axisX = (s: Scale, o: AxisOptions): Mark => axisMark('bottom', s, o);
/** A vertical axis along the left of the plot area. */
export const axisY = (s: Scale, o: AxisOptions): Mark => axisMark('left', s, o);

export interface LegendItem {
  label: string;
  /** Colour of the swatch (a CSS value); `currentColor` if left out. */
  color?: string;
  /** Line swatches: stroke width and dash, so a key can explain line styles too. */
  strokeWidth?: number;
  dash?: string | null;
  opacity?: number;
}

export interface LegendMarkOptions extends LegendOptions {
  /** A short line (line charts) or a small bar; text after it, or before it when `align` is 'end'. */
  swatch: 'line' | 'bar';
  /** 'end': the item's (x, y) is its right edge, label left of the swatch (a legend in a top-right corner). */
  align?: 'start' | 'end';
  /** Swatch length. */
  swatchWidth?: number;
  attrs?: Attrs;
  labelAttrs?: Attrs;
}

/** Labelled swatches, placed by `legendLayout`. */
export function legendMark(items: readonly LegendItem[], o: LegendMarkOptions): Mark {
  return {
    render(parent) {
      const w = o.swatchWidth ?? (o.swatch === 'bar' ? 14 : 22);
      const end = o.align === 'end';
      const g = set(parent.append('g'), o.attrs);
      legendLayout(
        items.map((it) => it.label),
        o,
      ).forEach((at, i) => {
        const it = items[i]!;
        const row = g.append('g').attr('transform', `translate(${at.x},${at.y})`);
        if (it.opacity !== undefined) row.attr('opacity', it.opacity);
        if (o.swatch === 'bar') {
          if (it.color) row.style('color', it.color);
          row.append('rect').attr('width', w).attr('height', 4).attr('y', -2).attr('fill', 'currentColor');
          set(row.append('text'), { x: w + 4, dy: '0.35em', ...o.labelAttrs }).text(it.label);
          return;
        }
        if (end) set(row.append('text'), { x: -(w + 4), y: 4, fill: 'currentColor', ...o.labelAttrs }).text(it.label);
        set(row.append('line'), {
          x1: end ? -w : undefined,
          x2: end ? 0 : w,
          y1: end ? 0 : undefined,
          y2: end ? 0 : undefined,
          stroke: it.color ?? 'currentColor',
          'stroke-width': it.strokeWidth ?? 2.5,
          'stroke-dasharray': it.dash || undefined,
        });
        if (!end) set(row.append('text'), { x: w + 5, y: 4, fill: 'currentColor', ...o.labelAttrs }).text(it.label);
      });
    },
  };
}
