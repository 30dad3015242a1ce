// The ResNet-50 widgets' Chinese wording: every message about a photo, and the transfer widget's status lines, say the
// same numbers as the English ones (formatted the same way), in Chinese; the English stays the default.
import { describe, expect, test } from 'vitest';
import { describePosition } from '../../src/widgets/shared/cam';
import { noteMessage, problemMessage, type InputNote, type InputProblem } from '../../src/widgets/shared/messages';
import { strings as photo } from '../../src/widgets/shared/photo/strings';
import { strings as transfer } from '../../src/widgets/transfer-learning/strings';
import { strings as classifier } from '../../src/widgets/resnet50-classifier/strings';
import { addedNote, rejectedLines } from '../../src/widgets/transfer-learning/batch';
import { ClassList } from '../../src/widgets/transfer-learning/classes';

const zh = photo['zh-cn'];
const numbers = (s: string) => s.match(/\d[\d,.]*\d|\d/g) ?? [];
const chinese = /[\u4e00-\u9fff]/;

const problems: InputProblem[] = [
  { code: 'empty' },
  { code: 'text' },
  { code: 'heic' },
  { code: 'unsupported', format: 'tiff' },
  { code: 'unsupported', format: 'jxl' },
  { code: 'not-an-image', format: 'pdf' },
  { code: 'not-an-image', format: 'audio' },
  { code: 'not-an-image', format: 'unknown' },
  { code: 'truncated', format: 'jpeg' },
  { code: 'undecodable', format: 'png' },
  { code: 'too-many-pixels', width: 30000, height: 20000 },
  { code: 'file-too-big', bytes: 150e6 },
  { code: 'no-image-in-paste' },
  { code: 'dropped-link' },
  { code: 'sample-failed', status: 404 },
  { code: 'sample-failed', status: null },
  { code: 'camera', reason: 'unsupported' },
  { code: 'camera', reason: 'denied' },
  { code: 'camera', reason: 'not-found' },
  { code: 'camera', reason: 'busy' },
  { code: 'camera', reason: 'failed', detail: 'NotSupportedError 7' },
];

describe('messages about a photo in Chinese', () => {
  test('each problem has its own Chinese message with the English numbers', () => {
    const seen = new Set<string>();
    for (const p of problems) {
      const en = problemMessage(p);
      const cn = problemMessage(p, zh);
      expect(cn, en).toMatch(chinese);
      expect(numbers(cn), cn).toEqual(numbers(en));
      seen.add(cn);
    }
    expect(seen.size).toBe(problems.length);
    expect(problemMessage({ code: 'not-an-image', format: 'video' }, zh)).toMatch(/^这是一个视频文件/);
    expect(problemMessage({ code: 'not-an-image', format: 'pdf' }, zh)).toMatch(/^这是一个 PDF 文件/);
  });

  test('notes keep their numbers', () => {
    const notes: InputNote[] = [
      { code: 'tiny', width: 1, height: 1 },
      { code: 'downscaled', width: 8000, height: 5000, toWidth: 1638, toHeight: 1024 },
      { code: 'animated' },
      { code: 'vector' },
    ];
    for (const n of notes) {
      expect(noteMessage(n, zh)).toMatch(chinese);
      expect(numbers(noteMessage(n, zh))).toEqual(numbers(noteMessage(n)));
    }
  });

  test('the nine places on the grid have nine Chinese names, as the English has nine', () => {
    const cells = [0, 3, 6].flatMap((r) => [0, 3, 6].map((c) => [r, c] as const));
    const en = cells.map(([r, c]) => describePosition(r, c, 7, 7));
    const cn = cells.map(([r, c]) => describePosition(r, c, 7, 7, zh));
    expect(new Set(en).size).toBe(9);
    expect(new Set(cn).size).toBe(9);
    expect(describePosition(0, 0, 7, 7, zh)).toBe('左上方');
    expect(describePosition(3, 3, 7, 7, zh)).toBe('中央');
  });
});

describe('the transfer widget in Chinese', () => {
  const t = transfer['zh-cn'];
  test('batch lines and class problems keep their numbers and names', () => {
    const o = { className: '猫', added: 175, duplicates: 2, rejected: Array.from({ length: 25 }, (_, i) => ({ name: `f${i}.txt`, message: 'x' })) };
    const en = rejectedLines(o, 20);
    const cn = rejectedLines(o, 20, t);
    expect(cn).toHaveLength(en.length);
    expect(cn.map(numbers)).toEqual(en.map(numbers));
    expect(numbers(addedNote(o, t))).toEqual(numbers(addedNote(o)));
    const list = new ClassList<string>(2, t.defaultClass);
    expect(list.classes.map((c) => c.name)).toEqual(['类别 1', '类别 2']);
    expect(list.problem(t)).toBe('“类别 1”只有 0 张图像：每个类别至少需要 2 张（一张用于训练，一张用于检验）。');
  });

  test('the training summary says the English numbers (a sentence may order them its own way)', () => {
    const args = [12, 27, true, '93.3 %', 18, '100.0 %', 72, '1.25 s'] as const;
    expect(numbers(t.summary(...args)).sort()).toEqual(numbers(transfer.en.summary(...args)).sort());
  });
});

test('the classifier’s Chinese table words every string the English one has', () => {
  for (const [key, value] of Object.entries(classifier['zh-cn'])) {
    if (typeof value === 'string' && /[A-Za-z]{4,}/.test(classifier.en[key as keyof typeof classifier.en] as string)) expect(value, key).toMatch(chinese);
  }
});
