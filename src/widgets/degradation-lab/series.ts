/**
 * The degradation lab's data, free of DOM and tfjs: the curves of live and reference runs, their table and CSV,
 * progress arithmetic (ETA) and the compact form of a committed reference run that the page embeds at build time.
 */
import { trailingMean } from '../../model/training/curves';
import type { DegradationRecord } from '../../model/training/record';
import { type LrSchedule, describeSchedule } from '../../model/training/schedule';
import { csvText } from '../plots/csv';
import { strings } from './strings';

/** The lab's words in one language (English by default, as the tests and the CSV read them). */
export type LabWords = (typeof strings)['en'];

/** Which variant of the 6n+2 net: `plain` (no shortcuts) or `res` (option A shortcuts). */
export type Variant = 'plain' | 'res';

/** One network of a run: `plain-20`, `res-56`. Matches the reference runs' names. */
export interface NetId {
  variant: Variant;
  depth: number;
}

export const netName = ({ variant, depth }: NetId): string => `${variant}-${depth}`;

export function parseNetName(name: string): NetId {
  const m = /^(plain|res)-(\d+)$/.exec(name);
  if (!m) throw new Error(`not a lab network name: ${JSON.stringify(name)} (expected e.g. "plain-20")`);
  return { variant: m[1] as Variant, depth: Number(m[2]) };
}

/** One curve point: the smoothed training error at a step, or a held-out error measured at a step. */
export interface Point {
  step: number;
  value: number;
}

/** Everything plotted for one network of one source. */
export interface NetCurves extends NetId {
  source: 'live' | 'reference';
  /** Smoothed minibatch training error (mean of the last `smoothing` steps), every step (live) or sampled (reference). */
  train: Point[];
  /** Which held-out set `test` was measured on: `validation` in the reader's runs (the lab chooses on it), `test` in
   *  the committed reference runs. */
  heldOut: 'validation' | 'test';
  /** Held-out error at the evaluation steps (see `heldOut`). */
  test: Point[];
}

/** What the page embeds about a reference run: its settings for the label, and its curves. */
export interface ReferenceSummary {
  label: string;
  command: string;
  steps: number;
  width: number;
  batchSize: number;
  lr: string;
  backend: string;
  wallSeconds: number;
  testExamples: number;
  /** Which BatchNorm mode the test curve used (`batch`: the evaluation batch's own statistics). */
  testMode: string;
  nets: NetCurves[];
}

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The compact form of a reference run: smoothed training error every `every` steps (and at the last step), test
 * error in `testMode` at each evaluation. About 100 points per net instead of 500 raw minibatch errors.
 */
export function summarizeReference(run: DegradationRecord, { every = 5, testMode = 'batch', t = strings.en as LabWords } = {}): ReferenceSummary {
  const nets: NetCurves[] = run.runs.map((r) => {
    const smooth = trailingMean(r.curves.error, run.config.smoothing);
    const train = smooth
      .map((value, i) => ({ step: i + 1, value: round(value) }))
      .filter((p) => p.step % every === 0 || p.step === smooth.length);
    const test = r.evaluations.filter((e) => e.mode === testMode).map((e) => ({ step: e.step, value: round(e.error) }));
    return { source: 'reference', variant: r.shortcut === 'plain' ? 'plain' : 'res', depth: r.depth, train, heldOut: 'test', test };
  });
  const day = run.date.slice(0, 10);
  return {
    label: t.referenceRun(day, run.environment.backend, run.config.steps, run.seeds),
    command: run.command,
    steps: run.config.steps,
    width: run.config.width,
    batchSize: run.config.batchSize,
    lr: run.config.scheduleText,
    backend: run.environment.backend,
    wallSeconds: run.wallSeconds,
    testExamples: run.config.evaluation.examples,
    testMode,
    nets,
  };
}

/** The value of a curve at `step`: the last point at or before it (curves are sorted by step). */
function valueAt(points: readonly Point[], step: number): number | undefined {
  let v: number | undefined;
  for (const p of points) {
    if (p.step > step) break;
    v = p.value;
  }
  return v;
}

