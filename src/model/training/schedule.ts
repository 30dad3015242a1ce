/**
 * Learning-rate schedules as data: a widget can show them, a JSON file can record them, and `learningRateAt` gives
 * the rate of any step. Steps count from 0. Pure (no tfjs).
 */

/**
 * Warm-up for the first `steps` steps: `linear` ramps from `from` up to the schedule's rate (Goyal et al. 2017);
 * `constant` holds `from` (He et al. 2016 §4.2 train ResNet-110 at 0.01 for about 400 iterations, then 0.1).
 */
export interface Warmup {
  steps: number;
  from: number;
  shape?: 'linear' | 'constant';
}

export type LrSchedule =
  /** The same rate at every step (after any warm-up). */
  | { kind: 'constant'; lr: number; warmup?: Warmup }
  /** `lr · gamma^k` where k = how many milestones are ≤ the step (the paper: ÷10 at 32k and 48k iterations). */
  | { kind: 'step'; lr: number; milestones: readonly number[]; gamma?: number; warmup?: Warmup };

function fail(message: string): never {
  throw new Error(message);
}

const isRate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Rejects a schedule that could give a negative, NaN or infinite rate, quoting the bad value. */
export function checkSchedule(s: LrSchedule): void {
  if (!isRate(s.lr)) fail(`learning rate must be a finite number ≥ 0, got ${String(s.lr)}`);
  if (s.kind === 'step') {
    const g = s.gamma ?? 0.1;
    if (!isRate(g)) fail(`step schedule: gamma must be a finite number ≥ 0, got ${String(g)}`);
    if (!s.milestones.every((m, i) => Number.isInteger(m) && m > 0 && (i === 0 || m > s.milestones[i - 1]!))) {
      fail(`step schedule: milestones must be increasing positive integers, got ${JSON.stringify(s.milestones)}`);
    }
  } else if (s.kind !== 'constant') {
    fail(`unknown learning-rate schedule ${JSON.stringify((s as { kind: unknown }).kind)}`);
  }
  if (s.warmup) {
    const w = s.warmup;
    if (!Number.isInteger(w.steps) || w.steps < 0) fail(`warm-up steps must be a non-negative integer, got ${String(w.steps)}`);
    if (!isRate(w.from)) fail(`warm-up learning rate must be a finite number ≥ 0, got ${String(w.from)}`);
    if (w.shape !== undefined && w.shape !== 'linear' && w.shape !== 'constant') fail(`warm-up shape must be "linear" or "constant", got ${JSON.stringify(w.shape)}`);
  }
}

/** The learning rate of step `step` (0-based). */
export function learningRateAt(s: LrSchedule, step: number): number {
  let lr = s.lr;
  if (s.kind === 'step') {
    const k = s.milestones.filter((m) => m <= step).length;
    lr *= (s.gamma ?? 0.1) ** k;
  }
  const w = s.warmup;
  if (w && step < w.steps) {
    return (w.shape ?? 'linear') === 'constant' ? w.from : w.from + ((lr - w.from) * step) / w.steps;
  }
  return lr;
}

/** A schedule in one line for logs and legends, e.g. "0.1, ÷10 at 32000, 48000, linear warm-up from 0.01 over 400 steps". */
export function describeSchedule(s: LrSchedule): string {
  let out = `${s.lr}`;
  if (s.kind === 'step' && s.milestones.length) {
    const g = s.gamma ?? 0.1;
    out += `, ${g > 0 && Number.isInteger(1 / g) ? `÷${1 / g}` : `×${g}`} at ${s.milestones.join(', ')}`;
  }
  if (s.warmup && s.warmup.steps > 0) out += `, ${s.warmup.shape ?? 'linear'} warm-up from ${s.warmup.from} over ${s.warmup.steps} steps`;
  return out;
}
