/**
 * The training engine of the degradation lab: seeded, pausable, stoppable minibatch SGD on an image set, reporting
 * through callbacks. The same code runs in a Web Worker, on a page and in Node (no DOM, no Node APIs).
 *
 *   const { train, validation } = splitValidation(data.train, { fraction: 0.1, seed: 1 });
 *   const run = startTraining({ spec, train, validation, steps: 500, batchSize: 64, schedule: { kind: 'constant', lr: 0.1 },
 *                               seed: 1, evaluation: { every: 50 }, onEvaluate: (e) => keepIfBest(e) });
 *   run.pause(); run.resume(); run.stop();
 *   const result = await run.done;   // status 'finished' | 'stopped' | 'diverged'; every tensor freed
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ImageSet } from '../data/fashion-mnist';
import type { NetworkSpec } from '../spec';
import { walkLayers } from '../spec';
import { type Model, instantiate } from '../runtime/model';
import { trainStep } from '../runtime/train';
import { batchTensors } from './batches';
import { TrailingMean } from './curves';
import { type EvalMode, type Evaluation, evaluate } from './evaluate';
import { deriveSeed, permutation } from './random';
import { type LrSchedule, checkSchedule, learningRateAt } from './schedule';
import { Sgd } from './sgd';
import { macrotask } from './yield';

export interface StepReport {
  /** Steps completed, this one included (1 after the first). */
  step: number;
  /** Epochs completed, fractional (step / steps per epoch). */
  epoch: number;
  /** Cross-entropy of this step's minibatch (BatchNorm in training mode, before the update). */
  loss: number;
  /** Error rate of this step's minibatch. */
  error: number;
  /** Means over the last `smoothing` steps: the curve to plot (single minibatches are noisy). */
  smoothedLoss: number;
  smoothedError: number;
  /** The learning rate this step used. */
  lr: number;
  /** Training steps per second over the last 10 steps, counting compute only (not pauses, evaluations, callbacks). */
  stepsPerSecond: number;
}

export interface EpochReport {
  /** Epochs completed (1 after the first). */
  epoch: number;
  step: number;
  /** Means over the epoch's minibatches. */
  loss: number;
  error: number;
  /** Running time since the start, pauses excluded. */
  seconds: number;
}

/** Which held-out set an evaluation used: `validation` (choose on it) or `test` (report it; choose nothing on it). */
export type HeldOutSet = 'validation' | 'test';

export interface EvaluationReport extends Evaluation {
  set: HeldOutSet;
  step: number;
  epoch: number;
}

export interface EvaluationOptions {
  /** Evaluate every this many steps (0: never during the run). Default 0. */
  every?: number;
  /** Also evaluate when the run finishes (not when it is stopped or diverges: stop means end now). Default true. */
  atEnd?: boolean;
  /** How many examples of each held-out set (a prefix of the shuffled subset); default all. */
  examples?: number;
  /** Default ['inference']; ['inference', 'batch'] reports both. */
  modes?: readonly EvalMode[];
  batchSize?: number;
}

export type RunStatus = 'running' | 'paused' | 'finished' | 'stopped' | 'diverged' | 'failed';

export interface TrainOptions {
  /** The network, e.g. `cifarResNet({ depth: 20, shortcut: 'plain', width: 8, inputShape: [28, 28, 1] })`. */
  spec: NetworkSpec;
  train: ImageSet;
  /**
   * Held-out training examples (e.g. `splitValidation(...)`), evaluated as `evaluation` says: what a caller may
   * choose a step or a network on. Must not overlap `train`.
   */
  validation?: ImageSet;
  /**
   * Evaluated as `evaluation` says (after `validation` at each point), for curves that are reported, not chosen on;
   * omit for none. A lab that saves a best model leaves it out and tests the saved model once at the end.
   */
  test?: ImageSet;
  /** How many SGD steps; `Infinity` trains until `stop()`. */
  steps: number;
  batchSize: number;
  schedule: LrSchedule;
  /** Default 0.9. */
  momentum?: number;
  /** L2 on conv and dense weights only (not BatchNorm, not biases). Default 1e-4. */
  weightDecay?: number;
  /** Seeds the He-normal initial weights (the same seed gives plain and residual nets the same initial weights). */
  seed: number;
  /** Seeds each epoch's shuffle; default `seed`. */
  dataSeed?: number;
  /** Window, in steps, of the smoothed loss and error. Default 50. */
  smoothing?: number;
  evaluation?: EvaluationOptions;
  /** Hand the trained model to the result (the caller disposes it) instead of freeing it. Default false. */
  keepModel?: boolean;
  /** Awaited between steps (default: a macrotask), so pause/stop messages and UI events get through. */
  yieldFn?: () => Promise<void>;
  onStep?: (s: StepReport) => void | Promise<void>;
  onEpoch?: (e: EpochReport) => void | Promise<void>;
  onEvaluate?: (e: EvaluationReport) => void | Promise<void>;
  onStatus?: (status: RunStatus) => void;
}

