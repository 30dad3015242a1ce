import { describe, expect, test } from 'vitest';
import { compareNets } from '../../src/widgets/degradation-lab/conclusions';
import { REFERENCE_FAMILIES, referenceStat } from '../../src/widgets/degradation-lab/reference';

/**
 * A few sentences of the lessons (src/lessons/degradation.mdx, why-residual-networks-train.mdx and their zh-CN
 * translations) state a direction in words beside the computed claims. If a rerun of the reference runs turns one around, this fails, and the
 * sentence (in both languages) must change with the data.
 */
describe('the degradation lesson’s sentences about our runs hold in the run files', () => {
  test('"the quick runs order the 20-layer pair the other way": ResNet-20 behind plain-20 in every recipe seed, ahead in every quick seed', () => {
    const recipe = compareNets(REFERENCE_FAMILIES.recipe, 'res-20', 'plain-20', 'lower');
    const quick = compareNets(REFERENCE_FAMILIES.quick, 'res-20', 'plain-20', 'lower');
    expect(recipe.seeds.length).toBeGreaterThanOrEqual(3);
    expect(quick.seeds.length).toBeGreaterThanOrEqual(2);
    expect(recipe.seeds.every((s) => s.gap > 0)).toBe(true);
    expect(quick.seeds.every((s) => s.gap < 0)).toBe(true);
  });

  test('"with this schedule ResNet-56 starts slowly": at step 100 of the quick runs its training error is above ResNet-20’s in every seed', () => {
    const seeds = REFERENCE_FAMILIES.quick.map((r) => r.seeds[0]!);
    expect(seeds.length).toBeGreaterThanOrEqual(2);
    for (const seed of seeds) {
      const deep = Number(referenceStat('train-error', 'res-56', 100, seed, 'quick'));
      const shallow = Number(referenceStat('train-error', 'res-20', 100, seed, 'quick'));
      expect(deep).toBeGreaterThan(shallow);
    }
  });
});

describe('the evidence lesson’s sentences about our lesions hold in the lesion files', () => {
  test('"in both our nets the first block, layer1.0, is among the two most harmful to delete"', async () => {
    const { LESIONS } = await import('../../src/widgets/evidence/records');
    const residual = LESIONS.filter((r) => /^res-(20|56)$/.test(r.net));
    expect(residual.map((r) => r.net).sort()).toEqual(['res-20', 'res-56']);
    for (const record of residual) {
      const measured = record.blocks.filter((b) => b.error !== null).sort((a, b) => b.error! - a.error!);
      expect(measured.slice(0, 2).map((b) => b.name), record.net).toContain('layer1.0');
    }
  });
});
