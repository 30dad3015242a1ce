/**
 * Try-it arithmetic on plain arrays: the head's features from C5 (the pooling the backbone does), the reader's
 * classes ranked, and the class activation map of one of them. Pure, unit-tested.
 */
import { classActivationMap } from '../../model/runtime/cam';
// From the file, not the barrel: the barrel's training code would bring TensorFlow.js into the page.
import { argmaxRows, confusionMatrix, headCamWeights, predictHead, type HeadWeights } from '../../model/transfer/head-weights';

export interface C5 {
  h: number;
  w: number;
  channels: number;
  /** HWC. */
  data: ArrayLike<number>;
}

/** Global average pooling of C5: the 2048 features the head reads (the same numbers `features()` returns). */
export function poolC5({ h, w, channels, data }: C5): Float32Array {
  const out = new Float32Array(channels);
  for (let p = 0; p < h * w; p++) for (let k = 0; k < channels; k++) out[k]! += data[p * channels + k]!;
  for (let k = 0; k < channels; k++) out[k]! /= h * w;
  return out;
}

export interface Ranked {
  index: number;
  label: string;
  prob: number;
}

/** The reader's classes with the head's probabilities, most probable first. */
export function rankClasses(head: HeadWeights, classNames: readonly string[], c5: C5): Ranked[] {
  const p = predictHead(head, poolC5(c5), 1);
  return classNames.map((label, index) => ({ index, label, prob: p[index]! })).sort((a, b) => b.prob - a.prob || a.index - b.index);
}

/** CAM of class `index` on the C5 grid, or null for a head with a hidden layer (no exact per-cell sum exists). */
export function headCam(head: HeadWeights, index: number, c5: C5): Float32Array | null {
  const cam = headCamWeights(head, index);
  return cam && classActivationMap(c5.data, c5.h, c5.w, c5.channels, cam.weights);
}

/** counts[true][predicted] of the head on `features` (one row of `head.spec.features` per image) with their `labels`. */
export function headConfusion(head: HeadWeights, features: Float32Array, labels: ArrayLike<number>): number[][] {
  const n = labels.length;
  if (features.length !== n * head.spec.features) throw new Error(`headConfusion: ${features.length} values for ${n} images of ${head.spec.features} features`);
  return confusionMatrix(Array.from(labels), argmaxRows(predictHead(head, features, n), n, head.spec.classes), head.spec.classes);
}

/** counts[true][predicted] of the head on the held-out images `validation` (indices into the set). */
export function validationConfusion(head: HeadWeights, set: { features: Float32Array; labels: Int32Array }, validation: readonly number[]): number[][] {
  const d = head.spec.features;
  const x = new Float32Array(validation.length * d);
  validation.forEach((i, j) => x.set(set.features.subarray(i * d, (i + 1) * d), j * d));
  return headConfusion(head, x, validation.map((i) => set.labels[i]!));
}