/** One row of the table and the CSV. Empty cells are undefined. */
export interface TableRow {
  source: 'live' | 'reference';
  net: string;
  depth: number;
  variant: Variant;
  step: number;
  trainError?: number;
  /** The reader's runs: error on the validation split. */
  validationError?: number;
  /** The reference runs: error on the test set. */
  testError?: number;
}

/**
 * Rows at every step where a held-out error was measured (plus each curve's last step), so the table stays short; the
 * training error is the smoothed value at that step. `allSteps` gives every step of every training curve (the CSV).
 */
export function tableRows(curves: readonly NetCurves[], { allSteps = false } = {}): TableRow[] {
  const rows: TableRow[] = [];
  for (const c of curves) {
    const steps = new Set<number>(c.test.map((p) => p.step));
    const lastTrain = c.train.at(-1);
    if (lastTrain) steps.add(lastTrain.step);
    if (allSteps) for (const p of c.train) steps.add(p.step);
    const heldOutAt = new Map(c.test.map((p) => [p.step, p.value]));
    for (const step of [...steps].sort((a, b) => a - b)) {
      rows.push({
        source: c.source,
        net: netName(c),
        depth: c.depth,
        variant: c.variant,
        step,
        trainError: valueAt(c.train, step),
        [c.heldOut === 'validation' ? 'validationError' : 'testError']: heldOutAt.get(step),
      });
    }
  }
  return rows;
}

const CSV_HEADER = ['source', 'net', 'depth', 'shortcuts', 'step', 'train_error_smoothed', 'validation_error', 'test_error'];

/** CSV of the rows (numbers as they are, empty cells empty). */
export function toCsv(rows: readonly TableRow[]): string {
  return csvText(
    CSV_HEADER,
    rows.map((r) => [r.source, r.net, r.depth, r.variant === 'plain' ? 'none' : 'option A', r.step, r.trainError, r.validationError, r.testError]),
  );
}

/** Seconds left at `rate` steps per second; undefined until there is a rate. */
export function etaSeconds(done: number, total: number, rate: number): number | undefined {
  if (!(rate > 0) || !Number.isFinite(rate)) return undefined;
  return Math.max(0, total - done) / rate;
}

/**
 * Steps per second over a sliding window of (time, total steps) samples, pauses excluded by the caller (it drops
 * the samples when it pauses). Undefined until two samples span at least `minSeconds`.
 */
export class RateMeter {
  private samples: { t: number; steps: number }[] = [];
  constructor(private readonly windowSeconds = 10, private readonly minSeconds = 0.5) {}
  add(t: number, steps: number): void {
    this.samples.push({ t, steps });
    while (this.samples.length > 2 && t - this.samples[0]!.t > this.windowSeconds) this.samples.shift();
  }
  reset(): void {
    this.samples = [];
  }
  get rate(): number | undefined {
    const a = this.samples[0];
    const b = this.samples.at(-1);
    if (!a || !b || b.t - a.t < this.minSeconds) return undefined;
    return (b.steps - a.steps) / (b.t - a.t);
  }
}

/** Depths the lab offers: 6n+2 from 8 (n = 1) to 56 (n = 9), the paper's CIFAR-10 family. */
export const LAB_DEPTHS = [8, 20, 32, 44, 56] as const;

/**
 * How the learning rate moves: `constant` (the quick runs), or `step`: the paper's shape shortened to the run,
 * a linear warm-up from lr/10 over the first 1/10 of the steps, then ÷10 at 1/2 and 3/4 of the steps (He et al.
 * 2016 §4.2 divide by 10 at 32k and 48k of 64k iterations and warm ResNet-110 up at 0.01).
 */
export type ScheduleKind = 'constant' | 'step';

/** The lab's settings, as the element sends them to the worker. */
export interface LabConfig {
  depths: number[];
  variants: Variant[];
  steps: number;
  batchSize: number;
  /** The peak learning rate (after any warm-up, before any decay). */
  lr: number;
  schedule: ScheduleKind;
  /**
   * Start each residual block's last BatchNorm γ at 0, so every residual block starts as the identity (Goyal et al.
   * 2017). Applied to residual nets only: on a plain net it would zero every block's output.
   */
  zeroInit: boolean;
  width: number;
  seed: number;
  /** Validation error every this many steps, on the first `evalExamples` validation images. */
  evalEvery: number;
  evalExamples: number;
  /** How many test images to show predictions for, from the saved best model. */
  predictions: number;
}

