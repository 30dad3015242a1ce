// Offline after one visit: the service worker (src/offline) precaches the whole build on the first visit, takes the
// page, and from then on, with the network off, every lesson, the catalog and the courses open, a cell runs, the
// degradation lab trains and the classifier classifies (its weights from the cache it filled on first use). Pages
// served by the worker stay cross-origin isolated. A new build shows a "new version" banner; Reload switches to it
// and its precache drops what the new build no longer has. `?backend=wasm` avoids SwiftShader's very slow WebGL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { getManifest } from 'workbox-build';
import { NOT_PRECACHED, pageUrlsTransform } from '../../src/offline/precache.mjs';
import { BASE_URL, launch, siteUrl } from './browser.mjs';

const OUT_DIR = resolve(process.env.OUT_DIR || 'dist');
const CLASSIFIER = 'lessons/pretrained-resnet50/?backend=wasm';
const CLASSIFIER_WIDGET = '[data-widget="resnet50-classifier"]';
const LAB = '[data-widget="degradation-lab"]';
const WEIGHTS_CACHE_PREFIX = 'residual-lessons:resnet50-weights:';
/** A file the build does not have: fetching it offline must fail. */
const PROBE = 'offline-probe-not-in-the-build.txt';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Records console errors, uncaught exceptions and requests to other origins of every page of the context. */
function watchProblems(context) {
  const problems = [];
  const origin = new URL(BASE_URL).origin;
  context.on('page', (page) => {
    page.on('console', (m) => m.type() === 'error' && problems.push(`${page.url()} console: ${m.text()} (${m.location().url})`));
    page.on('pageerror', (e) => problems.push(`${page.url()} exception: ${e.message}`));
  });
  // ERR_ABORTED is the browser cancelling a request because the page navigated away (e.g. the search UI's lazy
  // chunk still loading when the test goes to the next page): not a miss. A file missing offline fails otherwise
  // (ERR_INTERNET_DISCONNECTED, or ERR_FAILED from the service worker).
  context.on('requestfailed', (r) => {
    const why = r.failure()?.errorText;
    if (why !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${why})`);
  });
  context.on('request', (r) => {
    if (!/^(data|blob):/.test(r.url()) && !r.url().startsWith(origin)) problems.push(`request to another origin: ${r.url()}`);
  });
  return problems;
}

/** Waits until a service worker controls the page and has finished precaching (it is active). */
async function waitForServiceWorker(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null && navigator.serviceWorker?.controller !== undefined, null, {
    timeout: 120_000,
  });
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    // A worker that claims clients during its activate event controls the page while still 'activating'.
    const active = reg.active;
    if (active && active.state === 'activating') await new Promise((resolve) => active.addEventListener('statechange', resolve, { once: true }));
    return { state: reg.active?.state, scope: reg.scope, script: reg.active?.scriptURL };
  });
}

/** URL of every request in each Cache Storage cache whose name matches `test`. */
const cachedUrls = (page, pattern) =>
  page.evaluate(async (source) => {
    const re = new RegExp(source);
    const out = [];
    for (const name of await caches.keys()) {
      if (re.test(name)) out.push(...(await (await caches.open(name)).keys()).map((r) => r.url.replace(/[?&]__WB_REVISION__=\w+$/, '')));
    }
    return out;
  }, pattern.source);

/** Classifies the Chelsea sample photo and returns the top label. */
async function classifyChelsea(page) {
  const root = page.locator(CLASSIFIER_WIDGET);
  await page.locator(`${CLASSIFIER_WIDGET}[data-ready]`).waitFor();
  const before = Number((await root.getAttribute('data-classified')) ?? 0);
  await root.getByRole('button', { name: /sample photo, Chelsea/ }).click();
  await page.waitForFunction(
    ([sel, b]) => {
      const r = document.querySelector(sel);
      return r.dataset.state === 'error' || Number(r.dataset.classified ?? 0) > b;
    },
    [CLASSIFIER_WIDGET, before],
    { timeout: 180_000 },
  );
  assert.equal(await root.getAttribute('data-state'), 'done', await root.locator('[role="alert"]').textContent());
  return root.locator('[data-role="predictions"] li').first().getAttribute('data-label');
}

/** Opens a page and checks that it rendered: a response (from the service worker when offline) and a heading. */
async function visit(page, path) {
  const response = await page.goto(siteUrl(path), { waitUntil: 'load' });
  assert.ok(response?.ok(), `${path}: ${response?.status()}`);
  assert.ok((await page.locator('h1').first().innerText()).trim().length > 0, `${path} has no heading`);
  return response;
}

test('after one visit the site works offline: lessons, catalog and courses open, a cell runs, the lab trains, the classifier classifies', { timeout: 600_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const problems = watchProblems(context);
  const page = await context.newPage();
  try {
    // First visit: the worker installs (precaching everything), activates and takes this page without a reload.
    await visit(page, '');
    const sw = await waitForServiceWorker(page);
    assert.equal(sw.state, 'activated');
    assert.equal(sw.scope, siteUrl(''), 'the worker serves exactly the site, under its base path');
    assert.equal(sw.script, siteUrl('sw.js'));

    // What the build emitted is what was precached: listed here without the size limit, so a file too large for the
    // precache fails this test instead of going silently missing offline.
    const emitted = await getManifest({
      globDirectory: OUT_DIR,
      globPatterns: ['**/*'],
      globIgnores: [...NOT_PRECACHED, 'sw.js', 'workbox-*.js'],
      maximumFileSizeToCacheInBytes: Number.MAX_SAFE_INTEGER,
      manifestTransforms: [pageUrlsTransform],
    });
    const precached = new Set(await cachedUrls(page, /precache/));
    const missing = emitted.manifestEntries.map((e) => new URL(e.url, siteUrl('')).href).filter((u) => !precached.has(u));
    assert.deepEqual(missing, [], 'every file of the build is precached');
    const has = (re) => [...precached].filter((u) => re.test(u));
    assert.ok(has(/\.wasm$/).length >= 3, 'the three tfjs wasm binaries');
    assert.equal(has(/\/data\/fashion-mnist\/.*\.gz$/).length, 4, 'the Fashion-MNIST subset');
    assert.ok(has(/\/data\/reference-nets\/.*\.bin$/).length >= 4, 'the reference nets');
    assert.ok(has(/\.woff2$/).length > 0 && has(/\.css$/).length > 0, 'fonts and styles');
    assert.ok(precached.has(siteUrl('lessons/degradation/')) && precached.has(siteUrl('catalog/')), 'pages, by their URLs');
    assert.deepEqual(has(/\/weights\/.*\.bin$/), [], 'the ResNet-50 shards are cached on first use, not precached');
    console.log(`# precache: ${precached.size} files, ${(emitted.size / 1e6).toFixed(1)} MB`);

    // A page the worker serves keeps its cross-origin isolation headers (the wasm backend's threads need them).
    const served = await visit(page, 'lessons/degradation/');
    assert.equal(served.fromServiceWorker(), true);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'a page served by the worker is cross-origin isolated');

    // Online, once: the classifier downloads the weights and keeps them in its own cache.
    await visit(page, CLASSIFIER);
    assert.match(await classifyChelsea(page), /cat/);
    const weightsCaches = await page.evaluate(async (p) => (await caches.keys()).filter((n) => n.startsWith(p)), WEIGHTS_CACHE_PREFIX);
    assert.equal(weightsCaches.length, 1, 'the classifier cached its weights');

    // Network off.
    await context.setOffline(true);
    const probe = await page.evaluate(async (url) => {
      try {
        await fetch(url, { cache: 'no-store' });
        return 'answered';
      } catch {
        return 'failed';
      }
    }, siteUrl(PROBE));
    assert.equal(probe, 'failed', 'the network (the worker’s too) is really off');

    const tab = await context.newPage();
    const home = await tab.goto(siteUrl(''));
    assert.ok(home?.ok() && home.fromServiceWorker(), 'a new tab opens the landing page offline');
    await tab.close();
    const lessons = await page.evaluate(() => [...document.querySelectorAll('nav.sidebar a[href*="/lessons/"]')].map((a) => new URL(a.href).pathname));
    assert.ok(lessons.length >= 5, `lessons in the sidebar: ${lessons}`);
    for (const path of [...new Set(lessons)]) {
      const res = await visit(page, path.slice(new URL(siteUrl('')).pathname.length));
      assert.equal(res.fromServiceWorker(), true, `${path} came from the worker`);
    }
    for (const path of ['', 'catalog/', 'courses/', 'courses/example-residual-networks/', 'lessons/degradation/?lab.depth=20']) await visit(page, path);

    // A notebook cell runs (tfjs and its wasm binaries from the precache).
    await visit(page, 'scratchpad/?backend=wasm');
    const cell = page.locator('[data-widget="notebook-cell"]').first();
    await cell.locator('button[data-action="run"]').click();
    await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('[data-widget="notebook-cell"]')?.dataset.state), null, {
      timeout: 120_000,
    });
    assert.equal(await cell.getAttribute('data-state'), 'done', await cell.locator('[data-role="output"]').innerText());
    assert.match(await cell.locator('[data-role="output"]').innerText(), /resnet50: 50 weighted layers/);

    // The degradation lab trains a few steps on the precached Fashion-MNIST subset.
    await visit(page, 'lessons/degradation/?backend=wasm');
    const lab = page.locator(LAB);
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.ready !== undefined, LAB, { timeout: 60_000 });
    for (const box of await lab.locator('input[name="depth"]').all()) await box.setChecked((await box.getAttribute('value')) === '8');
    await lab.locator('input[name="steps"]').fill('16');
    await lab.locator('button[data-action="start"]').click();
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.dataset.points ?? 0) >= 2, LAB, { timeout: 180_000 });
    assert.match(await lab.locator('[data-role="progress"]').innerText(), /step \d+ of 16/);
    await lab.locator('button[data-action="stop"]').click();
    assert.equal(await lab.locator('[role="alert"]:not(:empty)').count(), 0, 'no error while training offline');

    // The classifier loads its weights from its cache and classifies.
    await visit(page, CLASSIFIER);
    assert.match(await page.locator(`${CLASSIFIER_WIDGET} [data-role="model-text"]`).innerText(), /already on this device/);
    assert.match(await classifyChelsea(page), /cat/);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);

    // The probe's own failure, logged by the browser, is the one expected problem.
    assert.deepEqual(
      problems.filter((p) => !p.includes(PROBE)),
      [],
    );
  } finally {
    await context.close();
  }
});

