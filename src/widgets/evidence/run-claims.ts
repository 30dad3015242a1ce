/**
 * What the evidence lesson says about our training runs, computed from them: post- against pre-activation ResNet-56
 * (src/data/runs/{postact,preact}-56-seed*.json) and the same net with and without the zero-γ start (the degradation
 * recipe runs against the post-activation ones), each paired by training seed. Every sentence follows the data's
 * direction and says how many seeds it rests on. Pure; tests/unit/evidence-claims.test.ts checks it against the JSON.
 */
import { trailingMean } from '../../model/training/curves';
import type { DegradationRecord } from '../../model/training/record';
import { inHowMany, mean, pct } from './claims';

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
export function describePreact(g: PreactGap): string {
  const what = g.metric === 'train' ? 'final training error (smoothed over the last minibatches)' : `test error at the last step (${(g.examples ?? 0).toLocaleString('en')} test images)`;
  if (g.n === 0) return `We have no seed with both a post- and a pre-activation run finished, so we claim nothing about the ${what}.`;
  const of = g.n === 1 ? 'in our one seed' : `mean of ${g.n} seeds`;
  const head = `In ${what}, the pre-activation net ends at ${pct(g.preMean)} and the post-activation one at ${pct(g.postMean)} (${of})`;
  // A gap that rounds to 0.0 points is printed without a sign (not "+0.0").
  const pts = (v: number) => `${Math.abs(v) < 0.0005 ? '' : v > 0 ? '+' : '−'}${(100 * Math.abs(v)).toFixed(1)}`;
  // The sampling error of one error rate p measured on n images, √(p(1 − p)/n): how far the test set alone moves it.
  const se = g.metric === 'test' && g.examples ? ` (one test error on ${g.examples.toLocaleString('en')} images has a sampling error of about ${(100 * Math.sqrt((g.postMean * (1 - g.postMean)) / g.examples)).toFixed(1)} points by itself)` : '';
  if (g.n === 1) return `${head}: a gap of ${pts(g.meanGap)} points (pre − post), which one seed cannot tell apart from seed-to-seed variation${se}.`;
  const lowerWord = g.meanGap < 0 ? 'lower' : 'higher';
  const agree = g.meanGap < 0 ? g.preLower : g.n - g.preLower;
  const consistent = agree === g.n;
  const perSeed = `${pts(Math.min(...g.gaps))} to ${pts(Math.max(...g.gaps))} points per seed, pre − post`;
  const verdict = !consistent
    ? ', so the sign is not the same in every seed and we do not call it a difference'
    : Math.abs(g.meanGap) <= g.seedSpread
      ? `; that is no larger than the seed-to-seed spread of one design (${(100 * g.seedSpread).toFixed(1)} points), so we do not call it a difference`
      : '';
  return `${head}; pre-activation is ${lowerWord} ${inHowMany(agree, g.n, 'seed')}, by ${(100 * Math.abs(g.meanGap)).toFixed(1)} points on average (${perSeed})${verdict}${se}.`;
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

const pctRange = (v: readonly number[]) => (v.length > 1 && pct(Math.min(...v)) !== pct(Math.max(...v)) ? `${pct(Math.min(...v))}–${pct(Math.max(...v))}`.replace(/ %–/, '–') : pct(v[0]!));
const seedWords = (k: readonly number[]) => (k.length === 1 ? `seed ${k[0]} only` : `seeds ${k.slice(0, -1).join(', ')} and ${k.at(-1)}`);

/**
 * "With the zero-γ start, ResNet-56 ends at 14.6–15.0 % final training error (recipe seeds 1, 2 and 3); without it, at
 * 11.6 % (seed 1 only). …"
 */
export function describeZeroInit(g: ReturnType<typeof compareZeroInit>, depth = 56): string {
  if (g.n === 0) return `We have no seed with ResNet-${depth} trained both with and without the zero-γ start.`;
  const zero = g.recipe.map((r) => r.zero);
  const plainNets = g.recipe.map((r) => r.plainNet);
  const head = `With the zero-γ start, ResNet-${depth} ends at ${pctRange(zero)} final training error (recipe ${seedWords(g.recipe.map((r) => r.seed))}); without it, at ${pct(g.postMean)} (${seedWords(g.seeds)})`;
  // The larger of the two groups' seed-to-seed ranges (0 for a group of one seed).
  const spread = g.seedSpread;
  const gap = g.postMean - mean(zero);
  const direction = gap < 0 ? 'lower without the start' : 'higher without the start';
  const beyond = zero.length > 1 && spread > 0 && Math.abs(gap) > spread;
  const oneWithout = g.n === 1 ? ', though the run without the start is one seed' : '';
  const size = beyond
    ? `: a gap of ${(100 * Math.abs(gap)).toFixed(1)} points, ${direction}, about ${Math.round(Math.abs(gap) / spread)} times the larger seed-to-seed spread of the two (${(100 * spread).toFixed(1)} points)${oneWithout}`
    : `: a gap of ${(100 * Math.abs(gap)).toFixed(1)} points, ${direction}, which ${g.n === 1 ? 'one run without the start' : 'these seeds'} cannot tell apart from seed-to-seed variation`;
  const trains =
    g.withoutBelowPlain === g.n
      ? ` In ${g.n === 1 ? 'our one run' : g.n === 2 ? 'both runs' : `all ${g.n} runs`} without it, ResNet-${depth} still trained well below plain-${depth} (${pctRange(plainNets)} over the recipe seeds): this net did not need the identity start.`
      : ` Without it, ResNet-${depth} ends below plain-${depth} (${pctRange(plainNets)}) only ${inHowMany(g.withoutBelowPlain, g.n, 'paired seed')}.`;
  const at = (c: string[]) => `${c.length > 1 ? 'commits' : 'commit'} ${c.join(', ')}`;
  const dirty = [...g.commits.with, ...g.commits.without].some((c) => c.endsWith('+dirty')) ? ' ("+dirty": with uncommitted changes)' : '';
  const commits = ` The runs with the start were made at ${at(g.commits.with)}, the run${g.n > 1 ? 's' : ''} without it at ${at(g.commits.without)}${dirty}; the training code changed between them, so this compares runs of two code versions, not a strict ablation.`;
  return `${head}${size}.${trains}${commits}`;
}

/**
 * The comparison in a few words, for a summary table: whether pre-activation ends lower than post-activation in both
 * training and test error in every paired seed (at least 3, the mean gap beyond one design's seed spread), the
 * reverse, or neither.
 */
export function preactVerdict(train: PreactGap, test: PreactGap): string {
  const n = train.n;
  if (n === 0) return 'no paired seed yet';
  if (n < 3) return `${n === 1 ? 'one paired seed' : `${n} paired seeds`}: too few to separate the two designs`;
  const lower = (g: PreactGap) => g.preLower === g.n && Math.abs(g.meanGap) > g.seedSpread;
  const higher = (g: PreactGap) => g.preLower === 0 && Math.abs(g.meanGap) > g.seedSpread;
  if (lower(train) && lower(test)) return `pre-activation ends lower in training and test error in all ${n} paired seeds`;
  if (higher(train) && higher(test)) return `pre-activation ends higher in training and test error in all ${n} paired seeds`;
  return `${n} paired seeds do not agree on a direction in both training and test error`;
}
