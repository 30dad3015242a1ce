/**
 * The new head of a transfer-learning model: a softmax classifier (optionally with one hidden ReLU layer) trained on
 * the frozen backbone's pooled C5 features, one 2048-d vector per image. What torchvision users do by replacing
 * `model.fc` with `nn.Linear(2048, num_classes)` and setting `requires_grad = False` on everything else, here on
 * features computed once, so an epoch costs a few small matrix products instead of 50 layers.
 *
 * Pure: tfjs-core only for training (gradients, Adam); prediction, the confusion matrix and the CAM weights are plain
 * array code, the same on every backend and synchronous.
 */
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy } from '../runtime/train';
import { deriveSeed, mulberry32, shuffleInPlace } from '../training/random';
import { macrotask } from '../training/yield';

export interface HeadSpec {
  /** Inputs per example: 2048 for ResNet-50's pooled C5. */
  features: number;
  /** The reader's classes. */
  classes: number;
  /** Width of one hidden ReLU layer between features and logits; absent for a linear (softmax) head. */
  hidden?: number;
}

/** A head's values, in the order of `headShapes(spec)`; kernels [in, out] row-major (tfjs's dense layout). */
export interface HeadWeights {
  spec: HeadSpec;
  names: string[];
  values: Float32Array[];
}

export interface EpochStats {
  /** 1-based. */
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  /** NaN when there is no validation split. */
  validationLoss: number;
  validationAccuracy: number;
  /** This epoch has the lowest validation loss so far: its weights are the ones kept. */
  best: boolean;
}

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

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

/** Throws unless every size of the spec is a positive integer. */
export function checkHeadSpec(spec: HeadSpec): void {
  if (!isCount(spec.features)) throw new Error(`head: features must be a positive integer, got ${JSON.stringify(spec.features)}`);
  if (!(isCount(spec.classes) && spec.classes >= 2)) throw new Error(`head: classes must be an integer ≥ 2, got ${JSON.stringify(spec.classes)}`);
  if (spec.hidden !== undefined && !isCount(spec.hidden)) throw new Error(`head: hidden must be a positive integer when given, got ${JSON.stringify(spec.hidden)}`);
}

/** The head's weights by name and shape, in storage order (torchvision-like names: `fc.weight` is the last layer). */
export function headShapes(spec: HeadSpec): { name: string; shape: number[] }[] {
  checkHeadSpec(spec);
  const { features: d, classes: k, hidden: h } = spec;
  const last = [
    { name: 'fc.weight', shape: [h ?? d, k] },
    { name: 'fc.bias', shape: [k] },
  ];
  return h === undefined ? last : [{ name: 'hidden.weight', shape: [d, h] }, { name: 'hidden.bias', shape: [h] }, ...last];
}

/** Trainable numbers in the head: d·k + k for a linear head (6,147 for 2048 features and 3 classes). */
export function headParamCount(spec: HeadSpec): number {
  return headShapes(spec).reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
}

/** Throws unless `head` has the names and value lengths its spec asks for, all finite. */
export function checkHeadWeights(head: HeadWeights): void {
  const shapes = headShapes(head.spec);
  if (head.names.length !== shapes.length || head.values.length !== shapes.length || shapes.some((s, i) => head.names[i] !== s.name))
    throw new Error(`head: expected weights ${shapes.map((s) => s.name).join(', ')}, got ${head.names.join(', ') || 'none'}`);
  shapes.forEach((s, i) => {
    const want = s.shape.reduce((a, b) => a * b, 1);
    const v = head.values[i]!;
    if (v.length !== want) throw new Error(`head: ${s.name} [${s.shape.join(', ')}] needs ${want} values, got ${v.length}`);
    for (let j = 0; j < v.length; j++) if (!Number.isFinite(v[j]!)) throw new Error(`head: ${s.name} holds a non-finite value at ${j}`);
  });
}

/**
 * Seeded initial weights: He-uniform (fan-in, for a ReLU after it) for the hidden layer, Glorot-uniform (fan-in +
 * fan-out, no nonlinearity after it) for the softmax layer, biases zero. Our own generator, not tf.random*, so the
 * same seed gives the same head on every backend.
 */
