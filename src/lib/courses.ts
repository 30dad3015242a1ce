/** Courses at build time: the collection, each course's checked lesson sequence, and the routes. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { lessonsInOrder, type LessonEntry } from './lessons';
import { courseSequence, type CourseStep } from './course-sequence';

export type CourseEntry = CollectionEntry<'courses'>;

export interface ResolvedCourse {
  entry: CourseEntry;
  steps: CourseStep[];
  /** The lesson entries, by id, for rendering their content inside the course. */
  lessons: Map<string, LessonEntry>;
}

/** Every course, sorted by title, with its lessons resolved; an unknown lesson id fails the build. */
export async function allCourses(): Promise<ResolvedCourse[]> {
  const lessons = await lessonsInOrder();
  const info = lessons.map((l) => ({ id: l.id, title: l.data.title, description: l.data.description }));
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const courses = (await getCollection('courses')).sort((a, b) => a.data.title.localeCompare(b.data.title));
  return courses.map((entry) => ({ entry, steps: courseSequence(entry.id, entry.data.lessons, info), lessons: byId }));
}

/** Site-relative paths (withBase adds the base path). */
export const coursePath = (course: string) => `/courses/${course}/`;
export const courseLessonPath = (course: string, lesson: string) => `/courses/${course}/${lesson}/`;
export const coursePrintPath = (course: string) => `/courses/${course}/print/`;

/** The sidebar of a course's pages: its overview, its lessons in the course's order, the printable view. */
export function courseSidebar(course: ResolvedCourse) {
  const id = course.entry.id;
  return [
    { label: course.entry.data.title, link: coursePath(id) },
    {
      label: 'Lessons in this course',
      items: course.steps.map((s) => ({ label: `${s.position}. ${s.lesson.title}`, link: courseLessonPath(id, s.lesson.id) })),
    },
    { label: 'Printable syllabus', link: coursePrintPath(id) },
    { label: 'All courses', link: '/courses/' },
    { label: 'Site home', link: '/' },
  ];
}
