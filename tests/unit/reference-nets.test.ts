import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cifarResNet } from '../../src/model/builders';
import { decodeFloat16, encodeFloat16, fromFloat16Bits, toFloat16Bits } from '../../src/model/data/float16';
import { loadFashionMnist } from '../../src/model/data/fashion-mnist';
import {
  REFERENCE_NETS_FORMAT,
  REFERENCE_NETS_FORMAT_VERSION,
  type ReferenceNet,
  type ReferenceNetsManifest,
  loadReferenceNet,
  loadReferenceNetsManifest,
  parseReferenceNetsManifest,
} from '../../src/model/data/reference-nets';
import { Model } from '../../src/model/runtime/model';
import { randomTensor, useBackend } from './setup-tf';

beforeAll(() => useBackend('wasm'));

describe('float16', () => {
  it('keeps numbers that float16 can hold exactly', () => {
    for (const v of [0, 1, -2, 0.5, 1.5, 65504, -65504, 2 ** -14, 2 ** -24, 3 * 2 ** -24, 1023.5]) expect(fromFloat16Bits(toFloat16Bits(v))).toBe(v);
    expect(Object.is(fromFloat16Bits(toFloat16Bits(-0)), -0)).toBe(true);
  });

  it('rounds half to even, overflows to infinity, and keeps NaN', () => {
    expect(fromFloat16Bits(toFloat16Bits(1 + 2 ** -11))).toBe(1); // halfway between 1 and 1 + 2^-10: even is 1
    expect(fromFloat16Bits(toFloat16Bits(1 + 3 * 2 ** -11))).toBe(1 + 2 * 2 ** -10); // halfway: even is 1 + 2·2^-10
    expect(fromFloat16Bits(toFloat16Bits(70000))).toBe(Infinity);
    expect(fromFloat16Bits(toFloat16Bits(-1e9))).toBe(-Infinity);
    expect(fromFloat16Bits(toFloat16Bits(NaN))).toBeNaN();
    expect(fromFloat16Bits(toFloat16Bits(2 ** -26))).toBe(0);
  });

  it('has a relative error of at most 2^-11 in the normal range', () => {
    const values = Float32Array.from({ length: 10_000 }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 8) - 4));
    const back = decodeFloat16(encodeFloat16(values));
    values.forEach((v, i) => {
      if (Math.abs(v) >= 2 ** -14) expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 * (1 + 1e-6));
    });
  });
});

/** A small net's weights as a reference-nets file and manifest, in memory. */
async function packed(model: Model): Promise<{ manifest: ReferenceNetsManifest; files: Map<string, Uint8Array> }> {
  const weights: ReferenceNet['weights'] = [];
  const halves: Uint16Array[] = [];
  let offset = 0;
  for (const [name, v] of model.weights) {
    weights.push({ name, shape: v.shape, offset });
    halves.push(encodeFloat16((await v.data()) as Float32Array));
    offset += v.size;
  }
  const bytes = new Uint8Array(offset * 2);
  const view = new DataView(bytes.buffer);
  let i = 0;
  for (const h of halves) for (const x of h) view.setUint16(2 * i++, x, true);
  const net: ReferenceNet = {
    id: 'res-8',
    architecture: { depth: 8, shortcut: 'A', width: 4, zeroInitResidual: false },
    file: 'res-8.bin',
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    dtype: 'float16',
    params: model.numParams,
    weights,
    training: { run: 'none', command: 'none', seed: 1, steps: 0, schedule: 'none', smoothedTrainingError: 0.9, trainSetError: 0.9, testError: 0.9, testExamples: 1 },
  };
  const manifest: ReferenceNetsManifest = { format: REFERENCE_NETS_FORMAT, version: REFERENCE_NETS_FORMAT_VERSION, nets: [net] };
  return { manifest, files: new Map([['base/manifest.json', new TextEncoder().encode(JSON.stringify(manifest))], ['base/res-8.bin', bytes]]) };
}

