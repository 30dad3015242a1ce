/**
 * Pretrained weights in this project's own format: a `manifest.json`, content-addressed binary shards and a
 * `labels.json`, written by `scripts/weights.ts` (ImageNet ResNet-50 with BatchNorm folded into the convolutions,
 * conv and fc kernels quantized to uint8 per output channel). This module reads them back into a `Model`, and
 * prepares photos and reads predictions the way the weights expect (Keras "caffe" preprocessing).
 *
 * Pure: no DOM, no Node APIs. Bytes come through an injected `fetchBytes`, so the browser can add Cache Storage and
 * a progress bar, and Node tests can read files.
 */
import * as tf from '@tensorflow/tfjs-core';
import { IMAGENET_BUILDERS, type ImageNetArch } from '../builders';
import type { ImageNetOptions } from '../builders';
import type { NetworkSpec } from '../spec';
import { networkWeights } from '../weights';
import { Model } from './model';

export const WEIGHTS_FORMAT = 'residual-lessons/weights';
export const WEIGHTS_FORMAT_VERSION = 1;

/** Bytes `[offset, offset + bytes)` of shard number `shard` (an index into `manifest.shards`). */
export interface ByteRange {
  shard: number;
  offset: number;
  bytes: number;
}

/** A weight stored as little-endian float32. */
export interface Float32Weight {
  name: string;
  shape: number[];
  dtype: 'float32';
  data: ByteRange;
}

/**
 * A weight stored as uint8 q with one affine map per slice along `axis` (the output channel): value = min[c] + q ·
 * scale[c]. `scale` and `min` are float32 arrays of length shape[axis].
 */
export interface QuantizedWeight {
  name: string;
  shape: number[];
  dtype: 'uint8';
  quantization: { scheme: 'affine-per-channel'; axis: number; scale: ByteRange; min: ByteRange };
  data: ByteRange;
}

export type ManifestWeight = Float32Weight | QuantizedWeight;

export interface ManifestShard {
  /** File name beside manifest.json; contains a prefix of its SHA-256 so caches never serve a stale copy. */
  file: string;
  bytes: number;
  /** Lowercase hex SHA-256 of the whole file. */
  sha256: string;
}

/** The builder options the stored weights fit; the loader rebuilds the spec from them. */
export interface ManifestModel {
  builder: ImageNetArch;
  options: Pick<ImageNetOptions, 'strideOn' | 'convBias' | 'batchNorm' | 'bnEpsilon' | 'numClasses'>;
}

/** How a photo must be prepared (Keras `preprocess_input` in "caffe" mode for these weights). */
export interface ManifestPreprocessing {
  mode: 'caffe';
  channelOrder: 'BGR';
  /** Subtracted per channel, in BGR order, from pixel values in 0..255. No scaling. */
  mean: [number, number, number];
  /** Short side resized to this, then the centre `crop` × `crop` taken. */
  resize: number;
  crop: number;
}

export interface WeightsManifest {
  format: typeof WEIGHTS_FORMAT;
  formatVersion: typeof WEIGHTS_FORMAT_VERSION;
  model: ManifestModel;
  preprocessing: ManifestPreprocessing;
  /** Where the numbers come from, for people: package, integrity, licence, what was done to them. */
  source: Record<string, unknown>;
  labels: { file: string; bytes: number; sha256: string };
  shards: ManifestShard[];
  weights: ManifestWeight[];
}

const OPTION_KEYS = ['strideOn', 'convBias', 'batchNorm', 'bnEpsilon', 'numClasses'] as const;

/** Keras "caffe" means, BGR order. */
export const CAFFE_MEAN_BGR: [number, number, number] = [103.939, 116.779, 123.68];

// ---------------------------------------------------------------------------------------------------------------
// Spec ↔ weights
// ---------------------------------------------------------------------------------------------------------------

