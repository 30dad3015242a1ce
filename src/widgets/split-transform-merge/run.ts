/**
 * The committed ResNet-vs-ResNeXt training runs (src/data/runs/resnext-<C>x<d>d-seed<n>.json, one net and one seed
 * per file, written by `npm run experiment -- resnext`), turned into what the lesson shows: the nets paired by seed,
 * the paired comparison on the test images, the smoothed training-error curves as SVG paths, and the numbers as table
 * rows and CSV. Pure: runs at build time and in Node tests.
 */
import { trailingMean } from '../../model/training/curves';
import { formatPercent } from '../../lib/format';
import { csvText } from '../plots/csv';
import { linePath, plotArea, scale, ticksAt } from '../plots/layout';
import { FAMILY_COLORS } from '../plots/palette';
import type { ResnextRecord, ResnextRun } from '../../model/training/record';
import { type Conclusion, type SeedComparison, compareSeed, conclude } from './paired';

/** "1x64d" → "ResNet (1×64d)", "4x25d" → "ResNeXt 4×25d". */
export const netLabel = (n: Pick<ResnextRun, 'cardinality' | 'widthPerGroup'>) =>
  n.cardinality === 1 ? `ResNet (1×${n.widthPerGroup}d)` : `ResNeXt ${n.cardinality}×${n.widthPerGroup}d`;

/** One seed: the ResNet and the ResNeXt trained with it (same initialisation seed, same batch order). */
export interface SeedPair {
  seed: number;
  resnet: ResnextRun;
  resnext: ResnextRun;
  /** Minutes each run took (wall clock, on a shared machine). */
  minutes: { resnet: number; resnext: number };
}

export interface Comparison {
  pairs: SeedPair[];
  seeds: SeedComparison[];
  conclusion: Conclusion;
  /** The shared settings (checked equal across all files). */
  config: Omit<ResnextRecord['config'], 'variants'>;
  data: ResnextRecord['data'];
  commands: string[];
}

function fail(message: string): never {
  throw new Error(message);
}

const { stringify } = JSON;

/**
 * Pairs the committed files by seed and compares each pair on the test images. Refuses files that are not the same
 * experiment (settings, data, test labels), a seed without both nets, and unfinished runs: a comparison of unlike
 * runs would be wrong without anyone noticing.
 */
export function compareRuns(files: readonly ResnextRecord[]): Comparison {
  if (files.length === 0) fail('there are no ResNeXt run files');
  const { variants: _v, ...config } = files[0]!.config;
  const labels = files[0]!.test?.labels;
  const bySeed = new Map<number, { resnet?: ResnextRun; resnext?: ResnextRun; minutes: { resnet: number; resnext: number } }>();
  for (const f of files) {
    const { variants: _w, ...c } = f.config;
    if (stringify(c) !== stringify(config)) fail(`${f.command}: its settings differ from ${files[0]!.command}`);
    if (f.data.train !== files[0]!.data.train || f.data.trainImagesSha256 !== files[0]!.data.trainImagesSha256) fail(`${f.command}: trained on other data`);
    if (!f.test || f.test.labels !== labels) fail(`${f.command}: tested on other images (or has no labels)`);
    for (const r of f.runs) {
      if (r.status !== 'finished' || !r.test) fail(`${f.command}: ${r.name} seed ${r.seed} did not finish`);
      const slot = bySeed.get(r.seed) ?? { minutes: { resnet: 0, resnext: 0 } };
      const kind = r.cardinality === 1 ? 'resnet' : 'resnext';
      if (slot[kind]) fail(`seed ${r.seed} has two ${kind} runs`);
      slot[kind] = r;
      slot.minutes[kind] = r.seconds / 60;
      bySeed.set(r.seed, slot);
    }
  }
  const pairs: SeedPair[] = [...bySeed.entries()]
    .sort(([a], [b]) => a - b)
    .map(([seed, s]) => {
      if (!s.resnet || !s.resnext) fail(`seed ${seed} has ${s.resnet ? 'no ResNeXt' : 'no ResNet'} run`);
      return { seed, resnet: s.resnet, resnext: s.resnext, minutes: s.minutes };
    });
  const names = new Set(pairs.map((p) => p.resnext.name));
  if (names.size !== 1) fail(`the runs compare different ResNeXts: ${[...names].join(', ')}`);
  const seeds = pairs.map((p) => compareSeed(p.seed, labels!, p.resnet.test!.predictions, p.resnext.test!.predictions));
  return { pairs, seeds, conclusion: conclude(seeds), config, data: files[0]!.data, commands: files.map((f) => f.command) };
}

