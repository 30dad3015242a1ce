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

export interface StepResult {
  loss: number;
  /** Minibatch error rate of this step's forward pass (BatchNorm in training mode). */
  error: number;
}

/**
 * What turns gradients into an update: a tfjs optimizer (`tf.train.momentum(…)`), or the labs' SGD at this step's
 * learning rate (`sgd.at(lr)`).
 */
export interface GradientApplier {
  /** tf.Optimizer's signature, so any tfjs optimizer fits (`trainStep` passes a map). */
  applyGradients(grads: Parameters<tf.Optimizer['applyGradients']>[0]): void;
}

/**
 * One training step, the only one: forward in training mode (BatchNorm's running averages move), backward, update
 * `vars` (default: the trainable, unfrozen weights). Returns the minibatch's loss and error, read together (one sync
 * per step). Frees every tensor it makes, whatever happens; x and labels stay the caller's.
 */
export async function trainStep(
  model: Model,
  optimizer: GradientApplier,
  x: tf.Tensor4D,
  labels: tf.Tensor1D,
  vars: tf.Variable[] = model.trainableVariables,
): Promise<StepResult> {
  if (vars.length === 0) throw new Error(`${model.spec.name}: every weight is frozen, nothing to train`);
  const kept: { wrong?: tf.Tensor } = {};
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.apply(x, { training: true });
    kept.wrong = tf.keep(tf.mean(tf.cast(tf.notEqual(tf.argMax(logits, 1), tf.cast(labels, 'int32')), 'float32')));
    return crossEntropy(logits, labels);
  }, vars);
  let both: tf.Tensor | undefined;
  try {
    optimizer.applyGradients(grads);
    both = tf.stack([value, kept.wrong!]);
  } finally {
    tf.dispose([value, kept.wrong!, grads]);
  }
  const [loss, error] = await both.data();
  both.dispose();
  return { loss: loss!, error: error! };
}
