/**
 * The residual toy: fit H(x) = x + 0.25·sin(πx) on [−1, 1], a function close to the identity, with a stack of small
 * blocks, once as plain blocks (h ← F(h)) and once as residual blocks (h ← h + F(h)). Each F is a one-hidden-layer
 * dense net, 1 → hidden → 1, with no normalisation.
 *
 * Both stacks get the same initialisation, drawn from the same seeds:
 * - the hidden layer (followed by a ReLU): He normal, std √(2 / fan-in) (He et al. 2015), biases 0;
 * - the output layer (followed by no ReLU): std √(1 / fan-in), biases 0, or all zeros with `zeroInit`.
 * With these two gains a block preserves the mean square of its input at initialisation: the ReLU halves what the
 * hidden layer's factor 2 doubled, and the output layer's factor 1 keeps it. So a plain stack's signal neither
 * shrinks nor grows on average, while a residual stack adds a full-size F to h in every block.
 *
 * Both stacks train with the library's SGD (momentum 0.9, no weight decay) on the same 64 points. Pure tfjs: runs
 * in the page (after the reader presses Train) and in Node for the tests.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Sgd } from '../../model/training/sgd';
import { csvText } from '../plots/csv';

export type ToyKind = 'plain' | 'residual';
export const TOY_KINDS: readonly ToyKind[] = ['plain', 'residual'];

export interface ToyConfig {
  blocks: number;
  hidden: number;
  seed: number;
  /** Points on [−1, 1]. */
  points: number;
  /**
   * Start every block's output layer (weights and bias) at zero, in both stacks: every F(x) starts at 0, so a residual
   * block starts as the identity and a plain block as the constant 0.
   */
  zeroInit: boolean;
}

export const TOY_DEFAULTS: ToyConfig = { blocks: 8, hidden: 8, seed: 1, points: 64, zeroInit: false };

/** The learning rate of every step (full batch, momentum 0.9). */
const TOY_LEARNING_RATE = 0.02;

/** The function both stacks must learn. */
export function target(x: number): number {
  return x + 0.25 * Math.sin(Math.PI * x);
}

export interface ToyCurves {
  xs: number[];
  target: number[];
  /** H(x) of each stack. */
  h: Record<ToyKind, number[]>;
  /** H(x) − x: for the residual stack, what its blocks learned in all (the sum of its F's along the way). */
  residual: Record<ToyKind, number[]>;
  /** Mean squared error against the target; NaN or Infinity once a stack has diverged. */
  loss: Record<ToyKind, number>;
}

/** The gradient of the loss reaching one block, as L2 norms over its layers' weights and biases. */
export interface BlockGradient {
  /** ‖∂L/∂(W₁, b₁)‖: the hidden layer. */
  hidden: number;
  /** ‖∂L/∂(W₂, b₂)‖: the output layer. */
  output: number;
}

/** The initial values of one block's variables [W₁ [1, hidden], b₁ [hidden], W₂ [hidden, 1], b₂ [1]]; seeds depend only on config and block. */
function initialBlock(cfg: ToyConfig, block: number): tf.Tensor[] {
  const seed = cfg.seed * 1000 + block * 10;
  return [
    tf.randomNormal([1, cfg.hidden], 0, Math.sqrt(2 / 1), 'float32', seed), // He: fan-in 1, a ReLU follows
    tf.zeros([cfg.hidden]),
    cfg.zeroInit ? tf.zeros([cfg.hidden, 1]) : tf.randomNormal([cfg.hidden, 1], 0, Math.sqrt(1 / cfg.hidden), 'float32', seed + 1), // fan-in, gain 1: no ReLU follows
    tf.zeros([1]),
  ];
}

/** A trainable variable holding `t`; `t` itself is freed. */
function variable(t: tf.Tensor): tf.Variable {
  const v = tf.variable(t);
  t.dispose();
  return v;
}

/** One stack: its variables (four per block), its forward pass and its optimizer. */
class Stack {
  readonly vars: tf.Variable[] = [];
  readonly sgd: Sgd;
  constructor(
    readonly kind: ToyKind,
    private readonly cfg: ToyConfig,
  ) {
    for (let b = 0; b < cfg.blocks; b++) this.vars.push(...initialBlock(cfg, b).map(variable));
    this.sgd = new Sgd(this.vars, new Set(), { momentum: 0.9, weightDecay: 0 });
  }