/** Every weight a spec's `Model` holds, with its shape, in the order `Model` creates them. */
export function specWeightShapes(spec: NetworkSpec): Map<string, number[]> {
  return new Map(networkWeights(spec).map((w) => [w.name, w.shape]));
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * A `Model` of `spec` holding exactly the given values: every weight of the spec must be present with its size, and
 * nothing else. The caller disposes the model.
 */
export function modelFromWeights(spec: NetworkSpec, values: ReadonlyMap<string, Float32Array>): Model {
  const shapes = specWeightShapes(spec);
  for (const [name, shape] of shapes) {
    const v = values.get(name);
    if (!v) throw new Error(`${spec.name}: no value given for weight "${name}"`);
    if (v.length !== size(shape))
      throw new Error(`${spec.name}: "${name}" needs ${size(shape)} values (shape ${JSON.stringify(shape)}), got ${v.length}`);
  }
  const extra = [...values.keys()].filter((n) => !shapes.has(n));
  if (extra.length)
    throw new Error(
      `${spec.name} has no weight named ${extra
        .slice(0, 5)
        .map((n) => `"${n}"`)
        .join(', ')}`,
    );
  const model = new Model(spec, { init: 'zeros' });
  for (const [name, shape] of shapes) {
    const t = tf.tensor(values.get(name)!, shape, 'float32');
    model.weight(name).assign(t);
    t.dispose();
  }
  return model;
}

// ---------------------------------------------------------------------------------------------------------------
// Manifest validation
// ---------------------------------------------------------------------------------------------------------------

function fail(message: string): never {
  throw new Error(`weights manifest: ${message}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonNegInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(`${what} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return v;
}

const SAFE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

function checkFileEntry(v: unknown, what: string): { file: string; bytes: number; sha256: string } {
  if (!isObject(v)) fail(`${what} must be an object, got ${JSON.stringify(v)}`);
  if (typeof v.file !== 'string' || !SAFE_FILE.test(v.file)) fail(`${what}.file must be a plain file name, got ${JSON.stringify(v.file)}`);
  if (typeof v.sha256 !== 'string' || !SHA256_HEX.test(v.sha256))
    fail(`${what}.sha256 must be 64 lowercase hex digits, got ${JSON.stringify(v.sha256)}`);
  return { file: v.file, bytes: nonNegInt(v.bytes, `${what}.bytes`), sha256: v.sha256 };
}

/** The network the manifest's weights belong to. */
export function manifestSpec(model: ManifestModel): NetworkSpec {
  return IMAGENET_BUILDERS[model.builder](model.options);
}

/**
 * Checks a parsed manifest.json completely: known format and version, a builder we have, shards with plain names,
 * sizes and hashes, and exactly one entry per weight of the spec with the right shape and byte ranges inside their
 * shards. Returns it typed; throws an Error that says what is wrong otherwise.
 */
export function parseManifest(json: unknown): WeightsManifest {
  if (!isObject(json)) fail(`expected a JSON object, got ${JSON.stringify(json)?.slice(0, 80)}`);
  if (json.format !== WEIGHTS_FORMAT) fail(`format must be "${WEIGHTS_FORMAT}", got ${JSON.stringify(json.format)}`);
  if (json.formatVersion !== WEIGHTS_FORMAT_VERSION) {
    fail(
      `formatVersion ${JSON.stringify(json.formatVersion)} is not supported (this code reads ${WEIGHTS_FORMAT_VERSION}); regenerate with \`npm run weights\``,
    );
  }
  const m = json.model;
  if (!isObject(m) || typeof m.builder !== 'string' || !Object.hasOwn(IMAGENET_BUILDERS, m.builder) || !isObject(m.options)) {
    fail(`model must be { builder: one of ${Object.keys(IMAGENET_BUILDERS).join(', ')}; options: {...} }, got ${JSON.stringify(m)}`);
  }
  for (const k of Object.keys(m.options)) {
    if (!(OPTION_KEYS as readonly string[]).includes(k))
      fail(`model.options.${k} is not a supported builder option (${OPTION_KEYS.join(', ')})`);
  }
  const model = m as unknown as ManifestModel;
  const spec = manifestSpec(model);

  const p = json.preprocessing;
  if (
    !isObject(p) ||
    p.mode !== 'caffe' ||
    p.channelOrder !== 'BGR' ||
    !Array.isArray(p.mean) ||
    p.mean.length !== 3 ||
    !p.mean.every((x) => typeof x === 'number')
  ) {
    fail(`preprocessing must describe Keras "caffe" mode (BGR, three means), got ${JSON.stringify(p)}`);
  }
  nonNegInt(p.resize, 'preprocessing.resize');
  nonNegInt(p.crop, 'preprocessing.crop');

  const labels = checkFileEntry(json.labels, 'labels');
  if (!Array.isArray(json.shards) || json.shards.length === 0) fail('shards must be a non-empty array');
  const shards = json.shards.map((s, i) => checkFileEntry(s, `shards[${i}]`));
  const names = new Set(shards.map((s) => s.file));
  if (names.size !== shards.length) fail('two shards have the same file name');

  if (!Array.isArray(json.weights)) fail('weights must be an array');
  const expected = specWeightShapes(spec);
  const seen = new Set<string>();
  const range = (r: unknown, bytes: number, what: string): ByteRange => {
    if (!isObject(r)) fail(`${what} must be { shard, offset, bytes }, got ${JSON.stringify(r)}`);
    const shard = nonNegInt(r.shard, `${what}.shard`);
    const offset = nonNegInt(r.offset, `${what}.offset`);
    const n = nonNegInt(r.bytes, `${what}.bytes`);
    const s = shards[shard];
    if (!s) fail(`${what}.shard ${shard} does not exist (${shards.length} shards)`);
    if (n !== bytes) fail(`${what} holds ${n} bytes, the shape needs ${bytes}`);
    if (offset + n > s.bytes) fail(`${what} [${offset}, ${offset + n}) runs past the end of ${s.file} (${s.bytes} bytes)`);
    if (offset % 4 !== 0) fail(`${what}.offset ${offset} is not a multiple of 4`);
    return { shard, offset, bytes: n };
  };
  for (const [i, w] of json.weights.entries()) {
    if (!isObject(w) || typeof w.name !== 'string') fail(`weights[${i}] must be an object with a name`);
    const shape = expected.get(w.name);
    if (!shape) fail(`weight "${w.name}" does not belong to ${spec.name} built with ${JSON.stringify(model.options)}`);
    if (seen.has(w.name)) fail(`weight "${w.name}" appears twice`);
    seen.add(w.name);
    if (!Array.isArray(w.shape) || !sameShape(w.shape as number[], shape)) {
      fail(`weight "${w.name}" has shape ${JSON.stringify(w.shape)}, ${spec.name} needs ${JSON.stringify(shape)}`);
    }
    const n = size(shape);
    if (w.dtype === 'float32') {
      range(w.data, 4 * n, `"${w.name}".data`);
    } else if (w.dtype === 'uint8') {
      const q = w.quantization;
      if (!isObject(q) || q.scheme !== 'affine-per-channel' || q.axis !== shape.length - 1) {
        fail(
          `"${w.name}".quantization must be { scheme: "affine-per-channel", axis: ${shape.length - 1}, scale, min }, got ${JSON.stringify(q)}`,
        );
      }
      const channels = shape[shape.length - 1]!;
      range(w.data, n, `"${w.name}".data`);
      range(q.scale, 4 * channels, `"${w.name}".quantization.scale`);
      range(q.min, 4 * channels, `"${w.name}".quantization.min`);
    } else {
      fail(`weight "${w.name}" has dtype ${JSON.stringify(w.dtype)}; only "float32" and "uint8" are supported`);
    }
  }
  const missing = [...expected.keys()].filter((n) => !seen.has(n));
  if (missing.length) fail(`no entry for ${missing.length} weight(s) of ${spec.name}, e.g. "${missing[0]}"`);
  return { ...(json as unknown as WeightsManifest), labels, shards };
}

// ---------------------------------------------------------------------------------------------------------------
// Bytes: fetching, hashing, dequantizing
// ---------------------------------------------------------------------------------------------------------------

/**
 * Fetches one file's bytes. `onBytes(loaded)` may be called as bytes arrive (cumulative for this file). Node tests
 * pass a file reader; the browser default is `fetchWithProgress`; a widget can wrap it with Cache Storage.
 */
export type FetchBytes = (url: string, onBytes?: (loaded: number) => void) => Promise<ArrayBuffer>;

/** `fetch` that reports progress while the body streams in. */
export const fetchWithProgress: FetchBytes = async (url, onBytes) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url}: HTTP ${res.status} ${res.statusText}`);
  if (!res.body || !onBytes) return res.arrayBuffer();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onBytes(loaded);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
};

/** Lowercase hex SHA-256 via Web Crypto (browsers in secure contexts, Node ≥ 19), else a plain-JS fallback. */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const subtle = globalThis.crypto?.subtle;
  // Web Crypto is missing on plain-http pages other than localhost; hashing 26 MB in JS takes a few hundred ms.
  const digest = subtle ? new Uint8Array(await subtle.digest('SHA-256', view)) : sha256(view);
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-256 (FIPS 180-4) in plain JavaScript, for pages without Web Crypto. */
export function sha256(data: Uint8Array): Uint8Array {
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const bitLen = data.length * 8;
  const tail = new Uint8Array((data.length % 64) + 9 > 64 ? 128 : 64);
  const rest = data.length % 64;
  tail.set(data.subarray(data.length - rest));
  tail[rest] = 0x80;
  const tv = new DataView(tail.buffer);
  tv.setUint32(tail.length - 8, Math.floor(bitLen / 2 ** 32));
  tv.setUint32(tail.length - 4, bitLen >>> 0);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  const block = (view: DataView, at: number) => {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(at + 4 * i);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = w[i - 16]! + s0 + w[i - 7]! + s1;
    }
    let a = h[0]!,
      b = h[1]!,
      c = h[2]!,
      d = h[3]!,
      e = h[4]!,
      f = h[5]!,
      g = h[6]!,
      hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i]! + w[i]!) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0]! += a;
    h[1]! += b;
    h[2]! += c;
    h[3]! += d;
    h[4]! += e;
    h[5]! += f;
    h[6]! += g;
    h[7]! += hh;
  };
  for (let at = 0; at + 64 <= data.length; at += 64) block(dv, at);
  for (let at = 0; at < tail.length; at += 64) block(tv, at);
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setUint32(4 * i, h[i]!);
  return out;
}

function floats(shards: readonly ArrayBuffer[], r: ByteRange): Float32Array {
  // Offsets are 4-byte aligned (checked by parseManifest), so this is a view, not a copy.
  return new Float32Array(shards[r.shard]!, r.offset, r.bytes / 4);
}

/** The float32 values of one manifest weight: copied, or dequantized per output channel. */
export function decodeWeight(w: ManifestWeight, shards: readonly ArrayBuffer[]): Float32Array {
  if (w.dtype === 'float32') return floats(shards, w.data).slice();
  const q = new Uint8Array(shards[w.data.shard]!, w.data.offset, w.data.bytes);
  const scale = floats(shards, w.quantization.scale);
  const min = floats(shards, w.quantization.min);
  const channels = scale.length; // the last axis: element i belongs to channel i mod channels
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i += channels) {
    for (let c = 0; c < channels; c++) out[i + c] = min[c]! + q[i + c]! * scale[c]!;
  }
  return out;
}

function joinUrl(base: string, file: string): string {
  return base.endsWith('/') ? base + file : `${base}/${file}`;
}

export interface LoadProgress {
  /** Shard bytes received so far, over all shards. */
  loaded: number;
  /** Shard bytes in all (from the manifest). */
  total: number;
  /** The file that just advanced. */
  file: string;
}

export interface LoadOptions {
  /** Folder URL (or path, for a Node `fetchBytes`) that holds manifest.json, e.g. `/weights/resnet50`. */
  baseUrl: string;
  fetchBytes?: FetchBytes;
  onProgress?: (p: LoadProgress) => void;
}

export interface Pretrained {
  model: Model;
  labels: string[];
  manifest: WeightsManifest;
}

async function fetchVerified(
  entry: { file: string; bytes: number; sha256: string },
  what: string,
  baseUrl: string,
  fetchBytes: FetchBytes,
  onBytes?: (loaded: number) => void,
): Promise<ArrayBuffer> {
  const url = joinUrl(baseUrl, entry.file);
  const buf = await fetchBytes(url, onBytes);
  const hint = 'the download is incomplete or corrupted; clear the cached copy and reload (or run `npm run weights`)';
  if (buf.byteLength !== entry.bytes)
    throw new Error(`${what} "${entry.file}" has ${buf.byteLength} bytes, the manifest expects ${entry.bytes}: ${hint}`);
  const got = await sha256Hex(buf);
  if (got !== entry.sha256) throw new Error(`${what} "${entry.file}" has SHA-256 ${got}, the manifest expects ${entry.sha256}: ${hint}`);
  return buf;
}

/** Reads and checks `labels.json`: an array of unique, non-empty class names. */
export function parseLabels(json: unknown, classes: number): string[] {
  if (!Array.isArray(json) || json.length !== classes || !json.every((l) => typeof l === 'string' && l.length > 0)) {
    throw new Error(`labels.json must be an array of ${classes} non-empty strings`);
  }
  const labels = json as string[];
  const dup = labels.find((l, i) => labels.indexOf(l) !== i);
  if (dup !== undefined) throw new Error(`labels.json names "${dup}" twice`);
  return labels;
}

const decodeJson = (buf: ArrayBuffer, what: string): unknown => {
  try {
    return JSON.parse(new TextDecoder().decode(buf));
  } catch (err) {
    throw new Error(`${what} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
};

