/**
 * Grouped convolution (Krizhevsky et al. 2012; ResNeXt's cardinality). tfjs's conv2d has no `groups` argument, so a
 * grouped conv is built from ops that all have gradients on every backend. Several formulations compute the same
 * numbers; `groupedConv2d` picks one per backend and shape, for the reasons measured below.
 *
 * Layouts: x [N, H, W, Cin]; kernel [k, k, Cin/g, Cout] (the Keras/TF layout of a grouped conv), group j reads input
 * channels [j·Cin/g, (j+1)·Cin/g) and owns output channels [j·Cout/g, (j+1)·Cout/g).
 */
import * as tf from '@tensorflow/tfjs-core';

export type ConvPad = number | 'same' | 'valid';

/** The ways of computing one grouped conv. All give the same result up to float32 rounding. */
export type GroupedConvFormulation = 'split' | 'groupMajor' | 'depthwise' | 'blockDiagonal';

function checkGroups(x: tf.Tensor4D, kernel: tf.Tensor4D, groups: number): void {
  const cin = x.shape[3];
  const [, , perGroupIn, cout] = kernel.shape;
  if (!Number.isInteger(groups) || groups < 1 || cout % groups !== 0) {
    throw new Error(`groupedConv2d: groups must be a positive integer dividing the ${cout} output channels, got ${groups}`);
  }
  if (perGroupIn * groups !== cin) {
    throw new Error(`groupedConv2d: kernel expects ${perGroupIn} × ${groups} = ${perGroupIn * groups} input channels, got ${cin}`);
  }
}

/**
 * REFERENCE ONLY (the tests and `npm run bench:resnext` compare the fast formulations with it): one conv per group,
 * split → conv each → concatenate. What the library ran before grouped conv became one op: g small convolutions
 * forward and 2g backward, each paying a kernel call's fixed cost. Caller disposes.
 */
export function groupedConvSplit(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: number, pad: ConvPad, groups: number): tf.Tensor4D {
  checkGroups(x, kernel, groups);
  if (groups === 1) return tf.conv2d(x, kernel, stride, pad);
  return tf.tidy(() => {
    const xs = tf.split(x, groups, 3) as tf.Tensor4D[]; // groups × [N, H, W, Cin/g]
    const ks = tf.split(kernel, groups, 3) as tf.Tensor4D[]; // groups × [k, k, Cin/g, Cout/g]
    return tf.concat4d(
      xs.map((xi, i) => tf.conv2d(xi, ks[i]!, stride, pad)),
      3,
    ); // [N, H', W', Cout]
  });
}

/**
 * g convolutions like `groupedConvSplit`, but on group-major copies of x and the kernel: one rank-3 transpose moves
 * the groups to the leading axis, where each group's data is one contiguous block, so cutting it into groups and
 * gluing the outputs back are block copies (split / concat on axis 0 of a [g, L] view) instead of channel slices, which
 * the wasm backend copies a few floats at a time; their gradients (concat / split, the transposed transpose) are block
 * copies too. Caller disposes.
 */
export function groupedConvGroupMajor(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: number, pad: ConvPad, groups: number): tf.Tensor4D {
  checkGroups(x, kernel, groups);
  if (groups === 1) return tf.conv2d(x, kernel, stride, pad);
  return tf.tidy(() => {
    const [n, h, w] = x.shape;
    const [kh, kw, perIn, cout] = kernel.shape;
    const perOut = cout / groups;
    const xg = tf.transpose(tf.reshape(x, [n * h * w, groups, perIn]), [1, 0, 2]); // [g, N·H·W, Cin/g]
    const kg = tf.transpose(tf.reshape(kernel, [kh * kw * perIn, groups, perOut]), [1, 0, 2]); // [g, k·k·Cin/g, Cout/g]
    // Rank-2 [g, L] views: each piece is one contiguous copy (a rank-5 unstack took a slow generic path on wasm).
    const xs = tf.split(tf.reshape(xg, [groups, n * h * w * perIn]), groups, 0); // g × [1, N·H·W·Cin/g]
    const ks = tf.split(tf.reshape(kg, [groups, kh * kw * perIn * perOut]), groups, 0); // g × [1, k·k·Cin/g·Cout/g]
    const ys = xs.map((xi, j) =>
      tf.conv2d(tf.reshape(xi, [n, h, w, perIn]) as tf.Tensor4D, tf.reshape(ks[j]!, [kh, kw, perIn, perOut]) as tf.Tensor4D, stride, pad),
    ); // g × [N, H', W', Cout/g]
    const [, ho, wo] = ys[0]!.shape;
    const flat = tf.concat(ys.map((yj) => tf.reshape(yj, [1, n * ho * wo * perOut])), 0); // [g, N·H'·W'·Cout/g]
    const y = tf.transpose(tf.reshape(flat, [groups, n * ho * wo, perOut]), [1, 0, 2]); // [N·H'·W', g, Cout/g]
    return tf.reshape(y, [n, ho, wo, cout]);
  });
}

