/**
 * Transfer-learning benchmark, printed as JSON (wasm backend in Node, the backend a laptop without WebGPU gets):
 *   - feature extraction: images/s of the frozen ResNet-50 (pooled C5), in batches of 10, over BENCH_TRANSFER_IMAGES
 *     Fashion-MNIST images of 5 classes upscaled to 224 (default 1,000), whose features are then all kept;
 *   - memory with those features kept: tf.memory() (bytes, tensors) and the process heap;
 *   - head training time for 5 classes × 50 images (20 % validation, 50 epochs, no early stop);
 *   - fine-tuning conv5_x: seconds per epoch on 5 classes × 10 images (C4 maps), and the C4 bytes per image that a
 *     fine-tuning cap must budget for;
 *   - tensors leaked after the whole flow (goal 0).
 *
 *   npx tsx scripts/bench-transfer.ts
 *   BENCH_TRANSFER_IMAGES=200 npx tsx scripts/bench-transfer.ts    (a quicker look)
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadResNet50 } from '../src/model/runtime/resnet50';
import { extractFeatures } from '../src/model/transfer/features';
import { fineTuneStage5 } from '../src/model/transfer/finetune';
import { trainHead } from '../src/model/transfer/head';
import { fashionToRgb, sampleImages } from '../src/model/transfer/sample';
import { stratifiedSplit } from '../src/model/transfer/split';
import { ROOT, environment, loadSubset, round, setupBackend } from './lib/cli';

const IMAGES = Number(process.env.BENCH_TRANSFER_IMAGES ?? 1000);
const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Sneaker', 'Bag'];
const BATCH = 10;

const readBytes = async (path: string, onBytes?: (n: number) => void) => {
  const b = await readFile(path);
  onBytes?.(b.length);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};
const mib = (bytes: number) => round(bytes / 2 ** 20, 1);

const env = await setupBackend('wasm');
const data = await loadSubset();
const tensorsAtStart = tf.memory().numTensors;
const net = await loadResNet50({ baseUrl: join(ROOT, 'public/weights/resnet50'), fetchBytes: readBytes });
const afterLoad = { tfBytes: tf.memory().numBytes, tensors: tf.memory().numTensors };

// 1. Features of IMAGES images, all kept (as the widget keeps them: plain Float32Arrays, no tensors).
const perClass = Math.ceil(IMAGES / CLASSES.length);
const pick = sampleImages(data.train, CLASSES, perClass, 1);
const kept: Float32Array[] = [];
const t0 = performance.now();
for (let s = 0; s < pick.indices.length; s += BATCH) {
  const rgb = fashionToRgb(data.train, pick.indices.subarray(s, s + BATCH));
  kept.push((await extractFeatures(net, rgb)).pooled);
  rgb.dispose();
}
const extractSeconds = (performance.now() - t0) / 1000;
const features = new Float32Array(pick.indices.length * 2048);
kept.forEach((f, i) => features.set(f, i * BATCH * 2048));
kept.length = 0;
const heap = process.memoryUsage();
const afterFeatures = { tfBytes: tf.memory().numBytes, tensors: tf.memory().numTensors, heapUsed: heap.heapUsed, arrayBuffers: heap.arrayBuffers, rss: heap.rss };

// 2. Head: 5 classes × 50 images of those features.
const fifty = [...pick.labels.keys()].filter((i, _, all) => all.slice(0, all.indexOf(i)).filter((j) => pick.labels[j] === pick.labels[i]).length < 50);
const headX = new Float32Array(fifty.length * 2048);
fifty.forEach((i, j) => headX.set(features.subarray(i * 2048, (i + 1) * 2048), j * 2048));
const headY = Int32Array.from(fifty, (i) => pick.labels[i]!);
const split = stratifiedSplit(headY, 0.2, 1);
const h0 = performance.now();
const head = await trainHead(headX, headY, split, { features: 2048, classes: CLASSES.length }, { epochs: 50, patience: Infinity, seed: 1 });
const headSeconds = (performance.now() - h0) / 1000;

// 3. Fine-tuning conv5_x: 5 classes × 10 images, seconds per epoch averaged over two epochs.
const ten = sampleImages(data.train, CLASSES, 10, 2);
const pooled = new Float32Array(ten.indices.length * 2048);
const c4: Float32Array[] = [];
for (let s = 0; s < ten.indices.length; s += BATCH) {
  const rgb = fashionToRgb(data.train, ten.indices.subarray(s, s + BATCH));
  const f = await extractFeatures(net, rgb, { c4: true });
  rgb.dispose();
  pooled.set(f.pooled, s * 2048);
  c4.push(...f.c4!);
}
const ftSplit = stratifiedSplit(ten.labels, 0.2, 1);
const ftHead = (await trainHead(pooled, ten.labels, ftSplit, { features: 2048, classes: CLASSES.length }, { epochs: 20, seed: 1 })).best;
const ft = await fineTuneStage5(net, c4, ten.labels, ftSplit, ftHead, { epochs: 2, patience: 5, batch: 8, seed: 1 });

net.dispose();
const result = {
  bench: 'transfer-learning',
  environment: environment(env),
  // The machine's load while the bench ran (1, 5, 15 minutes): throughput on a shared machine is a lower bound.
  loadAverage: loadavg().map((l) => round(l, 2)),
  featureExtraction: {
    images: pick.indices.length,
    batch: BATCH,
    seconds: round(extractSeconds, 1),
    imagesPerSecond: round(pick.indices.length / extractSeconds, 2),
  },
  memory: {
    afterLoadingResNet50: { tfMiB: mib(afterLoad.tfBytes), tensors: afterLoad.tensors },
    [`after${pick.indices.length}FeaturesKept`]: {
      tfMiB: mib(afterFeatures.tfBytes),
      tensors: afterFeatures.tensors,
      featureMiB: mib(features.byteLength),
      heapUsedMiB: mib(afterFeatures.heapUsed),
      arrayBuffersMiB: mib(afterFeatures.arrayBuffers),
      rssMiB: mib(afterFeatures.rss),
    },
    c4BytesPerImage: c4[0]!.byteLength,
  },
  headTraining: {
    classes: CLASSES.length,
    imagesPerClass: fifty.length / CLASSES.length,
    epochs: head.history.length,
    seconds: round(headSeconds, 2),
    millisecondsPerEpoch: round((headSeconds * 1000) / head.history.length, 1),
    bestValidationAccuracy: round(head.history[head.bestEpoch - 1]!.validationAccuracy),
  },
  fineTuneStage5: {
    trainImages: ftSplit.train.length,
    validationImages: ftSplit.validation.length,
    epochs: ft.history.length,
    secondsPerEpoch: round(ft.secondsPerEpoch, 1),
    secondsPerTrainImage: round(ft.secondsPerEpoch / ftSplit.train.length, 2),
  },
  leakedTensors: tf.memory().numTensors - tensorsAtStart,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