export function initHead(spec: HeadSpec, seed: number): HeadWeights {
  const shapes = headShapes(spec);
  const values = shapes.map(({ name, shape }) => {
    const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (shape.length === 2) {
      const [fanIn, fanOut] = shape as [number, number];
      const limit = name === 'fc.weight' ? Math.sqrt(6 / (fanIn + fanOut)) : Math.sqrt(6 / fanIn);
      const random = mulberry32(deriveSeed(seed, 'head-init', name));
      for (let i = 0; i < v.length; i++) v[i] = (2 * random() - 1) * limit;
    }
    return v;
  });
  return { spec: { ...spec }, names: shapes.map((s) => s.name), values };
}

/** x·W + b for n rows: x n·din, W [din, dout] row-major. ReLU'd if asked. */
function dense(x: Float32Array, n: number, w: Float32Array, b: Float32Array, din: number, dout: number, relu: boolean): Float32Array {
  const out = new Float32Array(n * dout);
  const acc = new Float64Array(dout);
  for (let r = 0; r < n; r++) {
    acc.set(b);
    for (let i = 0; i < din; i++) {
      const xi = x[r * din + i]!;
      if (xi === 0) continue; // pooled ReLU features are often exactly 0
      const row = i * dout;
      for (let j = 0; j < dout; j++) acc[j]! += xi * w[row + j]!;
    }
    for (let j = 0; j < dout; j++) out[r * dout + j] = relu ? Math.max(0, acc[j]!) : acc[j]!;
  }
  return out;
}

/** The head's scores before the softmax, n·k row-major. */
export function headLogits(head: HeadWeights, features: Float32Array, n: number): Float32Array {
  checkHeadWeights(head);
  const { features: d, classes: k, hidden } = head.spec;
  if (!(Number.isInteger(n) && n >= 0) || features.length !== n * d)
    throw new Error(`head: ${n} examples of ${d} features need ${n * d} values, got ${features.length}`);
  const v = head.values;
  if (hidden === undefined) return dense(features, n, v[0]!, v[1]!, d, k, false);
  return dense(dense(features, n, v[0]!, v[1]!, d, hidden, true), n, v[2]!, v[3]!, hidden, k, false);
}

/** Class probabilities (softmax of the logits), n·k row-major. */
export function predictHead(head: HeadWeights, features: Float32Array, n: number): Float32Array {
  const k = head.spec.classes;
  const p = headLogits(head, features, n);
  for (let r = 0; r < n; r++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, p[r * k + j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += p[r * k + j] = Math.exp(p[r * k + j]! - max);
    for (let j = 0; j < k; j++) p[r * k + j]! /= sum;
  }
  return p;
}

/** The most probable class of each row of an n·k score matrix (the first on ties). */
export function argmaxRows(scores: ArrayLike<number>, n: number, k: number): Int32Array {
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (scores[r * k + j]! > scores[r * k + best]!) best = j;
    out[r] = best;
  }
  return out;
}

/** counts[true class][predicted class]. */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  if (labels.length !== predicted.length) throw new Error(`confusionMatrix: ${labels.length} labels but ${predicted.length} predictions`);
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    const p = predicted[i]!;
    if (!(Number.isInteger(y) && y >= 0 && y < classes && Number.isInteger(p) && p >= 0 && p < classes))
      throw new Error(`confusionMatrix: example ${i} has label ${y} and prediction ${p}, both must be in 0…${classes - 1}`);
    m[y]![p]!++;
  }
  return m;
}

/**
 * What `classActivationMap` (runtime/cam.ts) needs to map class `classIndex` on C5: column c of the softmax kernel
 * and its bias. Exact only for a linear head, where logit_c = mean over the grid of Σ_k w_{k,c} f_k(x, y) + b_c; with
 * a hidden ReLU layer no such per-cell sum exists, so null.
 */
export function headCamWeights(head: HeadWeights, classIndex: number): { weights: Float32Array; bias: number } | null {
  checkHeadWeights(head);
  const { features: d, classes: k, hidden } = head.spec;
  if (!(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < k)) throw new Error(`headCamWeights: class ${classIndex} is outside 0…${k - 1}`);
  if (hidden !== undefined) return null;
  const [w, b] = head.values as [Float32Array, Float32Array];
  const weights = new Float32Array(d);
  for (let i = 0; i < d; i++) weights[i] = w[i * k + classIndex]!;
  return { weights, bias: b[classIndex]! };
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
