/**
 * The error-vs-iteration plot of one variant (plain or residual), in the shape of the paper's Fig. 1 and Fig. 6:
 * dashed lines the training error, bold lines the held-out error (validation in the reader's run, test in the
 * reference run), one colour per depth. Data and size in, an SVG element out (the plot kit's marks); the element
 * decides when to redraw. Text uses `currentColor`, so it follows dark mode.
 */
import { axisX, axisY, dotMark, group, legendMark, lineMark, plot, textMark, type Mark } from '../plots/marks';
import { plotArea, scale } from '../plots/layout';
import { depthColor } from '../plots/palette';
import type { LabWords, NetCurves, Point, Variant } from './series';
import { strings } from './strings';

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
  /** The words of the page's language (default: English). */
  t?: LabWords;
}

const M = { top: 28, right: 12, bottom: 36, left: 44 };
const FONT = { 'font-family': 'system-ui, sans-serif', 'font-size': 11 };

export function renderCurves(o: ChartOptions): SVGSVGElement {
  const t = o.t ?? strings.en;
  const width = o.width ?? 360;
  const height = o.height ?? 260;
  const area = plotArea(width, height, M);
  const live = o.live.filter((c) => c.variant === o.variant);
  const reference = o.reference.filter((c) => c.variant === o.variant);
  const all = [...live, ...reference];
  const maxY = Math.max(0.1, ...all.flatMap((c) => [...c.train, ...c.test].map((p) => p.value)).filter(Number.isFinite));
  const x = scale([0, Math.max(1, o.steps)], [area.left, area.right]);
  const y = scale([0, Math.min(1, maxY * 1.05)], [area.bottom, area.top], { nice: true });
  const at = { x: (p: Point) => x(p.step), y: (p: Point) => y(p.value) };
  const curve = (points: readonly Point[], color: string, strokeWidth: number, dash: string | null) =>
    lineMark(points, { ...at, stroke: color, strokeWidth, dash, defined: (p) => Number.isFinite(p.value) });

  // Reference runs first, faint, so the reader's own run draws on top.
  const referenceMarks: Mark[] = reference.flatMap((c) => [
    curve(c.train, depthColor(c.depth), 1.2, '1 3'),
    curve(c.test, depthColor(c.depth), 1.5, '6 3'),
    dotMark(c.test, { ...at, r: 3, shape: 'square', stroke: depthColor(c.depth) }),
  ]);
  const liveMarks: Mark[] = live.map((c) =>
    group({ 'data-net': `${c.variant}-${c.depth}` }, [
      curve(c.train, depthColor(c.depth), 1.2, '4 3'),
      curve(c.test, depthColor(c.depth), 2.5, null),
      dotMark(c.test, { ...at, r: 2.5, fill: depthColor(c.depth), attrs: { 'data-role': 'validation-point' } }),
    ]),
  );
  // Legend: depths in their colours; line styles explained under the charts (shared by both panels).
  const depths = [...new Set(all.map((c) => c.depth))].sort((a, b) => a - b);

  return plot({
    width,
    height,
    attrs: {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      role: 'img',
      'aria-label': t.chartLabel(o.title),
      ...FONT,
      'data-variant': o.variant,
    },
    marks: [
      textMark(o.title, { x: M.left, y: 14, fill: 'currentColor', 'font-weight': 600 }),
      axisX(x, { at: area.bottom, ticks: 5, marks: [textMark(t.iteration, { x: area.right, y: 30, fill: 'currentColor', 'text-anchor': 'end' })] }),
      axisY(y, { at: M.left, ticks: 5, format: '.0%', marks: [textMark(t.error, { x: -M.left + 4, y: M.top - 8, fill: 'currentColor', 'text-anchor': 'start' })] }),
      group({ 'data-role': 'reference-curves', opacity: 0.45 }, referenceMarks),
      group({ 'data-role': 'live-curves' }, liveMarks),
      legendMark(
        depths.map((d) => ({ label: `${o.variant}-${d}`, color: depthColor(d) })),
        { x: 0, y: 0, direction: 'column', step: 14, swatch: 'line', align: 'end', swatchWidth: 14, attrs: { transform: `translate(${area.right},${M.top + 4})`, 'text-anchor': 'end' } },
      ),
    ],
  });
}

/** The line styles, as one SVG for the key under the charts (and the PNG export). */
export function renderKey(referenceLabel: string | undefined, width = 620, t: LabWords = strings.en): SVGSVGElement {
  const items = [
    { label: t.keyTraining, dash: '4 3', strokeWidth: 1.2, opacity: 1 },
    { label: t.keyValidation, dash: null, strokeWidth: 2.5, opacity: 1 },
  ];
  if (referenceLabel) {
    items.push({ label: t.keyReferenceTraining, dash: '1 3', strokeWidth: 1.2, opacity: 0.6 }, { label: t.keyReferenceTest, dash: '6 3', strokeWidth: 1.5, opacity: 0.6 });
  }
  // Each label is followed by room for about 6 px per character. Four items need about 640 px: past `width` the
  // reference's two go on a second row, so nothing is cut off and the key never needs a scroll bar.
  // A CJK character is about as wide as two Latin ones.
  const step = (label: string) => 34 + [...label].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 11 : 6), 0);
  const fits = 4 + items.reduce((sum, it) => sum + step(it.label), 0) <= width;
  const rows = fits ? [items] : [items.slice(0, 2), items.slice(2)];
  const height = 22 * rows.length;
  return plot({
    width,
    height,
    attrs: { xmlns: 'http://www.w3.org/2000/svg', width, height, ...FONT, 'aria-hidden': 'true' },
    marks: rows.map((row, i) => legendMark(row, { x: 4, y: 11 + 22 * i, direction: 'row', step, swatch: 'line', swatchWidth: 22 })),
  });
}
