// The transfer-learning widget's pure cores: the feature cache (keys, hits, damaged entries, failing storage), the
// reader's classes (limits, duplicates, what blocks training, the training set), throughput, the batch messages, and
// the try-it arithmetic (pooling C5 gives the head's features; the head's CAM averages back to its logit).
import { describe, expect, test } from 'vitest';
import { headLogits, initHead } from '../../src/model/transfer/head';
import { ClassList, FEATURE_DIMS, MAX_CLASSES, MIN_CLASSES, throughput } from '../../src/widgets/transfer-learning/classes';
import { FeatureCache, featureKey, type KeyValueStore } from '../../src/widgets/transfer-learning/feature-cache';
import { addedNote, rejectedLines } from '../../src/widgets/transfer-learning/batch';
import { headCam, headConfusion, poolC5, rankClasses, validationConfusion } from '../../src/widgets/transfer-learning/try-core';
import { keptConfusion } from '../../src/widgets/transfer-learning/finetune-run';
import type { FineTuneResult, TrainResult } from '../../src/widgets/transfer-learning/protocol';
import { modelFileName } from '../../src/widgets/transfer-learning/keep';
import { TRANSFER_LINK, VALIDATION_PERCENTS } from '../../src/widgets/transfer-learning/link';
import { readSettings, writeSettings } from '../../src/widgets/shared/url-state';
import { stratifiedSplit } from '../../src/model/transfer/split';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const VERSION = '0123456789abcdef';

function mapStore(): KeyValueStore & { map: Map<string, unknown>; writes: number } {
  const map = new Map<string, unknown>();
  return {
    map,
    writes: 0,
    async get(k) {
      return map.get(k);
    },
    async set(k, v) {
      this.writes++;
      map.set(k, v);
    },
  };
}

const features = (seed: number) => Float32Array.from({ length: FEATURE_DIMS }, (_, i) => Math.sin(seed * 7 + i));

describe('feature cache', () => {
  test('keys name the weights version and the image bytes, and refuse anything else', () => {
    expect(featureKey(VERSION, HASH_A)).toBe(`${VERSION}:${HASH_A}`);
    expect(featureKey(VERSION, HASH_A)).not.toBe(featureKey('fedcba9876543210', HASH_A));
    expect(() => featureKey(VERSION, 'cat.jpg')).toThrow(/"cat\.jpg"/);
    expect(() => featureKey('v1!', HASH_A)).toThrow(/"v1!"/);
  });

  test('features stored once are read back identical, as a copy the caller may transfer away', async () => {
    const store = mapStore();
    const cache = new FeatureCache(store);
    const f = features(1);
    expect(await cache.get(featureKey(VERSION, HASH_A))).toBeUndefined();
    await cache.set(featureKey(VERSION, HASH_A), f);
    f.fill(0); // the caller's array changes (or is transferred): the cached one must not
    const back = await new FeatureCache(store).get(featureKey(VERSION, HASH_A)); // a new page, same storage
    expect(back).toEqual(features(1));
    expect(await cache.get(featureKey(VERSION, HASH_B))).toBeUndefined();
    expect(cache.counts).toMatchObject({ hits: 0, misses: 2, stored: 1 });
  });

  test('new weights never read features of the old ones', async () => {
    const store = mapStore();
    await new FeatureCache(store).set(featureKey(VERSION, HASH_A), features(1));
    expect(await new FeatureCache(store).get(featureKey('fedcba9876543210', HASH_A))).toBeUndefined();
  });

  test('a damaged or foreign entry is a miss, not features', async () => {
    const store = mapStore();
    const cache = new FeatureCache(store);
    store.map.set('k1', new Float32Array(10));
    store.map.set('k2', Float32Array.from({ length: FEATURE_DIMS }, (_, i) => (i === 5 ? NaN : 1)));
    store.map.set('k3', Array.from(features(1)));
    for (const k of ['k1', 'k2', 'k3']) expect(await cache.get(k)).toBeUndefined();
    expect(cache.counts.misses).toBe(3);
  });

  test('storage that fails only misses, and says why once', async () => {
    const broken: KeyValueStore = {
      get: () => Promise.reject(new Error('IndexedDB is blocked')),
      set: () => Promise.reject(new Error('QuotaExceededError')),
    };
    const cache = new FeatureCache(broken);
    await cache.set('k', features(1));
    expect(await cache.get('k')).toBeUndefined();
    expect(cache.counts).toMatchObject({ stored: 0, misses: 1, error: 'QuotaExceededError' });
    const none = new FeatureCache(undefined);
    await none.set('k', features(1));
    expect(await none.get('k')).toBeUndefined();
  });

  test('refuses to store features of the wrong length', async () => {
    await expect(new FeatureCache(mapStore()).set('k', new Float32Array(3))).rejects.toThrow(/2048/);
  });
});

