/**
 * The new head of a transfer-learning model: a softmax classifier (optionally with one hidden ReLU layer) trained on
 * the frozen backbone's pooled C5 features, one 2048-d vector per image. What torchvision users do by replacing
 * `model.fc` with `nn.Linear(2048, num_classes)` and setting `requires_grad = False` on everything else, here on
 * features computed once, so an epoch costs a few small matrix products instead of 50 layers.
 *
 * Pure: tfjs-core for training (gradients, Adam). The weights' shapes, checks, prediction, the confusion matrix and
 * the CAM weights are plain array code in ./head-weights.ts (re-exported here), the same on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy } from '../runtime/train';
import { deriveSeed, mulberry32, shuffleInPlace } from '../training/random';
import { macrotask } from '../training/yield';
import { type EpochStats, type HeadSpec, type HeadWeights, checkHeadSpec, checkHeadWeights, headShapes, initHead } from './head-weights';

export * from './head-weights';

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

export interface HeadTrainOptions {
  /** Default 60. */
  epochs?: number;
  /** Adam's step size. Default 1e-3. */
  lr?: number;
  /** Minibatch size. Default 32. */
  batch?: number;
  /** L2 coefficient λ on the kernels (not the biases), added to the loss as λ/2·‖W‖². Default 1e-4. */
  weightDecay?: number;
  /** Stop after this many epochs without a lower validation loss. Default 10; Infinity never stops early. */
  patience?: number;
  /** Seeds the initial weights and the minibatch order. Default 1. */
  seed?: number;
  /** Aborting stops training before the next minibatch; `trainHead` then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called after every epoch (awaited), with that epoch's numbers. */
  onEpoch?: (s: EpochStats) => void | Promise<void>;
}

export interface HeadTrainResult {
  /** The weights of the epoch with the lowest validation loss (the last epoch if there is no validation split). */
  best: HeadWeights;
  bestEpoch: number;
  history: EpochStats[];
  stoppedEarly: boolean;
}

/** A head as tf variables, and its forward pass. Call `dispose()`. */
export class HeadVariables {
  readonly spec: HeadSpec;
  readonly names: string[];
  readonly variables: tf.Variable[];

  constructor(head: HeadWeights) {
    checkHeadWeights(head);
    this.spec = { ...head.spec };
    this.names = [...head.names];
    const shapes = headShapes(head.spec);
    // tidy frees the uploaded tensors; the variables (copies) are kept, as tidy never disposes variables.
    this.variables = head.values.map((v, i) => tf.tidy(() => tf.variable(tf.tensor(v, shapes[i]!.shape), true)));
  }

  /** Logits [N, k] for features [N, d]. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const v = this.variables;
      if (this.spec.hidden === undefined) return tf.add(tf.matMul(x, v[0] as tf.Tensor2D), v[1]!) as tf.Tensor2D;
      const h = tf.relu(tf.add(tf.matMul(x, v[0] as tf.Tensor2D), v[1]!)) as tf.Tensor2D;
      return tf.add(tf.matMul(h, v[2] as tf.Tensor2D), v[3]!) as tf.Tensor2D;
    });
  }

  /** λ/2 · Σ‖W‖² over the kernels (not the biases): coupled L2, its gradient is λ·W. */
  decay(lambda: number): tf.Scalar {
    return tf.tidy(() => tf.mul(lambda / 2, tf.addN(this.variables.filter((_, i) => this.names[i]!.endsWith('.weight')).map((w) => tf.sum(tf.square(w))))) as tf.Scalar);
  }

  /** A copy of the current values. */
  async read(): Promise<HeadWeights> {
    const values = await Promise.all(this.variables.map(async (v) => new Float32Array(await v.data())));
    return { spec: { ...this.spec }, names: [...this.names], values };
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}

/** Mean cross-entropy and accuracy of logits [N, k] against labels [N], as one tensor [2] (one read per call). */
export function lossAndAccuracy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const correct = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(labels, 'int32')), 'float32'));
    return tf.stack([crossEntropy(logits, labels), correct]) as tf.Tensor1D;
  });
}

/** Checks labels (each in 0…classes−1) and a split of them (disjoint, in range, some training examples). */
export function checkSplit(labels: Int32Array, split: { train: number[]; validation: number[] }, classes: number): void {
  const n = labels.length;
  labels.forEach((y, i) => {
    if (!(y >= 0 && y < classes)) throw new Error(`label ${y} of example ${i} is outside 0…${classes - 1}`);
  });
  if (split.train.length === 0) throw new Error('the split has no training examples');
  const seen = new Uint8Array(n);
  for (const i of [...split.train, ...split.validation]) {
    if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new Error(`split index ${i} is outside 0…${n - 1}`);
    if (seen[i]) throw new Error(`example ${i} is in the split twice (train and validation must be disjoint)`);
    seen[i] = 1;
  }
}

/** Checks the arguments of `trainHead`; returns n. */
export function checkTrainingSet(features: Float32Array, labels: Int32Array, split: { train: number[]; validation: number[] }, spec: HeadSpec): number {
  checkHeadSpec(spec);
  const n = labels.length;
  if (features.length !== n * spec.features) throw new Error(`trainHead: ${n} labels of ${spec.features} features need ${n * spec.features} values, got ${features.length}`);
  try {
    checkSplit(labels, split, spec.classes);
  } catch (e) {
    throw new Error(`trainHead: ${(e as Error).message}`);
  }
  return n;
}

