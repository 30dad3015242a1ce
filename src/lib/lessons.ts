import { getCollection, type CollectionEntry } from 'astro:content';
import { checkLessonOrder } from './lesson-order';

export type LessonEntry = CollectionEntry<'lessons'>;

/**
 * All lessons in reading order; fails the build when two lessons share an order, a prerequisite names no lesson, or
 * a prerequisite comes after the lesson that needs it (rules in ./lesson-order.ts).
 */
export async function lessonsInOrder(): Promise<LessonEntry[]> {
  const lessons = await getCollection('lessons');
  const checked = checkLessonOrder(lessons.map((l) => ({ id: l.id, order: l.data.order, prerequisites: l.data.prerequisites })));
  const byId = new Map(lessons.map((l) => [l.id, l]));
  return checked.map((l) => byId.get(l.id)!);
}

/** Site-relative path of a lesson (Starlight and `withBase` add the base path). */
export const lessonPath = (id: string) => `/lessons/${id}/`;

/** Prefix a site-relative path with the configured base path. */
export function withBase(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}

/** The sidebar every page shows: home, then the lessons in reading order. */
export async function siteSidebar() {
  const lessons = await lessonsInOrder();
  return [
    { label: 'Home', link: '/' },
    { label: 'Lessons', items: lessons.map((l) => ({ label: l.data.title, link: lessonPath(l.id) })) },
    { label: 'Scratchpad', link: '/scratchpad/' },
    {
      label: 'For instructors and authors',
      items: [
        { label: 'Courses', link: '/courses/' },
        { label: 'Widget catalog', link: '/catalog/' },
        { label: 'Authoring guide', link: '/guide/authoring/' },
        { label: 'Deploying the site', link: '/guide/deploy/' },
      ],
    },
  ];
}
