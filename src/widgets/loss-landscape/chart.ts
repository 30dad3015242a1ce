/**
 * The loss-landscape plots, drawn with the plot kit's marks: one contour panel per net (contour.ts's geometry), a
 * colour key shared by the panels, and the 1-D curves of every net on one log axis. Plain orange, residual accent,
 * as on every page; the reader's own net purple.
 */
import type { ContourMultiPolygon } from 'd3';
import { axisX, axisY, group, legendMark, lineMark, plot, textMark, type Mark } from '../plots/marks';
import { decadeDomain, plotArea, scale } from '../plots/layout';
import { CATEGORY, ROLE } from '../plots/palette';
import { colourScale, contourBands, gridToPixels, polygonPath } from './contour';
import { curveOf, levels, type Panel, type PanelKind, type View } from './series';
import { strings } from './strings';

/** The words of the charts: the page's language (English in Node, where there is no page). */
type Words = (typeof strings)['en'];
const here = (): Words => (typeof document === 'undefined' ? strings.en : strings.here());

export const PANEL_COLORS: Record<PanelKind, string> = { plain: ROLE.plain, residual: ROLE.residual, saved: CATEGORY.purple };
export const PANEL_SIZE = { width: 300, height: 300 };
const LEVELS = 12;

const pathMark = (d: string, attrs: Record<string, string | number>): Mark => ({
  render(parent) {
    const p = parent.append('path').attr('d', d);
    for (const [k, v] of Object.entries(attrs)) p.attr(k, v);
  },
});

const rectMark = (attrs: Record<string, string | number>): Mark => ({
  render(parent) {
    const r = parent.append('rect');
    for (const [k, v] of Object.entries(attrs)) r.attr(k, v);
  },
});

const lossLabel = (logLoss: number) => {
  const v = 10 ** logLoss;
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
};

/** One net's contour plot on the shared colour domain (log10 loss); the trained weights marked + at the centre. */
export function renderPanel(panel: Panel, domain: readonly [number, number] | null, t: Words = here()): SVGSVGElement {
  const { width: W, height: H } = PANEL_SIZE;
  const area = plotArea(W, H, { top: 26, right: 10, bottom: 38, left: 44 });
  const px = gridToPixels(panel, area);
  const x = scale(px.alphaDomain, [area.left, area.right]);
  const y = scale(px.betaDomain, [area.bottom, area.top]);
  const marks: Mark[] = [rectMark({ class: 'empty', x: area.left, y: area.top, width: area.right - area.left, height: area.bottom - area.top, fill: 'none', stroke: 'currentColor', 'stroke-opacity': 0.3 })];
  if (domain) {
    const c = contourBands(panel, domain, LEVELS);
    marks.push(
      group(
        { class: 'cells' },
        c.cells.map((cell) => rectMark({ x: px.x(cell.col), y: px.y(cell.row + 1), width: px.cellWidth + 0.3, height: px.cellHeight + 0.3, fill: cell.fill })),
      ),
    );
    marks.push(group({ class: 'bands', 'data-rows': c.rows }, c.bands.map((b) => pathMark(polygonPath(b.polygon as ContourMultiPolygon, px), { fill: b.fill, stroke: 'rgba(0,0,0,0.35)', 'stroke-width': 0.5 }))));
  }
  marks.push(
    axisX(x, { at: area.bottom, ticks: 5, tickSizeOuter: 0, attrs: { class: 'axis x' } }),
    axisY(y, { at: area.left, ticks: 5, tickSizeOuter: 0, attrs: { class: 'axis y' } }),
    textMark(t.alphaAxis, { class: 'axis-label', x: (area.left + area.right) / 2, y: H - 4, 'text-anchor': 'middle' }),
    textMark(t.betaAxis, { class: 'axis-label', transform: `translate(11,${(area.top + area.bottom) / 2}) rotate(-90)`, 'text-anchor': 'middle' }),
    textMark(panel.net, { class: 'panel-title', x: area.left, y: 16, 'font-weight': 600, fill: 'currentColor' }),
    textMark('+', { class: 'centre', x: x(0), y: y(0), 'text-anchor': 'middle', dy: '0.35em', 'font-size': 16, fill: '#fff', stroke: '#000', 'stroke-width': 0.6 }),
  );
  return plot({
    width: W,
    height: H,
    attrs: { role: 'img', class: 'chart panel', 'data-net': panel.net, 'data-kind': panel.kind, 'aria-label': t.panelLabel(panel.net) },
    marks,
  });
}

