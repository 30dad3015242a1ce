/**
 * One downloadable file for a trained transfer model: the reader's class names, the head, and (after fine-tuning)
 * the conv5_x weights, so a model leaves the page and comes back without anything else. Pure (no DOM, no tfjs).
 *
 * Layout, little-endian:
 *   bytes 0…7    magic "RLXFER01"
 *   bytes 8…11   uint32 n: length of the JSON header in bytes
 *   bytes 12…    the header, UTF-8 JSON, padded with spaces so the payload starts at a multiple of 4
 *   then         the payload: every tensor as float32, in the header's order
 * The header lists each tensor's name, shape, offset and length (in floats, from the payload's start) and the
 * payload's SHA-256, so a damaged or hostile file is refused with a message that says what is wrong.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { checkHeadWeights, headShapes, type HeadSpec, type HeadWeights } from './head-weights';

export const TRANSFER_MODEL_FORMAT = 'residual-lessons/transfer-model';
export const TRANSFER_MODEL_VERSION = 1;
/** The first 8 bytes of every transfer-model file. */
export const TRANSFER_MODEL_MAGIC = 'RLXFER01';
/** A header this long would describe far more tensors than a head plus conv5_x: refuse it before parsing. */
export const MAX_HEADER_BYTES = 1 << 20;

/** Named float32 tensors (e.g. a fine-tuned conv5_x); `shapes` say how to read them (1-D when absent). */
export interface NamedTensors {
  names: string[];
  values: Float32Array[];
  shapes?: number[][];
}

export interface TransferModel {
  format: typeof TRANSFER_MODEL_FORMAT;
  version: typeof TRANSFER_MODEL_VERSION;
  /** One name per class, in the head's class order. */
  classNames: string[];
  head: HeadWeights;
  /** Fine-tuned conv5_x (`layer4.*` weights), when the model was fine-tuned. */
  stage5?: NamedTensors;
  /** ISO 8601. */
  trainedAt: string;
  /** Accuracy of the saved head on its validation split, in [0, 1]. */
  validationAccuracy: number;
  notes?: string;
}

interface TensorEntry {
  name: string;
  shape: number[];
  /** Floats from the payload's start. */
  offset: number;
  length: number;
}

