/**
 * ImageNet photos in, classes out: the preprocessing the pretrained weights expect (Keras "caffe" mode), the usual
 * evaluation crop, and reading the probabilities. Used by the ResNet-50 handle (`resnet50.ts`), the lesson's cells and
 * the benchmark. Pure tfjs: no DOM.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Model } from './model';
import { CAFFE_MEAN_BGR, type ManifestPreprocessing } from './pretrained';

/**
 * Keras "caffe" preprocessing: RGB pixels in 0..255 (uint8 or float, [H, W, 3] or [N, H, W, 3]) → BGR with the
 * ImageNet mean subtracted, no scaling. The caller disposes the result.
 */
export function preprocess<T extends tf.Tensor3D | tf.Tensor4D>(rgb: T, mean: readonly [number, number, number] = CAFFE_MEAN_BGR): T {
  if (rgb.shape[rgb.rank - 1] !== 3) throw new Error(`preprocess expects RGB images [..., 3], got shape ${JSON.stringify(rgb.shape)}`);
  return tf.tidy(() => tf.sub(tf.reverse(tf.cast(rgb, 'float32'), -1), tf.tensor1d([...mean])) as T);
}

/**
 * Resize so the short side is `resize` pixels (bilinear, aspect kept), then cut the centre `crop` × `crop`: the
 * usual ImageNet evaluation crop (256 → 224). Shrinking by 2× or more first averages whole pixel blocks, so a large
 * photo does not alias. Returns float32 [crop, crop, C]; the caller disposes it.
 */
export function resizeShortSideAndCenterCrop(image: tf.Tensor3D, resize = 256, crop = 224): tf.Tensor3D {
  const [h, w] = image.shape;
  if (crop > resize) throw new Error(`crop (${crop}) cannot be larger than the resized short side (${resize})`);
  if (h < 1 || w < 1) throw new Error(`cannot resize an empty image of shape ${JSON.stringify(image.shape)}`);
  return tf.tidy(() => {
    let x = tf.cast(image, 'float32') as tf.Tensor3D;
    const shrink = Math.floor(Math.min(h, w) / resize);
    if (shrink >= 2) x = tf.avgPool(x, shrink, shrink, 'valid');
    const s = resize / Math.min(h, w);
    const nh = Math.max(resize, Math.round(h * s));
    const nw = Math.max(resize, Math.round(w * s));
    const resized = tf.image.resizeBilinear(x, [nh, nw], false, true); // [nh, nw, C], short side = resize
    const top = Math.floor((nh - crop) / 2);
    const left = Math.floor((nw - crop) / 2);
    return tf.slice(resized, [top, left, 0], [crop, crop, -1]);
  });
}

export interface Prediction {
  index: number;
  label: string;
  prob: number;
}

/** The k most probable classes, most probable first. */
export function topK(probs: ArrayLike<number>, k = 5, labels: readonly string[] = []): Prediction[] {
  const order = Array.from({ length: probs.length }, (_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
  return order.slice(0, k).map((index) => ({ index, label: labels[index] ?? `class ${index}`, prob: probs[index]! }));
}

/** How photos are prepared: from the manifest; the defaults are Keras "caffe" mode with the usual 256 → 224 crop. */
export type Preprocessing = Pick<ManifestPreprocessing, 'mean' | 'resize' | 'crop'>;
const DEFAULT_PREPROCESSING: Preprocessing = { mean: CAFFE_MEAN_BGR, resize: 256, crop: 224 };

/**
 * RGB photos [N, H, W, 3] or one photo [H, W, 3] of any size (0..255) → the network's input [N, crop, crop, 3]:
 * each resized, centre-cropped and preprocessed. The caller disposes the result.
 */
export function prepareImages(rgb: tf.Tensor3D | tf.Tensor4D, prep: Preprocessing = DEFAULT_PREPROCESSING): tf.Tensor4D {
  return tf.tidy(() => {
    const batch = rgb.rank === 3 ? [rgb as tf.Tensor3D] : tf.unstack(rgb as tf.Tensor4D).map((t) => t as tf.Tensor3D);
    return tf.stack(batch.map((im) => preprocess(resizeShortSideAndCenterCrop(im, prep.resize, prep.crop), prep.mean))) as tf.Tensor4D;
  });
}

/** Class probabilities [N, classes] for RGB photos (see `prepareImages`). The caller disposes the result. */
export function predictProbabilities(model: Model, rgb: tf.Tensor3D | tf.Tensor4D, prep: Preprocessing = DEFAULT_PREPROCESSING): tf.Tensor2D {
  return tf.tidy(() => tf.softmax(model.apply(prepareImages(rgb, prep))));
}
