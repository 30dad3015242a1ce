import { describe, expect, test } from 'vitest';
import { conv } from '../../src/model/builders';
import { decodeWeight, type ByteRange, type ManifestWeight } from '../../src/model/runtime/index';
import type { NetworkSpec } from '../../src/model/spec';
import { manifestWeights } from '../../scripts/weights/convert';
import { quantizePerChannel, worstQuantizationError } from '../../scripts/weights/quantise';
import { SHARD_BYTES, ShardPacker } from '../../scripts/weights/shards';
import { randomArray } from './setup-tf';

const CHANNELS = 5;
/** Output channel c of the test kernel spans a very different range: scales must be per channel to keep precision. */
const MAGNITUDE = [1e-3, 1, 100, 0.25, 0];
const OFFSET = [0, -3, 50, 0, 0.3]; // channel 4 is constant (0.3): its scale is 0 and it must still decode exactly

/** A kernel [3, 3, 3, CHANNELS] in HWIO order, in float64 as the folding produces it. */
function kernel(): Float64Array {
  const noise = randomArray(3 * 3 * 3 * CHANNELS, 11);
  return Float64Array.from(noise, (v, i) => OFFSET[i % CHANNELS]! + MAGNITUDE[i % CHANNELS]! * v);
}

/** A network of one conv with bias followed by a dense layer: what manifestWeights turns into entries. */
const spec: NetworkSpec = {
  name: 'conv-fc',
  inputShape: [4, 4, 3],
  stem: [conv('conv', 3, CHANNELS, 3, { bias: true })],
  stages: [],
  head: [
    { kind: 'globalavgpool', name: 'pool' },
    { kind: 'dense', name: 'fc', inUnits: CHANNELS, units: 2, bias: true },
  ],
};

function encode() {
  const values = new Map<string, Float64Array>([
    ['conv.weight', kernel()],
    ['conv.bias', Float64Array.from(randomArray(CHANNELS, 12), (v) => v / 3)],
    ['fc.weight', Float64Array.from(randomArray(CHANNELS * 2, 13))],
    ['fc.bias', Float64Array.from([0.1, -0.2])],
  ]);
  const pack = new ShardPacker();
  const entries = manifestWeights(spec, values, pack);
  const shards = pack.shards().map((s) => s.buffer.slice(s.byteOffset, s.byteOffset + s.byteLength) as ArrayBuffer);
  const entry = (name: string) => entries.find((e) => e.name === name)!;
  return { values, entries, shards, entry };
}

/** The per-channel min and max of `values`, channel = index mod `channels` (the last axis). */
function channelRanges(values: Float64Array, channels: number) {
  const lo = new Array<number>(channels).fill(Infinity);
  const hi = new Array<number>(channels).fill(-Infinity);
  values.forEach((v, i) => {
    lo[i % channels] = Math.min(lo[i % channels]!, v);
    hi[i % channels] = Math.max(hi[i % channels]!, v);
  });
  return { lo, hi };
}

