import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compareNets, describeComparison, finalTrainingError, reproducesFig6 } from '../../src/widgets/degradation-lab/conclusions';
import { REFERENCE_FAMILIES } from '../../src/widgets/degradation-lab/reference';
import { PAPER_RECIPE, labSchedule } from '../../src/widgets/degradation-lab/series';
import { parseDegradationRecord } from '../../src/model/training/record';

const RUN_DIR = join(import.meta.dirname, '../../src/data/runs');
const read = (pattern: RegExp) =>
  readdirSync(RUN_DIR)
    .filter((f) => pattern.test(f))
    .map((f) => parseDegradationRecord(JSON.parse(readFileSync(join(RUN_DIR, f), 'utf8')), f));

/** The final smoothed training error, recomputed here the plain way: the mean of the last `smoothing` minibatch errors. */
function lastMean(run: ReturnType<typeof read>[number], net: string): number | undefined {
  const r = run.runs.find((x) => x.name === net);
  if (!r || r.status !== 'finished') return undefined;
  const tail = r.curves.error.slice(-run.config.smoothing);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

describe('the degradation lesson’s conclusions are computed from the run files', () => {
  const recipe = read(/^degradation-recipe-seed\d+\.json$/);

  test('every recipe run file is read, one per seed', () => {
    expect(REFERENCE_FAMILIES.recipe.map((r) => r.seeds[0]).sort()).toEqual(recipe.map((r) => r.seeds[0]).sort());
    expect(recipe.length).toBeGreaterThanOrEqual(3);
  });

  test.each([
    ['plain-56', 'plain-20', 'higher'],
    ['res-56', 'res-20', 'lower'],
    ['res-20', 'plain-20', 'lower'],
    ['res-56', 'plain-56', 'lower'],
  ] as const)('%s against %s (claim: %s): seed count, verdict and mean gap match the data', (a, b, claim) => {
    const c = compareNets(REFERENCE_FAMILIES.recipe, a, b, claim);
    const gaps = recipe.flatMap((run) => {
      const [ea, eb] = [lastMean(run, a), lastMean(run, b)];
      return ea === undefined || eb === undefined ? [] : [ea - eb];
    });
    expect(c.seeds).toHaveLength(gaps.length);
    if (gaps.length === 0) {
      expect(describeComparison(c)).toMatch(/no finished run/);
      return;
    }
    expect(c.holds).toBe(gaps.filter((g) => (claim === 'higher' ? g > 0 : g < 0)).length);
    const mean = gaps.reduce((x, y) => x + y, 0) / gaps.length;
    expect(c.meanGap).toBeCloseTo(mean, 10);
    const sentence = describeComparison(c, REFERENCE_FAMILIES.recipe.length);
    // The sentence states the mean gap in points and the data's direction; "all n seeds" only when every seed agrees.
    expect(sentence).toContain(`${(100 * Math.abs(mean)).toFixed(1)} points`);
    expect(sentence).toContain(mean > 0 ? 'higher training error' : 'lower training error');
    const agree = gaps.filter((g) => Math.sign(g) === Math.sign(mean)).length;
    expect(sentence.includes(`all ${gaps.length} seeds`)).toBe(agree === gaps.length && gaps.length > 2);
    // A seed where one of the nets did not finish is said, not silently dropped.
    expect(sentence.includes('have both nets finished')).toBe(gaps.length < recipe.length);
  });

  test('the lab’s “paper’s recipe, shortened” preset is exactly the recipe runs’ settings', () => {
    for (const run of recipe) {
      expect(PAPER_RECIPE.depths).toEqual(run.config.depths);
      expect(PAPER_RECIPE.steps).toBe(run.config.steps);
      expect(PAPER_RECIPE.batchSize).toBe(run.config.batchSize);
      expect(PAPER_RECIPE.zeroInit).toBe(run.config.zeroInitResidual);
      expect(labSchedule(PAPER_RECIPE)).toEqual(run.config.schedule);
    }
  });

  test('the verdict on Fig. 6 (both halves in every one of at least 3 seeds) agrees with the seed-by-seed data', () => {
    const v = reproducesFig6(REFERENCE_FAMILIES.recipe);
    const every = (a: string, b: string, sign: 1 | -1) =>
      recipe.length >= 3 &&
      recipe.every((run) => {
        const [ea, eb] = [lastMean(run, a), lastMean(run, b)];
        return ea !== undefined && eb !== undefined && sign * (ea - eb) > 0;
      });
    expect(v.both).toBe(every('plain-56', 'plain-20', 1) && every('res-56', 'res-20', -1));
  });

  test('a run that did not finish is left out, not counted as a win or a loss', () => {
    const run = structuredClone(REFERENCE_FAMILIES.quick[0]!);
    const stopped = run.runs.find((r) => r.name === 'plain-56')!;
    stopped.status = 'stopped';
    expect(finalTrainingError(run, 'plain-56')).toBeUndefined();
    expect(compareNets([run], 'plain-56', 'plain-20', 'higher').seeds).toHaveLength(0);
    expect(describeComparison(compareNets([run], 'plain-56', 'plain-20', 'higher'))).toMatch(/no finished run/);
  });

  test('the sentence follows the data, not the claim, and names ties and gaps within the seed spread', () => {
    const q = REFERENCE_FAMILIES.quick;
    // In the quick runs ResNet-56 ends behind ResNet-20 in both seeds: the claim "lower" holds in none.
    const c = compareNets(q, 'res-56', 'res-20', 'lower');
    expect(c.holds).toBe(0);
    expect(describeComparison(c)).toMatch(/^ResNet-56 ends with a higher training error than ResNet-20 in both seeds, by \d+\.\d points on average/);
    const gap = (a: number, b: number, seed: number) => ({ seed, a, b, gap: a - b });
    const made = (seeds: ReturnType<typeof gap>[]) => ({ a: 'res-56', b: 'res-20', claim: 'lower' as const, seeds, holds: 0, meanGap: seeds.reduce((x, s) => x + s.gap, 0) / seeds.length, minGap: Math.min(...seeds.map((s) => s.gap)), maxGap: Math.max(...seeds.map((s) => s.gap)) });
    expect(describeComparison(made([gap(0.1, 0.1, 1), gap(0.12, 0.12, 2)]))).toMatch(/end with the same training error on average, within 0\.1 points/);
    // Mean gap 0.5 points, but ResNet-56 itself varies by 4 points across seeds: not called a difference.
    expect(describeComparison(made([gap(0.1, 0.1, 1), gap(0.14, 0.13, 2), gap(0.1, 0.1, 3)]))).toMatch(/no larger than one net's seed-to-seed spread \(4\.0 points\)/);
    expect(describeComparison(made([gap(0.1, 0.2, 1)]))).toBe('ResNet-56 ends with a lower training error than ResNet-20 in our one seed, by 10.0 points.');
  });
});
