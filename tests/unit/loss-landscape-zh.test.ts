// The loss landscape in Simplified Chinese: the sentence under its plots states the same numbers as the English one
// for every committed view and for a live one, and a bad setting is refused with the same value quoted.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLandscapeRecord } from '../../src/model/analysis/landscape-record';
import { checkSettings, emptyPanel, fillPoints, referenceViews, viewCaption, type View } from '../../src/widgets/loss-landscape/series';
import { strings } from '../../src/widgets/loss-landscape/strings';

const dir = join(__dirname, '../../src/data/landscapes');
const files = [...readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f)), ...readdirSync(join(dir, 'grid21')).map((f) => join(dir, 'grid21', f))];
const views = referenceViews(files.map((f) => parseLandscapeRecord(JSON.parse(readFileSync(f, 'utf8')), f)));
/** Numbers as written; net names and the command that made a record (a path with digits) are left out. */
const numbers = (text: string, command = '\u0000') => (text.replace(command, '').replace(/\b(res|plain)-\d+/g, 'net').match(/\d[\d.,]*\d|\d/g) ?? []).sort();

describe('the caption in zh-CN', () => {
  test.each(Object.keys(views))('committed view %s: the same numbers as in English, in Chinese', (key) => {
    const v = views[key]!;
    const [en, zh] = [viewCaption(v), viewCaption(v, 'zh-cn')];
    expect(numbers(zh, v.command)).toEqual(numbers(en, v.command));
    expect(zh).toMatch(/逐滤波器归一化/);
    if (v.command) expect(zh).toContain(v.command);
    for (const p of v.panels) expect(zh).toContain(p.net);
  });
  test('a live view of the reader’s own net, part computed', () => {
    const panel = emptyPanel('saved', strings['zh-cn'].yourNet('res-20'), 1, 5);
    fillPoints(panel, [{ index: 12, loss: 0.4321, error: 0.1 }]);
    const v: View = { source: 'live', depth: 20, seed: 4, span: 1, batch: { count: 256, seed: 1 }, panels: [panel] };
    const zh = viewCaption(v, 'zh-cn');
    expect(zh).toMatch(/^在本页中计算：你的 res-20（训练好的权重处损失为 0\.43）。方向种子 4/);
    expect(numbers(zh)).toEqual(numbers(viewCaption(v)));
  });
});

test('a bad setting is refused in Chinese, quoting the value', () => {
  const ok = { depth: 20, grid: 11, span: 1, seed: 1 };
  for (const [bad, value] of [[{ depth: 32 }, '32'], [{ grid: 12 }, '12'], [{ span: 9 }, '9'], [{ seed: 0 }, '0']] as const) {
    expect(() => checkSettings({ ...ok, ...bad }, 'zh-cn')).toThrow(new RegExp(`[\\u4e00-\\u9fff].*得到的是 ${value}$`));
    expect(() => checkSettings({ ...ok, ...bad })).toThrow(new RegExp(`got ${value}$`));
  }
});

test('the status lines keep the English numbers', () => {
  const [en, zh] = [strings.en, strings['zh-cn']];
  const n = (s: string) => (s.match(/\d[\d.,]*\d|\d/g) ?? []).sort();
  expect(n(zh.computing('plain-20', 1200, 2500, '3.25'))).toEqual(n(en.computing('plain-20', 1200, 2500, '3.25')));
  expect(n(zh.done(2500, 130.2, '3.25'))).toEqual(n(en.done(2500, 130.2, '3.25')));
  expect(n(zh.cancelled(12, 50))).toEqual(n(en.cancelled(12, 50)));
  for (const s of [4.2, 89.5, 600]) expect(n(zh.timeLeft(s))).toEqual(n(en.timeLeft(s)));
});
