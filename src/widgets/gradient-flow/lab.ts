/**
 * The gradient-flow lab's engine: a plain net and a residual net of the same depth, width and initial weights,
 * measured with the model library's diagnostics at initialisation and after a few SGD steps. Runs in the lab's
 * worker (worker.ts) and in Node for the tests; knows nothing of the DOM.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cifarResNet } from '../../model/builders';
import type { ImageSet } from '../../model/data/fashion-mnist';
import { type GradientReport, type LayerResponse, gradientCorrelation, gradientNorms, layerResponseStd, setBatchNormStatistics } from '../../model/runtime/diagnostics';
import { type Model, instantiate } from '../../model/runtime/model';
import { trainStep } from '../../model/runtime/train';
import { Sgd } from '../../model/training/sgd';
import { NETS, type NetKind } from './series';

export { setBatchNormStatistics };
export { loadReferenceNet, loadReferenceNetsManifest } from '../../model/data/reference-nets';

export interface LabConfig {
  /** 6n + 2, as the paper's CIFAR nets: 8, 20, 56, 110, … */
  depth: number;
  batchNorm: boolean;
  /** Filters of the first stage (8 keeps a 110-layer net fast in a browser). */
  width: number;
  seed: number;
}

export interface NetMeasurement {
  step: number;
  gradients: GradientReport;
}

export type Measurement = Record<NetKind, NetMeasurement>;

/** A fixed batch: `count` images from `set`, starting at `start`, as tensors the caller disposes. */
export function batchOf(set: ImageSet, start: number, count: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const size = set.height * set.width;
  const idx = Array.from({ length: count }, (_, i) => (start + i) % set.count);
  const pixels = new Float32Array(count * size);
  idx.forEach((j, i) => pixels.set(set.images.subarray(j * size, (j + 1) * size), i * size));
  return {
    x: tf.tensor4d(pixels, [count, set.height, set.width, 1]),
    y: tf.tensor1d(idx.map((j) => set.labels[j]!), 'int32'),
  };
}

/** The two nets the lab compares: option A shortcuts, so both have exactly the same weights. */
export function labSpec(cfg: LabConfig, net: NetKind, inputShape: [number, number, number]) {
  return cifarResNet({ depth: cfg.depth, shortcut: net === 'plain' ? 'plain' : 'A', width: cfg.width, batchNorm: cfg.batchNorm, inputShape });
}

/** Two nets and their optimizers. Call `dispose()` when the configuration changes. */
export class GradientFlowLab {
  readonly models: Record<NetKind, Model>;
  private readonly optimizers: Record<NetKind, Sgd>;
  step = 0;

  constructor(
    readonly config: LabConfig,
    private readonly probe: { x: tf.Tensor4D; y: tf.Tensor1D },
  ) {
    const shape = probe.x.shape.slice(1) as [number, number, number];
    const make = (net: NetKind) => instantiate(labSpec(config, net, shape), { seed: config.seed });
    this.models = { plain: make('plain'), residual: make('residual') };
    const sgd = (m: Model) => Sgd.forModel(m, { momentum: 0.9, weightDecay: 1e-4 });
    this.optimizers = { plain: sgd(this.models.plain), residual: sgd(this.models.residual) };
  }

  /** Gradient norms of both nets on the probe batch (BatchNorm in training mode, as during training). */
  async measure(): Promise<Measurement> {
    const out = {} as Measurement;
    for (const net of NETS) out[net] = { step: this.step, gradients: await gradientNorms(this.models[net], this.probe.x, this.probe.y) };
    return out;
  }

  /** One SGD step of each net on the same batch (lr 0.1 at most, as the paper; less for very deep nets). */
  async trainStep(x: tf.Tensor4D, y: tf.Tensor1D, lr: number): Promise<Record<NetKind, number>> {
    const loss = {} as Record<NetKind, number>;
    for (const net of NETS) {
      const m = this.models[net];
      loss[net] = (await trainStep(m, this.optimizers[net].at(lr), x, y)).loss;
    }
    this.step++;
    return loss;
  }

  dispose(): void {
    for (const net of NETS) {
      this.models[net].dispose();
      this.optimizers[net].dispose();
    }
  }
}

/**
 * Inputs along a short straight path, `points` of them, from image `a` a tenth of the way towards image `b`: the
 * nearby inputs whose gradients the shattering measure compares. The caller disposes the result.
 */
export function pathBetween(set: ImageSet, a: number, b: number, points: number): tf.Tensor4D {
  return tf.tidy(() => {
    const { x } = batchOf(set, a, 1);
    const { x: x2 } = batchOf(set, b, 1);
    const t = tf.reshape(tf.linspace(0, 0.1, points), [points, 1, 1, 1]);
    return tf.add(x, tf.mul(t, tf.sub(x2, x))) as tf.Tensor4D;
  });
}

/**
 * How the lab's shattering plot sets BatchNorm up. `off`: nets without BatchNorm. `estimated`: BatchNorm in inference
 * mode with running statistics set from real images first (`setBatchNormStatistics`), so it normalises as a trained
 * net's would. (A fresh net's BatchNorm in inference mode, running mean 0 and variance 1, is nearly the identity:
 * that would measure the net without BatchNorm again.)
 */
export type ShatterNorm = 'off' | 'estimated';

export interface CorrelationPoint {
  depth: number;
  /** Mean over the seeds of each net's mean neighbour correlation. */
  correlation: number;
  /** One value per seed, in the order of `seeds`. */
  perSeed: number[];
}

/**
 * Balduzzi et al.'s curve: the mean neighbour correlation of per-example input gradients along `path`, for fresh
 * nets of each depth, one per seed. With `norm: 'estimated'`, `statistics` (real, varied images) sets each net's
 * BatchNorm running averages before measuring.
 */
export async function correlationByDepth(
  cfg: { width: number; seeds: readonly number[]; norm: ShatterNorm },
  depths: readonly number[],
  path: tf.Tensor4D,
  statistics?: tf.Tensor4D,
  onProgress?: (done: number, total: number) => void | Promise<void>,
): Promise<Record<NetKind, CorrelationPoint[]>> {
  if (cfg.norm === 'estimated' && !statistics) throw new Error('correlationByDepth: BatchNorm statistics need images');
  const out: Record<NetKind, CorrelationPoint[]> = { plain: [], residual: [] };
  const shape = path.shape.slice(1) as [number, number, number];
  const total = depths.length * NETS.length * cfg.seeds.length;
  let done = 0;
  for (const depth of depths) {
    for (const net of NETS) {
      const perSeed: number[] = [];
      for (const seed of cfg.seeds) {
        const m = instantiate(labSpec({ depth, batchNorm: cfg.norm !== 'off', width: cfg.width, seed }, net, shape), { seed });
        try {
          if (cfg.norm === 'estimated') setBatchNormStatistics(m, statistics!);
          perSeed.push((await gradientCorrelation(m, path)).mean);
        } finally {
          m.dispose();
        }
        await onProgress?.(++done, total);
      }
      out[net].push({ depth, correlation: perSeed.reduce((a, b) => a + b, 0) / perSeed.length, perSeed });
    }
  }
  return out;
}

/** Fig. 7 for a pair of nets (trained ones: see `layerResponseStd`), on `images`. */
export async function responsesOf(models: Partial<Record<NetKind, Model>>, images: tf.Tensor4D): Promise<Partial<Record<NetKind, LayerResponse[]>>> {
  const out: Partial<Record<NetKind, LayerResponse[]>> = {};
  for (const net of NETS) {
    const m = models[net];
    if (m) out[net] = await layerResponseStd(m, images);
  }
  return out;
}
