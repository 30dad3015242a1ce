// The sample classes for readers without photos: a balanced, seeded draw relabelled 0…k−1 in the order named, and
// grey images turned into RGB photos of the network's size.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ImageSet } from '../../src/model/data/fashion-mnist';
import { FASHION_MNIST_CLASSES } from '../../src/model/data/fashion-mnist';
import { SAMPLE_CLASSES, fashionToRgb, sampleImages } from '../../src/model/transfer/sample';
import { useBackend } from './setup-tf';

/** A tiny labelled set of 4×4 grey images: 6 of each of the ten classes, pixel value = index mod 256. */
function tinySet(): ImageSet {
  const count = 60;
  const pixels = Uint8Array.from({ length: count * 16 }, (_, i) => Math.floor(i / 16) % 256);
  return { split: 'train', count, height: 4, width: 4, channels: 1, pixels, images: Float32Array.from(pixels), labels: Int32Array.from({ length: count }, (_, i) => i % 10), classes: FASHION_MNIST_CLASSES };
}

beforeAll(async () => {
  await useBackend('cpu');
}, 120_000);

describe('the sample classes', () => {
  test('are Fashion-MNIST classes', () => {
    for (const c of SAMPLE_CLASSES) expect(FASHION_MNIST_CLASSES).toContain(c);
  });

  test('sampleImages draws perClass of each named class, relabelled in the order named, the same for the same seed', () => {
    const set = tinySet();
    const { indices, labels } = sampleImages(set, ['Sneaker', 'T-shirt/top'], 4, 1);
    expect(indices).toHaveLength(8);
    indices.forEach((i, j) => expect(set.labels[i]).toBe(labels[j] === 0 ? 7 : 0));
    expect([...labels].filter((y) => y === 0)).toHaveLength(4);
    expect(new Set(indices).size).toBe(8);
    expect(sampleImages(set, ['Sneaker', 'T-shirt/top'], 4, 1)).toEqual({ indices, labels });
    expect(sampleImages(set, ['Sneaker', 'T-shirt/top'], 4, 2).indices).not.toEqual(indices);
    expect(() => sampleImages(set, ['Sneaker', 'Jacket'], 4, 1)).toThrow(/no class named "Jacket"/);
    expect(() => sampleImages(set, ['Sneaker'], 7, 1)).toThrow(/"Sneaker" has 6 images, fewer than 7/);
  });

  test('fashionToRgb gives [n, size, size, 3] with R = G = B, the grey value of a flat image, and leaves no tensors', () => {
    const set = tinySet();
    const before = tf.memory().numTensors;
    const rgb = fashionToRgb(set, [3, 5], 8);
    expect(rgb.shape).toEqual([2, 8, 8, 3]);
    const v = rgb.arraySync();
    rgb.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(v[0]![2]![5]).toEqual([3, 3, 3]);
    expect(v[1]![7]![0]).toEqual([5, 5, 5]);
  });
});