/** The learning-rate schedule of a configuration, as the trainer takes it. */
export function labSchedule(c: Pick<LabConfig, 'lr' | 'steps' | 'schedule'>): LrSchedule {
  if (c.schedule === 'constant') return { kind: 'constant', lr: c.lr };
  const milestones = [...new Set([Math.round(c.steps / 2), Math.round((3 * c.steps) / 4)])].filter((m) => m > 0 && m < c.steps);
  const warm = Math.round(c.steps / 10);
  return { kind: 'step', lr: c.lr, milestones, gamma: 0.1, ...(warm > 0 ? { warmup: { steps: warm, from: c.lr / 10, shape: 'linear' as const } } : {}) };
}

/** The schedule and initialisation in words, for the lab's settings line. */
export function describeRecipe(c: Pick<LabConfig, 'lr' | 'steps' | 'schedule' | 'zeroInit'>, t: LabWords = strings.en): string {
  const schedule = Number.isFinite(c.lr) && Number.isInteger(c.steps) && c.steps > 0 ? t.scheduleText(describeSchedule(labSchedule(c))) : undefined;
  return t.recipe(schedule, c.zeroInit);
}

/** A named set of settings the reader can load with one button. */
export type Recipe = Pick<LabConfig, 'depths' | 'variants' | 'steps' | 'batchSize' | 'lr' | 'schedule' | 'zeroInit'>;

/**
 * "The paper's recipe, shortened": the schedule shape of He et al. 2016 §4.2 (momentum 0.9 and weight decay 1e-4
 * are the lab's defaults anyway) in 800 steps instead of 64,000, with zero-initialised last γ (Goyal et al. 2017): the
 * settings of the committed recipe runs (src/data/runs/degradation-recipe-seed*.json; a unit test keeps them equal).
 */
export const PAPER_RECIPE: Recipe = { depths: [20, 56], variants: ['plain', 'res'], steps: 800, batchSize: 64, lr: 0.1, schedule: 'step', zeroInit: true };

/** The quick settings: a constant rate, no zero-init, the depths and steps the page asks for. */
export const quickRecipe = (depths: number[], steps: number): Recipe => ({ depths, variants: ['plain', 'res'], steps, batchSize: 64, lr: 0.1, schedule: 'constant', zeroInit: false });

/** Checks the reader's settings; returns the problems in words (empty when fine). */
export function checkConfig(c: LabConfig, t: LabWords = strings.en): string[] {
  const problems: string[] = [];
  if (c.depths.length === 0) problems.push(t.pickDepth);
  for (const d of c.depths) if (!Number.isInteger(d) || d < 8 || (d - 2) % 6 !== 0) problems.push(t.notSixNPlusTwo(d));
  if (c.variants.length === 0) problems.push(t.pickVariant);
  if (!Number.isInteger(c.steps) || c.steps < 1) problems.push(t.badSteps(String(c.steps)));
  if (c.schedule !== 'constant' && c.schedule !== 'step') problems.push(t.badSchedule(JSON.stringify(c.schedule)));
  if (!Number.isInteger(c.evalEvery) || c.evalEvery < 1) problems.push(t.badEvalEvery(String(c.evalEvery)));
  // The learning rate is not checked here on purpose beyond being a number: a rate that diverges is a lesson, and
  // the trainer stops such a run with its own message. A rate that is not a number at all cannot start.
  if (typeof c.lr !== 'number' || Number.isNaN(c.lr)) problems.push(t.badLr);
  return problems;
}

/** The default evaluation interval: about 12 validation points per run, never more often than every 5 steps. */
export function defaultEvalEvery(steps: number): number {
  return Math.max(5, Math.round(steps / 12));
}

/** One network's measured speed on one backend: SGD steps per second (batch `batchSize`, alone on the backend) and
 *  seconds to evaluate the 1,000 validation images. */
export interface SpeedPoint {
  depth: number;
  batchSize: number;
  stepsPerSecond: number;
  evalSeconds: number;
}

