/**
 * Fine-tuning conv5_x (`layer4`, the last stage of the pretrained ResNet-50) together with the new head, on C4 maps
 * (layer3's output, [14, 14, 1024] for a 224 crop) computed once per image: conv1…conv4 stay frozen, so they need
 * not run again, and an epoch costs three bottleneck blocks forward and backward per image instead of fifty layers.
 *
 * Why the frozen part cannot hit the BatchNorm pitfall of `requires_grad = False` in PyTorch (a frozen BN in train
 * mode still normalises with batch statistics and moves its running averages): our weights have BatchNorm folded into
 * each conv's kernel and bias (scripts/weights.ts), so there is no BN layer left, frozen or not, only fixed affine
 * maps. The same holds for conv5_x while it trains: its convs keep their folded biases and learn them like any bias.
 *
 * Pure: tfjs-core only, no DOM.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Model } from '../runtime/model';
import type { ResNet50, ImageInput } from '../runtime/resnet50';
import { crossEntropy } from '../runtime/train';
import type { NetworkSpec } from '../spec';
import { deriveSeed, mulberry32 } from '../training/random';
import { Sgd } from '../training/sgd';
import { macrotask } from '../training/yield';
import type { NamedTensors } from './head-file';
import { HeadVariables, checkSplit, epochBatches, lossAndAccuracy, trainingPlan, type EpochStats, type HeadWeights } from './head';

/** The stage that fine-tuning unfreezes, by its code name (torchvision's `layer4`, the paper's conv5_x). */
export const STAGE5 = 'layer4';

/** What holds the pretrained backbone: a `ResNet50` handle, or anything with its `model`. */
export type Backbone = Pick<ResNet50, 'model'>;

/**
 * conv5_x plus global average pooling as a network of its own: input C4 [h, w, channels of layer3], output the pooled
 * C5 features [N, 2048] the head reads. Same layer names as the full model, so weights copy across by name.
 */
export function stage5Spec(full: NetworkSpec): NetworkSpec {
  const i = full.stages.findIndex((s) => s.name === STAGE5);
  if (i < 1) throw new Error(`${full.name} has no stage "${STAGE5}" after another stage to fine-tune`);
  const pool = full.head.find((l) => l.kind === 'globalavgpool');
  if (!pool) throw new Error(`${full.name} does not pool globally before its classifier`);
  const first = full.stages[i]!.blocks[0]!;
  const conv = [...(first.before ?? []), ...first.body].find((l) => l.kind === 'conv2d');
  if (!conv || conv.kind !== 'conv2d') throw new Error(`${full.name}: ${STAGE5} does not start with a convolution`);
  // The input's size: each earlier stride-2 stage halves the grid (224 → 14 for ResNet-50).
  const [h, w] = full.inputShape;
  const scale = 2 ** (1 + i); // stem (conv + pool): /4; the first stage keeps the size; each later one before it: /2
  return { name: `${full.name}-conv5`, inputShape: [Math.round(h / scale), Math.round(w / scale), conv.inChannels], stem: [], stages: [full.stages[i]!], head: [pool] };
}

/** conv5_x as a trainable network, and what a fine-tuned model needs to run it. Call `dispose()`. */
export class Stage5 {
  readonly model: Model;

  private constructor(model: Model) {
    this.model = model;
  }

  /**
   * conv5_x with the backbone's pretrained values, or with `tuned` ones (from `fineTuneStage5` or a saved file),
   * which must name every weight of the stage with its size.
   */
  static from(backbone: Backbone, tuned?: NamedTensors): Stage5 {
    const model = new Model(stage5Spec(backbone.model.spec), { init: 'zeros' });
    try {
      const given = tuned ? new Map(tuned.names.map((n, i) => [n, tuned.values[i]!])) : undefined;
      if (given) {
        const extra = [...given.keys()].filter((n) => !model.weights.has(n));
        if (extra.length) throw new Error(`stage 5: no weight named ${extra.slice(0, 3).map((n) => `"${n}"`).join(', ')} in ${STAGE5}`);
      }
      for (const [name, v] of model.weights) {
        if (!given) {
          v.assign(backbone.model.weight(name)); // shares the pretrained values; training replaces, never mutates, them
          continue;
        }
        const values = given.get(name);
        if (!values) throw new Error(`stage 5: the fine-tuned weights lack "${name}"`);
        if (values.length !== v.size) throw new Error(`stage 5: "${name}" needs ${v.size} values [${v.shape.join(', ')}], got ${values.length}`);
        tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
      }
    } catch (e) {
      model.dispose();
      throw e;
    }
    return new Stage5(model);
  }

  /** [h, w, channels] of one C4 map. */
  get inputShape(): [number, number, number] {
    return this.model.spec.inputShape;
  }

