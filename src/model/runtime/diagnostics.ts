/**
 * Measurements of a network's signal flow, for the gradient-flow lesson: the gradient norm of every weighted layer,
 * the spread of every 3×3 layer's responses (He et al. 2016, Fig. 7) and how alike the input gradients of nearby
 * inputs are ("shattered gradients", Balduzzi et al. 2017). Pure functions of a Model and tensors the caller owns; each one
 * frees every tensor it makes and returns plain numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerSpec } from '../spec';
import { walkLayers } from '../spec';
import { weightName } from '../weights';
import type { Model } from './model';
import { crossEntropy } from './train';

/** A weighted layer on the main path (shortcut projections are not counted, as the paper's depth does not). */
export interface DepthLayer {
  /** 1 for the first conv … `depth` for the classifier. */
  depth: number;
  name: string;
  kind: 'conv2d' | 'dense';
  /** The layer whose output is the paper's "response" of this conv: its BatchNorm when there is one, else itself. */
  responseLayer: string;
}

/** The weighted layers of the main path in the order data meets them: stem, each block's body, classifier. */
export function depthLayers(model: Model): DepthLayer[] {
  const out: DepthLayer[] = [];
  let last: DepthLayer | null = null; // the conv just seen, waiting to learn whether a BatchNorm follows it
  for (const { layer, block } of walkLayers(model.spec)) {
    const onShortcut = block?.shortcut.kind === 'projection' && block.shortcut.layers.includes(layer);
    if (onShortcut) continue;
    if (last && layer.kind === 'batchnorm') last.responseLayer = layer.name;
    last = null;
    if (layer.kind === 'conv2d' || layer.kind === 'dense') {
      last = { depth: out.length + 1, name: layer.name, kind: layer.kind, responseLayer: layer.name };
      out.push(last);
    }
  }
  return out;
}

/** Where a block's output sits: after the stem (`stem`) or after a block, with the weighted layers before it. */
export interface Boundary {
  name: string;
  /** Weighted main-path layers between the input and this point. */
  depth: number;
}

/** The stem's output, then every block's output: the x_l of the identity-mapping argument. */
export function blockBoundaries(model: Model): Boundary[] {
  const convs = (layers: readonly LayerSpec[]) => layers.filter((l) => l.kind === 'conv2d').length;
  let depth = convs(model.spec.stem);
  const out: Boundary[] = [{ name: 'stem', depth }];
  for (const stage of model.spec.stages) {
    for (const block of stage.blocks) out.push({ name: block.name, depth: (depth += convs(block.body)) });
  }
  return out;
}

export interface LayerGradient extends DepthLayer {
  /** ‖∂L/∂W‖, the Frobenius norm of the loss's gradient with respect to this layer's weight. */
  norm: number;
  /** ‖W‖, so a reader can compare the step a gradient would take with the weight it changes. */
  weightNorm: number;
}

export interface BoundaryGradient extends Boundary {
  /** ‖∂L/∂x_l‖ over the whole batch: the backward signal arriving at this block boundary. */
  norm: number;
}

export interface GradientReport {
  /** Mean cross-entropy of the batch. */
  loss: number;
  /** Per weighted layer: the gradients an optimizer would apply. */
  layers: LayerGradient[];
  /** Per block boundary: the gradient flowing back through the network. */
  boundaries: BoundaryGradient[];
}

/**
 * One backward pass of the mean cross-entropy over a batch, measured twice: the gradient norm of each main-path
 * weight, and of the activations at each block boundary. BatchNorm is in training mode (as during training) unless
 * `training` is false. No weight changes, but BN running statistics move as in any training-mode forward pass.
 */
