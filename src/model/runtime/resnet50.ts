/**
 * The pretrained ImageNet ResNet-50 as one handle, in the spirit of tfjs-models' `mobilenet.load()`: load it (every
 * file verified, with progress), warm it up, then ask it about photos. The classifier widget's worker is a thin
 * adapter over this; a transfer-learning widget takes `features` from the same handle.
 *
 *   const net = await loadResNet50({ baseUrl: `${import.meta.env.BASE_URL}weights/resnet50/`, onProgress });
 *   await net.classify(photo);       // [{ classId: 285, label: 'Egyptian cat', probability: 0.61 }, …]
 *   const f = net.features(photo);   // pooled C5 [2048]; the caller disposes it
 *   net.dispose();
 *
 * A photo is an RGB tensor [H, W, 3] in 0..255 of any size, or pixels (`ImageData`, `{ width, height, data }`); it
 * is resized and centre-cropped as the manifest says (256 → 224) and preprocessed as the weights expect (imagenet.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { classActivationMap } from './cam';
import { predictProbabilities, prepareImages, preprocess, resizeShortSideAndCenterCrop, topK } from './imagenet';
import type { Model } from './model';
import { loadPretrained, type LoadOptions, type Pretrained, type WeightsManifest } from './pretrained';

/** The outputs of the four stages, C2…C5 (conv2_x … conv5_x), by the names the model gives them. */
export const RESNET50_STAGES = ['layer1', 'layer2', 'layer3', 'layer4'] as const;
export type StageName = (typeof RESNET50_STAGES)[number];

export type ImageInput = tf.Tensor3D | tf.PixelData | ImageData;

export interface Classification {
  classId: number;
  label: string;
  probability: number;
}

/** A class activation map (cam.ts) on C5's grid, with the numbers it adds up to: mean(map) + bias = logit. */
export interface ClassActivation extends Classification {
  /** h·w values, row-major. */
  map: Float32Array;
  h: number;
  w: number;
  logit: number;
  bias: number;
}

/** One class of `inspect`'s top k, with what its CAM needs. */
export interface ClassEvidence extends Classification {
  /** z_c, the score before the softmax. */
  logit: number;
  /** Column c of the fc kernel (2048 values): the CAM weights w_{k,c}. */
  weights: Float32Array;
  /** Bias b_c of the fc layer. */
  bias: number;
}

/** One stage's output for one photo, in brief: its shape and its most active channels. */
export interface StageChannels {
  stage: StageName;
  /** [h, w, channels] of the whole stage output. */
  shape: [number, number, number];
  /** The channels with the highest mean activation for this photo, most active first. */
  channels: number[];
  /** Those channels, HWC: h·w·channels.length values. */
  data: Float32Array;
}

/** Everything one forward pass tells about a photo: what the classifier widget shows. */
export interface Inspection {
  /** The crop the network saw, RGB in 0..255 (clipped), cropSize·cropSize·3 values. */
  crop: Float32Array;
  cropSize: number;
  /** The short side the photo was resized to before the crop. */
  resize: number;
  /** The top k classes, most probable first. */
  top: ClassEvidence[];
  /** C5 for this photo, HWC (7·7·2048 values). */
  c5: { h: number; w: number; channels: number; data: Float32Array };
  stages: StageChannels[];
  timings: { preprocessMs: number; inferenceMs: number; mapsMs: number };
}

export interface ResNet50Timings {
  /** Manifest, labels and shards arrived and verified. */
  downloadMs: number;
  /** Dequantizing and uploading the weights. */
  buildMs: number;
  /** First run on a blank image (compiles shaders, warms caches); 0 without warm-up. */
  warmupMs: number;
}

export interface LoadResNet50Options extends LoadOptions {
  /** Run once on a blank image after loading, so the first photo is not slowed by compiling shaders. Default true. */
  warmup?: boolean;
}

const now = () => performance.now();

/** An RGB tensor [H, W, 3] for any input: tensors pass through, pixels are read without their alpha channel. */
const toRgb = (image: ImageInput): tf.Tensor3D => (image instanceof tf.Tensor ? image : tf.browser.fromPixels(image, 3));

export class ResNet50 {
  readonly model: Model;
  readonly labels: readonly string[];
  readonly manifest: WeightsManifest;
  readonly timings: ResNet50Timings;
  #disposed = false;

