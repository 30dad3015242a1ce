/**
 * The IDX format of LeCun's MNIST files (and Fashion-MNIST's): a big-endian header — two zero bytes, a type code
 * (0x08 = unsigned byte), the number of dimensions — then one uint32 per dimension, then the values row-major.
 * Plus gzip, which the shipped IDX files use. Pure: no DOM, no Node APIs, no tfjs.
 */

/** The only IDX element type these files use: 0x08, unsigned byte. */
const UBYTE = 0x08;

export interface Idx {
  /** e.g. [10000, 28, 28] for images, [10000] for labels. */
  dims: number[];
  /** The values, row-major; a view into the parsed bytes, not a copy. */
  data: Uint8Array;
}

/** Reads an IDX file of unsigned bytes; throws an Error that says what is wrong with it. */
export function parseIdx(bytes: Uint8Array, what = 'IDX file'): Idx {
  if (bytes.length < 4) throw new Error(`${what}: ${bytes.length} bytes is too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new Error(`${what}: not an IDX file (it starts with ${hex(bytes.subarray(0, 4))})`);
  if (bytes[2] !== UBYTE) throw new Error(`${what}: element type 0x${bytes[2]!.toString(16)} is not 0x08 (unsigned byte)`);
  const rank = bytes[3]!;
  const header = 4 + 4 * rank;
  if (rank === 0 || bytes.length < header) throw new Error(`${what}: a header of rank ${rank} does not fit in ${bytes.length} bytes`);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + size) {
    throw new Error(`${what}: dims ${JSON.stringify(dims)} need ${header + size} bytes, the file has ${bytes.length}`);
  }
  return { dims, data: bytes.subarray(header) };
}

/** Writes unsigned bytes as an IDX file. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array<ArrayBuffer> {
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new Error(`encodeIdx: dims ${JSON.stringify(dims)} need ${size} values, got ${data.length}`);
  const out = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(out.buffer);
  out[2] = UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** True when `bytes` start with gzip's magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decompresses gzip bytes. Injected so that Node can pass zlib; the default works in browsers, workers and Node ≥ 18. */
export type Gunzip = (gz: Uint8Array<ArrayBuffer>) => Promise<Uint8Array> | Uint8Array;

/** gunzip with the Compression Streams API (`DecompressionStream('gzip')`). */
export const gunzipStream: Gunzip = async (gz) => {
  if (typeof DecompressionStream === 'undefined') throw new Error('this environment has no DecompressionStream; pass a gunzip function');
  const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
