// The lesion study in Simplified Chinese: the sentence under its charts states the same computed errors as the
// English one (every number the same), and its charts word their axes and legends in the table's language.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLesionRecord } from '../../src/model/analysis/lesion-record';
import { studyCaption, studyData } from '../../src/widgets/lesion-study/series';
import { strings } from '../../src/widgets/lesion-study/strings';

const dir = join(__dirname, '../../src/data/lesions');
const records = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => parseLesionRecord(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
const numbers = (text: string) => (text.match(/\d[\d.,]*\d|\d/g) ?? []).sort();

describe.each([20, 56])('depth %i', (depth) => {
  const data = studyData(records, depth);
  test('the zh-CN caption states exactly the English caption’s numbers, in Chinese', () => {
    const [en, zh] = [studyCaption(data), studyCaption(data, 'zh-cn')];
    expect(en.length).toBeGreaterThan(0);
    expect(numbers(zh)).toEqual(numbers(en));
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).not.toMatch(/[,;:] |[()]/);
    expect(zh.endsWith('。')).toBe(true);
  });
  test('with one net only, each language says the same', () => {
    for (const nets of [{ residual: data.nets.residual }, { plain: data.nets.plain }]) {
      const d = { ...data, nets };
      expect(numbers(studyCaption(d, 'zh-cn'))).toEqual(numbers(studyCaption(d)));
    }
  });
});

test('the status lines keep the English numbers', () => {
  const [en, zh] = [strings.en, strings['zh-cn']];
  expect(numbers(zh.measuring('res-20', 12000, 20000))).toEqual(numbers(en.measuring('res-20', 12000, 20000)));
  for (const s of [5.2, 95, 1000]) expect(numbers(zh.timeLeft(s))).toEqual(numbers(en.timeLeft(s)));
  const differ = [{ name: 'layer1.0', measured: '58.20 %', committed: '58.25 %' }, { name: 'layer2.0', measured: '23.40 %', committed: null }];
  expect(numbers(zh.someDiffer(7, 9, differ))).toEqual(numbers(en.someDiffer(7, 9, differ)));
  expect(numbers(zh.comparedIntact('res-20', '17.60 %', '17.60 %', true))).toEqual(numbers(en.comparedIntact('res-20', '17.60 %', '17.60 %', true)));
});
