/**
 * Measurements of a network's signal flow, for the gradient-flow lesson: the gradient norm of every weighted layer,
 * the spread of every layer's responses (He et al. 2016, Fig. 7) and how alike the input gradients of nearby inputs
 * are ("shattered gradients", Balduzzi et al. 2017). Pure functions of a Model and tensors the caller owns; each one
 * frees every tensor it makes and returns plain numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerSpec } from '../spec';
import { walkLayers } from '../spec';
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
  const vars = layers.map((l) => model.weight(`${l.name}.weight`));
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
  /** Standard deviation of every element of the layer's response over the batch. */
  std: number;
}

/**
 * The standard deviation of each conv's response (after its BatchNorm, before the ReLU and the addition), the
 * quantity of the paper's Fig. 7. BatchNorm in inference mode unless `training`; in training mode a fresh BN makes
 * each channel's std exactly γ, so the figure is only informative for trained nets or nets without BN.
 */
export async function responseStds(model: Model, x: tf.Tensor4D, { training = false } = {}): Promise<LayerResponse[]> {
  const layers = depthLayers(model).filter((l) => l.kind === 'conv2d');
  const { output, collected } = model.run(x, { training, collect: layers.map((l) => l.responseLayer) });
  const packed = tf.tidy(() => tf.stack(layers.map((l) => tf.sqrt(tf.moments(collected[l.responseLayer]!).variance))));
  tf.dispose([output, ...Object.values(collected)]);
  const stds = await packed.data();
  packed.dispose();
  return layers.map((l, i) => ({ ...l, std: stds[i]! }));
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
 * Near 1: the gradient changes smoothly along the path; near 0: it looks like noise. BatchNorm in training mode by
 * default (how the net trains; the batch's statistics then couple its examples a little).
 */
export async function gradientCorrelation(model: Model, x: tf.Tensor4D, { output = 0, training = true } = {}): Promise<GradientCorrelation> {
  const n = x.shape[0];
  if (n < 2) throw new Error(`gradientCorrelation needs at least 2 inputs along a path, got ${n}`);
  const g = tf.grads((input: tf.Tensor) => {
    const logits = model.apply(input as tf.Tensor4D, { training });
    return tf.sum(tf.slice(logits, [0, output], [n, 1]));
  })([x])[0]!;
  const values = await g.data();
  g.dispose();
  const size = values.length / n;
  const neighbours: number[] = [];
  for (let i = 0; i + 1 < n; i++) neighbours.push(pearsonCorrelation(values, values, i * size, (i + 1) * size, size));
  return { mean: neighbours.reduce((s, v) => s + v, 0) / neighbours.length, neighbours };
}