export interface TrainingResult {
  status: 'finished' | 'stopped' | 'diverged';
  /** One sentence for people, e.g. why a run diverged. */
  message: string;
  /** Steps taken, a diverged one included (its loss is not in `curves`). */
  steps: number;
  epochs: number;
  /** Running time, pauses excluded. */
  seconds: number;
  /** Mean training steps per second of compute. */
  stepsPerSecond: number;
  params: number;
  seeds: { init: number; data: number };
  /** Per step, index i = step i + 1. Plain arrays: cheap to postMessage or write as JSON. */
  curves: { loss: number[]; error: number[]; lr: number[] };
  evaluations: EvaluationReport[];
  /** Smoothed loss and error at the last step. */
  final: { smoothedLoss: number; smoothedError: number };
  /** Only with `keepModel`: the trained network; the caller disposes it. */
  model?: Model;
}

/** The handle of a run in progress. */
export interface TrainingRun {
  /** Settles once the run ends and its tensors are freed. Rejects only on unexpected errors (also after freeing). */
  readonly done: Promise<TrainingResult>;
  readonly status: RunStatus;
  /** Steps completed so far. */
  readonly step: number;
  /** The network being trained; valid until `done` settles (unless `keepModel`). Read it between steps only. */
  readonly model: Model;
  /** Finish the current step, then wait. */
  pause(): void;
  resume(): void;
  /** Finish the current step (or evaluation batch), then end the run; works while paused too. */
  stop(): void;
}

function fail(message: string): never {
  throw new Error(message);
}

function checkOptions(o: TrainOptions): void {
  const { train, spec } = o;
  const [h, w, c] = spec.inputShape;
  if (h !== train.height || w !== train.width || c !== train.channels) {
    fail(`${spec.name} expects inputs ${JSON.stringify(spec.inputShape)}, the data has ${JSON.stringify([train.height, train.width, train.channels])}`);
  }
  const dense = [...walkLayers(spec)].map((l) => l.layer).filter((l) => l.kind === 'dense');
  const classes = dense.at(-1)?.kind === 'dense' ? dense.at(-1)!.units : undefined;
  if (classes !== train.classes.length) fail(`${spec.name} has ${String(classes)} outputs, the data has ${train.classes.length} classes`);
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1 || o.batchSize > train.count) {
    fail(`batch size must be an integer from 1 to ${train.count} (the training examples), got ${String(o.batchSize)}`);
  }
  if (!(o.steps === Infinity || (Number.isInteger(o.steps) && o.steps >= 0))) fail(`steps must be a non-negative integer or Infinity, got ${String(o.steps)}`);
  if (!Number.isInteger(o.seed)) fail(`seed must be an integer, got ${String(o.seed)}`);
  if (o.dataSeed !== undefined && !Number.isInteger(o.dataSeed)) fail(`dataSeed must be an integer, got ${String(o.dataSeed)}`);
  const smoothing = o.smoothing ?? 50;
  if (!Number.isInteger(smoothing) || smoothing < 1) fail(`smoothing must be a positive integer, got ${String(smoothing)}`);
  const every = o.evaluation?.every ?? 0;
  if (!Number.isInteger(every) || every < 0) fail(`evaluation.every must be a non-negative integer, got ${String(every)}`);
  for (const [what, set] of [['validation', o.validation], ['test', o.test]] as const) {
    if (set && (set.height !== h || set.width !== w || set.channels !== c)) {
      fail(`${spec.name} expects inputs ${JSON.stringify(spec.inputShape)}, the ${what} set has ${JSON.stringify([set.height, set.width, set.channels])}`);
    }
  }
  checkSchedule(o.schedule);
}

