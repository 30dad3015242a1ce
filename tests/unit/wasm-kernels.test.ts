import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { registerWasmGradientKernels } from '../../src/model/runtime/wasm-kernels';
import { mulberry32 as seededRandom } from '../../src/model/training/random';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
type Shape4 = [number, number, number, number];

function randomData(shape: number[], rand: () => number): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) out[i] = rand() * 2 - 1;
  return out;
}

/** Largest |a-b| over the largest |a|: a scale-free error that tolerates float32 summation order. */
function relativeError(want: Float32Array, got: Float32Array): number {
  expect(got.length).toBe(want.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs(want[i]! - got[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return diff / Math.max(scale, 1e-6);
}

interface Data {
  x: Float32Array;
  w: Float32Array;
  r: Float32Array;
}

/** d/dx and d/dw of sum(conv(x, w) ⊙ r) on `backend`, read back as plain arrays. */
async function gradsOn(
  backend: 'cpu' | 'wasm',
  conv: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D,
  xShape: Shape4,
  wShape: Shape4,
  data: Data,
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const x = tf.tensor4d(data.x, xShape);
  const w = tf.tensor4d(data.w, wShape);
  const grads = tf.tidy(() => {
    const outShape = conv(x, w).shape;
    const r = tf.tensor(data.r.subarray(0, outShape.reduce((a, b) => a * b, 1)), outShape);
    return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r)))([x, w]);
  });
  const values = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose([x, w, ...grads]);
  return values;
}

async function expectSameGradients(
  conv: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D,
  xShape: Shape4,
  wShape: Shape4,
  seed: number,
): Promise<void> {
  const rand = seededRandom(seed);
  // r is drawn big enough for any output shape; only its prefix is used.
  const data: Data = { x: randomData(xShape, rand), w: randomData(wShape, rand), r: randomData([4096], rand) };
  const want = await gradsOn('cpu', conv, xShape, wShape, data);
  const got = await gradsOn('wasm', conv, xShape, wShape, data);
  expect(relativeError(want[0]!, got[0]!), 'dL/dx').toBeLessThan(1e-4);
  expect(relativeError(want[1]!, got[1]!), 'dL/dw').toBeLessThan(1e-4);
}

interface ConvCase {
  x: Shape4;
  k: [number, number];
  cout: number;
  stride: number | [number, number];
  pad: Pad;
}

