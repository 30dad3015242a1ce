/**
 * What the evidence lesson says about our training runs, computed from them: post- against pre-activation ResNet-56
 * (src/data/runs/{postact,preact}-56-seed*.json) and the same net with and without the zero-γ start (the degradation
 * recipe runs against the post-activation ones), each paired by training seed. Every sentence follows the data's
 * direction and says how many seeds it rests on. Pure; tests/unit/evidence-claims.test.ts checks it against the JSON.
 */
import { trailingMean } from '../../model/training/curves';
import type { DegradationRecord } from '../../model/training/record';
import type { Locale } from '../../i18n/locales';
import { mean } from './numbers';
import { strings } from './strings';

// ---------------------------------------------------------------------------------------------------------------
// Post- vs pre-activation (He et al. 2016b), paired by training seed
// ---------------------------------------------------------------------------------------------------------------

export type PreactMetric = 'train' | 'test';

export interface PreactSeed {
  seed: number;
  /** Final smoothed training error (the trailing mean of the last minibatch errors) and test error at the last step. */
  post: { train: number; test: number; testExamples: number };
  pre: { train: number; test: number; testExamples: number };
}

export interface PreactComparison {
  depth: number;
  steps: number;
  seeds: PreactSeed[];
  /** Seeds with a post-activation run but no finished pre-activation partner, or the other way round. */
  unpaired: number[];
  /** Wall-clock minutes of the shortest and the longest run (one net, one seed) on the machine that trained them. */
  minutes: [number, number];
}

function finalOf(run: DegradationRecord, net: string): { train: number; test: number; testExamples: number } | undefined {
  const r = run.runs.find((x) => x.name === net);
  if (!r || r.status !== 'finished' || r.curves.error.length < run.config.steps) return undefined;
  const test = r.evaluations.find((e) => e.step === run.config.steps && e.mode === 'inference');
  if (!test) return undefined;
  return { train: trailingMean(r.curves.error, run.config.smoothing).at(-1)!, test: test.error, testExamples: test.examples };
}

/** Post-activation `res-<depth>` runs against pre-activation `preres-<depth>` runs of the same seeds. */
export function comparePreact(post: readonly DegradationRecord[], pre: readonly DegradationRecord[], depth = 56): PreactComparison {
  const seedOf = (r: DegradationRecord) => r.seeds[0]!;
  const all = [...new Set([...post, ...pre].map(seedOf))].sort((a, b) => a - b);
  const seeds: PreactSeed[] = [];
  const unpaired: number[] = [];
  for (const seed of all) {
    const a = post.find((r) => seedOf(r) === seed);
    const b = pre.find((r) => seedOf(r) === seed);
    const [pa, pb] = [a && finalOf(a, `res-${depth}`), b && finalOf(b, `preres-${depth}`)];
    if (pa && pb) seeds.push({ seed, post: pa, pre: pb });
    else unpaired.push(seed);
  }
  const minutes = [...post, ...pre].map((r) => r.wallSeconds / 60 / r.runs.length);
  return { depth, steps: post[0]?.config.steps ?? pre[0]?.config.steps ?? 0, seeds, unpaired, minutes: [Math.min(...minutes), Math.max(...minutes)] };
}

export interface PreactGap {
  metric: PreactMetric;
  n: number;
  postMean: number;
  preMean: number;
  /** pre − post, per seed, in fractions. */
  gaps: number[];
  meanGap: number;
  /** Seeds in which pre-activation ends lower. */
  preLower: number;
  /** Test images each test error is measured on (metric `test`). */
  examples?: number;
  /** The larger of the two designs' seed-to-seed ranges (max − min over seeds); 0 with one seed. */
  seedSpread: number;
}

const spreadOf = (v: readonly number[]) => (v.length > 1 ? Math.max(...v) - Math.min(...v) : 0);

export function preactGap(c: PreactComparison, metric: PreactMetric): PreactGap {
  const gaps = c.seeds.map((s) => s.pre[metric] - s.post[metric]);
  return {
    metric,
    n: c.seeds.length,
    postMean: mean(c.seeds.map((s) => s.post[metric])),
    preMean: mean(c.seeds.map((s) => s.pre[metric])),
    gaps,
    meanGap: mean(gaps),
    preLower: gaps.filter((g) => g < 0).length,
    seedSpread: Math.max(spreadOf(c.seeds.map((s) => s.post[metric])), spreadOf(c.seeds.map((s) => s.pre[metric]))),
    ...(metric === 'test' && c.seeds.length ? { examples: Math.min(...c.seeds.flatMap((s) => [s.post.testExamples, s.pre.testExamples])) } : {}),
  };
}

/**
 * "In final training error, the pre-activation ResNet-56 ends at 14.0 % and the post-activation one at 15.1 % (mean
 * of 3 seeds); pre-activation is lower in all 3 seeds, by 1.1 points on average (−2.0 to −0.3 per seed)." With one
 * seed it says that one seed cannot separate a difference from seed-to-seed noise.
 */
export function describePreact(g: PreactGap, locale: Locale = 'en'): string {
  const t = strings[locale];
  const examples = g.examples ?? 0;
  if (g.n === 0) return t.noPreactPair(g.metric, examples);
  // The sampling error of one error rate p measured on n images, √(p(1 − p)/n): how far the test set alone moves it.
  const samplingError = g.metric === 'test' && g.examples ? Math.sqrt((g.postMean * (1 - g.postMean)) / g.examples) : null;
  const agree = g.meanGap < 0 ? g.preLower : g.n - g.preLower;
  const verdict = agree !== g.n ? 'signs' : Math.abs(g.meanGap) <= g.seedSpread ? 'spread' : 'none';
  return t.preact({ metric: g.metric, examples, n: g.n, preMean: g.preMean, postMean: g.postMean, meanGap: g.meanGap, gaps: g.gaps, agree, verdict, seedSpread: g.seedSpread, samplingError });
}

