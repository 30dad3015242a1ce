/**
 * The live training curves (plot kit): loss and accuracy per epoch, train solid and validation dashed, the kept
 * (best-validation-loss) epoch marked; and their rows for the data table and the CSV. Pure apart from the SVG.
 */
import type { EpochStats } from '../../model/transfer';
import { axisX, axisY, dotMark, legendMark, lineMark, plot, textMark, type Mark } from '../plots/marks';
import { extentDomain, plotArea, scale } from '../plots/layout';
import { CATEGORY } from '../plots/palette';
import { strings, type TransferWords } from './strings';

const W = 320;
const H = 220;
const MARGIN = { top: 28, right: 12, bottom: 38, left: 48 };
const TRAIN = CATEGORY.blue;
const VALIDATION = CATEGORY.orange;

export type Metric = 'loss' | 'accuracy';

const value = (s: EpochStats, m: Metric, which: 'train' | 'validation') =>
  m === 'loss' ? (which === 'train' ? s.trainLoss : s.validationLoss) : which === 'train' ? s.trainAccuracy : s.validationAccuracy;

/** The epoch whose weights are kept: the last one flagged `best`. */
export const bestEpoch = (history: readonly EpochStats[]): EpochStats | undefined => history.findLast((s) => s.best);

export function renderCurve(history: readonly EpochStats[], metric: Metric, maxEpochs: number, t: TransferWords = strings.en): SVGSVGElement {
  const area = plotArea(W, H, MARGIN);
  const x = scale([1, Math.max(2, maxEpochs, history.length)], [area.left, area.right]);
  const values = history.flatMap((s) => [value(s, metric, 'train'), value(s, metric, 'validation')]).filter(Number.isFinite);
  const y = scale(metric === 'accuracy' ? [0, 1] : extentDomain(values.length ? values : [0, 1], [0, 0]), [area.bottom, area.top], { nice: true });
  const line = (which: 'train' | 'validation', color: string, dash?: string): Mark =>
    lineMark(history, { x: (s) => x(s.epoch), y: (s) => y(value(s, metric, which)), defined: (s) => Number.isFinite(value(s, metric, which)), stroke: color, strokeWidth: 2, dash, attrs: { 'data-series': which } });
  const best = bestEpoch(history);
  const marks: Mark[] = [
    axisY(y, { at: area.left, ticks: 4, format: metric === 'accuracy' ? '.0%' : '.2~f', tickSizeOuter: 0, attrs: { class: 'axis y' } }),
    axisX(x, { at: area.bottom, ticks: 5, format: 'd', tickSizeOuter: 0, attrs: { class: 'axis x' } }),
    textMark(t.epoch, { class: 'axis-label', x: (area.left + area.right) / 2, y: H - 4, 'text-anchor': 'middle' }),
    line('train', TRAIN),
    line('validation', VALIDATION, '5 3'),
    legendMark(
      [
        { label: t.trainSeries, color: TRAIN },
        { label: t.validationSeries, color: VALIDATION, dash: '5 3' },
      ],
      { x: area.left, y: 12, direction: 'row', step: 80, swatch: 'line', labelAttrs: { class: 'legend-label' }, attrs: { class: 'legend' } },
    ),
  ];
  if (best && Number.isFinite(value(best, metric, 'validation'))) {
    marks.push(dotMark([best], { x: (s) => x(s.epoch), y: (s) => y(value(s, metric, 'validation')), r: 4, fill: VALIDATION, attrs: { 'data-role': 'best' } }));
  }
  marks.push(textMark(metric === 'loss' ? t.loss : t.accuracy, { class: 'axis-label', x: area.right, y: 16, 'text-anchor': 'end' }));
  return plot({ width: W, height: H, attrs: { role: 'img', 'aria-label': t.curveAria(metric), class: 'chart' }, marks });
}

/** One row per epoch: epoch, train loss, train accuracy, validation loss, validation accuracy, kept. */
export const CURVE_HEADER = ['epoch', 'train_loss', 'train_accuracy', 'validation_loss', 'validation_accuracy', 'best_so_far'] as const;

export function curveRows(history: readonly EpochStats[]): (string | number)[][] {
  return history.map((s) => [s.epoch, s.trainLoss, s.trainAccuracy, s.validationLoss, s.validationAccuracy, s.best ? 'yes' : 'no']);
}