/** Shared option defaults and checks. */
export function trainingPlan(opts: HeadTrainOptions) {
  const plan = { epochs: opts.epochs ?? 60, lr: opts.lr ?? 1e-3, batch: opts.batch ?? 32, weightDecay: opts.weightDecay ?? 1e-4, patience: opts.patience ?? 10, seed: opts.seed ?? 1 };
  if (!isCount(plan.epochs)) throw new Error(`epochs must be a positive integer, got ${String(plan.epochs)}`);
  if (!(plan.lr > 0 && Number.isFinite(plan.lr))) throw new Error(`lr must be a positive number, got ${String(plan.lr)}`);
  if (!isCount(plan.batch)) throw new Error(`batch must be a positive integer, got ${String(plan.batch)}`);
  if (!(plan.weightDecay >= 0 && Number.isFinite(plan.weightDecay))) throw new Error(`weightDecay must be a finite number ≥ 0, got ${String(plan.weightDecay)}`);
  if (!(plan.patience === Infinity || isCount(plan.patience))) throw new Error(`patience must be a positive integer or Infinity, got ${String(plan.patience)}`);
  if (!Number.isInteger(plan.seed)) throw new Error(`seed must be an integer, got ${String(plan.seed)}`);
  return plan;
}

/** The training indices in this epoch's seeded order, cut into minibatches. */
export function epochBatches(train: readonly number[], batch: number, seed: number, epoch: number): number[][] {
  const order = shuffleInPlace([...train], mulberry32(deriveSeed(seed, 'epoch', epoch)));
  const out: number[][] = [];
  for (let s = 0; s < order.length; s += batch) out.push(order.slice(s, s + batch));
  return out;
}

/**
 * Trains a head on features (n·d row-major) and keeps the epoch with the lowest VALIDATION loss, stopping after
 * `patience` epochs without a new best. Softmax cross-entropy with Adam: the features' scale depends on the backbone
 * and the reader's photos, and Adam's per-weight step sizes make one default rate (1e-3) work across them without
 * tuning, which SGD + momentum would need. Train and validation loss and accuracy are measured after each epoch on
 * the whole split with the same weights, so the curves compare like with like. Yields a macrotask after each epoch
 * (a worker can receive a cancel); nothing is left on the tf engine, whatever happens.
 */
export async function trainHead(
  features: Float32Array,
  labels: Int32Array,
  split: { train: number[]; validation: number[] },
  spec: HeadSpec,
  opts: HeadTrainOptions = {},
): Promise<HeadTrainResult> {
  const n = checkTrainingSet(features, labels, split, spec);
  const plan = trainingPlan(opts);
  const head = new HeadVariables(initHead(spec, plan.seed));
  const optimizer = tf.train.adam(plan.lr);
  const x = tf.tensor2d(features, [n, spec.features]);
  const y = tf.tensor1d(labels, 'int32');
  const evaluate = async (indices: number[]): Promise<[number, number]> => {
    if (indices.length === 0) return [NaN, NaN];
    const r = tf.tidy(() => {
      const idx = tf.tensor1d(indices, 'int32');
      return lossAndAccuracy(head.apply(tf.gather(x, idx) as tf.Tensor2D), tf.gather(y, idx) as tf.Tensor1D);
    });
    const [loss, acc] = await r.data();
    r.dispose();
    return [loss!, acc!];
  };
  const history: EpochStats[] = [];
  let best: HeadWeights | undefined;
  let bestEpoch = 0;
  let bestLoss = Infinity;
  let stoppedEarly = false;
  try {
    for (let epoch = 1; epoch <= plan.epochs; epoch++) {
      for (const batch of epochBatches(split.train, plan.batch, plan.seed, epoch)) {
        opts.signal?.throwIfAborted();
        tf.tidy(() => {
          const idx = tf.tensor1d(batch, 'int32');
          const xb = tf.gather(x, idx) as tf.Tensor2D;
          const yb = tf.gather(y, idx) as tf.Tensor1D;
          optimizer.minimize(() => {
            const loss = crossEntropy(head.apply(xb), yb);
            return plan.weightDecay > 0 ? tf.add(loss, head.decay(plan.weightDecay)) : loss;
          }, false, head.variables);
        });
      }
      const [trainLoss, trainAccuracy] = await evaluate(split.train);
      const [validationLoss, validationAccuracy] = await evaluate(split.validation);
      // Without held-out examples there is nothing to choose on: keep the last epoch.
      const improved = split.validation.length === 0 || validationLoss < bestLoss;
      if (improved) {
        bestLoss = validationLoss;
        bestEpoch = epoch;
        best = await head.read();
      }
      const stats: EpochStats = { epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, best: improved };
      history.push(stats);
      await opts.onEpoch?.(stats);
      await macrotask();
      if (epoch - bestEpoch >= plan.patience && epoch < plan.epochs) {
        stoppedEarly = true;
        break;
      }
    }
    opts.signal?.throwIfAborted();
    if (!best) throw new Error(`trainHead: the validation loss was never finite (training diverged); try a smaller lr than ${plan.lr}`);
  } finally {
    optimizer.dispose();
    head.dispose();
    tf.dispose([x, y]);
  }
  return { best, bestEpoch, history, stoppedEarly };
}
