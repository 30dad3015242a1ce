import * as tf from '@tensorflow/tfjs-core';
import type { Model } from './model';

/** Mean softmax cross-entropy of logits [N, K] against integer labels [N]. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy((): tf.Scalar => {
    const k = logits.shape[1];
    const logp = tf.logSoftmax(logits);
    const onehot = tf.oneHot(tf.cast(labels, 'int32'), k);
    return tf.neg(tf.mean(tf.sum(tf.mul(onehot, logp), 1))) as tf.Scalar;
  });
}

/** Fraction of rows whose largest logit is not the label. */
export async function errorRate(logits: tf.Tensor2D, labels: tf.Tensor1D): Promise<number> {
  const wrong = tf.tidy(() => tf.mean(tf.cast(tf.notEqual(tf.argMax(logits, 1), tf.cast(labels, 'int32')), 'float32')));
  const [v] = await wrong.data();
  wrong.dispose();
  return v!;
}

export interface StepResult {
  loss: number;
  /** Minibatch error rate of this step's forward pass (BatchNorm in training mode). */
  error: number;
}

/**
 * One SGD step: forward in training mode, backward, update the trainable (unfrozen) weights. Frees every tensor it
 * makes; x and labels stay the caller's.
 */
export async function trainStep(model: Model, optimizer: tf.Optimizer, x: tf.Tensor4D, labels: tf.Tensor1D): Promise<StepResult> {
  const vars = model.trainableVariables;
  if (vars.length === 0) throw new Error(`${model.spec.name}: every weight is frozen, nothing to train`);
  let logits: tf.Tensor2D | null = null;
  const { value, grads } = tf.variableGrads(() => {
    const out = model.apply(x, { training: true });
    logits = tf.keep(out);
    return crossEntropy(out, labels);
  }, vars);
  optimizer.applyGradients(grads);
  tf.dispose(grads);
  const [loss] = await value.data();
  value.dispose();
  const error = await errorRate(logits!, labels);
  (logits as tf.Tensor2D | null)?.dispose();
  return { loss: loss!, error };
}
