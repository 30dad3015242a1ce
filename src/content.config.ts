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
export type Reference = z.infer<typeof referenceSchema>;

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  lessons: defineCollection({
    loader: glob({ pattern: '**/[^_]*.mdx', base: './src/lessons' }),
    schema: lessonSchema,
  }),
};
