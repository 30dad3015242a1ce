/**
 * The trained reference networks the site ships (public/data/reference-nets): the final weights of the degradation
 * reference runs (plain and residual CIFAR-style nets on the Fashion-MNIST subset), so lessons can measure *trained*
 * networks, not only freshly initialised ones. Written by scripts/reference-nets.ts, which says how each was made.
 *
 *   const manifest = await loadReferenceNetsManifest({ baseUrl: `${import.meta.env.BASE_URL}data/reference-nets` });
 *   const { model, net } = await loadReferenceNet('res-56', { baseUrl });   // caller disposes model
 */
import { cifarResNet } from '../builders';
import type { ShortcutOption } from '../spec';
import type { Model } from '../runtime/model';
import { modelFromWeights } from '../runtime/pretrained';
import { asBytes, checkFileEntry, failWith, fetchJson, fetchWithProgress, isCount, isRecord, joinUrl, verifyBytes, type Fail, type FetchBytes } from './assets';
import { fromFloat16Bits } from './float16';

export const REFERENCE_NETS_FORMAT = 'residual-lessons/reference-nets';
export const REFERENCE_NETS_FORMAT_VERSION = 1;

/** How the network is built: the arguments of `cifarResNet` (10 classes, 28×28×1 inputs, as the subset). */
export interface ReferenceArchitecture {
  depth: number;
  shortcut: ShortcutOption;
  width: number;
  /** Each residual block's last BatchNorm γ started at 0 (never on plain nets). */
  zeroInitResidual: boolean;
}

export interface ReferenceWeight {
  /** The library's weight name, e.g. `layer1.0.conv1.weight`, `layer1.0.bn2.running_var`. */
  name: string;
  shape: number[];
  /**
   * float16 for parameters; float32 for BatchNorm's running averages, whose variances in a trained plain net reach
   * millions (past float16's 65,504) because the weights before a BatchNorm are free to grow.
   */
  dtype: 'float16' | 'float32';
  /** Byte offset of its first value in the file. */
  offset: number;
}

const BYTES = { float16: 2, float32: 4 } as const;

/** Where a net came from, copied from its run record by the packager. */
export interface ReferenceTraining {
  /** The run record in the repository, e.g. `src/data/runs/degradation-recipe-seed1.json`. */
  run: string;
  command: string;
  seed: number;
  steps: number;
  /** The learning-rate schedule in words. */
  schedule: string;
  /** Smoothed minibatch training error at the last step (BatchNorm in training mode), from the run record. */
  smoothedTrainingError: number;
  /**
   * Measured by the packager on the shipped (float16) weights, BatchNorm on its running averages (inference):
   * error on the whole training subset and on the whole test subset.
   */
  trainSetError: number;
  testError: number;
  testExamples: number;
}

export interface ReferenceNet {
  /** `plain-20`, `res-56`, … */
  id: string;
  architecture: ReferenceArchitecture;
  file: string;
  bytes: number;
  sha256: string;
  /** Little-endian; each weight says its own dtype. */
  dtype: 'mixed';
  params: number;
  weights: ReferenceWeight[];
  training: ReferenceTraining;
}

export interface ReferenceNetsManifest {
  format: typeof REFERENCE_NETS_FORMAT;
  version: typeof REFERENCE_NETS_FORMAT_VERSION;
  nets: ReferenceNet[];
}

/** Fetches one file's bytes: `fetch` in the browser, `(path) => readFile(path)` in Node. */
export type FetchReferenceBytes = FetchBytes;

export interface ReferenceNetsOptions {
  /** Folder URL holding manifest.json (or a path, with a Node `fetchBytes`). */
  baseUrl: string;
  fetchBytes?: FetchReferenceBytes;
}

const fail: Fail = failWith('reference nets');

const isRate = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;

/** The spec a manifest entry's weights belong to. */
export function referenceSpec(a: ReferenceArchitecture) {
  return cifarResNet({ depth: a.depth, shortcut: a.shortcut, width: a.width, zeroInitResidual: a.zeroInitResidual, numClasses: 10, inputShape: [28, 28, 1] });
}

