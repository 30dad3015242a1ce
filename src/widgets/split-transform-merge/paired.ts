/**
 * The paired comparison of two networks on the same test images, and the sentence the lesson states about it.
 *
 * Two error rates measured on the same images are not independent: most images are right (or wrong) for both nets,
 * and only the images on which the nets disagree carry information about which net is better. So, per seed:
 * - the exact McNemar test: of the n discordant images (one net right, the other wrong), under "no difference" each
 *   is equally likely to favour either net, so the count favouring one net is Binomial(n, 1/2); the two-sided p-value
 *   is twice the smaller tail, capped at 1;
 * - the paired difference of the two error rates (ResNet minus ResNeXt, in points: positive means ResNeXt better).
 * Across seeds (independent trainings), the mean of the per-seed differences, their standard deviation and a 95 %
 * Student-t interval for the mean: the spread that training noise puts on the comparison, which one seed's McNemar
 * test cannot see.
 *
 * Pure: runs at build time and in Node tests.
 */
import { type SplitTransformMergeWords, strings } from './strings';

function fail(message: string): never {
  throw new Error(message);
}

/** ln(n!) by summing logarithms: exact enough (relative 1e-13) for the few thousand test images here. */
function logFactorial(n: number): number {
  let s = 0;
  for (let k = 2; k <= n; k++) s += Math.log(k);
  return s;
}

/**
 * Exact two-sided McNemar test on `b` discordant pairs favouring one net and `c` favouring the other:
 * p = min(1, 2 · P[X ≤ min(b, c)]) with X ~ Binomial(b + c, 1/2). With no discordant pairs there is no evidence
 * either way: p = 1.
 */
export function exactMcNemar(b: number, c: number): number {
  for (const [what, v] of [['b', b], ['c', c]] as const) if (!Number.isInteger(v) || v < 0) fail(`exactMcNemar: ${what} must be a non-negative integer, got ${v}`);
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  const lnN = logFactorial(n);
  const lnHalfN = n * Math.LN2;
  let lnFactK = 0; // ln k!, built up as k grows
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) lnFactK += Math.log(i);
    tail += Math.exp(lnN - lnFactK - logFactorial(n - i) - lnHalfN);
  }
  return Math.min(1, 2 * tail);
}

export interface PairedCounts {
  /** Test images compared. */
  examples: number;
  bothRight: number;
  bothWrong: number;
  /** Right for the first net (the ResNet) only. */
  onlyFirst: number;
  /** Right for the second net (the ResNeXt) only. */
  onlySecond: number;
}

/**
 * Image-by-image agreement of two nets' predictions with the labels. Each argument is a string of class digits, one
 * per test image in the same order (what `npm run experiment -- resnext` writes).
 */
export function pairedCounts(labels: string, first: string, second: string): PairedCounts {
  if (first.length !== labels.length || second.length !== labels.length) {
    fail(`pairedCounts: ${labels.length} labels but ${first.length} and ${second.length} predictions: the nets were not tested on the same images`);
  }
  const counts: PairedCounts = { examples: labels.length, bothRight: 0, bothWrong: 0, onlyFirst: 0, onlySecond: 0 };
  for (let i = 0; i < labels.length; i++) {
    const a = first[i] === labels[i];
    const b = second[i] === labels[i];
    if (a && b) counts.bothRight++;
    else if (a) counts.onlyFirst++;
    else if (b) counts.onlySecond++;
    else counts.bothWrong++;
  }
  return counts;
}

export interface SeedComparison extends PairedCounts {
  seed: number;
  /** Test error rates, as fractions. */
  firstError: number;
  secondError: number;
  /** firstError − secondError in percentage points: positive when the second net (ResNeXt) is better. */
  differencePoints: number;
  /** Exact McNemar p-value on the discordant images. */
  p: number;
}

export function compareSeed(seed: number, labels: string, first: string, second: string): SeedComparison {
  const c = pairedCounts(labels, first, second);
  const firstError = (c.bothWrong + c.onlySecond) / c.examples;
  const secondError = (c.bothWrong + c.onlyFirst) / c.examples;
  return { seed, ...c, firstError, secondError, differencePoints: (100 * (c.onlySecond - c.onlyFirst)) / c.examples, p: exactMcNemar(c.onlyFirst, c.onlySecond) };
}

