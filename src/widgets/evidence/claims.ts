/**
 * What the lesson "Why residual networks train: the evidence" says about our committed results, computed from them:
 * the loss landscapes (src/data/landscapes) and the lesion records (src/data/lesions); ./run-claims.ts does the same
 * for the training runs. Every sentence follows the data's direction, says how many
 * seeds or directions it rests on, and says so when our nets do not show what a paper found. Pure: no Astro, no tfjs,
 * no files; ./records.ts feeds it at build time and tests/unit/evidence-claims.test.ts checks it against the JSON.
 */
import { type LandscapeRecord, summariseSlice2d } from '../../model/analysis/landscape-record';
import { type LesionRecord, summariseLesions } from '../../model/analysis/lesion-record';
import { fractionOfPathsAtMost, pathLengthCounts, pathLengthFractions } from '../../model/analysis/lesion';
import type { Locale } from '../../i18n/locales';
import { mean } from './numbers';
import { strings } from './strings';

export { mean, netName, pct } from './numbers';

// ---------------------------------------------------------------------------------------------------------------
// Loss landscapes
// ---------------------------------------------------------------------------------------------------------------

/** One committed 2-D slice, summarised (`summariseSlice2d`). */
export interface LandscapeRow {
  net: string;
  kind: 'plain' | 'residual';
  depth: number;
  /** The direction seed (the trained net is always the same one). */
  seed: number;
  /** Points per side of the grid. */
  grid: number;
  span: number;
  centreLoss: number;
  bendsDownFraction: number;
  /** Interior points with a loss below chance (ln 10), and how many of them bend down. */
  below: { loss: number; points: number; bendsDown: number };
  localMinima: number;
  cornerToCentre: number;
}

/** The loss of a uniform guess over ten classes: a point above it is outside the basin the net trained into. */
export const CHANCE_LOSS = Math.log(10);

export function landscapeRows(records: readonly LandscapeRecord[]): LandscapeRow[] {
  return records
    .filter((r) => r.slice2d)
    .map((r) => {
      const { below, ...s } = summariseSlice2d(r.slice2d!, { belowLoss: CHANCE_LOSS });
      return {
        below: below!,
        net: r.net,
        kind: r.architecture.shortcut === 'plain' ? ('plain' as const) : ('residual' as const),
        depth: r.architecture.depth,
        seed: r.directions.seed,
        grid: r.slice2d!.alphas.length,
        span: Math.max(...r.slice2d!.alphas.map(Math.abs)),
        ...s,
      };
    })
    .sort((a, b) => a.depth - b.depth || a.grid - b.grid || a.kind.localeCompare(b.kind) || a.seed - b.seed);
}

export interface ConvexityComparison {
  depth: number;
  grid: number;
  /** Direction seeds with both a plain and a residual slice. */
  seeds: { seed: number; plain: number; residual: number }[];
  plainMean: number;
  residualMean: number;
  /** Seeds in which the plain slice bends down at more grid points than the residual one. */
  plainLessConvex: number;
}

/** Plain against residual slices of one depth and grid, direction seed by direction seed (the fraction that bends down). */
export function compareConvexity(rows: readonly LandscapeRow[], depth: number, grid = 11): ConvexityComparison {
  const mine = rows.filter((r) => r.depth === depth && r.grid === grid);
  const seeds = [...new Set(mine.map((r) => r.seed))]
    .sort((a, b) => a - b)
    .flatMap((seed) => {
      const p = mine.find((r) => r.kind === 'plain' && r.seed === seed);
      const q = mine.find((r) => r.kind === 'residual' && r.seed === seed);
      return p && q ? [{ seed, plain: p.bendsDownFraction, residual: q.bendsDownFraction }] : [];
    });
  return {
    depth,
    grid,
    seeds,
    plainMean: mean(seeds.map((s) => s.plain)),
    residualMean: mean(seeds.map((s) => s.residual)),
    plainLessConvex: seeds.filter((s) => s.plain > s.residual).length,
  };
}

