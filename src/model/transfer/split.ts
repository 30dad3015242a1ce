/**
 * The validation split of a transfer-learning run: which of the reader's images train the head and which choose it.
 * Pure (no tfjs), seeded with the trainers' own generator (training/random.ts), so a worker, a script and a test
 * given the same labels and seed hold out the same images.
 */
import { deriveSeed, mulberry32, shuffleInPlace } from '../training/random';

export interface IndexSplit {
  /** Indices of the examples to train on, ascending. */
  train: number[];
  /** Indices of the held-out examples that choose the best epoch, ascending. Never trained on. */
  validation: number[];
}

/**
 * Splits examples by their labels, class by class: each class gives round(fraction · its count) examples to
 * validation, but at least one when it has two or more (so every class is checked, however small) and never all of
 * them (so every class is trained on). Deterministic: a function of the labels and the seed; one generator per class,
 * so adding images to one class does not change which images another class holds out.
 *
 * With `validationFraction` 0 everything trains. A class with a single example cannot be split, and the error says
 * which class it is.
 */
export function stratifiedSplit(labels: ArrayLike<number>, validationFraction: number, seed: number): IndexSplit {
  if (!(Number.isFinite(validationFraction) && validationFraction >= 0 && validationFraction < 1))
    throw new Error(`stratifiedSplit: the validation fraction must be in [0, 1), got ${String(validationFraction)}`);
  if (!Number.isInteger(seed)) throw new Error(`stratifiedSplit: the seed must be an integer, got ${String(seed)}`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (!(Number.isInteger(y) && y >= 0)) throw new Error(`stratifiedSplit: label ${String(y)} of example ${i} is not a class index (an integer ≥ 0)`);
    let members = byClass.get(y);
    if (!members) byClass.set(y, (members = []));
    members.push(i);
  }
  const held = new Uint8Array(labels.length);
  if (validationFraction > 0) {
    for (const [c, members] of [...byClass].sort((a, b) => a[0] - b[0])) {
      if (members.length < 2)
        throw new Error(`stratifiedSplit: class ${c} has only ${members.length} example; a validation split needs at least 2 per class (add an image to class ${c}, or train without validation)`);
      const quota = Math.min(members.length - 1, Math.max(1, Math.round(validationFraction * members.length)));
      const chosen = shuffleInPlace([...members], mulberry32(deriveSeed(seed, 'transfer-validation', c))).slice(0, quota);
      for (const i of chosen) held[i] = 1;
    }
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < labels.length; i++) (held[i] ? validation : train).push(i);
  return { train, validation };
}
