/**
 * The equivalences the grouped-convolution and split-transform-merge lessons demonstrate, as real tfjs code:
 * - a grouped conv = split the channels → one conv per group → concatenate = one dense conv with a block-diagonal kernel;
 * - ResNeXt's three block forms (Xie et al., Fig. 3) computed from ONE set of weights: (a) C paths summed,
 *   (b) early concatenation, (c) a grouped convolution.
 * Each comparison returns max |difference| so a reader sees "equal up to float32 rounding", not just "equal".
 */
import * as tf from '@tensorflow/tfjs-core';
import { blockDiagonalKernel, groupedConv2d, groupedConvSplit } from './grouped-conv';

/**
 * Grouped conv spelled out: one conv per group, split → conv → concat. An implementation independent of the one
 * `groupedConv2d` chooses (depthwise, group-major or block-diagonal), to check it against. Caller disposes.
 */
export const splitConvConcat = groupedConvSplit;

export interface GroupedConvCheck {
  /** max |grouped − split→conv→concat| */
  splitDiff: number;
  /** max |grouped − dense conv with the block-diagonal kernel| */
  denseDiff: number;
  /** max |output| (so the diffs can be read relative to it) */
  scale: number;
  /** Fraction of the dense kernel's entries that are zero: 1 − 1/g. */
  zeroFraction: number;
  outputShape: number[];
}

/**
 * Runs the three forms of one grouped convolution on a seeded random input and reports how far apart they are.
 * Frees every tensor it makes.
 */
export async function checkGroupedConv({ channels, outChannels = channels, groups, size = 8, kernel = 3, seed = 0 }: { channels: number; outChannels?: number; groups: number; size?: number; kernel?: number; seed?: number }): Promise<GroupedConvCheck> {
  if (!Number.isInteger(groups) || groups < 1 || channels % groups !== 0 || outChannels % groups !== 0) {
    throw new Error(`checkGroupedConv: groups (${groups}) must divide both ${channels} input and ${outChannels} output channels`);
  }
  const pad = (kernel - 1) >> 1;
  const r = tf.tidy(() => {
    const x = tf.randomNormal([1, size, size, channels], 0, 1, 'float32', seed) as tf.Tensor4D;
    const k = tf.randomNormal([kernel, kernel, channels / groups, outChannels], 0, 1 / Math.sqrt(kernel * kernel * (channels / groups)), 'float32', seed + 1) as tf.Tensor4D;
    const grouped = groupedConv2d(x, k, 1, pad, groups);
    const split = splitConvConcat(x, k, 1, pad, groups);
    const denseKernel = blockDiagonalKernel(k, groups);
    const dense = tf.conv2d(x, denseKernel, 1, pad);
    const maxAbs = (t: tf.Tensor) => tf.max(tf.abs(t));
    return {
      numbers: tf.stack([maxAbs(tf.sub(grouped, split)), maxAbs(tf.sub(grouped, dense)), maxAbs(grouped), tf.mean(tf.cast(tf.equal(denseKernel, 0), 'float32'))]),
      shape: grouped.shape,
    };
  });
  const [splitDiff, denseDiff, scale, zeroFraction] = await r.numbers.data();
  r.numbers.dispose();
  return { splitDiff: splitDiff!, denseDiff: denseDiff!, scale: scale!, zeroFraction: zeroFraction!, outputShape: r.shape };
}

/** One ResNeXt block's weights, path by path: C paths of 1×1 (io→d), 3×3 (d→d), 1×1 (d→io), HWIO kernels. */
export interface ResNeXtPaths {
  reduce: tf.Tensor4D[]; // C × [1, 1, io, d]
  transform: tf.Tensor4D[]; // C × [3, 3, d, d]
  expand: tf.Tensor4D[]; // C × [1, 1, d, io]
}

/** Seeded He-normal weights for C paths. Caller disposes (`tf.dispose(Object.values(paths))`). */
export function randomResNeXtPaths(io: number, cardinality: number, width: number, seed = 0): ResNeXtPaths {
  const he = (shape: [number, number, number, number], s: number) =>
    tf.randomNormal(shape, 0, Math.sqrt(2 / (shape[0] * shape[1] * shape[2])), 'float32', s) as tf.Tensor4D;
  const range = Array.from({ length: cardinality }, (_, i) => i);
  return {
    reduce: range.map((i) => he([1, 1, io, width], seed + 3 * i)),
    transform: range.map((i) => he([3, 3, width, width], seed + 3 * i + 1)),
    expand: range.map((i) => he([1, 1, width, io], seed + 3 * i + 2)),
  };
}