function checkNet(v: unknown, i: number): ReferenceNet {
  const what = `manifest.json: nets[${i}]`;
  if (!isRecord(v)) fail(`${what} must be an object, got ${JSON.stringify(v)}`);
  if (typeof v.id !== 'string' || !/^[a-z0-9-]+$/.test(v.id)) fail(`${what}.id must be lower-case letters, digits and dashes, got ${JSON.stringify(v.id)}`);
  checkFileEntry(v, what, fail);
  if (v.dtype !== 'mixed') fail(`${what}.dtype must be "mixed" (each weight has its own), got ${JSON.stringify(v.dtype)}`);
  const a = v.architecture;
  if (!isRecord(a)) fail(`${what}.architecture is missing`);
  if (a.shortcut !== 'plain' && a.shortcut !== 'A' && a.shortcut !== 'B' && a.shortcut !== 'C') fail(`${what}.architecture.shortcut must be plain, A, B or C, got ${JSON.stringify(a.shortcut)}`);
  if (typeof a.zeroInitResidual !== 'boolean') fail(`${what}.architecture.zeroInitResidual must be true or false`);
  try {
    referenceSpec(a as unknown as ReferenceArchitecture);
  } catch (err) {
    fail(`${what}.architecture: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!Array.isArray(v.weights)) fail(`${what}.weights must be an array`);
  let bytes = 0;
  for (const [j, w] of (v.weights as unknown[]).entries()) {
    if (!isRecord(w) || typeof w.name !== 'string' || !Array.isArray(w.shape) || !w.shape.every(isCount) || !isCount(w.offset) || (w.dtype !== 'float16' && w.dtype !== 'float32')) {
      fail(`${what}.weights[${j}] must be { name, shape, dtype: "float16" | "float32", offset }, got ${JSON.stringify(w)}`);
    }
    if (w.offset !== bytes) fail(`${what}.weights[${j}] ("${w.name}") starts at byte ${w.offset}, expected ${bytes} (weights are packed in order)`);
    bytes += (w.shape as number[]).reduce((x, y) => x * y, 1) * BYTES[w.dtype];
  }
  if (bytes !== v.bytes) fail(`${what}: the weights take ${bytes} bytes, the file has ${v.bytes}`);
  const t = v.training;
  if (!isRecord(t)) fail(`${what}.training is missing`);
  for (const k of ['run', 'command', 'schedule'] as const) if (typeof t[k] !== 'string') fail(`${what}.training.${k} must be a string`);
  for (const k of ['seed', 'steps', 'testExamples'] as const) if (!isCount(t[k])) fail(`${what}.training.${k} must be a count, got ${JSON.stringify(t[k])}`);
  for (const k of ['smoothedTrainingError', 'trainSetError', 'testError'] as const) if (!isRate(t[k])) fail(`${what}.training.${k} must be a rate in [0, 1], got ${JSON.stringify(t[k])}`);
  return v as unknown as ReferenceNet;
}

/** Checks a parsed manifest.json and returns it typed; throws an Error that says what is wrong otherwise. */
export function parseReferenceNetsManifest(json: unknown): ReferenceNetsManifest {
  if (!isRecord(json)) fail(`manifest.json must be an object, got ${JSON.stringify(json)}`);
  if (json.format !== REFERENCE_NETS_FORMAT) fail(`manifest.json: format must be "${REFERENCE_NETS_FORMAT}", got ${JSON.stringify(json.format)}`);
  if (json.version !== REFERENCE_NETS_FORMAT_VERSION) fail(`manifest.json: version ${JSON.stringify(json.version)} is not ${REFERENCE_NETS_FORMAT_VERSION}`);
  if (!Array.isArray(json.nets) || json.nets.length === 0) fail('manifest.json: nets must be a non-empty array');
  const nets = json.nets.map(checkNet);
  const ids = new Set<string>();
  for (const n of nets) {
    if (ids.has(n.id)) fail(`manifest.json: net id "${n.id}" appears twice`);
    ids.add(n.id);
  }
  return json as unknown as ReferenceNetsManifest;
}

export async function loadReferenceNetsManifest(opts: ReferenceNetsOptions): Promise<ReferenceNetsManifest> {
  return parseReferenceNetsManifest(await fetchJson(opts.baseUrl, 'manifest.json', opts.fetchBytes));
}

/** The net's weights by name, from the file's bytes (checked against the manifest's size and SHA-256). */
export async function decodeReferenceWeights(net: ReferenceNet, fileBytes: Uint8Array): Promise<Map<string, Float32Array>> {
  const hint = 'the file is incomplete or corrupted; reload, or rebuild it with `npx tsx scripts/reference-nets.ts`';
  await verifyBytes(fileBytes, net, { what: 'reference net', hint });
  const view = new DataView(fileBytes.buffer, fileBytes.byteOffset, fileBytes.byteLength);
  const values = new Map<string, Float32Array>();
  for (const w of net.weights) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(n);
    if (w.dtype === 'float16') for (let i = 0; i < n; i++) out[i] = fromFloat16Bits(view.getUint16(w.offset + 2 * i, true));
    else for (let i = 0; i < n; i++) out[i] = view.getFloat32(w.offset + 4 * i, true);
    values.set(w.name, out);
  }
  return values;
}

/**
 * Fetches, checks and builds one reference net. The caller disposes `model`. BatchNorm's running averages are part of
 * the weights, so `model.apply(x)` (inference mode) is the trained net as it was saved.
 */
export async function loadReferenceNet(id: string, opts: ReferenceNetsOptions & { manifest?: ReferenceNetsManifest }): Promise<{ model: Model; net: ReferenceNet }> {
  const manifest = opts.manifest ?? (await loadReferenceNetsManifest(opts));
  const net = manifest.nets.find((n) => n.id === id);
  if (!net) fail(`no net "${id}"; the manifest has ${manifest.nets.map((n) => `"${n.id}"`).join(', ')}`);
  const bytes = asBytes(await (opts.fetchBytes ?? fetchWithProgress)(joinUrl(opts.baseUrl, net.file)));
  const values = await decodeReferenceWeights(net, bytes);
  return { model: modelFromWeights(referenceSpec(net.architecture), values), net };
}
