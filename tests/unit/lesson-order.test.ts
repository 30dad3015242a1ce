// The site's reading order: the rules (no shared order, no unknown or later prerequisite) and the order the lessons
// actually declare, read from their frontmatter, so a lesson moved to the wrong place fails here as well as in the build.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkLessonOrder, type LessonOrderInfo } from '../../src/lib/lesson-order';

const lesson = (id: string, order: number, prerequisites: string[] = []): LessonOrderInfo => ({ id, order, prerequisites });

describe('checking the reading order', () => {
  test('sorts by order, whatever order the lessons arrive in', () => {
    const sorted = checkLessonOrder([lesson('c', 30, ['a']), lesson('a', 10), lesson('b', 20, ['a'])]);
    expect(sorted.map((l) => l.id)).toEqual(['a', 'b', 'c']);
  });
  test('two lessons with the same order fail, naming both', () => {
    expect(() => checkLessonOrder([lesson('a', 1), lesson('b', 1)])).toThrow('Lessons "a" and "b" both have order 1');
  });
  test('a prerequisite that is not a lesson fails', () => {
    expect(() => checkLessonOrder([lesson('a', 1, ['nope'])])).toThrow('Lesson "a" lists prerequisite "nope", which is not a lesson');
  });
  test('a prerequisite that comes later in the reading order fails, and so does a lesson that needs itself', () => {
    expect(() => checkLessonOrder([lesson('grouped', 4, ['bottleneck']), lesson('bottleneck', 6)])).toThrow(
      'Lesson "grouped" (order 4) lists prerequisite "bottleneck", which comes later in the reading order (order 6)',
    );
    expect(() => checkLessonOrder([lesson('a', 1, ['a'])])).toThrow('comes later in the reading order');
  });
});

/** `order` and `prerequisites` of every lesson in src/lessons, read from the frontmatter (inline or list form). */
function siteLessons(): LessonOrderInfo[] {
  const dir = join(__dirname, '../../src/lessons');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mdx') && !f.startsWith('_'))
    .map((file) => {
      const front = readFileSync(join(dir, file), 'utf8').split(/^---$/m)[1] ?? '';
      const order = Number(/^order:\s*(\d+)\s*$/m.exec(front)?.[1]);
      const inline = /^prerequisites:\s*\[(.*)\]\s*$/m.exec(front)?.[1];
      const list = /^prerequisites:\s*\n((?:\s+-\s+.+\n?)+)/m.exec(front)?.[1];
      const prerequisites = (inline !== undefined ? inline.split(',') : (list ?? '').split('\n').map((l) => l.replace(/^\s*-\s*/, '')))
        .map((p) => p.trim())
        .filter(Boolean);
      return { id: file.replace(/\.mdx$/, ''), order, prerequisites };
    });
}

describe("the site's lessons", () => {
  const lessons = siteLessons();
  const ids = checkLessonOrder(lessons).map((l) => l.id);
  const byId = new Map(lessons.map((l) => [l.id, l]));

  test('every lesson has an order, and the order passes the rules', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(7);
    for (const l of lessons) expect(Number.isInteger(l.order), `${l.id} has no order`).toBe(true);
  });
  test('ResNet-50 (the bottleneck block) comes before grouped convolution and split-transform-merge, which build on it', () => {
    expect(ids.indexOf('resnet-50')).toBeLessThan(ids.indexOf('grouped-convolution'));
    expect(ids.indexOf('grouped-convolution')).toBeLessThan(ids.indexOf('split-transform-merge'));
    expect(byId.get('grouped-convolution')!.prerequisites).toContain('resnet-50');
    expect(byId.get('split-transform-merge')!.prerequisites).toEqual(expect.arrayContaining(['resnet-50', 'grouped-convolution']));
    expect(byId.get('pretrained-resnet50')!.prerequisites).toContain('resnet-50');
  });
  test('the ideas come first: degradation, residual learning and gradient flow open the reading order', () => {
    expect(ids.slice(0, 3)).toEqual(['degradation', 'residual-learning', 'gradient-flow']);
  });
});