const conv = (x: tf.Tensor4D, k: tf.Tensor4D) => tf.conv2d(x, k, 1, 'same');
const finish = (x: tf.Tensor4D, residual: tf.Tensor4D) => tf.relu(tf.add(x, residual)) as tf.Tensor4D;

/** Form (a): C separate paths, each 1×1 → ReLU → 3×3 → ReLU → 1×1, summed; then + x and ReLU. Caller disposes. */
export function resnextFormA(x: tf.Tensor4D, p: ResNeXtPaths): tf.Tensor4D {
  return tf.tidy(() => {
    const outs = p.reduce.map((_, i) => conv(tf.relu(conv(tf.relu(conv(x, p.reduce[i]!)), p.transform[i]!)), p.expand[i]!));
    return finish(tf.addN(outs), x);
  });
}

/**
 * Form (b): the paths' 1×1 and 3×3 layers stay separate; their outputs are concatenated (C·d channels) and ONE 1×1
 * conv with the paths' last kernels stacked along its input axis does the sum of (a). Caller disposes.
 */
export function resnextFormB(x: tf.Tensor4D, p: ResNeXtPaths): tf.Tensor4D {
  return tf.tidy(() => {
    const mids = p.reduce.map((_, i) => tf.relu(conv(tf.relu(conv(x, p.reduce[i]!)), p.transform[i]!))); // C × [N, H, W, d]
    const merged = tf.concat4d(mids, 3); // [N, H, W, C·d]
    return finish(conv(merged, tf.concat4d(p.expand, 2)), x); // expand: [1, 1, C·d, io]
  });
}

/**
 * Form (c): one 1×1 conv io → C·d (the paths' first kernels side by side), one grouped 3×3 conv with C groups (the
 * paths' 3×3 kernels, group j = path j), one 1×1 conv C·d → io. What the library's bottleneck runs. Caller disposes.
 */
export function resnextFormC(x: tf.Tensor4D, p: ResNeXtPaths): tf.Tensor4D {
  return tf.tidy(() => {
    const c = p.reduce.length;
    const h = tf.relu(conv(x, tf.concat4d(p.reduce, 3))) as tf.Tensor4D; // [N, H, W, C·d]
    const g = tf.relu(groupedConv2d(h, tf.concat4d(p.transform, 3), 1, 1, c)) as tf.Tensor4D; // kernel [3, 3, d, C·d]
    return finish(conv(g, tf.concat4d(p.expand, 2)), x);
  });
}

export interface ResNeXtFormsCheck {
  /** max |a − b|, |a − c|, |b − c| */
  diffAB: number;
  diffAC: number;
  diffBC: number;
  /** max |a| (the size of the numbers compared) */
  scale: number;
  /** Parameters of the shared weights: C · (io·d + 9·d² + d·io). */
  params: number;
  outputShape: number[];
}

/** Builds all three forms from the same seeded weights and input, and reports how far apart they are. Frees everything. */
export async function checkResNeXtForms({ io = 256, cardinality = 32, width = 4, size = 8, seed = 0 }: { io?: number; cardinality?: number; width?: number; size?: number; seed?: number } = {}): Promise<ResNeXtFormsCheck> {
  for (const [what, v] of [['io', io], ['cardinality', cardinality], ['width', width], ['size', size]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`checkResNeXtForms: ${what} must be a positive integer, got ${JSON.stringify(v)}`);
  }
  const paths = randomResNeXtPaths(io, cardinality, width, seed);
  try {
    const r = tf.tidy(() => {
      const x = tf.randomNormal([1, size, size, io], 0, 1, 'float32', seed + 7919) as tf.Tensor4D;
      const [a, b, c] = [resnextFormA(x, paths), resnextFormB(x, paths), resnextFormC(x, paths)];
      const maxAbs = (t: tf.Tensor) => tf.max(tf.abs(t));
      return { numbers: tf.stack([maxAbs(tf.sub(a, b)), maxAbs(tf.sub(a, c)), maxAbs(tf.sub(b, c)), maxAbs(a)]), shape: a.shape };
    });
    const [diffAB, diffAC, diffBC, scale] = await r.numbers.data();
    r.numbers.dispose();
    return { diffAB: diffAB!, diffAC: diffAC!, diffBC: diffBC!, scale: scale!, params: cardinality * (2 * io * width + 9 * width * width), outputShape: r.shape };
  } finally {
    tf.dispose([...paths.reduce, ...paths.transform, ...paths.expand]);
  }
}
