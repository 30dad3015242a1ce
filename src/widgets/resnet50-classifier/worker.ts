/**
 * The classifier's Web Worker: owns TensorFlow.js, its backend and the one ResNet-50 of the page, so a 300 ms
 * forward pass (and a 26 MB download with hashing) never freezes scrolling or typing.
 *
 * Methods (protocol.ts, through the shared worker client): `load` once → progress events, then the model's report;
 * `classify` per picture → the result. Requests are handled one at a time, in order.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendReport } from '../../model/runtime/backend';
import { startBackend } from '../shared/worker-backend';
import { type HandlerContext, serve, withTransfer } from '../shared/worker-server';
import { fetchWithProgress, loadPretrained, preprocess, resizeShortSideAndCenterCrop, sha256Hex, topK, type Pretrained } from '../../model/runtime/pretrained';
import { rgbToRgba } from './cam';
import { weightsCacheName } from './format';
import type { ClassifierApi, ClassifyRequest, LoadRequest, ProgressMessage, ReadyMessage, ResultMessage, StageMaps } from './protocol';
import { cachedFetch, type CacheStorageLike } from './weights-cache';

const scope = self as unknown as { caches?: CacheStorageLike };

/** C2…C5: the outputs of conv2_x … conv5_x. */
const STAGES = ['layer1', 'layer2', 'layer3', 'layer4'] as const;
/** Channels shown per stage: the most active ones for this picture. */
const CHANNELS_PER_STAGE = 4;

let pretrained: Pretrained | undefined;
let ready: ReadyMessage | undefined;

async function load(req: LoadRequest, { emit }: HandlerContext<ProgressMessage>): Promise<ReadyMessage> {
  if (ready) return ready; // loaded once per page; a second widget or a retry gets the same model
  const t0 = performance.now();
  const backend: BackendReport = await startBackend(req.requestedBackend);
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
          emit({ loaded, total });
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
    backend,
    totalBytes: pretrained.manifest.shards.reduce((a, s) => a + s.bytes, 0),
    cachedBytes: cache.stats.cachedBytes,
    networkBytes: cache.stats.networkBytes,
    cacheError: cache.stats.cacheError,
    timings: { backendMs: t1 - t0, downloadMs: downloaded - t1, buildMs: t2 - downloaded, warmupMs: t3 - t2 },
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
    return withTransfer(msg, [rgba.buffer, ...msg.top.map((t) => t.weights.buffer)]);
  } finally {
    tf.dispose(kept);
  }
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
