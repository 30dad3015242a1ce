/**
 * The site's languages. English is the default and lives at the site's root (`/lessons/x/`); every other locale
 * lives under its own prefix (`/zh-cn/lessons/x/`), as Starlight's i18n expects (astro.config.mjs `locales`).
 */
export const locales = {
  en: { lang: 'en', label: 'English', prefix: '' },
  'zh-cn': { lang: 'zh-CN', label: '简体中文', prefix: 'zh-cn' },
} as const;

export type Locale = keyof typeof locales;
export const defaultLocale: Locale = 'en';
/** Locales other than the default: each has its own translations, checked by scripts/check-i18n.ts. */
export const translatedLocales = ['zh-cn'] as const satisfies readonly Locale[];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(locales, value);
}

/** `zh-CN`, `zh-cn`, `zh` → zh-cn; anything else → en. Accepts an `<html lang>` value. */
export function localeFromLang(lang: string | null | undefined): Locale {
  const tag = (lang ?? '').toLowerCase();
  return tag === 'zh' || tag.startsWith('zh-') ? 'zh-cn' : 'en';
}

/** The locale of a page from its path (with the base path, as `Astro.url.pathname` gives it). */
export function localeFromPath(pathname: string, base = '/'): Locale {
  const b = base.endsWith('/') ? base : `${base}/`;
  const rest = pathname.startsWith(b) ? pathname.slice(b.length) : pathname.replace(/^\//, '');
  const first = rest.split('/')[0];
  return first && first !== 'en' && isLocale(first) ? first : 'en';
}

/** The locale of the page being rendered, in an .astro component: `localeOfUrl(Astro.url)`. */
export function localeOfUrl(url: URL): Locale {
  return localeFromPath(url.pathname, import.meta.env?.BASE_URL ?? '/');
}

/** A site-relative path in a locale: `localePath('zh-cn', '/lessons/x/')` → `/zh-cn/lessons/x/`. */
export function localePath(locale: Locale, path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  const prefix = locales[locale].prefix;
  return prefix ? `/${prefix}${p}` : p;
}

/** In the browser: the page's locale, from `<html lang>` (Starlight sets it per locale). */
export function pageLocale(doc: Document = document): Locale {
  return localeFromLang(doc.documentElement.lang);
}