/**
 * "At 56 layers, the plain net's slice bends down at 69 % of its interior grid points on average (62–79 % over 3
 * direction seeds), ResNet-56's at 7 % (0–15 %); the plain slice bends down at more points in all 3 direction seeds."
 */
export function describeConvexity(c: ConvexityComparison, locale: Locale = 'en'): string {
  const t = strings[locale];
  if (c.seeds.length === 0) return t.noSlicePair(c.depth, c.grid);
  const [plain, residual] = [c.seeds.map((s) => s.plain), c.seeds.map((s) => s.residual)];
  return t.convexity({ depth: c.depth, plain, residual, plainMean: c.plainMean, residualMean: c.residualMean, plainLessConvex: c.plainLessConvex });
}

/**
 * The same count restricted to the interior points below chance loss, where the slice is still inside the basin the
 * net trained into: a loss that rises and then levels off far out must bend down, and that says nothing about the
 * basin. "Below chance loss (ln 10 ≈ 2.303), plain-56's slices have 10, 15 and 12 interior points (direction seeds 1,
 * 2 and 3) and bend down at 4, 2 and 4 of them; ResNet-56's have 24, 40 and 22 and bend down at 0, 0 and 1. …"
 */
export function describeBelowChance(rows: readonly LandscapeRow[], depth: number, grid = 11, locale: Locale = 'en'): string {
  const t = strings[locale];
  const mine = rows.filter((r) => r.depth === depth && r.grid === grid);
  const seeds = [...new Set(mine.map((r) => r.seed))].sort((a, b) => a - b).filter((k) => mine.some((r) => r.seed === k && r.kind === 'plain') && mine.some((r) => r.seed === k && r.kind === 'residual'));
  if (!seeds.length) return t.noSlicePair(depth, grid);
  const of = (kind: LandscapeRow['kind']) => seeds.map((k) => mine.find((r) => r.seed === k && r.kind === kind)!.below);
  const [p, q] = [of('plain'), of('residual')];
  const frac = (b: LandscapeRow['below']) => (b.points ? b.bendsDown / b.points : NaN);
  const plainMore = seeds.filter((_, i) => frac(p[i]!) > frac(q[i]!)).length;
  const fewest = Math.min(...p.map((b) => b.points), ...q.map((b) => b.points));
  return t.belowChance({ depth, chanceLoss: CHANCE_LOSS, seeds, plain: p, residual: q, plainMore, fewest });
}

/**
 * How far our nets are from Li et al.'s setting, from the records: "Our nets trained for 800 steps of 64 images (about
 * 5.1 epochs of the 10,000 training images) and end with 11.3–28.6 % training error; the loss at the centre of their
 * slices is 0.385–0.785, measured on one fixed batch of 256 training images."
 */
export function describeSetting(records: readonly LandscapeRecord[], run: { steps: number; batchSize: number; trainExamples: number }, locale: Locale = 'en'): string {
  const nets = [...new Map(records.filter((r) => r.slice2d).map((r) => [r.net, r])).values()];
  const trainErr = nets.map((r) => r.referenceNet.trainSetError);
  const centres = landscapeRows(nets).map((r) => r.centreLoss);
  const batches = [...new Set(records.map((r) => r.data.batch.count))];
  const epochs = (run.steps * run.batchSize) / run.trainExamples;
  return strings[locale].setting({ steps: run.steps, batchSize: run.batchSize, epochs, trainExamples: run.trainExamples, trainErrors: trainErr, centres, batches });
}

/** The training loss at the centre of the slices (the trained weights), per net: the same in every direction seed. */
export function centreLosses(rows: readonly LandscapeRow[]): { net: string; loss: number }[] {
  const seen = new Map<string, number>();
  for (const r of rows) if (!seen.has(r.net)) seen.set(r.net, r.centreLoss);
  return [...seen].map(([net, loss]) => ({ net, loss }));
}

