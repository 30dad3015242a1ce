import { getCollection, type CollectionEntry } from 'astro:content';

export type LessonEntry = CollectionEntry<'lessons'>;

/** All lessons in reading order; fails the build when a prerequisite names no lesson or two lessons share an order. */
export async function lessonsInOrder(): Promise<LessonEntry[]> {
  const lessons = (await getCollection('lessons')).sort((a, b) => a.data.order - b.data.order);
  const ids = new Set(lessons.map((l) => l.id));
  const seen = new Map<number, string>();
  for (const l of lessons) {
    const clash = seen.get(l.data.order);
    if (clash) throw new Error(`Lessons "${clash}" and "${l.id}" both have order ${l.data.order}`);
    seen.set(l.data.order, l.id);
    for (const p of l.data.prerequisites) {
      if (!ids.has(p)) throw new Error(`Lesson "${l.id}" lists prerequisite "${p}", which is not a lesson`);
    }
  }
  return lessons;
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