/**
 * One depthwise conv with channel multiplier Cout/g, then a sum over each group's input channels. Input channel c of
 * group j (c = j·Cin/g + i) is convolved with the kernel columns of all of group j's outputs, giving Cin·Cout/g maps,
 * and output o sums its group's Cin/g maps. The same multiply-adds as the grouped conv (k²·Cin/g·Cout per pixel), but
 * an intermediate Cin/g times larger than the output, and the reduction's memory traffic. Caller disposes.
 */
export function groupedConvDepthwise(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: number, pad: ConvPad, groups: number): tf.Tensor4D {
  checkGroups(x, kernel, groups);
  return tf.tidy(() => {
    const [kh, kw, perIn, cout] = kernel.shape;
    const perOut = cout / groups;
    const cin = perIn * groups;
    // [k, k, Cin/g, g·Cout/g] → [k, k, g, Cin/g, Cout/g] → [k, k, Cin, Cout/g]: depthwise channel j·Cin/g + i, output m
    // holds the weight from group j's input i to group j's output m.
    const dw =
      perIn === 1
        ? tf.reshape(kernel, [kh, kw, cin, perOut])
        : tf.reshape(tf.transpose(tf.reshape(kernel, [kh, kw, perIn, groups, perOut]), [0, 1, 3, 2, 4]), [kh, kw, cin, perOut]);
    const maps = tf.depthwiseConv2d(x, dw as tf.Tensor4D, stride, pad); // [N, H', W', Cin·Cout/g], channel c·Cout/g + m
    if (perIn === 1) return maps; // depthwise proper: nothing to sum
    const [n, ho, wo] = maps.shape;
    // Sum over i in [N·H'·W'·g, Cin/g, Cout/g]: a rank-3 reduction, as a rank-6 one would go through a slow 6-D
    // transpose on wasm.
    const summed = tf.sum(tf.reshape(maps, [n * ho * wo * groups, perIn, perOut]), 1); // [N·H'·W'·g, Cout/g]
    return tf.reshape(summed, [n, ho, wo, cout]);
  });
}

/**
 * A 0/1 mask [1, 1, g, 1, Cout] with a 1 where output channel o belongs to group j: multiplied into the kernel
 * broadcast over the groups, it gives the block-diagonal dense kernel, and its gradient keeps only the diagonal blocks.
 */
function groupMask(groups: number, cout: number): tf.Tensor {
  const perOut = cout / groups;
  const values = new Float32Array(groups * cout);
  for (let j = 0; j < groups; j++) values.fill(1, j * cout + j * perOut, j * cout + (j + 1) * perOut);
  return tf.tensor(values, [1, 1, groups, 1, cout]);
}

/**
 * The grouped kernel as a dense one, zero wherever an input and an output channel belong to different groups.
 * kernel [k, k, Cin/g, Cout] → [k, k, Cin, Cout]. Differentiable: the gradient is the dense gradient's diagonal blocks.
 */
export function blockDiagonalKernel(kernel: tf.Tensor4D, groups: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, perIn, cout] = kernel.shape;
    const tiled = tf.mul(tf.reshape(kernel, [kh, kw, 1, perIn, cout]), groupMask(groups, cout)); // [k, k, g, Cin/g, Cout]
    return tf.reshape(tiled, [kh, kw, groups * perIn, cout]) as tf.Tensor4D;
  });
}

