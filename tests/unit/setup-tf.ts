import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerGradients, selectBackend, type BackendName } from '../../src/model/runtime/index';

/** Switch to `name` (wasm or cpu in Node), with gradients and the project's wasm kernels registered. */
export async function useBackend(name: BackendName): Promise<void> {
  await registerGradients();
  const report = await selectBackend({ order: [name] });
  if (report.chosen !== name) throw new Error(`wanted ${name}, got ${report.chosen}`);
}

/** Deterministic pseudo-random numbers in [-1, 1) (mulberry32), so both backends see the same inputs. */
export function randomArray(n: number, seed = 1): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

export function randomTensor(shape: number[], seed = 1): tf.Tensor {
  return tf.tensor(randomArray(shape.reduce((a, b) => a * b, 1), seed), shape);
}

/** Largest absolute difference between two tensors' values. */
export async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const [x, y] = await Promise.all([a.data(), b.data()]);
  expectSameLength(x.length, y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

function expectSameLength(a: number, b: number) {
  if (a !== b) throw new Error(`size mismatch: ${a} vs ${b}`);
}
