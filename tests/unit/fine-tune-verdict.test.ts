// The transfer lesson's "will fine-tuning help?" answer is computed from the sample-flow reference run; these tests
// check the rule on runs made up to sit on each side of it, and the sentence against the committed file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeFineTuneVerdict, fineTuneVerdict } from '../../src/lib/fine-tune-verdict';
import { parseSampleFlow, type SampleFlowModel, type SampleFlowRecord } from '../../src/model/transfer/sample-flow';

const model = (testAccuracy: number): SampleFlowModel => ({
  bestEpoch: 1,
  epochsRun: 1,
  stoppedEarly: false,
  validationLoss: 0.5,
  validationAccuracy: 0.8,
  secondsPerEpoch: 1,
  testAccuracy,
  testConfusion: [],
  history: [],
});

/** A record with 3 classes × 30 test images (90), one seed per [head-only, fine-tuned] test accuracy pair. */
function record(pairs: [number, number][]): SampleFlowRecord {
  return {
    command: 'npm run transfer',
    seeds: pairs.map((_, i) => i + 1),
    git: { commit: null, dirty: false },
    data: { classes: ['a', 'b', 'c'], trainPerClass: 30, validationFraction: 0.2, testPerClass: 30 },
    runs: pairs.map(([h, f], i) => ({ seed: i + 1, featureImagesPerSecond: 1, headOnly: model(h), fineTuned: model(f) })),
    leakedTensors: 0,
  };
}

describe('will fine-tuning help?', () => {
  test('"yes" when it scores higher in every seed by more than the spread between seeds', () => {
    const v = fineTuneVerdict(record([[0.7, 0.8], [0.72, 0.81], [0.7, 0.79]]));
    expect([v.answer, v.helped]).toEqual(['yes', 3]);
    expect(v.meanGain).toBeCloseTo(0.0933, 3);
  });
  test('"no clear difference" when it is higher in every seed but by less than the spread', () => {
    expect(fineTuneVerdict(record([[0.7, 0.72], [0.7, 0.9], [0.7, 0.71]])).answer).toBe('no clear difference');
  });
  test('"no clear difference" when the seeds disagree', () => {
    const v = fineTuneVerdict(record([[0.7, 0.8], [0.8, 0.7], [0.7, 0.75]]));
    expect([v.answer, v.helped, v.hurt]).toEqual(['no clear difference', 2, 1]);
  });
  test('"no" when it is higher in no seed', () => {
    const v = fineTuneVerdict(record([[0.8, 0.8], [0.8, 0.7], [0.8, 0.8]]));
    expect([v.answer, v.helped, v.hurt, v.tied]).toEqual(['no', 0, 1, 2]);
  });
  test('a gain of one test image in every seed is no clear gain; one seed alone never says "yes"', () => {
    expect(fineTuneVerdict(record([[0.7, 0.7 + 1 / 90], [0.7, 0.7 + 1 / 90]])).answer).toBe('no clear difference');
    expect(fineTuneVerdict(record([[0.7, 0.7 + 3 / 90], [0.7, 0.7 + 3 / 90]])).answer).toBe('yes');
    expect(fineTuneVerdict(record([[0.7, 0.9]])).answer).toBe('no clear difference');
  });
  test('counts the images that trained: 30 per class minus the 20 % validation share', () => {
    expect(fineTuneVerdict(record([[0.7, 0.8]])).trainedPerClass).toBe(24);
  });
  test('the sentence names the test images, each seed and the answer', () => {
    const text = describeFineTuneVerdict(fineTuneVerdict(record([[0.7, 0.8], [0.8, 0.7]])));
    expect(text).toContain('same 90 test images');
    expect(text).toContain('seed 2: 80.0 % → 70.0 %');
    expect(text).toContain('cannot say that fine-tuning helped');
    expect(text).toContain('an epoch of fine-tuning took 1 s');
  });
});

const committed = join(import.meta.dirname, '../../src/data/transfer/sample-flow.json');

describe.skipIf(!existsSync(committed))('the committed sample-flow run', () => {
  // Read inside the tests: a skipped describe still runs its body.
  const load = () => {
    const run = parseSampleFlow(JSON.parse(readFileSync(committed, 'utf8')));
    return { run, v: fineTuneVerdict(run) };
  };
  test('gives an answer that agrees with its own per-seed test accuracies', () => {
    const { run, v } = load();
    const gains = run.runs.map((r) => r.fineTuned.testAccuracy - r.headOnly.testAccuracy);
    if (v.answer === 'yes') expect(gains.every((g) => g > 0)).toBe(true);
    if (v.answer === 'no') expect(gains.every((g) => g <= 0)).toBe(true);
    if (v.answer === 'no clear difference') expect(gains.some((g) => g > 0)).toBe(true);
    expect(v.seeds.map((s) => s.seed)).toEqual(run.runs.map((r) => r.seed));
  });
  test('the sentence states each seed as the file has it', () => {
    const { run, v } = load();
    const text = describeFineTuneVerdict(v);
    for (const r of run.runs) expect(text).toContain(`seed ${r.seed}: ${(100 * r.headOnly.testAccuracy).toFixed(1)} % → ${(100 * r.fineTuned.testAccuracy).toFixed(1)} %`);
  });
});
