// The transfer lesson's "will fine-tuning help?" answer is computed from the sample-flow reference run; these tests
// check the rule on runs made up to sit on each side of it, and the sentence against the committed file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeFineTuneVerdict, fineTuneVerdict } from '../../src/lib/fine-tune-verdict';
import { parseSampleFlow, type SampleFlowModel, type SampleFlowRecord } from '../../src/model/transfer/sample-flow';

const model = (testAccuracy: number, bestEpoch = 1): SampleFlowModel => ({
  bestEpoch,
  epochsRun: 1,
  stoppedEarly: false,
  validationLoss: 0.5,
  validationAccuracy: 0.8,
  secondsPerEpoch: 1,
  testAccuracy,
  testConfusion: [],
  history: [],
});

/**
 * A record with 3 classes × 30 test images (90), one seed per [head-only, fine-tuned] test accuracy pair; a third
 * element is the fine-tuned bestEpoch (0: validation kept no fine-tuned epoch, the head-only model came back).
 */
function record(pairs: ([number, number] | [number, number, number])[]): SampleFlowRecord {
  return {
    command: 'npm run transfer',
    seeds: pairs.map((_, i) => i + 1),
    git: { commit: null, dirty: false },
    data: { classes: ['a', 'b', 'c'], trainPerClass: 30, validationFraction: 0.2, testPerClass: 30 },
    runs: pairs.map(([h, f, e], i) => ({ seed: i + 1, featureImagesPerSecond: 1, headOnly: model(h), fineTuned: model(f, e ?? 1) })),
    leakedTensors: 0,
  };
}

describe('will fine-tuning help?', () => {
  test('"yes" when it scores higher in every seed by more than the spread between seeds', () => {
    const v = fineTuneVerdict(record([[0.7, 0.8], [0.72, 0.81], [0.7, 0.79]]));
    expect([v.answer, v.helped]).toEqual(['yes', 3]);
    expect(v.seeds.map((s) => s.gainImages)).toEqual([9, 8, 8]);
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
    expect([v.answer, v.helped, v.hurt, v.tied, v.fellBack]).toEqual(['no', 0, 1, 2, 0]);
  });
  test('seeds where validation kept no fine-tuned epoch are counted apart from measured ties', () => {
    const v = fineTuneVerdict(record([[0.8667, 0.9, 4], [0.8889, 0.8889, 0], [0.9111, 0.9111, 0]]));
    expect([v.helped, v.hurt, v.tied, v.fellBack]).toEqual([1, 0, 0, 2]);
    expect(v.seeds.map((s) => s.kept)).toEqual([true, false, false]);
    const text = describeFineTuneVerdict(v);
    expect(text).toContain('kept a fine-tuned epoch in 1 of 3 seeds');
    expect(text).toContain('in seeds 2 and 3 the fine-tuned model is the head-only model (epoch 0), so equal by construction');
    expect(text).not.toMatch(/as many in [1-9]/);
  });
  test('when every seed fell back, the sentence says nothing about fine-tuning was measured', () => {
    const v = fineTuneVerdict(record([[0.8, 0.8, 0], [0.7, 0.7, 0], [0.9, 0.9, 0]]));
    expect([v.answer, v.fellBack, v.tied]).toEqual(['no', 3, 0]);
    const text = describeFineTuneVerdict(v);
    expect(text).toContain('in every seed the fine-tuned model is the head-only model');
    expect(text).toContain('nothing about fine-tuning was measured');
    expect(text).not.toContain('more test images right');
  });
  test('a one-image gain stays one image under the record\'s 4-decimal rounding (76/90 → 77/90)', () => {
    const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
    const [before, after] = [round4(76 / 90), round4(77 / 90)];
    expect(after - before).toBeGreaterThan(1 / 90); // what the guard must not be fooled by
    const v = fineTuneVerdict(record([[before, after], [before, after], [before, after]]));
    expect(v.seeds.map((s) => s.gainImages)).toEqual([1, 1, 1]);
    expect(v.answer).toBe('no clear difference');
  });
  test('a gain of zero is written "0", never "±0"', () => {
    const text = describeFineTuneVerdict(fineTuneVerdict(record([[0.8, 0.8], [0.8, 0.8111]])));
    expect(text).not.toContain('±');
    expect(text).toContain('(0 to +1)');
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
    expect(text).toContain('an epoch of fine-tuning took 1 s (1–1 s across seeds)');
  });
});

const committed = join(import.meta.dirname, '../../src/data/transfer/sample-flow.json');

describe.skipIf(!existsSync(committed))('the committed sample-flow run', () => {
  // Read inside the tests: a skipped describe still runs its body.
  const load = () => {
    const run = parseSampleFlow(JSON.parse(readFileSync(committed, 'utf8')));
    return { run, v: fineTuneVerdict(run) };
  };
  test('a seed that fell back has the head-only model\'s test confusion matrix; every accuracy is a whole number of images', () => {
    const { run, v } = load();
    for (const r of run.runs) {
      if (r.fineTuned.bestEpoch === 0) expect(r.fineTuned.testConfusion).toEqual(r.headOnly.testConfusion);
      for (const m of [r.headOnly, r.fineTuned]) {
        const correct = m.testAccuracy * v.testImages;
        expect(Math.abs(correct - Math.round(correct))).toBeLessThan(1e-2);
        expect(m.testConfusion.reduce((t, row, i) => t + (row[i] ?? 0), 0)).toBe(Math.round(correct));
      }
    }
    expect(v.fellBack).toBe(run.runs.filter((r) => r.fineTuned.bestEpoch === 0).length);
  });
  test('what the lesson says of the record: in one seed the fine-tuning training loss rose every epoch', () => {
    const { run } = load();
    const rising = run.runs.filter((r) => r.fineTuned.history.length >= 2 && r.fineTuned.history.every((h, i, all) => i === 0 || h.trainLoss > all[i - 1]!.trainLoss));
    expect(rising.length).toBeGreaterThanOrEqual(1);
  });
  test('the sentence states each seed as the file has it', () => {
    const { run, v } = load();
    const text = describeFineTuneVerdict(v);
    for (const r of run.runs) expect(text).toContain(`seed ${r.seed}: ${(100 * r.headOnly.testAccuracy).toFixed(1)} % → ${(100 * r.fineTuned.testAccuracy).toFixed(1)} %`);
  });
});
