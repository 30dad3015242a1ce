// The front page shows the site's evidence without running anything: three figures drawn at build time (the
// degradation runs, a ResNet-50 class activation map, the gradient norms at initialisation), each linking to its
// lesson; no TensorFlow.js or wasm is fetched; accessible in light and dark, and readable on a 375 px phone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { launch, openPage, siteUrl } from './browser.mjs';

const OUT_DIR = process.env.OUT_DIR || 'dist';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The built scripts that hold TensorFlow.js (every such file names it; the home page's own scripts do not). */
const TFJS_CHUNKS = readdirSync(join(OUT_DIR, '_astro')).filter((f) => f.endsWith('.js') && readFileSync(join(OUT_DIR, '_astro', f), 'utf8').includes('tfjs'));

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The home page with every request it makes recorded. */
async function home(options = {}) {
  const requests = [];
  const page = await openPage(browser, '', {
    ...options,
    // The page's own requests, not the context's: the offline service worker precaches every build file (tfjs
    // chunks included) in the background, and those are not requests the front page makes.
    prepare: (context) => context.on('page', (p) => p.on('request', (r) => requests.push(r.url()))),
  });
  await page.waitForLoadState('networkidle');
  page.requests = requests;
  return page;
}

test('the figures are drawn: two panels of runs, the class activation map, two panels of gradient norms', async () => {
  const page = await home();
  for (const [figure, charts] of [
    ['degradation', ['degradation-plain', 'degradation-residual']],
    ['gradient-flow', ['gradient-flow-no-bn', 'gradient-flow-bn']],
  ]) {
    const found = await page.$$eval(`[data-figure="${figure}"] svg[data-chart]`, (svgs) =>
      svgs.map((s) => ({
        name: s.dataset.chart,
        label: s.getAttribute('aria-label'),
        lines: [...s.querySelectorAll('.lines path')].map((p) => p.getAttribute('d').length),
        width: s.getBoundingClientRect().width,
      })),
    );
    assert.deepEqual(found.map((c) => c.name), charts);
    for (const c of found) {
      assert.equal(c.lines.length, 2, `${c.name}: ${c.lines.length} lines`);
      assert.ok(c.lines.every((n) => n > 20), `${c.name}: an empty line`);
      assert.ok(c.label.length > 40 && c.width > 200, `${c.name}: label ${c.label}, width ${c.width}`);
    }
    const summary = await page.textContent(`[data-figure="${figure}"] [data-role="summary"]`);
    assert.match(summary, /seeds/);
    assert.ok(await page.$(`[data-figure="${figure}"] details table`), `${figure}: no table of its numbers`);
  }
  const cam = await page.$eval('[data-figure="cam"] img', (img) => ({ loaded: img.complete && img.naturalWidth > 0, alt: img.alt }));
  assert.ok(cam.loaded, 'the class activation map did not load');
  const label = await page.getAttribute('[data-figure="cam"]', 'data-class');
  const probability = Number(await page.getAttribute('[data-figure="cam"]', 'data-probability'));
  assert.ok(cam.alt.includes(label), `alt text without the class: ${cam.alt}`);
  assert.match(await page.textContent('[data-figure="cam"] figcaption'), new RegExp(`“${label}”, ${(100 * probability).toFixed(1)} %`));
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('each figure links to its lesson, and the instructors’ links resolve', async () => {
  const page = await home();
  const links = await page.$$eval('[data-figure] a.lesson-link', (as) => as.map((a) => ({ lesson: a.dataset.lesson, href: a.href })));
  assert.deepEqual(links.map((l) => l.lesson), ['degradation', 'pretrained-resnet50', 'gradient-flow']);
  for (const { lesson, href } of links) assert.equal(href, siteUrl(`lessons/${lesson}/`));
  // Starlight wraps a heading in a div with its anchor link: the list follows that wrapper.
  const instructors = await page.$$eval(':is(h2#for-instructors, div:has(> h2#for-instructors)) ~ ul a', (as) => as.map((a) => a.href));
  for (const path of ['courses/', 'catalog/', 'guide/authoring/', 'guide/deploy/']) assert.ok(instructors.includes(siteUrl(path)), `no link to ${path}`);
  for (const href of [...links.map((l) => l.href), ...instructors]) {
    const res = await page.request.get(href);
    assert.ok(res.ok(), `${href} answered ${res.status()}`);
  }
  await page.closeAll();
});

test('the front page loads no TensorFlow.js and no wasm', async () => {
  assert.ok(TFJS_CHUNKS.length > 0, `no TensorFlow.js chunk found in ${OUT_DIR}/_astro: the check below would prove nothing`);
  const page = await home();
  const heavy = page.requests.filter((u) => /\.wasm(\?|$)|tfjs/i.test(u) || TFJS_CHUNKS.some((f) => u.endsWith(`/_astro/${f}`)));
  assert.deepEqual(heavy, []);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('axe finds no serious violation on the front page, light and dark, and the charts follow the theme', async () => {
  const page = await home();
  const problems = async (theme) => {
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) })));
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .filter((v) => !(v.id === 'label-content-name-mismatch' && v.targets.every((t) => t.includes('button[data-open-modal')))) // Starlight's search button (see a11y.test.mjs)
      .map((v) => `${theme}: ${v.id} ${v.targets.slice(0, 3).join(' | ')}`);
  };
  const look = () =>
    page.$eval('svg[data-chart="degradation-plain"]', (svg) => ({
      text: getComputedStyle(svg.querySelector('text')).fill,
      line: getComputedStyle(svg.querySelector('.lines path')).stroke,
    }));
  const found = await problems('light');
  const light = await look();
  await page.evaluate(() => localStorage.setItem('starlight-theme', 'dark'));
  await page.reload({ waitUntil: 'load' });
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  found.push(...(await problems('dark')));
  const dark = await look();
  assert.deepEqual(found, []);
  assert.notEqual(dark.text, light.text, 'chart text kept its light-theme colour');
  assert.notEqual(dark.line, light.line, 'the plain nets’ colour did not follow the theme');
  await page.closeAll();
});

test('on a 375 px phone the page does not scroll sideways and each figure’s panels stack', async () => {
  const panelTops = (page) => page.$$eval('[data-figure] .panels', (rows) => rows.map((r) => [...r.children].map((c) => Math.round(c.getBoundingClientRect().top))));
  const wide = await home();
  for (const tops of await panelTops(wide)) assert.equal(new Set(tops).size, 1, `panels not side by side at 1280 px: ${tops}`);
  await wide.closeAll();
  const phone = await home({ viewport: { width: 375, height: 800 } });
  assert.ok((await phone.evaluate(() => document.scrollingElement.scrollWidth)) <= 375, 'the page scrolls sideways');
  for (const tops of await panelTops(phone)) assert.equal(new Set(tops).size, tops.length, `panels side by side at 375 px: ${tops}`);
  assert.deepEqual(phone.problems(), []);
  await phone.closeAll();
});
