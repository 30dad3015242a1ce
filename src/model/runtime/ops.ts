import * as tf from '@tensorflow/tfjs-core';

/**
 * Grouped convolution: the input's channels are cut into `groups` slices, each convolved with its own filters, and
 * the results concatenated. tfjs's conv2d has no `groups` argument, so we build it from ops that all have gradients.
 *
 * x: [N, H, W, Cin]; kernel: [k, k, Cin/groups, Cout] (the Keras/TF layout of a grouped conv), group j owns output
 * channels [j·Cout/groups, (j+1)·Cout/groups).
 */
export function groupedConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: number, pad: number, groups: number): tf.Tensor4D {
  const cin = x.shape[3];
  const [kh, kw, perGroupIn, cout] = kernel.shape;
  if (perGroupIn * groups !== cin) {
    throw new Error(`groupedConv2d: kernel expects ${perGroupIn} × ${groups} = ${perGroupIn * groups} input channels, got ${cin}`);
  }
  if (groups === 1) return tf.conv2d(x, kernel, stride, pad);
  return tf.tidy((): tf.Tensor4D => {
    if (perGroupIn === 1) {
      // Depthwise (groups = Cin): one native op. [k, k, 1, Cin·m] → [k, k, Cin, m] keeps channel c's outputs at c·m + j.
      const dw = tf.reshape(kernel, [kh, kw, cin, cout / cin]) as tf.Tensor4D;
      return tf.depthwiseConv2d(x, dw, stride, pad) as tf.Tensor4D;
    }
    const xs = tf.split(x, groups, 3) as tf.Tensor4D[]; // groups × [N, H, W, Cin/g]
    const ks = tf.split(kernel, groups, 3) as tf.Tensor4D[]; // groups × [k, k, Cin/g, Cout/g]
    return tf.concat4d(
      xs.map((xi, i) => tf.conv2d(xi, ks[i]!, stride, pad)),
      3,
    ); // [N, H', W', Cout]
  });
}

/**
 * The same grouped convolution as one dense conv whose kernel is block-diagonal: zero wherever an input channel and
 * an output channel belong to different groups. g times the multiply-adds; used to check `groupedConv2d`.
 * kernel: [k, k, Cin/g, Cout] → [k, k, Cin, Cout].
 */
export function blockDiagonalKernel(kernel: tf.Tensor4D, groups: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, perIn, cout] = kernel.shape;
    const perOut = cout / groups;
    const blocks = tf.split(kernel, groups, 3); // groups × [k, k, Cin/g, Cout/g]
    const rows = blocks.map((b, j) =>
      tf.pad(b, [
        [0, 0],
        [0, 0],
        [0, 0],
        [j * perOut, (groups - 1 - j) * perOut],
      ]),
    ); // groups × [k, k, Cin/g, Cout]
    const dense = tf.concat(rows, 2);
    return tf.reshape(dense, [kh, kw, perIn * groups, cout]) as tf.Tensor4D;
  });
}

/**
 * Option A shortcut (He et al. §3.3): subsample by `stride` and append zero channels, half before and half after
 * (as the CIFAR reference implementations do). A 1×1 average pool with stride s is an exact subsample and, unlike a
 * strided slice, has a gradient on every backend.
 */
export function zeroPadShortcut(x: tf.Tensor4D, stride: number, extraChannels: number): tf.Tensor4D {
  return tf.tidy(() => {
    const sub = stride === 1 ? x : tf.avgPool(x, 1, stride, 'valid');
    const before = Math.floor(extraChannels / 2);
    return tf.pad(sub, [
      [0, 0],
      [0, 0],
      [0, 0],
      [before, extraChannels - before],
    ]);
  });
}

/**
 * Training-mode batch normalisation over N, H, W with an analytic backward pass. tfjs's own gradient of `moments`
 * goes through Tile, which is very slow on wasm; this needs only reductions and broadcasts.
 * Returns normalised, scaled and shifted x; the caller updates running statistics separately.
 */
export function batchNormTrain(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): tf.Tensor4D {
  const f = tf.customGrad((...args: (tf.Tensor | ((ts: tf.Tensor[]) => void))[]) => {
    const [xi, g, b] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
    const save = args[3] as (ts: tf.Tensor[]) => void;
    const { mean, variance } = tf.moments(xi, [0, 1, 2]);
    const invStd = tf.rsqrt(tf.add(variance, epsilon)); // [C]
    const xhat = tf.mul(tf.sub(xi, mean), invStd); // [N, H, W, C]
    save([xhat, invStd, g]);
    return {
      value: tf.add(tf.mul(xhat, g), b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sxhat, sinv, sg] = saved as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
        const m = dy.size / dy.shape[3]!;
        const dbeta = tf.sum(dy, [0, 1, 2]);
        const dgamma = tf.sum(tf.mul(dy, sxhat), [0, 1, 2]);
        // dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂))
        const centred = tf.sub(tf.sub(dy, tf.div(dbeta, m)), tf.mul(sxhat, tf.div(dgamma, m)));
        return [tf.mul(centred, tf.mul(sg, sinv)), dgamma, dbeta];
      },
    };
  });
  return f(x, gamma, beta) as tf.Tensor4D;
}
