/**
 * The transfer-learning widget's Web Worker: owns TensorFlow.js, the one frozen ResNet-50 (loaded through the
 * classifier's weights cache, so the 26 MB are shared with it), the feature cache in IndexedDB, and head training.
 * The page never blocks on the network: each image is one forward pass here, and training yields after each epoch.
 *
 * Methods (protocol.ts): `load` once; `sample` (Fashion-MNIST classes for readers without photos); `lookup` cached
 * features; `extract` features (cancellable between images); `train` the head (cancellable between minibatches);
 * `classify` one picture (its crop and C5, for the head and the CAM on the page). One request at a time.
 */
import * as tf from '@tensorflow/tfjs-core';
import { sha256Hex } from '../../model/data/assets';
import { loadFashionMnistManifest, loadFashionMnistSplit, type ImageSet } from '../../model/data/fashion-mnist';
import type { ResNet50 } from '../../model/runtime/resnet50';
import { SAMPLE_CLASSES, Stage5, c4Map, extractFeatures, fashionToRgb, fineTuneStage5, sampleImages, stratifiedSplit, trainHead } from '../../model/transfer';
import { resizeShortSideAndCenterCrop } from '../../model/runtime/imagenet';
import { startBackend } from '../shared/worker-backend';
import { type HandlerContext, cancelled, serve, withTransfer } from '../shared/worker-server';
import { rgbToRgba } from '../shared/cam';
import { bitmapPixels, loadCachedResNet50 } from '../shared/resnet50-worker';
import type { CacheStorageLike } from '../shared/weights-cache';
import { FeatureCache, featureKey, idbStore } from './feature-cache';
import type { ExtractItem, ExtractResult, FineTuneEvent, FineTuneRequest, FineTuneResult, LoadRequest, LoadResult, SampleRequest, SampleResult, TransferApi, TrainRequest, TrainResult } from './protocol';

const scope = self as unknown as { caches?: CacheStorageLike; indexedDB?: IDBFactory };

let net: ResNet50 | undefined;
let loaded: LoadResult | undefined;
let cache: FeatureCache | undefined;
let fashion: ImageSet | undefined;
/** The fine-tuned conv5_x `classify` runs, when the model in use has one. */
let tuned: Stage5 | undefined;

async function load(req: LoadRequest, { emit }: HandlerContext<{ loaded: number; total: number }>): Promise<LoadResult> {
  if (loaded) return loaded;
  const backend = await startBackend(req.requestedBackend);
  // The classifier's weights cache, so the 26 MB are shared with it; the manifest's hash also versions the features.
  const weights = await loadCachedResNet50(req.weightsUrl, scope.caches, emit);
  net = weights.net;
  let store;
  try {
    store = await idbStore(scope.indexedDB);
  } catch {
    store = undefined; // no IndexedDB (private mode): features are computed every visit
  }
  cache = new FeatureCache(store);
  loaded = { backend, weightsVersion: weights.manifestSha256.slice(0, 16), networkBytes: weights.stats.networkBytes, cacheError: weights.stats.cacheError };
  return loaded;
}

async function sample(req: SampleRequest): Promise<SampleResult> {
  if (!fashion) {
    const manifest = await loadFashionMnistManifest({ baseUrl: req.dataUrl });
    fashion = await loadFashionMnistSplit(manifest, 'train', { baseUrl: req.dataUrl });
  }
  const set = fashion;
  const { indices, labels } = sampleImages(set, SAMPLE_CLASSES, req.perClass, req.seed);
  const px = set.height * set.width;
  // Hashed with a tag: a sample's features come from its 28 px pixels upscaled to 224 (`fashionToRgb`), not from
  // decoding a file, so they must never share a cache entry with a file of the same bytes.
  const prefix = new TextEncoder().encode('fashion-mnist-224:');
  const images = await Promise.all(
    Array.from(indices, async (sample, i) => {
      const pixels = set.pixels.slice(sample * px, (sample + 1) * px);
      const tagged = new Uint8Array(prefix.length + px);
      tagged.set(prefix);
      tagged.set(pixels, prefix.length);
      return { label: labels[i]!, sample, pixels, hash: await sha256Hex(tagged) };
    }),
  );
  return { classNames: [...SAMPLE_CLASSES], size: set.width, images };
}

function ready(): { net: ResNet50; loaded: LoadResult; cache: FeatureCache } {
  if (!net || !loaded || !cache) throw new Error('the model is not loaded');
  return { net, loaded, cache };
}

async function featuresOf(m: ResNet50, item: ExtractItem): Promise<Float32Array> {
  if ('bitmap' in item) {
    const t = m.features(bitmapPixels(item.bitmap));
    try {
      return (await t.data()) as Float32Array;
    } finally {
      t.dispose();
    }
  }
  if (!fashion) throw new Error('the sample images are not loaded');
  const rgb = fashionToRgb(fashion, [item.sample]); // [1, 224, 224, 3], as the reference run feeds them
  try {
    return (await extractFeatures(m, rgb)).pooled;
  } finally {
    rgb.dispose();
  }
}

/** Cached features for each key (null where there are none), without running the network. */
async function lookup({ keys }: { keys: string[] }): Promise<{ features: (Float32Array | null)[] }> {
  const { loaded: l, cache: c } = ready();
  return { features: await Promise.all(keys.map(async (k) => (await c.get(featureKey(l.weightsVersion, k))) ?? null)) };
}

