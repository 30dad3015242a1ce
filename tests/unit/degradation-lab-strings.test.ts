// The degradation lab's Chinese sentences carry the same computed numbers as the English ones, and a schedule is
// reworded without losing any of its numbers.
import { describe, expect, test } from 'vitest';
import { compareNets, describeComparison } from '../../src/widgets/degradation-lab/conclusions';
import { REFERENCE_FAMILIES } from '../../src/widgets/degradation-lab/reference';
import { PAPER_RECIPE, checkConfig, describeRecipe, labSchedule, quickRecipe } from '../../src/widgets/degradation-lab/series';
import { scheduleInChinese, strings } from '../../src/widgets/degradation-lab/strings';
import { describeSchedule } from '../../src/model/training/schedule';

const numbers = (s: string) => (s.match(/\d+(?:\.\d+)?/g) ?? []).map(Number);

describe('degradation lab in Chinese', () => {
  test('a schedule keeps every number, in order, and loses its English words', () => {
    const text = describeSchedule(labSchedule({ ...PAPER_RECIPE }));
    const zh = scheduleInChinese(text);
    expect(zh).toBe('0.1，在第 400、600 步 ÷10，前 80 步从 0.01 线性预热');
    expect(new Set(numbers(zh))).toEqual(new Set(numbers(text)));
    expect(scheduleInChinese('0.1')).toBe('0.1');
  });

  test('the settings line and the checks: English by default and unchanged, Chinese when asked', () => {
    expect(describeRecipe(PAPER_RECIPE)).toMatch(/^learning rate 0\.1, ÷10 at 400, 600/);
    const zh = describeRecipe(PAPER_RECIPE, strings['zh-cn']);
    expect(zh).toMatch(/^学习率 0\.1，在第 400、600 步 ÷10/);
    expect(zh).not.toMatch(/[A-Za-z]{3,}/);
    expect(describeRecipe(quickRecipe([20], 300), strings['zh-cn'])).toBe('学习率 0.1；每个批归一化的 γ 都从 1 开始');
    const bad = { ...PAPER_RECIPE, depths: [21], width: 8, seed: 1, evalEvery: 10, evalExamples: 100, predictions: 4, lr: NaN };
    expect(checkConfig(bad)).toEqual(['depth 21 is not 6n + 2 (8, 20, 32, 44, 56…)', 'the learning rate must be a number']);
    expect(checkConfig(bad, strings['zh-cn'])).toEqual(['深度 21 不是 6n + 2（8、20、32、44、56…）', '学习率必须是一个数']);
  });

  test.each([
    ['plain-56', 'plain-20', 'higher'],
    ['res-56', 'res-20', 'lower'],
    ['res-20', 'plain-20', 'lower'],
  ] as const)('%s against %s: the Chinese sentence states the same numbers and direction as the English one', (a, b, claim) => {
    const c = compareNets(REFERENCE_FAMILIES.recipe, a, b, claim);
    const n = REFERENCE_FAMILIES.recipe.length;
    const en = describeComparison(c, n);
    const zh = describeComparison(c, n, undefined, strings['zh-cn']);
    expect(numbers(zh).sort()).toEqual(numbers(en).sort());
    expect(zh.includes('高于')).toBe(en.includes('higher training error'));
    expect(zh.includes('低于')).toBe(en.includes('lower training error'));
    expect(zh.replace(/ResNet-\d+|plain-\d+/g, '')).not.toMatch(/[A-Za-z]{3,}/);
  });

  test('the divergence sentence is reworded with its numbers, and any other sentence is quoted', () => {
    const message = 'plain-8: training diverged: the loss became NaN at step 12 (learning rate 5). The updates overshoot; lower the learning rate or warm up from a smaller one.';
    const zh = strings['zh-cn'].doneDiverged(message);
    expect(zh).toContain('plain-8');
    expect(zh).toContain('第 12 步');
    expect(zh).toContain('NaN');
    expect(zh).toContain('学习率 5');
    expect(strings['zh-cn'].doneDiverged('something else')).toContain('something else');
    expect(strings.en.doneDiverged(message)).toBe(`Training stopped: ${message}`);
  });
});
