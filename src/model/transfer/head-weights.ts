/**
 * A transfer-learning head's weights and what plain array code does with them: shapes, checks, seeded initial values,
 * prediction, the confusion matrix and the CAM weights. No TensorFlow.js here, so the page's own scripts (the
 * transfer widget's try-it, export and confusion matrix) use it without loading tfjs; training is in ./head.ts.
 */
import { deriveSeed, mulberry32 } from '../training/random';

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

