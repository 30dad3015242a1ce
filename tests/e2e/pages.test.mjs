// Every page of the built site loads with no console error and no request to another origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, siteUrl } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Pages reachable from the landing page and its sidebar, plus the landing page itself. */
async function sitePages() {
  const page = await openPage(browser, '');
  const root = siteUrl('');
  const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href.split('#')[0]));
  await page.closeAll();
  const lessonLinks = links.filter((l) => l.startsWith(root));
  return [...new Set([root, ...lessonLinks, siteUrl('scratchpad/')])];
}

test('the landing page says what the site is and lists the lessons in reading order', async () => {
  const page = await openPage(browser, '');
  const items = await page.$$eval('.lesson-list li a', (as) => as.map((a) => a.textContent.trim()));
  assert.ok(items.length >= 1, 'no lessons listed');
  assert.ok(items.includes('ResNet-50, layer by layer'));
  // The bottleneck block (ResNet-50) comes before the lessons that build on it, on the landing list and in a lesson's
  // sidebar (which Starlight's previous/next links follow; the landing page is a splash page without one).
  const lessonPage = await openPage(browser, 'lessons/degradation/');
  const sidebar = await lessonPage.$$eval('nav.sidebar a', (as) => as.map((a) => a.textContent.trim()));
  assert.match(await lessonPage.getAttribute('.pagination-links a[rel="next"]', 'href'), /\/lessons\/residual-learning\/$/);
  await lessonPage.closeAll();
  for (const list of [items, sidebar]) {
    const at = (title) => list.indexOf(title);
    assert.ok(at('ResNet-50, layer by layer') >= 0, `no ResNet-50 lesson in ${JSON.stringify(list)}`);
    assert.ok(at('ResNet-50, layer by layer') < at('Grouped convolution'), `grouped convolution before ResNet-50: ${JSON.stringify(list)}`);
    assert.ok(at('Grouped convolution') < at('Split-transform-merge (ResNeXt)'), `ResNeXt before grouped convolution: ${JSON.stringify(list)}`);
  }
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('every page loads with no console errors and no request to another origin', async () => {
  const urls = await sitePages();
  assert.ok(urls.length >= 3, `only found ${urls.length} pages`);
  for (const url of urls) {
    const page = await openPage(browser, url.slice(siteUrl('').length));
    await page.waitForLoadState('networkidle');
    assert.deepEqual(page.problems(), [], `problems on ${url}`);
    const title = await page.title();
    assert.ok(title.length > 0, `${url} has no title`);
    await page.closeAll();
  }
});

test('every internal link and asset of the lesson resolves under the base path', async () => {
  const page = await openPage(browser, 'lessons/resnet-50/');
  const failed = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.href.split('#')[0]).filter((h) => h.startsWith(location.origin)));
  for (const href of [...new Set(hrefs)]) {
    const res = await page.request.get(href);
    assert.ok(res.ok(), `${href} answered ${res.status()}`);
  }
  assert.deepEqual(failed, []);
  await page.closeAll();
});