/**
 * Two-sided 95 % quantiles of Student's t distribution, t(0.975; df) for df = 1 … 30 (standard tables, e.g. NIST/
 * SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2). The lesson has 5 seeds (df = 4).
 */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1 || df > T975.length) fail(`tQuantile975: df must be an integer from 1 to ${T975.length}, got ${df}`);
  return T975[df - 1]!;
}

export interface AcrossSeeds {
  seeds: number;
  /** Mean of the per-seed paired differences (points; positive: ResNeXt better). */
  meanPoints: number;
  /** Their sample standard deviation (n − 1): the seed-to-seed spread. */
  sdPoints: number;
  /** 95 % Student-t interval for the mean difference. */
  low: number;
  high: number;
  /** Seeds in which the second net (ResNeXt) had the lower test error, the higher, or the same. */
  secondBetter: number;
  firstBetter: number;
  same: number;
  /** Seeds whose McNemar p is below 0.05. */
  significantSeeds: number;
}

export function acrossSeeds(comparisons: readonly SeedComparison[]): AcrossSeeds {
  const n = comparisons.length;
  if (n < 2) fail(`acrossSeeds: the spread needs at least two seeds, got ${n}`);
  const d = comparisons.map((c) => c.differencePoints);
  const mean = d.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = (tQuantile975(n - 1) * sd) / Math.sqrt(n);
  return {
    seeds: n,
    meanPoints: mean,
    sdPoints: sd,
    low: mean - half,
    high: mean + half,
    secondBetter: d.filter((x) => x > 0).length,
    firstBetter: d.filter((x) => x < 0).length,
    same: d.filter((x) => x === 0).length,
    significantSeeds: comparisons.filter((c) => c.p < 0.05).length,
  };
}

export type Verdict = 'tie' | 'resnext' | 'resnet';

export interface Conclusion {
  verdict: Verdict;
  /** The lesson's sentence, e.g. "ResNeXt better by 1.2 ± 0.4 points …" or "A tie: …". */
  text: string;
  /** The short form for a table cell or a prediction's result. */
  short: string;
}

const points = (v: number) => `${v.toFixed(1)}`;
/** "p = 0.03", "p = 0.41", "p < 0.001". */
export const formatP = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`);
const signed = (v: number) => (v < 0 ? `−${points(-v)}` : points(v));

/**
 * What the runs say, in one sentence. The verdict is a win only when the 95 % interval of the mean paired difference
 * across seeds excludes zero: a gap smaller than the seed-to-seed spread is a tie, whatever one seed's McNemar test
 * says (McNemar sees the test-image noise of one trained net, not the training noise between seeds). Worded in `t`'s
 * language (English by default).
 */
export function conclude(comparisons: readonly SeedComparison[], names = { first: 'ResNet', second: 'ResNeXt' }, t: SplitTransformMergeWords = strings.en): Conclusion {
  const s = acrossSeeds(comparisons);
  const spread = t.spread(s.seeds, signed(s.low), signed(s.high));
  const mcnemar = t.mcnemar(s.significantSeeds, s.seeds);
  if (s.low > 0 || s.high < 0) {
    const winner = s.low > 0 ? names.second : names.first;
    const loser = s.low > 0 ? names.first : names.second;
    const wins = s.low > 0 ? s.secondBetter : s.firstBetter;
    const gap = Math.abs(s.meanPoints);
    return {
      verdict: s.low > 0 ? 'resnext' : 'resnet',
      short: t.winShort(winner, points(gap), points(s.sdPoints)),
      text: t.winText(winner, loser, points(gap), points(s.sdPoints), spread, wins, s.seeds, mcnemar),
    };
  }
  const ahead = s.meanPoints > 0 ? names.second : s.meanPoints < 0 ? names.first : null;
  return {
    verdict: 'tie',
    short: t.tieShort,
    text: t.tieText(ahead ? t.tieAhead(ahead, points(Math.abs(s.meanPoints)), points(s.sdPoints)) : t.tieZero(points(s.sdPoints)), spread, s.secondBetter, s.seeds, s.firstBetter, mcnemar),
  };
}