test('a new build announces itself; Reload switches to it and drops what it no longer precaches', { timeout: 180_000 }, async () => {
  const swFile = resolve(OUT_DIR, 'sw.js');
  const original = await readFile(swFile, 'utf8');
  const context = await browser.newContext();
  const problems = watchProblems(context);
  const page = await context.newPage();
  try {
    await visit(page, 'lessons/degradation/');
    await waitForServiceWorker(page);
    const dropped = siteUrl('samples/rocket.jpg');
    assert.ok((await cachedUrls(page, /precache/)).includes(dropped));

    // "A new build": the same worker without one file in its precache list (its script differs byte for byte).
    const entry = /\{url:"samples\/rocket\.jpg",revision:(?:"\w+"|null)\},?/;
    assert.match(original, entry, 'sw.js lists samples/rocket.jpg');
    await writeFile(swFile, original.replace(entry, ''));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));

    const banner = page.getByRole('status').filter({ hasText: 'A new version of this site is available.' });
    await banner.waitFor({ timeout: 60_000 });
    const reload = banner.getByRole('button', { name: 'Reload' });
    await page.evaluate(() => (window.__beforeUpdate = true));
    await reload.focus();
    await page.keyboard.press('Enter'); // keyboard reachable
    await page.waitForFunction(() => window.__beforeUpdate === undefined && document.readyState === 'complete', null, { timeout: 60_000 });
    await waitForServiceWorker(page);
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null), null, 'no version left waiting');
    assert.equal(await page.locator('[data-update-banner]').count(), 0);
    const after = await cachedUrls(page, /precache/);
    assert.ok(!after.includes(dropped), 'the old version’s file was removed from the precache');
    assert.ok(after.includes(siteUrl('lessons/degradation/')));
    assert.deepEqual(problems, []);
  } finally {
    await writeFile(swFile, original);
    await context.close();
  }
});

test('where service workers are unavailable or blocked, pages work as before, with no error', { timeout: 60_000 }, async () => {
  for (const setup of ['no API', 'blocked']) {
    const context = await browser.newContext(setup === 'blocked' ? { serviceWorkers: 'block' } : {});
    // A browser without the API (or an insecure context, where it is not exposed).
    if (setup === 'no API') await context.addInitScript(() => delete Navigator.prototype.serviceWorker);
    const problems = watchProblems(context);
    const page = await context.newPage();
    try {
      await visit(page, 'lessons/degradation/');
      await page.waitForLoadState('networkidle');
      assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null, setup);
      assert.deepEqual(problems, [], setup);
    } finally {
      await context.close();
    }
  }
});
