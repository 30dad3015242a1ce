/**
 * A line chart of per-depth values, one line per net (the plot kit's marks): the render function of every plot of
 * the gradient-flow lab. Log scale for norms and spreads (they span many decades), linear for correlations. Points a
 * log axis cannot show (0, NaN, ∞) are left out; the data table still lists them.
 */
import { axisX, axisY, dotMark, group, legendMark, lineMark, plot, textMark } from '../plots/marks';
import { decadeDomain, drawable, extentDomain, plotArea, scale } from '../plots/layout';
import { ROLE } from '../plots/palette';
import { NETS, NET_LABELS, type NetKind, type Point, type Series } from './series';

export interface ChartOptions {
  scale: 'log' | 'linear';
  xLabel: string;
  yLabel: string;
  /** What the chart shows, for people who cannot see it (the table beside it has the numbers). */
  title: string;
  width?: number;
  height?: number;
  /** Fixed y domain for linear charts, e.g. [0, 1] for correlations. */
  yDomain?: [number, number];
  /** The legend's names of the nets, in the page's language (default: English). */
  netLabels?: Record<NetKind, string>;
}

export const NET_COLORS: Record<NetKind, string> = { plain: ROLE.plain, residual: ROLE.residual };

const MARGIN = { top: 12, right: 16, bottom: 40, left: 62 };

/** The y domain: the data's range, widened to whole decades on a log scale so tick labels stay readable. */
export function yDomain(series: readonly Series[], opts: Pick<ChartOptions, 'scale' | 'yDomain'>): [number, number] {
  const ys = series.flatMap((s) => drawable(s.points, opts.scale).map((p) => p.y));
  return opts.scale === 'linear' ? extentDomain(ys, opts.yDomain) : decadeDomain(ys);
}

export function renderLineChart(series: readonly Series[], opts: ChartOptions): SVGSVGElement {
  const { width = 640, height = 280 } = opts;
  const area = plotArea(width, height, MARGIN);
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const x = scale([Math.min(0, ...xs), Math.max(1, ...xs)], [area.left, area.right]);
  const dom = yDomain(series, opts);
  const y = scale(dom, [area.bottom, area.top], { type: opts.scale });
  // A log axis labels each decade once (1e-3, 1e-2, …), thinned when there are many.
  const decades = Math.round(Math.log10(dom[1] / dom[0]));
  const at = { x: (p: Point) => x(p.x), y: (p: Point) => y(p.y) };

  return plot({
    width,
    height,
    attrs: { role: 'img', 'aria-label': opts.title, class: 'chart' },
    marks: [
      axisY(y, { at: area.left, ...(opts.scale === 'log' ? { ticks: Math.min(decades, 8), format: '.0e' } : { ticks: 5 }), tickSizeOuter: 0, attrs: { class: 'axis y' } }),
      axisX(x, { at: area.bottom, ticks: 8, tickSizeOuter: 0, attrs: { class: 'axis x' } }),
      textMark(opts.xLabel, { class: 'axis-label', x: (area.left + area.right) / 2, y: height - 6, 'text-anchor': 'middle' }),
      textMark(opts.yLabel, { class: 'axis-label', transform: `translate(14,${(area.top + area.bottom) / 2}) rotate(-90)`, 'text-anchor': 'middle' }),
      ...series.map((s) => {
        const pts = drawable(s.points, opts.scale);
        return group({ class: `series ${s.net}`, 'data-net': s.net }, [
          lineMark(pts, { ...at, stroke: 'currentColor', strokeWidth: 2 }),
          dotMark(pts, { ...at, r: pts.length > 40 ? 1.8 : 3, fill: 'currentColor' }),
        ], { color: NET_COLORS[s.net] });
      }),
      // Legend, top right, in the order of NETS.
      legendMark(
        NETS.filter((n) => series.some((s) => s.net === n)).map((net) => ({ label: (opts.netLabels ?? NET_LABELS)[net], color: NET_COLORS[net] })),
        { x: 0, y: 0, direction: 'row', step: 90, swatch: 'bar', labelAttrs: { class: 'legend-label' }, attrs: { class: 'legend', transform: `translate(${area.right - 170},${area.top + 4})` } },
      ),
    ],
  });
}
