/**
 * Pretrained weights in this project's own format: a `manifest.json`, content-addressed binary shards and a
 * `labels.json`, written by `scripts/weights.ts` (ImageNet ResNet-50 with BatchNorm folded into the convolutions,
 * conv and fc kernels quantized to uint8 per output channel). This module checks the manifest and reads the weights
 * back into a `Model`; `imagenet.ts` prepares photos the way they expect, and `resnet50.ts` wraps both in a handle.
 *
 * Pure: no DOM, no Node APIs. Bytes come through an injected `fetchBytes` (see `data/assets.ts`), so the browser can
 * add Cache Storage and a progress bar, and Node tests can read files.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  checkFileEntry,
  failWith,
  fetchJson,
  fetchVerified,
  fetchVerifiedFiles,
  fetchWithProgress,
  isCount,
  isRecord,
  ownArrayBuffer,
  parseJsonBytes,
  type Fail,
  type FetchBytes,
  type FileEntry,
  type Progress,
} from '../data/assets';
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

/** A shard file beside manifest.json; its name contains a prefix of its SHA-256 so caches never serve a stale copy. */
export type ManifestShard = FileEntry;

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
  labels: FileEntry;
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

const fail: Fail = failWith('weights manifest');

function nonNegInt(v: unknown, what: string): number {
  if (!isCount(v)) fail(`${what} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return v;
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
  if (!isRecord(json)) fail(`expected a JSON object, got ${JSON.stringify(json)?.slice(0, 80)}`);
  if (json.format !== WEIGHTS_FORMAT) fail(`format must be "${WEIGHTS_FORMAT}", got ${JSON.stringify(json.format)}`);
  if (json.formatVersion !== WEIGHTS_FORMAT_VERSION) {
    fail(
      `formatVersion ${JSON.stringify(json.formatVersion)} is not supported (this code reads ${WEIGHTS_FORMAT_VERSION}); regenerate with \`npm run weights\``,
    );
  }
  const m = json.model;
  if (!isRecord(m) || typeof m.builder !== 'string' || !Object.hasOwn(IMAGENET_BUILDERS, m.builder) || !isRecord(m.options)) {
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
    !isRecord(p) ||
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

  const labels = checkFileEntry(json.labels, 'labels', fail);
  if (!Array.isArray(json.shards) || json.shards.length === 0) fail('shards must be a non-empty array');
  const shards = json.shards.map((s, i) => checkFileEntry(s, `shards[${i}]`, fail));
  const names = new Set(shards.map((s) => s.file));
  if (names.size !== shards.length) fail('two shards have the same file name');

  if (!Array.isArray(json.weights)) fail('weights must be an array');
  const expected = specWeightShapes(spec);
  const seen = new Set<string>();
  const range = (r: unknown, bytes: number, what: string): ByteRange => {
    if (!isRecord(r)) fail(`${what} must be { shard, offset, bytes }, got ${JSON.stringify(r)}`);
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
    if (!isRecord(w) || typeof w.name !== 'string') fail(`weights[${i}] must be an object with a name`);
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
      if (!isRecord(q) || q.scheme !== 'affine-per-channel' || q.axis !== shape.length - 1) {
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
// Bytes: dequantizing and loading
// ---------------------------------------------------------------------------------------------------------------

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

/** Shard bytes received so far over all shards, of the total the manifest lists; `file` just advanced. */
export type LoadProgress = Progress;

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

const HINT = 'the download is incomplete or corrupted; clear the cached copy and reload (or run `npm run weights`)';

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

/** Fetches and checks the manifest only (small): what a widget shows before committing to the download. */
export async function loadManifest(baseUrl: string, fetchBytes: FetchBytes = fetchWithProgress): Promise<WeightsManifest> {
  return parseManifest(await fetchJson(baseUrl, 'manifest.json', fetchBytes));
}

/**
 * Downloads manifest, labels and shards, verifies every shard's size and SHA-256 (an Error names the bad shard),
 * and builds the model. The caller disposes `model`.
 */
export async function loadPretrained({ baseUrl, fetchBytes = fetchWithProgress, onProgress }: LoadOptions): Promise<Pretrained> {
  const manifest = await loadManifest(baseUrl, fetchBytes);
  const spec = manifestSpec(manifest.model);
  const classes = specWeightShapes(spec).get('fc.weight')?.[1] ?? 0;
  const labelBytes = await fetchVerified(manifest.labels, { baseUrl, fetchBytes, what: 'labels file', hint: HINT });
  const labels = parseLabels(parseJsonBytes(labelBytes, 'labels.json'), classes);
  const files = await fetchVerifiedFiles(manifest.shards, { baseUrl, fetchBytes, onProgress, what: 'weights shard', hint: HINT });
  const shards = files.map(ownArrayBuffer); // float32 views need 4-byte aligned offsets from the shard's start
  const values = new Map<string, Float32Array>();
  for (const w of manifest.weights) values.set(w.name, decodeWeight(w, shards));
  return { model: modelFromWeights(spec, values), labels, manifest };
}