describe('quantisation in the scheme the loader reads', () => {
  test('kernels are uint8, affine per output channel (the last axis), with float32 scale and min of one per channel', () => {
    const { entry, values, shards } = encode();
    const w = entry('conv.weight') as Extract<ManifestWeight, { dtype: 'uint8' }>;
    expect(w.dtype).toBe('uint8');
    expect(w.shape).toEqual([3, 3, 3, CHANNELS]);
    expect(w.quantization.scheme).toBe('affine-per-channel');
    expect(w.quantization.axis).toBe(3);
    expect(w.data.bytes).toBe(3 * 3 * 3 * CHANNELS);
    const floats = (r: ByteRange) => Array.from(new Float32Array(shards[r.shard]!, r.offset, r.bytes / 4));
    const { lo, hi } = channelRanges(values.get('conv.weight')!, CHANNELS);
    expect(floats(w.quantization.min)).toEqual(lo.map(Math.fround));
    expect(floats(w.quantization.scale)).toEqual(lo.map((l, c) => Math.fround((hi[c]! - l) / 255)));
    expect((entry('fc.weight') as Extract<ManifestWeight, { dtype: 'uint8' }>).quantization.axis).toBe(1);
  });

  test('every kernel value comes back from the loader’s decodeWeight within half a step of its channel', () => {
    const { entry, values, shards } = encode();
    const original = values.get('conv.weight')!;
    const decoded = decodeWeight(entry('conv.weight'), shards);
    const { lo, hi } = channelRanges(original, CHANNELS);
    let worstSteps = 0;
    original.forEach((v, i) => {
      const c = i % CHANNELS;
      const step = (hi[c]! - lo[c]!) / 255;
      const float32Rounding = 1e-7 * Math.max(Math.abs(lo[c]!), Math.abs(hi[c]!));
      const err = Math.abs(decoded[i]! - v);
      expect(err).toBeLessThanOrEqual(step / 2 + float32Rounding);
      if (step > 0) worstSteps = Math.max(worstSteps, err / step);
    });
    // Rounding to the nearest step, not truncating: some value lands near half a step, none beyond.
    expect(worstSteps).toBeGreaterThan(0.3);
    // The constant channel has scale 0 and decodes to its value exactly (as float32).
    for (let i = 4; i < original.length; i += CHANNELS) expect(decoded[i]).toBe(Math.fround(0.3));
  });

  test('biases stay float32 and decode to exactly their float32 values', () => {
    const { entry, values, shards } = encode();
    for (const name of ['conv.bias', 'fc.bias']) {
      expect(entry(name).dtype).toBe('float32');
      expect(Array.from(decodeWeight(entry(name), shards))).toEqual(Array.from(Float32Array.from(values.get(name)!)));
    }
  });

  test('the converter’s error check passes a correct quantisation and catches one value off by two steps', () => {
    const values = kernel();
    const quantized = quantizePerChannel(values, CHANNELS);
    expect(worstQuantizationError(values, quantized)).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
    const i = 2; // channel 2, range ≈ 200
    const q = quantized.q.slice();
    q[i] = q[i]! < 128 ? q[i]! + 2 : q[i]! - 2;
    expect(worstQuantizationError(values, { ...quantized, q })).toBeGreaterThan(1.5 / 255);
    expect(() => manifestWeights(spec, new Map(), new ShardPacker())).toThrow(/no value for conv\.weight/);
  });
});

describe('shards', () => {
  test('every array is 4-byte aligned inside its shard, so the loader can view floats without copying', () => {
    const { entries, shards } = encode();
    const ranges = entries.flatMap((e) => (e.dtype === 'uint8' ? [e.data, e.quantization.scale, e.quantization.min] : [e.data]));
    for (const r of ranges) {
      expect(r.offset % 4).toBe(0);
      expect(r.offset + r.bytes).toBeLessThanOrEqual(shards[r.shard]!.byteLength);
    }
  });

  test('an array that does not fit starts a new shard; none is split, none exceeds the shard size', () => {
    const pack = new ShardPacker();
    const big = new Uint8Array(SHARD_BYTES / 4).fill(7);
    const odd = new Uint8Array(3).fill(9);
    const placed = [big, odd, big, big, big].map((a) => pack.place(a));
    expect(placed.map((r) => [r.shard, r.offset])).toEqual([
      [0, 0],
      [0, big.length],
      [0, big.length + 4], // after 3 bytes, padded to the next multiple of 4
      [0, 2 * big.length + 4],
      [1, 0], // the padding leaves 4 bytes too few for a fourth quarter in shard 0
    ]);
    const shards = pack.shards();
    expect(shards.map((s) => s.length)).toEqual([3 * big.length + 4, big.length]);
    expect(Array.from(shards[0]!.subarray(big.length, big.length + 5))).toEqual([9, 9, 9, 0, 7]);
    expect(() => pack.place(new Uint8Array(SHARD_BYTES + 1))).toThrow(/does not fit/);
  });
});