describe('reference nets loader', () => {
  const spec = cifarResNet({ depth: 8, width: 4, numClasses: 10, inputShape: [28, 28, 1] });

  it('rebuilds a net from its float16 file: same predictions, no tensors left behind', async () => {
    const original = new Model(spec, { seed: 3 });
    const { files } = await packed(original);
    const before = tf.memory().numTensors;
    const { model, net } = await loadReferenceNet('res-8', { baseUrl: 'base', fetchBytes: async (u) => files.get(u)! });
    expect(net.params).toBe(original.numParams);
    const x = randomTensor([16, 28, 28, 1], 5) as tf.Tensor4D;
    const [a, b] = [original.apply(x), model.apply(x)];
    const [classA, classB, gap] = tf.tidy(() => [tf.argMax(a, 1).dataSync(), tf.argMax(b, 1).dataSync(), tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!]);
    expect(Array.from(classB)).toEqual(Array.from(classA));
    expect(gap).toBeLessThan(0.05);
    tf.dispose([x, a, b]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before); // only the original's weights remain, as before loading
    original.dispose();
  });

  it('says which file is corrupted, and which ids exist', async () => {
    const original = new Model(spec, { seed: 3 });
    const { files } = await packed(original);
    original.dispose();
    const bad = Uint8Array.from(files.get('base/res-8.bin')!);
    bad[10]! ^= 1;
    const corrupt = new Map(files).set('base/res-8.bin', bad);
    await expect(loadReferenceNet('res-8', { baseUrl: 'base', fetchBytes: async (u) => corrupt.get(u)! })).rejects.toThrow(/"res-8.bin" has SHA-256 .* expects/);
    await expect(loadReferenceNet('res-56', { baseUrl: 'base', fetchBytes: async (u) => files.get(u)! })).rejects.toThrow(/no net "res-56".*"res-8"/);
  });

  it('rejects manifests whose offsets, sizes or architecture do not add up', async () => {
    const original = new Model(spec, { seed: 3 });
    const { manifest } = await packed(original);
    original.dispose();
    const edit = (f: (n: ReferenceNet) => void) => {
      const copy = JSON.parse(JSON.stringify(manifest)) as ReferenceNetsManifest;
      f(copy.nets[0]!);
      return copy;
    };
    expect(() => parseReferenceNetsManifest(edit((n) => (n.weights[1]!.offset += 1)))).toThrow(/starts at .* expected/);
    expect(() => parseReferenceNetsManifest(edit((n) => (n.bytes += 2)))).toThrow(/float16\), the file has/);
    expect(() => parseReferenceNetsManifest(edit((n) => (n.architecture = { ...n.architecture, shortcut: 'plain', zeroInitResidual: true })))).toThrow(/zeroInitResidual needs shortcuts/);
    expect(() => parseReferenceNetsManifest({ ...manifest, version: 2 })).toThrow(/version 2/);
  });
});

const SHIPPED = join(__dirname, '../../public/data/reference-nets');

describe.runIf(existsSync(join(SHIPPED, 'manifest.json')))('the shipped reference nets', () => {
  it('each net has the test error its manifest records, measured again on the whole test subset', async () => {
    const data = await loadFashionMnist({ baseUrl: join(__dirname, '../../public/data/fashion-mnist'), fetchBytes: (p) => readFile(p), gunzip: (gz) => gunzipSync(gz) });
    const opts = { baseUrl: SHIPPED, fetchBytes: (p: string) => readFile(p) };
    const manifest = await loadReferenceNetsManifest(opts);
    expect(manifest.nets.map((n) => n.id).sort()).toEqual(['plain-20', 'plain-56', 'res-20', 'res-56']);
    for (const entry of manifest.nets) {
      const { model } = await loadReferenceNet(entry.id, { ...opts, manifest });
      let wrong = 0;
      for (let start = 0; start < data.test.count; start += 500) {
        const n = Math.min(500, data.test.count - start);
        const x = tf.tensor4d(data.test.images.subarray(start * 784, (start + n) * 784), [n, 28, 28, 1]);
        const pred = tf.tidy(() => tf.argMax(model.apply(x), 1));
        const p = (await pred.data()) as Int32Array;
        p.forEach((c, i) => (wrong += c !== data.test.labels[start + i] ? 1 : 0));
        tf.dispose([x, pred]);
      }
      model.dispose();
      expect(wrong / data.test.count, entry.id).toBeCloseTo(entry.training.testError, 4);
      expect(entry.training.testExamples).toBe(data.test.count);
    }
  }, 300_000);
});