/**
 * One dense conv with the block-diagonal kernel: g times the multiply-adds (the zero blocks are multiplied too), in a
 * single call to the backend's most optimised kernel, forward and backward. Caller disposes.
 */
export function groupedConvBlockDiagonal(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: number, pad: ConvPad, groups: number): tf.Tensor4D {
  checkGroups(x, kernel, groups);
  if (groups === 1) return tf.conv2d(x, kernel, stride, pad);
  return tf.tidy(() => tf.conv2d(x, blockDiagonalKernel(kernel, groups), stride, pad));
}

const FORMULATIONS: Record<GroupedConvFormulation, typeof groupedConvSplit> = {
  split: groupedConvSplit,
  groupMajor: groupedConvGroupMajor,
  depthwise: groupedConvDepthwise,
  blockDiagonal: groupedConvBlockDiagonal,
};

/**
 * Which formulation `groupedConv2d` uses for this backend and shape. Measured, not guessed (single-threaded wasm,
 * Node 20, a shared 2-core machine; forward + both gradients, CPU-time medians; `npx tsx
 * scripts/bench-grouped-conv-layers.ts` and `npm run bench:resnext`):
 * - wasm, 32 groups of 2 input channels (input [32, 28, 28, 64], batch 32, stride 2): depthwise 45 ms against 330 ms
 *   split and 110 ms block-diagonal; 16 groups of 8: depthwise 29 ms against 61 ms split. Forward, the depthwise conv
 *   with a channel multiplier does the grouped conv's multiply-adds in one XNNPACK call; its two gradients are this
 *   library's own kernels (wasm-kernels.ts), a few calls each. The per-group calls and channel slices cost more.
 * - wasm, 4 groups of 6–25 channels (the ResNeXt comparison's nets): split, group-major and block-diagonal within
 *   about 25 % of each other, none ahead at every layer, and the whole training step unchanged; depthwise is 1.1–2×
 *   slower there (its intermediate is Cin/g = 6–25 times the output). Group-major is kept: it avoids the channel-axis
 *   split and concat, which the wasm backend copies pixel by pixel in JavaScript. At 8 groups of 8 group-major and
 *   depthwise tie.
 * - cpu (plain JavaScript loops, time ∝ multiply-adds): block-diagonal is g times slower; the others tie.
 * - webgl / webgpu: measured here only on SwiftShader (the CPU), which says nothing about a GPU, so reasoned instead:
 *   every op is a shader dispatch with a fixed cost, and a GPU has spare arithmetic for small layers, so a few groups
 *   run as one dense conv (block-diagonal: the kernel times a 0/1 group mask, made on each call, then one conv
 *   forward and one per gradient, the kernel's passing back through the mask), many groups as one depthwise conv
 *   plus a reduction (block-diagonal would waste g× the arithmetic).
 */
export function chooseGroupedConvFormulation(backend: string, groups: number, perGroupIn: number): GroupedConvFormulation {
  if (groups === 1) return 'blockDiagonal'; // one plain conv2d (the mask is skipped)
  if (perGroupIn === 1) return 'depthwise'; // depthwise proper: one native op, nothing to sum
  if (backend === 'webgl' || backend === 'webgpu') return groups <= 4 ? 'blockDiagonal' : 'depthwise';
  return groups >= 8 ? 'depthwise' : 'groupMajor';
}

/**
 * Grouped convolution as one fast op: a plain conv for g = 1, a depthwise conv for g = Cin, else the formulation
 * `chooseGroupedConvFormulation` picks for the active backend. Caller disposes.
 */
export function groupedConv2d(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  stride: number,
  pad: ConvPad,
  groups: number,
  formulation: GroupedConvFormulation = chooseGroupedConvFormulation(tf.getBackend(), groups, kernel.shape[2]),
): tf.Tensor4D {
  return FORMULATIONS[formulation](x, kernel, stride, pad, groups);
}
