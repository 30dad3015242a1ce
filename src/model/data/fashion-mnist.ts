/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017; © Zalando SE, MIT licence): 28×28 grey images of 10 kinds of clothing.
 * The site ships a small balanced subset built by `scripts/build-fashion-mnist.ts` into public/data/fashion-mnist:
 * gzip-compressed IDX files and a manifest.json with counts, class names and the SHA-256 of every file.
 *
 * Pure: no DOM, no Node APIs, no tfjs. Bytes come through an injected `fetchBytes` (browser: `fetch`; Node: a file
 * reader), gzip through an injected `gunzip` (default: `DecompressionStream`, present in browsers, workers and Node).
 */
import { shuffleInPlace } from '../training/random';
import { asBytes, checkFileEntry, failWith, fetchJson, fetchWithProgress, isCount, isRecord, isSha256Hex, joinUrl, verifyBytes, type Fail, type FetchBytes } from './assets';
import { type Gunzip, gunzipStream, isGzip, parseIdx } from './idx';

/** The ten labels, in label order (the dataset's README). */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

export const FASHION_MNIST_FORMAT = 'residual-lessons/fashion-mnist-subset';
export const FASHION_MNIST_FORMAT_VERSION = 1;

export type SplitName = 'train' | 'test';

/** One shipped file: its gzip bytes and hash, and those of its decompressed content (what rebuilds reproduce). */
export interface SubsetFile {
  file: string;
  /** Size and SHA-256 of the .gz file as shipped. */
  bytes: number;
  sha256: string;
  /** Size and SHA-256 of the decompressed IDX file. Identical on every rebuild, whatever zlib compressed it. */
  rawBytes: number;
  rawSha256: string;
}

export interface SubsetSplit {
  /** Which original file the examples were drawn from (`train`: the 60,000; `test`: the 10,000 of t10k). */
  from: SplitName;
  count: number;
  /** Examples per class, in label order. */
  perClass: number[];
  images: SubsetFile;
  labels: SubsetFile;
}

export interface FashionMnistManifest {
  format: typeof FASHION_MNIST_FORMAT;
  version: typeof FASHION_MNIST_FORMAT_VERSION;
  /** How the files were made and from what (free-form provenance for people). */
  source: Record<string, unknown>;
  /** The shuffle seed of the subset. */
  seed: number;
  height: number;
  width: number;
  classes: string[];
  /** Mean and standard deviation of the training subset's pixels, scaled to [0, 1]: the `standard` normalisation. */
  pixelMean: number;
  pixelStd: number;
  splits: Record<SplitName, SubsetSplit>;
}

/** One split in memory. Images are NHWC with one channel: example i's pixels are `[i·h·w, (i+1)·h·w)`. */
export interface ImageSet {
  split: SplitName;
  count: number;
  height: number;
  width: number;
  channels: 1;
  /** The original bytes 0…255, [count, h, w], for drawing. */
  pixels: Uint8Array;
  /** Normalised pixels [count, h, w, 1], what the network sees. */
  images: Float32Array;
  labels: Int32Array;
  classes: readonly string[];
}

export interface FashionMnist {
  manifest: FashionMnistManifest;
  classes: readonly string[];
  train: ImageSet;
  test: ImageSet;
}

/** `standard`: (x/255 − mean)/std with the training subset's statistics (default); `unit`: x/255 in [0, 1]. */
export type Normalization = 'standard' | 'unit';

/** Fetches one file's bytes. Browser default: `fetch`; Node: `(path) => readFile(path)`. */
export type FetchData = FetchBytes;

export interface LoadFashionMnistOptions {
  /** Folder URL (or a path, for a Node `fetchBytes`) holding manifest.json, e.g. `${import.meta.env.BASE_URL}data/fashion-mnist`. */
  baseUrl: string;
  fetchBytes?: FetchData;
  gunzip?: Gunzip;
  normalization?: Normalization;
}

/** Messages name the file (manifest.json, a split's file) themselves. */
const fail: Fail = failWith('');

function checkFile(v: unknown, what: string): SubsetFile {
  const entry = checkFileEntry(v, what, fail);
  const { rawBytes, rawSha256 } = v as Record<string, unknown>;
  if (!isCount(rawBytes)) fail(`${what}.rawBytes must be a byte count, got ${JSON.stringify(rawBytes)}`);
  if (!isSha256Hex(rawSha256)) fail(`${what}.rawSha256 must be 64 lowercase hex digits, got ${JSON.stringify(rawSha256)}`);
  return { ...entry, rawBytes, rawSha256 };
}