const CONV_CASES: ConvCase[] = [
  { x: [1, 5, 5, 3], k: [1, 1], cout: 4, stride: 1, pad: 0 },
  { x: [3, 6, 6, 2], k: [1, 1], cout: 3, stride: 2, pad: 'valid' }, // ResNet projection shortcut
  { x: [1, 4, 5, 2], k: [1, 1], cout: 3, stride: 1, pad: 3 }, // padding wider than the kernel
  { x: [3, 7, 7, 4], k: [3, 3], cout: 5, stride: 1, pad: 'same' },
  { x: [2, 6, 6, 8], k: [3, 3], cout: 8, stride: 1, pad: 1 },
  { x: [3, 8, 8, 3], k: [3, 3], cout: 6, stride: 2, pad: 'same' }, // even size
  { x: [1, 7, 9, 2], k: [3, 3], cout: 4, stride: 2, pad: 'same' }, // odd size
  { x: [3, 9, 8, 2], k: [3, 3], cout: 3, stride: 2, pad: 'valid' },
  { x: [3, 7, 7, 5], k: [3, 3], cout: 2, stride: 2, pad: 1 },
  { x: [1, 6, 5, 2], k: [3, 3], cout: 3, stride: 2, pad: 3 },
  { x: [2, 7, 8, 3], k: [3, 3], cout: 4, stride: 2, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { x: [1, 16, 16, 3], k: [7, 7], cout: 8, stride: 2, pad: 3 }, // ResNet stem
  { x: [3, 9, 10, 2], k: [7, 7], cout: 4, stride: 1, pad: 'valid' },
  { x: [1, 11, 11, 1], k: [7, 7], cout: 2, stride: 2, pad: 'same' },
  { x: [2, 6, 9, 3], k: [1, 3], cout: 2, stride: [1, 2], pad: 'same' }, // non-square kernel and stride
  { x: [1, 2, 3, 2], k: [1, 1], cout: 2, stride: 4, pad: [[0, 0], [5, 0], [0, 0], [0, 0]] }, // every output row reads only padding
];

interface DepthwiseCase {
  x: Shape4;
  k: number;
  multiplier: number;
  stride: number;
  pad: 'same' | 'valid' | number;
  dimRoundingMode?: 'floor';
}

const DEPTHWISE_CASES: DepthwiseCase[] = [
  { x: [2, 6, 6, 3], k: 3, multiplier: 1, stride: 1, pad: 'same' },
  { x: [3, 7, 7, 2], k: 3, multiplier: 2, stride: 2, pad: 'same' },
  { x: [1, 8, 8, 4], k: 3, multiplier: 2, stride: 2, pad: 1, dimRoundingMode: 'floor' }, // (8-3+2)/2+1 = 4.5
  { x: [2, 9, 8, 3], k: 3, multiplier: 2, stride: 2, pad: 'valid' },
  { x: [1, 10, 10, 2], k: 7, multiplier: 1, stride: 2, pad: 3 },
  { x: [3, 5, 5, 2], k: 1, multiplier: 1, stride: 2, pad: 'valid' },
  { x: [1, 4, 4, 2], k: 3, multiplier: 1, stride: 1, pad: 3 },
];

const describeConv = (c: ConvCase) =>
  `x [${c.x}] kernel ${c.k.join('×')}→${c.cout} stride ${c.stride} pad ${JSON.stringify(c.pad)}`;
const describeDepthwise = (c: DepthwiseCase) =>
  `x [${c.x}] kernel ${c.k} multiplier ${c.multiplier} stride ${c.stride} pad ${c.pad}${c.dimRoundingMode ? ' floor' : ''}`;

beforeAll(async () => {
  // IS_TEST makes the engine check, after every kernel, that it left no stray data behind.
  tf.env().set('IS_TEST', true);
  await tf.setBackend('wasm');
  registerWasmGradientKernels();
});

afterAll(async () => {
  await tf.setBackend('wasm');
});

describe('wasm Conv2D gradients equal the cpu backend’s', () => {
  CONV_CASES.forEach((c, i) => {
    it(describeConv(c), async () => {
      const conv = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, c.stride, c.pad);
      await expectSameGradients(conv, c.x, [c.k[0], c.k[1], c.x[3], c.cout], 100 + i);
    });
  });
});

describe('wasm depthwise conv gradients equal the cpu backend’s', () => {
  DEPTHWISE_CASES.forEach((c, i) => {
    it(describeDepthwise(c), async () => {
      const conv = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.depthwiseConv2d(x, w, c.stride, c.pad, 'NHWC', 1, c.dimRoundingMode);
      await expectSameGradients(conv, c.x, [c.k, c.k, c.x[3], c.multiplier], 200 + i);
    });
  });
});

