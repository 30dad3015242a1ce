/**
 * The committed ResNet-vs-ResNeXt training run (src/data/runs/resnext-*.json, written by
 * `npm run experiment -- resnext`), turned into what the lesson shows: a summary per net, the smoothed training-error
 * curves as SVG paths, and the same numbers as table rows and CSV. Pure: runs at build time and in Node tests.
 */
import { trailingMean } from '../../model/training/curves';

export interface ResnextRunNet {
  name: string;
  cardinality: number;
  widthPerGroup: number;
  seed: number;
  params: number;
  macs: number;
  status: string;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
  evaluations: { step: number; mode: string; error: number; loss: number; examples: number }[];
  curves: { loss: number[]; error: number[]; lr: number[] };
}

export interface ResnextRunFile {
  experiment: 'resnext';
  command: string;
  date: string;
  git: { commit: string | null; dirty: boolean };
  environment: { backend: string; threads?: number; cores: number; cpu: string };
  data: { train: number; test: number };
  config: { layers: number[]; width: number; batchSize: number; steps: number; scheduleText: string; smoothing: number; evaluation: { examples: number } };
  seeds: number[];
  wallSeconds: number;
  runs: ResnextRunNet[];
}

/** "1x64d" → "ResNet (1×64d)", "32x4d" → "ResNeXt 32×4d". */
export const netLabel = (n: Pick<ResnextRunNet, 'cardinality' | 'widthPerGroup'>) =>
  n.cardinality === 1 ? `ResNet (1×${n.widthPerGroup}d)` : `ResNeXt ${n.cardinality}×${n.widthPerGroup}d`;

export interface NetSummary {
  name: string;
  label: string;
  seed: number;
  params: number;
  macs: number;
  /** Smoothed minibatch training error at the last step. */
  trainError: number;
  /** Test error (BatchNorm on batch statistics) at the last evaluation. */
  testError: number | null;
  testStep: number | null;
  stepsPerSecond: number;
  seconds: number;
}

export function summarize(run: ResnextRunFile): NetSummary[] {
  return run.runs.map((r) => {
    const smooth = trailingMean(r.curves.error, run.config.smoothing);
    const last = r.evaluations.filter((e) => e.mode === 'batch').at(-1);
    return {
      name: r.name,
      label: netLabel(r),
      seed: r.seed,
      params: r.params,
      macs: r.macs,
      trainError: smooth.at(-1) ?? NaN,
      testError: last?.error ?? null,
      testStep: last?.step ?? null,
      stepsPerSecond: r.stepsPerSecond,
      seconds: r.seconds,
    };
  });
}

export interface ChartGeometry {
  width: number;
  height: number;
  lines: { name: string; label: string; color: string; d: string; dashed: boolean }[];
  dots: { name: string; color: string; cx: number; cy: number; step: number; error: number }[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  plot: { left: number; right: number; top: number; bottom: number };
}

const COLORS = ['#4e79a7', '#e15759', '#59a14f', '#f28e2b'];

/** Smoothed training error (lines) and test error (dots) against step, in a width × height box. */
export function chartGeometry(run: ResnextRunFile, width = 640, height = 300): ChartGeometry {
  const plot = { left: 48, right: width - 12, top: 12, bottom: height - 36 };
  const steps = Math.max(...run.runs.map((r) => r.curves.error.length));
  const smooth = run.runs.map((r) => trailingMean(r.curves.error, run.config.smoothing));
  const tests = run.runs.flatMap((r) => r.evaluations.filter((e) => e.mode === 'batch').map((e) => e.error));
  // The whole curve fits, the start near chance (0.9) included: clipping it would draw a flat line that never was.
  const yMax = Math.min(1, Math.ceil(Math.max(...smooth.flat(), ...tests) * 10) / 10);
  const x = (step: number) => plot.left + ((plot.right - plot.left) * step) / steps;
  const y = (v: number) => plot.bottom - ((plot.bottom - plot.top) * Math.min(v, yMax)) / yMax;
  const fmt = (v: number) => v.toFixed(1);
  const lines = run.runs.map((r, i) => ({
    name: r.name,
    label: netLabel(r),
    color: COLORS[i % COLORS.length]!,
    dashed: r.cardinality === 1,
    d: smooth[i]!.map((v, s) => `${s === 0 ? 'M' : 'L'}${fmt(x(s + 1))},${fmt(y(v))}`).join(''),
  }));
  const dots = run.runs.flatMap((r, i) =>
    r.evaluations.filter((e) => e.mode === 'batch').map((e) => ({ name: r.name, color: COLORS[i % COLORS.length]!, cx: x(e.step), cy: y(e.error), step: e.step, error: e.error })),
  );
  const tickEvery = steps <= 400 ? 50 : steps <= 1000 ? 100 : 500;
  const xTicks = Array.from({ length: Math.floor(steps / tickEvery) + 1 }, (_, k) => ({ x: x(k * tickEvery), label: String(k * tickEvery) }));
  const yTicks = Array.from({ length: Math.round(yMax * 10) + 1 }, (_, k) => k / 10)
    .filter((_, k, all) => all.length <= 6 || k % 2 === 0)
    .map((v) => ({ y: y(v), label: `${Math.round(v * 100)} %` }));
  return { width, height, lines, dots, xTicks, yTicks, plot };
}

export interface TableRow {
  step: number;
  values: Record<string, { train: number; test: number | null }>;
}

/** Every `every` steps (and the last), each net's smoothed training error and its test error where measured. */
export function tableRows(run: ResnextRunFile, every = 25): TableRow[] {
  const steps = Math.max(...run.runs.map((r) => r.curves.error.length));
  const smooth = new Map(run.runs.map((r) => [r.name, trailingMean(r.curves.error, run.config.smoothing)]));
  const wanted = new Set<number>([...Array.from({ length: Math.floor(steps / every) }, (_, k) => (k + 1) * every), steps]);
  for (const r of run.runs) for (const e of r.evaluations) wanted.add(e.step);
  return [...wanted]
    .sort((a, b) => a - b)
    .map((step) => ({
      step,
      values: Object.fromEntries(
        run.runs.map((r) => [r.name, { train: smooth.get(r.name)![step - 1] ?? NaN, test: r.evaluations.find((e) => e.step === step && e.mode === 'batch')?.error ?? null }]),
      ),
    }));
}

export function toCsv(run: ResnextRunFile, rows: readonly TableRow[]): string {
  const names = run.runs.map((r) => r.name);
  const head = ['step', ...names.flatMap((n) => [`${n}_train_error_smoothed`, `${n}_test_error`])];
  const body = rows.map((r) => [r.step, ...names.flatMap((n) => [r.values[n]!.train.toFixed(4), r.values[n]!.test === null ? '' : r.values[n]!.test!.toFixed(4)])]);
  return `${[head, ...body].map((r) => r.join(',')).join('\n')}\n`;
}
