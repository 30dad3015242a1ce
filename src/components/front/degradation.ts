/**
 * The front page's degradation figure, from the committed recipe runs (src/data/runs/degradation-recipe-seed*.json):
 * the training error of plain and residual nets of two depths against iteration, the paper's Fig. 6 quantity (the
 * mean minibatch error over the last `smoothing` steps, as the degradation lesson uses), one panel per kind of net,
 * the mean over seeds as a line and the lowest to highest seed as a band. Also the figure's table (final training
 * and test error per net, each seed) and its sentences, both computed from the runs. Pure: no DOM, no tfjs.
 */
import { trailingMean } from '../../model/training/curves';
import type { DegradationRecord } from '../../model/training/record';
import { ROLE } from '../../widgets/plots/palette';
import { scale } from '../../widgets/plots/layout';
import { describeComparison, finalTrainingError, netLabel, reproducesFig6 } from '../../widgets/degradation-lab/conclusions';
import { strings as labStrings } from '../../widgets/degradation-lab/strings';
import type { Locale } from '../../i18n/locales';
import { type ChartGeometry, axisTicks, bandPath, curvePath, frame, legendAt } from './static-chart';
import { strings, type FrontWords } from './strings';

export type Kind = 'plain' | 'res';

export const meanOf = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
export const KINDS: readonly Kind[] = ['plain', 'res'];

/** One step of one net: the mean, lowest and highest smoothed training error over the seeds that finished. */
export interface SpreadPoint {
  step: number;
  mean: number;
  min: number;
  max: number;
}

export interface NetSeries {
  net: string;
  kind: Kind;
  depth: number;
  /** Seeds whose run of this net finished (only those are drawn). */
  seeds: number[];
  points: SpreadPoint[];
}

const finished = (run: DegradationRecord, net: string) => {
  const r = run.runs.find((x) => x.name === net);
  return r && r.status === 'finished' && r.curves.error.length >= run.config.steps ? r : undefined;
};

/** Step 1, every `every`-th step, and the last step. */
export function sampleSteps(steps: number, every: number): number[] {
  const out = [1];
  for (let s = every; s <= steps; s += every) if (s > 1) out.push(s);
  if (out.at(-1) !== steps) out.push(steps);
  return out;
}

/** The training-error curves of `kind-depth` for each depth, every `every` steps and at the last step, over the seeds. */
export function degradationSeries(runs: readonly DegradationRecord[], depths: readonly number[], every = 10): NetSeries[] {
  return KINDS.flatMap((kind) =>
    depths.map((depth) => {
      const net = `${kind}-${depth}`;
      const curves = runs.flatMap((run) => {
        const r = finished(run, net);
        return r ? [{ seed: run.seeds[0]!, smooth: trailingMean(r.curves.error, run.config.smoothing) }] : [];
      });
      const steps = Math.min(...curves.map((c) => c.smooth.length));
      const at = curves.length ? sampleSteps(steps, every) : [];
      const points = at.map((step) => {
        const v = curves.map((c) => c.smooth[step - 1]!);
        return { step, mean: meanOf(v), min: Math.min(...v), max: Math.max(...v) };
      });
      return { net, kind, depth, seeds: curves.map((c) => c.seed), points };
    }),
  );
}

export const kindTitle = (t: FrontWords = strings.en): Record<Kind, string> => ({ plain: t.plainNets, res: t.residualNets });
export const KIND_TITLE = kindTitle();
const KIND_COLOR: Record<Kind, string> = { plain: ROLE.plain, res: ROLE.residual };
/** The deeper net solid and heavier, the shallower one dashed: depth reads without colour. */
const depthStyle = (depth: number, deepest: number) => (depth === deepest ? { width: 2.5 } : { width: 1.8, dash: '5 3' });