  /** H(x) for x [N, 1]. */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h = x;
      for (let b = 0; b < this.cfg.blocks; b++) {
        const [w1, b1, w2, b2] = this.vars.slice(4 * b, 4 * b + 4) as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
        const f = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(h, w1 as tf.Tensor2D), b1)), w2 as tf.Tensor2D), b2) as tf.Tensor2D; // [N, 1]
        h = this.kind === 'residual' ? tf.add(h, f) : f;
      }
      return h;
    });
  }

  /** Mean squared error against `y`, with the gradient of every variable. Caller disposes both. */
  lossAndGrads(x: tf.Tensor2D, y: tf.Tensor2D): { value: tf.Scalar; grads: tf.NamedTensorMap } {
    return tf.variableGrads(() => tf.mean(tf.square(tf.sub(this.forward(x), y))) as tf.Scalar, this.vars);
  }

  dispose(): void {
    tf.dispose(this.vars);
    this.sgd.dispose();
  }
}

/** Both stacks and the data. Call `dispose()` when done. */
export class ResidualToy {
  readonly stacks: Record<ToyKind, Stack>;
  private readonly x: tf.Tensor2D;
  private readonly y: tf.Tensor2D;
  readonly xs: number[];
  readonly config: ToyConfig;
  step = 0;

  constructor(config: Partial<ToyConfig> = {}) {
    const cfg = (this.config = { ...TOY_DEFAULTS, ...config });
    for (const key of ['blocks', 'hidden', 'points'] as const) {
      if (!Number.isInteger(cfg[key]) || cfg[key] < (key === 'points' ? 2 : 1)) throw new Error(`${key} must be a positive integer${key === 'points' ? ' ≥ 2' : ''}, got ${JSON.stringify(cfg[key])}`);
    }
    if (!Number.isInteger(cfg.seed)) throw new Error(`seed must be an integer, got ${JSON.stringify(cfg.seed)}`);
    this.xs = Array.from({ length: cfg.points }, (_, i) => -1 + (2 * i) / (cfg.points - 1));
    this.x = tf.tensor2d(this.xs, [cfg.points, 1]);
    this.y = tf.tensor2d(this.xs.map(target), [cfg.points, 1]);
    this.stacks = { plain: new Stack('plain', cfg), residual: new Stack('residual', cfg) };
  }

  /** `steps` full-batch SGD steps of mean squared error for both stacks. */
  train(steps: number, lr = TOY_LEARNING_RATE): void {
    for (let s = 0; s < steps; s++) {
      for (const kind of TOY_KINDS) {
        const stack = this.stacks[kind];
        const { value, grads } = stack.lossAndGrads(this.x, this.y);
        stack.sgd.apply(grads, lr);
        tf.dispose([value, ...Object.values(grads)]);
      }
      this.step++;
    }
  }

  /** The gradient of each stack's loss at its current weights, per block (block 0 is the one nearest the input). */
  async gradients(): Promise<Record<ToyKind, BlockGradient[]>> {
    const out: Record<ToyKind, BlockGradient[]> = { plain: [], residual: [] };
    for (const kind of TOY_KINDS) {
      const stack = this.stacks[kind];
      const { value, grads } = stack.lossAndGrads(this.x, this.y);
      const norms = tf.tidy(() =>
        tf.stack(
          stack.vars.map((v) => tf.sum(tf.square(grads[v.name]!))),
        ),
      );
      const squares = Array.from(await norms.data());
      tf.dispose([value, norms, ...Object.values(grads)]);
      for (let b = 0; b < this.config.blocks; b++) {
        const [w1, b1, w2, b2] = squares.slice(4 * b, 4 * b + 4) as [number, number, number, number];
        out[kind].push({ hidden: Math.sqrt(w1 + b1), output: Math.sqrt(w2 + b2) });
      }
    }
    return out;
  }

  /** The current fits, as plain numbers. */
  async curves(): Promise<ToyCurves> {
    const out: ToyCurves = { xs: this.xs, target: this.xs.map(target), h: { plain: [], residual: [] }, residual: { plain: [], residual: [] }, loss: { plain: 0, residual: 0 } };
    for (const kind of TOY_KINDS) {
      const h = this.stacks[kind].forward(this.x);
      const values = Array.from(await h.data());
      h.dispose();
      out.h[kind] = values;
      out.residual[kind] = values.map((v, i) => v - this.xs[i]!);
      out.loss[kind] = values.reduce((s, v, i) => s + (v - out.target[i]!) ** 2, 0) / values.length;
    }
    return out;
  }

  dispose(): void {
    for (const kind of TOY_KINDS) this.stacks[kind].dispose();
    tf.dispose([this.x, this.y]);
  }
}

/** CSV of the current fits: x, target, each stack's H(x), the residual stack's H(x) − x. */
export function toyCsv(c: ToyCurves): string {
  const head = ['x', 'target H(x)', 'plain H(x)', 'residual H(x)', 'residual F(x) = H(x) - x'];
  return csvText(head, c.xs.map((x, i) => [x, c.target[i], c.h.plain[i], c.h.residual[i], c.residual.residual[i]]));
}
