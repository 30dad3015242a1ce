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

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

const fixed = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/** The two charts into `charts`, the numbers into `table` (either may be left out). */
export function drawCurves(charts: HTMLElement | null, table: HTMLElement | null, history: readonly EpochStats[], maxEpochs: number): void {
  charts?.replaceChildren(renderCurve(history, 'loss', maxEpochs), renderCurve(history, 'accuracy', maxEpochs));
  if (!table) return;
  const columns = CURVE_HEADER.map((label, i) => ({ label: label.replaceAll('_', ' '), numeric: i < 5, rowHeader: i === 0 }));
  const rows = curveRows(history).map((r) => r.map((v, i) => (i === 0 || typeof v === 'string' ? String(v) : i % 2 === 1 ? fixed(v) : formatPercent(v))));
  table.replaceChildren(renderTable('Loss and accuracy per epoch (train, validation)', columns, rows));
}

/** counts[true][predicted] as a table: rows the true class, columns the predicted one; `model` says whose it is. */
export function drawConfusion(target: HTMLElement, classNames: readonly string[], counts: readonly (readonly number[])[], model: string): void {
  const columns = [{ label: 'true ↓ / predicted →', rowHeader: true }, ...classNames.map((label) => ({ label, numeric: true }))];
  const rows = counts.map((row, i) => [classNames[i]!, ...row.map(String)]);
  const n = counts.flat().reduce((a, b) => a + b, 0);
  target.replaceChildren(renderTable(`Confusion matrix of ${model} on the ${n} validation images`, columns, rows));
}

export function confusionCsvRows(classNames: readonly string[], counts: readonly (readonly number[])[]): { header: string[]; rows: (string | number)[][] } {
  return { header: ['true_class', ...classNames.map((c) => `predicted_${c}`)], rows: counts.map((row, i) => [classNames[i]!, ...row]) };
}

export function drawPredictions(list: HTMLOListElement, ranked: readonly Ranked[]): void {
  list.replaceChildren(
    ...ranked.map((r) => {
      const li = el('li', {}, el('span', { className: 'label', textContent: `${r.label}: ${formatProbability(r.prob)}` }));
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
    caption.textContent = 'No class activation map: a head with a hidden layer has no exact map (train without it to see one).';
    return;
  }
  const { min, max } = extent(cam);
  const up = upsampleBilinear(normalize(cam, min, max), result.c5.h, result.c5.w, size, size);
  ctx.putImageData(new ImageData(colorize(up, turbo), size, size), 0, 0);
  caption.textContent = `Where the evidence for “${label}” is (class activation map: red most, blue least, each ${Math.round(size / result.c5.h)} px square one cell of C5).`;
}

export const percent = (v: number) => formatPercent(v);

/** Head-only vs fine-tuned, side by side: the kept epoch of each on the same validation images, and the cost. */
export function drawCompare(target: HTMLElement, headOnly: EpochStats, tuned: EpochStats, t: FineTuneResult, backend: string): void {
  const columns = [{ label: 'model', rowHeader: true }, { label: 'validation accuracy', numeric: true }, { label: 'validation loss', numeric: true }, { label: 'kept epoch', numeric: true }, { label: 'time per epoch', numeric: true }];
  const rows = [
    ['head only (ResNet-50 frozen)', formatPercent(headOnly.validationAccuracy), fixed(headOnly.validationLoss), String(headOnly.epoch), '–'],
    ['fine-tuned conv5_x + head', formatPercent(tuned.validationAccuracy), fixed(tuned.validationLoss), t.bestEpoch === 0 ? '0 (the head-only start)' : String(t.bestEpoch), `${t.secondsPerEpoch.toFixed(1)} s on ${backend}`],
  ];
  target.replaceChildren(renderTable('Head only vs fine-tuned, on the same held-out images (the confusion matrix below is the kept model’s)', columns, rows));
}