/** Features of each item, from the cache or the network; stops early (returning fewer) when cancelled. */
async function extract({ items }: { items: ExtractItem[] }, { emit, signal }: HandlerContext<{ done: number }>) {
  const { net: m, loaded: l, cache: c } = ready();
  const features: Float32Array[] = [];
  let cached = 0;
  try {
    for (const item of items) {
      if (signal.aborted) break;
      const key = featureKey(l.weightsVersion, item.key);
      let f = await c.get(key);
      if (f) cached++;
      else {
        f = await featuresOf(m, item);
        await c.set(key, f);
      }
      features.push(f.slice()); // our own copy, safe to transfer
      emit({ done: features.length });
      await new Promise((r) => setTimeout(r, 0)); // let a cancel in
    }
  } finally {
    for (const item of items.slice(features.length)) if ('bitmap' in item) item.bitmap.close();
  }
  const result: ExtractResult = { features, cached, cacheError: c.counts.error, numTensors: tf.memory().numTensors };
  return withTransfer(result, features.map((f) => f.buffer));
}

async function train(req: TrainRequest, { emit, signal }: HandlerContext<TrainResult['history'][number]>) {
  ready();
  const t0 = performance.now();
  const split = stratifiedSplit(req.labels, req.validationFraction, req.options.seed ?? 1);
  const out = await trainHead(req.features, req.labels, split, req.spec, { ...req.options, signal, onEpoch: (s) => emit(s) }).catch((err: unknown) => {
    throw signal.aborted ? cancelled('training') : err;
  });
  const result: TrainResult = { ...out, split, numTensors: tf.memory().numTensors, trainMs: performance.now() - t0 };
  return withTransfer(result, out.best.values.map((v) => v.buffer));
}

/** C4 of one item: layer3's output, what conv5_x reads. */
async function c4Of(m: ResNet50, item: ExtractItem): Promise<Float32Array> {
  if ('bitmap' in item) return c4Map(m, bitmapPixels(item.bitmap));
  if (!fashion) throw new Error('the sample images are not loaded');
  const rgb = fashionToRgb(fashion, [item.sample]);
  try {
    return (await extractFeatures(m, rgb, { c4: true })).c4![0]!;
  } finally {
    rgb.dispose();
  }
}

async function finetune(req: FineTuneRequest, { emit, signal }: HandlerContext<FineTuneEvent>) {
  const { net: m } = ready();
  const c4: Float32Array[] = [];
  try {
    for (const item of req.items) {
      if (signal.aborted) throw cancelled('fine-tuning');
      c4.push(await c4Of(m, item));
      emit({ phase: 'c4', done: c4.length });
    }
  } finally {
    for (const item of req.items.slice(c4.length)) if ('bitmap' in item) item.bitmap.close();
  }
  let t = performance.now();
  const out = await fineTuneStage5(m, c4, req.labels, req.split, req.head, {
    ...req.options,
    signal,
    onEpoch: (stats) => {
      const now = performance.now();
      emit({ phase: 'epoch', stats, seconds: (now - t) / 1000 });
      t = now;
    },
  }).catch((err: unknown) => {
    throw signal.aborted ? cancelled('fine-tuning') : err;
  });
  setStage5(out.best.stage5);
  // The kept model's features of the validation images, for its confusion matrix (the head-only start's are the page's).
  const validationFeatures = out.bestEpoch > 0 ? await tuned!.features(req.split.validation.map((i) => c4[i]!)) : undefined;
  const result: FineTuneResult = { head: out.best.head, stage5: out.best.stage5, history: out.history, bestEpoch: out.bestEpoch, stoppedEarly: out.stoppedEarly, secondsPerEpoch: out.secondsPerEpoch, validationFeatures, numTensors: tf.memory().numTensors };
  const transfer = [...out.best.head.values, ...out.best.stage5.values].map((v) => v.buffer);
  return withTransfer(result, validationFeatures ? [...transfer, validationFeatures.buffer] : transfer);
}

function setStage5(stage5: FineTuneResult['stage5'] | undefined): null {
  tuned?.dispose();
  tuned = stage5 ? Stage5.from(ready().net, stage5) : undefined;
  return null;
}

async function classify({ bitmap }: { bitmap: ImageBitmap }) {
  const { net: m } = ready();
  const image = bitmapPixels(bitmap);
  if (!tuned) {
    const seen = await m.inspect(image, { k: 1, channelsPerStage: 1 });
    const crop = rgbToRgba(seen.crop);
    return withTransfer({ crop, cropSize: seen.cropSize, c5: seen.c5, numTensors: tf.memory().numTensors }, [crop.buffer]);
  }
  // Fine-tuned conv5_x: the frozen stages up to C4, then the tuned stage gives C5 (its map for the CAM).
  const { resize, crop: size } = m.manifest.preprocessing;
  const shown = tf.tidy(() => tf.clipByValue(resizeShortSideAndCenterCrop(tf.browser.fromPixels(image, 3), resize, size), 0, 255));
  const cropData = await shown.data();
  shown.dispose();
  const { h, w, channels, data } = await tuned.maps(await c4Map(m, image));
  const crop = rgbToRgba(cropData);
  return withTransfer({ crop, cropSize: size, c5: { h, w, channels, data }, numTensors: tf.memory().numTensors }, [crop.buffer]);
}

serve<TransferApi>(
  {
    load,
    sample,
    lookup,
    extract,
    train,
    finetune,
    useStage5: ({ stage5 }) => setStage5(stage5),
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
