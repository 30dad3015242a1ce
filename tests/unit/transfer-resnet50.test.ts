// The fine-tuning split on the real pretrained ResNet-50 (public/weights/resnet50, written at install): conv5_x run on
// its own from a photo's C4 map gives the full network's pooled C5 features, so fine-tuning trains the right stage.
import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadResNet50, type ResNet50 } from '../../src/model/runtime/index';
import { extractFeatures } from '../../src/model/transfer/features';
import { Stage5, c4Map } from '../../src/model/transfer/finetune';
import { photo, readBytes } from './resnet50-fixtures';
import { useBackend } from './setup-tf';

const WEIGHTS = join(import.meta.dirname, '../../public/weights/resnet50');
const haveWeights = existsSync(join(WEIGHTS, 'manifest.json'));
if (!haveWeights && !process.env.CI) console.warn('tests/unit/transfer-resnet50.test.ts: SKIPPED, public/weights/resnet50 is missing; run `npm run weights`');

describe.skipIf(!haveWeights && !process.env.CI)('conv5_x of the pretrained ResNet-50 on its own', () => {
  let net: ResNet50;
  let chelsea: tf.Tensor3D;

  beforeAll(async () => {
    await useBackend('wasm');
    chelsea = await photo('chelsea');
    net = await loadResNet50({ baseUrl: WEIGHTS, fetchBytes: readBytes, warmup: false });
  }, 120_000);

  afterAll(() => {
    net?.dispose();
    chelsea?.dispose();
  });

  test('from a photo’s C4 map [14, 14, 1024] it reproduces the full model’s pooled C5 features (< 1e-3); one extraction pass gives both, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const c4 = await c4Map(net, chelsea);
    expect(c4).toHaveLength(14 * 14 * 1024);
    const stage5 = Stage5.from(net);
    const mine = await stage5.features([c4]);
    stage5.dispose();
    const full = net.features(chelsea);
    const reference = await full.data();
    full.dispose();
    const batch = tf.expandDims(chelsea, 0) as tf.Tensor4D;
    const extracted = await extractFeatures(net, batch, { c4: true });
    batch.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      expect(a.length).toBe(b.length);
      let m = 0;
      for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
      return m;
    };
    expect(mine).toHaveLength(2048);
    expect(worst(mine, reference)).toBeLessThan(1e-3);
    expect(Math.max(...reference)).toBeGreaterThan(0.1); // not trivially zero
    expect(worst(extracted.pooled, reference)).toBeLessThan(1e-4);
    expect(worst(extracted.c4![0]!, c4)).toBeLessThan(1e-4);
  }, 300_000);
});