/** How the residual and the plain slice of one depth rise towards the corners (corner ÷ centre loss), over seeds. */
export function describeCornerRise(rows: readonly LandscapeRow[], depth: number, grid = 11, locale: Locale = 'en'): string {
  const t = strings[locale];
  const of = (kind: LandscapeRow['kind']) => rows.filter((r) => r.depth === depth && r.grid === grid && r.kind === kind).map((r) => r.cornerToCentre);
  const [p, r] = [of('plain'), of('residual')];
  if (!p.length || !r.length) return t.noCornerPair(depth);
  const higher = Math.min(...r) > Math.max(...p) ? 'residual' : Math.min(...p) > Math.max(...r) ? 'plain' : 'neither';
  // The ratios divide by different centre losses, so give the corner losses themselves too (mean of the 4 corners).
  const abs = (kind: LandscapeRow['kind']) => {
    const mine = rows.filter((x) => x.depth === depth && x.grid === grid && x.kind === kind);
    return { corners: mine.map((x) => x.cornerToCentre * x.centreLoss), centre: mine[0]!.centreLoss };
  };
  return t.cornerRise({ depth, residual: r, plain: p, higher, residualCorners: abs('residual'), plainCorners: abs('plain') });
}

// ---------------------------------------------------------------------------------------------------------------
// Lesions
// ---------------------------------------------------------------------------------------------------------------

export interface LesionFacts {
  net: string;
  seed: number;
  examples: number;
  intactError: number;
  /** Mean error over every block deleted alone (the deletable ones). */
  meanSingle: number;
  deletable: number;
  blocks: number;
  worst: { block: string; error: number; changesShape: boolean };
  /** The least harmful single deletion. */
  best: { block: string; error: number };
  /** The downsampling blocks' errors and their rank among all single deletions (1 = worst). */
  downsampling: { block: string; error: number; rank: number }[];
  byK: { k: number; mean: number; sd: number; min: number; max: number; draws: number }[];
  /** The mean error never falls as k grows. */
  monotoneInK: boolean;
  /** The largest rise of the mean error from one k to the next. */
  largestStep: { from: number; to: number; rise: number };
}

export function lesionFacts(r: LesionRecord): LesionFacts {
  const s = summariseLesions(r);
  const measured = r.blocks.filter((b): b is typeof b & { error: number } => b.error !== null);
  const ranked = [...measured].sort((a, b) => b.error - a.error);
  const worst = ranked[0]!;
  const byK = s.byK;
  let largestStep = { from: byK[0]?.k ?? 0, to: byK[0]?.k ?? 0, rise: 0 };
  byK.slice(1).forEach((p, i) => {
    const rise = p.mean - byK[i]!.mean;
    if (rise > largestStep.rise) largestStep = { from: byK[i]!.k, to: p.k, rise };
  });
  return {
    net: r.net,
    seed: r.seed,
    examples: r.examples,
    intactError: r.intactError,
    meanSingle: mean(measured.map((b) => b.error)),
    deletable: measured.length,
    blocks: r.blocks.length,
    worst: { block: worst.name, error: worst.error, changesShape: worst.changesShape },
    best: { block: ranked.at(-1)!.name, error: ranked.at(-1)!.error },
    downsampling: measured.filter((b) => b.changesShape).map((b) => ({ block: b.name, error: b.error, rank: ranked.indexOf(b) + 1 })),
    byK,
    monotoneInK: byK.every((p, i) => i === 0 || p.mean >= byK[i - 1]!.mean),
    largestStep,
  };
}

/** The error of always answering the most frequent class of the test split (0.9 for ten balanced classes). */
export const chanceError = (perClass: readonly number[]) => 1 - Math.max(...perClass) / perClass.reduce((a, b) => a + b, 0);

