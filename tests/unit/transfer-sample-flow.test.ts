// The committed sample-flow record (npm run transfer) is what it claims: every seed ran, each model's test accuracy
// is its confusion matrix's diagonal, each kept epoch has the lowest validation loss of its run, fine-tuning (which
// counts its head-only start as epoch 0) never ends worse on validation than head-only, a seed that fell back to that
// start has the head-only test numbers, nothing leaked, and the findings a lesson may state follow from the runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseSampleFlow, sampleFlowFindings } from '../../src/model/transfer/sample-flow';

const record = parseSampleFlow(JSON.parse(readFileSync(join(import.meta.dirname, '../../src/data/transfer/sample-flow.json'), 'utf8')));

describe('the committed transfer sample flow', () => {
  test('ran every seed it names, on the sample classes, with no leaked tensors, from a clean commit', () => {
    expect(record.runs.map((r) => r.seed)).toEqual(record.seeds);
    expect(record.leakedTensors).toBe(0);
    expect(record.git.dirty).toBe(false);
  });

  test.each(record.runs.map((r) => [r.seed, r] as const))('seed %i: test accuracy is the confusion diagonal; kept epochs have the lowest validation loss', (_seed, run) => {
    const k = record.data.classes.length;
    for (const m of [run.headOnly, run.fineTuned]) {
      const total = m.testConfusion.flat().reduce((a, b) => a + b, 0);
      expect(total).toBe(k * record.data.testPerClass);
      expect(m.testAccuracy).toBeCloseTo(m.testConfusion.reduce((a, row, i) => a + row[i]!, 0) / total, 4);
    }
    const headLosses = run.headOnly.history.map((s) => s.validationLoss);
    expect(run.headOnly.validationLoss).toBe(Math.min(...headLosses));
    expect(headLosses[run.headOnly.bestEpoch - 1]).toBe(run.headOnly.validationLoss);
    // Fine-tuning's epoch 0 is the head-only model: it keeps that unless an epoch beats it.
    const tunedLosses = [run.headOnly.validationLoss, ...run.fineTuned.history.map((s) => s.validationLoss)];
    expect(run.fineTuned.validationLoss).toBe(Math.min(...tunedLosses));
    expect(run.fineTuned.validationLoss).toBeLessThanOrEqual(run.headOnly.validationLoss);
  });

  test.each(record.runs.filter((r) => r.fineTuned.bestEpoch === 0).map((r) => [r.seed, r] as const))('seed %i fell back to the head-only model: its test numbers are the head-only ones', (_seed, run) => {
    expect(run.fineTuned.testConfusion).toEqual(run.headOnly.testConfusion);
    expect(run.fineTuned.testAccuracy).toBe(run.headOnly.testAccuracy);
    expect(run.fineTuned.validationLoss).toBe(run.headOnly.validationLoss);
  });

  test('the findings follow from the runs (recounted from the confusion matrices)', () => {
    const f = sampleFlowFindings(record);
    const correct = (m: number[][]) => m.reduce((a, row, i) => a + row[i]!, 0);
    const total = record.data.classes.length * record.data.testPerClass;
    const kept = record.runs.filter((r) => r.fineTuned.bestEpoch > 0);
    const diff = (r: (typeof record.runs)[number]) => correct(r.fineTuned.testConfusion) - correct(r.headOnly.testConfusion);
    expect(f.seeds).toBe(record.seeds.length);
    expect(f.fellBack).toBe(record.runs.length - kept.length);
    expect(f.helped).toBe(kept.filter((r) => diff(r) > 0).length);
    expect(f.hurt).toBe(kept.filter((r) => diff(r) < 0).length);
    expect(f.tied).toBe(kept.filter((r) => diff(r) === 0).length);
    for (const [i, r] of record.runs.entries()) expect(f.gains[i]).toBeCloseTo(diff(r) / total, 4);
    const headAcc = record.runs.map((r) => correct(r.headOnly.testConfusion) / total);
    expect(f.headOnlyTest.min).toBeCloseTo(Math.min(...headAcc), 4);
    expect(f.headOnlyTest.max).toBeCloseTo(Math.max(...headAcc), 4);
    expect(f.headOnlyTest.mean).toBeCloseTo(headAcc.reduce((a, b) => a + b, 0) / headAcc.length, 4);
    expect(f.verdict).toBe(record.runs.every((r) => diff(r) > 0) ? 'helped' : record.runs.every((r) => diff(r) < 0) ? 'hurt' : 'mixed or no change');
  });
});