  /** Pooled C5 [N, 2048] for C4 maps [N, h, w, c]. The caller disposes the result. */
  pooled(c4: tf.Tensor4D, training = false): tf.Tensor2D {
    return this.model.apply(c4, { training });
  }

  /** Channels of C5, the features the head reads: the last conv of the last block (2048 for ResNet-50). */
  get outChannels(): number {
    const last = this.model.spec.stages[0]!.blocks.at(-1)!.body.filter((l) => l.kind === 'conv2d').at(-1);
    if (!last || last.kind !== 'conv2d') throw new Error(`${this.model.spec.name}: the last block has no convolution`);
    return last.outChannels;
  }

  /** Pooled C5 of many C4 maps (each h·w·c values), n·2048 values, `batch` at a time. Leaves no tensors behind. */
  async features(c4: readonly Float32Array[], batch = 16): Promise<Float32Array> {
    const channels = this.outChannels;
    const out = new Float32Array(c4.length * channels);
    for (let s = 0; s < c4.length; s += batch) {
      const x = stackMaps(c4.slice(s, s + batch), this.inputShape);
      const f = this.pooled(x);
      out.set(await f.data(), s * channels);
      tf.dispose([x, f]);
    }
    return out;
  }

  /** C5 of one C4 map, HWC, for a class activation map (runtime/cam.ts); and its pooled features. No tensors left. */
  async maps(c4: Float32Array): Promise<{ h: number; w: number; channels: number; data: Float32Array; pooled: Float32Array }> {
    const x = stackMaps([c4], this.inputShape);
    const { output, collected } = this.model.run(x, { collect: [STAGE5] });
    try {
      const [, h, w, channels] = collected[STAGE5]!.shape as [number, number, number, number];
      const [data, pooled] = await Promise.all([collected[STAGE5]!.data() as Promise<Float32Array>, output.data() as Promise<Float32Array>]);
      return { h, w, channels, data, pooled };
    } finally {
      tf.dispose([x, output, collected[STAGE5]!]);
    }
  }

  /** A copy of the trainable weights (conv kernels and biases), with shapes, for saving. */
  async read(): Promise<NamedTensors & { shapes: number[][] }> {
    const entries = [...this.model.weights].filter(([name]) => this.model.layout.get(name)?.trainable);
    const values = await Promise.all(entries.map(async ([, v]) => new Float32Array(await v.data())));
    return { names: entries.map(([n]) => n), values, shapes: entries.map(([, v]) => [...v.shape]) };
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** C4 maps as one tensor [N, h, w, c]. The caller disposes it. */
function stackMaps(maps: readonly Float32Array[], [h, w, c]: [number, number, number]): tf.Tensor4D {
  const per = h * w * c;
  const x = new Float32Array(maps.length * per);
  maps.forEach((m, i) => {
    if (m.length !== per) throw new Error(`stage 5: a C4 map needs ${h}×${w}×${c} = ${per} values, got ${m.length}`);
    x.set(m, i * per);
  });
  return tf.tensor4d(x, [maps.length, h, w, c]);
}

/**
 * C4 (layer3's output) of one photo, h·w·channels values HWC, prepared as `features` prepares it (resize, centre
 * crop, caffe preprocessing). It runs the whole network once (the model has no early exit), which costs about a fifth
 * more than stopping at C4; it is done once per image. Leaves no tensors behind.
 */
export async function c4Map(resnet: ResNet50, image: ImageInput): Promise<Float32Array> {
  const stages = resnet.stages(image);
  try {
    return (await stages.layer3.data()) as Float32Array;
  } finally {
    tf.dispose(Object.values(stages));
  }
}

/**
 * Random horizontal flip and shift by up to one cell (16 input pixels) of C4 maps, zero-filled, per example. This
 * augments the C4 maps, not the photos: a mirrored photo's C4 is not exactly the mirrored C4 (the filters are not
 * mirror-symmetric), and a one-cell shift is a coarse crop. We do it anyway because re-running conv1…conv4 on
 * augmented photos every epoch costs about four times the fine-tuning itself on a CPU. Caller disposes the result.
 */
export function augmentMaps(x: tf.Tensor4D, random: () => number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w] = x.shape;
    const padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
    const out: tf.Tensor4D[] = [];
    for (let i = 0; i < n; i++) {
      const dy = Math.floor(random() * 3);
      const dx = Math.floor(random() * 3);
      let m = tf.slice(padded, [i, dy, dx, 0], [1, h, w, -1]) as tf.Tensor4D;
      if (random() < 0.5) m = tf.reverse(m, 2);
      out.push(m);
    }
    return tf.concat(out, 0);
  });
}

