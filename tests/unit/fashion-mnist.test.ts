import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import {
  FASHION_MNIST_CLASSES,
  balancedSubset,
  encodeIdx,
  gatherBatch,
  loadFashionMnist,
  parseFashionMnistManifest,
  parseIdx,
  type FetchData,
} from '../../src/model/index';
import { mulberry32, permutation } from '../../src/model/training/random';

const DIR = join(import.meta.dirname, '../../public/data/fashion-mnist');
const readBytes: FetchData = (path) => readFile(path);
const zlib = (gz: Uint8Array) => gunzipSync(gz);
let shared: ReturnType<typeof loadFashionMnist> | undefined;
/** The subset loaded once through Node's fs and zlib, shared by the tests that only read it. */
const load = () => (shared ??= loadFashionMnist({ baseUrl: DIR, fetchBytes: readBytes, gunzip: zlib }));

/** A file reader that changes one byte of `file` (xor 0x01) at `at`, after gunzipping it when `decoded`. */
function corrupting(file: string, at: number, decoded = false): FetchData {
  return async (path) => {
    let bytes = new Uint8Array(await readFile(path));
    if (!path.endsWith(file)) return bytes;
    if (decoded) bytes = new Uint8Array(gunzipSync(bytes));
    bytes[at]! ^= 0x01;
    return bytes;
  };
}

describe('the shipped Fashion-MNIST subset', () => {
  test('has 1,000 training and 200 test images per class, and every checksum verifies', async () => {
    const data = await load();
    expect(data.train.count).toBe(10_000);
    expect(data.test.count).toBe(2_000);
    for (const [set, per] of [
      [data.train, 1000],
      [data.test, 200],
    ] as const) {
      const counts = new Array(10).fill(0);
      for (const y of set.labels) counts[y]++;
      expect(counts).toEqual(new Array(10).fill(per));
      expect(set.images.length).toBe(set.count * 28 * 28);
      expect(set.pixels.length).toBe(set.count * 28 * 28);
    }
  });

  test('is balanced in every prefix too: the first 500 training images hold 35–65 of each class', async () => {
    const { train } = await load();
    const counts = new Array(10).fill(0);
    for (const y of train.labels.subarray(0, 500)) counts[y]++;
    for (const c of counts) {
      expect(c).toBeGreaterThanOrEqual(35);
      expect(c).toBeLessThanOrEqual(65);
    }
  });

  test('names Zalando’s ten classes in label order', async () => {
    const manifest = parseFashionMnistManifest(JSON.parse(await readFile(join(DIR, 'manifest.json'), 'utf8')));
    expect(manifest.classes).toEqual([...FASHION_MNIST_CLASSES]);
    expect(FASHION_MNIST_CLASSES[0]).toBe('T-shirt/top');
    expect(FASHION_MNIST_CLASSES[9]).toBe('Ankle boot');
  });

  test('takes at most 6 MB, and the manifest lists every file with its size', async () => {
    const manifest = parseFashionMnistManifest(JSON.parse(await readFile(join(DIR, 'manifest.json'), 'utf8')));
    let total = (await stat(join(DIR, 'manifest.json'))).size;
    for (const split of [manifest.splits.train, manifest.splits.test]) {
      for (const f of [split.images, split.labels]) {
        const size = (await stat(join(DIR, f.file))).size;
        expect(size, f.file).toBe(f.bytes);
        total += size;
      }
    }
    expect(total).toBeLessThanOrEqual(6_000_000);
  });

  test('normalised training pixels have mean 0 and standard deviation 1', async () => {
    const { train } = await load();
    let s = 0;
    let s2 = 0;
    for (const v of train.images) {
      s += v;
      s2 += v * v;
    }
    const mean = s / train.images.length;
    expect(Math.abs(mean)).toBeLessThan(1e-3);
    expect(Math.sqrt(s2 / train.images.length - mean * mean)).toBeCloseTo(1, 3);
    const unit = await loadFashionMnist({ baseUrl: DIR, fetchBytes: readBytes, gunzip: zlib, normalization: 'unit' });
    expect(Math.max(...unit.train.images.subarray(0, 784))).toBeLessThanOrEqual(1);
    expect(unit.train.images[300]).toBeCloseTo(unit.train.pixels[300]! / 255, 6);
  });

  test('a corrupted byte in a .gz file is detected and the file named', async () => {
    await expect(loadFashionMnist({ baseUrl: DIR, fetchBytes: corrupting('train-labels-idx1-ubyte.gz', 100), gunzip: zlib })).rejects.toThrow(
      /"train-labels-idx1-ubyte\.gz" has SHA-256 [0-9a-f]{64}, the manifest expects/,
    );
  });

  test('a corrupted byte in content a server already decompressed is detected', async () => {
    await expect(
      loadFashionMnist({ baseUrl: DIR, fetchBytes: corrupting('test-images-idx3-ubyte.gz', 5000, true), gunzip: zlib }),
    ).rejects.toThrow(/the decompressed content of "test-images-idx3-ubyte\.gz" has SHA-256 [0-9a-f]{64}, the manifest expects/);
    // Uncorrupted decoded content (what a server sending Content-Encoding: gzip hands over) loads fine.
    const decoded: FetchData = async (path) => (path.endsWith('.gz') ? gunzipSync(await readFile(path)) : readFile(path));
    const data = await loadFashionMnist({ baseUrl: DIR, fetchBytes: decoded });
    expect(data.test.count).toBe(2000);
  });

  test('the browser path (DecompressionStream, Web Crypto) gives the same arrays as Node’s zlib', async () => {
    const web = await loadFashionMnist({ baseUrl: DIR, fetchBytes: readBytes });
    const node = await load();
    // Buffer.equals, not toEqual: a deep compare of millions of elements takes seconds.
    const same = (a: ArrayBufferView, b: ArrayBufferView) =>
      Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    expect(same(web.train.labels, node.train.labels)).toBe(true);
    expect(same(web.train.pixels, node.train.pixels)).toBe(true);
    expect(same(web.test.images, node.test.images)).toBe(true);
  });

  test('a batch holds the chosen examples in order, as NHWC pixels and integer labels', async () => {
    const { test: set } = await load();
    const { x, y } = gatherBatch(set, [7, 3, 1999], 1, 2);
    expect(Array.from(y)).toEqual([set.labels[3], set.labels[1999]]);
    expect(x.length).toBe(2 * 784);
    expect(x.subarray(784)).toEqual(set.images.subarray(1999 * 784, 2000 * 784));
    expect(() => gatherBatch(set, [1, 2], 1, 2)).toThrow(/outside/);
  });

  test.skipIf(!existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'))(
    'rebuilding from the Debian originals reproduces the shipped content exactly',
    async () => {
      const { build } = await import('../../scripts/build-fashion-mnist');
      const built = await build('/usr/share/datasets/fashion-mnist');
      const shipped = parseFashionMnistManifest(JSON.parse(await readFile(join(DIR, 'manifest.json'), 'utf8')));
      for (const split of ['train', 'test'] as const) {
        expect(built.manifest.splits[split].images.rawSha256).toBe(shipped.splits[split].images.rawSha256);
        expect(built.manifest.splits[split].labels.rawSha256).toBe(shipped.splits[split].labels.rawSha256);
      }
      expect(built.manifest.pixelMean).toBe(shipped.pixelMean);
    },
  );
});