/** Starts training at once (the first step waits for one macrotask) and returns its controller. */
export function startTraining(opts: TrainOptions): TrainingRun {
  checkOptions(opts);
  const { spec, train, test, batchSize, schedule } = opts;
  const momentum = opts.momentum ?? 0.9;
  const weightDecay = opts.weightDecay ?? 1e-4;
  const seeds = { init: opts.seed, data: opts.dataSeed ?? opts.seed };
  const yieldFn = opts.yieldFn ?? macrotask;
  const evalOpts = { every: 0, atEnd: true, modes: ['inference'] as readonly EvalMode[], ...opts.evaluation };
  const now = () => performance.now();

  const model = instantiate(spec, { seed: seeds.init });
  let sgd: Sgd;
  try {
    sgd = Sgd.forModel(model, { momentum, weightDecay });
  } catch (err) {
    model.dispose();
    throw err;
  }

  let status: RunStatus = 'running';
  let step = 0;
  let stopRequested = false;
  let pauseRequested = false;
  let wake: (() => void) | null = null;
  const setStatus = (s: RunStatus) => {
    if (s === status) return;
    status = s;
    opts.onStatus?.(s);
  };

  const stepsPerEpoch = Math.floor(train.count / batchSize);
  const curves = { loss: [] as number[], error: [] as number[], lr: [] as number[] };
  const evaluations: EvaluationReport[] = [];
  const smoothLoss = new TrailingMean(opts.smoothing ?? 50);
  const smoothError = new TrailingMean(opts.smoothing ?? 50);
  const recent: number[] = [];
  let computeMs = 0;
  let runningMs = 0;
  let runningSince = now();
  const seconds = () => (runningMs + now() - runningSince) / 1000;

  // Validation first: a caller choosing on it sees its number before the test curve's at the same step.
  const heldOut: [HeldOutSet, ImageSet][] = [];
  if (opts.validation) heldOut.push(['validation', opts.validation]);
  if (test) heldOut.push(['test', test]);
  const runEvaluations = async () => {
    for (const [set, data] of heldOut) {
      for (const mode of evalOpts.modes) {
        const e = await evaluate(model, data, {
          mode,
          batchSize: evalOpts.batchSize,
          limit: evalOpts.examples,
          shouldStop: () => stopRequested,
          yieldFn,
        });
        if (!e.complete) return;
        const report: EvaluationReport = { ...e, set, step, epoch: step / stepsPerEpoch };
        evaluations.push(report);
        await opts.onEvaluate?.(report);
      }
    }
  };

  const loop = async (): Promise<TrainingResult> => {
    let outcome: TrainingResult['status'] = 'finished';
    let message = '';
    let perm: Int32Array = new Int32Array(0);
    let epoch = 0;
    let epochLoss = 0;
    let epochError = 0;
    await yieldFn();
    while (step < opts.steps) {
      if (pauseRequested && !stopRequested) {
        runningMs += now() - runningSince;
        setStatus('paused');
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        runningSince = now();
        if (!stopRequested) setStatus('running');
      }
      if (stopRequested) {
        outcome = 'stopped';
        message = `stopped after ${step} steps`;
        break;
      }
      const inEpoch = step % stepsPerEpoch;
      if (inEpoch === 0) perm = permutation(train.count, deriveSeed(seeds.data, 'epoch', epoch));
      const lr = learningRateAt(schedule, step);
      const t0 = now();
      const { x, y } = batchTensors(train, perm, inEpoch * batchSize, batchSize);
      let r: { loss: number; error: number };
      try {
        r = await trainStep(model, sgd.at(lr), x, y);
      } finally {
        tf.dispose([x, y]);
      }
      const dt = now() - t0;
      computeMs += dt;
      step++;
      if (!Number.isFinite(r.loss)) {
        outcome = 'diverged';
        message =
          `training diverged: the loss became ${r.loss} at step ${step} (learning rate ${lr}). ` +
          'The updates overshoot; lower the learning rate or warm up from a smaller one.';
        break;
      }
      recent.push(dt);
      if (recent.length > 10) recent.shift();
      curves.loss.push(r.loss);
      curves.error.push(r.error);
      curves.lr.push(lr);
      smoothLoss.push(r.loss);
      smoothError.push(r.error);
      epochLoss += r.loss;
      epochError += r.error;
      await opts.onStep?.({
        step,
        epoch: step / stepsPerEpoch,
        loss: r.loss,
        error: r.error,
        smoothedLoss: smoothLoss.mean,
        smoothedError: smoothError.mean,
        lr,
        stepsPerSecond: (1000 * recent.length) / recent.reduce((a, b) => a + b, 0),
      });
      if (inEpoch === stepsPerEpoch - 1) {
        epoch++;
        await opts.onEpoch?.({ epoch, step, loss: epochLoss / stepsPerEpoch, error: epochError / stepsPerEpoch, seconds: seconds() });
        epochLoss = 0;
        epochError = 0;
      }
      if (evalOpts.every > 0 && step % evalOpts.every === 0 && step < opts.steps) await runEvaluations();
      await yieldFn();
    }
    if (outcome === 'finished' && evalOpts.atEnd && !evaluations.some((e) => e.step === step)) await runEvaluations();
    if (outcome === 'finished') message = `finished ${step} steps`;
    return {
      status: outcome,
      message,
      steps: step,
      epochs: step / stepsPerEpoch,
      seconds: seconds(),
      stepsPerSecond: computeMs > 0 ? (1000 * step) / computeMs : 0,
      params: model.numParams,
      seeds,
      curves,
      evaluations,
      final: { smoothedLoss: smoothLoss.mean, smoothedError: smoothError.mean },
    };
  };

  const done = loop().then(
    (result) => {
      sgd.dispose();
      if (opts.keepModel) result.model = model;
      else model.dispose();
      setStatus(result.status);
      return result;
    },
    (err: unknown) => {
      sgd.dispose();
      model.dispose();
      setStatus('failed');
      throw err;
    },
  );

  return {
    done,
    get status() {
      return status;
    },
    get step() {
      return step;
    },
    model,
    pause() {
      if (status === 'running') pauseRequested = true;
    },
    resume() {
      pauseRequested = false;
      wake?.();
    },
    stop() {
      stopRequested = true;
      wake?.();
    },
  };
}