  /** Wraps loaded weights; `loadResNet50` is the usual way in. The handle owns (and disposes) `pretrained.model`. */
  constructor(pretrained: Pretrained, timings: ResNet50Timings = { downloadMs: 0, buildMs: 0, warmupMs: 0 }) {
    this.model = pretrained.model;
    this.labels = pretrained.labels;
    this.manifest = pretrained.manifest;
    this.timings = timings;
  }

  /** Runs once on a blank crop, collecting the stages as `inspect` does, so the same kernels are compiled. */
  async warmup(): Promise<void> {
    const { crop } = this.manifest.preprocessing;
    const blank = tf.zeros([1, crop, crop, 3]) as tf.Tensor4D;
    const { output, collected } = this.model.run(blank, { collect: RESNET50_STAGES });
    try {
      await output.data();
    } finally {
      tf.dispose([blank, output, ...Object.values(collected)]);
    }
  }

  /** The k most probable ImageNet classes of a photo, most probable first. Leaves no tensors behind. */
  async classify(image: ImageInput, k = 5): Promise<Classification[]> {
    const probs = tf.tidy(() => predictProbabilities(this.model, toRgb(image), this.manifest.preprocessing));
    try {
      return topK(await probs.data(), k, this.labels).map(({ index, label, prob }) => ({ classId: index, label, probability: prob }));
    } finally {
      probs.dispose();
    }
  }

  /**
   * Pooled C5: the 2048 numbers the classifier's one fully connected layer reads (the `avgpool` output), for one
   * photo ([2048]) or a batch of equal-sized photos [N, H, W, 3] ([N, 2048]). The caller disposes the result.
   */
  features(images: tf.Tensor4D): tf.Tensor2D;
  features(image: ImageInput): tf.Tensor1D;
  features(input: ImageInput | tf.Tensor4D): tf.Tensor1D | tf.Tensor2D {
    return tf.tidy(() => {
      const rgb = input instanceof tf.Tensor && input.rank === 4 ? (input as tf.Tensor4D) : toRgb(input as ImageInput);
      const x = prepareImages(rgb, this.manifest.preprocessing);
      const pooled = this.model.run(x, { collect: ['avgpool'] }).collected.avgpool as tf.Tensor2D;
      return rgb.rank === 4 ? pooled : (tf.squeeze(pooled, [0]) as tf.Tensor1D);
    });
  }

  /** The outputs of the four stages C2…C5 for one photo, each [h, w, channels]. The caller disposes them. */
  stages(image: ImageInput): Record<StageName, tf.Tensor3D> {
    return tf.tidy(() => {
      const x = prepareImages(toRgb(image), this.manifest.preprocessing);
      const { collected } = this.model.run(x, { collect: RESNET50_STAGES });
      return Object.fromEntries(RESNET50_STAGES.map((s) => [s, tf.squeeze(collected[s]!, [0])])) as Record<StageName, tf.Tensor3D>;
    });
  }

  /** The class activation map of class `classId` for a photo (cam.ts). Leaves no tensors behind. */
  async cam(image: ImageInput, classId: number): Promise<ClassActivation> {
    const classes = this.labels.length;
    if (!Number.isInteger(classId) || classId < 0 || classId >= classes) {
      throw new Error(`cam: classId must be an integer in 0…${classes - 1}, got ${JSON.stringify(classId)}`);
    }
    const [probs, c5, column, bias, logits] = tf.tidy(() => {
      const x = prepareImages(toRgb(image), this.manifest.preprocessing);
      const { output, collected } = this.model.run(x, { collect: ['layer4'] });
      return [
        tf.softmax(output),
        collected.layer4!,
        tf.gather(this.model.weight('fc.weight'), [classId], 1), // [2048, 1]: w_{k,c}
        tf.gather(this.model.weight('fc.bias'), [classId]),
        output,
      ];
    });
    try {
      const [, h, w, channels] = c5.shape as [number, number, number, number];
      const [p, f, wc, b, z] = await Promise.all([probs.data(), c5.data(), column.data(), bias.data(), logits.data()]);
      const map = classActivationMap(f, h, w, channels, wc);
      return { classId, label: this.labels[classId]!, probability: p[classId]!, map, h, w, logit: z[classId]!, bias: b[0]! };
    } finally {
      tf.dispose([probs, c5, column, bias, logits]);
    }
  }

