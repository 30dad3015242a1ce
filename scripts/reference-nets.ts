/**
 * Packs the final weights of degradation reference runs into public/data/reference-nets: files of float16 parameters
 * and float32 BatchNorm running averages, with a manifest (sizes, SHA-256, architecture, provenance), so lessons can measure trained networks.
 *
 *   npx tsx scripts/reference-nets.ts --run src/data/runs/degradation-recipe-seed1.json --weights .cache/reference-nets
 *
 * The weights come from `npm run experiment -- degradation … --save-weights .cache/reference-nets` (float32, one
 * .bin + .json per run). For every run in the record that finished, this script converts its parameters to float16,
 * loads them back through the site's own loader (src/model/data/reference-nets.ts), and measures the shipped net's
 * error on the whole training and test subsets (BatchNorm on its running averages), which the manifest records.
 * It refuses a net whose float16 copy disagrees with the float32 one on more than 0.5 % of the test images.
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { sha256Hex } from '../src/model/data/assets';
import { encodeFloat16 } from '../src/model/data/float16';
import type { ImageSet } from '../src/model/data/fashion-mnist';
import {
  REFERENCE_NETS_FORMAT,
  REFERENCE_NETS_FORMAT_VERSION,
  type ReferenceNet,
  type ReferenceNetsManifest,
  decodeReferenceWeights,
  parseReferenceNetsManifest,
  referenceSpec,
} from '../src/model/data/reference-nets';
import type { Model } from '../src/model/runtime/model';
import { modelFromWeights } from '../src/model/runtime/pretrained';
import { batchTensors } from '../src/model/training/batches';
import { parseDegradationRecord } from '../src/model/training/record';
import { networkWeights } from '../src/model/weights';
import { ROOT, loadSubset, log, parseFlags, setupBackend, usage, runMain } from './lib/cli';

interface SavedWeights {
  spec: string;
  dtype: 'float32';
  bytes: number;
  sha256: string;
  weights: { name: string; shape: number[]; offset: number }[];
}

/** Predicted classes of a whole set, BatchNorm in inference mode. */
async function predict(model: Model, set: ImageSet): Promise<Int32Array> {
  const out = new Int32Array(set.count);
  const order = Int32Array.from({ length: set.count }, (_, i) => i);
  for (let start = 0; start < set.count; start += 500) {
    const size = Math.min(500, set.count - start);
    const { x, y } = batchTensors(set, order, start, size);
    const p = tf.tidy(() => tf.argMax(model.apply(x), 1));
    out.set((await p.data()) as Int32Array, start);
    tf.dispose([x, y, p]);
  }
  return out;
}

const errorOf = (pred: Int32Array, set: ImageSet) => pred.reduce((n, p, i) => n + (p !== set.labels[i] ? 1 : 0), 0) / set.count;

