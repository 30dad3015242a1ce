/**
 * The lesion study's two charts (the plot kit's marks): test error against the deleted block, and mean error against
 * the number k of deleted blocks with its min–max spread. Plain orange, residual accent, as on every page.
 */
import { axisX, axisY, dotMark, group, legendMark, lineMark, plot, textMark, type Mark } from '../plots/marks';
import { plotArea, scale } from '../plots/layout';
import { ROLE } from '../plots/palette';
import { NETS, type NetKind, type StudyData } from './series';
import type { MeasuredBlock } from './protocol';
import { strings } from './strings';

/** The words of the charts: the page's language (English in Node, where there is no page). */
type Words = (typeof strings)['en'];
const here = (): Words => (typeof document === 'undefined' ? strings.en : strings.here());

export const NET_COLORS: Record<NetKind, string> = { plain: ROLE.plain, residual: ROLE.residual };
const MARGIN = { top: 28, right: 16, bottom: 40, left: 56 };
const W = 640;
const H = 300;

const frame = (xLabel: string, yLabel: string, xDomain: [number, number]) => {
  const area = plotArea(W, H, MARGIN);
  const x = scale(xDomain, [area.left, area.right]);
  const y = scale([0, 1], [area.bottom, area.top]);
  const marks: Mark[] = [
    axisY(y, { at: area.left, ticks: 5, format: '.0%', tickSizeOuter: 0, attrs: { class: 'axis y' } }),
    axisX(x, { at: area.bottom, ticks: 8, tickSizeOuter: 0, attrs: { class: 'axis x' } }),
    textMark(xLabel, { class: 'axis-label', x: (area.left + area.right) / 2, y: H - 6, 'text-anchor': 'middle' }),
    textMark(yLabel, { class: 'axis-label', transform: `translate(14,${(area.top + area.bottom) / 2}) rotate(-90)`, 'text-anchor': 'middle' }),
  ];
  return { area, x, y, marks };
};

const legend = (t: Words, nets: readonly NetKind[], right: number, extra: { label: string; color: string; dash?: string }[] = []) =>
  legendMark([...nets.map((n) => ({ label: t[n], color: NET_COLORS[n] })), ...extra], {
    x: 0, y: 0, direction: 'row', step: 110, swatch: 'line', labelAttrs: { class: 'legend-label' }, attrs: { class: 'legend', transform: `translate(${right - 110 * (nets.length + extra.length)},10)` },
  });

/** Chart 1; `live` are blocks measured in this page (drawn as hollow squares over the committed dots). */
export function renderBlockChart(d: StudyData, live: readonly MeasuredBlock[] = [], t: Words = here()): SVGSVGElement {
  const ref = d.nets.residual ?? d.nets.plain;
  const n = ref?.blocks.length ?? 1;
  // Live blocks of another depth (the reader's own net) widen the axis rather than fall off it.
  const { area, x, y, marks } = frame(t.blockAxis, t.testError, [0, Math.max(1, n - 1, ...live.map((b) => b.index))]);
  const nets = NETS.filter((k) => d.nets[k]);
  // Downsampling blocks: a grey band behind the data.
  for (const b of ref?.blocks.filter((b) => b.changesShape) ?? []) {
    marks.push(lineMark([area.top, area.bottom], { x: () => x(b.index), y: (v) => v, stroke: ROLE.target, strokeWidth: 6, attrs: { class: 'downsampling', opacity: 0.35, 'data-block': b.name } }));
  }
  for (const net of nets) {
    const s = d.nets[net]!;
    const pts = s.blocks.filter((b) => b.error !== null) as { index: number; error: number }[];
    const at = { x: (p: { index: number }) => x(p.index), y: (p: { error: number }) => y(p.error) };
    marks.push(
      group({ class: `series ${net}`, 'data-net': net }, [
        lineMark([area.left, area.right], { x: (v) => v, y: () => y(s.intactError), stroke: 'currentColor', dash: '5 4', attrs: { class: 'intact' } }),
        dotMark(pts, { ...at, r: 3, fill: 'currentColor' }),
        // Blocks that cannot be deleted: an × on the axis.
        ...s.blocks.filter((b) => !b.deletable).map((b) => textMark('×', { class: 'not-deletable', x: x(b.index), y: area.bottom - 4, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 14 })),
      ], { color: NET_COLORS[net] }),
    );
  }
  if (live.length) {
    marks.push(group({ class: 'live' }, [dotMark(live, { x: (p) => x(p.index), y: (p) => y(p.error), r: 5, shape: 'square', stroke: 'currentColor' })], { color: ROLE.target }));
  }
  marks.push(legend(t, nets, area.right, [{ label: t.intactDashed, color: ROLE.target, dash: '5 4' }]));
  return plot({ width: W, height: H, attrs: { role: 'img', 'aria-label': t.blockChartLabel(nets.map((k) => d.nets[k]!.id)), class: 'chart' }, marks });
}

/** Chart 2: mean error against k, min–max whiskers, dashed intact error. */
export function renderKChart(d: StudyData, t: Words = here()): SVGSVGElement {
  const nets = NETS.filter((k) => d.nets[k]?.byK.length);
  const maxK = Math.max(1, ...nets.flatMap((k) => d.nets[k]!.byK.map((p) => p.k)));
  const { area, x, y, marks } = frame(t.kAxis, t.testError, [0, maxK]);
  for (const net of nets) {
    const s = d.nets[net]!;
    const pts = [{ k: 0, mean: s.intactError, min: s.intactError, max: s.intactError }, ...s.byK];
    const shift = net === 'plain' ? -0.08 : 0.08; // side by side, so both whiskers stay visible
    marks.push(
      group({ class: `series ${net}`, 'data-net': net }, [
        ...s.byK.map((p) => lineMark([p.min, p.max], { x: () => x(p.k + shift), y: (v) => y(v), stroke: 'currentColor', strokeWidth: 1.5, attrs: { class: 'spread' } })),
        lineMark(pts, { x: (p) => x(p.k + shift), y: (p) => y(p.mean), stroke: 'currentColor', strokeWidth: 2 }),
        dotMark(pts, { x: (p) => x(p.k + shift), y: (p) => y(p.mean), r: 3, fill: 'currentColor' }),
      ], { color: NET_COLORS[net] }),
    );
  }
  marks.push(legend(t, nets, area.right));
  return plot({ width: W, height: H, attrs: { role: 'img', 'aria-label': t.kChartLabel, class: 'chart' }, marks });
}
