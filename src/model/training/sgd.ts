import * as tf from '@tensorflow/tfjs-core';
import type { Model } from '../runtime/model';
import type { GradientApplier } from '../runtime/train';
import type { NetworkSpec } from '../spec';
import { networkWeights } from '../weights';

let bufferCount = 0;

export interface SgdOptions {
  /** Heavy-ball momentum μ (0.9 in the paper); 0 for plain SGD. */
  momentum: number;
  /** L2 coefficient λ (1e-4 in the paper), applied only to the variables named in `decay`. */
  weightDecay: number;
}

/**
 * The names of the weights that weight decay applies to: conv kernels and dense matrices. Not BatchNorm's γ/β nor
 * biases: decaying γ fights BN's scale invariance, and biases have no scale to shrink.
 */
export function decayedWeightNames(spec: NetworkSpec): Set<string> {
  return new Set(networkWeights(spec).filter((w) => w.decayed).map((w) => w.name));
}

/**
 * SGD with momentum and L2 weight decay, as Caffe and PyTorch's `torch.optim.SGD` do it (and the paper used):
 *   g ← ∇L + λ·w   (decayed weights only: coupled L2, not AdamW-style decoupled decay)
 *   v ← μ·v + g
 *   w ← w − η·v
 * The rate η is an argument of every step, so any schedule can drive it, and changing it takes effect at once (the
 * velocity holds gradients, not rate × gradient). Owns its velocity buffers: call `dispose()`.
 */
export class Sgd {
  private readonly velocity = new Map<string, tf.Variable>();
  private readonly mu: tf.Scalar;
  private readonly lambda: tf.Scalar;

  /**
   * @param variables the weights to update, keyed by variable name (`tf.Variable.name`), as `tf.variableGrads`
   *   returns gradients
   * @param decay variable names (`tf.Variable.name`) that weight decay applies to
   */
  constructor(
    private readonly variables: readonly tf.Variable[],
    private readonly decay: ReadonlySet<string>,
    readonly options: SgdOptions,
  ) {
    const { momentum, weightDecay } = options;
    if (!(Number.isFinite(momentum) && momentum >= 0 && momentum < 1)) throw new Error(`momentum must be in [0, 1), got ${String(momentum)}`);
    if (!(Number.isFinite(weightDecay) && weightDecay >= 0)) throw new Error(`weight decay must be a finite number ≥ 0, got ${String(weightDecay)}`);
    this.mu = tf.keep(tf.scalar(momentum));
    this.lambda = tf.keep(tf.scalar(weightDecay));
    if (momentum > 0) {
      for (const v of variables) {
        const zeros = tf.zerosLike(v);
        this.velocity.set(v.name, tf.variable(zeros, false, `${v.name}/velocity#${++bufferCount}`));
        zeros.dispose();
      }
    }
  }

  /** SGD on a model's trainable (unfrozen) weights, decaying those its spec marks `decayed`. Call `dispose()`. */
  static forModel(model: Model, options: SgdOptions): Sgd {
    return new Sgd(model.trainableVariables, model.decayedVariableNames, options);
  }

  /** This optimiser at learning rate `lr`, in the shape of a tfjs optimizer, for `trainStep`. */
  at(lr: number): GradientApplier {
    return { applyGradients: (grads) => this.apply(Array.isArray(grads) ? Object.fromEntries(grads.map((g) => [g.name, g.tensor])) : grads, lr) };
  }

  /** One update with learning rate `lr`. `grads` stay the caller's (dispose them after). */
  apply(grads: tf.NamedTensorMap, lr: number): void {
    tf.tidy(() => {
      const eta = tf.scalar(lr);
      for (const v of this.variables) {
        const g0 = grads[v.name];
        if (!g0) continue;
        let g = this.decay.has(v.name) && this.options.weightDecay > 0 ? tf.add(g0, tf.mul(v, this.lambda)) : g0;
        const buf = this.velocity.get(v.name);
        if (buf) {
          buf.assign(tf.add(tf.mul(buf, this.mu), g));
          g = buf;
        }
        v.assign(tf.sub(v, tf.mul(g, eta)));
      }
    });
  }

  /** Free the velocity buffers and constants. */
  dispose(): void {
    for (const b of this.velocity.values()) b.dispose();
    this.velocity.clear();
    tf.dispose([this.mu, this.lambda]);
  }
}