/** Fetches and checks the manifest only (small): what a widget shows before committing to the download. */
export async function loadManifest(baseUrl: string, fetchBytes: FetchBytes = fetchWithProgress): Promise<WeightsManifest> {
  return parseManifest(decodeJson(await fetchBytes(joinUrl(baseUrl, 'manifest.json')), 'manifest.json'));
}

/**
 * Downloads manifest, labels and shards, verifies every shard's size and SHA-256 (an Error names the bad shard),
 * and builds the model. The caller disposes `model`.
 */
export async function loadPretrained({ baseUrl, fetchBytes = fetchWithProgress, onProgress }: LoadOptions): Promise<Pretrained> {
  const manifest = await loadManifest(baseUrl, fetchBytes);
  const spec = manifestSpec(manifest.model);
  const classes = specWeightShapes(spec).get('fc.weight')?.[1] ?? 0;
  const labelBytes = await fetchVerified(manifest.labels, 'labels file', baseUrl, fetchBytes);
  const labels = parseLabels(decodeJson(labelBytes, 'labels.json'), classes);
  const total = manifest.shards.reduce((a, s) => a + s.bytes, 0);
  const progress = manifest.shards.map(() => 0);
  const shards = await Promise.all(
    manifest.shards.map((s, i) =>
      fetchVerified(s, 'weights shard', baseUrl, fetchBytes, (loaded) => {
        progress[i] = loaded;
        onProgress?.({ loaded: progress.reduce((a, b) => a + b, 0), total, file: s.file });
      }),
    ),
  );
  onProgress?.({ loaded: total, total, file: manifest.shards[manifest.shards.length - 1]!.file });
  const values = new Map<string, Float32Array>();
  for (const w of manifest.weights) values.set(w.name, decodeWeight(w, shards));
  return { model: modelFromWeights(spec, values), labels, manifest };
}