describe('the reader’s classes', () => {
  test(`start with ${MIN_CLASSES}, grow to ${MAX_CLASSES}, never shrink below ${MIN_CLASSES}`, () => {
    const list = new ClassList<string>();
    expect(list.classes.map((c) => c.name)).toEqual(['Class 1', 'Class 2']);
    expect(list.removeClass(list.classes[0]!.id)).toBe(false);
    while (list.canAdd) list.addClass();
    expect(list.classes).toHaveLength(MAX_CLASSES);
    expect(() => list.addClass()).toThrow(/at most 10/);
    expect(list.removeClass(list.classes[3]!.id)).toBe(true);
    expect(list.addClass().name).toBe('Class 11'); // names stay distinct after a removal
  });

  test('the same bytes twice in one class are kept once, but may be in two classes', () => {
    const list = new ClassList<string>();
    const [a, b] = list.classes;
    expect(list.addImage(a!.id, HASH_A, 'x.jpg')).toBeDefined();
    expect(list.addImage(a!.id, HASH_A, 'copy.jpg')).toBeUndefined();
    expect(list.addImage(b!.id, HASH_A, 'x.jpg')).toBeDefined();
    expect(list.imageCount).toBe(2);
  });

  test('says what blocks training: a missing name, two equal names, a class with fewer than 2 images', () => {
    const list = new ClassList<string>();
    const [a, b] = list.classes;
    expect(list.problem()).toMatch(/“Class 1” has 0 images/);
    for (const [c, h] of [[a, HASH_A], [a, HASH_B], [b, HASH_A]] as const) list.addImage(c!.id, h, '');
    expect(list.problem()).toMatch(/“Class 2” has 1 image:/);
    list.addImage(b!.id, HASH_B, '');
    expect(list.problem()).toBeNull();
    b!.name = 'Class 1';
    expect(list.problem()).toMatch(/Two classes are called “Class 1”/);
    b!.name = '  ';
    expect(list.problem()).toMatch(/Class 2 has no name/);
  });

  test('the training set has each image’s features in class order, labelled by class', () => {
    const list = new ClassList<string>();
    const [a, b] = list.classes;
    const b1 = list.addImage(b!.id, HASH_A, '')!;
    const a1 = list.addImage(a!.id, HASH_B, '')!;
    expect(list.pending()).toEqual([a1, b1]);
    expect(() => list.trainingSet()).toThrow(/no features/);
    a1.features = features(1);
    b1.features = features(2);
    expect(list.pending()).toEqual([]);
    const set = list.trainingSet();
    expect(Array.from(set.labels)).toEqual([0, 1]);
    expect(set.features.subarray(FEATURE_DIMS)).toEqual(features(2));
    expect(set.classNames).toEqual(['Class 1', 'Class 2']);
    expect(list.removeImage(a1.id)).toBe(true);
    expect(list.trainingSet().labels.length).toBe(1);
  });

  test('throughput: images per second and time left, nothing before the first image', () => {
    expect(throughput(0, 1000, 10)).toBeUndefined();
    expect(throughput(4, 2000, 10)).toEqual({ perSecond: 2, secondsLeft: 5 });
  });
});

describe('batch messages', () => {
  test('lists each rejected file with its message, then a count of the rest', () => {
    const rejected = Array.from({ length: 25 }, (_, i) => ({ name: `f${i}.jpg`, message: 'This file is empty (0 bytes).' }));
    const lines = rejectedLines({ className: 'Cats', added: 175, duplicates: 0, rejected }, 20);
    expect(lines[0]).toBe('25 files were not added to “Cats” (the other 175 were):');
    expect(lines).toHaveLength(22);
    expect(lines[1]).toBe('f0.jpg: This file is empty (0 bytes).');
    expect(lines.at(-1)).toBe('…and 5 more.');
    expect(rejectedLines({ className: 'Cats', added: 3, duplicates: 0, rejected: [] })).toEqual([]);
    expect(addedNote({ className: 'Cats', added: 1, duplicates: 2, rejected: [] })).toBe('Added 1 image to “Cats”; 2 were already there.');
  });
});

