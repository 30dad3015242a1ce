/**
 * The degradation lab's data, free of DOM and tfjs: the curves of live and reference runs, their table and CSV,
 * progress arithmetic (ETA) and the compact form of a committed reference run that the page embeds at build time.
 */
import { trailingMean } from '../../model/training/curves';

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

/** One curve point: the smoothed training error at a step, or a test error measured at a step. */
export interface Point {
  step: number;
  value: number;
}

/** Everything plotted for one network of one source. */
export interface NetCurves extends NetId {
  source: 'live' | 'reference';
  /** Smoothed minibatch training error (mean of the last `smoothing` steps), every step (live) or sampled (reference). */
  train: Point[];
  /** Test error at the evaluation steps. */
  test: Point[];
}

/** The part of a committed reference run (src/data/runs/*.json) that the lab reads. */
export interface ReferenceRunFile {
  command: string;
  date: string;
  environment: { backend: string; threads?: number };
  data: { train: number; test: number };
  config: { width: number; batchSize: number; steps: number; scheduleText: string; smoothing: number; evaluation: { examples: number } };
  seeds: number[];
  wallSeconds: number;
  runs: {
    name: string;
    depth: number;
    shortcut: string;
    seed: number;
    params: number;
    curves: { error: number[] };
    evaluations: { step: number; mode: string; error: number }[];
  }[];
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
export function summarizeReference(run: ReferenceRunFile, { every = 5, testMode = 'batch' } = {}): ReferenceSummary {
  const nets: NetCurves[] = run.runs.map((r) => {
    const smooth = trailingMean(r.curves.error, run.config.smoothing);
    const train = smooth
      .map((value, i) => ({ step: i + 1, value: round(value) }))
      .filter((p) => p.step % every === 0 || p.step === smooth.length);
    const test = r.evaluations.filter((e) => e.mode === testMode).map((e) => ({ step: e.step, value: round(e.error) }));
    return { source: 'reference', variant: r.shortcut === 'plain' ? 'plain' : 'res', depth: r.depth, train, test };
  });
  const day = run.date.slice(0, 10);
  return {
    label: `reference run (${day}, Node, ${run.environment.backend}, ${run.config.steps} steps, seed ${run.seeds.join(', ')})`,
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
export function valueAt(points: readonly Point[], step: number): number | undefined {
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
  testError?: number;
}

/**
 * Rows at every step where a test error was measured (plus each curve's last step), so the table stays short; the
 * training error is the smoothed value at that step. `allSteps` gives every step of every training curve (the CSV).
 */
export function tableRows(curves: readonly NetCurves[], { allSteps = false } = {}): TableRow[] {
  const rows: TableRow[] = [];
  for (const c of curves) {
    const steps = new Set<number>(c.test.map((p) => p.step));
    const lastTrain = c.train.at(-1);
    if (lastTrain) steps.add(lastTrain.step);
    if (allSteps) for (const p of c.train) steps.add(p.step);
    const testAt = new Map(c.test.map((p) => [p.step, p.value]));
    for (const step of [...steps].sort((a, b) => a - b)) {
      rows.push({
        source: c.source,
        net: netName(c),
        depth: c.depth,
        variant: c.variant,
        step,
        trainError: valueAt(c.train, step),
        testError: testAt.get(step),
      });
    }
  }
  return rows;
}

const CSV_HEADER = ['source', 'net', 'depth', 'shortcuts', 'step', 'train_error_smoothed', 'test_error'];

/** RFC 4180 CSV of the rows (numbers as they are, empty cells empty). */
export function toCsv(rows: readonly TableRow[]): string {
  const cell = (v: string | number | undefined) => (v === undefined ? '' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = rows.map((r) =>
    [r.source, r.net, r.depth, r.variant === 'plain' ? 'none' : 'option A', r.step, r.trainError, r.testError].map(cell).join(','),
  );
  return `${[CSV_HEADER.join(','), ...lines].join('\r\n')}\r\n`;
}

/** Seconds left at `rate` steps per second; undefined until there is a rate. */
export function etaSeconds(done: number, total: number, rate: number): number | undefined {
  if (!(rate > 0) || !Number.isFinite(rate)) return undefined;
  return Math.max(0, total - done) / rate;
}

/** "45 s", "3 min 05 s", "1 h 02 min"; "—" when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
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

/** The lab's settings, as the element sends them to the worker. */
export interface LabConfig {
  depths: number[];
  variants: Variant[];
  steps: number;
  batchSize: number;
  lr: number;
  width: number;
  seed: number;
  /** Test error every this many steps, on the first `evalExamples` test images. */
  evalEvery: number;
  evalExamples: number;
  /** How many test images to show predictions for, from the saved best model. */
  predictions: number;
}

/** Checks the reader's settings; returns the problems in words (empty when fine). */
export function checkConfig(c: LabConfig): string[] {
  const problems: string[] = [];
  if (c.depths.length === 0) problems.push('pick at least one depth');
  for (const d of c.depths) if (!Number.isInteger(d) || d < 8 || (d - 2) % 6 !== 0) problems.push(`depth ${d} is not 6n + 2 (8, 20, 32, 44, 56…)`);
  if (c.variants.length === 0) problems.push('pick plain, residual or both');
  if (!Number.isInteger(c.steps) || c.steps < 1) problems.push(`steps must be a whole number ≥ 1, got ${String(c.steps)}`);
  if (!Number.isInteger(c.evalEvery) || c.evalEvery < 1) problems.push(`evaluation interval must be a whole number ≥ 1, got ${String(c.evalEvery)}`);
  // The learning rate is not checked here on purpose beyond being a number: a rate that diverges is a lesson, and
  // the trainer stops such a run with its own message. A rate that is not a number at all cannot start.
  if (typeof c.lr !== 'number' || Number.isNaN(c.lr)) problems.push('the learning rate must be a number');
  return problems;
}

/** The default evaluation interval: about 12 test-error points per run, never more often than every 5 steps. */
export function defaultEvalEvery(steps: number): number {
  return Math.max(5, Math.round(steps / 12));
}
