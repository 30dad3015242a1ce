/**
 * REFERENCE ONLY, for `scripts/bench-resnext-training.ts`: the grouped convolution as the model library ran it before
 * it became one fast op (one conv per group, split → conv → concat; a depthwise conv when each group has one input
 * channel). `grouped-conv-before-hooks.mjs` puts this module in place of src/model/runtime/grouped-conv.ts in a child
 * process, so the whole training engine runs unchanged except for this one op. Everything else is re-exported.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type ConvPad, groupedConvDepthwise, groupedConvSplit } from '../../src/model/runtime/grouped-conv';

export * from '../../src/model/runtime/grouped-conv';

export function groupedConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: number, pad: ConvPad, groups: number): tf.Tensor4D {
  return groups > 1 && kernel.shape[2] === 1 ? groupedConvDepthwise(x, kernel, stride, pad, groups) : groupedConvSplit(x, kernel, stride, pad, groups);
}
