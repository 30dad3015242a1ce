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
import type { ResNet50 } from '../../model/runtime/resnet50';
import { startBackend } from '../shared/worker-backend';
import { type HandlerContext, serve, withTransfer } from '../shared/worker-server';
import { rgbToRgba } from '../shared/cam';
import { bitmapPixels, loadCachedResNet50 } from '../shared/resnet50-worker';
import type { ClassifierApi, ClassifyRequest, LoadRequest, ProgressMessage, ReadyMessage, ResultMessage } from './protocol';
import type { CacheStorageLike } from '../shared/weights-cache';

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

  // The weights through the shared per-version cache (the transfer-learning widget's worker reads the same one).
  const loaded = await loadCachedResNet50(req.weightsUrl, scope.caches, emit);
  net = loaded.net;

  ready = {
    backend,
    totalBytes: net.manifest.shards.reduce((a, s) => a + s.bytes, 0),
    cachedBytes: loaded.stats.cachedBytes,
    networkBytes: loaded.stats.networkBytes,
    cacheError: loaded.stats.cacheError,
    timings: { backendMs: t1 - t0, downloadMs: loaded.downloadedAt - t1, buildMs: net.timings.buildMs, warmupMs: net.timings.warmupMs },
    numTensors: tf.memory().numTensors,
  };
  return ready;
}

async function classify(req: ClassifyRequest) {
  if (!net) throw new Error('the model is not loaded');
  const t0 = performance.now();
  const image = bitmapPixels(req.bitmap);
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
