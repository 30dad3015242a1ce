// The committed sample-flow record (npm run transfer) is what it claims: every seed ran, each model's test accuracy
// is its confusion matrix's diagonal, each kept epoch has the lowest validation loss of its run, fine-tuning (which
// counts its head-only start as epoch 0) never ends worse on validation than head-only, nothing leaked, and the
// findings a lesson may state follow from the runs.
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

  test('the findings follow from the runs', () => {
    const f = sampleFlowFindings(record);
    expect(f.seeds).toBe(record.seeds.length);
    expect(f.helped + f.hurt + f.tied).toBe(f.seeds);
    expect(f.gains).toEqual(record.runs.map((r) => r.fineTuned.testAccuracy - r.headOnly.testAccuracy));
    expect(f.verdict === 'helped').toBe(f.gains.every((g) => g > 0));
    expect(f.headOnlyTest.min).toBeLessThanOrEqual(f.headOnlyTest.mean);
  });
});