describe('the committed record’s per-image test predictions and its forced fine-tuned model', () => {
  const labels = record.data.testLabels!;
  const k = record.data.classes.length;
  const confusionOf = (predictions: number[]) => {
    const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    labels.forEach((y, i) => m[y]![predictions[i]!]!++);
    return m;
  };
  const correct = (predictions: number[]) => labels.filter((y, i) => predictions[i] === y).length;

  test('it has the test labels, one per test image, and every model’s predictions', () => {
    expect(labels).toHaveLength(k * record.data.testPerClass);
    for (const r of record.runs) for (const m of [r.headOnly, r.fineTuned, r.fineTunedForced]) expect(m?.testPredictions).toHaveLength(labels.length);
  });

  test.each(record.runs.map((r) => [r.seed, r] as const))('seed %i: predictions give the confusion matrices; the forced model is the fine-tuned epoch ≥ 1 with the lowest validation loss', (_seed, run) => {
    const forced = run.fineTunedForced!;
    for (const m of [run.headOnly, run.fineTuned, forced]) expect(confusionOf(m.testPredictions!)).toEqual(m.testConfusion);
    const losses = run.fineTuned.history.map((s) => s.validationLoss);
    expect(forced.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(forced.validationLoss).toBe(Math.min(...losses));
    expect(losses[forced.bestEpoch - 1]).toBe(forced.validationLoss);
    // The procedure kept a fine-tuned epoch: then it is the forced one. It fell back: its predictions are head-only's.
    if (run.fineTuned.bestEpoch > 0) expect(forced.testPredictions).toEqual(run.fineTuned.testPredictions);
    else expect(run.fineTuned.testPredictions).toEqual(run.headOnly.testPredictions);
  });

  test('the forced and discordant findings, recounted image by image', () => {
    const f = sampleFlowFindings(record);
    const recount = (tuned: (r: (typeof record.runs)[number]) => number[]) => {
      const perSeed = record.runs.map((r) => ({
        seed: r.seed,
        fixed: labels.filter((y, i) => r.headOnly.testPredictions![i] !== y && tuned(r)[i] === y).length,
        broken: labels.filter((y, i) => r.headOnly.testPredictions![i] === y && tuned(r)[i] !== y).length,
      }));
      const some = (which: 'fixed' | 'broken') =>
        labels.filter((y, i) => record.runs.some((r) => (which === 'fixed' ? r.headOnly.testPredictions![i] !== y && tuned(r)[i] === y : r.headOnly.testPredictions![i] === y && tuned(r)[i] !== y))).length;
      return { perSeed, fixed: perSeed.reduce((a, s) => a + s.fixed, 0), broken: perSeed.reduce((a, s) => a + s.broken, 0), imagesFixed: some('fixed'), imagesBroken: some('broken') };
    };
    expect(f.discordant!.fineTuned).toEqual(recount((r) => r.fineTuned.testPredictions!));
    expect(f.discordant!.forced).toEqual(recount((r) => r.fineTunedForced!.testPredictions));
    // Fixed minus broken is the change in correct images, seed by seed.
    for (const [i, r] of record.runs.entries()) {
      const gain = correct(r.fineTunedForced!.testPredictions) - correct(r.headOnly.testPredictions!);
      expect(f.forced!.gainImages[i]).toBe(gain);
      expect(f.discordant!.forced.perSeed[i]!.fixed - f.discordant!.forced.perSeed[i]!.broken).toBe(gain);
    }
    expect(f.forced!.epochs).toEqual(record.runs.map((r) => r.fineTunedForced!.bestEpoch));
    expect([f.forced!.helped, f.forced!.hurt, f.forced!.tied]).toEqual(['>', '<', '='].map((op) => f.forced!.gainImages.filter((g) => (op === '>' ? g > 0 : op === '<' ? g < 0 : g === 0)).length));
    expect(f.forced!.test.mean).toBeCloseTo(record.runs.reduce((a, r) => a + r.fineTunedForced!.testAccuracy, 0) / record.runs.length, 4);
  });
});

describe('sampleFlowFindings on made-up runs', () => {
  const base = record.runs[0]!;
  const run = (seed: number, bestEpoch: number, headAcc: number, tunedAcc: number) => ({
    ...base,
    seed,
    headOnly: { ...base.headOnly, testAccuracy: headAcc },
    fineTuned: { ...base.fineTuned, bestEpoch, testAccuracy: tunedAcc },
  });

  test('a seed that fell back (bestEpoch 0) is counted apart, not as a tie', () => {
    const f = sampleFlowFindings({ ...record, seeds: [1, 2, 3, 4], runs: [run(1, 0, 0.8, 0.8), run(2, 3, 0.8, 0.8), run(3, 2, 0.7, 0.9), run(4, 5, 0.9, 0.8)] });
    expect([f.fellBack, f.tied, f.helped, f.hurt]).toEqual([1, 1, 1, 1]);
    expect(f.verdict).toBe('mixed or no change');
  });

  test('the verdict is "helped" only when every seed gained', () => {
    expect(sampleFlowFindings({ ...record, seeds: [1, 2], runs: [run(1, 2, 0.7, 0.8), run(2, 1, 0.7, 0.75)] }).verdict).toBe('helped');
    expect(sampleFlowFindings({ ...record, seeds: [1, 2], runs: [run(1, 2, 0.7, 0.8), run(2, 0, 0.7, 0.7)] }).verdict).toBe('mixed or no change');
  });

  test('discordant images: fixed and broken per seed, summed, and distinct images over seeds', () => {
    const labels = [0, 1, 2, 0];
    const model = (testPredictions: number[]) => ({ ...base.headOnly, testPredictions });
    const forced = (testPredictions: number[]) => ({ bestEpoch: 1, validationLoss: 0, validationAccuracy: 0, testAccuracy: 0, testConfusion: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], testPredictions });
    const made = {
      ...record,
      seeds: [1, 2],
      data: { ...record.data, testLabels: labels },
      runs: [
        // seed 1: image 1 and 3 fixed, image 2 broken. seed 2: image 1 fixed again, nothing broken.
        { ...base, seed: 1, headOnly: model([0, 0, 2, 1]), fineTuned: model([0, 0, 2, 1]), fineTunedForced: forced([0, 1, 1, 0]) },
        { ...base, seed: 2, headOnly: model([0, 2, 2, 0]), fineTuned: model([0, 1, 2, 0]), fineTunedForced: forced([0, 1, 2, 0]) },
      ],
    };
    const d = sampleFlowFindings(made).discordant!;
    expect(d.forced).toEqual({ perSeed: [{ seed: 1, fixed: 2, broken: 1 }, { seed: 2, fixed: 1, broken: 0 }], fixed: 3, broken: 1, imagesFixed: 2, imagesBroken: 1 });
    expect(d.fineTuned).toEqual({ perSeed: [{ seed: 1, fixed: 0, broken: 0 }, { seed: 2, fixed: 1, broken: 0 }], fixed: 1, broken: 0, imagesFixed: 1, imagesBroken: 0 });
    expect(() => parseSampleFlow({ ...made, data: { ...made.data, testLabels: [0, 1] } })).toThrow(/per-image predictions/);
  });

  test('a record without per-image predictions or the forced model has no such findings', () => {
    const old = { ...record, data: { ...record.data, testLabels: undefined }, runs: record.runs.map((r) => ({ ...r, fineTunedForced: undefined, headOnly: { ...r.headOnly, testPredictions: undefined } })) };
    expect(sampleFlowFindings(old).forced).toBeNull();
    expect(sampleFlowFindings(old).discordant).toBeNull();
  });
});
