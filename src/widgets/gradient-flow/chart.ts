/**
 * A line chart of per-depth values, one line per net, drawn with d3 into a new SVG node: the render function of
 * every plot of the gradient-flow lab. Log scale for norms and spreads (they span many decades), linear for
 * correlations. Points a log axis cannot show (0, NaN, ∞) are left out; the data table still lists them.
 */
import { axisBottom, axisLeft, create, extent, line, scaleLinear, scaleLog } from 'd3';
import { NETS, NET_LABELS, type NetKind, type Series } from './series';

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
}

export const NET_COLORS: Record<NetKind, string> = {
  plain: 'var(--gradient-flow-plain)',
  residual: 'var(--gradient-flow-residual)',
};

const MARGIN = { top: 12, right: 16, bottom: 40, left: 62 };

/** The points a scale can draw. */
export function drawable(series: Series, scale: 'log' | 'linear') {
  return series.points.filter((p) => Number.isFinite(p.y) && Number.isFinite(p.x) && (scale === 'linear' || p.y > 0));
}

/** The y domain: the data's range, widened to whole decades on a log scale so tick labels stay readable. */
export function yDomain(series: readonly Series[], opts: Pick<ChartOptions, 'scale' | 'yDomain'>): [number, number] {
  const ys = series.flatMap((s) => drawable(s, opts.scale).map((p) => p.y));
  if (opts.scale === 'linear') {
    const [lo = 0, hi = 1] = extent(ys);
    return opts.yDomain ? [Math.min(opts.yDomain[0], lo), Math.max(opts.yDomain[1], hi)] : [lo, hi === lo ? lo + 1 : hi];
  }
  if (!ys.length) return [0.1, 10];
  const lo = Math.floor(Math.log10(Math.min(...ys)));
  const hi = Math.ceil(Math.log10(Math.max(...ys)));
  return [10 ** lo, 10 ** (hi === lo ? hi + 1 : hi)];
}

export function renderLineChart(series: readonly Series[], opts: ChartOptions): SVGSVGElement {
  const { width = 640, height = 280 } = opts;
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const x = scaleLinear()
    .domain([Math.min(0, ...xs), Math.max(1, ...xs)])
    .range([MARGIN.left, width - MARGIN.right]);
  const dom = yDomain(series, opts);
  const y = (opts.scale === 'log' ? scaleLog() : scaleLinear()).domain(dom).range([height - MARGIN.bottom, MARGIN.top]);

  const svg = create('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', opts.title)
    .attr('class', 'chart');
  const decades = Math.round(Math.log10(dom[1] / dom[0]));
  const yAxis = axisLeft(y).tickSizeOuter(0);
  // A log axis labels each decade once (1e-3, 1e-2, …), thinned when there are many.
  if (opts.scale === 'log') yAxis.ticks(Math.min(decades, 8), '.0e');
  else yAxis.ticks(5);
  svg.append('g').attr('class', 'axis y').attr('transform', `translate(${MARGIN.left},0)`).call(yAxis);
  svg
    .append('g')
    .attr('class', 'axis x')
    .attr('transform', `translate(0,${height - MARGIN.bottom})`)
    .call(axisBottom(x).ticks(8).tickSizeOuter(0));
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', (MARGIN.left + width - MARGIN.right) / 2)
    .attr('y', height - 6)
    .attr('text-anchor', 'middle')
    .text(opts.xLabel);
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(14,${(MARGIN.top + height - MARGIN.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(opts.yLabel);

  const path = line<{ x: number; y: number }>()
    .x((p) => x(p.x))
    .y((p) => y(p.y));
  for (const s of series) {
    const pts = drawable(s, opts.scale);
    const g = svg.append('g').attr('class', `series ${s.net}`).attr('data-net', s.net).style('color', NET_COLORS[s.net]);
    g.append('path').attr('d', path(pts) ?? '').attr('fill', 'none').attr('stroke', 'currentColor').attr('stroke-width', 2);
    g.selectAll('circle')
      .data(pts)
      .join('circle')
      .attr('cx', (p) => x(p.x))
      .attr('cy', (p) => y(p.y))
      .attr('r', pts.length > 40 ? 1.8 : 3)
      .attr('fill', 'currentColor');
  }
  // Legend, top right, in the order of NETS.
  const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(${width - MARGIN.right - 170},${MARGIN.top + 4})`);
  NETS.filter((n) => series.some((s) => s.net === n)).forEach((net, i) => {
    const row = legend.append('g').attr('transform', `translate(${i * 90},0)`).style('color', NET_COLORS[net]);
    row.append('rect').attr('width', 14).attr('height', 4).attr('y', -2).attr('fill', 'currentColor');
    row.append('text').attr('x', 18).attr('dy', '0.35em').attr('class', 'legend-label').text(NET_LABELS[net]);
  });
  return svg.node()!;
}