describe('try it', () => {
  const c5 = { h: 2, w: 3, channels: FEATURE_DIMS, data: Float32Array.from({ length: 6 * FEATURE_DIMS }, (_, i) => Math.abs(Math.cos(i))) };

  test('pooling C5 averages each channel over the grid', () => {
    const pooled = poolC5(c5);
    const k = 17;
    let s = 0;
    for (let p = 0; p < 6; p++) s += c5.data[p * FEATURE_DIMS + k]!;
    expect(pooled[k]).toBeCloseTo(s / 6, 6);
  });

  test('the head’s CAM averages, plus the bias, to the head’s logit (exact for a linear head); none with a hidden layer', () => {
    const head = initHead({ features: FEATURE_DIMS, classes: 3 }, 5);
    const logits = headLogits(head, poolC5(c5), 1);
    for (let c = 0; c < 3; c++) {
      const cam = headCam(head, c, c5)!;
      const mean = cam.reduce((a, b) => a + b, 0) / cam.length;
      expect(mean + head.values[1]![c]!).toBeCloseTo(logits[c]!, 4);
    }
    expect(headCam(initHead({ features: FEATURE_DIMS, classes: 3, hidden: 8 }, 5), 0, c5)).toBeNull();
  });

  test('classes are ranked by probability, which sums to 1', () => {
    const head = initHead({ features: FEATURE_DIMS, classes: 3 }, 5);
    const ranked = rankClasses(head, ['a', 'b', 'c'], c5);
    expect(ranked.map((r) => r.label).sort()).toEqual(['a', 'b', 'c']);
    expect(ranked[0]!.prob).toBeGreaterThanOrEqual(ranked[1]!.prob);
    expect(ranked.reduce((a, r) => a + r.prob, 0)).toBeCloseTo(1, 6);
  });

  test('the validation confusion matrix counts only the held-out images, each once', () => {
    const head = initHead({ features: FEATURE_DIMS, classes: 2 }, 3);
    const set = { features: new Float32Array(5 * FEATURE_DIMS).map((_, i) => Math.sin(i)), labels: Int32Array.from([0, 1, 0, 1, 1]) };
    const m = validationConfusion(head, set, [1, 2, 4]);
    expect(m.flat().reduce((a, b) => a + b, 0)).toBe(3);
    expect(m[0]!.reduce((a, b) => a + b, 0)).toBe(1); // one held-out image of class 0
  });

  test('a head’s confusion matrix on rows of features: its own argmax per row, against the labels', () => {
    // A hand-made linear head that picks the larger of features 0 and 1: rows 0 and 2 say class 0, row 1 class 1.
    const head = initHead({ features: 2, classes: 2 }, 1);
    head.values[0]!.set([1, 0, 0, 1]);
    head.values[1]!.fill(0);
    const m = headConfusion(head, Float32Array.from([3, 1, 0, 2, 5, 4]), [0, 0, 1]);
    expect(m).toEqual([
      [1, 1],
      [1, 0],
    ]);
    expect(() => headConfusion(head, new Float32Array(5), [0, 1, 1])).toThrow(/5 values for 3 images/);
  });

  test('after fine-tuning, the confusion matrix is the kept model’s, and its caption says which model that is', () => {
    const head = initHead({ features: 2, classes: 2 }, 1);
    head.values[0]!.set([1, 0, 0, 1]);
    head.values[1]!.fill(0);
    const labels = Int32Array.from([0, 1, 0, 1]);
    const r = { bestEpoch: 7, split: { train: [0, 1], validation: [2, 3] } } as unknown as TrainResult;
    const headOnly = [
      [0, 1],
      [0, 1],
    ];
    // Validation features of the fine-tuned model: image 2 (class 0) → class 0, image 3 (class 1) → class 1.
    const tuned = { head, bestEpoch: 2, validationFeatures: Float32Array.from([2, 1, 0, 3]) } as unknown as FineTuneResult;
    expect(keptConfusion(tuned, r, labels, headOnly)).toEqual({
      counts: [
        [1, 0],
        [0, 1],
      ],
      model: 'the fine-tuned model (conv5_x + head, fine-tuning epoch 2)',
    });
    const fellBack = { head, bestEpoch: 0 } as unknown as FineTuneResult;
    const kept = keptConfusion(fellBack, r, labels, headOnly);
    expect(kept.counts).toBe(headOnly);
    expect(kept.model).toMatch(/^the head-only model \(epoch 7\), kept because no fine-tuning epoch/);
  });

  test('the model file is named after its classes', () => {
    expect(modelFileName(['T-shirt/top', 'Shirt', 'Sneaker'])).toBe('resnet50-head-t-shirt-top-shirt-sneaker.rlxfer');
    expect(modelFileName(['猫', '犬'])).toBe('resnet50-head-model.rlxfer');
  });
});

describe('settings in a link', () => {
  const { schema } = TRANSFER_LINK;
  const KEY = 'transfer-learning';

  test('the training options round-trip through the URL, next to other parameters; a share not offered is refused', () => {
    const search = writeSettings(schema, '?backend=wasm', KEY, { 'hidden-layer': true, finetune: false, validation: 30 });
    expect(search).toBe('?backend=wasm&transfer-learning.hidden-layer=true&transfer-learning.finetune=false&transfer-learning.validation=30');
    expect(readSettings(schema, search, KEY)).toEqual({ settings: { 'hidden-layer': true, finetune: false, validation: 30 }, rejected: [] });
    const bad = readSettings(schema, '?transfer-learning.validation=50&transfer-learning.images=3', KEY);
    expect(bad.settings).toEqual({});
    expect(bad.rejected.map((r) => `${r.field}: ${r.reason}`)).toEqual(['validation: not one of 10, 20, 30, 40', 'images: not a setting of this widget']);
  });

  test('every validation share offered holds out that share of each class of the sample, and trains on the rest', () => {
    const labels = Int32Array.from({ length: 90 }, (_, i) => Math.floor(i / 30)); // 3 classes × 30, as the sample
    for (const percent of VALIDATION_PERCENTS) {
      const split = stratifiedSplit(labels, percent / 100, 1);
      for (let c = 0; c < 3; c++) expect(split.validation.filter((i) => labels[i] === c)).toHaveLength(Math.round((30 * percent) / 100));
      expect(split.train.length + split.validation.length).toBe(90);
    }
  });
});