describe('IDX files and balanced subsets', () => {
  test('IDX round-trips, and a truncated file is rejected with its sizes', () => {
    const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const bytes = encodeIdx([2, 3, 4], data);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0, 8, 3]);
    const back = parseIdx(bytes);
    expect(back.dims).toEqual([2, 3, 4]);
    expect(back.data).toEqual(data);
    expect(() => parseIdx(bytes.subarray(0, bytes.length - 1), 'x.idx')).toThrow('x.idx: dims [2,3,4] need 40 bytes, the file has 39');
    expect(() => parseIdx(Uint8Array.of(0x1f, 0x8b, 8, 0))).toThrow(/not an IDX file/);
  });

  test('a balanced subset keeps `perClass` of each class; the same seed picks the same examples', () => {
    const labels = Int32Array.from({ length: 300 }, (_, i) => (i * 7) % 3);
    const a = balancedSubset(labels, 3, 20, mulberry32(5));
    const b = balancedSubset(labels, 3, 20, mulberry32(5));
    const c = balancedSubset(labels, 3, 20, mulberry32(6));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a).size).toBe(60);
    const counts = [0, 0, 0];
    for (const i of a) counts[labels[i]!]!++;
    expect(counts).toEqual([20, 20, 20]);
    expect(() => balancedSubset(labels, 3, 101, mulberry32(1))).toThrow('balancedSubset: class 0 has 100 examples, fewer than 101');
  });

  test('a seeded permutation is a permutation, and the same for the same seed', () => {
    const p = permutation(1000, 42);
    expect(p).toEqual(permutation(1000, 42));
    expect(p).not.toEqual(permutation(1000, 43));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