async function main(argv: string[]): Promise<number> {
  const { string } = parseFlags(argv, { known: ['run', 'weights', 'out'] });
  const runPath = resolve(string('run') ?? usage('--run RECORD.json is required (a degradation record made with --save-weights)'));
  const weightsDir = resolve(string('weights', join(ROOT, '.cache/reference-nets')));
  const outDir = resolve(string('out', join(ROOT, 'public/data/reference-nets')));
  const record = parseDegradationRecord(JSON.parse(await readFile(runPath, 'utf8')), relative(ROOT, runPath));
  await setupBackend('wasm');
  const data = await loadSubset();

  await mkdir(outDir, { recursive: true });
  for (const f of await readdir(outDir)) if (f.endsWith('.bin')) await rm(join(outDir, f));
  const nets: ReferenceNet[] = [];
  for (const run of record.runs) {
    if (run.status !== 'finished') {
      log(`skip ${run.name} seed ${run.seed}: ${run.status}`);
      continue;
    }
    const stem = `${run.name}-seed${run.seed}`;
    const saved = JSON.parse(await readFile(join(weightsDir, `${stem}.json`), 'utf8')) as SavedWeights;
    const raw = await readFile(join(weightsDir, `${stem}.bin`));
    if ((await sha256Hex(raw)) !== saved.sha256) throw new Error(`${stem}.bin does not match its SHA-256`);
    const f32 = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    const architecture = { depth: run.depth, shortcut: run.shortcut, width: record.config.width, zeroInitResidual: run.zeroInitResidual ?? false };
    // The saved order is kept: parameters as float16, BatchNorm's running averages (buffers) as float32 (see ReferenceWeight).
    const layout = new Map(networkWeights(referenceSpec(architecture)).map((w) => [w.name, w]));
    const isParameter = (name: string) => {
      const described = layout.get(name);
      if (!described) throw new Error(`${stem}.json has a weight "${name}" that ${run.name} does not have`);
      return described.trainable;
    };
    const weights: ReferenceNet['weights'] = [];
    let size = 0;
    for (const w of saved.weights) {
      const dtype = isParameter(w.name) ? ('float16' as const) : ('float32' as const);
      weights.push({ name: w.name, shape: w.shape, dtype, offset: size });
      size += w.shape.reduce((a, b) => a * b, 1) * (dtype === 'float16' ? 2 : 4);
    }
    const bytes = new Uint8Array(size);
    const view = new DataView(bytes.buffer);
    for (const [i, w] of weights.entries()) {
      const values = f32.subarray(saved.weights[i]!.offset / 4, saved.weights[i]!.offset / 4 + w.shape.reduce((a, b) => a * b, 1));
      if (w.dtype === 'float32') values.forEach((v, j) => view.setFloat32(w.offset + 4 * j, v, true));
      else encodeFloat16(values).forEach((h, j) => view.setUint16(w.offset + 2 * j, h, true));
    }
    const sha256 = await sha256Hex(bytes);
    const id = run.name;
    const file = `${id}-${sha256.slice(0, 8)}.bin`;
    const params = saved.weights.filter((w) => isParameter(w.name)).reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    const entry: ReferenceNet = {
      id,
      architecture,
      file,
      bytes: bytes.length,
      sha256,
      dtype: 'mixed',
      params,
      weights,
      training: {
        run: relative(ROOT, runPath),
        command: record.command,
        seed: run.seed,
        steps: record.config.steps,
        schedule: record.config.scheduleText,
        smoothedTrainingError: run.final.smoothedError,
        trainSetError: 0,
        testError: 0,
        testExamples: data.test.count,
      },
    };
    // Compare the shipped copy with the float32 original, prediction by prediction.
    const spec = referenceSpec(architecture);
    const full = new Map(saved.weights.map((w) => [w.name, f32.subarray(w.offset / 4, w.offset / 4 + w.shape.reduce((a, b) => a * b, 1))]));
    const original = modelFromWeights(spec, full);
    const shipped = modelFromWeights(spec, await decodeReferenceWeights(entry, bytes));
    try {
      const [a, b] = [await predict(original, data.test), await predict(shipped, data.test)];
      const differ = a.reduce((n, p, i) => n + (p !== b[i] ? 1 : 0), 0);
      if (differ > 0.005 * data.test.count) throw new Error(`${id}: float16 changes ${differ} of ${data.test.count} test predictions`);
      entry.training.testError = Number(errorOf(b, data.test).toFixed(4));
      entry.training.trainSetError = Number(errorOf(await predict(shipped, data.train), data.train).toFixed(4));
      log(`${id} (seed ${run.seed}): ${params.toLocaleString('en')} parameters, ${bytes.length.toLocaleString('en')} bytes; float16 changes ${differ} test predictions; error train ${entry.training.trainSetError}, test ${entry.training.testError}`);
    } finally {
      original.dispose();
      shipped.dispose();
    }
    await writeFile(join(outDir, file), bytes);
    nets.push(entry);
  }
  const manifest: ReferenceNetsManifest = { format: REFERENCE_NETS_FORMAT, version: REFERENCE_NETS_FORMAT_VERSION, nets };
  parseReferenceNetsManifest(manifest);
  // One line per weight: the manifest stays readable (and diffable) at a few hundred entries.
  const text = JSON.stringify(manifest, null, 1).replace(/\[\s*([-\d.,\s]*?)\s*\]/g, (_, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`);
  await writeFile(join(outDir, 'manifest.json'), `${text}\n`);
  log(`wrote ${relative(ROOT, outDir)}/manifest.json with ${nets.length} nets`);
  return 0;
}

runMain(main);
