/**
 * Every word of the evidence components (EvidenceClaim, EvidenceTable, PathLengths) in each language. The statements
 * about our committed results are functions of what ./claims.ts and ./run-claims.ts computed (numbers, and which
 * verdict the data supports): the languages word the same numbers and the same conclusions, each in its own order.
 * Numbers are printed by ./numbers.ts, the same in both. No final full stop where the lesson adds one (`setting`,
 * `centreLosses`, `intactErrors`, `preactVerdict*`, `seedList`, `minutes`).
 */
import { defineMessages } from '../../i18n/messages';
import type { LesionFacts } from './claims';
import type { PreactMetric } from './run-claims';
import { evidenceZhCn } from './strings-zh-cn';
import { netName, pct, pctRange, pctRange0, points, signedPoints, span } from './numbers';

export interface ConvexityWords {
  depth: number;
  /** Per direction seed, the fraction of interior points where the slice bends down. */
  plain: number[];
  residual: number[];
  plainMean: number;
  residualMean: number;
  /** Direction seeds in which the plain slice bends down at more points. */
  plainLessConvex: number;
}
export interface BelowChanceWords {
  depth: number;
  chanceLoss: number;
  seeds: number[];
  plain: { points: number; bendsDown: number }[];
  residual: { points: number; bendsDown: number }[];
  /** Seeds in which the plain slice bends down at a larger share of its points below chance. */
  plainMore: number;
  fewest: number;
}
export interface SettingWords {
  steps: number;
  batchSize: number;
  epochs: number;
  trainExamples: number;
  trainErrors: number[];
  centres: number[];
  batches: number[];
}
export interface CornerWords {
  depth: number;
  /** Corner ÷ centre loss per direction seed. */
  residual: number[];
  plain: number[];
  higher: 'residual' | 'plain' | 'neither';
  /** Mean corner losses per seed, and the centre loss. */
  residualCorners: { corners: number[]; centre: number };
  plainCorners: { corners: number[]; centre: number };
}
export interface KCurveWords {
  net: string;
  first: { k: number; mean: number; se: number };
  last: { k: number; mean: number; se: number };
  /** At the last k every deletable block is gone. */
  all: boolean;
  /** The spread of the draws at the largest k that still has a choice. */
  spreadAt: { k: number; draws: number; min: number; max: number } | undefined;
  /** Draws per k when the first and the last k have as many; null otherwise. */
  draws: number | null;
  rise: number;
  beyond: boolean;
}
export interface PreactWords {
  metric: PreactMetric;
  examples: number;
  n: number;
  preMean: number;
  postMean: number;
  meanGap: number;
  gaps: number[];
  /** Seeds that agree with the mean gap's sign. */
  agree: number;
  verdict: 'none' | 'signs' | 'spread';
  seedSpread: number;
  /** The sampling error of one test error (test metric only). */
  samplingError: number | null;
}
export interface ZeroInitWords {
  depth: number;
  zero: number[];
  recipeSeeds: number[];
  withoutMean: number;
  withoutSeeds: number[];
  gap: number;
  beyond: boolean;
  spread: number;
  n: number;
  withoutBelowPlain: number;
  plainNets: number[];
  commits: { with: string[]; without: string[] };
  dirty: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// English
// ---------------------------------------------------------------------------------------------------------------

/** "in all 3", "in both", "in 2 of 3", "in our one". */
const inHowMany = (agree: number, n: number, what: string) =>
  n === 1 ? `in our one ${what}` : agree === n ? (n === 2 ? `in both ${what}s` : `in all ${n} ${what}s`) : `in ${agree} of ${n} ${what}s`;
const andList = (v: readonly (string | number)[]) => (v.length === 1 ? String(v[0]) : `${v.slice(0, -1).join(', ')} and ${v.at(-1)}`);
const ordinal = (k: number) => `${k}${k % 100 >= 11 && k % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[k % 10] ?? 'th'}`;
const enSeeds = (k: readonly number[]) => (k.length === 1 ? `seed ${k[0]} only` : `seeds ${k.slice(0, -1).join(', ')} and ${k.at(-1)}`);

const en = {
  downloadCsv: 'Download CSV',
  scrolls: (label: string) => `${label} (scrolls)`,
  // The landscapes table's columns (the CSV keeps the English ones: ./tables.ts).
  colNet: 'net',
  colGrid: 'grid',
  colDirectionSeed: 'direction seed',
  colCentreLoss: 'centre loss',
  colBendsDown: 'bends-down fraction',
  colBelowChance: 'points below chance loss',
  colOfWhichBendDown: 'of which bend down',
  colLocalMinima: 'local minima',
  colCornerRatio: 'corner ÷ centre loss',
  landscapeCaption:
    'Each committed 2-D slice (span ±1 along both directions), summarised: the training loss at the trained weights, the share of interior grid points where the slice bends down (a second difference along α, β or a diagonal below zero beyond rounding), the interior points below chance loss (ln 10) and how many of them bend down, its local minima, and how far the loss rises at the four corners',
  // The pre-activation table's columns.
  colTrainingSeed: 'training seed',
  colPostTrain: 'post-activation training error',
  colPreTrain: 'pre-activation training error',
  colPostTest: 'post-activation test error',
  colPreTest: 'pre-activation test error',
  colTestImages: 'test images',
  preactCaption: (depth: number, steps: number) =>
    `Residual ${depth}-layer nets, original (post-activation) and full pre-activation blocks, same schedule (${steps} steps), paired by training seed: the final training error (smoothed over the last minibatches) and the test error at the last step`,

  pathChartLabel: (blocks: number, marked: [number, number] | null, share: string) =>
    `Bar chart: the share of the 2^${blocks} paths through a net of ${blocks} residual blocks that pass through k residual branches, for k = 0 to ${blocks}; a binomial distribution centred on ${blocks / 2}${marked ? `. Marked: lengths ${marked[0]} to ${marked[1]}, ${share} of all paths` : ''}.`,
  pathBarTitle: (length: number, paths: string, share: string) => `${length} branches: ${paths} paths, ${share}`,
  pathAxis: (blocks: number) => `path length: residual branches passed through (of ${blocks})`,
  pathKey: (from: number, to: number, share: string) => `lengths ${from}–${to}: ${share} of all paths`,
  showCounts: 'Show the counts as a table',
  pathCountsScroll: 'Path counts (scrolls)',
  pathTableCaption: (blocks: number) => `Paths through ${blocks} residual blocks by length: C(${blocks}, k) of the 2^${blocks}`,
  lengthK: 'Length k',
  paths: 'Paths',
  share: 'Share',

  noSlicePair: (depth: number, grid: number) => `We have no pair of ${depth}-layer slices on a ${grid}×${grid} grid.`,
  convexity: (c: ConvexityWords) => {
    const n = c.plain.length;
    const spread = (v: number[]) => (n > 1 ? ` (${pctRange0(v)} over ${n} direction seeds)` : '');
    const head = `At ${c.depth} layers, the plain net's slice bends down at ${pct(c.plainMean, 0)} of its interior grid points on average${spread(c.plain)}, ResNet-${c.depth}'s at ${pct(c.residualMean, 0)}${spread(c.residual)}`;
    const verdict =
      c.plainLessConvex === n
        ? `the plain slice bends down at more points ${inHowMany(n, n, 'direction seed')}`
        : c.plainLessConvex === 0
          ? `the residual slice bends down at as many points or more ${inHowMany(n, n, 'direction seed')}, the opposite of Li et al.'s finding`
          : `the plain slice bends down at more points only ${inHowMany(c.plainLessConvex, n, 'direction seed')}, so at this depth we do not call it a difference`;
    return `${head}; ${verdict}.`;
  },
  belowChance: (b: BelowChanceWords) => {
    const n = b.seeds.length;
    const seedWords = n === 1 ? `direction seed ${b.seeds[0]}` : `direction seeds ${andList(b.seeds)}`;
    const verdict =
      b.plainMore === n
        ? `the plain slice bends down at a larger share of these points ${inHowMany(n, n, 'direction seed')}`
        : `the plain slice bends down at a larger share of these points only ${inHowMany(b.plainMore, n, 'direction seed')}, so below chance we do not call it a difference`;
    return `Below chance loss (ln 10 ≈ ${b.chanceLoss.toFixed(3)}, the loss of a uniform guess), plain-${b.depth}'s slices have ${andList(b.plain.map((x) => x.points))} interior points (${seedWords}) and bend down at ${andList(b.plain.map((x) => x.bendsDown))} of them; ResNet-${b.depth}'s have ${andList(b.residual.map((x) => x.points))} and bend down at ${andList(b.residual.map((x) => x.bendsDown))}: ${verdict}, on as few as ${b.fewest} points per slice.`;
  },
  setting: (s: SettingWords) =>
    `Our nets trained for ${s.steps} steps of ${s.batchSize} images (about ${s.epochs.toFixed(1)} epochs of the ${s.trainExamples.toLocaleString('en')} training images) and end with ${span(s.trainErrors, (v) => (100 * v).toFixed(1))} % error on the training images; the loss at the centre of their slices is ${span(s.centres, (v) => v.toFixed(3))}, measured on one fixed batch of ${s.batches.join(' or ')} training images`,
  centreLosses: (list: { net: string; loss: number }[]) =>
    list
      .map((c) => `${c.loss.toFixed(3)} (${netName(c.net)})`)
      .join(', ')
      .replace(/, ([^,]*)$/, ' and $1'),
  noCornerPair: (depth: number) => `We have no pair of ${depth}-layer slices to compare.`,
  cornerRise: (c: CornerWords) => {
    const fmt = (v: number[]) => (v.length > 1 ? `${Math.round(Math.min(...v))} to ${Math.round(Math.max(...v))} times` : `${Math.round(v[0]!)} times`);
    const higher = c.higher === 'residual' ? `ResNet-${c.depth}'s slice rises higher in every direction seed` : c.higher === 'plain' ? `plain-${c.depth}'s slice rises higher in every direction seed` : 'neither rises higher in every direction seed';
    const abs = ({ corners: v, centre }: CornerWords['plainCorners']) => `${v.length > 1 ? `${Math.min(...v).toFixed(1)} to ${Math.max(...v).toFixed(1)}` : v[0]!.toFixed(1)} against ${centre.toFixed(3)}`;
    return `At the corners of the plot (±1 along both directions), the loss is ${fmt(c.residual)} the centre's for ResNet-${c.depth} and ${fmt(c.plain)} for plain-${c.depth} (mean corner loss ${abs(c.residualCorners)} at the centre, and ${abs(c.plainCorners)}): ${higher}.`;
  },

  singleLesions: (res: LesionFacts, plain: LesionFacts, chance: number) => {
    const r = `Deleting one of the ${res.deletable} blocks of ${netName(res.net)} (trained with seed ${res.seed}) raises its test error from ${pct(res.intactError)} to ${pct(res.meanSingle)} on average (worst: ${res.worst.block}, ${pct(res.worst.error)})`;
    const p = `deleting one of ${netName(plain.net)}'s ${plain.deletable} deletable blocks raises its error from ${pct(plain.intactError)} to ${pct(plain.meanSingle)} (least harmful: ${plain.best.block}, ${pct(plain.best.error)})`;
    return `${r}; ${p}, where always answering the same class would give ${pct(chance)}.`;
  },
  noDownsampling: (net: string) => `${netName(net)} has no downsampling block that can be deleted.`,
  downsampling: (f: LesionFacts, top: boolean) => {
    const ds = f.downsampling;
    const list = ds.map((d) => `${d.block} (${pct(d.error)}, ${ordinal(d.rank)} of ${f.deletable})`).join(' and ');
    const verdict = top
      ? 'they are the most harmful deletions, as one would expect from the only blocks whose shortcut is not the identity'
      : `${f.worst.changesShape ? 'one of them is the worst deletion but not both' : `the worst deletion is ${f.worst.block} (${pct(f.worst.error)}), a block that keeps the shape`}: in this net the downsampling blocks are not the ones that hurt most`;
    return `In ${netName(f.net)}, deleting the downsampling block${ds.length > 1 ? 's' : ''} ${list} gives ${ds.length > 1 ? 'these errors and ranks' : 'this error and rank'} among all single deletions; ${verdict}.`;
  },
  noRandomLesions: (net: string) => `${netName(net)} has no random lesions.`,
  kCurve: (k: KCurveWords) => {
    const pm = (p: KCurveWords['first']) => `${pct(p.mean)}${p.se > 0 ? ` ± ${points(p.se)}` : ''} at k = ${p.k}`;
    const spread = k.spreadAt ? `; at k = ${k.spreadAt.k} its ${k.spreadAt.draws} draws range from ${pct(k.spreadAt.min)} to ${pct(k.spreadAt.max)}` : '';
    const whole = k.all ? ` (at k = ${k.last.k} every deletable block is gone, so every draw is the same set)` : '';
    const verdict = k.beyond ? `a rise of ${points(k.rise)} points, more than 3 standard errors` : `a change of ${points(k.rise)} points, within 3 standard errors, so we do not call it a rise`;
    return `With k blocks of ${netName(k.net)} deleted at random, the mean error goes from ${pm(k.first)} to ${pm(k.last)}${whole} (mean ± standard error over ${k.draws !== null ? `${k.draws} draws` : 'the draws'} of which blocks, one trained net): ${verdict}${spread}.`;
  },
  lesionOverlap: (res: LesionFacts, plain: LesionFacts, depth: string) => {
    const [r, p] = [`${netName(res.net)}'s`, `${netName(plain.net)}'s`];
    return res.worst.error < plain.best.error
      ? `At ${depth} layers the two do not overlap: ${r} most harmful single deletion (${res.worst.block}, ${pct(res.worst.error)}) leaves a lower error than ${p} least harmful one (${plain.best.block}, ${pct(plain.best.error)}).`
      : `At ${depth} layers the two overlap: deleting ${r} most harmful block (${res.worst.block}, ${pct(res.worst.error)}) hurts more than deleting ${p} least harmful one (${plain.best.block}, ${pct(plain.best.error)}).`;
  },

  noPreactPair: (metric: PreactMetric, examples: number) =>
    `We have no seed with both a post- and a pre-activation run finished, so we claim nothing about the ${metric === 'train' ? 'final training error (smoothed over the last minibatches)' : `test error at the last step (${examples.toLocaleString('en')} test images)`}.`,
  preact: (g: PreactWords) => {
    const what = g.metric === 'train' ? 'final training error (smoothed over the last minibatches)' : `test error at the last step (${g.examples.toLocaleString('en')} test images)`;
    const of = g.n === 1 ? 'in our one seed' : `mean of ${g.n} seeds`;
    const head = `In ${what}, the pre-activation net ends at ${pct(g.preMean)} and the post-activation one at ${pct(g.postMean)} (${of})`;
    const se = g.samplingError !== null ? ` (one test error on ${g.examples.toLocaleString('en')} images has a sampling error of about ${points(g.samplingError)} points by itself)` : '';
    if (g.n === 1) return `${head}: a gap of ${signedPoints(g.meanGap)} points (pre − post), which one seed cannot tell apart from seed-to-seed variation${se}.`;
    const perSeed = `${signedPoints(Math.min(...g.gaps))} to ${signedPoints(Math.max(...g.gaps))} points per seed, pre − post`;
    const verdict =
      g.verdict === 'signs'
        ? ', so the sign is not the same in every seed and we do not call it a difference'
        : g.verdict === 'spread'
          ? `; that is no larger than the seed-to-seed spread of one design (${points(g.seedSpread)} points), so we do not call it a difference`
          : '';
    return `${head}; pre-activation is ${g.meanGap < 0 ? 'lower' : 'higher'} ${inHowMany(g.agree, g.n, 'seed')}, by ${points(Math.abs(g.meanGap))} points on average (${perSeed})${verdict}${se}.`;
  },
  noZeroInitPair: (depth: number) => `We have no seed with ResNet-${depth} trained both with and without the zero-γ start.`,
  zeroInit: (z: ZeroInitWords) => {
    const head = `With the zero-γ start, ResNet-${z.depth} ends at ${pctRange(z.zero)} final training error (recipe ${enSeeds(z.recipeSeeds)}); without it, at ${pct(z.withoutMean)} (${enSeeds(z.withoutSeeds)})`;
    const direction = z.gap < 0 ? 'lower without the start' : 'higher without the start';
    const oneWithout = z.n === 1 ? ', though the run without the start is one seed' : '';
    const size = z.beyond
      ? `: a gap of ${points(Math.abs(z.gap))} points, ${direction}, about ${Math.round(Math.abs(z.gap) / z.spread)} times the larger seed-to-seed spread of the two (${points(z.spread)} points)${oneWithout}`
      : `: a gap of ${points(Math.abs(z.gap))} points, ${direction}, which ${z.n === 1 ? 'one run without the start' : 'these seeds'} cannot tell apart from seed-to-seed variation`;
    const trains =
      z.withoutBelowPlain === z.n
        ? ` In ${z.n === 1 ? 'our one run' : z.n === 2 ? 'both runs' : `all ${z.n} runs`} without it, ResNet-${z.depth} still trained well below plain-${z.depth} (${pctRange(z.plainNets)} over the recipe seeds): this net did not need the identity start.`
        : ` Without it, ResNet-${z.depth} ends below plain-${z.depth} (${pctRange(z.plainNets)}) only ${inHowMany(z.withoutBelowPlain, z.n, 'paired seed')}.`;
    const at = (c: string[]) => `${c.length > 1 ? 'commits' : 'commit'} ${c.join(', ')}`;
    const dirty = z.dirty ? ' ("+dirty": with uncommitted changes)' : '';
    const commits = ` The runs with the start were made at ${at(z.commits.with)}, the run${z.n > 1 ? 's' : ''} without it at ${at(z.commits.without)}${dirty}; the training code changed between them, so this compares runs of two code versions, not a strict ablation.`;
    return `${head}${size}.${trains}${commits}`;
  },
  verdictNone: 'no paired seed yet',
  verdictTooFew: (n: number) => `${n === 1 ? 'one paired seed' : `${n} paired seeds`}: too few to separate the two designs`,
  verdictLower: (n: number) => `pre-activation ends lower in training and test error in all ${n} paired seeds`,
  verdictHigher: (n: number) => `pre-activation ends higher in training and test error in all ${n} paired seeds`,
  verdictDisagree: (n: number) => `${n} paired seeds do not agree on a direction in both training and test error`,

  seedList: (seeds: number[]) => (seeds.length === 0 ? 'no seed' : seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds.slice(0, -1).join(', ')} and ${seeds.at(-1)}`),
  intactErrors: (nets: { net: string; error: number }[], examples: number) => `${nets.map((x) => `${netName(x.net)} ${pct(x.error)}`).join(', ')} (${examples.toLocaleString('en')} images)`,
  minutes: (range: string) => `${range} minutes`,
};

export type EvidenceMessages = typeof en;

export const strings = defineMessages(en, evidenceZhCn);
