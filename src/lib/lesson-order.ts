/**
 * The site's reading order, checked: pure, so the rules are unit-tested in Node. src/lib/lessons.ts feeds it the
 * lessons collection at build time, where a throw fails the build.
 */

/** What the order check needs from a lesson's frontmatter. */
export interface LessonOrderInfo {
  id: string;
  order: number;
  prerequisites: readonly string[];
}

/**
 * The lessons sorted by `order`. Throws when two lessons share an order, when a prerequisite names no lesson, or when
 * a prerequisite comes at or after the lesson that needs it: a reader who follows the sidebar must meet every
 * prerequisite first.
 */
export function checkLessonOrder<T extends LessonOrderInfo>(lessons: readonly T[]): T[] {
  const sorted = [...lessons].sort((a, b) => a.order - b.order);
  const position = new Map(sorted.map((l, i) => [l.id, i]));
  const seen = new Map<number, string>();
  for (const [i, l] of sorted.entries()) {
    const clash = seen.get(l.order);
    if (clash) throw new Error(`Lessons "${clash}" and "${l.id}" both have order ${l.order}`);
    seen.set(l.order, l.id);
    for (const p of l.prerequisites) {
      const at = position.get(p);
      if (at === undefined) throw new Error(`Lesson "${l.id}" lists prerequisite "${p}", which is not a lesson`);
      if (at >= i) throw new Error(`Lesson "${l.id}" (order ${l.order}) lists prerequisite "${p}", which comes later in the reading order (order ${sorted[at]!.order})`);
    }
  }
  return sorted;
}