/**
 * "Deleting one of the 27 blocks of ResNet-56 (trained with seed 1) raises its test error from 16.4 % to 18.3 % on
 * average (worst: layer1.1, 26.1 %); deleting one of plain-56's 25 deletable blocks raises it from 28.1 % to 86.8 %
 * (least harmful: layer1.6, 62.9 %), where always answering the same class would give 90.0 %."
 */
export function describeSingleLesions(res: LesionFacts, plain: LesionFacts, chance: number, locale: Locale = 'en'): string {
  return strings[locale].singleLesions(res, plain, chance);
}

/**
 * Whether the downsampling blocks are the ones whose deletion hurts most, as the width- and resolution-changing blocks
 * are the only ones whose shortcut is not the identity.
 */
export function describeDownsampling(f: LesionFacts, locale: Locale = 'en'): string {
  const t = strings[locale];
  const ds = f.downsampling;
  if (!ds.length) return t.noDownsampling(f.net);
  return t.downsampling(f, ds.every((d) => d.rank <= ds.length));
}

/** The standard error of a mean over draws: sd/√n (0 with one draw). */
const standardError = (p: { sd: number; draws: number }) => (p.draws > 1 ? p.sd / Math.sqrt(p.draws) : 0);

/**
 * How the error grows with k deleted blocks: the mean error ± its standard error at the smallest and the largest k, and
 * whether the rise between them exceeds 3 combined standard errors. Steps between neighbouring k are not claimed: with
 * 10 draws per k they are within noise.
 */
export function describeKCurve(f: LesionFacts, locale: Locale = 'en'): string {
  const t = strings[locale];
  const first = f.byK[0];
  const last = f.byK.at(-1);
  if (!first || !last) return t.noRandomLesions(f.net);
  const [se1, se2] = [standardError(first), standardError(last)];
  const rise = last.mean - first.mean;
  const combined = Math.sqrt(se1 ** 2 + se2 ** 2);
  // At k = every deletable block there is one set to draw, so its draws cannot show a spread: say so, and give the
  // spread at the largest k that still has a choice.
  const all = last.k >= f.deletable;
  const spreadAt = all ? f.byK.filter((p) => p.k < f.deletable).at(-1) : last;
  return t.kCurve({
    net: f.net,
    first: { k: first.k, mean: first.mean, se: se1 },
    last: { k: last.k, mean: last.mean, se: se2 },
    all,
    spreadAt: spreadAt && { k: spreadAt.k, draws: spreadAt.draws, min: spreadAt.min, max: spreadAt.max },
    draws: first.draws === last.draws ? last.draws : null,
    rise,
    beyond: rise > 3 * combined,
  });
}

/**
 * Whether the residual net's worst single deletion still leaves a lower error than the plain net's least harmful one:
 * the ranges do not overlap, or they do.
 */
export function describeLesionOverlap(res: LesionFacts, plain: LesionFacts, locale: Locale = 'en'): string {
  return strings[locale].lesionOverlap(res, plain, res.net.replace(/^\D+-/, ''));
}

// ---------------------------------------------------------------------------------------------------------------
// Paths (Veit et al. 2016): a net of n residual blocks has 2^n paths, C(n, k) of which pass through k branches.
// ---------------------------------------------------------------------------------------------------------------

export interface PathLengthRow {
  /** Residual branches the path passes through. */
  length: number;
  /** Exact count, C(n, length), as a decimal string (too large for a number past n ≈ 56). */
  paths: string;
  fraction: number;
}

export function pathLengthRows(n: number): PathLengthRow[] {
  const counts = pathLengthCounts(n);
  const fractions = pathLengthFractions(n);
  return counts.map((c, k) => ({ length: k, paths: c.toString(), fraction: fractions[k]! }));
}

/** The share of the 2^n paths that pass through between `from` and `to` branches (inclusive). */
export const shareOfPathsBetween = (n: number, from: number, to: number): number => fractionOfPathsAtMost(n, to) - (from > 0 ? fractionOfPathsAtMost(n, from - 1) : 0);
