// The ResNet-50 handle on the real pretrained weights (written to public/weights/resnet50 at install): it classifies
// as the loader plus predictProbabilities did, its features are the pooled C5 the classifier reads, its CAMs add up
// to the logits, and nothing it does leaves a tensor behind.
import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mean } from '../../src/widgets/shared/cam';
import { loadResNet50, predictProbabilities, prepareImages, topK, type ResNet50 } from '../../src/model/runtime/index';
import { photo, readBytes } from './resnet50-fixtures';
import { maxAbsDiff, useBackend } from './setup-tf';

const WEIGHTS = join(import.meta.dirname, '../../public/weights/resnet50');
const haveWeights = existsSync(join(WEIGHTS, 'manifest.json'));
if (!haveWeights && !process.env.CI) console.warn('tests/unit/resnet50.test.ts: SKIPPED, public/weights/resnet50 is missing; run `npm run weights`');

describe.skipIf(!haveWeights && !process.env.CI)('the ResNet-50 handle', () => {
  let net: ResNet50;
  let chelsea: tf.Tensor3D;
  let coffee: tf.Tensor3D;
  let before: number;
  const progress: number[] = [];

  beforeAll(async () => {
    await useBackend('wasm');
    chelsea = await photo('chelsea');
    coffee = await photo('coffee');
    before = tf.memory().numTensors;
    net = await loadResNet50({ baseUrl: WEIGHTS, fetchBytes: readBytes, onProgress: ({ loaded }) => progress.push(loaded) });
  }, 120_000);

  afterAll(() => {
    net?.dispose();
    tf.dispose([chelsea, coffee]);
  });

  test('loading reports progress up to the shards’ total and warms up', () => {
    expect(progress.at(-1)).toBe(net.manifest.shards.reduce((a, s) => a + s.bytes, 0));
    expect(net.timings.warmupMs).toBeGreaterThan(0);
    expect(net.labels).toHaveLength(1000);
  });

  test('Chelsea is a cat (ImageNet classes 281–285), the same top 5 as predictProbabilities on the loaded model', async () => {
    const top = await net.classify(chelsea, 5);
    expect(top[0]!.classId).toBeGreaterThanOrEqual(281);
    expect(top[0]!.classId).toBeLessThanOrEqual(285);
    expect(top[0]!.label).toBe(net.labels[top[0]!.classId]);
    const probs = predictProbabilities(net.model, chelsea);
    const old = topK(await probs.data(), 5, net.labels);
    probs.dispose();
    expect(top.map((t) => t.classId)).toEqual(old.map((p) => p.index));
    top.forEach((t, i) => expect(t.probability).toBeCloseTo(old[i]!.prob, 6));
  }, 60_000);

  test('the coffee photo is espresso', async () => {
    const [top] = await net.classify(coffee, 1);
    expect(top!.label).toBe('espresso');
  }, 60_000);

  test('features are [2048], the spatial mean of C5, and the fc layer turns them into the network’s logits', async () => {
    const features = net.features(chelsea);
    const stages = net.stages(chelsea);
    const c5 = stages.layer4;
    const pooled = tf.mean(c5, [0, 1]);
    const x = prepareImages(chelsea, net.manifest.preprocessing);
    const logits = net.model.apply(x);
    const fromFeatures = tf.tidy(() => tf.add(tf.matMul(tf.expandDims(features, 0), net.model.weight('fc.weight') as tf.Tensor2D), net.model.weight('fc.bias')));
    expect(features.shape).toEqual([2048]);
    expect(c5.shape).toEqual([7, 7, 2048]);
    expect(await maxAbsDiff(features, pooled)).toBeLessThan(1e-4);
    expect(await maxAbsDiff(fromFeatures, logits)).toBeLessThan(1e-3);
    tf.dispose([features, ...Object.values(stages), pooled, x, logits, fromFeatures]);
  }, 60_000);

  test('a batch of photos gives one feature row per photo', async () => {
    const batch = tf.tidy(() => tf.stack([chelsea, tf.reverse(chelsea, 1)]) as tf.Tensor4D);
    const rows = net.features(batch);
    const single = net.features(chelsea);
    expect(rows.shape).toEqual([2, 2048]);
    const first = tf.tidy(() => tf.reshape(tf.slice(rows, [0, 0], [1, -1]), [2048]));
    expect(await maxAbsDiff(first, single)).toBeLessThan(1e-4);
    tf.dispose([batch, rows, single, first]);
  }, 60_000);

  test('stages are C2…C5 at strides 4, 8, 16, 32', () => {
    const s = net.stages(coffee);
    expect([s.layer1.shape, s.layer2.shape, s.layer3.shape, s.layer4.shape]).toEqual([
      [56, 56, 256],
      [28, 28, 512],
      [14, 14, 1024],
      [7, 7, 2048],
    ]);
    tf.dispose(Object.values(s));
  }, 60_000);

  test('inspect agrees with classify, and each CAM averages (plus its bias) to its class’s logit, as cam() does', async () => {
    const seen = await net.inspect(chelsea, { k: 3, channelsPerStage: 4 });
    const top = await net.classify(chelsea, 3);
    expect(seen.top.map((t) => t.classId)).toEqual(top.map((t) => t.classId));
    expect(seen.cropSize).toBe(224);
    expect(seen.crop.length).toBe(224 * 224 * 3);
    expect(seen.crop.every((v) => v >= 0 && v <= 255)).toBe(true);
    expect(seen.stages.map((s) => [s.stage, s.channels.length, s.data.length])).toEqual([
      ['layer1', 4, 56 * 56 * 4],
      ['layer2', 4, 28 * 28 * 4],
      ['layer3', 4, 14 * 14 * 4],
      ['layer4', 4, 7 * 7 * 4],
    ]);
    const cam = await net.cam(chelsea, seen.top[1]!.classId);
    expect([cam.h, cam.w, cam.map.length]).toEqual([7, 7, 49]);
    expect(cam.logit).toBeCloseTo(seen.top[1]!.logit, 3);
    expect(cam.bias).toBeCloseTo(seen.top[1]!.bias, 6);
    expect(mean(cam.map) + cam.bias).toBeCloseTo(cam.logit, 2);
    await expect(net.cam(chelsea, 1000)).rejects.toThrow(/classId must be an integer in 0…999, got 1000/);
  }, 120_000);

  test('classifying, inspecting and taking features leak no tensors; disposing frees every weight', async () => {
    const afterLoad = tf.memory().numTensors;
    await net.classify(coffee, 5);
    await net.inspect(coffee);
    await net.cam(coffee, 967);
    tf.dispose(net.features(coffee));
    expect(tf.memory().numTensors).toBe(afterLoad);
    net.dispose();
    net.dispose(); // a second call does nothing
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