export interface FineTuneOptions {
  /** Default 5. */
  epochs?: number;
  /** SGD + momentum 0.9 for conv5_x. Default 1e-3, as torchvision's fine-tuning tutorial. */
  lrStage5?: number;
  /** Adam for the head, as in `trainHead`. Default 1e-4: the head starts trained. */
  lrHead?: number;
  /** Default 8. */
  batch?: number;
  /** L2 on conv5_x's and the head's kernels. Default 1e-4. */
  weightDecay?: number;
  seed?: number;
  /** Early stopping on validation loss. Default 3. */
  patience?: number;
  /** Flip and shift C4 maps while training (`augmentMaps`). Default true. */
  augment?: boolean;
  /**
   * Also keep the epoch ≥ 1 with the lowest validation loss (`bestFineTuned`), chosen among the epochs this run made,
   * so a record can compare a model that really was fine-tuned with the head-only one, beside the procedure's result
   * (which falls back to the head-only start). Costs one more weight copy. Default false.
   */
  keepBestFineTuned?: boolean;
  signal?: AbortSignal;
  onEpoch?: (s: EpochStats) => void | Promise<void>;
}

export interface FineTuneResult {
  /** The head and conv5_x of the epoch with the lowest validation loss (epoch 0: the head-only model, unchanged). */
  best: { head: HeadWeights; stage5: NamedTensors & { shapes: number[][] } };
  history: EpochStats[];
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Wall time of one epoch (training and validation), averaged over the epochs run. */
  secondsPerEpoch: number;
  /**
   * With `keepBestFineTuned`: the epoch ≥ 1 with the lowest validation loss and its weights, even when it does not
   * beat the head-only start (then `best` is that start and this is not). Null when the option is off or no epoch ran.
   */
  bestFineTuned: { epoch: number; head: HeadWeights; stage5: NamedTensors & { shapes: number[][] } } | null;
}

/**
 * Trains conv5_x and the head together on cached C4 maps, starting from the pretrained conv5_x and the given
 * (head-only trained) head: conv5_x with SGD + momentum 0.9 at lr 1e-3 (the rate of PyTorch's fine-tuning tutorial),
 * the head with a fresh Adam at 1e-4, a tenth of its first rate. SGD for conv5_x (half the memory of Adam's two moment buffers on 15 M
 * weights), Adam for the head. The starting point counts as epoch 0, so fine-tuning never returns a model worse on
 * validation than the head it started from. Train loss and accuracy are running means over the epoch's (augmented)
 * minibatches; validation ones are measured after the epoch without augmentation. Leaves no tensors behind.
 */
