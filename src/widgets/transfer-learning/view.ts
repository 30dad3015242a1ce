/**
 * Drawing the widget's results from plain data: the class cards' counts, the curves with their table, the confusion
 * matrix, and the try-it answer with its class activation map. DOM only; the numbers come from the pure cores.
 */
import { formatPercent, formatProbability } from '../../lib/format';
import { renderTable } from '../plots/table';
import { colorize, extent, normalize, turbo, upsampleBilinear } from '../shared/cam';
import type { EpochStats } from '../../model/transfer';
import { CURVE_HEADER, curveRows, renderCurve } from './curves';
import type { ClassifyResult, FineTuneResult } from './protocol';
import type { Ranked } from './try-core';
import { strings } from './strings';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

const fixed = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/** The two charts into `charts`, the numbers into `table` (either may be left out). */
export function drawCurves(charts: HTMLElement | null, table: HTMLElement | null, history: readonly EpochStats[], maxEpochs: number): void {
  const t = strings.here();
  charts?.replaceChildren(renderCurve(history, 'loss', maxEpochs, t), renderCurve(history, 'accuracy', maxEpochs, t));
  if (!table) return;
  const columns = CURVE_HEADER.map((label, i) => ({ label: t.curveColumn(label), numeric: i < 5, rowHeader: i === 0 }));
  // The CSV's yes/no (curveRows) in the page's words.
  const word = (v: string) => (v === 'yes' ? t.yes : v === 'no' ? t.no : v);
  const rows = curveRows(history).map((r) => r.map((v, i) => (i === 0 ? String(v) : typeof v === 'string' ? word(v) : i % 2 === 1 ? fixed(v) : formatPercent(v))));
  table.replaceChildren(renderTable(t.curveTable, columns, rows));
}

/** counts[true][predicted] as a table: rows the true class, columns the predicted one; `model` says whose it is. */
export function drawConfusion(target: HTMLElement, classNames: readonly string[], counts: readonly (readonly number[])[], model: string): void {
  const t = strings.here();
  const columns = [{ label: t.trueVsPredicted, rowHeader: true }, ...classNames.map((label) => ({ label, numeric: true }))];
  const rows = counts.map((row, i) => [classNames[i]!, ...row.map(String)]);
  const n = counts.flat().reduce((a, b) => a + b, 0);
  target.replaceChildren(renderTable(t.confusionCaption(model, n), columns, rows));
}

export function confusionCsvRows(classNames: readonly string[], counts: readonly (readonly number[])[]): { header: string[]; rows: (string | number)[][] } {
  return { header: ['true_class', ...classNames.map((c) => `predicted_${c}`)], rows: counts.map((row, i) => [classNames[i]!, ...row]) };
}

export function drawPredictions(list: HTMLOListElement, ranked: readonly Ranked[]): void {
  const t = strings.here();
  list.replaceChildren(
    ...ranked.map((r) => {
      const li = el('li', {}, el('span', { className: 'label', textContent: t.prediction(r.label, formatProbability(r.prob)) }));
      li.dataset.label = r.label;
      li.dataset.prob = String(r.prob);
      const bar = el('span', { className: 'bar' });
      bar.style.width = `${Math.max(1, r.prob * 100)}%`;
      li.append(bar);
      return li;
    }),
  );
}

/** The crop the network saw, and over it the CAM (turbo, each map scaled to its own range), or nothing. */
export function drawSeen(crop: HTMLCanvasElement, camCanvas: HTMLCanvasElement, caption: HTMLElement, result: ClassifyResult, cam: Float32Array | null, label: string): void {
  const size = result.cropSize;
  crop.width = crop.height = camCanvas.width = camCanvas.height = size;
  crop.getContext('2d')!.putImageData(new ImageData(result.crop, size, size), 0, 0);
  const ctx = camCanvas.getContext('2d')!;
  ctx.clearRect(0, 0, size, size);
  if (!cam) {
    caption.textContent = strings.here().noCam;
    return;
  }
  const { min, max } = extent(cam);
  const up = upsampleBilinear(normalize(cam, min, max), result.c5.h, result.c5.w, size, size);
  ctx.putImageData(new ImageData(colorize(up, turbo), size, size), 0, 0);
  caption.textContent = strings.here().camCaption(label, Math.round(size / result.c5.h));
}

export const percent = (v: number) => formatPercent(v);

/** Head-only vs fine-tuned, side by side: the kept epoch of each on the same validation images, and the cost. */
export function drawCompare(target: HTMLElement, headOnly: EpochStats, tuned: EpochStats, t: FineTuneResult, backend: string): void {
  const w = strings.here();
  const columns = [{ label: w.model, rowHeader: true }, { label: w.validationAccuracy, numeric: true }, { label: w.validationLoss, numeric: true }, { label: w.keptEpoch, numeric: true }, { label: w.timePerEpoch, numeric: true }];
  const rows = [
    [w.headOnly, formatPercent(headOnly.validationAccuracy), fixed(headOnly.validationLoss), String(headOnly.epoch), '–'],
    [w.fineTuned, formatPercent(tuned.validationAccuracy), fixed(tuned.validationLoss), t.bestEpoch === 0 ? w.headOnlyStart : String(t.bestEpoch), w.secondsOn(t.secondsPerEpoch.toFixed(1), backend)],
  ];
  target.replaceChildren(renderTable(w.compareCaption, columns, rows));
}
