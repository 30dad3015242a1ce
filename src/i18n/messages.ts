import { pageLocale, type Locale } from './locales';

/**
 * UI strings, one table per widget or component, English first. A message is a string or a function of its
 * parameters (`(n: number) => \`${n} images\``), so each language orders the sentence its own way.
 */
export type Message = string | ((...args: never[]) => string);
export type MessageTable = { readonly [key: string]: Message };

/** The same keys with the same parameter types: TypeScript (astro check) fails when a key is missing or extra. */
export type Translation<M extends MessageTable> = { readonly [K in keyof M]: M[K] };

export type Messages<M extends MessageTable> = Readonly<Record<Locale, M>> & {
  /** The table for the page this runs on (browser only). */
  here(): M;
};

/**
 * Defines a component's strings in every locale. In an .astro shell: `strings[localeOfUrl(Astro.url)]`; in a custom
 * element or other browser code: `strings.here()`. Each folder keeps its table in `strings.ts` as `export const
 * strings = defineMessages(…)`: the language checks (tests/unit/i18n-strings.test.ts, the zh-CN e2e) find it there.
 */
export function defineMessages<M extends MessageTable>(en: M, zhCn: Translation<M>): Messages<M> {
  const table = { en, 'zh-cn': zhCn as M };
  return { ...table, here: () => table[pageLocale()] };
}

