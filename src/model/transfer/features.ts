/**
 * What the frozen backbone gives each image, once: its pooled C5 features (what the head reads) and, for
 * fine-tuning, its C4 map (what conv5_x reads), from one forward pass. Pure: tfjs-core only.
 */
import * as tf from '@tensorflow/tfjs-core';
import { prepareImages } from '../runtime/imagenet';
import type { ResNet50 } from '../runtime/resnet50';

export interface ExtractedFeatures {
  /** n·2048 pooled C5 values, row-major. */
  pooled: Float32Array;
  /** Per image, its C4 map (14·14·1024 values, HWC) when asked for. */
  c4?: Float32Array[];
}

/**
 * Features of a batch of RGB photos [n, H, W, 3] in 0…255 (any size; resized and cropped as the weights expect).
 * `c4: true` also returns layer3's output per image, for `fineTuneStage5`: 784 KB per image, so ask only when
 * fine-tuning. Keep batches small (the sample flow and bench use 10): the forward pass holds every intermediate
 * activation of the batch until it ends, and 50 images at once exhaust the wasm backend's memory. Leaves no tensors
 * behind; `rgb` stays the caller's.
 */
export async function extractFeatures(resnet: Pick<ResNet50, 'model' | 'manifest'>, rgb: tf.Tensor4D, opts: { c4?: boolean } = {}): Promise<ExtractedFeatures> {
  const collect = opts.c4 ? ['avgpool', 'layer3'] : ['avgpool'];
  const { output, collected } = tf.tidy(() => resnet.model.run(prepareImages(rgb, resnet.manifest.preprocessing), { collect }));
  try {
    const pooled = (await collected.avgpool!.data()) as Float32Array;
    if (!opts.c4) return { pooled };
    const all = (await collected.layer3!.data()) as Float32Array;
    const n = rgb.shape[0];
    const per = all.length / n;
    return { pooled, c4: Array.from({ length: n }, (_, i) => all.slice(i * per, (i + 1) * per)) };
  } finally {
    tf.dispose([output, ...Object.values(collected)]);
  }
}
