/**
 * The gradient-flow lab's engine: a plain net and a residual net of the same depth, width and initial weights,
 * measured with the model library's diagnostics at initialisation and after a few SGD steps. Runs in the page
 * (loaded with tfjs, on first use) and in Node for the tests; knows nothing of the DOM.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cifarResNet } from '../../model/builders';
import type { ImageSet } from '../../model/data/fashion-mnist';
import { type GradientReport, type LayerResponse, gradientCorrelation, gradientNorms, responseStds } from '../../model/runtime/diagnostics';
import { type Model, instantiate } from '../../model/runtime/model';
import { Sgd, decayedWeightNames } from '../../model/training/sgd';
import { sgdStep } from '../../model/training/trainer';
import { NETS, type NetKind } from './series';

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
  responses: LayerResponse[];
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
    const sgd = (m: Model) => new Sgd(m.trainableVariables, new Set([...decayedWeightNames(m.spec)].map((n) => m.weight(n).name)), { momentum: 0.9, weightDecay: 1e-4 });
    this.optimizers = { plain: sgd(this.models.plain), residual: sgd(this.models.residual) };
  }

  /** Gradient norms and response spreads of both nets on the probe batch. */
  async measure(): Promise<Measurement> {
    const out = {} as Measurement;
    for (const net of NETS) {
      const m = this.models[net];
      out[net] = { step: this.step, gradients: await gradientNorms(m, this.probe.x, this.probe.y), responses: await responseStds(m, this.probe.x, { training: true }) };
    }
    return out;
  }

  /** One SGD step of each net on the same batch (lr 0.1 at most, as the paper; less for very deep nets). */
  async trainStep(x: tf.Tensor4D, y: tf.Tensor1D, lr: number): Promise<Record<NetKind, number>> {
    const loss = {} as Record<NetKind, number>;
    for (const net of NETS) {
      const m = this.models[net];
      loss[net] = (await sgdStep(m, this.optimizers[net], m.trainableVariables, x, y, lr)).loss;
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

/** Mean neighbour correlation of input gradients for one fresh net per depth: Balduzzi et al.'s curve. */
export async function correlationByDepth(
  cfg: Omit<LabConfig, 'depth'>,
  depths: readonly number[],
  path: tf.Tensor4D,
  onProgress?: (done: number, total: number) => void | Promise<void>,
): Promise<Record<NetKind, { depth: number; correlation: number }[]>> {
  const out: Record<NetKind, { depth: number; correlation: number }[]> = { plain: [], residual: [] };
  const shape = path.shape.slice(1) as [number, number, number];
  let done = 0;
  for (const depth of depths) {
    for (const net of NETS) {
      const m = instantiate(labSpec({ ...cfg, depth }, net, shape), { seed: cfg.seed });
      try {
        out[net].push({ depth, correlation: (await gradientCorrelation(m, path)).mean });
      } finally {
        m.dispose();
      }
      await onProgress?.(++done, depths.length * NETS.length);
    }
  }
  return out;
}
