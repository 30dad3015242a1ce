/**
 * Everything the site downloads is described by a manifest.json that lists its files with their sizes and SHA-256:
 * the ResNet-50 weights, the Fashion-MNIST subset, the trained reference nets. This module is the one place that
 * joins their URLs, fetches them (with progress), checks size and hash, and offers the small checks every manifest
 * parser shares. Pure: no DOM, no Node APIs, no tfjs.
 *
 *   const manifest = parseThing(await fetchJson(baseUrl, 'manifest.json'));
 *   const [a, b] = await fetchVerifiedFiles([manifest.a, manifest.b], { baseUrl, onProgress, hint: 'reload' });
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** A file beside a manifest: a plain file name, its size and its lowercase hex SHA-256. */
export interface FileEntry {
  file: string;
  bytes: number;
  sha256: string;
}

/** Bytes over a plain (not shared) ArrayBuffer: what Web Crypto, `Response` and typed-array views accept. */
export type Bytes = Uint8Array<ArrayBuffer>;

/**
 * Fetches one file's bytes. `onBytes(loaded)` may be called as bytes arrive (cumulative for this file). The browser
 * default is `fetchWithProgress`; a widget may wrap it with Cache Storage; Node tests pass a file reader
 * (`(path) => readFile(path)`).
 */
export type FetchBytes = (url: string, onBytes?: (loaded: number) => void) => Promise<ArrayBuffer | Uint8Array>;

/** Bytes received so far over a set of files, for a progress bar. */
export interface Progress {
  /** Bytes received so far, over all files. */
  loaded: number;
  /** Bytes in all (from the manifest). */
  total: number;
  /** The file that just advanced. */
  file: string;
}

// ---------------------------------------------------------------------------------------------------------------
// URLs and bytes
// ---------------------------------------------------------------------------------------------------------------

/** `base` + `/` + `file`, whether or not `base` ends in a slash. Works for URLs and for Node paths alike. */
export function joinUrl(base: string, file: string): string {
  return base.endsWith('/') ? base + file : `${base}/${file}`;
}

/** A plain Uint8Array over an ArrayBuffer: a view of Node's Buffer, or a copy of shared memory. */
export function asBytes(b: ArrayBuffer | Uint8Array): Bytes {
  if (!(b instanceof Uint8Array)) return new Uint8Array(b);
  return b.buffer instanceof ArrayBuffer ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
}

/** The bytes as an ArrayBuffer of their own, starting at offset 0 (copied only when they are part of a larger one). */
export function ownArrayBuffer(b: ArrayBuffer | Uint8Array): ArrayBuffer {
  const bytes = asBytes(b);
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
}

/**
 * `fetch` that reports progress while the body streams in. `init` is passed on (the classifier asks for its small
 * manifest with `{ cache: 'no-cache' }`, so a new version is never hidden behind a cached one).
 */
export async function fetchWithProgress(url: string, onBytes?: (loaded: number) => void, init?: RequestInit): Promise<ArrayBuffer> {
  const res = await fetch(url, init);
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
}

/**
 * Lowercase hex SHA-256. Web Crypto where the page has it (secure contexts, workers, Node ≥ 19); pages served over
 * plain http (other than localhost) have no `crypto.subtle`, and get `@noble/hashes` (26 MB take a few hundred ms).
 * `subtle: null` takes that path on purpose (the tests compare both).
 */
export async function sha256Hex(
  data: ArrayBuffer | Uint8Array,
  subtle: Pick<SubtleCrypto, 'digest'> | null = globalThis.crypto?.subtle ?? null,
): Promise<string> {
  const bytes = asBytes(data);
  return bytesToHex(subtle ? new Uint8Array(await subtle.digest('SHA-256', bytes)) : sha256(bytes));
}

// ---------------------------------------------------------------------------------------------------------------
// Verified fetching
// ---------------------------------------------------------------------------------------------------------------

export interface VerifyOptions {
  /** Names the file in errors, before its quoted name: "weights shard" → `weights shard "x.bin" has …`. */
  what?: string;
  /** What the reader can do about a bad file, appended to the error. */
  hint?: string;
}

/**
 * Throws unless `bytes` has exactly the size and SHA-256 of `expected`. The message names the file and both values,
 * e.g. `weights shard "a.bin" has SHA-256 3f…, the manifest expects 9c…: <hint>`.
 */