describe('wasm training path', () => {
  it('gradients through a 3-layer conv net with stride 2 equal cpu’s', async () => {
    const rand = seededRandom(7);
    const shapes: Shape4[] = [[4, 12, 12, 3], [3, 3, 3, 8], [3, 3, 8, 16], [1, 1, 16, 8], [4, 3, 3, 8]];
    const values = shapes.map((s) => randomData(s, rand));
    const gradsOnBackend = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const [x, w1, w2, w3, r] = shapes.map((s, i) => tf.tensor4d(values[i]!, s));
      const net = (input: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
        const h1 = tf.relu(tf.conv2d(input as tf.Tensor4D, a as tf.Tensor4D, 1, 'same')); // [4,12,12,8]
        const h2 = tf.relu(tf.conv2d(h1, b as tf.Tensor4D, 2, 'same')); // [4,6,6,16]
        const h3 = tf.conv2d(h2, c as tf.Tensor4D, 2, 'valid'); // [4,3,3,8]
        return tf.sum(tf.mul(h3, r!));
      };
      const grads = tf.grads(net)([x!, w1!, w2!, w3!]);
      const out = grads.map((g) => g.dataSync() as Float32Array);
      tf.dispose([x!, w1!, w2!, w3!, r!, ...grads]);
      return out;
    };
    const want = await gradsOnBackend('cpu');
    const got = await gradsOnBackend('wasm');
    want.forEach((w, i) => expect(relativeError(w, got[i]!), `gradient ${i}`).toBeLessThan(1e-4));
  });

  it('conv2dTranspose (which runs Conv2DBackpropInput forward) equals cpu’s', async () => {
    const rand = seededRandom(11);
    const dy = randomData([2, 4, 5, 6], rand);
    const w = randomData([3, 3, 3, 6], rand);
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const out = tf.tidy(() =>
        tf.conv2dTranspose(tf.tensor4d(dy, [2, 4, 5, 6]), tf.tensor4d(w, [3, 3, 3, 6]), [2, 8, 9, 3], 2, 'same'),
      );
      const v = out.dataSync() as Float32Array;
      out.dispose();
      return v;
    };
    expect(relativeError(await run('cpu'), await run('wasm'))).toBeLessThan(1e-4);
  });

  it('computing and disposing gradients leaks no tensors and no wasm memory', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const x = tf.randomUniform([2, 9, 9, 4]) as tf.Tensor4D;
    const w = tf.randomUniform([3, 3, 4, 6]) as tf.Tensor4D;
    const dw = tf.randomUniform([3, 3, 4, 2]) as tf.Tensor4D;
    const tensorsBefore = tf.memory().numTensors;
    const dataIdsBefore = backend.numDataIds();
    for (const pad of ['same', 'valid', 3] as const) {
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.add(
          tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, pad)),
          tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, c as tf.Tensor4D, 2, pad)),
        ),
      )([x, w, dw]);
      tf.dispose(grads);
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(backend.numDataIds()).toBe(dataIdsBefore);
    tf.dispose([x, w, dw]);
  });
});

describe('registerWasmGradientKernels', () => {
  const names = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput'];

  it('is harmless to call twice: same kernels stay registered and still compute the same gradients', async () => {
    const before = names.map((n) => tf.getKernel(n, 'wasm')?.kernelFunc);
    registerWasmGradientKernels();
    const after = names.map((n) => tf.getKernel(n, 'wasm')?.kernelFunc);
    expect(before.every((f) => typeof f === 'function')).toBe(true);
    expect(after).toEqual(before);
    const conv = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, 2, 'same');
    await expectSameGradients(conv, [2, 7, 7, 3], [3, 3, 3, 4], 300);
  });

  it('leaves NCHW Conv2DBackpropInput to the built-in kernel, which still matches cpu', async () => {
    const rand = seededRandom(13);
    const dy = randomData([2, 4, 3, 3], rand); // NCHW: [N, Cout, Ho, Wo]
    const w = randomData([3, 3, 2, 4], rand);
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NCHW', inputShape: [2, 2, 6, 6] };
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const inputs = { dy: tf.tensor4d(dy, [2, 4, 3, 3]), filter: tf.tensor4d(w, [3, 3, 2, 4]) };
      const out = tf.engine().runKernel('Conv2DBackpropInput', inputs, attrs) as tf.Tensor;
      const v = out.dataSync() as Float32Array;
      tf.dispose([out, inputs.dy, inputs.filter]);
      return v;
    };
    expect(relativeError(await run('cpu'), await run('wasm'))).toBeLessThan(1e-4);
  });

  it('rejects NCHW filter gradients and dilated depthwise gradients with a clear message', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 2, 5, 5]);
    const dy = tf.zeros([1, 2, 3, 3]);
    expect(() =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
        strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 2, 2],
      }),
    ).toThrow(/only dataFormat 'NHWC'/);
    const xd = tf.zeros([1, 5, 5, 2]);
    const dyd = tf.zeros([1, 1, 1, 2]);
    expect(() =>
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: xd, dy: dyd }, {
        strides: 1, dilations: 2, pad: 'valid', filterShape: [3, 3, 2, 1],
      }),
    ).toThrow(/only dilations 1/);
    tf.dispose([x, dy, xd, dyd]);
  });
});