/**
 * The window of the plotted trailing mean: the runs' own smoothing, but at most a quarter of the run, so a short run
 * is not drawn as one long running average from its start.
 */
export const chartSmoothing = (c: Comparison) => Math.max(1, Math.min(c.config.smoothing, Math.round(c.config.steps / 4)));

export interface ChartGeometry {
  width: number;
  height: number;
  lines: { name: string; seed: number; label: string; color: string; d: string; dashed: boolean }[];
  /** The final test error of each net and seed, at the last step. */
  dots: { name: string; seed: number; color: string; cx: number; cy: number; error: number }[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  plot: { left: number; right: number; top: number; bottom: number };
}

/** Every seed's smoothed training error (lines; dashed: ResNet) and final test error (dots) in a width × height box. */
export function chartGeometry(c: Comparison, width = 640, height = 300): ChartGeometry {
  const plot = plotArea(width, height, { top: 12, right: 12, bottom: 36, left: 48 });
  const nets = c.pairs.flatMap((p) => [p.resnet, p.resnext]);
  const steps = Math.max(...nets.map((r) => r.curves.error.length));
  const smooth = nets.map((r) => trailingMean(r.curves.error, chartSmoothing(c)));
  const tests = nets.map((r) => r.test!.error);
  // The whole curve fits, the start near chance (0.9) included: clipping it would draw a flat line that never was.
  const yMax = Math.min(1, Math.ceil(Math.max(...smooth.flat(), ...tests) * 10) / 10);
  const x = scale([0, steps], [plot.left, plot.right]);
  const y = scale([0, yMax], [plot.bottom, plot.top], { clamp: true });
  const color = (r: ResnextRun) => (r.cardinality === 1 ? FAMILY_COLORS.resnet : FAMILY_COLORS.resnext);
  const lines = nets.map((r, i) => ({
    name: r.name,
    seed: r.seed,
    label: netLabel(r),
    color: color(r),
    dashed: r.cardinality === 1,
    // One decimal: the path is written into the page's HTML at build time.
    d: linePath(smooth[i]!, (_, s) => x(s + 1), (v) => y(v), { digits: 1 }),
  }));
  const dots = nets.map((r) => ({ name: r.name, seed: r.seed, color: color(r), cx: x(r.steps), cy: y(r.test!.error), error: r.test!.error }));
  const tickEvery = steps <= 80 ? 10 : steps <= 400 ? 50 : steps <= 1000 ? 100 : 500;
  const xTicks = ticksAt(x, Array.from({ length: Math.floor(steps / tickEvery) + 1 }, (_, k) => k * tickEvery), String).map((t) => ({ x: t.position, label: t.label }));
  const yTenths = Array.from({ length: Math.round(yMax * 10) + 1 }, (_, k) => k / 10).filter((_, k, all) => all.length <= 6 || k % 2 === 0);
  const yTicks = ticksAt(y, yTenths, (v) => formatPercent(v, 0)).map((t) => ({ y: t.position, label: t.label }));
  return { width, height, lines, dots, xTicks, yTicks, plot };
}

export interface TableRow {
  step: number;
  /** Smoothed training error per net and seed, keyed "<name> seed <n>". */
  values: Record<string, number>;
}

/** The curves' columns, in order: every seed's ResNet, then its ResNeXt. */
export const curveColumns = (c: Comparison) => c.pairs.flatMap((p) => [p.resnet, p.resnext]).map((r) => ({ key: `${r.name} seed ${r.seed}`, net: r }));

/** Every `every` steps (and the last), each net's smoothed training error in each seed. */
export function tableRows(c: Comparison, every = Math.max(1, Math.round(c.config.steps / 10))): TableRow[] {
  const cols = curveColumns(c);
  const steps = Math.max(...cols.map((k) => k.net.curves.error.length));
  const smooth = cols.map((k) => trailingMean(k.net.curves.error, chartSmoothing(c)));
  const wanted = new Set<number>([...Array.from({ length: Math.floor(steps / every) }, (_, k) => (k + 1) * every), steps]);
  return [...wanted].sort((a, b) => a - b).map((step) => ({ step, values: Object.fromEntries(cols.map((k, i) => [k.key, smooth[i]![step - 1] ?? NaN])) }));
}

export function toCsv(c: Comparison, rows: readonly TableRow[]): string {
  const cols = curveColumns(c);
  const head = ['step', ...cols.map((k) => `${k.net.name}_seed${k.net.seed}_train_error_smoothed`)];
  return csvText(head, rows.map((r) => [r.step, ...cols.map((k) => r.values[k.key]!.toFixed(4))]));
}
