import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resnet18 } from '../../src/model/index';
import type { FetchBytes } from '../../src/model/data/assets';
import {
  decodeWeight,
  instantiate,
  loadPretrained,
  modelFromWeights,
  parseManifest,
  predictProbabilities,
  preprocess,
  resizeShortSideAndCenterCrop,
  specWeightShapes,
  topK,
  type Pretrained,
  type WeightsManifest,
} from '../../src/model/runtime/index';
import { ORIGINAL_DIR, OUT_DIR, readKerasOriginal } from '../../scripts/weights';
import { photo, readBytes } from './resnet50-fixtures';
import { maxAbsDiff, randomTensor, useBackend } from './setup-tf';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('preprocessing and predictions', () => {
  test('caffe preprocessing turns RGB into BGR minus the ImageNet mean, unscaled', async () => {
    const x = tf.tensor3d([10, 20, 30, 255, 0, 128], [1, 2, 3], 'int32');
    const y = preprocess(x);
    const got = Array.from(await y.data());
    const want = [30 - 103.939, 20 - 116.779, 10 - 123.68, 128 - 103.939, 0 - 116.779, 255 - 123.68];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
    expect(y.dtype).toBe('float32');
    tf.dispose([x, y]);
  });

  test('resize to a short side of 256 then centre-crop 224 gives [224, 224, 3] for any aspect ratio', () => {
    for (const shape of [
      [300, 451, 3],
      [451, 300, 3],
      [1000, 1500, 3],
      [100, 90, 3],
    ] as [number, number, number][]) {
      const x = tf.zeros(shape, 'int32') as tf.Tensor3D;
      const y = resizeShortSideAndCenterCrop(x, 256, 224);
      expect(y.shape).toEqual([224, 224, 3]);
      tf.dispose([x, y]);
    }
  });

  test('an image whose short side is already 256 is only cropped, exactly at the centre', async () => {
    const x = randomTensor([256, 384, 3], 9) as tf.Tensor3D;
    const y = resizeShortSideAndCenterCrop(x, 256, 224);
    const centre = tf.slice(x, [16, 80, 0], [224, 224, 3]);
    expect(await maxAbsDiff(y, centre)).toBeLessThan(1e-5);
    tf.dispose([x, y, centre]);
  });

  test('topK lists the most probable classes first, with their labels', () => {
    expect(topK([0.1, 0.5, 0.05, 0.35], 2, ['a', 'b', 'c', 'd'])).toEqual([
      { index: 1, label: 'b', prob: 0.5 },
      { index: 3, label: 'd', prob: 0.35 },
    ]);
  });
});

