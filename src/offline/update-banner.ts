/**
 * The "new version" banner: a small, fixed bar with a Reload button, shown when a new build of the site is installed
 * and waiting. Never modal and never automatic: the reader may be mid-experiment, so they choose when to reload.
 * Its styles are added with it (most page views never show it, so no page carries them otherwise).
 */
import styles from './update-banner.css?inline';
import { localeFromLang } from '../i18n/locales';
import { strings } from './strings';

export type BannerWords = (typeof strings)['en'];

/** The banner's words for a page language tag (`<html lang>`) such as `en`, `zh-CN` or `zh-Hans`; English otherwise. */
export function bannerWords(lang: string | null | undefined): BannerWords {
  return strings[localeFromLang(lang)];
}

/**
 * Shows the banner (once per page) and calls `reload` when the reader presses the button. The bar is a polite live
 * region, so screen readers announce it without moving focus.
 */
export function showUpdateBanner(doc: Document, reload: () => Promise<void> | void): HTMLElement {
  const existing = doc.querySelector<HTMLElement>('[data-update-banner]');
  if (existing) return existing;
  const words = bannerWords(doc.documentElement.lang);
  const style = doc.createElement('style');
  style.textContent = styles;
  doc.head.append(style);
  const bar = doc.createElement('div');
  bar.className = 'update-banner';
  bar.dataset.updateBanner = '';
  bar.setAttribute('role', 'status');
  const text = doc.createElement('span');
  text.textContent = words.text;
  const reloadButton = doc.createElement('button');
  reloadButton.type = 'button';
  reloadButton.dataset.action = 'reload';
  reloadButton.textContent = words.reload;
  reloadButton.addEventListener('click', () => {
    reloadButton.disabled = true; // the page reloads once the new version has taken over
    void reload();
  });
  const dismiss = doc.createElement('button');
  dismiss.type = 'button';
  dismiss.dataset.action = 'dismiss';
  dismiss.textContent = words.dismiss;
  dismiss.addEventListener('click', () => bar.remove()); // the new version still takes over on the next visit
  bar.append(text, reloadButton, dismiss);
  doc.body.append(bar);
  return bar;
}
