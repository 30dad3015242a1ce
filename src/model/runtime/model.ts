import * as tf from '@tensorflow/tfjs-core';
import type { BatchNormSpec, BlockSpec, Conv2dSpec, DenseSpec, LayerSpec, NetworkSpec } from '../spec';
import { type LayerWeight, networkWeights, weightName } from '../weights';
import { batchNormTrain, groupedConv2d, zeroPadShortcut } from './ops';

export interface InstantiateOptions {
  /** Seeds the initial weights: the same seed and spec give the same network on every backend. */
  seed?: number;
  /** `he` (default): He-normal convs (fan-in), as the paper's §3.4; `zeros`: every weight 0 (fast, for shape work). */
  init?: 'he' | 'zeros';
}

export interface ApplyOptions {
  /** BatchNorm uses batch statistics and updates its running averages (default false). */
  training?: boolean;
  /** Names of layers, blocks or stages (`layer1` … `layer4`, `stem`) whose outputs to return as well. */
  collect?: readonly string[];
  /**
   * Inference only (ignored when training): run a conv, its bias and a ReLU right after it as one fused op
   * (`tf.fused.conv2d`). Same numbers, fewer passes over memory. Default true; a conv named in `collect` is not fused.
   */
  fuse?: boolean;
  /**
   * Sees the stem's output and each block's output, by name, and returns what flows on: diagnostics wrap them in an
   * identity with a custom gradient to observe ∂L/∂x at every block boundary. Default: none.
   */
  tap?: (name: string, t: tf.Tensor) => tf.Tensor;
  /**
   * Blocks to run with their residual function deleted (a lesion study, Veit et al. 2016), by name. Such a block
   * outputs `after(shortcut(x))`, exactly what it computes when its branch outputs zeros; the shortcut stays, a
   * downsampling one included. A block without a shortcut (a plain net's) passes its input on unchanged, which needs
   * the same shape in and out (`blockKeepsShape`); other plain blocks cannot be deleted. Same weights, nothing copied.
   */
  lesion?: readonly string[];
}

/**
 * Whether a block's output has its input's shape: every conv and pool keeps height and width (stride 1, "same"
 * padding) and the channels come back to the input's. A plain block can only be deleted (made the identity) if so.
 */
export function blockKeepsShape(block: BlockSpec): boolean {
  let inChannels: number | undefined;
  let channels: number | undefined;
  for (const layer of [...(block.before ?? []), ...block.body, ...block.after]) {
    if (layer.kind === 'conv2d') {
      if (layer.stride !== 1 || 2 * layer.pad !== layer.kernel - 1) return false;
      inChannels ??= layer.inChannels;
      channels = layer.outChannels;
    } else if (layer.kind === 'maxpool') {
      if (layer.stride !== 1 || 2 * layer.pad !== layer.size - 1) return false;
    } else if (layer.kind === 'dense' || layer.kind === 'globalavgpool') return false;
  }
  return inChannels === channels;
}

/** What one forward pass needs at every layer. */
interface RunContext {
  training: boolean;
  fuse: boolean;
  lesion: ReadonlySet<string>;
  want: ReadonlySet<string>;
  keep: (name: string, t: tf.Tensor) => void;
}

/** Weight names follow torchvision: `layer1.0.conv1.weight`, `bn1.running_mean`, `fc.bias`. Conv kernels are HWIO. */
export type WeightName = string;

let variableCount = 0;

/** FNV-1a: a stable per-weight seed derived from the network seed and the weight's name. */
function seedFor(seed: number, name: string): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Inputs per output unit of a kernel: every dimension but the last (HWIO and [in, out] alike). */
const fanIn = (shape: readonly number[]) => shape.slice(0, -1).reduce((a, b) => a * b, 1);

/**
 * A network made real: one tf.Variable per weight. `apply` runs the spec it was built from, layer by layer, so the
 * network described by `analyze` is exactly the network that runs. Call `dispose()` when done.
 */
export class Model {
  readonly spec: NetworkSpec;
  readonly weights = new Map<WeightName, tf.Variable>();
  /** What each weight is (role, parameter or buffer, decayed or not), from the spec's `layerWeights`. */
  readonly layout = new Map<WeightName, LayerWeight>();

  constructor(spec: NetworkSpec, opts: InstantiateOptions = {}) {
    this.spec = spec;
    const seed = opts.seed ?? 0;
    const init = opts.init ?? 'he';
    for (const w of networkWeights(spec)) {
      const t = tf.tidy(() => {
        if (init === 'zeros' && w.trainable) return tf.zeros(w.shape);
        if (w.init === 'zeros') return tf.zeros(w.shape);
        if (w.init === 'ones') return tf.ones(w.shape);
        const std = Math.sqrt((w.init === 'he' ? 2 : 1) / fanIn(w.shape));
        return tf.randomNormal(w.shape, 0, std, 'float32', seedFor(seed, w.name));
      });
      this.weights.set(w.name, tf.variable(t, w.trainable, `${spec.name}/${w.name}#${++variableCount}`));
      this.layout.set(w.name, w);
      t.dispose();
    }
  }