describe('weights format', () => {
  test('a uint8 weight dequantizes per output channel: min[c] + q · scale[c]', () => {
    // shape [2, 3]: element i belongs to output channel i mod 3
    const shard = new ArrayBuffer(32);
    new Uint8Array(shard, 0, 6).set([0, 1, 255, 2, 3, 0]);
    new Float32Array(shard, 8, 3).set([1, 0.5, 2]); // scale
    new Float32Array(shard, 20, 3).set([-1, 0, 10]); // min
    const got = decodeWeight(
      {
        name: 'w',
        shape: [2, 3],
        dtype: 'uint8',
        quantization: {
          scheme: 'affine-per-channel',
          axis: 1,
          scale: { shard: 0, offset: 8, bytes: 12 },
          min: { shard: 0, offset: 20, bytes: 12 },
        },
        data: { shard: 0, offset: 0, bytes: 6 },
      },
      [shard],
    );
    expect(Array.from(got)).toEqual([-1, 0.5, 520, 1, 1.5, 10]);
  });

  /** A complete, valid manifest for a small ResNet-18, every weight float32 in one big shard. */
  function smallManifest(): WeightsManifest {
    const options = { strideOn: '3x3' as const, convBias: true, batchNorm: false, numClasses: 10 };
    let offset = 0;
    const weights = [...specWeightShapes(resnet18(options))].map(([name, shape]) => {
      const bytes = 4 * shape.reduce((a, b) => a * b, 1);
      const data = { shard: 0, offset, bytes };
      offset += bytes;
      return { name, shape, dtype: 'float32' as const, data };
    });
    return {
      format: 'residual-lessons/weights',
      formatVersion: 1,
      model: { builder: 'resnet18', options },
      preprocessing: { mode: 'caffe', channelOrder: 'BGR', mean: [1, 2, 3], resize: 256, crop: 224 },
      source: {},
      labels: { file: 'labels.json', bytes: 10, sha256: 'a'.repeat(64) },
      shards: [{ file: 'group1-shard1of1-abc.bin', bytes: offset, sha256: 'b'.repeat(64) }],
      weights,
    };
  }

  test('a complete manifest passes validation', () => {
    expect(parseManifest(JSON.parse(JSON.stringify(smallManifest()))).weights.length).toBe(
      specWeightShapes(resnet18({ batchNorm: false, convBias: true })).size,
    );
  });

  test.each([
    ['an unknown format version', (m: WeightsManifest) => Object.assign(m, { formatVersion: 2 }), /formatVersion 2 is not supported/],
    ['a missing weight', (m: WeightsManifest) => void m.weights.pop(), /no entry for 1 weight/],
    [
      'a weight of another network',
      (m: WeightsManifest) => void (m.weights[0]!.name = 'layer9.0.conv1.weight'),
      /does not belong to resnet18/,
    ],
    ['a wrong shape', (m: WeightsManifest) => void (m.weights[0]!.shape = [3, 3, 3, 64]), /has shape \[3,3,3,64\]/],
    [
      'bytes past the end of a shard',
      (m: WeightsManifest) => void (m.shards[0]!.bytes -= 4),
      /runs past the end of group1-shard1of1-abc.bin/,
    ],
    ['a path instead of a file name', (m: WeightsManifest) => void (m.shards[0]!.file = '../secret.bin'), /must be a plain file name/],
  ])('a manifest with %s is rejected with a message that says so', (_, mutate, message) => {
    const m = smallManifest();
    mutate(m);
    expect(() => parseManifest(JSON.parse(JSON.stringify(m)))).toThrow(message);
  });
});

describe('fused inference', () => {
  const spec = resnet18({ batchNorm: false, convBias: true, numClasses: 10, inputShape: [32, 32, 3] });

  test('conv + bias + ReLU fused gives the same logits and collected features as the layer-by-layer pass', async () => {
    const model = instantiate(spec, { seed: 3 });
    const x = randomTensor([2, 32, 32, 3], 4) as tf.Tensor4D;
    const fused = model.run(x, { collect: ['layer1.0.relu1', 'layer2'] });
    const plain = model.run(x, { collect: ['layer1.0.relu1', 'layer2'], fuse: false });
    expect(await maxAbsDiff(fused.output, plain.output)).toBeLessThan(1e-4);
    expect(await maxAbsDiff(fused.collected['layer1.0.relu1']!, plain.collected['layer1.0.relu1']!)).toBeLessThan(1e-5);
    expect(await maxAbsDiff(fused.collected.layer2!, plain.collected.layer2!)).toBeLessThan(1e-4);
    tf.dispose([x, fused.output, plain.output, ...Object.values(fused.collected), ...Object.values(plain.collected)]);
    model.dispose();
  });

  test('modelFromWeights rejects a missing or extra weight by name', () => {
    const values = new Map([...specWeightShapes(spec)].map(([n, s]) => [n, new Float32Array(s.reduce((a, b) => a * b, 1))]));
    values.delete('fc.bias');
    expect(() => modelFromWeights(spec, values)).toThrow(/no value given for weight "fc.bias"/);
    values.set('fc.bias', new Float32Array(10));
    values.set('fc.extra', new Float32Array(1));
    expect(() => modelFromWeights(spec, values)).toThrow(/no weight named "fc.extra"/);
  });
});