// ---------------------------------------------------------------------------------------------------------------
// Identity at initialisation: the same residual net with and without the zero-γ start, paired by training seed
// ---------------------------------------------------------------------------------------------------------------

/**
 * ResNet-<depth> with the zero-γ start (the degradation recipe runs, `--zero-init`) against the same net without it
 * (the post-activation runs: the same data, initialiser, schedule and settings but that flag), paired by training
 * seed, plus every recipe seed's result, since the recipe has more seeds than the runs without the start. The two were
 * made at different commits (`commits`): nothing in the records shows that the initial weights other than those γ
 * were the same, so this is not a strict ablation. Metric `train`: the final smoothed training error.
 */
export function compareZeroInit(
  withZero: readonly DegradationRecord[],
  without: readonly DegradationRecord[],
  depth = 56,
): PreactGap & {
  seeds: number[];
  withoutBelowPlain: number;
  /** Every recipe seed: ResNet-<depth> with the zero-γ start and plain-<depth>, final training error. */
  recipe: { seed: number; zero: number; plainNet: number }[];
  /** The git commits (7 characters, `+dirty` when the tree had uncommitted changes) of the runs with and without. */
  commits: { with: string[]; without: string[] };
} {
  const net = `res-${depth}`;
  const pairs = withZero.flatMap((a) => {
    const b = without.find((r) => r.seeds[0] === a.seeds[0]);
    const [fa, fb] = [finalOf(a, net), b && finalOf(b, net)];
    const plainNet = finalOf(a, `plain-${depth}`);
    return fa && fb && a.config.zeroInitResidual && !b!.config.zeroInitResidual ? [{ seed: a.seeds[0]!, zero: fa.train, plain: fb.train, plainNet: plainNet?.train }] : [];
  });
  const recipe = withZero.flatMap((a) => {
    const [fa, fp] = [finalOf(a, net), finalOf(a, `plain-${depth}`)];
    return fa && fp && a.config.zeroInitResidual ? [{ seed: a.seeds[0]!, zero: fa.train, plainNet: fp.train }] : [];
  });
  const commit = (r: DegradationRecord) => `${(r.git.commit ?? 'unknown').slice(0, 7)}${r.git.dirty ? '+dirty' : ''}`;
  const paired = new Set(pairs.map((p) => p.seed));
  const gaps = pairs.map((p) => p.zero - p.plain);
  return {
    metric: 'train',
    n: pairs.length,
    postMean: mean(pairs.map((p) => p.plain)),
    preMean: mean(pairs.map((p) => p.zero)),
    gaps,
    meanGap: mean(gaps),
    preLower: gaps.filter((g) => g < 0).length,
    seeds: pairs.map((p) => p.seed),
    seedSpread: Math.max(spreadOf(recipe.map((p) => p.zero)), spreadOf(pairs.map((p) => p.plain))),
    withoutBelowPlain: pairs.filter((p) => p.plainNet !== undefined && p.plain < p.plainNet).length,
    recipe,
    commits: {
      with: [...new Set(withZero.filter((r) => recipe.some((p) => p.seed === r.seeds[0])).map(commit))],
      without: [...new Set(without.filter((r) => paired.has(r.seeds[0]!)).map(commit))],
    },
  };
}

/**
 * "With the zero-γ start, ResNet-56 ends at 14.6–15.0 % final training error (recipe seeds 1, 2 and 3); without it, at
 * 11.6 % (seed 1 only). …"
 */
export function describeZeroInit(g: ReturnType<typeof compareZeroInit>, depth = 56, locale: Locale = 'en'): string {
  const t = strings[locale];
  if (g.n === 0) return t.noZeroInitPair(depth);
  const zero = g.recipe.map((r) => r.zero);
  // The larger of the two groups' seed-to-seed ranges (0 for a group of one seed).
  const spread = g.seedSpread;
  const gap = g.postMean - mean(zero);
  return t.zeroInit({
    depth,
    zero,
    recipeSeeds: g.recipe.map((r) => r.seed),
    withoutMean: g.postMean,
    withoutSeeds: g.seeds,
    gap,
    beyond: zero.length > 1 && spread > 0 && Math.abs(gap) > spread,
    spread,
    n: g.n,
    withoutBelowPlain: g.withoutBelowPlain,
    plainNets: g.recipe.map((r) => r.plainNet),
    commits: g.commits,
    dirty: [...g.commits.with, ...g.commits.without].some((c) => c.endsWith('+dirty')),
  });
}

/**
 * The comparison in a few words, for a summary table: whether pre-activation ends lower than post-activation in both
 * training and test error in every paired seed (at least 3, the mean gap beyond one design's seed spread), the
 * reverse, or neither.
 */
export function preactVerdict(train: PreactGap, test: PreactGap, locale: Locale = 'en'): string {
  const t = strings[locale];
  const n = train.n;
  if (n === 0) return t.verdictNone;
  if (n < 3) return t.verdictTooFew(n);
  const lower = (g: PreactGap) => g.preLower === g.n && Math.abs(g.meanGap) > g.seedSpread;
  const higher = (g: PreactGap) => g.preLower === 0 && Math.abs(g.meanGap) > g.seedSpread;
  if (lower(train) && lower(test)) return t.verdictLower(n);
  if (higher(train) && higher(test)) return t.verdictHigher(n);
  return t.verdictDisagree(n);
}