/** The colour key: the panels' bands from the lowest to the highest loss, labelled in loss (not log10). */
export function renderKey(domain: readonly [number, number], t: Words = here()): SVGSVGElement {
  const W = 300;
  const H = 46;
  const left = 10;
  const right = W - 14;
  const cuts = [domain[0], ...levels(domain, LEVELS), domain[1]];
  const colour = colourScale(domain);
  const x = scale(domain, [left, right]);
  const marks: Mark[] = cuts.slice(0, -1).map((lo, i) => rectMark({ x: x(lo), y: 16, width: x(cuts[i + 1]!) - x(lo) + 0.5, height: 10, fill: colour((lo + cuts[i + 1]!) / 2) }));
  const ticks = [domain[0], (domain[0] + domain[1]) / 2, domain[1]];
  for (const [i, t] of ticks.entries()) {
    marks.push(textMark(lossLabel(t), { class: 'axis-label', x: x(t), y: 40, 'text-anchor': i === 0 ? 'start' : i === 2 ? 'end' : 'middle', 'font-size': 11 }));
  }
  marks.push(textMark(t.keyTitle, { class: 'axis-label', x: left, y: 11, 'font-size': 11 }));
  return plot({ width: W, height: H, attrs: { role: 'img', class: 'chart key', 'aria-label': t.keyLabel(lossLabel(domain[0]), lossLabel(domain[1])) }, marks });
}

/** Every panel's loss along β = 0 (the direction x alone) on one log axis. */
export function renderCurves(view: View, t: Words = here()): SVGSVGElement {
  const W = 640;
  const H = 260;
  const area = plotArea(W, H, { top: 30, right: 16, bottom: 40, left: 56 });
  const series = view.panels.map((p) => ({ p, pts: curveOf(p) }));
  const alphas = view.panels.flatMap((p) => [...p.alphas, ...(p.curve?.alphas ?? [])]);
  const x = scale([Math.min(...alphas), Math.max(...alphas)], [area.left, area.right]);
  const y = scale(decadeDomain(series.flatMap((s) => s.pts.map((q) => q.loss))), [area.bottom, area.top], { type: 'log', clamp: true });
  const marks: Mark[] = [
    axisX(x, { at: area.bottom, ticks: 8, tickSizeOuter: 0, attrs: { class: 'axis x' } }),
    axisY(y, { at: area.left, ticks: 5, format: '~g', tickSizeOuter: 0, attrs: { class: 'axis y' } }),
    textMark(t.curvesAxis, { class: 'axis-label', x: (area.left + area.right) / 2, y: H - 6, 'text-anchor': 'middle' }),
    textMark(t.curvesLoss, { class: 'axis-label', transform: `translate(14,${(area.top + area.bottom) / 2}) rotate(-90)`, 'text-anchor': 'middle' }),
  ];
  for (const { p, pts } of series) {
    const at = { x: (q: { alpha: number }) => x(q.alpha), y: (q: { loss: number }) => y(q.loss) };
    marks.push(group({ class: `series ${p.kind}`, 'data-net': p.net, 'data-points': pts.length }, [lineMark(pts, { ...at, stroke: 'currentColor', strokeWidth: 2 })], { color: PANEL_COLORS[p.kind] }));
  }
  marks.push(
    legendMark(
      view.panels.map((p) => ({ label: p.net, color: PANEL_COLORS[p.kind] })),
      { x: 0, y: 0, direction: 'row', step: 110, swatch: 'line', labelAttrs: { class: 'legend-label' }, attrs: { class: 'legend', transform: `translate(${area.left + 8},12)` } },
    ),
  );
  return plot({ width: W, height: H, attrs: { role: 'img', class: 'chart curves', 'aria-label': t.curvesLabel(view.panels.map((p) => p.net)) }, marks });
}