const haveWeights = existsSync(join(OUT_DIR, 'manifest.json')) && existsSync(join(ORIGINAL_DIR, 'source.json'));
const skip = !haveWeights && !process.env.CI;
const title = skip
  ? 'pretrained ResNet-50 (SKIPPED: public/weights/resnet50 or .cache/resnet50-original is missing; run `npm run weights`)'
  : 'pretrained ResNet-50 (ImageNet, BatchNorm folded, uint8 per channel)';
if (skip) console.warn(`tests/unit/pretrained.test.ts: ${title}`);

describe.skipIf(skip)(title, () => {
  const photos = ['chelsea', 'coffee'] as const;
  let pretrained: Pretrained;
  const images: Record<string, tf.Tensor3D> = {};

  beforeAll(async () => {
    if (!haveWeights) throw new Error('the pretrained weights are missing: run `npm run weights` (CI must generate them before the tests)');
    pretrained = await loadPretrained({ baseUrl: OUT_DIR, fetchBytes: readBytes });
    for (const p of photos) images[p] = await photo(p);
  });

  afterAll(() => {
    pretrained?.model.dispose();
    tf.dispose(Object.values(images));
  });

  test('the weights take at most 26 MB, in content-addressed shards of at most 4 MiB', async () => {
    const { shards, labels } = pretrained.manifest;
    const total = shards.reduce((a, s) => a + s.bytes, 0) + labels.bytes;
    expect(total).toBeLessThanOrEqual(26e6);
    for (const s of shards) {
      expect(s.bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
      expect(s.file).toContain(s.sha256.slice(0, 16));
    }
  });

  test('1000 labels, all distinct, with the two cranes and the two maillots told apart', () => {
    const { labels } = pretrained;
    expect(labels).toHaveLength(1000);
    expect(new Set(labels.map((l) => l.toLowerCase())).size).toBe(1000);
    expect([labels[134], labels[517], labels[638], labels[639]]).toEqual([
      'crane (bird)',
      'crane (machine)',
      'maillot',
      'maillot (tank suit)',
    ]);
    expect([labels[0], labels[285], labels[967]]).toEqual(['tench', 'Egyptian cat', 'espresso']);
  });

  test('folded + quantized weights agree with the original float32 Keras weights run with BatchNorm', async () => {
    const original = await readKerasOriginal();
    const reference = modelFromWeights(original.spec, original.weights);
    try {
      for (const p of photos) {
        const ours = predictProbabilities(pretrained.model, images[p]!);
        const ref = predictProbabilities(reference, images[p]!);
        const [a, b] = [await ours.data(), await ref.data()];
        expect(topK(a, 1)[0]!.index, `${p}: same top-1`).toBe(topK(b, 1)[0]!.index);
        expect(await maxAbsDiff(ours, ref), `${p}: max probability difference`).toBeLessThanOrEqual(0.05);
        tf.dispose([ours, ref]);
      }
    } finally {
      reference.dispose();
    }
  });

  test('a corrupted shard fails with an error naming the shard', async () => {
    const bad = pretrained.manifest.shards[2]!.file;
    const flipping: FetchBytes = async (url, onBytes) => {
      const buf = await readBytes(url, onBytes);
      if (url.endsWith(bad)) new Uint8Array(buf)[1000]! ^= 0x40;
      return buf;
    };
    const truncating: FetchBytes = async (url, onBytes) => {
      const buf = await readBytes(url, onBytes);
      return url.endsWith(bad) ? buf.slice(0, buf.byteLength - 1) : buf;
    };
    const before = tf.memory().numTensors;
    await expect(loadPretrained({ baseUrl: OUT_DIR, fetchBytes: flipping })).rejects.toThrow(
      new RegExp(`shard "${bad}" has SHA-256 [0-9a-f]{64}, the manifest expects`),
    );
    await expect(loadPretrained({ baseUrl: OUT_DIR, fetchBytes: truncating })).rejects.toThrow(
      new RegExp(`shard "${bad}" has \\d+ bytes, the manifest expects`),
    );
    expect(tf.memory().numTensors).toBe(before);
  });

});
