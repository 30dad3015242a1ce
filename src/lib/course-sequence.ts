/**
 * A course's lesson list, checked against the lessons that exist: pure, so the rules are unit-tested in Node.
 * src/lib/courses.ts feeds it the content collections at build time, where a throw fails the build.
 */

/** As written in a course's frontmatter: a lesson id, or `{ lesson, notes }`. */
export type CourseLessonRef = string | { lesson: string; notes?: string | undefined };

/** What a course step needs to know about a lesson. */
export interface LessonInfo {
  id: string;
  title: string;
  description: string;
}

export interface CourseStep {
  /** 1-based position in the course. */
  position: number;
  lesson: LessonInfo;
  /** The instructor's note as paragraphs (split on blank lines); empty when there is none. */
  notes: string[];
  prev: LessonInfo | null;
  next: LessonInfo | null;
}

/** Splits a note on blank lines and trims each paragraph; whitespace-only notes give none. */
export function noteParagraphs(notes: string | undefined): string[] {
  return (notes ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/**
 * Resolves a course's lessons in the instructor's order, with previous/next inside the course.
 * Throws, quoting the value, when a lesson id is unknown or listed twice: a course must never link to nothing.
 */
export function courseSequence(course: string, refs: readonly CourseLessonRef[], lessons: readonly LessonInfo[]): CourseStep[] {
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const seen = new Set<string>();
  const resolved = refs.map((ref) => {
    const id = typeof ref === 'string' ? ref : ref.lesson;
    const lesson = byId.get(id);
    if (!lesson) {
      throw new Error(`Course "${course}" lists lesson "${id}", which is not a lesson (known: ${[...byId.keys()].join(', ')})`);
    }
    if (seen.has(id)) throw new Error(`Course "${course}" lists lesson "${id}" twice`);
    seen.add(id);
    return { lesson, notes: noteParagraphs(typeof ref === 'string' ? undefined : ref.notes) };
  });
  return resolved.map((r, i) => ({
    position: i + 1,
    lesson: r.lesson,
    notes: r.notes,
    prev: resolved[i - 1]?.lesson ?? null,
    next: resolved[i + 1]?.lesson ?? null,
  }));
}
