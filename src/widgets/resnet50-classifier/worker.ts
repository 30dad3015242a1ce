/**
 * The classifier's Web Worker: owns TensorFlow.js, its backend and the one ResNet-50 of the page, so a 300 ms
 * forward pass (and a 26 MB download with hashing) never freezes scrolling or typing.
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
import { fetchWithProgress, loadPretrained, preprocess, resizeShortSideAndCenterCrop, sha256Hex, topK, type Pretrained } from '../../model/runtime/pretrained';
import { rgbToRgba } from './cam';
import { weightsCacheName } from './format';
import type { ClassifyRequest, FromWorker, LoadRequest, ReadyMessage, ResultMessage, StageMaps, ToWorker } from './protocol';
import { cachedFetch, type CacheStorageLike } from './weights-cache';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<ToWorker>) => void): void;
  caches?: CacheStorageLike;
}
const scope = self as unknown as WorkerScope;

/** C2…C5: the outputs of conv2_x … conv5_x. */
const STAGES = ['layer1', 'layer2', 'layer3', 'layer4'] as const;
/** Channels shown per stage: the most active ones for this picture. */
const CHANNELS_PER_STAGE = 4;

/** The backends in this bundle. Enumerating each namespace keeps the modules whole in it (see the imports). */
const BUNDLED: readonly string[] = Object.entries({ cpu: cpuBackend, wasm: wasmBackend, webgl: webglBackend, webgpu: webgpuBackend })
  .filter(([, m]) => Object.keys(m).length > 0)
  .map(([name]) => name);

let pretrained: Pretrained | undefined;
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
  const base = req.weightsUrl.endsWith('/') ? req.weightsUrl : `${req.weightsUrl}/`;
  const manifestUrl = `${base}manifest.json`;
  const res = await fetch(manifestUrl, { cache: 'no-cache' });
  if (!res.ok) throw new Error(`could not fetch ${manifestUrl}: HTTP ${res.status} ${res.statusText}`);
  const manifestBytes = await res.arrayBuffer();
  const cache = await cachedFetch({
    storage: scope.caches,
    name: weightsCacheName(await sha256Hex(manifestBytes)),
    fetchBytes: fetchWithProgress,
    preloaded: new Map([[manifestUrl, manifestBytes]]),
  });

  let lastPost = 0;
  let downloaded = t1;
  try {
    pretrained = await loadPretrained({
      baseUrl: base,
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
  await cache.commit();
  const t2 = performance.now();

  const warm = tf.zeros([1, 224, 224, 3]) as tf.Tensor4D;
  const { output, collected } = pretrained.model.run(warm, { collect: STAGES });
  await output.data();
  tf.dispose([warm, output, ...Object.values(collected)]);
  const t3 = performance.now();

  ready = {
    type: 'ready',
    backend,
    totalBytes: pretrained.manifest.shards.reduce((a, s) => a + s.bytes, 0),
    cachedBytes: cache.stats.cachedBytes,
    networkBytes: cache.stats.networkBytes,
    cacheError: cache.stats.cacheError,
    timings: { backendMs: t1 - t0, downloadMs: downloaded - t1, buildMs: t2 - downloaded, warmupMs: t3 - t2 },
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
  if (!pretrained) throw new Error('the model is not loaded');
  const { model, labels, manifest } = pretrained;
  const prep = manifest.preprocessing;
  const t0 = performance.now();
  const image = pixels(req.bitmap);
  // [crop, crop, 3] float32 RGB 0..255: exactly what the Node tests feed the network.
  const crop = tf.tidy(() => resizeShortSideAndCenterCrop(tf.browser.fromPixels(image, 3), prep.resize, prep.crop));
  const x = tf.tidy(() => tf.expandDims(preprocess(crop, prep.mean), 0) as tf.Tensor4D);
  const t1 = performance.now();

  const { output, collected } = model.run(x, { collect: STAGES });
  const probs = tf.softmax(output);
  const kept: tf.Tensor[] = [crop, x, output, probs, ...Object.values(collected)];
  try {
    const [p, logits] = await Promise.all([probs.data(), output.data()]);
    const t2 = performance.now();

    const top = topK(p, req.k, labels);
    const idx = top.map((t) => t.index);
    // The CAM weights of the top classes: columns of the fc kernel [2048, 1000] → [k, 2048].
    const [w, b] = tf.tidy(() => [
      tf.transpose(tf.gather(model.weight('fc.weight'), idx, 1)),
      tf.gather(model.weight('fc.bias'), idx),
    ]);
    kept.push(w!, b!);
    const stageTensors = STAGES.map((name) => collected[name] as tf.Tensor4D);
    const picks = stageTensors.map((t) =>
      tf.tidy(() => {
        // The channels with the largest mean activation for this picture, and their planes [h, w, n].
        const { indices } = tf.topk(tf.mean(t, [0, 1, 2]) as tf.Tensor1D, CHANNELS_PER_STAGE);
        return [indices, tf.gather(tf.squeeze(t, [0]), indices, 2)] as const;
      }),
    );
    for (const [i, m] of picks) kept.push(i, m);
    const shown = tf.tidy(() => tf.clipByValue(crop, 0, 255));
    kept.push(shown);
    const [wData, bData, c5Data, cropData, ...stageData] = await Promise.all([
      w!.data() as Promise<Float32Array>,
      b!.data() as Promise<Float32Array>,
      collected.layer4!.data() as Promise<Float32Array>,
      shown.data(),
      ...picks.flatMap(([i, m]) => [i.data(), m.data() as Promise<Float32Array>]),
    ]);
    const channels = wData.length / idx.length;
    const stages: StageMaps[] = stageTensors.map((t, s) => {
      const [, h, wd, c] = t.shape;
      return { stage: STAGES[s]!, shape: [h, wd, c], channels: Array.from(stageData[2 * s]!), data: stageData[2 * s + 1] as Float32Array };
    });
    const size = crop.shape[0];
    const rgba = rgbToRgba(cropData);
    const [, h5, w5, k5] = collected.layer4!.shape as [number, number, number, number];
    const t3 = performance.now();
    tf.dispose(kept);
    kept.length = 0;
    const msg: ResultMessage = {
      type: 'result',
      id: req.id,
      crop: rgba,
      cropSize: size,
      resize: prep.resize,
      top: top.map((t, i) => ({
        ...t,
        logit: logits[t.index]!,
        weights: wData.slice(i * channels, (i + 1) * channels),
        bias: bData[i]!,
      })),
      c5: { h: h5, w: w5, channels: k5, data: c5Data },
      stages,
      timings: { preprocessMs: t1 - t0, inferenceMs: t2 - t1, mapsMs: t3 - t2 },
      numTensors: tf.memory().numTensors,
    };
    // Only arrays made here are transferred: a backend may hand out its own storage from data() (the cpu one does).
    post(msg, [rgba.buffer, ...msg.top.map((t) => t.weights.buffer)]);
  } finally {
    tf.dispose(kept);
  }
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
