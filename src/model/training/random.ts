/**
 * Seeded randomness for training: the same seed gives the same numbers on every machine and backend. Pure (no tfjs),
 * so the dataset script uses the same shuffles as the trainer.
 */

/** mulberry32: a tiny 32-bit generator, good enough for shuffling. Returns numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over `parts`: derives independent seeds (e.g. one per epoch) from one run seed. */
export function deriveSeed(seed: number, ...parts: (string | number)[]): number {
  let h = 2166136261 ^ (seed >>> 0);
  for (const part of parts) {
    const s = `/${part}`;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  }
  return h >>> 0;
}

/** Fisher–Yates shuffle of `items` in place, driven by `random`. Returns `items`. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(items: T, random: () => number): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** A seeded permutation of 0 … n−1. */
export function permutation(n: number, seed: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`permutation: n must be a non-negative integer, got ${JSON.stringify(n)}`);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(p, mulberry32(seed));
}
