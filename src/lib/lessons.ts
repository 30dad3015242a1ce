import { getCollection, type CollectionEntry } from 'astro:content';
import { checkLessonOrder } from './lesson-order';
import { localePath, type Locale } from '../i18n/locales';
import { strings } from '../i18n/strings';
import type { Lesson } from '../content.config';

/**
 * A lesson in one language: the English entry, or its translation carrying the English lesson's id, order,
 * prerequisites and references with the translated title and description. `render(entry)` renders its own body.
 */
export type LessonEntry =
  | CollectionEntry<'lessons'>
  | (Omit<CollectionEntry<'lessonsZhCn'>, 'data'> & { data: Lesson });

/**
 * All lessons in reading order, in a language; fails the build when two lessons share an order, a prerequisite
 * names no lesson, or a prerequisite comes after the lesson that needs it (rules in ./lesson-order.ts). A lesson
 * not yet translated shows in English (scripts/check-i18n.ts fails the build for it).
 */
export async function lessonsInOrder(locale: Locale = 'en'): Promise<LessonEntry[]> {
  const lessons = await getCollection('lessons');
  const checked = checkLessonOrder(lessons.map((l) => ({ id: l.id, order: l.data.order, prerequisites: l.data.prerequisites })));
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const english = checked.map((l) => byId.get(l.id)!);
  if (locale === 'en') return english;
  const translated = new Map((await getCollection('lessonsZhCn')).map((t) => [t.id, t]));
  return english.map((en): LessonEntry => {
    const t = translated.get(en.id);
    return t ? { ...t, data: { ...en.data, title: t.data.title, description: t.data.description } } : en;
  });
}

/** Site-relative path of a lesson in a language (Starlight and `withBase` add the base path). */
export const lessonPath = (id: string, locale: Locale = 'en') => localePath(locale, `/lessons/${id}/`);

/** Prefix a site-relative path with the configured base path. */
export function withBase(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * The sidebar every page shows: home, then the lessons in reading order, in the page's language. Its links are
 * the English paths: Starlight puts the page's locale in front of every sidebar link itself.
 */
export async function siteSidebar(locale: Locale = 'en') {
  const lessons = await lessonsInOrder(locale);
  const t = strings[locale];
  const at = (path: string) => path;
  return [
    { label: t.home, link: at('/') },
    { label: t.lessons, items: lessons.map((l) => ({ label: l.data.title, link: lessonPath(l.id) })) },
    { label: t.scratchpad, link: at('/scratchpad/') },
    {
      label: t.forInstructors,
      items: [
        { label: t.courses, link: at('/courses/') },
        { label: t.catalog, link: at('/catalog/') },
        { label: t.authoringGuide, link: at('/guide/authoring/') },
        { label: t.deployGuide, link: at('/guide/deploy/') },
      ],
    },
  ];
}
