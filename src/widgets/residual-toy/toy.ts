/**
 * The residual toy: fit H(x) = x + 0.25·sin(πx) on [−1, 1], a function close to the identity, with a stack of small
 * blocks, once as plain blocks (h ← F(h)) and once as residual blocks (h ← h + F(h)). Each F is a one-hidden-layer
 * dense net, 1 → 8 → 1, whose output layer starts small (std 0.1/√8), so every F starts near 0. Both stacks start from
 * the same seeded weights and train with the library's SGD on the same 64 points. Pure tfjs: runs in the page (after the reader presses Train) and in Node for the tests.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Sgd } from '../../model/training/sgd';

export type ToyKind = 'plain' | 'residual';
export const TOY_KINDS: readonly ToyKind[] = ['plain', 'residual'];

export interface ToyConfig {
  blocks: number;
  hidden: number;
  seed: number;
  /** Points on [−1, 1]. */
  points: number;
  /** Start each block's output layer at zero, so every F(x) = 0 and a residual stack is exactly the identity. */
  zeroInit?: boolean;
}

export const TOY_DEFAULTS: ToyConfig = { blocks: 8, hidden: 8, seed: 1, points: 64 };

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
  loss: Record<ToyKind, number>;
}

/** A trainable variable holding `t`; `t` itself is freed. */
function variable(t: tf.Tensor): tf.Variable {
  const v = tf.variable(t);
  t.dispose();
  return v;
}

/** One stack: its variables, its forward pass and its optimizer. */
class Stack {
  readonly vars: tf.Variable[] = [];
  readonly sgd: Sgd;
  constructor(
    readonly kind: ToyKind,
    private readonly cfg: ToyConfig,
    lr: { momentum: number },
  ) {
    for (let b = 0; b < cfg.blocks; b++) {
      const seed = cfg.seed * 1000 + b * 10; // the same for both kinds: same start
      this.vars.push(
        variable(tf.randomNormal([1, cfg.hidden], 0, Math.SQRT2, 'float32', seed)), // He: fan-in 1
        variable(tf.zeros([cfg.hidden])),
        variable(cfg.zeroInit ? tf.zeros([cfg.hidden, 1]) : tf.randomNormal([cfg.hidden, 1], 0, 0.1 * Math.sqrt(1 / cfg.hidden), 'float32', seed + 1)),
        variable(tf.zeros([1])),
      );
    }
    this.sgd = new Sgd(this.vars, new Set(), { momentum: lr.momentum, weightDecay: 0 });
  }

  /** H(x) for x [N, 1]. */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h = x;
      for (let b = 0; b < this.cfg.blocks; b++) {
        const [w1, b1, w2, b2] = this.vars.slice(4 * b, 4 * b + 4) as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
        const f = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(h, w1 as tf.Tensor2D), b1)), w2 as tf.Tensor2D), b2) as tf.Tensor2D;
        h = this.kind === 'residual' ? tf.add(h, f) : f;
      }
      return h;
    });
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
  step = 0;

  constructor(readonly config: ToyConfig = TOY_DEFAULTS) {
    if (!Number.isInteger(config.blocks) || config.blocks < 1) throw new Error(`blocks must be a positive integer, got ${JSON.stringify(config.blocks)}`);
    this.xs = Array.from({ length: config.points }, (_, i) => -1 + (2 * i) / (config.points - 1));
    this.x = tf.tensor2d(this.xs, [config.points, 1]);
    this.y = tf.tensor2d(this.xs.map(target), [config.points, 1]);
    this.stacks = { plain: new Stack('plain', config, { momentum: 0.9 }), residual: new Stack('residual', config, { momentum: 0.9 }) };
  }

  /** `steps` full-batch SGD steps of mean squared error for both stacks. */
  train(steps: number, lr = 0.02): void {
    for (let s = 0; s < steps; s++) {
      for (const kind of TOY_KINDS) {
        const stack = this.stacks[kind];
        const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(stack.forward(this.x), this.y))) as tf.Scalar, stack.vars);
        stack.sgd.apply(grads, lr);
        tf.dispose([value, ...Object.values(grads)]);
      }
      this.step++;
    }
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
  const rows = c.xs.map((x, i) => [x, c.target[i], c.h.plain[i], c.h.residual[i], c.residual.residual[i]].join(','));
  return ['x,target H(x),plain H(x),residual H(x),residual F(x) = H(x) - x', ...rows].join('\n') + '\n';
}