export async function verifyBytes(
  bytes: ArrayBuffer | Uint8Array,
  expected: FileEntry,
  { what, hint }: VerifyOptions = {},
): Promise<void> {
  const subject = what ? `${what} "${expected.file}"` : `"${expected.file}"`;
  const tail = hint ? `: ${hint}` : '';
  if (bytes.byteLength !== expected.bytes) throw new Error(`${subject} has ${bytes.byteLength} bytes, the manifest expects ${expected.bytes}${tail}`);
  const got = await sha256Hex(bytes);
  if (got !== expected.sha256) throw new Error(`${subject} has SHA-256 ${got}, the manifest expects ${expected.sha256}${tail}`);
}

export interface FetchVerifiedOptions extends VerifyOptions {
  /** Folder URL (or a path, with a Node `fetchBytes`) holding the files. */
  baseUrl: string;
  /** Default: `fetchWithProgress`. */
  fetchBytes?: FetchBytes;
}

/** Fetches one file beside the manifest and checks its size and SHA-256 (see `verifyBytes`). */
export async function fetchVerified(entry: FileEntry, opts: FetchVerifiedOptions & { onBytes?: (loaded: number) => void }): Promise<Bytes> {
  const bytes = asBytes(await (opts.fetchBytes ?? fetchWithProgress)(joinUrl(opts.baseUrl, entry.file), opts.onBytes));
  await verifyBytes(bytes, entry, opts);
  return bytes;
}

/**
 * Fetches several files at once, each verified, reporting their summed progress. The last report is always
 * `{ loaded: total, total }`, once every file has arrived and passed its check. Results in the order of `entries`.
 */
export async function fetchVerifiedFiles(
  entries: readonly FileEntry[],
  opts: FetchVerifiedOptions & { onProgress?: (p: Progress) => void },
): Promise<Bytes[]> {
  const total = entries.reduce((a, e) => a + e.bytes, 0);
  const loaded = entries.map(() => 0);
  const files = await Promise.all(
    entries.map((entry, i) =>
      fetchVerified(entry, {
        ...opts,
        onBytes: (n) => {
          loaded[i] = n;
          opts.onProgress?.({ loaded: loaded.reduce((a, b) => a + b, 0), total, file: entry.file });
        },
      }),
    ),
  );
  if (entries.length) opts.onProgress?.({ loaded: total, total, file: entries[entries.length - 1]!.file });
  return files;
}

/** Parses UTF-8 JSON; an Error says which file is not JSON. */
export function parseJsonBytes(bytes: ArrayBuffer | Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new Error(`${what} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Fetches and parses a JSON file beside the others (a manifest.json), unverified: it is what the others are checked by. */
export async function fetchJson(baseUrl: string, file: string, fetchBytes: FetchBytes = fetchWithProgress): Promise<unknown> {
  return parseJsonBytes(await fetchBytes(joinUrl(baseUrl, file)), file);
}

// ---------------------------------------------------------------------------------------------------------------
// Manifest checks shared by every parser
// ---------------------------------------------------------------------------------------------------------------

/** How a parser reports a problem: throws an Error with its own prefix ("weights manifest: …"). */
export type Fail = (message: string) => never;

/** A `Fail` whose messages start with `prefix` (none when empty). */
export function failWith(prefix: string): Fail {
  return (message) => {
    throw new Error(prefix ? `${prefix}: ${message}` : message);
  };
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
/** 64 lowercase hex digits. */
export const isSha256Hex = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
/** A file name beside the manifest: letters, digits, `.`, `_`, `-`, not starting with a dot or dash (no paths). */
export const isPlainFileName = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v);

/** Checks `{ file, bytes, sha256 }` (other keys are left to the caller) and returns those three. */
export function checkFileEntry(v: unknown, what: string, fail: Fail): FileEntry {
  if (!isRecord(v)) fail(`${what} must be an object, got ${JSON.stringify(v)}`);
  if (!isPlainFileName(v.file)) fail(`${what}.file must be a plain file name, got ${JSON.stringify(v.file)}`);
  if (!isCount(v.bytes)) fail(`${what}.bytes must be a byte count, got ${JSON.stringify(v.bytes)}`);
  if (!isSha256Hex(v.sha256)) fail(`${what}.sha256 must be 64 lowercase hex digits, got ${JSON.stringify(v.sha256)}`);
  return { file: v.file, bytes: v.bytes, sha256: v.sha256 };
}
