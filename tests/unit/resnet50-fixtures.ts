// What the ResNet-50 tests share: reading files as `fetch` would, and the test photos as tensors.
import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { PNG } from 'pngjs';

/** Node stand-in for `fetch` (a `FetchBytes`): the "URL" is a path; the bytes come back as an ArrayBuffer of their own. */
export async function readBytes(url: string, onBytes?: (loaded: number) => void): Promise<ArrayBuffer> {
  const b = await readFile(url);
  onBytes?.(b.length);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** An RGB photo [H, W, 3] int32 from a PNG fixture (decoded by pngjs, pure JavaScript). */
export async function photo(name: string): Promise<tf.Tensor3D> {
  const png = PNG.sync.read(await readFile(new URL(`../fixtures/images/${name}.png`, import.meta.url)));
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) rgb.set(png.data.subarray(i, i + 3), j);
  return tf.tensor3d(rgb, [png.height, png.width, 3], 'int32');
}