  /** The weights an optimizer updates: trainable and not frozen. */
  get trainableVariables(): tf.Variable[] {
    return [...this.weights.values()].filter((v) => v.trainable);
  }

  /** BatchNorm's running statistics: state the forward pass moves in training mode, but no gradient reaches. */
  get buffers(): tf.Variable[] {
    return [...this.weights].filter(([name]) => !this.layout.get(name)?.trainable).map(([, v]) => v);
  }

  /** The `tf.Variable` names of the weights that weight decay applies to (`Sgd` takes them by these names). */
  get decayedVariableNames(): Set<string> {
    return new Set([...this.weights].filter(([name]) => this.layout.get(name)?.decayed).map(([, v]) => v.name));
  }

  /** Number of trainable-by-design parameters (frozen ones included), to compare with `analyze(spec).params`. */
  get numParams(): number {
    let n = 0;
    for (const [name, v] of this.weights) if (this.layout.get(name)?.trainable) n += v.size;
    return n;
  }

  /**
   * Freeze (or unfreeze) every parameter whose name starts with one of `prefixes` (all when omitted). A frozen
   * weight stays in the forward pass but gets no gradient and no update: fine-tuning a pretrained backbone.
   */
  setTrainable(trainable: boolean, prefixes?: readonly string[]): void {
    for (const [name, v] of this.weights) {
      if (!this.layout.get(name)?.trainable) continue; // buffers (BatchNorm's running statistics) are never trained
      if (!prefixes || prefixes.some((p) => name === p || name.startsWith(`${p}.`))) v.trainable = trainable;
    }
  }

  weight(name: WeightName): tf.Variable {
    const v = this.weights.get(name);
    if (!v) throw new Error(`${this.spec.name} has no weight "${name}"`);
    return v;
  }

  /** Logits [N, classes] for images [N, H, W, C]. The caller disposes the result. */
  apply(x: tf.Tensor4D, opts: ApplyOptions = {}): tf.Tensor2D {
    return this.run(x, opts).output;
  }

  /**
   * Logits plus the outputs of the named layers, blocks or stages, e.g. `collect: ['layer1', 'layer4']` for the C2
   * and C5 feature maps. The caller disposes every returned tensor.
   */
  run(x: tf.Tensor4D, opts: ApplyOptions = {}): { output: tf.Tensor2D; collected: Record<string, tf.Tensor> } {
    if (x.rank !== 4) throw new Error(`${this.spec.name} expects images [N, H, W, C], got shape ${JSON.stringify(x.shape)}`);
    const want = new Set(opts.collect ?? []);
    const training = opts.training ?? false;
    const lesion = new Set(opts.lesion ?? []);
    if (lesion.size) this.checkLesion(lesion);
    return tf.tidy(() => {
      const collected: Record<string, tf.Tensor> = {};
      const keep = (name: string, t: tf.Tensor) => {
        if (want.has(name)) collected[name] = t;
      };
      const ctx: RunContext = { training, fuse: !training && (opts.fuse ?? true), lesion, want, keep };
      const tap = opts.tap ?? ((_name: string, t: tf.Tensor) => t);
      let h: tf.Tensor = tap('stem', this.sequence(this.spec.stem, x, ctx));
      keep('stem', h);
      for (const stage of this.spec.stages) {
        for (const block of stage.blocks) keep(block.name, (h = tap(block.name, this.block(block, h as tf.Tensor4D, ctx))));
        keep(stage.name, h);
      }
      h = this.sequence(this.spec.head, h, ctx);
      const missing = [...want].filter((n) => !(n in collected));
      if (missing.length) throw new Error(`${this.spec.name} has no layer, block or stage named ${missing.map((m) => `"${m}"`).join(', ')}`);
      return { output: h as tf.Tensor2D, collected };
    });
  }