/** Checks a parsed manifest.json and returns it typed; throws an Error that says what is wrong otherwise. */
export function parseFashionMnistManifest(json: unknown): FashionMnistManifest {
  if (!isRecord(json)) fail(`manifest.json must be an object, got ${JSON.stringify(json)}`);
  if (json.format !== FASHION_MNIST_FORMAT) fail(`manifest.json: format must be "${FASHION_MNIST_FORMAT}", got ${JSON.stringify(json.format)}`);
  if (json.version !== FASHION_MNIST_FORMAT_VERSION) {
    fail(`manifest.json: version ${JSON.stringify(json.version)} is not ${FASHION_MNIST_FORMAT_VERSION}; rebuild with scripts/build-fashion-mnist.ts`);
  }
  for (const k of ['seed', 'height', 'width'] as const) if (!isCount(json[k])) fail(`manifest.json: ${k} must be a non-negative integer, got ${JSON.stringify(json[k])}`);
  for (const k of ['pixelMean', 'pixelStd'] as const) {
    const v = json[k];
    if (typeof v !== 'number' || !(v > 0 && v < 1)) fail(`manifest.json: ${k} must be a number in (0, 1), got ${JSON.stringify(v)}`);
  }
  const classes = json.classes;
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string' && c.length > 0)) {
    fail(`manifest.json: classes must be an array of at least two names, got ${JSON.stringify(classes)}`);
  }
  if (!isRecord(json.splits)) fail(`manifest.json: splits must be an object, got ${JSON.stringify(json.splits)}`);
  for (const name of ['train', 'test'] as const) {
    const s = json.splits[name];
    const what = `manifest.json: splits.${name}`;
    if (!isRecord(s)) fail(`${what} is missing`);
    if (s.from !== 'train' && s.from !== 'test') fail(`${what}.from must be "train" or "test", got ${JSON.stringify(s.from)}`);
    if (!isCount(s.count) || s.count === 0) fail(`${what}.count must be a positive integer, got ${JSON.stringify(s.count)}`);
    const pc = s.perClass;
    if (!Array.isArray(pc) || pc.length !== classes.length || !pc.every(isCount)) {
      fail(`${what}.perClass must list ${classes.length} counts, got ${JSON.stringify(pc)}`);
    }
    if ((pc as number[]).reduce((a, b) => a + b, 0) !== s.count) fail(`${what}.perClass ${JSON.stringify(pc)} does not add up to count ${s.count}`);
    checkFile(s.images, `${what}.images`);
    checkFile(s.labels, `${what}.labels`);
  }
  return json as unknown as FashionMnistManifest;
}

const HINT = 'the file is incomplete or corrupted; reload, or rebuild it with `npx tsx scripts/build-fashion-mnist.ts`';

/**
 * Fetches one file and returns its decompressed IDX bytes after checking size and SHA-256: of the .gz as shipped and
 * of the content. A server that already decoded the gzip (Content-Encoding) hands over the content; only its hash is
 * checked then.
 */
export async function fetchSubsetFile(entry: SubsetFile, opts: LoadFashionMnistOptions): Promise<Uint8Array> {
  let bytes = asBytes(await (opts.fetchBytes ?? fetchWithProgress)(joinUrl(opts.baseUrl, entry.file)));
  if (isGzip(bytes)) {
    await verifyBytes(bytes, entry, { hint: HINT });
    try {
      bytes = asBytes(await (opts.gunzip ?? gunzipStream)(bytes));
    } catch (err) {
      fail(`"${entry.file}" could not be decompressed (${err instanceof Error ? err.message : String(err)}): ${HINT}`);
    }
  }
  await verifyBytes(bytes, { file: entry.file, bytes: entry.rawBytes, sha256: entry.rawSha256 }, { what: 'the decompressed content of', hint: HINT });
  return bytes;
}

/** Pixels 0…255 → float32, `(x/255 − mean)/std` or `x/255`. */
export function normalizePixels(pixels: Uint8Array, mean: number, std: number, normalization: Normalization = 'standard'): Float32Array {
  const out = new Float32Array(pixels.length);
  const [shift, scale] = normalization === 'standard' ? [mean, 1 / std] : [0, 1];
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i]! / 255 - shift) * scale;
  return out;
}

