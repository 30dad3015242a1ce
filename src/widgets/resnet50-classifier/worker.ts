/**
 * The classifier's Web Worker: owns TensorFlow.js, its backend and the one ResNet-50 of the page, so a 300 ms
 * forward pass (and a 26 MB download with hashing) never freezes scrolling or typing. The network itself is the
 * `ResNet50` handle (model/runtime/resnet50.ts); this file adds the backend, Cache Storage and the messages.
 *
 * Messages (protocol.ts): `load` once → `progress`… then `ready`; `classify` per picture → `result`; `error` for
 * either. Messages are handled one at a time, in order.
 */
import * as tf from '@tensorflow/tfjs-core';
// Every backend is imported statically, as a namespace that is used below. Vite bundles a worker into one classic
// script, where an import() of a module not already in the bundle would have to become a separate chunk (which that
// format cannot do). With these here, `selectBackend`'s own import() calls resolve inside the bundle. (A bare
// `import 'pkg'` is not enough: the backends' packages declare no side effects, so the bundler would drop it.)
import * as cpuBackend from '@tensorflow/tfjs-backend-cpu';
import * as wasmBackend from '@tensorflow/tfjs-backend-wasm';
import * as webglBackend from '@tensorflow/tfjs-backend-webgl';
import * as webgpuBackend from '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { selectBackend, type BackendReport } from '../../model/runtime/backend';
import { fetchWithProgress, joinUrl, sha256Hex } from '../../model/data/assets';
import { loadResNet50, type ResNet50 } from '../../model/runtime/resnet50';
import { rgbToRgba } from './cam';
import { weightsCacheName } from './format';
import type { ClassifyRequest, FromWorker, LoadRequest, ReadyMessage, ResultMessage, ToWorker } from './protocol';
import { cachedFetch, type CacheStorageLike } from './weights-cache';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<ToWorker>) => void): void;
  caches?: CacheStorageLike;
}
const scope = self as unknown as WorkerScope;

/** Channels shown per stage: the most active ones for this picture. */
const CHANNELS_PER_STAGE = 4;

/** The backends in this bundle. Enumerating each namespace keeps the modules whole in it (see the imports). */
const BUNDLED: readonly string[] = Object.entries({ cpu: cpuBackend, wasm: wasmBackend, webgl: webglBackend, webgpu: webgpuBackend })
  .filter(([, m]) => Object.keys(m).length > 0)
  .map(([name]) => name);

let net: ResNet50 | undefined;
let ready: ReadyMessage | undefined;

const post = (m: FromWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function load(req: LoadRequest): Promise<void> {
  if (ready) return post(ready); // loaded once per page; a second widget or a retry gets the same model
  const t0 = performance.now();
  const backend: BackendReport = await selectBackend({
    order: req.order.filter((name) => BUNDLED.includes(name)),
    allowSoftware: req.preferred ? [req.preferred] : [],
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    },
  });
  const t1 = performance.now();

  // The manifest is small and its URL fixed, so it is always asked for (revalidated); its hash names the cache.
  const manifestUrl = joinUrl(req.weightsUrl, 'manifest.json');
  const manifestBytes = await fetchWithProgress(manifestUrl, undefined, { cache: 'no-cache' });
  const cache = await cachedFetch({
    storage: scope.caches,
    name: weightsCacheName(await sha256Hex(manifestBytes)),
    fetchBytes: fetchWithProgress,
    preloaded: new Map([[manifestUrl, manifestBytes]]),
  });

  let lastPost = 0;
  let downloaded = t1;
  try {
    net = await loadResNet50({
      baseUrl: req.weightsUrl,
      fetchBytes: cache.fetchBytes,
      onProgress: ({ loaded, total }) => {
        const now = performance.now();
        if (loaded >= total) downloaded = now;
        if (loaded >= total || now - lastPost > 50) {
          lastPost = now;
          post({ type: 'progress', loaded, total });
        }
      },
    });
  } catch (err) {
    await cache.discard(); // never keep bytes that may be the bad ones
    throw err;
  }
  await cache.commit(); // verified, built and warmed up: keep the bytes for the next visit

  ready = {
    type: 'ready',
    backend,
    totalBytes: net.manifest.shards.reduce((a, s) => a + s.bytes, 0),
    cachedBytes: cache.stats.cachedBytes,
    networkBytes: cache.stats.networkBytes,
    cacheError: cache.stats.cacheError,
    timings: { backendMs: t1 - t0, downloadMs: downloaded - t1, buildMs: net.timings.buildMs, warmupMs: net.timings.warmupMs },
    numTensors: tf.memory().numTensors,
  };
  post(ready);
}

/** RGBA pixels of the bitmap composited on white (a transparent PNG's hidden colour must not leak in). */
function pixels(bitmap: ImageBitmap): ImageData {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser offers no 2D canvas in workers');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, bitmap.width, bitmap.height);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

async function classify(req: ClassifyRequest): Promise<void> {
  if (!net) throw new Error('the model is not loaded');
  const t0 = performance.now();
  const image = pixels(req.bitmap);
  const t1 = performance.now();
  const seen = await net.inspect(image, { k: req.k, channelsPerStage: CHANNELS_PER_STAGE });
  const crop = rgbToRgba(seen.crop);
  const msg: ResultMessage = {
    type: 'result',
    id: req.id,
    crop,
    cropSize: seen.cropSize,
    resize: seen.resize,
    top: seen.top.map((t) => ({ index: t.classId, label: t.label, prob: t.probability, logit: t.logit, weights: t.weights, bias: t.bias })),
    c5: seen.c5,
    stages: seen.stages,
    // Reading the picture's pixels counts as preprocessing, as before the handle existed.
    timings: { ...seen.timings, preprocessMs: seen.timings.preprocessMs + (t1 - t0) },
    numTensors: tf.memory().numTensors,
  };
  // Only arrays made here are transferred: a backend may hand out its own storage from data() (the cpu one does).
  post(msg, [crop.buffer, ...msg.top.map((t) => t.weights.buffer)]);
}

let queue: Promise<void> = Promise.resolve();
scope.addEventListener('message', (e) => {
  const req = e.data;
  queue = queue.then(async () => {
    try {
      if (req.type === 'load') await load(req);
      else await classify(req);
    } catch (err) {
      if (req.type === 'classify') {
        req.bitmap.close();
        post({ type: 'error', phase: 'classify', id: req.id, message: errorText(err) });
      } else {
        post({ type: 'error', phase: 'load', message: errorText(err) });
      }
    }
  });
});
