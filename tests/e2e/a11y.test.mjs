// Accessibility and reading comfort on every page the build produced: axe-core (no serious or critical
// violations, light and dark), no sideways scrolling at 375 px, dark mode, a data table beside every chart, and
// every widget control reachable by keyboard.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { launch, openPage } from './browser.mjs';

const OUT_DIR = process.env.OUT_DIR || 'dist';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Every page of the build, as a path under the base ('', 'lessons/resnet-50/', '404.html'). */
function builtPages(dir = OUT_DIR, prefix = '') {
  const pages = [];
  for (const name of readdirSync(join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) {
      if (rel !== 'pagefind' && rel !== '_astro') pages.push(...builtPages(dir, rel));
    } else if (name === 'index.html') pages.push(prefix ? `${prefix}/` : '');
    else if (name.endsWith('.html')) pages.push(rel);
  }
  return pages.sort();
}

const PAGES = builtPages();
/** Pages also screenshotted at phone width (a full-page screenshot of every page would add half a minute). */
const SCREENSHOTS = new Set(['', 'catalog/', 'courses/example-residual-networks/', 'lessons/resnet-50/']);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * Violations known and owned elsewhere, each matched by rule and element, never a whole rule. Each is reported to
 * the lead; delete the line when it is fixed (the test then guards the fix).
 * - Starlight's search button: its visible "Ctrl K" shortcut hint is not in its name "Search" (upstream component;
 *   the visible label "Search" is in the name, which is what speech input needs).
 */
const KNOWN = [
  { rule: 'label-content-name-mismatch', target: 'button[data-open-modal' },
];

