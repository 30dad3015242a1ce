// The classifier's weights cache and its CAM on the real network: nothing unverified is stored, a second load reads
// everything from the cache, and the class activation map of cam.ts averages (plus the bias) to the network's logit.
import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { sha256Hex, type FetchBytes } from '../../src/model/data/assets';
import { classActivationMap } from '../../src/model/runtime/cam';
import { loadPretrained, preprocess, resizeShortSideAndCenterCrop } from '../../src/model/runtime/index';
import { mean } from '../../src/widgets/shared/cam';
import { CACHE_PREFIX, weightsCacheName } from '../../src/widgets/shared/format';
import { cachedFetch, type CacheLike, type CacheStorageLike } from '../../src/widgets/shared/weights-cache';
import { readBytes } from './resnet50-fixtures';
import { useBackend } from './setup-tf';

/** Cache Storage in memory, enough for cachedFetch. */
class FakeCaches implements CacheStorageLike {
  readonly stores = new Map<string, Map<string, ArrayBuffer>>();
  async open(name: string): Promise<CacheLike> {
    let store = this.stores.get(name);
    if (!store) this.stores.set(name, (store = new Map()));
    const s = store;
    return {
      match: async (url) => (s.has(url) ? new Response(s.get(url)!.slice(0)) : undefined),
      put: async (url, res) => void s.set(url, await res.arrayBuffer()),
    };
  }
  async keys() {
    return [...this.stores.keys()];
  }
  async delete(name: string) {
    return this.stores.delete(name);
  }
}

/** A pretend network: counts what is downloaded. */
function fakeNetwork(files: Record<string, string>) {
  const fetched: string[] = [];
  const fetchBytes: FetchBytes = async (url, onBytes) => {
    fetched.push(url);
    const text = files[url];
    if (text === undefined) throw new Error(`404 ${url}`);
    const buf = new TextEncoder().encode(text).buffer as ArrayBuffer;
    onBytes?.(buf.byteLength);
    return buf;
  };
  return { fetched, fetchBytes };
}

describe('the weights cache', () => {
  const name = weightsCacheName('1'.repeat(64));

  test('nothing is stored before commit; after it, a second visit downloads nothing', async () => {
    const storage = new FakeCaches();
    const net = fakeNetwork({ '/w/a.bin': 'aaaa', '/w/b.bin': 'bb' });
    const first = await cachedFetch({ storage, name, fetchBytes: net.fetchBytes });
    await first.fetchBytes('/w/a.bin');
    await first.fetchBytes('/w/b.bin');
    expect(storage.stores.get(name)?.size).toBe(0);
    await first.commit();
    expect(first.stats).toMatchObject({ networkBytes: 6, cachedBytes: 0, downloaded: ['/w/a.bin', '/w/b.bin'] });

    const second = await cachedFetch({ storage, name, fetchBytes: net.fetchBytes });
    let progress = 0;
    const a = await second.fetchBytes('/w/a.bin', (n) => (progress = n));
    expect(new TextDecoder().decode(a)).toBe('aaaa');
    expect(progress).toBe(4); // the progress bar still moves for cached files
    await second.fetchBytes('/w/b.bin');
    expect(net.fetched).toEqual(['/w/a.bin', '/w/b.bin']); // only the first visit's downloads
    expect(second.stats).toMatchObject({ networkBytes: 0, cachedBytes: 6 });
  });

  test('a failed load discards the cache, so bad bytes are never served again', async () => {
    const storage = new FakeCaches();
    const net = fakeNetwork({ '/w/a.bin': 'aaaa' });
    const c = await cachedFetch({ storage, name, fetchBytes: net.fetchBytes });
    await c.fetchBytes('/w/a.bin');
    await c.discard();
    expect(await storage.keys()).toEqual([]);
    await c.commit(); // after discard, nothing to store
    expect(await storage.keys()).toEqual([]);
  });

  test('older versions of our cache are deleted, other caches kept; preloaded files are served and never cached', async () => {
    const storage = new FakeCaches();
    await storage.open(`${CACHE_PREFIX}0123456789abcdef`);
    await storage.open('another-app');
    const manifest = new TextEncoder().encode('{}').buffer as ArrayBuffer;
    const net = fakeNetwork({});
    const c = await cachedFetch({ storage, name, fetchBytes: net.fetchBytes, preloaded: new Map([['/w/manifest.json', manifest]]) });
    expect((await storage.keys()).sort()).toEqual(['another-app', name].sort());
    expect(await c.fetchBytes('/w/manifest.json')).toBe(manifest);
    await c.commit();
    expect(storage.stores.get(name)?.size).toBe(0);
    expect(net.fetched).toEqual([]);
  });

  test('without Cache Storage it simply downloads', async () => {
    const net = fakeNetwork({ '/w/a.bin': 'x' });
    const c = await cachedFetch({ storage: undefined, name, fetchBytes: net.fetchBytes });
    await c.fetchBytes('/w/a.bin');
    await c.commit();
    await c.discard();
    expect(net.fetched).toEqual(['/w/a.bin']);
  });

  test('a broken Cache Storage (blocked, over quota) is a note, not an error', async () => {
    const broken: CacheStorageLike = {
      open: async () => {
        throw new Error('SecurityError: storage is blocked');
      },
      keys: async () => [],
      delete: async () => false,
    };
    const net = fakeNetwork({ '/w/a.bin': 'x' });
    const c = await cachedFetch({ storage: broken, name, fetchBytes: net.fetchBytes });
    expect(new TextDecoder().decode(await c.fetchBytes('/w/a.bin'))).toBe('x');
    expect(c.stats.cacheError).toMatch(/blocked/);
  });
});