// ---------------------------------------------------------------------------------------------------------------
// Photos in, classes out
// ---------------------------------------------------------------------------------------------------------------

/**
 * Keras "caffe" preprocessing: RGB pixels in 0..255 (uint8 or float, [H, W, 3] or [N, H, W, 3]) → BGR with the
 * ImageNet mean subtracted, no scaling. The caller disposes the result.
 */
export function preprocess<T extends tf.Tensor3D | tf.Tensor4D>(rgb: T, mean: readonly [number, number, number] = CAFFE_MEAN_BGR): T {
  if (rgb.shape[rgb.rank - 1] !== 3) throw new Error(`preprocess expects RGB images [..., 3], got shape ${JSON.stringify(rgb.shape)}`);
  return tf.tidy(() => tf.sub(tf.reverse(tf.cast(rgb, 'float32'), -1), tf.tensor1d([...mean])) as T);
}

/**
 * Resize so the short side is `resize` pixels (bilinear, aspect kept), then cut the centre `crop` × `crop`: the
 * usual ImageNet evaluation crop (256 → 224). Shrinking by 2× or more first averages whole pixel blocks, so a large
 * photo does not alias. Returns float32 [crop, crop, C]; the caller disposes it.
 */
export function resizeShortSideAndCenterCrop(image: tf.Tensor3D, resize = 256, crop = 224): tf.Tensor3D {
  const [h, w] = image.shape;
  if (crop > resize) throw new Error(`crop (${crop}) cannot be larger than the resized short side (${resize})`);
  if (h < 1 || w < 1) throw new Error(`cannot resize an empty image of shape ${JSON.stringify(image.shape)}`);
  return tf.tidy(() => {
    let x = tf.cast(image, 'float32') as tf.Tensor3D;
    const shrink = Math.floor(Math.min(h, w) / resize);
    if (shrink >= 2) x = tf.avgPool(x, shrink, shrink, 'valid');
    const s = resize / Math.min(h, w);
    const nh = Math.max(resize, Math.round(h * s));
    const nw = Math.max(resize, Math.round(w * s));
    const resized = tf.image.resizeBilinear(x, [nh, nw], false, true); // [nh, nw, C], short side = resize
    const top = Math.floor((nh - crop) / 2);
    const left = Math.floor((nw - crop) / 2);
    return tf.slice(resized, [top, left, 0], [crop, crop, -1]);
  });
}

