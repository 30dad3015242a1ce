// The shared pieces in Simplified Chinese: the same data worded by the zh-CN tables, with the numbers formatted as in
// English (src/widgets/notebook-cell, src/widgets/shared, src/components/exercises, src/components/front,
// src/lib/fine-tune-verdict.ts). The English wording is checked by each piece's own tests.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { comparePrediction } from '../../src/components/exercises/check';
import { strings as exerciseStrings } from '../../src/components/exercises/strings';
import { describeRatios, flowSentence, parseFlowRecord } from '../../src/components/front/gradient-flow';
import { strings as frontStrings } from '../../src/components/front/strings';
import { describeFineTuneVerdict, fineTuneVerdict } from '../../src/lib/fine-tune-verdict';
import { parseSampleFlow } from '../../src/model/transfer/sample-flow';
import { reportRuntimeError, reportSyntaxError } from '../../src/widgets/notebook-cell/errors';
import { summarizeTensor } from '../../src/widgets/notebook-cell/render-value';
import { strings as cellStrings } from '../../src/widgets/notebook-cell/strings';
import { describeSavedModel } from '../../src/widgets/shared/saved-model';
import { strings as sharedStrings } from '../../src/widgets/shared/strings';
import { type Schema, describeFieldIn, describeRejected, readSettings } from '../../src/widgets/shared/url-state';

const han = /[\u4e00-\u9fff]/;

describe('notebook cell', () => {
  const zh = cellStrings['zh-cn'];
  test('error lines keep the line number and the engine’s message', () => {
    expect(reportSyntaxError({ message: 'Unexpected token', line: 2 }, zh)).toEqual({ text: '第 2 行：SyntaxError: Unexpected token', line: 2 });
    expect(reportRuntimeError('boom', 1, null, zh).text).toBe('未捕获的异常 "boom"');
  });
  test('a tensor summary says the same numbers', () => {
    const s = summarizeTensor(Float32Array.from([1, -2, 3]), [3], 'float32', 8, zh);
    expect(s.heading).toBe('float32 [3] · 3 个值');
    expect(s.stats).toEqual([
      { label: '最小值', value: '-2' },
      { label: '最大值', value: '3' },
      { label: '均值', value: '0.6667' },
    ]);
  });
});

describe('share links', () => {
  const zh = sharedStrings['zh-cn'];
  const schema = { steps: { kind: 'int', min: 1, max: 5000 }, lr: { kind: 'number' }, depths: { kind: 'list', of: { kind: 'int', values: [8, 20, 56] } } } satisfies Schema;
  test('the reasons a value was ignored are Chinese, and the same values are rejected as in English', () => {
    const search = '?w.steps=0&w.lr=abc&w.depths=20,7&w.x=1';
    const en = readSettings(schema, search, 'w');
    const cn = readSettings(schema, search, 'w', zh);
    expect(cn.settings).toEqual(en.settings);
    expect(cn.rejected.map((r) => [r.field, r.raw])).toEqual(en.rejected.map((r) => [r.field, r.raw]));
    expect(describeRejected(cn.rejected, zh)).toBe('steps=0（不在 1 与 5000 之间）；lr=abc（不是数字）；depths=20,7（7 不是 8, 20, 56 之一）；x=1（不是此交互组件的设置）');
    expect(describeFieldIn(zh, schema.depths)).toBe('以逗号分隔，每项为 8、20 或 56');
  });
  test('a saved model is named with the same numbers', () => {
    const text = describeSavedModel({ net: 'res-20', plain: false, step: 1200, validationError: 0.1234, savedAt: 'not a date' }, zh);
    expect(text).toBe('res-20（第 1,200 步，验证误差 12.3 %）');
  });
});

describe('exercises', () => {
  const zh = exerciseStrings['zh-cn'];
  test('a prediction is compared in Chinese, the percentages as in English', () => {
    expect(comparePrediction({ kind: 'number', value: 112 }, 100, 0.05, zh).summary).toBe('你的预测比结果高 12 %。');
    expect(comparePrediction({ kind: 'number', value: 100 }, 100, 0.05, zh).summary).toBe('你的预测误差在 5 % 以内：完全正确。');
    expect(comparePrediction({ kind: 'choice', value: 'a' }, 'b', 0.1, zh)).toEqual({ verdict: 'wrong', summary: '结果与你的预测不同。' });
  });
});

describe('front figures', () => {
  const zh = frontStrings['zh-cn'];
  test('the gradient-flow sentences decide the same way in both languages', () => {
    expect(describeRatios([0.2, 0.5], {}, zh)).toBe('在两个随机种子中都朝输入方向减小（stem 层处为最后一个块之后的 0.2 到 0.5 ×）');
    expect(describeRatios([1234], { brief: true }, zh)).toBe('在我们唯一的随机种子中朝输入方向增大（1,200 ×）');
    expect(describeRatios([0.5, 2, 3], {}, zh)).toMatch(/^在 3 个随机种子中的 1 个里朝输入方向减小/);
  });
  const flow = 'src/data/front/gradient-flow.json';
  test.skipIf(!existsSync(flow))('the committed record’s sentences in Chinese carry its numbers', () => {
    const record = parseFlowRecord(JSON.parse(readFileSync(flow, 'utf8')));
    for (const bn of [false, true]) {
      const en = flowSentence(record, bn);
      const cn = flowSentence(record, bn, zh);
      expect(cn).toMatch(han);
      expect(cn.match(/\d+(?:[.,]\d+)*/g)).toEqual(en.match(/\d+(?:[.,]\d+)*/g));
    }
  });
});

describe('fine-tuning verdict', () => {
  const file = 'src/data/transfer/sample-flow.json';
  test.skipIf(!existsSync(file))('the Chinese solution states the same numbers as the English one', () => {
    const v = fineTuneVerdict(parseSampleFlow(JSON.parse(readFileSync(file, 'utf8'))));
    const en = describeFineTuneVerdict(v);
    const cn = describeFineTuneVerdict(v, 'zh-cn');
    expect(cn).toMatch(han);
    expect(cn).not.toMatch(/\b(seed|images|epoch)\b/);
    const numbers = (s: string) => (s.match(/[+−]?\d+(?:[.,]\d+)*/g) ?? []).sort();
    expect(numbers(cn)).toEqual(numbers(en));
  });
});

describe('front figures: the map’s place', () => {
  test('describePosition’s places read in Chinese; English keeps the record’s words', () => {
    expect(frontStrings['zh-cn'].place('middle right')).toBe('右侧');
    expect(frontStrings['zh-cn'].place('centre')).toBe('中央');
    expect(frontStrings.en.place('middle right')).toBe('middle right');
  });
});