/** Loads and checks one split: hashes, IDX shapes, labels in range, per-class counts as the manifest says. */
export async function loadFashionMnistSplit(
  manifest: FashionMnistManifest,
  split: SplitName,
  opts: LoadFashionMnistOptions,
): Promise<ImageSet> {
  const entry = manifest.splits[split];
  const { height: h, width: w } = manifest;
  const [imgBytes, lblBytes] = await Promise.all([fetchSubsetFile(entry.images, opts), fetchSubsetFile(entry.labels, opts)]);
  const img = parseIdx(imgBytes, entry.images.file);
  const lbl = parseIdx(lblBytes, entry.labels.file);
  const want = JSON.stringify([entry.count, h, w]);
  if (JSON.stringify(img.dims) !== want) fail(`${entry.images.file}: dims ${JSON.stringify(img.dims)}, the manifest implies ${want}`);
  if (JSON.stringify(lbl.dims) !== JSON.stringify([entry.count])) fail(`${entry.labels.file}: dims ${JSON.stringify(lbl.dims)}, expected [${entry.count}]`);
  const k = manifest.classes.length;
  const labels = new Int32Array(entry.count);
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < entry.count; i++) {
    const y = lbl.data[i]!;
    if (y >= k) fail(`${entry.labels.file}: label ${y} at index ${i} is not below ${k}`);
    labels[i] = y;
    counts[y]!++;
  }
  if (JSON.stringify(counts) !== JSON.stringify(entry.perClass)) {
    fail(`${entry.labels.file}: ${JSON.stringify(counts)} examples per class, the manifest says ${JSON.stringify(entry.perClass)}`);
  }
  return {
    split,
    count: entry.count,
    height: h,
    width: w,
    channels: 1,
    pixels: img.data,
    images: normalizePixels(img.data, manifest.pixelMean, manifest.pixelStd, opts.normalization),
    labels,
    classes: manifest.classes,
  };
}

/** The subset's manifest, fetched through the asset layer and checked. */
export async function loadFashionMnistManifest(opts: LoadFashionMnistOptions): Promise<FashionMnistManifest> {
  return parseFashionMnistManifest(await fetchJson(opts.baseUrl, 'manifest.json', opts.fetchBytes));
}

/**
 * Loads the shipped subset: manifest, then both splits, every file verified. About 4 MB to fetch and 9.4 MB of
 * pixels once decompressed (plus 4× that as float32).
 */
export async function loadFashionMnist(opts: LoadFashionMnistOptions): Promise<FashionMnist> {
  const manifest = await loadFashionMnistManifest(opts);
  const [train, test] = await Promise.all([loadFashionMnistSplit(manifest, 'train', opts), loadFashionMnistSplit(manifest, 'test', opts)]);
  return { manifest, classes: manifest.classes, train, test };
}

/**
 * A balanced, seeded subset of a labelled set: for each class, shuffle its indices with the seed and keep the first
 * `perClass`; then shuffle the union, so any prefix is roughly balanced too. Returns indices into `labels`.
 */
export function balancedSubset(labels: ArrayLike<number>, classes: number, perClass: number, random: () => number): Int32Array {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (!(y >= 0 && y < classes)) fail(`balancedSubset: label ${y} at index ${i} is outside 0…${classes - 1}`);
    byClass[y]!.push(i);
  }
  const picked: number[] = [];
  byClass.forEach((idx, c) => {
    if (idx.length < perClass) fail(`balancedSubset: class ${c} has ${idx.length} examples, fewer than ${perClass}`);
    picked.push(...shuffleInPlace(idx, random).slice(0, perClass));
  });
  return shuffleInPlace(Int32Array.from(picked), random);
}

/** Copies examples `indices[start … start+size)` into one batch: x [size, h, w, 1] flattened, y [size]. */
export function gatherBatch(set: ImageSet, indices: ArrayLike<number>, start: number, size: number): { x: Float32Array; y: Int32Array } {
  if (start < 0 || start + size > indices.length) fail(`gatherBatch: examples ${start}…${start + size - 1} are outside 0…${indices.length - 1}`);
  const px = set.height * set.width * set.channels;
  const x = new Float32Array(size * px);
  const y = new Int32Array(size);
  for (let b = 0; b < size; b++) {
    const i = indices[start + b]!;
    x.set(set.images.subarray(i * px, (i + 1) * px), b * px);
    y[b] = set.labels[i]!;
  }
  return { x, y };
}
