import * as tf from '@tensorflow/tfjs-core';

// Grouped convolution has a module of its own (several formulations, one chosen per backend and shape).
export * from './grouped-conv';

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
