/**
 * The transfer-learning sample flow, recorded: Fashion-MNIST's sample classes (src/model/transfer/sample.ts), 30
 * images each, 20 % stratified validation; a head trained on the frozen ResNet-50's pooled C5 features, then conv5_x
 * fine-tuned with it; both chosen on validation loss only. Each seed draws its own training images, split and
 * initialisation; the TEST images (30 more per class from the subset's test split, fixed for all seeds, never used
 * to choose anything) are scored once per model at the end, so head-only and fine-tuned are compared on the same
 * images. Fine-tuning is recorded twice from the same run: the procedure's result (the lowest validation loss counting
 * the head-only start as epoch 0, so it may fall back to the head-only model) and the fine-tuned epoch ≥ 1 with the
 * lowest validation loss (`fineTunedForced`: like with like, a model whose conv5_x really was trained). Each model's
 * per-image test predictions are kept, so fixed/broken counts (discordant pairs) can be recounted from the file.
 *
 *   npm run transfer                                   (seeds 1,2,3; writes src/data/transfer/sample-flow.json)
 *   npm run transfer -- --seeds 1 --finetune-epochs 2  (a quick look)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadResNet50 } from '../src/model/runtime/resnet50';
import { fineTuneStage5, fineTunedFeatures } from '../src/model/transfer/finetune';
import { extractFeatures } from '../src/model/transfer/features';
import { argmaxRows, confusionMatrix, predictHead, trainHead, type HeadWeights } from '../src/model/transfer/head';
import { SAMPLE_CLASSES, SAMPLE_PER_CLASS, SAMPLE_VALIDATION_FRACTION, fashionToRgb, sampleImages } from '../src/model/transfer/sample';
import { stratifiedSplit } from '../src/model/transfer/split';
import type { ImageSet } from '../src/model/data/fashion-mnist';
import { ROOT, describeBackend, describeSubset, environment, gitState, loadSubset, log, parseFlags, round, runMain, saveRecord, setupBackend, shownPath } from './lib/cli';

const WEIGHTS = join(ROOT, 'public/weights/resnet50');
const TEST_SEED = 1000; // the test draw: fixed, and apart from the training seeds

const readBytes = async (path: string, onBytes?: (n: number) => void) => {
  const b = await readFile(path);
  onBytes?.(b.length);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

const accuracy = (probs: Float32Array, labels: Int32Array, k: number) => {
  const p = argmaxRows(probs, labels.length, k);
  return { accuracy: p.filter((c, i) => c === labels[i]).length / labels.length, confusion: confusionMatrix(labels, p, k), predictions: Array.from(p) };
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));

async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { known: ['seeds', 'head-epochs', 'finetune-epochs', 'test-per-class', 'batch', 'out'] });
  const seeds = flags.ints('seeds', '1,2,3');
  const headEpochs = flags.int('head-epochs', 100);
  const fineTuneEpochs = flags.int('finetune-epochs', 5);
  const testPerClass = flags.int('test-per-class', 30);
  const batch = flags.int('batch', 8);
  const out = flags.string('out', join(ROOT, 'src/data/transfer/sample-flow.json'));
  const headSettings = { epochs: headEpochs, lr: 1e-3, batch: 16, weightDecay: 1e-4, patience: 15 };
  const fineTuneSettings = { epochs: fineTuneEpochs, lrStage5: 1e-3, lrHead: 1e-4, batch, weightDecay: 1e-4, patience: 3, augment: 'random flip and one-cell shift of the C4 map' };

  const env = await setupBackend('wasm');
  log(`transfer sample flow on ${describeBackend(env)}: classes ${SAMPLE_CLASSES.join(', ')}, seeds ${seeds.join(',')}`);
  const data = await loadSubset();
  const net = await loadResNet50({ baseUrl: WEIGHTS, fetchBytes: readBytes });
  const k = SAMPLE_CLASSES.length;

  /** Pooled features and C4 maps of `indices` of `set`, 10 images per forward pass; images/s for the record. */
  const extract = async (set: ImageSet, indices: Int32Array) => {
    const t0 = performance.now();
    const pooled = new Float32Array(indices.length * 2048);
    const c4: Float32Array[] = [];
    for (let s = 0; s < indices.length; s += 10) {
      const rgb = fashionToRgb(set, indices.subarray(s, s + 10));
      const f = await extractFeatures(net, rgb, { c4: true });
      rgb.dispose();
      pooled.set(f.pooled, s * 2048);
      c4.push(...f.c4!);
    }
    return { pooled, c4, imagesPerSecond: indices.length / ((performance.now() - t0) / 1000) };
  };

  const test = sampleImages(data.test, SAMPLE_CLASSES, testPerClass, TEST_SEED);
  const testFeatures = await extract(data.test, test.indices);
  log(`test set: ${test.indices.length} images, features at ${testFeatures.imagesPerSecond.toFixed(2)} images/s`);
  const tensorsAtStart = tf.memory().numTensors;

  const started = performance.now();
  const record = {
    command: argv.length ? `npm run transfer -- ${argv.join(' ')}` : 'npm run transfer',
    seeds,
    git: gitState(),
    environment: environment(env),
    data: {
      ...describeSubset(data),
      classes: [...SAMPLE_CLASSES],
      trainPerClass: SAMPLE_PER_CLASS,
      validationFraction: SAMPLE_VALIDATION_FRACTION,
      testPerClass,
      testLabels: Array.from(test.labels),
      testDraw: `sampleImages(test split, classes, ${testPerClass}, seed ${TEST_SEED}): the same images for every seed and model`,
      preparation: '28×28 grey upscaled bilinearly to 224×224, grey copied to R, G, B; then the weights’ own preprocessing (short side 256, centre crop 224, caffe mean)',
    },
    settings: { head: { ...headSettings, optimizer: 'Adam', hidden: null }, fineTune: { ...fineTuneSettings, optimizer: 'SGD + momentum 0.9 for conv5_x, Adam for the head' } },
    selection: 'each model is the epoch with the lowest validation loss; fine-tuning counts its head-only start as epoch 0 (fineTuned: falls back to the head-only model when no epoch beats it), and fineTunedForced is the fine-tuned epoch ≥ 1 with the lowest validation loss among the epochs that run made (same run, same early stopping). Test accuracy and per-image test predictions (in the order of data.testLabels) are computed once per model after selection and choose nothing.',
    runs: [] as unknown[],
    summary: {} as Record<string, unknown>,
    leakedTensors: 0,
    wallSeconds: 0,
  };

  for (const seed of seeds) {
    const train = sampleImages(data.train, SAMPLE_CLASSES, SAMPLE_PER_CLASS, seed);
    const feats = await extract(data.train, train.indices);
    const split = stratifiedSplit(train.labels, SAMPLE_VALIDATION_FRACTION, seed);
    const spec = { features: 2048, classes: k };

    const h0 = performance.now();
    const head = await trainHead(feats.pooled, train.labels, split, spec, { ...headSettings, seed });
    const headSeconds = (performance.now() - h0) / 1000;
    const headBest = head.history[head.bestEpoch - 1]!;
    const headTest = accuracy(predictHead(head.best, testFeatures.pooled, test.labels.length), test.labels, k);
    log(`seed ${seed}: head-only  best epoch ${head.bestEpoch}/${head.history.length}, validation ${(headBest.validationAccuracy * 100).toFixed(1)} %, test ${(headTest.accuracy * 100).toFixed(1)} % (${headSeconds.toFixed(1)} s)`);

    const tuned = await fineTuneStage5(net, feats.c4, train.labels, split, head.best, {
      ...fineTuneSettings,
      augment: true,
      keepBestFineTuned: true,
      seed,
      onEpoch: (s) => void log(`  fine-tune epoch ${s.epoch}: train loss ${s.trainLoss.toFixed(3)}, validation loss ${s.validationLoss.toFixed(3)}, accuracy ${(s.validationAccuracy * 100).toFixed(1)} %${s.best ? ' (best)' : ''}`),
    });
    const tunedBest = tuned.bestEpoch === 0 ? headBest : tuned.history[tuned.bestEpoch - 1]!;
    const tunedTestFeatures = await fineTunedFeatures(net, tuned.best.stage5, testFeatures.c4);
    const tunedTest = accuracy(predictHead(tuned.best.head as HeadWeights, tunedTestFeatures, test.labels.length), test.labels, k);
    const forced = tuned.bestFineTuned;
    if (!forced) throw new Error(`seed ${seed}: fine-tuning ran no epoch`);
    const forcedBest = tuned.history[forced.epoch - 1]!;
    const forcedTest =
      forced.epoch === tuned.bestEpoch ? tunedTest : accuracy(predictHead(forced.head, await fineTunedFeatures(net, forced.stage5, testFeatures.c4), test.labels.length), test.labels, k);
    log(`seed ${seed}: fine-tuned (epoch ≥ 1) best epoch ${forced.epoch}, validation ${(forcedBest.validationAccuracy * 100).toFixed(1)} %, test ${(forcedTest.accuracy * 100).toFixed(1)} %`);
    log(`seed ${seed}: fine-tuned best epoch ${tuned.bestEpoch}/${tuned.history.length}, validation ${(tunedBest.validationAccuracy * 100).toFixed(1)} %, test ${(tunedTest.accuracy * 100).toFixed(1)} % (${tuned.secondsPerEpoch.toFixed(1)} s/epoch)`);

    const curve = (h: typeof head.history) => h.map((s) => ({ epoch: s.epoch, trainLoss: round(s.trainLoss), trainAccuracy: round(s.trainAccuracy), validationLoss: round(s.validationLoss), validationAccuracy: round(s.validationAccuracy) }));
    record.runs.push({
      seed,
      featureImagesPerSecond: round(feats.imagesPerSecond, 2),
      headOnly: {
        bestEpoch: head.bestEpoch,
        epochsRun: head.history.length,
        stoppedEarly: head.stoppedEarly,
        validationLoss: round(headBest.validationLoss),
        validationAccuracy: round(headBest.validationAccuracy),
        secondsPerEpoch: round(headSeconds / head.history.length, 3),
        testAccuracy: round(headTest.accuracy),
        testConfusion: headTest.confusion,
        testPredictions: headTest.predictions,
        history: curve(head.history),
      },
      fineTuned: {
        bestEpoch: tuned.bestEpoch,
        epochsRun: tuned.history.length,
        stoppedEarly: tuned.stoppedEarly,
        validationLoss: round(tunedBest.validationLoss),
        validationAccuracy: round(tunedBest.validationAccuracy),
        secondsPerEpoch: round(tuned.secondsPerEpoch, 1),
        testAccuracy: round(tunedTest.accuracy),
        testConfusion: tunedTest.confusion,
        testPredictions: tunedTest.predictions,
        history: curve(tuned.history),
      },
      fineTunedForced: {
        bestEpoch: forced.epoch,
        validationLoss: round(forcedBest.validationLoss),
        validationAccuracy: round(forcedBest.validationAccuracy),
        testAccuracy: round(forcedTest.accuracy),
        testConfusion: forcedTest.confusion,
        testPredictions: forcedTest.predictions,
      },
    });
    type Scored = { validationAccuracy: number; testAccuracy: number; testPredictions: number[] };
    const runs = record.runs as { headOnly: Scored; fineTuned: Scored & { secondsPerEpoch: number }; fineTunedForced: Scored }[];
    const labels = record.data.testLabels;
    // Test images that the second model gets right and the first wrong (fixed), and the reverse (broken), over seeds.
    const discordant = (pick: (r: (typeof runs)[number]) => Scored) => ({
      fixed: runs.reduce((a, r) => a + labels.filter((y, i) => r.headOnly.testPredictions[i] !== y && pick(r).testPredictions[i] === y).length, 0),
      broken: runs.reduce((a, r) => a + labels.filter((y, i) => r.headOnly.testPredictions[i] === y && pick(r).testPredictions[i] !== y).length, 0),
    });
    const stat = (xs: number[]) => ({ mean: round(mean(xs)), sd: round(sd(xs)), min: round(Math.min(...xs)), max: round(Math.max(...xs)) });
    record.summary = {
      seeds: runs.length,
      headOnly: { validationAccuracy: stat(runs.map((r) => r.headOnly.validationAccuracy)), testAccuracy: stat(runs.map((r) => r.headOnly.testAccuracy)) },
      fineTuned: { validationAccuracy: stat(runs.map((r) => r.fineTuned.validationAccuracy)), testAccuracy: stat(runs.map((r) => r.fineTuned.testAccuracy)), secondsPerEpoch: stat(runs.map((r) => r.fineTuned.secondsPerEpoch)) },
      // Paired on the same test images, per seed: fine-tuned minus head-only.
      testAccuracyGain: stat(runs.map((r) => r.fineTuned.testAccuracy - r.headOnly.testAccuracy)),
      fineTunedForced: { validationAccuracy: stat(runs.map((r) => r.fineTunedForced.validationAccuracy)), testAccuracy: stat(runs.map((r) => r.fineTunedForced.testAccuracy)) },
      forcedTestAccuracyGain: stat(runs.map((r) => r.fineTunedForced.testAccuracy - r.headOnly.testAccuracy)),
      // Summed over seeds that share one test set, so the same image can count once per seed.
      discordantVsHeadOnly: { fineTuned: discordant((r) => r.fineTuned), fineTunedForced: discordant((r) => r.fineTunedForced) },
    };
    record.leakedTensors = tf.memory().numTensors - tensorsAtStart;
    await saveRecord(out, record, started);
  }
  net.dispose();
  log(`leaked tensors after the flow: ${record.leakedTensors}; wrote ${shownPath(out)}`);
  return 0;
}

runMain(main);
