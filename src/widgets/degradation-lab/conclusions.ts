/**
 * What the lesson concludes from our reference runs, computed from the run files so that the words change when the
 * data does. Each conclusion compares two networks' final training error (the smoothed minibatch error at the last
 * step, the paper's Fig. 6 quantity) seed by seed, and says in how many seeds a claim holds, by how much on average,
 * and the spread across seeds. Pure: no Astro, no tfjs; tests/unit/degradation-conclusions.test.ts checks it against
 * the JSON.
 */
import { trailingMean } from '../../model/training/curves';
import type { DegradationRecord } from '../../model/training/record';
import { strings } from './strings';

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
export function finalTrainingError(run: DegradationRecord, net: string): number | undefined {
  const r = run.runs.find((x) => x.name === net);
  if (!r || r.status !== 'finished' || r.curves.error.length < run.config.steps) return undefined;
  return trailingMean(r.curves.error, run.config.smoothing).at(-1);
}

/**
 * Compares `a` with `b` in every seed where both finished. `runsB` reads `b` from another family of runs with the
 * same seeds (an ablation), paired seed by seed.
 */
export function compareNets(runs: readonly DegradationRecord[], a: string, b: string, claim: 'higher' | 'lower', runsB?: readonly DegradationRecord[]): Comparison {
  const seeds: SeedGap[] = [];
  for (const run of runs) {
    const other = runsB ? runsB.find((r) => r.seeds[0] === run.seeds[0]) : run;
    if (!other) continue;
    const [ea, eb] = [finalTrainingError(run, a), finalTrainingError(other, b)];
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
const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${points(v)}`;

/** How a net is named in prose: plain-56 → "plain-56", res-56 → "ResNet-56". */
export const netLabel = (net: string) => net.replace(/^res-/, 'ResNet-');

/** Seed-to-seed spread (max − min of its final training error) of one net over the seeds compared. */
export function seedSpread(c: Comparison): number {
  const range = (v: number[]) => (v.length > 1 ? Math.max(...v) - Math.min(...v) : 0);
  return Math.max(range(c.seeds.map((s) => s.a)), range(c.seeds.map((s) => s.b)));
}

/**
 * The comparison in one sentence, told in the direction the data points (not the claim's), e.g. "plain-56 ends with
 * a higher training error than plain-20 in all 3 seeds, by 15.2 points on average (+14.4 to +16.0 points across
 * seeds, as plain-56 minus plain-20)." It says when seeds are missing, when the two tie, and when the mean gap is no
 * larger than one net's seed-to-seed spread (then it is not called a difference). `familySeeds`: how many seeds the
 * family has, so that a seed where one net did not finish is not silently dropped.
 */
export function describeComparison(c: Comparison, familySeeds = c.seeds.length, labels?: readonly [string, string], t = strings.en): string {
  const [a, b] = labels ?? [netLabel(c.a), netLabel(c.b)];
  const n = c.seeds.length;
  const spread = seedSpread(c);
  // The numbers are computed here; the sentence around them is the language's (strings.ts `comparison`).
  return t.comparison({
    a,
    b,
    n,
    familySeeds,
    points: points(c.meanGap),
    higher: c.meanGap > 0,
    min: signed(c.minGap),
    max: signed(c.maxGap),
    agree: c.seeds.filter((s) => (c.meanGap > 0 ? s.gap > 0 : s.gap < 0)).length,
    tie: Math.abs(c.meanGap) < 0.0005,
    noise: n > 1 && Math.abs(c.meanGap) <= spread ? points(spread) : undefined,
  });
}

/**
 * The paper's Fig. 6 result (left and middle panels), in our runs: the deeper plain net ends worse AND the deeper
 * residual net ends better, in every seed that has all four nets (at least 3), each gap beyond the seed spread.
 */
export function reproducesFig6(
  runs: readonly DegradationRecord[],
  shallow = 20,
  deep = 56,
): { plain: Comparison; residual: Comparison; seeds: number[]; plainHolds: boolean; residualHolds: boolean; both: boolean } {
  const plain = compareNets(runs, `plain-${deep}`, `plain-${shallow}`, 'higher');
  const residual = compareNets(runs, `res-${deep}`, `res-${shallow}`, 'lower');
  const seeds = plain.seeds.map((s) => s.seed).filter((s) => residual.seeds.some((r) => r.seed === s));
  const holds = (c: Comparison) => {
    const mine = c.seeds.filter((s) => seeds.includes(s.seed));
    return mine.length === seeds.length && mine.every((s) => (c.claim === 'higher' ? s.gap > 0 : s.gap < 0)) && Math.abs(c.meanGap) > seedSpread(c);
  };
  const [plainHolds, residualHolds] = [seeds.length >= 3 && holds(plain), seeds.length >= 3 && holds(residual)];
  return { plain, residual, seeds, plainHolds, residualHolds, both: plainHolds && residualHolds };
}