/**
 * Speeds of the lab's nets (width 8, batch 64, 28×28) on wasm, measured in Node (tfjs-backend-wasm, 1 thread) on a
 * 2-core machine that was running other training jobs at the same time (load average 9 to 19): medians of three
 * runs of `npx tsx scripts/time-lab-speeds.ts` (20 timed steps per net) on 2026-11-30, plain and residual nets
 * together. Samples: 20 layers 0.82–0.92 steps/s, validation 1.3–4.5 s; 56 layers 0.23–0.51 steps/s, validation
 * 4.1–18 s: the load moved them by a factor of 2, so these are rough.
 */
export const WASM_SPEEDS: readonly SpeedPoint[] = [
  { depth: 20, batchSize: 64, stepsPerSecond: 0.85, evalSeconds: 2.5 },
  { depth: 56, batchSize: 64, stepsPerSecond: 0.32, evalSeconds: 9.4 },
];

/**
 * Steps per second of the 20-layer nets (width 8, batch 64) in headless Chromium on an otherwise idle 2-core machine
 * without a GPU (`scripts/bench-training.mjs`, the README's findings; means of plain-20 and ResNet-20). WebGL and
 * WebGPU ran on SwiftShader, a GPU emulated on the CPU; no real GPU has been measured.
 */
export const BENCH_20_LAYER_STEPS_PER_SECOND = { wasmIdle: 2.365, webglEmulated: 0.087, webgpuEmulated: 0.0225 } as const;

export interface BackendEstimate {
  /** What the estimate is for, in words. */
  label: string;
  seconds: number;
}

/**
 * The run's time per backend: measured wasm speeds on the busy machine, and the other backends scaled from them by
 * the 20-layer nets' measured speed ratio (assuming deeper nets scale alike). A real GPU is not in the list: it
 * has not been measured, so the lab measures it during the run instead.
 */
export function backendEstimates(c: Pick<LabConfig, 'depths' | 'variants' | 'steps' | 'batchSize' | 'evalEvery'>, t: LabWords = strings.en): BackendEstimate[] {
  const busy = estimateLabSeconds(c, WASM_SPEEDS);
  const ref = WASM_SPEEDS.find((p) => p.depth === 20)!.stepsPerSecond;
  const b = BENCH_20_LAYER_STEPS_PER_SECOND;
  return [
    { label: t.wasmBusy, seconds: busy },
    { label: t.wasmIdle, seconds: (busy * ref) / b.wasmIdle },
    { label: t.webglEmulated, seconds: (busy * ref) / b.webglEmulated },
  ];
}

/** Linear in depth through the two measured points nearest `depth` (both ends extrapolate), never below 10 % of the nearest point. */
function interpolate(points: readonly SpeedPoint[], depth: number, f: (p: SpeedPoint) => number): number {
  const sorted = [...points].sort((a, b) => a.depth - b.depth);
  if (sorted.length === 1) return (f(sorted[0]!) * depth) / sorted[0]!.depth;
  let i = sorted.findIndex((p) => p.depth >= depth);
  if (i <= 0) i = i === 0 ? 1 : sorted.length - 1;
  const a = sorted[i - 1]!;
  const b = sorted[i]!;
  const v = f(a) + ((f(b) - f(a)) * (depth - a.depth)) / (b.depth - a.depth);
  const nearest = Math.abs(depth - a.depth) < Math.abs(depth - b.depth) ? f(a) : f(b);
  return Math.max(v, 0.1 * nearest);
}

/**
 * Seconds a lab run should take at the given measured speeds: every network's steps one after another (they share
 * one backend) plus its validation evaluations. Time per step is taken as linear in depth and in batch size.
 */
export function estimateLabSeconds(c: Pick<LabConfig, 'depths' | 'variants' | 'steps' | 'batchSize' | 'evalEvery'>, speeds: readonly SpeedPoint[]): number {
  if (!speeds.length || !(c.steps > 0) || !(c.evalEvery > 0)) return NaN;
  const evaluations = Math.floor(c.steps / c.evalEvery) + (c.steps % c.evalEvery === 0 ? 0 : 1);
  let seconds = 0;
  for (const depth of c.depths) {
    const perStep = interpolate(speeds, depth, (p) => p.batchSize / 64 / p.stepsPerSecond) * (c.batchSize / 64);
    const perEval = interpolate(speeds, depth, (p) => p.evalSeconds);
    seconds += c.variants.length * (c.steps * perStep + evaluations * perEval);
  }
  return seconds;
}
