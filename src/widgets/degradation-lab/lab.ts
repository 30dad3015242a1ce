/**
 * The lab's engine, with no DOM and no worker APIs (so Node tests run it): trains every chosen network side by side
 * with the library's `startTraining`, keeps the weights of the lowest validation error seen (the "best model"), and
 * tests and predicts with a saved model. The worker wraps it in messages; tests call it directly.
 *
 * The test set never reaches `startLab` (its data has no test field): every choice (which step, which network) is
 * made on a validation split of the training images, and the test set gives one number, once, for the saved model.
 *
 * The runs share one backend and interleave: each awaits a macrotask between steps, so plain-20 and res-20 advance
 * together, as in the paper's side-by-side figures.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cifarResNet } from '../../model/builders';
import type { ImageSet } from '../../model/data/fashion-mnist';
import type { NetworkSpec } from '../../model/spec';
import { type Model } from '../../model/runtime/model';
import { modelFromWeights } from '../../model/runtime/pretrained';
import { batchTensors } from '../../model/training/batches';
import { type Evaluation, evaluate } from '../../model/training/evaluate';
import { BestOnValidation } from '../../model/training/select';
import { type ValidationSplit, splitValidation } from '../../model/training/split';
import { type EvaluationReport, type StepReport, type TrainingResult, type TrainingRun, startTraining } from '../../model/training/trainer';
import { type LabConfig, type NetId, labSchedule, netName } from './series';

/**
 * The network the lab trains for a depth and variant: the paper's CIFAR-10 family on 28×28 grey images. `zeroInit`
 * zeroes the last BatchNorm γ of each block on residual nets only: a plain net's blocks have no shortcut to carry
 * the signal, so there it would zero every block's output (the builder refuses it).
 */
export function labSpec(id: NetId, width: number, zeroInit = false): NetworkSpec {
  const shortcut = id.variant === 'plain' ? 'plain' : 'A';
  return cifarResNet({ depth: id.depth, shortcut, width, zeroInitResidual: zeroInit && shortcut !== 'plain', numClasses: 10, inputShape: [28, 28, 1] });
}

/**
 * The lab's validation split: a fixed, seeded 10 % of each class of the training subset (1,000 of the 10,000
 * images, 100 per class), never trained on. Fixed (not the run's seed) so every run is chosen on the same images.
 */
export const LAB_VALIDATION = { fraction: 0.1, seed: 1 } as const;

export const labValidationSplit = (train: ImageSet): ValidationSplit => splitValidation(train, LAB_VALIDATION);

/** Every weight of a network as plain arrays (BatchNorm running averages included): what IndexedDB stores. */
export interface Snapshot {
  net: string;
  spec: NetworkSpec;
  step: number;
  /** The validation error (BatchNorm on its running averages) it was chosen on. */
  validationError: number;
  weights: { name: string; values: Float32Array }[];
}

/** Copies a model's weights out of the backend. Read between steps only (the trainer awaits its callbacks). */
async function snapshotModel(model: Model, meta: Omit<Snapshot, 'spec' | 'weights'>): Promise<Snapshot> {
  const entries = [...model.weights];
  // slice(): the cpu backend's data() can hand out its own storage, which the next step would overwrite.
  const values = await Promise.all(entries.map(async ([, v]) => (await v.data()).slice() as Float32Array));
  return { ...meta, spec: model.spec, weights: entries.map(([name], i) => ({ name, values: values[i]! })) };
}

export function modelFromSnapshot(s: Snapshot): Model {
  return modelFromWeights(s.spec, new Map(s.weights.map((w) => [w.name, w.values])));
}

export interface Prediction {
  index: number;
  label: number;
  predicted: number;
  /** Softmax probability of the predicted class. */
  probability: number;
}

/**
 * The saved network's classes for the first `n` test images, BatchNorm on its running averages (inference mode, as
 * the reported test error): each image's answer depends on that image alone. Frees every tensor it makes (the
 * caller owns `model`).
 */
export async function predictFirst(model: Model, test: ImageSet, n: number): Promise<Prediction[]> {
  const size = Math.min(test.count, n);
  const identity = Int32Array.from({ length: size }, (_, i) => i);
  const { x, y } = batchTensors(test, identity, 0, size);
  const probs = tf.tidy(() => tf.softmax(model.apply(x, { training: false })));
  tf.dispose([x, y]);
  const p = await probs.data();
  probs.dispose();
  const k = test.classes.length;
  return Array.from({ length: size }, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
    return { index: i, label: test.labels[i]!, predicted: best, probability: p[i * k + best]! };
  });
}

/**
 * The test error of a saved model, on the whole test set, BatchNorm on its running averages: the one number the lab
 * reports about the test set, measured once, after every choice was made. Frees every tensor it makes.
 */