  /**
   * One forward pass, everything the classifier widget shows: the crop, the top k classes with their logits and CAM
   * weights, C5 for the maps, and the `channelsPerStage` most active channels of each stage. Leaves no tensors behind.
   */
  async inspect(image: ImageInput, { k = 5, channelsPerStage = 4 }: { k?: number; channelsPerStage?: number } = {}): Promise<Inspection> {
    const prep = this.manifest.preprocessing;
    const t0 = now();
    // [crop, crop, 3] float32 RGB 0..255: exactly what `classify` and `features` feed the network.
    const crop = tf.tidy(() => resizeShortSideAndCenterCrop(toRgb(image), prep.resize, prep.crop));
    const x = tf.tidy(() => tf.expandDims(preprocess(crop, prep.mean), 0) as tf.Tensor4D);
    const t1 = now();

    const { output, collected } = this.model.run(x, { collect: RESNET50_STAGES });
    const probs = tf.softmax(output);
    const kept: tf.Tensor[] = [crop, x, output, probs, ...Object.values(collected)];
    try {
      const [p, logits] = await Promise.all([probs.data(), output.data()]);
      const t2 = now();

      const top = topK(p, k, this.labels);
      const idx = top.map((t) => t.index);
      // The CAM weights of the top classes: columns of the fc kernel [2048, 1000] → [k, 2048].
      const [wT, b] = tf.tidy(() => [tf.transpose(tf.gather(this.model.weight('fc.weight'), idx, 1)), tf.gather(this.model.weight('fc.bias'), idx)]);
      kept.push(wT!, b!);
      const stageTensors = RESNET50_STAGES.map((name) => collected[name] as tf.Tensor4D);
      const picks = stageTensors.map((t) =>
        tf.tidy(() => {
          // The channels with the largest mean activation for this picture, and their planes [h, w, n].
          const { indices } = tf.topk(tf.mean(t, [0, 1, 2]) as tf.Tensor1D, channelsPerStage);
          return [indices, tf.gather(tf.squeeze(t, [0]), indices, 2)] as const;
        }),
      );
      for (const [i, m] of picks) kept.push(i, m);
      const shown = tf.tidy(() => tf.clipByValue(crop, 0, 255));
      kept.push(shown);
      const [wData, bData, c5Data, cropData, ...stageData] = await Promise.all([
        wT!.data() as Promise<Float32Array>,
        b!.data() as Promise<Float32Array>,
        collected.layer4!.data() as Promise<Float32Array>,
        shown.data() as Promise<Float32Array>,
        ...picks.flatMap(([i, m]) => [i.data(), m.data() as Promise<Float32Array>]),
      ]);
      const channels = wData.length / idx.length;
      const stages: StageChannels[] = stageTensors.map((t, s) => {
        const [, h, wd, c] = t.shape;
        return { stage: RESNET50_STAGES[s]!, shape: [h, wd, c], channels: Array.from(stageData[2 * s]!), data: stageData[2 * s + 1] as Float32Array };
      });
      const [, h5, w5, k5] = collected.layer4!.shape as [number, number, number, number];
      const t3 = now();
      return {
        crop: cropData,
        cropSize: crop.shape[0],
        resize: prep.resize,
        top: top.map((t, i) => ({
          classId: t.index,
          label: t.label,
          probability: t.prob,
          logit: logits[t.index]!,
          weights: wData.slice(i * channels, (i + 1) * channels),
          bias: bData[i]!,
        })),
        c5: { h: h5, w: w5, channels: k5, data: c5Data },
        stages,
        timings: { preprocessMs: t1 - t0, inferenceMs: t2 - t1, mapsMs: t3 - t2 },
      };
    } finally {
      tf.dispose(kept);
    }
  }

  /** Frees the weights. The handle cannot be used afterwards; a second call does nothing. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.model.dispose();
  }
}

/**
 * Downloads and verifies the weights (progress through `onProgress`, in shard bytes), builds the network and warms it
 * up. The caller disposes the handle. A failed warm-up frees the weights before the error is passed on.
 */
export async function loadResNet50({ warmup = true, onProgress, ...opts }: LoadResNet50Options): Promise<ResNet50> {
  const t0 = now();
  let downloaded = t0;
  const pretrained = await loadPretrained({
    ...opts,
    onProgress: (p) => {
      if (p.loaded >= p.total) downloaded = now();
      onProgress?.(p);
    },
  });
  const t1 = now();
  const timings: ResNet50Timings = { downloadMs: downloaded - t0, buildMs: t1 - downloaded, warmupMs: 0 };
  const net = new ResNet50(pretrained, timings);
  if (warmup) {
    try {
      await net.warmup();
    } catch (err) {
      net.dispose();
      throw err;
    }
    timings.warmupMs = now() - t1;
  }
  return net;
}
