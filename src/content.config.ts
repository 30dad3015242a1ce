import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

/** A work a lesson cites. The lesson's text links to it with `<Cite id="…" at="Table 3" />`. */
export const referenceSchema = z.object({
  /** Key the text cites it by, e.g. `he2016`. */
  id: z.string().regex(/^[a-z0-9-]+$/, 'reference ids are lower-case letters, digits and dashes'),
  /** How the text names it, e.g. "He et al. 2016". */
  short: z.string(),
  /** Full author list as printed. */
  authors: z.string(),
  title: z.string(),
  /** Venue and year, e.g. "CVPR 2016". */
  venue: z.string(),
  /** Where to read it (the paper's own page or arXiv). */
  url: z.string().url(),
});

/** Frontmatter of a lesson in src/lessons. */
export const lessonSchema = z.object({
  /** Page title and sidebar label. */
  title: z.string().min(3),
  /** One or two sentences: what the reader will understand afterwards. Used on the landing page and in search. */
  description: z.string().min(20),
  /** Position in the reading order (1 = first). */
  order: z.number().int().positive(),
  /** Lessons (by id, the file name without .mdx) worth reading first. */
  prerequisites: z.array(z.string()).default([]),
  /** Works the lesson cites; every `<Cite>` must name one of these. */
  references: z.array(referenceSchema).min(1),
});

export type Lesson = z.infer<typeof lessonSchema>;

/**
 * Frontmatter of a translated lesson (src/lessons-zh-cn/<id>.mdx): its title and description; reading order,
 * prerequisites and references are the English lesson's of the same id (scripts/check-i18n.ts checks the rest).
 */
export const lessonTranslationSchema = z.object({ title: z.string().min(2), description: z.string().min(10) }).strict();

/** One step of a course: a lesson id, or a lesson id with the instructor's note for it. */
export const courseLessonSchema = z.union([
  z.string(),
  z.object({
    /** A lesson id (its file name in src/lessons without .mdx), e.g. `resnet-50`. Unknown ids fail the build. */
    lesson: z.string(),
    /** The instructor's note, shown above the lesson and in the printable view. Blank lines separate paragraphs. */
    notes: z.string().optional(),
  }),
]);

/** Frontmatter of a course in src/courses: an instructor's own sequence of the site's lessons. */
export const courseSchema = z.object({
  /** Course name, e.g. "Deep Learning for Vision". */
  title: z.string().min(3),
  /** When it runs, e.g. "Spring 2027". */
  term: z.string().min(1),
  /** Who teaches it, as it should be printed. */
  instructor: z.string().min(1),
  /** One or two sentences for the course list. */
  description: z.string().optional(),
  /**
   * The course's language: an `en` course is listed at /courses/, a `zh-cn` one at /zh-cn/courses/ with the Chinese
   * lessons. A course in a language's folder (src/courses/zh-cn/) must say that language.
   */
  lang: z.enum(['en', 'zh-cn']).default('en'),
  /** The lessons in the order students take them; each lesson at most once. */
  lessons: z.array(courseLessonSchema).min(1),
});

export type Course = z.infer<typeof courseSchema>;

/** Frontmatter of a widget catalog entry in src/catalog; the entry's MDX body is both the live example and the snippet. */
export const catalogSchema = z.object({
  /** The component's name as lessons write it, e.g. `ArchitectureExplorer`, or `js cell` for the fence. */
  name: z.string(),
  /** One sentence: what it shows or lets the reader do. */
  summary: z.string(),
  /** Where it lives, from the repository root, e.g. `src/widgets/architecture-explorer/ArchitectureExplorer.astro`. */
  source: z.string().regex(/^src\/.+\.astro$/, 'source is the .astro file under src/'),
  /** Position on the catalog page (then by name). */
  order: z.number().int(),
  /** Every prop, as the component's `interface Props` declares it. */
  props: z
    .array(
      z.object({
        name: z.string(),
        /** TypeScript type as written in the component. */
        type: z.string(),
        required: z.boolean().default(false),
        default: z.string().optional(),
        description: z.string(),
      }),
    )
    .default([]),
  /** Works the example cites, for `<Cite>` (a lesson lists them in its own frontmatter). */
  references: z.array(referenceSchema).default([]),
});

export type CatalogEntry = z.infer<typeof catalogSchema>;
export type Reference = z.infer<typeof referenceSchema>;

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  lessons: defineCollection({
    loader: glob({ pattern: '**/[^_]*.mdx', base: './src/lessons' }),
    schema: lessonSchema,
  }),
  lessonsZhCn: defineCollection({
    loader: glob({ pattern: '**/[^_]*.mdx', base: './src/lessons-zh-cn' }),
    schema: lessonTranslationSchema,
  }),
  courses: defineCollection({
    loader: glob({ pattern: '**/[^_]*.mdx', base: './src/courses' }),
    schema: courseSchema,
  }),
  catalog: defineCollection({
    loader: glob({ pattern: '**/[^_]*.mdx', base: './src/catalog' }),
    schema: catalogSchema,
  }),
};
