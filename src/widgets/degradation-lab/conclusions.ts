/**
 * What the lesson concludes from our reference runs, computed from the run files so that the words change when the
 * data does. Each conclusion compares two networks' final training error (the smoothed minibatch error at the last
 * step, the paper's Fig. 6 quantity) seed by seed, and says in how many seeds a claim holds, by how much on average,
 * and the spread across seeds. Pure: no Astro, no tfjs; tests/unit/degradation-conclusions.test.ts checks it against
 * the JSON.
 */
import { trailingMean } from '../../model/training/curves';
import type { ReferenceRunFile } from './series';

export interface SeedGap {
  seed: number;
  /** Final training errors (fractions) of the two nets. */
  a: number;
  b: number;
  /** a − b, in fractions. */
  gap: number;
}

export interface Comparison {
  a: string;
  b: string;
  /** Seeds in which both nets finished their runs. */
  seeds: SeedGap[];
  /** The claim checked: `a` ends `higher` (worse) or `lower` (better) than `b`. */
  claim: 'higher' | 'lower';
  /** Seeds in which the claim holds. */
  holds: number;
  meanGap: number;
  minGap: number;
  maxGap: number;
}

/** A network's final smoothed training error in one run, or undefined if it did not finish there. */
export function finalTrainingError(run: ReferenceRunFile, net: string): number | undefined {
  const r = run.runs.find((x) => x.name === net) as (ReferenceRunFile['runs'][number] & { status?: string }) | undefined;
  if (!r || (r.status !== undefined && r.status !== 'finished') || r.curves.error.length < run.config.steps) return undefined;
  return trailingMean(r.curves.error, run.config.smoothing).at(-1);
}

/** Compares `a` with `b` in every seed where both finished. */
export function compareNets(runs: readonly ReferenceRunFile[], a: string, b: string, claim: 'higher' | 'lower'): Comparison {
  const seeds: SeedGap[] = [];
  for (const run of runs) {
    const [ea, eb] = [finalTrainingError(run, a), finalTrainingError(run, b)];
    if (ea !== undefined && eb !== undefined) seeds.push({ seed: run.seeds[0]!, a: ea, b: eb, gap: ea - eb });
  }
  const gaps = seeds.map((s) => s.gap);
  return {
    a,
    b,
    seeds,
    claim,
    holds: seeds.filter((s) => (claim === 'higher' ? s.gap > 0 : s.gap < 0)).length,
    meanGap: gaps.length ? gaps.reduce((x, y) => x + y, 0) / gaps.length : NaN,
    minGap: Math.min(...gaps),
    maxGap: Math.max(...gaps),
  };
}

const points = (v: number) => `${(100 * Math.abs(v)).toFixed(1)}`;
const count = (n: number) => (n === 0 ? 'none' : String(n));

/** How a net is named in prose: plain-56 → "plain-56", res-56 → "ResNet-56". */
export const netLabel = (net: string) => net.replace(/^res-/, 'ResNet-');

/**
 * The comparison in one sentence, e.g. "plain-56 ends with a higher training error than plain-20 in 3 of 3 seeds,
 * by 4.1 points on average (2.9 to 5.6 across seeds)." Seed-by-seed gaps are signed as a − b.
 */
export function describeComparison(c: Comparison): string {
  const [a, b] = [netLabel(c.a), netLabel(c.b)];
  const n = c.seeds.length;
  if (n === 0) return `We have no finished run with both ${a} and ${b}.`;
  const word = c.claim === 'higher' ? 'higher' : 'lower';
  const each = n > 1 ? ` (${signed(c.minGap)} to ${signed(c.maxGap)} points across seeds, as ${a} minus ${b})` : '';
  if (c.holds === n) return `${a} ends with a ${word} training error than ${b} in ${n === 1 ? 'our one seed' : `all ${n} seeds`}, by ${points(c.meanGap)} points on average${each}.`;
  return `${a} ends with a ${word} training error than ${b} in ${count(c.holds)} of ${n} seeds; on average ${a} ends ${points(c.meanGap)} points ${c.meanGap > 0 ? 'higher' : 'lower'}${each}.`;
}

const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${points(v)}`;

/** The paper's Fig. 6 result, both halves, in our runs: deeper plain worse AND deeper residual better, in every seed (at least 3). */
export function reproducesFig6(runs: readonly ReferenceRunFile[], shallow = 20, deep = 56): { plain: Comparison; residual: Comparison; both: boolean } {
  const plain = compareNets(runs, `plain-${deep}`, `plain-${shallow}`, 'higher');
  const residual = compareNets(runs, `res-${deep}`, `res-${shallow}`, 'lower');
  const all = (c: Comparison) => c.seeds.length >= 3 && c.holds === c.seeds.length;
  return { plain, residual, both: all(plain) && all(residual) };
}