const WEIGHTS = join(process.cwd(), 'public/weights/resnet50');

describe.skipIf(!existsSync(join(WEIGHTS, 'manifest.json')))('the CAM of the real ResNet-50', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  test('on Chelsea the cat, each top-5 map averages (plus its bias) to the logit, and running again leaks no tensors', async () => {
    const storage = new FakeCaches();
    const manifestBytes = await readBytes(join(WEIGHTS, 'manifest.json'));
    const cache = await cachedFetch({
      storage,
      name: weightsCacheName(await sha256Hex(manifestBytes)),
      fetchBytes: readBytes,
      preloaded: new Map([[join(WEIGHTS, 'manifest.json'), manifestBytes]]),
    });
    const { model, labels, manifest } = await loadPretrained({ baseUrl: WEIGHTS, fetchBytes: cache.fetchBytes });
    await cache.commit();
    expect(cache.stats.networkBytes).toBe(manifest.shards.reduce((a, s) => a + s.bytes, 0) + manifest.labels.bytes);

    const png = PNG.sync.read(await readFile(new URL('../fixtures/images/chelsea.png', import.meta.url)));
    const image = tf.tidy(() => tf.slice(tf.tensor3d(png.data, [png.height, png.width, 4], 'int32'), [0, 0, 0], [-1, -1, 3]) as tf.Tensor3D);
    const run = async () => {
      const x = tf.tidy(() => tf.expandDims(preprocess(resizeShortSideAndCenterCrop(image, 256, 224)), 0) as tf.Tensor4D);
      const { output, collected } = model.run(x, { collect: ['layer4'] });
      const [logits, c5] = await Promise.all([output.data(), collected.layer4!.data()]);
      tf.dispose([x, output, collected.layer4!]);
      return { logits, c5, shape: collected.layer4!.shape };
    };
    const { logits, c5, shape } = await run();
    expect(shape).toEqual([1, 7, 7, 2048]);
    const top = Array.from(logits.keys()).sort((a, b) => logits[b]! - logits[a]!).slice(0, 5);
    expect(labels[top[0]!]).toMatch(/cat/);
    const [fcW, fcB] = await Promise.all([model.weight('fc.weight').data(), model.weight('fc.bias').data()]);
    for (const c of top) {
      const column = Float32Array.from({ length: 2048 }, (_, k) => fcW[k * 1000 + c]!);
      const cam = classActivationMap(c5, 7, 7, 2048, column);
      expect(mean(cam) + fcB[c]!).toBeCloseTo(logits[c]!, 2);
    }

    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await run(); // 50 runs: the e2e test, in the browser's worker
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
    model.dispose();
  }, 120_000);
});