export async function gradientNorms(model: Model, x: tf.Tensor4D, labels: tf.Tensor1D, { training = true } = {}): Promise<GradientReport> {
  const layers = depthLayers(model);
  const points = blockBoundaries(model);
  const vars = layers.map((l) => model.weight(weightName(l.name, 'kernel')));
  const seen = new Map<string, tf.Tensor>();
  // An identity whose backward pass records ‖dy‖ on the way through: the only way to see ∂L/∂x_l of a tensor made
  // inside the forward pass. tf.keep lets the norm outlive the backward pass's scopes.
  const tap = (name: string, t: tf.Tensor) =>
    tf.customGrad((...args: (tf.Tensor | ((ts: tf.Tensor[]) => void))[]) => ({
      value: tf.clone(args[0] as tf.Tensor),
      gradFunc: (dy: tf.Tensor) => {
        seen.set(name, tf.keep(tf.norm(dy)));
        return dy;
      },
    }))(t);
  const { value, grads } = tf.variableGrads(() => crossEntropy(model.apply(x, { training, tap }), labels), vars);
  // One read for every number: a read per layer would stall a GPU backend a hundred times.
  const packed = tf.tidy(() =>
    tf.stack([
      value,
      ...vars.map((v) => tf.norm(grads[v.name]!)),
      ...vars.map((v) => tf.norm(v)),
      ...points.map((p) => seen.get(p.name) ?? tf.scalar(Number.NaN)),
    ]),
  );
  tf.dispose([value, ...Object.values(grads), ...seen.values()]);
  const all = await packed.data();
  packed.dispose();
  const n = vars.length;
  return {
    loss: all[0]!,
    layers: layers.map((l, i) => ({ ...l, norm: all[1 + i]!, weightNorm: all[1 + n + i]! })),
    boundaries: points.map((p, i) => ({ ...p, norm: all[1 + 2 * n + i]! })),
  };
}

export interface LayerResponse extends DepthLayer {
  /** Standard deviation of every element of the layer's response (all images, positions and channels together). */
  std: number;
}

/** The 3×3 convs of the main path, whose responses the paper's Fig. 7 plots (stem and block bodies). */
export function responseLayers(model: Model): DepthLayer[] {
  const kernels = new Map<string, number>();
  for (const { layer } of walkLayers(model.spec)) if (layer.kind === 'conv2d') kernels.set(layer.name, layer.kernel);
  return depthLayers(model).filter((l) => l.kind === 'conv2d' && kernels.get(l.name) === 3);
}

/**
 * He et al. 2016, Fig. 7: "the outputs of each 3×3 layer, after BN and before other nonlinearity (ReLU/addition)",
 * their standard deviation over `images`, BatchNorm in inference mode (the net's running averages, as a trained net
 * is used). In a net without BatchNorm the response is the conv's own output. Measured `batchSize` images at a time,
 * the moments merged in float64, so any number of test images fits in memory.
 *
 * Only meaningful for a *trained* net: at initialisation the running averages are still 0 and 1 (BatchNorm is then
 * nearly the identity), and with batch statistics every response has std γ = 1 by construction.
 */
export async function layerResponseStd(model: Model, images: tf.Tensor4D, { batchSize = 100 } = {}): Promise<LayerResponse[]> {
  const layers = responseLayers(model);
  const names = layers.map((l) => l.responseLayer);
  const mean = new Float64Array(layers.length);
  const m2 = new Float64Array(layers.length); // sum of squared deviations from the mean
  const count = new Float64Array(layers.length);
  const n = images.shape[0];
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const sizes: number[] = [];
    const packed = tf.tidy(() => {
      const x = tf.slice(images, [start, 0, 0, 0], [size, -1, -1, -1]);
      const { collected } = model.run(x, { training: false, collect: names });
      for (const name of names) sizes.push(collected[name]!.size);
      return tf.stack(
        names.flatMap((name) => {
          const { mean, variance } = tf.moments(collected[name]!);
          return [mean, variance];
        }),
      );
    });
    const values = await packed.data();
    packed.dispose();
    // Chan et al.'s pairwise update: merge this batch's mean and variance into the running ones, in float64.
    layers.forEach((_, i) => {
      const nb = sizes[i]!;
      const delta = values[2 * i]! - mean[i]!;
      const total = count[i]! + nb;
      mean[i]! += (delta * nb) / total;
      m2[i]! += values[2 * i + 1]! * nb + (delta * delta * count[i]! * nb) / total;
      count[i] = total;
    });
  }
  return layers.map((l, i) => ({ ...l, std: Math.sqrt(m2[i]! / count[i]!) }));
}

