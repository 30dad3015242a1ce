/**
 * The error-vs-iteration plot of one variant (plain or residual), in the shape of the paper's Fig. 1 and Fig. 6:
 * dashed lines the training error, bold lines the held-out error (validation in the reader's run, test in the
 * reference run), one colour per depth. A render function: data and
 * size in, an SVG element out; the element decides when to redraw. Text uses `currentColor`, so it follows dark mode.
 */
import { axisBottom, axisLeft, create, line, scaleLinear } from 'd3';
import type { NetCurves, Point, Variant } from './series';

/** One colour per depth, distinguishable in light and dark mode and for common colour-vision deficiencies (Tableau 10). */
export const DEPTH_COLORS: Record<number, string> = { 8: '#4e79a7', 14: '#9c755f', 20: '#f28e2b', 32: '#e15759', 44: '#76b7b2', 56: '#59a14f' };
export const depthColor = (d: number) => DEPTH_COLORS[d] ?? '#b07aa1';

export interface ChartOptions {
  variant: Variant;
  live: readonly NetCurves[];
  reference: readonly NetCurves[];
  /** The x axis ends here (the longer of the live run and the shown reference). */
  steps: number;
  width?: number;
  height?: number;
  title: string;
  referenceLabel?: string;
}

const M = { top: 28, right: 12, bottom: 36, left: 44 };

export function renderCurves(o: ChartOptions): SVGSVGElement {
  const width = o.width ?? 360;
  const height = o.height ?? 260;
  const live = o.live.filter((c) => c.variant === o.variant);
  const reference = o.reference.filter((c) => c.variant === o.variant);
  const all = [...live, ...reference];
  const maxY = Math.max(0.1, ...all.flatMap((c) => [...c.train, ...c.test].map((p) => p.value)).filter(Number.isFinite));
  const x = scaleLinear().domain([0, Math.max(1, o.steps)]).range([M.left, width - M.right]);
  const y = scaleLinear().domain([0, Math.min(1, maxY * 1.05)]).nice().range([height - M.bottom, M.top]);
  const path = line<Point>()
    .defined((p) => Number.isFinite(p.value))
    .x((p) => x(p.step))
    .y((p) => y(p.value));

  const svg = create('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width)
    .attr('height', height)
    .attr('role', 'img')
    .attr('aria-label', `${o.title}: training error (dashed) and validation error (bold) against iteration, one colour per depth`)
    .attr('font-family', 'system-ui, sans-serif')
    .attr('font-size', 11)
    .attr('data-variant', o.variant);
  svg.append('text').attr('x', M.left).attr('y', 14).attr('fill', 'currentColor').attr('font-weight', 600).text(o.title);
  svg
    .append('g')
    .attr('transform', `translate(0,${height - M.bottom})`)
    .call(axisBottom(x).ticks(5))
    .call((g) => g.append('text').attr('x', width - M.right).attr('y', 30).attr('fill', 'currentColor').attr('text-anchor', 'end').text('iteration'));
  svg
    .append('g')
    .attr('transform', `translate(${M.left},0)`)
    .call(axisLeft(y).ticks(5, '.0%'))
    .call((g) => g.append('text').attr('x', -M.left + 4).attr('y', M.top - 8).attr('fill', 'currentColor').attr('text-anchor', 'start').text('error'));

  // Reference runs first, faint, so the reader's own run draws on top.
  const ref = svg.append('g').attr('data-role', 'reference-curves').attr('opacity', 0.45);
  for (const c of reference) {
    ref.append('path').attr('d', path(c.train)).attr('fill', 'none').attr('stroke', depthColor(c.depth)).attr('stroke-width', 1.2).attr('stroke-dasharray', '1 3');
    ref.append('path').attr('d', path(c.test)).attr('fill', 'none').attr('stroke', depthColor(c.depth)).attr('stroke-width', 1.5).attr('stroke-dasharray', '6 3');
    ref
      .selectAll(null)
      .data(c.test)
      .join('rect')
      .attr('x', (p) => x(p.step) - 3)
      .attr('y', (p) => y(p.value) - 3)
      .attr('width', 6)
      .attr('height', 6)
      .attr('fill', 'none')
      .attr('stroke', depthColor(c.depth));
  }
  const mine = svg.append('g').attr('data-role', 'live-curves');
  for (const c of live) {
    const g = mine.append('g').attr('data-net', `${c.variant}-${c.depth}`);
    g.append('path').attr('d', path(c.train)).attr('fill', 'none').attr('stroke', depthColor(c.depth)).attr('stroke-width', 1.2).attr('stroke-dasharray', '4 3');
    g.append('path').attr('d', path(c.test)).attr('fill', 'none').attr('stroke', depthColor(c.depth)).attr('stroke-width', 2.5);
    g.selectAll(null)
      .data(c.test)
      .join('circle')
      .attr('data-role', 'validation-point')
      .attr('cx', (p) => x(p.step))
      .attr('cy', (p) => y(p.value))
      .attr('r', 2.5)
      .attr('fill', depthColor(c.depth));
  }

  // Legend: depths in their colours; line styles explained under the charts (shared by both panels).
  const depths = [...new Set(all.map((c) => c.depth))].sort((a, b) => a - b);
  const legend = svg.append('g').attr('transform', `translate(${width - M.right},${M.top + 4})`).attr('text-anchor', 'end');
  depths.forEach((d, i) => {
    const row = legend.append('g').attr('transform', `translate(0,${i * 14})`);
    row.append('text').attr('x', -18).attr('y', 4).attr('fill', 'currentColor').text(`${o.variant}-${d}`);
    row.append('line').attr('x1', -14).attr('x2', 0).attr('y1', 0).attr('y2', 0).attr('stroke', depthColor(d)).attr('stroke-width', 2.5);
  });
  return svg.node()!;
}

/** The line styles, as one SVG for the key under the charts (and the PNG export). */
export function renderKey(referenceLabel: string | undefined, width = 620): SVGSVGElement {
  const svg = create('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('viewBox', `0 0 ${width} 22`)
    .attr('width', width)
    .attr('height', 22)
    .attr('font-family', 'system-ui, sans-serif')
    .attr('font-size', 11)
    .attr('aria-hidden', 'true');
  const items: { label: string; dash: string | null; w: number; opacity: number }[] = [
    { label: 'your run: training error', dash: '4 3', w: 1.2, opacity: 1 },
    { label: 'your run: validation error', dash: null, w: 2.5, opacity: 1 },
  ];
  if (referenceLabel) {
    items.push({ label: 'reference: training', dash: '1 3', w: 1.2, opacity: 0.6 }, { label: 'reference: test', dash: '6 3', w: 1.5, opacity: 0.6 });
  }
  let xPos = 4;
  for (const it of items) {
    const g = svg.append('g').attr('transform', `translate(${xPos},11)`).attr('opacity', it.opacity);
    g.append('line').attr('x2', 22).attr('stroke', 'currentColor').attr('stroke-width', it.w).attr('stroke-dasharray', it.dash);
    g.append('text').attr('x', 27).attr('y', 4).attr('fill', 'currentColor').text(it.label);
    xPos += 34 + it.label.length * 6;
  }
  return svg.node()!;
}