interface Header {
  format: string;
  version: number;
  classNames: string[];
  trainedAt: string;
  validationAccuracy: number;
  notes?: string;
  headSpec: HeadSpec;
  head: TensorEntry[];
  stage5?: TensorEntry[];
  payload: { bytes: number; sha256: string };
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fail(message: string): never {
  throw new Error(`transfer model file: ${message}`);
}

/** Writes `m` as one file (see the layout above). Throws if the model is inconsistent. */
export function encodeTransferModel(m: TransferModel): Uint8Array {
  checkModel(m);
  const tensors: { name: string; shape: number[]; values: Float32Array }[] = [];
  const shapes = headShapes(m.head.spec);
  m.head.values.forEach((values, i) => tensors.push({ name: shapes[i]!.name, shape: shapes[i]!.shape, values }));
  const headCount = tensors.length;
  if (m.stage5) {
    const { names, values, shapes: s5 } = m.stage5;
    names.forEach((name, i) => tensors.push({ name, shape: s5?.[i] ?? [values[i]!.length], values: values[i]! }));
  }
  let offset = 0;
  const entries: TensorEntry[] = tensors.map(({ name, shape, values }) => {
    const e = { name, shape, offset, length: values.length };
    offset += values.length;
    return e;
  });
  const payload = new Uint8Array(offset * 4);
  const view = new DataView(payload.buffer);
  for (let t = 0; t < tensors.length; t++) {
    const { values } = tensors[t]!;
    const at = entries[t]!.offset * 4;
    if (LITTLE_ENDIAN) payload.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at);
    else for (let i = 0; i < values.length; i++) view.setFloat32(at + 4 * i, values[i]!, true);
  }
  const header: Header = {
    format: m.format,
    version: m.version,
    classNames: m.classNames,
    trainedAt: m.trainedAt,
    validationAccuracy: m.validationAccuracy,
    ...(m.notes !== undefined ? { notes: m.notes } : {}),
    headSpec: m.head.spec,
    head: entries.slice(0, headCount),
    ...(m.stage5 ? { stage5: entries.slice(headCount) } : {}),
    payload: { bytes: payload.length, sha256: bytesToHex(sha256(payload)) },
  };
  let json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (4 - ((12 + json.length) % 4)) % 4;
  if (pad) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(pad));
  const out = new Uint8Array(12 + json.length + payload.length);
  out.set(new TextEncoder().encode(TRANSFER_MODEL_MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(payload, 12 + json.length);
  return out;
}

/** Throws unless the model's parts agree with each other (used before writing and after reading). */
function checkModel(m: TransferModel): void {
  if (m.format !== TRANSFER_MODEL_FORMAT) fail(`format is ${JSON.stringify(m.format)}, expected ${JSON.stringify(TRANSFER_MODEL_FORMAT)}`);
  if (m.version !== TRANSFER_MODEL_VERSION) fail(`version ${JSON.stringify(m.version)} is not supported (this site reads version ${TRANSFER_MODEL_VERSION})`);
  if (!Array.isArray(m.classNames) || m.classNames.some((c) => typeof c !== 'string')) fail('classNames must be a list of strings');
  try {
    checkHeadWeights(m.head);
  } catch (e) {
    fail((e as Error).message);
  }
  if (m.classNames.length !== m.head.spec.classes) fail(`${m.classNames.length} class names for a head with ${m.head.spec.classes} classes`);
  if (typeof m.trainedAt !== 'string') fail('trainedAt must be a string');
  if (!(typeof m.validationAccuracy === 'number' && m.validationAccuracy >= 0 && m.validationAccuracy <= 1))
    fail(`validationAccuracy must be a number in [0, 1], got ${JSON.stringify(m.validationAccuracy)}`);
  if (m.notes !== undefined && typeof m.notes !== 'string') fail('notes must be a string when given');
  if (m.stage5) {
    const { names, values, shapes } = m.stage5;
    if (names.length !== values.length) fail(`stage5 has ${names.length} names for ${values.length} tensors`);
    if (shapes && shapes.length !== names.length) fail(`stage5 has ${shapes.length} shapes for ${names.length} tensors`);
    names.forEach((name, i) => {
      if (typeof name !== 'string' || name.length === 0) fail(`stage5 tensor ${i} has no name`);
      if (shapes && size(shapes[i]!) !== values[i]!.length) fail(`stage5 ${name} has shape [${shapes[i]!.join(', ')}] but ${values[i]!.length} values`);
      if (values[i]!.some((v) => !Number.isFinite(v))) fail(`stage5 ${name} holds a non-finite value`);
    });
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function parseEntries(v: unknown, what: string, payloadFloats: number): TensorEntry[] {
  if (!Array.isArray(v)) fail(`the header's ${what} is not a list of tensors`);
  return v.map((e, i) => {
    if (!isRecord(e) || typeof e.name !== 'string' || !Array.isArray(e.shape) || !e.shape.every(isIndex) || !isIndex(e.offset) || !isIndex(e.length))
      fail(`${what} tensor ${i} needs a name, a shape of non-negative integers, an offset and a length`);
    const entry = { name: e.name, shape: e.shape as number[], offset: e.offset, length: e.length };
    if (size(entry.shape) !== entry.length) fail(`${what} tensor ${entry.name} has shape [${entry.shape.join(', ')}] (${size(entry.shape)} values) but length ${entry.length}`);
    if (entry.offset + entry.length > payloadFloats) fail(`${what} tensor ${entry.name} runs past the end of the payload (${payloadFloats} floats)`);
    return entry;
  });
}

/**
 * Reads a file written by `encodeTransferModel`, refusing anything else with a message that names the problem:
 * wrong magic, truncated file, oversized header, bad JSON, shapes that disagree with lengths or with the head,
 * overlapping tensors, a checksum mismatch, non-finite values, or class names that do not match the head.
 */
export function decodeTransferModel(bytes: Uint8Array): TransferModel {
  if (!(bytes instanceof Uint8Array)) fail('expected bytes (a Uint8Array)');
  if (bytes.length < 12) fail(`${bytes.length} bytes is too short to be a transfer model (the fixed start alone is 12)`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== TRANSFER_MODEL_MAGIC) fail(`it does not start with "${TRANSFER_MODEL_MAGIC}"; this is not a model saved by the transfer-learning widget`);
  const headerBytes = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (headerBytes > MAX_HEADER_BYTES) fail(`its header claims ${headerBytes} bytes, more than the ${MAX_HEADER_BYTES} allowed`);
  if (12 + headerBytes > bytes.length) fail(`truncated: the header needs ${headerBytes} bytes but only ${bytes.length - 12} follow`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + headerBytes)));
  } catch (e) {
    fail(`its header is not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(header)) fail('its header is not a JSON object');
  const h = header as Partial<Header> & Record<string, unknown>;
  if (h.format !== TRANSFER_MODEL_FORMAT) fail(`format is ${JSON.stringify(h.format)}, expected ${JSON.stringify(TRANSFER_MODEL_FORMAT)}`);
  if (h.version !== TRANSFER_MODEL_VERSION) fail(`version ${JSON.stringify(h.version)} is not supported (this site reads version ${TRANSFER_MODEL_VERSION})`);
  if (!isRecord(h.payload) || !isIndex(h.payload.bytes) || typeof h.payload.sha256 !== 'string') fail('the header does not describe its payload (bytes and sha256)');
  const start = 12 + headerBytes;
  const payloadBytes = h.payload.bytes;
  if (payloadBytes % 4 !== 0) fail(`its payload of ${payloadBytes} bytes is not a whole number of float32 values`);
  if (bytes.length - start < payloadBytes) fail(`truncated: the payload needs ${payloadBytes} bytes but only ${bytes.length - start} follow the header`);
  if (bytes.length - start > payloadBytes) fail(`${bytes.length - start - payloadBytes} unexpected bytes after the payload`);
  const payload = bytes.slice(start, start + payloadBytes); // a copy: aligned, and the caller's buffer stays theirs
  const digest = bytesToHex(sha256(payload));
  if (digest !== h.payload.sha256) fail(`the payload's SHA-256 is ${digest}, the header says ${h.payload.sha256}: the file is damaged`);
  const floats = payloadBytes / 4;
  if (!isRecord(h.headSpec)) fail('the header has no headSpec');
  const given = h.headSpec as unknown as HeadSpec;
  // Only the fields a head has: nothing else from the file rides along into the model.
  const spec: HeadSpec = { features: given.features, classes: given.classes, ...(given.hidden !== undefined ? { hidden: given.hidden } : {}) };
  let expected: { name: string; shape: number[] }[];
  try {
    expected = headShapes(spec);
  } catch (e) {
    fail((e as Error).message);
  }
  const headEntries = parseEntries(h.head, 'head', floats);
  const stage5Entries = h.stage5 === undefined ? [] : parseEntries(h.stage5, 'stage5', floats);
  if (headEntries.length !== expected.length || expected.some((w, i) => w.name !== headEntries[i]!.name || w.shape.join() !== headEntries[i]!.shape.join()))
    fail(`the head's tensors (${headEntries.map((e) => `${e.name} [${e.shape.join(', ')}]`).join('; ')}) do not match its spec (${expected.map((e) => `${e.name} [${e.shape.join(', ')}]`).join('; ')})`);
  // The tensors must tile the payload exactly, in order: no overlaps, no gaps, nothing unaccounted for.
  let next = 0;
  for (const e of [...headEntries, ...stage5Entries]) {
    if (e.offset !== next) fail(`tensor ${e.name} starts at float ${e.offset}, expected ${next} (tensors must follow each other without gaps or overlaps)`);
    next += e.length;
  }
  if (next !== floats) fail(`the tensors hold ${next} floats but the payload has ${floats}`);
  const view = new DataView(payload.buffer);
  const read = (e: TensorEntry): Float32Array => {
    const out = LITTLE_ENDIAN ? new Float32Array(payload.buffer, e.offset * 4, e.length).slice() : Float32Array.from({ length: e.length }, (_, i) => view.getFloat32((e.offset + i) * 4, true));
    for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i]!)) fail(`tensor ${e.name} holds a non-finite value (${out[i]}) at ${i}`);
    return out;
  };
  const m: TransferModel = {
    format: TRANSFER_MODEL_FORMAT,
    version: TRANSFER_MODEL_VERSION,
    classNames: h.classNames as string[],
    head: { spec: { ...spec }, names: headEntries.map((e) => e.name), values: headEntries.map(read) },
    ...(h.stage5 !== undefined ? { stage5: { names: stage5Entries.map((e) => e.name), values: stage5Entries.map(read), shapes: stage5Entries.map((e) => e.shape) } } : {}),
    trainedAt: h.trainedAt as string,
    validationAccuracy: h.validationAccuracy as number,
    ...(h.notes !== undefined ? { notes: h.notes as string } : {}),
  };
  checkModel(m);
  return m;
}