/**
 * Sets every BatchNorm's running mean and variance to the statistics of its input over `x`, a batch of real,
 * varied images: one forward pass with batch statistics, then each layer's averages replaced by that pass's
 * statistics. Afterwards BatchNorm in inference mode computes, on `x`, exactly what training mode computed, and on
 * any other input the same per-channel affine map. This is how a fresh net gets realistic inference-mode BatchNorm
 * without training (the "precise BN" recipe: statistics of fixed weights over many images).
 * Needs each BatchNorm to follow a conv in its sequence (true of every net the builders make). No weight changes.
 */
export function setBatchNormStatistics(model: Model, x: tf.Tensor4D): void {
  const pairs: { conv: string; bn: string }[] = [];
  const sequences = [model.spec.stem, model.spec.head, ...model.spec.stages.flatMap((s) => s.blocks.flatMap((b) => [b.body, b.after, b.shortcut.kind === 'projection' ? b.shortcut.layers : []]))];
  for (const seq of sequences) {
    seq.forEach((layer, i) => {
      if (layer.kind !== 'batchnorm') return;
      const before = seq[i - 1];
      if (before?.kind !== 'conv2d') throw new Error(`setBatchNormStatistics: ${layer.name} does not follow a conv`);
      pairs.push({ conv: before.name, bn: layer.name });
    });
  }
  if (!pairs.length) return;
  tf.tidy(() => {
    const { collected } = model.run(x, { training: true, collect: pairs.map((p) => p.conv) });
    for (const { conv, bn } of pairs) {
      const h = collected[conv]!;
      const { mean, variance } = tf.moments(h, [0, 1, 2]);
      // The images' own (biased) variance, so that inference on `x` is exactly the training-mode pass on `x`. (The
      // training-mode update stores the unbiased one; over thousands of values per channel the two are the same.)
      model.weight(weightName(bn, 'running_mean')).assign(mean);
      model.weight(weightName(bn, 'running_var')).assign(variance);
    }
  });
}

/** Pearson correlation of two equally long vectors (0 when either is constant). */
export function pearsonCorrelation(a: ArrayLike<number>, b: ArrayLike<number>, offsetA = 0, offsetB = 0, length = a.length): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < length; i++) {
    ma += a[offsetA + i]!;
    mb += b[offsetB + i]!;
  }
  ma /= length;
  mb /= length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < length; i++) {
    const da = a[offsetA + i]! - ma;
    const db = b[offsetB + i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

export interface GradientCorrelation {
  /** Mean correlation between the input gradients of consecutive inputs. */
  mean: number;
  /** Correlation between the gradients of input i and input i + 1. */
  neighbours: number[];
}

/**
 * How alike the gradients ∂f/∂x of nearby inputs are, f being one output logit: the "shattered gradients" measure of
 * Balduzzi et al. 2017. `x` holds inputs along a path, in order (e.g. small steps from one image towards another).
 * Near 1: the gradient changes smoothly along the path; near 0: it looks like noise.
 *
 * Per example: BatchNorm runs in inference mode (its running averages), so each input's logit depends on that input
 * alone and the gradient of the batch's summed logit is, row by row, each input's own gradient. (In training mode the
 * batch's statistics would couple the inputs, and on a batch of near-identical inputs the tiny batch variance would
 * blow every difference up: neither local nor per-example.) For a fresh net, call `setBatchNormStatistics` first, or
 * BatchNorm is nearly the identity (running mean 0, variance 1).
 */
export async function gradientCorrelation(model: Model, x: tf.Tensor4D, { output = 0 } = {}): Promise<GradientCorrelation> {
  const n = x.shape[0];
  if (n < 2) throw new Error(`gradientCorrelation needs at least 2 inputs along a path, got ${n}`);
  const g = tf.grads((input: tf.Tensor) => {
    const logits = model.apply(input as tf.Tensor4D, { training: false, fuse: false });
    return tf.sum(tf.slice(logits, [0, output], [n, 1]));
  })([x])[0]!;
  const values = await g.data();
  g.dispose();
  const size = values.length / n;
  const neighbours: number[] = [];
  for (let i = 0; i + 1 < n; i++) neighbours.push(pearsonCorrelation(values, values, i * size, (i + 1) * size, size));
  return { mean: neighbours.reduce((s, v) => s + v, 0) / neighbours.length, neighbours };
}