  /** Layers one after another, each output kept if collected. Fuses conv (+ bias) (+ ReLU) when `ctx.fuse`. */
  private sequence(layers: readonly LayerSpec[], x: tf.Tensor, ctx: RunContext): tf.Tensor {
    let h = x;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      const next = layers[i + 1];
      const relu = next?.kind === 'relu' ? next : undefined;
      if (ctx.fuse && layer.kind === 'conv2d' && layer.groups === 1 && (layer.bias || relu) && !ctx.want.has(layer.name)) {
        h = tf.fused.conv2d({
          x: h as tf.Tensor4D,
          filter: this.weight(weightName(layer.name, 'kernel')) as tf.Tensor4D,
          strides: layer.stride,
          pad: layer.pad,
          bias: layer.bias ? this.weight(weightName(layer.name, 'bias')) : undefined,
          activation: relu ? 'relu' : 'linear',
        });
        if (relu) {
          ctx.keep(relu.name, h);
          i++;
        }
        continue;
      }
      ctx.keep(layer.name, (h = this.layer(layer, h, ctx.training)));
    }
    return h;
  }

  /** Every name in `lesion` is a block of this network, and a deletable one. */
  private checkLesion(lesion: ReadonlySet<string>): void {
    const blocks = new Map(this.spec.stages.flatMap((s) => s.blocks).map((b) => [b.name, b]));
    for (const name of lesion) {
      const block = blocks.get(name);
      if (!block) throw new Error(`${this.spec.name} has no block named "${name}" to delete`);
      if (block.shortcut.kind === 'none' && !blockKeepsShape(block))
        throw new Error(`${this.spec.name}: block "${name}" has no shortcut and changes the shape, so it cannot be deleted`);
    }
  }

  private block(block: BlockSpec, input: tf.Tensor4D, ctx: RunContext): tf.Tensor4D {
    const lesioned = ctx.lesion.has(block.name);
    if (lesioned && block.shortcut.kind === 'none') return input; // a deleted plain block: the identity
    // A shared pre-activation runs once; the branch and the shortcut both start from its output.
    const x = block.before ? (this.sequence(block.before, input, ctx) as tf.Tensor4D) : input;
    // A deleted residual block keeps its shortcut: the sum below with a branch of zeros, without computing it.
    const f = lesioned ? undefined : this.sequence(block.body, x, ctx);
    const plus = (s: tf.Tensor) => (f ? tf.add(f, s) : s);
    const sc = block.shortcut;
    let sum: tf.Tensor;
    switch (sc.kind) {
      case 'none':
        sum = f!; // a lesioned plain block returned above
        break;
      case 'identity':
        sum = plus(x);
        break;
      case 'zeropad':
        sum = plus(zeroPadShortcut(x, sc.stride, sc.extraChannels));
        break;
      case 'projection':
        sum = plus(this.sequence(sc.layers, x, ctx));
        break;
    }
    return this.sequence(block.after, sum, ctx) as tf.Tensor4D;
  }

  private layer(layer: LayerSpec, x: tf.Tensor, training: boolean): tf.Tensor {
    switch (layer.kind) {
      case 'conv2d':
        return this.conv(layer, x as tf.Tensor4D);
      case 'batchnorm':
        return this.batchNorm(layer, x as tf.Tensor4D, training);
      case 'relu':
        return tf.relu(x);
      case 'maxpool':
        return tf.maxPool(x as tf.Tensor4D, layer.size, layer.stride, layer.pad);
      case 'globalavgpool':
        return tf.mean(x, [1, 2]);
      case 'dense':
        return this.dense(layer, x as tf.Tensor2D);
    }
  }

  private conv(layer: Conv2dSpec, x: tf.Tensor4D): tf.Tensor4D {
    const y = groupedConv2d(x, this.weight(weightName(layer.name, 'kernel')) as tf.Tensor4D, layer.stride, layer.pad, layer.groups);
    return layer.bias ? (tf.add(y, this.weight(weightName(layer.name, 'bias'))) as tf.Tensor4D) : y;
  }

  private dense(layer: DenseSpec, x: tf.Tensor2D): tf.Tensor2D {
    const y: tf.Tensor2D = tf.matMul(x, this.weight(weightName(layer.name, 'kernel')) as tf.Tensor2D);
    return layer.bias ? tf.add(y, this.weight(weightName(layer.name, 'bias')) as tf.Tensor1D) : y;
  }

  private batchNorm(layer: BatchNormSpec, x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const gamma = this.weight(weightName(layer.name, 'gamma')) as tf.Tensor1D;
    const beta = this.weight(weightName(layer.name, 'beta')) as tf.Tensor1D;
    const runMean = this.weight(weightName(layer.name, 'running_mean'));
    const runVar = this.weight(weightName(layer.name, 'running_var'));
    if (!training) return tf.batchNorm4d(x, runMean as tf.Tensor1D, runVar as tf.Tensor1D, beta, gamma, layer.epsilon);
    // Running averages are updated here, inside the forward pass, because tensors made inside tf.variableGrads are
    // disposed when it returns. They are not on the loss's path, so backprop ignores them.
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    const m = x.size / x.shape[3];
    const unbiased = tf.mul(variance, m / Math.max(m - 1, 1));
    runMean.assign(tf.add(tf.mul(runMean, layer.momentum), tf.mul(mean, 1 - layer.momentum)));
    runVar.assign(tf.add(tf.mul(runVar, layer.momentum), tf.mul(unbiased, 1 - layer.momentum)));
    return batchNormTrain(x, gamma, beta, layer.epsilon);
  }

  /** Free every weight. The model cannot be used afterwards. */
  dispose(): void {
    for (const v of this.weights.values()) v.dispose();
    this.weights.clear();
  }
}

/** Create the variables of `spec`, seeded. The caller disposes the model. */
export function instantiate(spec: NetworkSpec, opts: InstantiateOptions = {}): Model {
  return new Model(spec, opts);
}