/** One panel (plain or residual nets) as geometry; both panels share the y axis so their levels compare. */
export function degradationPanel(
  series: readonly NetSeries[],
  kind: Kind,
  { width = 340, height = 240, maxY }: { width?: number; height?: number; maxY: number },
  t: FrontWords = strings.en,
): ChartGeometry {
  const area = frame(width, height);
  const mine = series.filter((s) => s.kind === kind);
  const steps = Math.max(1, ...mine.flatMap((s) => s.points.map((p) => p.step)));
  const x = scale([0, steps], [area.left, area.right]);
  const y = scale([0, maxY], [area.bottom, area.top], { nice: true });
  const deepest = Math.max(...mine.map((s) => s.depth));
  const color = KIND_COLOR[kind];
  const name = (s: NetSeries) => (kind === 'plain' ? `plain-${s.depth}` : `ResNet-${s.depth}`);
  const ends = mine.map((s) => t.endsAt(name(s), (100 * (s.points.at(-1)?.mean ?? NaN)).toFixed(1))).join(t.listSeparator);
  const title = kindTitle(t)[kind];
  return {
    width,
    height,
    title,
    label: t.degradationLabel(title, ends),
    area,
    xTicks: axisTicks(x, 4),
    yTicks: axisTicks(y, 5, '.0%'),
    xLabel: t.iteration,
    yLabel: t.trainingErrorAxis,
    bands: mine.map((s) => ({ series: s.net, color, d: bandPath(s.points, (p) => x(p.step), (p) => y(p.min), (p) => y(p.max)) })),
    lines: mine.map((s) => ({ series: s.net, color, ...depthStyle(s.depth, deepest), d: curvePath(s.points, (p) => x(p.step), (p) => y(p.mean)) })),
    legend: legendAt(
      area,
      [...mine].sort((a, b) => b.depth - a.depth).map((s) => ({ label: t.layers(s.depth), color, ...depthStyle(s.depth, deepest) })),
    ),
  };
}

/** Both panels, on one y scale from 0 to just above the highest value drawn. */
export function degradationPanels(runs: readonly DegradationRecord[], depths: readonly number[] = [20, 56], t: FrontWords = strings.en): ChartGeometry[] {
  const series = degradationSeries(runs, depths);
  const maxY = Math.min(1, 1.02 * Math.max(...series.flatMap((s) => s.points.map((p) => p.max))));
  return KINDS.map((kind) => degradationPanel(series, kind, { maxY }, t));
}

/** One row of the figure's table: a net's final errors, the mean and each seed's (fractions). */
export interface FinalRow {
  net: string;
  label: string;
  seeds: number[];
  train: number[];
  test: number[];
}


/**
 * Final training error (smoothed, as plotted) and test error (the last evaluation, BatchNorm's running averages, as
 * the lesson's scorecard) of each net, in the seeds where it finished.
 */
export function finalRows(runs: readonly DegradationRecord[], nets: readonly string[]): FinalRow[] {
  return nets.map((net) => {
    const rows = runs.flatMap((run) => {
      const r = finished(run, net);
      const train = finalTrainingError(run, net);
      const test = r?.evaluations.find((e) => e.step === run.config.steps && e.mode === 'inference')?.error;
      return r && train !== undefined && test !== undefined ? [{ seed: run.seeds[0]!, train, test }] : [];
    });
    return { net, label: netLabel(net), seeds: rows.map((r) => r.seed), train: rows.map((r) => r.train), test: rows.map((r) => r.test) };
  });
}

/** What the figure shows, in sentences computed from the runs (the lesson's own comparison and verdict). */
export function degradationSummary(runs: readonly DegradationRecord[], shallow = 20, deep = 56, locale: Locale = 'en'): { plain: string; residual: string; reproduced: boolean; seeds: number } {
  const v = reproducesFig6(runs, shallow, deep);
  const t = labStrings[locale];
  return {
    plain: describeComparison(v.plain, runs.length, undefined, t),
    residual: describeComparison(v.residual, runs.length, undefined, t),
    reproduced: v.both,
    seeds: v.seeds.length,
  };
}