export async function fineTuneStage5(
  resnet: Backbone,
  c4: Float32Array[],
  labels: Int32Array,
  split: { train: number[]; validation: number[] },
  head: HeadWeights,
  opts: FineTuneOptions = {},
): Promise<FineTuneResult> {
  const stage5 = Stage5.from(resnet);
  if (stage5.outChannels !== head.spec.features) {
    stage5.dispose();
    throw new Error(`fineTuneStage5: the head reads ${head.spec.features} features, conv5_x gives ${stage5.outChannels}`);
  }
  const plan = trainingPlan({ epochs: opts.epochs ?? 5, lr: opts.lrHead ?? 1e-4, batch: opts.batch ?? 8, weightDecay: opts.weightDecay ?? 1e-4, patience: opts.patience ?? 3, seed: opts.seed ?? 1 });
  const lrStage5 = opts.lrStage5 ?? 1e-3;
  if (!(lrStage5 > 0)) throw new Error(`fineTuneStage5: lrStage5 must be a positive number, got ${String(lrStage5)}`);
  const [h, w, c] = stage5.inputShape;
  try {
    checkSplit(labels, split, head.spec.classes);
    if (c4.length !== labels.length) throw new Error(`${c4.length} C4 maps for ${labels.length} labels`);
  } catch (e) {
    stage5.dispose();
    throw new Error(`fineTuneStage5: ${(e as Error).message}`);
  }
  const headVars = new HeadVariables(head);
  const convVars = stage5.model.trainableVariables;
  const sgd = new Sgd(convVars, stage5.model.decayedVariableNames, { momentum: 0.9, weightDecay: plan.weightDecay });
  const adam = tf.train.adam(plan.lr);
  const headNames = new Set(headVars.variables.map((v) => v.name));
  const yAll = tf.tensor1d(labels, 'int32');
  const gather = (idx: number[]) => stackMaps(idx.map((i) => c4[i]!), [h, w, c]);

  const validate = async (): Promise<[number, number]> => {
    if (split.validation.length === 0) return [NaN, NaN];
    let loss = 0;
    let correct = 0;
    for (let s = 0; s < split.validation.length; s += plan.batch) {
      const idx = split.validation.slice(s, s + plan.batch);
      const x = gather(idx);
      const r = tf.tidy(() => lossAndAccuracy(headVars.apply(stage5.pooled(x)), tf.gather(yAll, tf.tensor1d(idx, 'int32')) as tf.Tensor1D));
      const [l, a] = await r.data();
      tf.dispose([x, r]);
      loss += l! * idx.length;
      correct += a! * idx.length;
    }
    return [loss / split.validation.length, correct / split.validation.length];
  };
  const snapshot = async () => ({ head: await headVars.read(), stage5: await stage5.read() });

  const history: EpochStats[] = [];
  let seconds = 0;
  let stoppedEarly = false;
  try {
    const [startLoss] = await validate();
    let best = await snapshot();
    let bestLoss = split.validation.length ? startLoss : Infinity;
    let bestEpoch = 0;
    let bestFineTuned: FineTuneResult['bestFineTuned'] = null;
    let bestFineTunedLoss = Infinity;
    for (let epoch = 1; epoch <= plan.epochs; epoch++) {
      const t0 = performance.now();
      const random = mulberry32(deriveSeed(plan.seed, 'augment', epoch));
      let lossSum = 0;
      let correctSum = 0;
      for (const batch of epochBatches(split.train, plan.batch, plan.seed, epoch)) {
        opts.signal?.throwIfAborted();
        const raw = gather(batch);
        const x = opts.augment === false ? raw : augmentMaps(raw, random);
        const yb = tf.tidy(() => tf.gather(yAll, tf.tensor1d(batch, 'int32')) as tf.Tensor1D);
        const kept: { stats?: tf.Tensor } = {};
        const { value, grads } = tf.variableGrads(() => {
          // training: true only turns off the fused inference kernels; conv5_x has no BatchNorm left to switch mode.
          const logits = headVars.apply(stage5.pooled(x, true));
          kept.stats = tf.keep(lossAndAccuracy(logits, yb));
          const loss = crossEntropy(logits, yb);
          return plan.weightDecay > 0 ? tf.add(loss, headVars.decay(plan.weightDecay)) : loss;
        }, [...convVars, ...headVars.variables]);
        try {
          sgd.apply(grads, lrStage5); // decays conv5_x's kernels itself
          adam.applyGradients(Object.entries(grads).filter(([name]) => headNames.has(name)).map(([name, tensor]) => ({ name, tensor })));
        } finally {
          tf.dispose([value, grads, raw, x, yb]);
        }
        const [l, a] = await kept.stats!.data();
        kept.stats!.dispose();
        lossSum += l! * batch.length;
        correctSum += a! * batch.length;
        await macrotask(); // a batch takes seconds on a CPU: let a cancel in between
      }
      const [validationLoss, validationAccuracy] = await validate();
      seconds += (performance.now() - t0) / 1000;
      const improved = split.validation.length === 0 || validationLoss < bestLoss;
      const improvedFineTuned = opts.keepBestFineTuned === true && (split.validation.length === 0 || validationLoss < bestFineTunedLoss);
      const weights = improved || improvedFineTuned ? await snapshot() : undefined;
      if (improved) {
        bestLoss = validationLoss;
        bestEpoch = epoch;
        best = weights!;
      }
      if (improvedFineTuned) {
        bestFineTunedLoss = validationLoss;
        bestFineTuned = { epoch, ...weights! };
      }
      const stats: EpochStats = { epoch, trainLoss: lossSum / split.train.length, trainAccuracy: correctSum / split.train.length, validationLoss, validationAccuracy, best: improved };
      history.push(stats);
      await opts.onEpoch?.(stats);
      await macrotask();
      if (epoch - bestEpoch >= plan.patience && epoch < plan.epochs) {
        stoppedEarly = true;
        break;
      }
    }
    opts.signal?.throwIfAborted();
    return { best, history, bestEpoch, stoppedEarly, secondsPerEpoch: history.length ? seconds / history.length : 0, bestFineTuned };
  } finally {
    sgd.dispose();
    adam.dispose();
    headVars.dispose();
    stage5.dispose();
    yAll.dispose();
  }
}

/**
 * Pooled C5 features of C4 maps through a fine-tuned conv5_x (n·2048 values), for `predictHead`. Builds the stage,
 * runs it and frees it; a widget classifying many images keeps a `Stage5` instead.
 */
export async function fineTunedFeatures(resnet: Backbone, stage5: NamedTensors, c4: readonly Float32Array[]): Promise<Float32Array> {
  const net = Stage5.from(resnet, stage5);
  try {
    return await net.features(c4);
  } finally {
    net.dispose();
  }
}
