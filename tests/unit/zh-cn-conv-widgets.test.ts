// The Simplified Chinese words of the grouped-conv, split-transform-merge and architecture-explorer widgets: the same
// numbers as the English sentences, in Chinese, with no English words left (names and units aside).
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/model/analyze';
import { IMAGENET_BUILDERS, cifarResNet, type ImageNetArch } from '../../src/model/builders';
import { strings as explorerStrings } from '../../src/widgets/architecture-explorer/strings';
import { buildTree, rowSummary } from '../../src/widgets/architecture-explorer/tree';
import { costRows, describeGroups, summary } from '../../src/widgets/grouped-conv/grouped-conv';
import { strings as groupedStrings } from '../../src/widgets/grouped-conv/strings';
import { describeForms } from '../../src/widgets/split-transform-merge/forms';
import { compareSeed, conclude, type SeedComparison } from '../../src/widgets/split-transform-merge/paired';
import { RESNEXT_COMPARISON } from '../../src/widgets/split-transform-merge/reference';
import { strings as stmStrings } from '../../src/widgets/split-transform-merge/strings';

/** English words left in a Chinese sentence, after the names, units and notation that read the same in both. */
const english = (s: string) => s.replace(/\b(ResNeXt|ResNet|ReLU|BN|McNemar|float32|TensorFlow\.js|wasm|ms|p|C|d|conv\d|fc|layer\d[.\d]*|downsample\.\d|bn\d|maxpool|avgpool|conv\d_x)\b/g, '').match(/[A-Za-z]{2,}/g) ?? [];
const numbers = (s: string) => s.match(/\d+(?:[.,]\d+)*/g) ?? [];

describe('grouped-conv in Chinese', () => {
  const setup = { channels: 16, kernel: 3, size: 14 };
  const zh = groupedStrings['zh-cn'];
  test('the group counts and the summary carry the English numbers, formatted the same way', () => {
    expect(describeGroups(16, 4, zh)).toBe('4 组，每组 4 个通道');
    expect(describeGroups(16, 16, zh)).toMatch(/深度卷积/);
    const row = costRows(setup)[2]!;
    expect(numbers(summary(setup, row, zh))).toEqual(numbers(summary(setup, row)));
    expect(summary(setup, row, zh)).toContain('112,896');
    expect(english(summary(setup, row, zh))).toEqual([]);
  });
});

describe('split-transform-merge in Chinese', () => {
  const zh = stmStrings['zh-cn'];
  test('the three forms keep their numbers and lose their English words', () => {
    const [en, cn] = [describeForms(256, 32, 4), describeForms(256, 32, 4, zh)];
    for (const [a, b] of en.map((f, i) => [f, cn[i]!] as const)) {
      expect(b.convOps).toBe(a.convOps);
      expect(numbers(b.layers.join(' '))).toEqual(numbers(a.layers.join(' ')));
      expect(english([b.name, ...b.layers].join(' '))).toEqual([]);
    }
  });

  function seedWith(seed: number, onlyFirst: number, onlySecond: number): SeedComparison {
    const n = 1000;
    const labels = '0'.repeat(n);
    const first = '0'.repeat(n - 100 - onlySecond) + '1'.repeat(onlySecond) + '1'.repeat(100);
    const second = '0'.repeat(n - 100 - onlySecond - onlyFirst) + '1'.repeat(onlyFirst) + '0'.repeat(onlySecond) + '1'.repeat(100);
    return compareSeed(seed, labels, first, second);
  }

  test.each([
    ['a tie', [seedWith(1, 10, 20), seedWith(2, 10, 30), seedWith(3, 10, 10), seedWith(4, 20, 10), seedWith(5, 10, 40)]],
    ['a win', [seedWith(1, 20, 40), seedWith(2, 25, 40), seedWith(3, 20, 45), seedWith(4, 30, 45), seedWith(5, 20, 40)]],
    ['the committed runs', RESNEXT_COMPARISON.seeds],
  ])('%s: the Chinese conclusion has the English one’s verdict and numbers', (_, seeds) => {
    const [en, cn] = [conclude(seeds), conclude(seeds, undefined, zh)];
    expect(cn.verdict).toBe(en.verdict);
    expect(numbers(cn.text).sort()).toEqual(numbers(en.text).sort());
    expect(english(cn.text)).toEqual([]);
    expect(english(cn.short)).toEqual([]);
  });

  test('the committed conclusion is the English one (the lesson and the e2e quote it)', () => {
    expect(conclude(RESNEXT_COMPARISON.seeds).text).toBe(RESNEXT_COMPARISON.conclusion.text);
  });

  test('the learning-rate schedule in Chinese', () => {
    expect(zh.schedule('0.05, ÷10 at 225')).toBe('0.05，在第 225 步除以 10');
    expect(stmStrings.en.schedule('0.05, ÷10 at 225')).toBe('0.05, ÷10 at 225');
  });
});

describe('architecture-explorer in Chinese', () => {
  const zh = explorerStrings['zh-cn'];
  const nets = [...(Object.keys(IMAGENET_BUILDERS) as ImageNetArch[]).map((a) => IMAGENET_BUILDERS[a]({})), cifarResNet({ depth: 20 })];
  test.each(nets.map((n) => [n.name, n] as const))('%s: every row is worded in Chinese, with the English rows’ numbers', (_, spec) => {
    const report = analyze(spec);
    const [en, cn] = [buildTree(report), buildTree(report, zh)];
    cn.rows.forEach((row, i) => {
      const a = en.rows[i]!;
      expect(row.id).toBe(a.id);
      expect(english(`${row.description} ${row.kind === 'layer' || row.kind === 'block' ? '' : row.label}`)).toEqual([]);
      expect(numbers(row.description)).toEqual(numbers(a.description));
      expect(numbers(rowSummary(row, cn.total, zh))).toEqual(numbers(rowSummary(a, en.total)));
    });
  });
});
