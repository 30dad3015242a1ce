// The asset layer every download goes through: hashing on both paths, verified fetching with progress, and the
// manifest checks the three manifest parsers share.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  checkFileEntry,
  failWith,
  fetchJson,
  fetchVerified,
  fetchVerifiedFiles,
  joinUrl,
  ownArrayBuffer,
  sha256Hex,
  verifyBytes,
  type Fail,
  type FetchBytes,
  type FileEntry,
  type Progress,
} from '../../src/model/data/assets';
import { parseFashionMnistManifest } from '../../src/model/data/fashion-mnist';
import { parseReferenceNetsManifest } from '../../src/model/data/reference-nets';
import { parseManifest } from '../../src/model/runtime/pretrained';

const nodeSha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const webCrypto = globalThis.crypto.subtle;
const text = (s: string) => new TextEncoder().encode(s);

describe('SHA-256', () => {
  // FIPS 180-4 examples (NIST's "SHA256.pdf" and the one-million-a message).
  const vectors: [string, Uint8Array, string][] = [
    ['""', text(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['"abc"', text('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['the 448-bit message', text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['a million "a"s', new Uint8Array(1_000_000).fill(0x61), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ];

  test.each(vectors)('Web Crypto and @noble/hashes both give the published digest of %s', async (_, data, digest) => {
    expect(await sha256Hex(data, webCrypto)).toBe(digest);
    expect(await sha256Hex(data, null)).toBe(digest);
  });

  test('both paths agree with Node at block boundaries, for ArrayBuffers and for views into larger buffers', async () => {
    for (const n of [1, 55, 56, 63, 64, 65, 119, 120, 100_003]) {
      const whole = new Uint8Array(n + 10).map((_, i) => (i * 31 + 7) & 255);
      const view = whole.subarray(3, 3 + n); // byteOffset 3: only these n bytes may be hashed
      const want = nodeSha(view);
      expect(await sha256Hex(view, webCrypto), `${n} bytes, Web Crypto`).toBe(want);
      expect(await sha256Hex(view, null), `${n} bytes, noble`).toBe(want);
      expect(await sha256Hex(view.slice().buffer, null), `${n} bytes as an ArrayBuffer`).toBe(want);
    }
  });
});

describe('verified fetching', () => {
  const files: Record<string, Uint8Array> = {
    'base/a.bin': new Uint8Array(1000).map((_, i) => i & 255),
    'base/b.bin': text('hello, shards'),
    'base/manifest.json': text('{"ok": true}'),
  };
  const entry = (file: string): FileEntry => ({ file, bytes: files[`base/${file}`]!.length, sha256: nodeSha(files[`base/${file}`]!) });
  /** Serves `files`, reporting progress in chunks of 300 bytes as a streaming fetch would. */
  const serve =
    (overrides: Record<string, Uint8Array> = {}): FetchBytes =>
    async (url, onBytes) => {
      const bytes = overrides[url] ?? files[url];
      if (!bytes) throw new Error(`404 ${url}`);
      for (let at = Math.min(300, bytes.length); ; at = Math.min(at + 300, bytes.length)) {
        onBytes?.(at);
        if (at === bytes.length) break;
      }
      return bytes.slice();
    };

  test('URLs join with exactly one slash', () => {
    expect(joinUrl('/weights/resnet50', 'manifest.json')).toBe('/weights/resnet50/manifest.json');
    expect(joinUrl('/weights/resnet50/', 'manifest.json')).toBe('/weights/resnet50/manifest.json');
    expect(joinUrl('https://example.org/w/', 'a.bin')).toBe('https://example.org/w/a.bin');
  });

  test('progress reports of several files sum to the total, never go back, and end at the total', async () => {
    const entries = [entry('a.bin'), entry('b.bin')];
    const reports: Progress[] = [];
    const got = await fetchVerifiedFiles(entries, { baseUrl: 'base', fetchBytes: serve(), onProgress: (p) => reports.push(p) });
    const total = files['base/a.bin']!.length + files['base/b.bin']!.length;
    expect(reports.every((p) => p.total === total && p.loaded <= total)).toBe(true);
    expect(reports.map((p) => p.loaded)).toEqual([...reports.map((p) => p.loaded)].sort((a, b) => a - b));
    expect(reports.at(-1)!.loaded).toBe(total);
    expect(reports.length).toBeGreaterThan(3); // a.bin alone streams in 4 chunks
    expect(got.map((b) => new TextDecoder().decode(b.subarray(0, 5)))).toEqual([new TextDecoder().decode(files['base/a.bin']!.subarray(0, 5)), 'hello']);
  });

  test('one changed byte fails the check, naming the file, both hashes and the hint', async () => {
    const tampered = files['base/a.bin']!.slice();
    tampered[500]! ^= 0x01;
    await expect(
      fetchVerifiedFiles([entry('b.bin'), entry('a.bin')], { baseUrl: 'base', fetchBytes: serve({ 'base/a.bin': tampered }), what: 'weights shard', hint: 'reload' }),
    ).rejects.toThrow(new RegExp(`^weights shard "a\\.bin" has SHA-256 ${nodeSha(tampered)}, the manifest expects ${entry('a.bin').sha256}: reload$`));
  });

  test('a missing or extra byte fails on the size before any hashing', async () => {
    const short = files['base/b.bin']!.subarray(0, 5);
    await expect(fetchVerified(entry('b.bin'), { baseUrl: 'base', fetchBytes: serve({ 'base/b.bin': short }) })).rejects.toThrow(
      /^"b\.bin" has 5 bytes, the manifest expects 13$/,
    );
    await expect(verifyBytes(text('hello, shards!'), entry('b.bin'), { what: 'reference net' })).rejects.toThrow(/reference net "b\.bin" has 14 bytes/);
    await expect(verifyBytes(files['base/b.bin']!, entry('b.bin'))).resolves.toBeUndefined();
  });

  test('JSON that is not JSON is named', async () => {
    expect(await fetchJson('base/', 'manifest.json', serve())).toEqual({ ok: true });
    await expect(fetchJson('base', 'manifest.json', serve({ 'base/manifest.json': text('{ok') }))).rejects.toThrow(/^manifest\.json is not valid JSON: /);
  });

  test('shard bytes become an ArrayBuffer of their own, copied only when they are part of a larger one', () => {
    const whole = new Uint8Array(16).map((_, i) => i);
    expect(ownArrayBuffer(whole)).toBe(whole.buffer);
    const part = ownArrayBuffer(whole.subarray(4, 8));
    expect(part.byteLength).toBe(4);
    expect(Array.from(new Uint8Array(part))).toEqual([4, 5, 6, 7]);
  });
});

describe('manifest checks', () => {
  const fail: Fail = failWith('test manifest');
  const good = { file: 'a-0123.bin', bytes: 10, sha256: 'ab'.repeat(32) };

  test.each([
    ['not an object', 'x', /^test manifest: shards\[0\] must be an object, got "x"$/],
    ['a path', { ...good, file: '../secret.bin' }, /shards\[0\]\.file must be a plain file name, got "\.\.\/secret\.bin"/],
    ['a hidden file', { ...good, file: '.env' }, /file must be a plain file name, got "\.env"/],
    ['a negative size', { ...good, bytes: -1 }, /shards\[0\]\.bytes must be a byte count, got -1/],
    ['a fractional size', { ...good, bytes: 1.5 }, /bytes must be a byte count, got 1\.5/],
    ['an upper-case hash', { ...good, sha256: 'AB'.repeat(32) }, /sha256 must be 64 lowercase hex digits, got "ABAB/],
    ['a short hash', { ...good, sha256: 'ab' }, /sha256 must be 64 lowercase hex digits, got "ab"/],
  ])('a file entry with %s is rejected with a message that quotes it', (_, entry, message) => {
    expect(() => checkFileEntry(entry, 'shards[0]', fail)).toThrow(message);
  });

  test('a good entry comes back as just { file, bytes, sha256 }', () => {
    expect(checkFileEntry({ ...good, note: 'extra' }, 'labels', fail)).toEqual(good);
  });

  // The three shipped manifests, each with one file renamed to a path: every parser refuses it the same way.
  const shipped = (dir: string) => join(import.meta.dirname, '../../public', dir, 'manifest.json');
  const parsers: [string, string, (json: unknown) => unknown, (m: any) => void][] = [
    ['ResNet-50 weights', 'weights/resnet50', parseManifest, (m) => (m.shards[0].file = '../x.bin')],
    ['Fashion-MNIST subset', 'data/fashion-mnist', parseFashionMnistManifest, (m) => (m.splits.test.labels.file = '../x.bin')],
    ['reference nets', 'data/reference-nets', parseReferenceNetsManifest, (m) => (m.nets[0].file = '../x.bin')],
  ];
  test.each(parsers)('the %s manifest parser accepts the shipped manifest and refuses a path for a file name', (_, dir, parse, mutate) => {
    const json = JSON.parse(readFileSync(shipped(dir), 'utf8'));
    expect(() => parse(json)).not.toThrow();
    mutate(json);
    expect(() => parse(json)).toThrow(/\.file must be a plain file name, got "\.\.\/x\.bin"/);
  });
});
