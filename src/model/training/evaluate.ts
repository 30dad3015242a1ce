import * as tf from '@tensorflow/tfjs-core';
import type { ImageSet } from '../data/fashion-mnist';
import type { Model } from '../runtime/model';
import { crossEntropy } from '../runtime/train';
import { batchTensors } from './batches';

/**
 * How BatchNorm normalises during evaluation:
 * - `inference`: with its running averages, as a deployed network does. Early in training at a high learning rate
 *   the averages lag far behind the weights, so this error is noisy and can be several times the minibatch error.
 * - `batch`: with each evaluation batch's own statistics, as in training; the running averages are restored after.
 */
export type EvalMode = 'inference' | 'batch';

export interface EvaluateOptions {
  mode?: EvalMode;
  /** Examples per forward pass (default 250). */
  batchSize?: number;
  /** Evaluate the first `limit` examples only (the shipped subsets are shuffled, so a prefix is nearly balanced). */
  limit?: number;
  /** Checked between batches: return early (with `complete: false`) when it says so. */
  shouldStop?: () => boolean;
  /** Awaited between batches so a page stays responsive. */
  yieldFn?: () => Promise<void>;
}

export interface Evaluation {
  mode: EvalMode;
  /** Fraction of the examples seen whose top class is wrong. */
  error: number;
  /** Mean cross-entropy over the examples seen. */
  loss: number;
  examples: number;
  /** False when `shouldStop` cut it short. */
  complete: boolean;
}

/** Error and loss of `model` on (a prefix of) `set`. Frees every tensor it makes, whatever happens. */
export async function evaluate(model: Model, set: ImageSet, opts: EvaluateOptions = {}): Promise<Evaluation> {
  const mode = opts.mode ?? 'inference';
  const batchSize = opts.batchSize ?? 250;
  const n = Math.min(set.count, opts.limit ?? set.count);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`evaluation batch size must be a positive integer, got ${String(batchSize)}`);
  if (!(n >= 1)) throw new Error(`evaluation needs at least one example, got limit ${String(opts.limit)}`);
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  // Batch statistics mode runs BatchNorm in training mode, which moves the running averages: keep copies.
  const saved = mode === 'batch' ? model.buffers.map((v) => [v, tf.clone(v)] as const) : [];
  let lossSum = 0;
  let wrong = 0;
  let seen = 0;
  try {
    for (let start = 0; start < n; start += batchSize) {
      if (opts.shouldStop?.()) break;
      const size = Math.min(batchSize, n - start);
      const { x, y } = batchTensors(set, identity, start, size);
      const sums = tf.tidy(() => {
        const logits = model.apply(x, { training: mode === 'batch' });
        const miss = tf.sum(tf.cast(tf.notEqual(tf.argMax(logits, 1), y), 'float32'));
        return tf.stack([tf.mul(crossEntropy(logits, y), size), miss]);
      });
      tf.dispose([x, y]);
      const [l, w] = await sums.data();
      sums.dispose();
      lossSum += l!;
      wrong += w!;
      seen += size;
      if (opts.yieldFn && start + batchSize < n) await opts.yieldFn();
    }
  } finally {
    for (const [v, copy] of saved) {
      v.assign(copy);
      copy.dispose();
    }
  }
  return { mode, error: seen ? wrong / seen : NaN, loss: seen ? lossSum / seen : NaN, examples: seen, complete: seen === n };
}
