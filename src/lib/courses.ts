/** Courses at build time: the collection, each course's checked lesson sequence, and the routes. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { lessonsInOrder, type LessonEntry } from './lessons';
import { courseSequence, type CourseStep } from './course-sequence';
import { isLocale, localePath, type Locale } from '../i18n/locales';
import { strings } from '../components/courses/strings';

export type CourseEntry = CollectionEntry<'courses'>;

export interface ResolvedCourse {
  entry: CourseEntry;
  /** The course's language (its frontmatter `lang`): its pages live under that locale's prefix. */
  locale: Locale;
  /** Its address segment: the file name, without a folder (`zh-cn/x.mdx` → `x`). */
  slug: string;
  steps: CourseStep[];
  /** The lesson entries in the course's language, by id, for rendering their content inside the course. */
  lessons: Map<string, LessonEntry>;
}

/** A course's address segment: its id without the folder, so `src/courses/zh-cn/x.mdx` lives at `/zh-cn/courses/x/`. */
export const courseSlug = (id: string) => id.slice(id.lastIndexOf('/') + 1);

/**
 * The courses written in one language, sorted by title, with their lessons resolved in that language. Fails the
 * build when a lesson id is unknown, when a course sits in a language's folder but says another `lang`, or when two
 * courses of one language would share an address.
 */
export async function allCourses(locale: Locale = 'en'): Promise<ResolvedCourse[]> {
  const lessons = await lessonsInOrder(locale);
  const info = lessons.map((l) => ({ id: l.id, title: l.data.title, description: l.data.description }));
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const all = await getCollection('courses');
  for (const c of all) {
    const folder = c.id.includes('/') ? c.id.split('/')[0] : undefined;
    if (folder && isLocale(folder) && folder !== c.data.lang) {
      throw new Error(`Course "${c.id}" is in src/courses/${folder}/ but says lang: ${c.data.lang}; write lang: ${folder}`);
    }
  }
  const courses = all.filter((c) => c.data.lang === locale).sort((a, b) => a.data.title.localeCompare(b.data.title));
  const seen = new Map<string, string>();
  for (const c of courses) {
    const slug = courseSlug(c.id);
    const other = seen.get(slug);
    if (other) throw new Error(`Courses "${other}" and "${c.id}" would both live at ${localePath(locale, coursePath(slug))}`);
    seen.set(slug, c.id);
  }
  return courses.map((entry) => ({
    entry,
    locale,
    slug: courseSlug(entry.id),
    steps: courseSequence(entry.id, entry.data.lessons, info),
    lessons: byId,
  }));
}

/** Site-relative paths in a language (withBase adds the base path). */
export const coursesPath = (locale: Locale = 'en') => localePath(locale, '/courses/');
export const coursePath = (course: string, locale: Locale = 'en') => localePath(locale, `/courses/${course}/`);
export const courseLessonPath = (course: string, lesson: string, locale: Locale = 'en') =>
  localePath(locale, `/courses/${course}/${lesson}/`);
export const coursePrintPath = (course: string, locale: Locale = 'en') => localePath(locale, `/courses/${course}/print/`);

/**
 * The sidebar of a course's pages: its overview, its lessons in the course's order, the printable view. Its links
 * are the English paths: Starlight puts the page's locale in front of every sidebar link itself.
 */
export function courseSidebar(course: ResolvedCourse) {
  const { slug, locale } = course;
  const t = strings[locale];
  return [
    { label: course.entry.data.title, link: coursePath(slug) },
    {
      label: t.lessonsInThisCourse,
      items: course.steps.map((s) => ({ label: `${s.position}. ${s.lesson.title}`, link: courseLessonPath(slug, s.lesson.id) })),
    },
    { label: t.printableSyllabus, link: coursePrintPath(slug) },
    { label: t.allCourses, link: coursesPath() },
    { label: t.siteHome, link: '/' },
  ];
}
