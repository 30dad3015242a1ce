/**
 * The classifier's Web Worker: owns TensorFlow.js, its backend and the one ResNet-50 of the page, so a 300 ms
 * forward pass (and a 26 MB download with hashing) never freezes scrolling or typing. A thin adapter: the model is
 * the library's `loadResNet50()` handle, the wire is the shared worker server, the backend the shared setup.
 *
 * Methods (protocol.ts, through the shared worker client): `load` once → progress events, then the model's report;
 * `classify` per picture → the result. Requests are handled one at a time, in order.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendReport } from '../../model/runtime/backend';
import { fetchWithProgress, joinUrl, sha256Hex } from '../../model/data/assets';
import { loadResNet50, type ResNet50 } from '../../model/runtime/resnet50';
import { startBackend } from '../shared/worker-backend';
import { type HandlerContext, serve, withTransfer } from '../shared/worker-server';
import { rgbToRgba } from './cam';
import { weightsCacheName } from './format';
import type { ClassifierApi, ClassifyRequest, LoadRequest, ProgressMessage, ReadyMessage, ResultMessage } from './protocol';
import { cachedFetch, type CacheStorageLike } from './weights-cache';

const scope = self as unknown as { caches?: CacheStorageLike };

/** Channels shown per stage: the most active ones for this picture. */
const CHANNELS_PER_STAGE = 4;

let net: ResNet50 | undefined;
let ready: ReadyMessage | undefined;

async function load(req: LoadRequest, { emit }: HandlerContext<ProgressMessage>): Promise<ReadyMessage> {
  if (ready) return ready; // loaded once per page; a second widget or a retry gets the same model
  const t0 = performance.now();
  const backend: BackendReport = await startBackend(req.requestedBackend);
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
          emit({ loaded, total });
        }
      },
    });
  } catch (err) {
    await cache.discard(); // never keep bytes that may be the bad ones
    throw err;
  }
  await cache.commit(); // verified, built and warmed up: keep the bytes for the next visit

  ready = {
    backend,
    totalBytes: net.manifest.shards.reduce((a, s) => a + s.bytes, 0),
    cachedBytes: cache.stats.cachedBytes,
    networkBytes: cache.stats.networkBytes,
    cacheError: cache.stats.cacheError,
    timings: { backendMs: t1 - t0, downloadMs: downloaded - t1, buildMs: net.timings.buildMs, warmupMs: net.timings.warmupMs },
    numTensors: tf.memory().numTensors,
  };
  return ready;
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

async function classify(req: ClassifyRequest) {
  if (!net) throw new Error('the model is not loaded');
  const t0 = performance.now();
  const image = pixels(req.bitmap);
  const t1 = performance.now();
  const seen = await net.inspect(image, { k: req.k, channelsPerStage: CHANNELS_PER_STAGE });
  const crop = rgbToRgba(seen.crop);
  const msg: ResultMessage = {
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
  return withTransfer(msg, [crop.buffer, ...msg.top.map((t) => t.weights.buffer)]);
}

// One request at a time, in order: the model is not shared between two runs.
serve<ClassifierApi>(
  {
    load,
    classify: async (req) => {
      try {
        return await classify(req);
      } catch (err) {
        req.bitmap.close();
        throw err;
      }
    },
  },
  { serial: true },
);
