// The site in Simplified Chinese: the language switcher goes to the same page in the other language and back, every
// zh-CN page renders in Chinese with no English string of any widget's table left in its widgets and components,
// and the widgets there speak Chinese after they start. Axe on these pages runs in a11y.test.mjs (every built page).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage, siteUrl } from './browser.mjs';

const OUT_DIR = process.env.OUT_DIR || 'dist';

/** The zh-CN pages of the build, as paths under the base ('zh-cn/', 'zh-cn/lessons/resnet-50/'). */
function zhPages(prefix = 'zh-cn') {
  const out = [];
  for (const name of readdirSync(join(OUT_DIR, prefix))) {
    const rel = `${prefix}/${name}`;
    if (statSync(join(OUT_DIR, rel)).isDirectory()) out.push(...zhPages(rel));
    else if (name === 'index.html') out.push(`${prefix}/`);
  }
  return out.sort();
}

/** English strings of every string table whose zh-CN string differs; short ones ("OK", ".") would match anywhere. */
const ENGLISH = JSON.parse(execFileSync('npx', ['tsx', 'scripts/check-i18n.ts', '--english-strings'], { encoding: 'utf8' }))
  .filter((s) => /[A-Za-z]{3,}/.test(s) && (s.includes(' ') || s.length >= 5))
  // Names a Chinese sentence keeps in Latin letters (批归一化（BatchNorm）, 精确 McNemar 检验).
  .filter((s) => !/^(BatchNorm|McNemar|ReLU|Adam|SGD|softmax)$/i.test(s));

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * The visible words of a page's widgets and components, without code, math and what the reader or a lesson's
 * code wrote (a cell's source and output are code, in both languages).
 */
function widgetText(page) {
  return page.$$eval('[data-widget], predict-then-run, checked-answer, .prerequisites, #references', (roots) =>
    roots
      .filter((r) => !r.closest('[data-role="output"]') && !roots.some((o) => o !== r && o.contains(r)))
      // The catalog's live examples render the English MDX an author pastes (its captions are props, not widget words);
      // the same widgets are checked on the zh-CN lessons.
      .filter((r) => !r.closest('.catalog-entry .example'))
      .map((root) => {
        const clone = root.cloneNode(true);
        clone.querySelectorAll('script, style, template, code, pre, kbd, samp, .katex, textarea, [data-role="output"], [translate="no"], ol.references li').forEach((n) => n.remove());
        const attrs = [...clone.querySelectorAll('[aria-label], [title], [alt], [placeholder]')].flatMap((n) =>
          ['aria-label', 'title', 'alt', 'placeholder'].map((a) => n.getAttribute(a) ?? ''),
        );
        // The widget's own controls and headings: where a one-word string ("Train", "Run") would be the widget's.
        // (An exercise's question, its legend or .question label, is the lesson author's prose, not the widget's.)
        clone.querySelectorAll('legend, .question').forEach((n) => n.replaceWith(` ${n.textContent} `));
        const controls = [...clone.querySelectorAll('button, option, label, summary, th, caption, [role="status"], output')].map((n) => n.textContent);
        return { widget: root.getAttribute('data-widget') ?? root.tagName.toLowerCase(), text: `${clone.textContent} ${attrs.join(' ')}`, controls: `${controls.join(' | ')} | ${attrs.join(' | ')}` };
      }),
  );
}

/** English table strings found in the text, as "widget: string" lines. */
function englishLeft(texts) {
  const found = [];
  for (const { widget, text, controls } of texts) {
    // A one-word string is looked for only in the widget's controls, headers and labels: in prose a Chinese sentence
    // may name a term in English on purpose (批归一化（BatchNorm）, a question quoting "shortcut").
    for (const s of ENGLISH) {
      const flat = (s.includes(' ') ? text : controls).replace(/\s+/g, ' ');
      const at = flat.indexOf(s);
      // Whole words only: "Train" must not match inside "Training", nor "plain" inside the net name "plain-20".
      const word = /[A-Za-z0-9_-]/;
      if (at >= 0 && !word.test(flat[at - 1] ?? '') && !word.test(flat[at + s.length] ?? '')) found.push(`${widget}: "${s}"`);
    }
  }
  return [...new Set(found)];
}

test('the language switcher goes to the same page in Chinese and back', async () => {
  const page = await openPage(browser, 'lessons/residual-learning/');
  const englishTitle = await page.textContent('h1');
  await Promise.all([page.waitForURL(/\/zh-cn\/lessons\/residual-learning\/$/), page.selectOption('starlight-lang-select select', { label: '简体中文' })]);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  const chineseTitle = await page.textContent('h1');
  assert.match(chineseTitle, /[\u4e00-\u9fff]/, `the zh-CN title is not Chinese: ${chineseTitle}`);
  // The sidebar and the lesson's frame are Chinese too, and its links stay in Chinese.
  const sidebar = await page.$$eval('nav.sidebar a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(sidebar.filter((h) => h.includes('/lessons/')).every((h) => h.includes('/zh-cn/lessons/')), `sidebar leaves zh-CN: ${sidebar}`);
  assert.equal(await page.textContent('#references'), '参考文献');
  await Promise.all([page.waitForURL((url) => url.pathname.endsWith('/lessons/residual-learning/') && !url.pathname.includes('/zh-cn/')), page.selectOption('starlight-lang-select select', { label: 'English' })]);
  assert.ok(!page.url().includes('/zh-cn/'));
  assert.equal(await page.textContent('h1'), englishTitle);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('every zh-CN page is in Chinese, with no English string of a widget table left in its widgets', async () => {
  const pages = zhPages();
  assert.ok(pages.length >= 15, `only ${pages.length} zh-CN pages: ${pages}`);
  const left = [];
  for (const path of pages) {
    const page = await openPage(browser, path);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', path);
    const main = await page.textContent('main');
    const han = (main.match(/[\u4e00-\u9fff]/g) ?? []).length;
    assert.ok(han > 20, `${path}: only ${han} Chinese characters in <main>`);
    for (const l of englishLeft(await widgetText(page))) left.push(`${path} ${l}`);
    assert.deepEqual(page.problems(), [], `problems on ${path}`);
    await page.closeAll();
  }
  assert.deepEqual(left, [], 'English UI strings on zh-CN pages');
});

test('zh-CN widgets speak Chinese after they start: the residual toy trains and a cell runs', async () => {
  const page = await openPage(browser, 'zh-cn/lessons/residual-learning/');
  const toy = page.locator('[data-widget="residual-toy"]').first();
  await toy.scrollIntoViewIfNeeded();
  await toy.locator('button[data-action="train"]').click();
  await toy.locator('button[data-action="download-csv"]:not([disabled])').waitFor({ timeout: 120_000 });
  const cell = page.locator('[data-widget="notebook-cell"]').first();
  await cell.locator('button[data-action="run"]').click();
  await cell.locator('[data-role="output"] > *').first().waitFor({ timeout: 120_000 });
  const left = englishLeft(await widgetText(page));
  assert.deepEqual(left, [], 'English UI strings after using the widgets');
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('a zh-CN lesson links to zh-CN lessons and the English page is one switch away under any base path', async () => {
  const page = await openPage(browser, 'zh-cn/');
  const lessons = await page.$$eval('.lesson-list a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(lessons.length >= 9, `lesson list: ${lessons}`);
  for (const href of lessons) assert.match(href, /\/zh-cn\/lessons\/[a-z0-9-]+\/$/);
  const english = await page.$eval('starlight-lang-select select', (s) => [...s.options].find((o) => o.textContent.trim() === 'English')?.value);
  assert.equal(new URL(english, siteUrl('')).href, siteUrl(''));
  await page.closeAll();
});
