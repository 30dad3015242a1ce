/**
 * Every statement the evidence lesson makes about our committed results, by name: `<EvidenceClaim claim="convexity"
 * depth={56} />` renders `statement('convexity', { depth: 56 })`. One place, so the unit test can render every
 * statement the lesson uses and check it against the JSON (tests/unit/evidence-claims.test.ts).
 */
import { formatPercent } from '../../lib/format';
import type { Locale } from '../../i18n/locales';
import { strings } from './strings';
import {
  centreLosses,
  compareConvexity,
  describeBelowChance,
  describeConvexity,
  describeCornerRise,
  describeSetting,
  describeDownsampling,
  describeKCurve,
  describeLesionOverlap,
  describeSingleLesions,
  landscapeRows,
  lesionFacts,
  shareOfPathsBetween,
} from './claims';
import { comparePreact, compareZeroInit, describePreact, describeZeroInit, preactGap, preactVerdict } from './run-claims';
import { LANDSCAPES, POSTACT_RUNS, PREACT_RUNS, RECIPE_RUNS, TEST_CHANCE_ERROR, lesionRecord } from './records';

export const CLAIMS = [
  'convexity',
  'below-chance',
  'setting',
  'corner-rise',
  'centre-losses',
  'single-lesions',
  'lesion-overlap',
  'downsampling',
  'k-curve',
  'path-share',
  'preact-train',
  'preact-test',
  'preact-seeds',
  'zero-init',
  'preact-minutes',
  'preact-verdict',
  'blocks',
  'intact-errors',
] as const;
export type ClaimId = (typeof CLAIMS)[number];

export interface ClaimOptions {
  /** 20 or 56: which nets (landscape and lesion claims). */
  depth?: number;
  /** Points per side of the landscape grid (11, or 21 where committed). */
  grid?: number;
  /** `residual` or `plain` (k-curve). */
  net?: 'residual' | 'plain';
  /** Residual blocks of the net whose paths are counted (path-share). */
  blocks?: number;
  /** Path lengths counted, inclusive, in residual branches passed through (path-share). */
  from?: number;
  to?: number;
}

const rows = landscapeRows(LANDSCAPES);

export const PREACT = comparePreact(POSTACT_RUNS, PREACT_RUNS, 56);

/** Seeds as the lesson lists them: "seed 1", "seeds 1 and 2", "seeds 1, 2 and 3" (种子 1、2 和 3). */
export function seedList(seeds: readonly number[], locale: Locale = 'en'): string {
  return strings[locale].seedList([...seeds]);
}

/** The statement in the page's language (`localeOfUrl(Astro.url)`); the same numbers and verdict in each. */
export function statement(claim: ClaimId, o: ClaimOptions = {}, locale: Locale = 'en'): string {
  const depth = o.depth ?? 56;
  const t = strings[locale];
  switch (claim) {
    case 'convexity':
      return describeConvexity(compareConvexity(rows, depth, o.grid ?? 11), locale);
    case 'below-chance':
      return describeBelowChance(rows, depth, o.grid ?? 11, locale);
    case 'setting': {
      const run = RECIPE_RUNS.find((r) => r.seeds[0] === 1) ?? RECIPE_RUNS[0]!;
      return describeSetting(LANDSCAPES, { steps: run.config.steps, batchSize: run.config.batchSize, trainExamples: run.data.train }, locale);
    }
    case 'corner-rise':
      return describeCornerRise(rows, depth, o.grid ?? 11, locale);
    case 'centre-losses':
      return t.centreLosses(centreLosses(rows));
    case 'single-lesions':
      return describeSingleLesions(lesionFacts(lesionRecord(`res-${depth}`)), lesionFacts(lesionRecord(`plain-${depth}`)), TEST_CHANCE_ERROR, locale);
    case 'lesion-overlap':
      return describeLesionOverlap(lesionFacts(lesionRecord(`res-${depth}`)), lesionFacts(lesionRecord(`plain-${depth}`)), locale);
    case 'downsampling':
      return describeDownsampling(lesionFacts(lesionRecord(`res-${depth}`)), locale);
    case 'k-curve':
      return describeKCurve(lesionFacts(lesionRecord(`${o.net === 'plain' ? 'plain' : 'res'}-${depth}`)), locale);
    case 'path-share': {
      const n = o.blocks ?? 54;
      return formatPercent(shareOfPathsBetween(n, o.from ?? 0, o.to ?? n), 2);
    }
    case 'preact-train':
      return describePreact(preactGap(PREACT, 'train'), locale);
    case 'preact-test':
      return describePreact(preactGap(PREACT, 'test'), locale);
    case 'preact-seeds':
      return seedList(PREACT.seeds.map((s) => s.seed), locale);
    case 'preact-verdict':
      return preactVerdict(preactGap(PREACT, 'train'), preactGap(PREACT, 'test'), locale);
    case 'intact-errors': {
      const ids = ['plain-20', 'res-20', 'plain-56', 'res-56'];
      return t.intactErrors(ids.map((id) => ({ net: id, error: lesionRecord(id).intactError })), lesionRecord('res-56').examples);
    }
    case 'blocks':
      return String(lesionRecord(`res-${depth}`).blocks.length);
    case 'preact-minutes':
      return t.minutes(PREACT.minutes.map(Math.round).join('–').replace(/^(\d+)–\1$/, '$1'));
    case 'zero-init':
      return describeZeroInit(compareZeroInit(RECIPE_RUNS, POSTACT_RUNS, 56), 56, locale);
  }
}