export async function testSavedModel(saved: Snapshot, test: ImageSet): Promise<Evaluation> {
  const model = modelFromSnapshot(saved);
  try {
    return await evaluate(model, test, { mode: 'inference' });
  } finally {
    model.dispose();
  }
}

export interface LabCallbacks {
  onStep?: (net: string, s: StepReport) => void;
  /** A validation evaluation (BatchNorm on its running averages). */
  onEvaluate?: (net: string, e: EvaluationReport) => void;
  /** A new lowest validation error: the snapshot of that network at that step. Awaited (the run waits while it is saved). */
  onBest?: (s: Snapshot) => Promise<void> | void;
  onRunEnd?: (net: string, r: TrainingResult) => void;
}

export type LabStatus = 'finished' | 'stopped' | 'diverged';

export interface LabResult {
  status: LabStatus;
  /** Why it ended, for people: which network diverged and at what rate. */
  message: string;
  results: Map<string, TrainingResult>;
  /** The model chosen on validation error (across steps and networks); undefined when no evaluation finished. */
  best?: { net: string; step: number; validationError: number };
}

export interface Lab {
  readonly done: Promise<LabResult>;
  /** Names of the networks, in the order they were started. */
  readonly nets: string[];
  /** Steps of every network added up, and the total to reach. */
  progress(): { done: number; total: number };
  pause(): void;
  resume(): void;
  stop(): void;
}

/** What the lab trains and chooses on. No test set: it cannot influence any choice (see `testSavedModel`). */
export interface LabData {
  /** The training examples (the subset minus the validation split). */
  train: ImageSet;
  /** Held out from the training subset: evaluated during training, the best model is chosen on it. */
  validation: ImageSet;
}

/** Starts one training run per (depth, variant), all at once. Every tensor is freed when `done` settles. */
export function startLab(config: LabConfig, data: LabData, cb: LabCallbacks = {}): Lab {
  const ids: NetId[] = config.depths.flatMap((depth) => config.variants.map((variant) => ({ variant, depth })));
  // The saved model will predict with BatchNorm on its running averages, so it is chosen on that error.
  const chooser = new BestOnValidation('inference');
  let diverged: { net: string; message: string } | undefined;
  const runs: { net: string; run: TrainingRun }[] = [];
  // Saving is serialised so two networks reaching a new best at once cannot write out of order.
  let saving: Promise<void> = Promise.resolve();

  try {
    for (const id of ids) {
      const net = netName(id);
      const run: TrainingRun = startTraining({
        spec: labSpec(id, config.width, config.zeroInit),
        train: data.train,
        validation: data.validation,
        steps: config.steps,
        batchSize: config.batchSize,
        schedule: labSchedule(config),
        seed: config.seed,
        evaluation: { every: config.evalEvery, atEnd: true, examples: config.evalExamples, modes: ['inference'] },
        onStep: (s) => cb.onStep?.(net, s),
        onEvaluate: async (e) => {
          cb.onEvaluate?.(net, e);
          if (!chooser.offer({ net, step: e.step, set: e.set, mode: e.mode, error: e.error }) || !cb.onBest) return;
          const snap = await snapshotModel(run.model, { net, step: e.step, validationError: e.error });
          saving = saving.then(() => cb.onBest!(snap));
          await saving;
        },
      });
      runs.push({ net, run });
    }
  } catch (err) {
    for (const r of runs) r.run.stop();
    throw err;
  }

  const stopAll = () => runs.forEach((r) => r.run.stop());
  const watched = runs.map(({ net, run }) =>
    run.done.then((r) => {
      cb.onRunEnd?.(net, r);
      // One diverged network ends the lab: the others share its learning rate, and the message says which.
      if (r.status === 'diverged' && !diverged) {
        diverged = { net, message: r.message };
        stopAll();
      }
      return [net, r] as const;
    }),
  );

  let stopped = false;
  const done = Promise.allSettled(watched).then(async (settled) => {
    await saving.catch(() => undefined);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const results = new Map(settled.map((s) => (s as PromiseFulfilledResult<readonly [string, TrainingResult]>).value));
    const status: LabStatus = diverged ? 'diverged' : stopped ? 'stopped' : 'finished';
    const steps = [...results.values()].reduce((a, r) => a + r.steps, 0);
    const message = diverged
      ? `${diverged.net}: ${diverged.message}`
      : stopped
        ? `stopped after ${steps} steps in all`
        : `finished ${config.steps} steps on each of ${runs.length} networks`;
    return { status, message, results, best: chooser.best };
  });

  return {
    done,
    nets: runs.map((r) => r.net),
    progress: () => ({ done: runs.reduce((a, r) => a + r.run.step, 0), total: runs.length * config.steps }),
    pause: () => runs.forEach((r) => r.run.pause()),
    resume: () => runs.forEach((r) => r.run.resume()),
    stop: () => {
      stopped = true;
      stopAll();
    },
  };
}
