// The one reader of the degradation lab's saved model that other widgets use (src/widgets/shared/saved-model.ts):
// what it says about a record the lab's own store encodes and decodes, and what it says when there is none.
import { describe, expect, test } from 'vitest';
import { cifarResNet } from '../../src/model/builders';
import { decodeSnapshot, encodeSnapshot } from '../../src/widgets/degradation-lab/store';
import { describeSavedModel, readSavedModel, savedModelInfo, savedWeights } from '../../src/widgets/shared/saved-model';

const spec = cifarResNet({ depth: 20, shortcut: 'plain', width: 8, numClasses: 10, inputShape: [28, 28, 1] });
const snapshot = { net: 'plain-20', spec, step: 340, validationError: 0.1234, weights: [{ name: 'a', values: new Float32Array([1, 2]) }, { name: 'b', values: new Float32Array([3]) }] };

describe('a saved model', () => {
  const saved = decodeSnapshot(encodeSnapshot(snapshot, new Date('2026-11-30T10:00:00Z')));

  test('is described by name, step, validation error and day, and a plain net is flagged as one', () => {
    const info = savedModelInfo(saved);
    expect(info).toEqual({ net: 'plain-20', plain: true, step: 340, validationError: 0.1234, savedAt: '2026-11-30T10:00:00.000Z' });
    expect(describeSavedModel(info)).toBe('plain-20 (step 340, validation error 12.3 %, saved 30 Nov 2026)');
    expect(savedModelInfo({ ...saved, net: 'res-56' }).plain).toBe(false);
  });

  test('hands its weights over by name, the arrays themselves', () => {
    const w = savedWeights(saved);
    expect([...w.keys()]).toEqual(['a', 'b']);
    expect(w.get('a')).toBe(saved.weights[0]!.values);
  });
});

test('without IndexedDB there is no saved model, and the reason says so', async () => {
  expect(await readSavedModel(undefined)).toEqual({ saved: false, reason: 'this browser offers no IndexedDB here' });
});
