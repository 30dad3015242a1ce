/**
 * The sample classes for readers without photos: a few Fashion-MNIST classes from the subset the site ships, turned
 * into the photos ResNet-50 expects. The widget and scripts/transfer-sample.ts use these same definitions, so the
 * committed reference run is the flow a reader runs.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ImageSet } from '../data/fashion-mnist';
import { balancedSubset } from '../data/fashion-mnist';
import { deriveSeed, mulberry32 } from '../training/random';

/**
 * Three classes, fixed before any run: two that ImageNet-trained features confuse easily (a T-shirt and a shirt are
 * both upper-body garments of similar outline) and one that differs (a sneaker), so the sample is neither trivial
 * nor hopeless.
 */
export const SAMPLE_CLASSES = ['T-shirt/top', 'Shirt', 'Sneaker'] as const;
/** Images per class in the sample flow. */
export const SAMPLE_PER_CLASS = 30;
/** Fraction of each class held out for validation. */
export const SAMPLE_VALIDATION_FRACTION = 0.2;

/**
 * A balanced, seeded draw of `perClass` images of each named class from `set` (indices into it, shuffled) with their
 * labels renumbered 0…k−1 in the order of `classNames`.
 */
export function sampleImages(set: ImageSet, classNames: readonly string[], perClass: number, seed: number): { indices: Int32Array; labels: Int32Array } {
  const ids = classNames.map((name) => {
    const id = set.classes.indexOf(name);
    if (id < 0) throw new Error(`sampleImages: no class named ${JSON.stringify(name)} (the set has ${set.classes.join(', ')})`);
    return id;
  });
  // Pick among the chosen classes only: relabel everything else as "not chosen" (k) and drop it.
  const local = Int32Array.from(set.labels, (y) => (ids.includes(y) ? ids.indexOf(y) : ids.length));
  const counts = ids.map((_, c) => local.filter((y) => y === c).length);
  const enough = Math.min(...counts);
  if (enough < perClass) throw new Error(`sampleImages: class ${JSON.stringify(classNames[counts.indexOf(enough)])} has ${enough} images, fewer than ${perClass}`);
  const chosen = balancedSubsetOf(local, ids.length, perClass, mulberry32(deriveSeed(seed, 'sample', classNames.join('|'))));
  return { indices: chosen, labels: Int32Array.from(chosen, (i) => local[i]!) };
}

/** `balancedSubset` over classes 0…k−1 only, ignoring examples labelled k (not chosen). */
function balancedSubsetOf(labels: Int32Array, k: number, perClass: number, random: () => number): Int32Array {
  const kept = [...labels.keys()].filter((i) => labels[i]! < k);
  const sub = balancedSubset(Int32Array.from(kept, (i) => labels[i]!), k, perClass, random);
  return Int32Array.from(sub, (j) => kept[j]!);
}

/**
 * Fashion-MNIST images as the photos ResNet-50 reads: each 28×28 grey image upscaled bilinearly to `size`×`size`
 * and its grey value copied to R, G and B, as stored (a light garment on black). The network's own preprocessing
 * then resizes the short side to 256 and crops the centre 224, which cuts about 2 of the 28 original pixels at
 * each side, mostly the empty margin. Returns [n, size, size, 3] in 0…255; the caller disposes it.
 */
export function fashionToRgb(set: ImageSet, indices: ArrayLike<number>, size = 224): tf.Tensor4D {
  const px = set.height * set.width;
  const grey = new Float32Array(indices.length * px);
  for (let j = 0; j < indices.length; j++) grey.set(Float32Array.from(set.pixels.subarray(indices[j]! * px, (indices[j]! + 1) * px)), j * px);
  return tf.tidy(() => {
    const x = tf.tensor4d(grey, [indices.length, set.height, set.width, 1]);
    return tf.tile(tf.image.resizeBilinear(x, [size, size]), [1, 1, 1, 3]) as tf.Tensor4D;
  });
}