/** Runs axe; returns serious and critical violations as readable lines. */
async function axeProblems(page, rules) {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async (only) => {
    const options = only ? { runOnly: { type: 'rule', values: only } } : { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } };
    const r = await window.axe.run(document, options);
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, rules ?? null);
  return results
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, targets: v.targets.filter((t) => !KNOWN.some((k) => k.rule === v.id && t.includes(k.target))) }))
    .filter((v) => v.targets.length > 0)
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.targets.slice(0, 3).join(' | ')}`);
}

async function useTheme(page, theme) {
  await page.evaluate((t) => localStorage.setItem('starlight-theme', t), theme);
  await page.reload({ waitUntil: 'load' });
}

test('the build has the pages this test expects', () => {
  for (const p of ['', 'catalog/', 'courses/', 'guide/authoring/', 'guide/deploy/', 'lessons/resnet-50/']) assert.ok(PAGES.includes(p), `${p} missing from ${OUT_DIR}`);
});

/**
 * One visit per page collects everything the per-page tests below assert: axe in the light theme, charts without a
 * table, the width of a fresh load at 375 px, then axe's colour rules in the dark theme.
 */
let survey;
async function surveyPages() {
  if (survey) return survey;
  survey = { axe: [], wide: [], chartsWithoutTable: [] };
  for (const path of PAGES) {
    const name = path || '/';
    const page = await openPage(browser, path);
    for (const p of await axeProblems(page)) survey.axe.push(`${name} (light): ${p}`);
    const bad = await page.$$eval('[data-widget]', (widgets) =>
      widgets
        .filter((w) => {
          const charts = [...w.querySelectorAll('canvas, svg')].filter((c) => {
            const r = c.getBoundingClientRect();
            return r.width > 64 && r.height > 64; // icons are not charts
          });
          return charts.length > 0 && !w.querySelector('table');
        })
        .map((w) => w.getAttribute('data-widget')),
    );
    for (const w of bad) survey.chartsWithoutTable.push(`${name}: ${w}`);
    // A fresh load at phone width: widgets that measure themselves when they start must do it right there.
    const phone = await openPage(browser, path, { viewport: { width: 375, height: 800 } });
    const { scrollWidth, culprits } = await phone.evaluate(() => {
      const sw = document.scrollingElement.scrollWidth;
      // Name the widest elements, so a failure says where to look.
      const out = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > 376)
        .slice(-3)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      return { scrollWidth: sw, culprits: out };
    });
    if (scrollWidth > 375) survey.wide.push(`${name}: ${scrollWidth}px (${culprits.join(', ')})`);
    if (SCREENSHOTS.has(path)) {
      // What a reader would see: a full-page screenshot is as wide as the page, so wider than 375 means scrolling.
      const png = await phone.screenshot({ fullPage: true });
      const width = png.readUInt32BE(16); // PNG IHDR: width at byte 16
      if (width > 375) survey.wide.push(`${name}: the full-page screenshot is ${width}px wide`);
    }
    await phone.closeAll();
    // Colours are what changes with the theme; the structure was checked above. Pages outside Starlight (the
    // printable syllabus) follow the system's colour scheme instead.
    if (await page.$('starlight-theme-select')) {
      await useTheme(page, 'dark');
      assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', `${path}: dark theme not applied`);
    } else {
      await page.emulateMedia({ colorScheme: 'dark' });
    }
    for (const p of await axeProblems(page, ['color-contrast', 'link-in-text-block'])) survey.axe.push(`${name} (dark): ${p}`);
    await page.closeAll();
  }
  return survey;
}

test('axe-core finds no serious or critical violations on any page, in the light and the dark theme', async () => {
  assert.deepEqual((await surveyPages()).axe, []);
});

test('no page scrolls sideways on a 375 px wide phone', async () => {
  assert.deepEqual((await surveyPages()).wide, []);
});

test('every chart has a data table beside it', async () => {
  assert.deepEqual((await surveyPages()).chartsWithoutTable, []);
});

test('dark mode: the theme menu switches the page to dark colours, and the choice persists', async () => {
  const page = await openPage(browser, 'catalog/');
  const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  // By keyboard: focus the theme menu and choose "Dark".
  const select = page.locator('starlight-theme-select select').first();
  await select.focus();
  await select.selectOption('dark');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };
  const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.ok(luminance(lightBg) > 0.8 && luminance(darkBg) < 0.2, `background ${lightBg} → ${darkBg}`);
  // Widgets follow: the exercise text is light on the dark page.
  const exerciseText = await page.locator('checked-answer .question').first().evaluate((el) => getComputedStyle(el).color);
  assert.ok(luminance(exerciseText) > 0.6, `exercise text ${exerciseText} on a dark page`);
  await page.reload({ waitUntil: 'load' });
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('every control of every widget in the catalog can be reached with the Tab key', async () => {
  const page = await openPage(browser, 'catalog/');
  // Mark every visible, enabled control inside a widget; composite widgets (a tree) count as one stop.
  const total = await page.evaluate(() => {
    let n = 0;
    for (const w of document.querySelectorAll('[data-widget]')) {
      for (const el of w.querySelectorAll('button, input, select, textarea, summary, a[href], [tabindex="0"], [role="tree"]')) {
        const r = el.getBoundingClientRect();
        // checkVisibility: a closed <details> keeps its content laid out (content-visibility: hidden), so a rect is not enough.
        if (el.disabled || r.width === 0 || r.height === 0 || !el.checkVisibility() || el.closest('[role="tree"]') !== el && el.closest('[role="tree"]')) continue;
        el.setAttribute('data-kb', String(n++));
      }
    }
    return n;
  });
  assert.ok(total >= 20, `only ${total} controls found`);
  const reached = new Set();
  for (let i = 0; i < 600 && reached.size < total; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => {
      const a = document.activeElement;
      return a?.closest('[data-kb]')?.getAttribute('data-kb') ?? a?.querySelector?.('[data-kb]')?.getAttribute('data-kb') ?? null;
    });
    if (id !== null) reached.add(id);
  }
  const unreached = await page.evaluate((seen) => [...document.querySelectorAll('[data-kb]')].filter((el) => !seen.includes(el.getAttribute('data-kb'))).map((el) => `${el.closest('[data-widget]').getAttribute('data-widget')}: ${el.outerHTML.slice(0, 100)}`), [...reached]);
  assert.deepEqual(unreached, []);
  await page.closeAll();
});
