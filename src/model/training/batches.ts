import * as tf from '@tensorflow/tfjs-core';
import { gatherBatch, type ImageSet } from '../data/fashion-mnist';

/**
 * Examples `indices[start … start+size)` of `set` as tensors: x [size, h, w, 1] float32, y [size] int32. Built from
 * the arrays in memory on every call (a few hundred KB), so nothing stays on the backend between steps. The caller
 * disposes both.
 */
export function batchTensors(set: ImageSet, indices: ArrayLike<number>, start: number, size: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const { x, y } = gatherBatch(set, indices, start, size);
  return { x: tf.tensor4d(x, [size, set.height, set.width, set.channels]), y: tf.tensor1d(y, 'int32') };
}