export interface Prediction {
  index: number;
  label: string;
  prob: number;
}

/** The k most probable classes, most probable first. */
export function topK(probs: ArrayLike<number>, k = 5, labels: readonly string[] = []): Prediction[] {
  const order = Array.from({ length: probs.length }, (_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
  return order.slice(0, k).map((index) => ({ index, label: labels[index] ?? `class ${index}`, prob: probs[index]! }));
}

/**
 * Class probabilities for RGB photos [N, H, W, 3] or one photo [H, W, 3] of any size (resized and cropped as the
 * manifest says; defaults to 256 → 224). Returns [N, classes]; the caller disposes it.
 */
export function predictProbabilities(
  model: Model,
  rgb: tf.Tensor3D | tf.Tensor4D,
  prep: Pick<ManifestPreprocessing, 'mean' | 'resize' | 'crop'> = { mean: CAFFE_MEAN_BGR, resize: 256, crop: 224 },
): tf.Tensor2D {
  return tf.tidy(() => {
    const batch = rgb.rank === 3 ? [rgb as tf.Tensor3D] : tf.unstack(rgb as tf.Tensor4D).map((t) => t as tf.Tensor3D);
    const x = tf.stack(batch.map((im) => preprocess(resizeShortSideAndCenterCrop(im, prep.resize, prep.crop), prep.mean))) as tf.Tensor4D;
    return tf.softmax(model.apply(x));
  });
}

/** Top-k classes of one RGB photo [H, W, 3] of any size. Leaves no tensors behind. */
export async function classify(pretrained: Pretrained, rgb: tf.Tensor3D, k = 5): Promise<Prediction[]> {
  const probs = predictProbabilities(pretrained.model, rgb, pretrained.manifest.preprocessing);
  const values = await probs.data();
  probs.dispose();
  return topK(values, k, pretrained.labels);
}
