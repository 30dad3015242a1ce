// "Run ResNet-50 on your own images" as a reader uses it: photos in (file, drop, paste, sample, camera), the real
// network's answer out, odd and broken files each with their own message, weights cached (a second visit downloads
// nothing, a corrupted shard is refused and not kept), no request while classifying, no tensor leaks, and a layout
// that fits a phone in both themes. Runs on the wasm backend (?backend=wasm), in the widget's Web Worker.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { BASE_URL, CHROMIUM_ARGS, launch, openPage, siteUrl } from './browser.mjs';

const LESSON = 'lessons/pretrained-resnet50/?backend=wasm';
const WIDGET = '[data-widget="resnet50-classifier"]';
const IMAGES = new URL('../fixtures/images/', import.meta.url).pathname;
const BAD = new URL('../fixtures/bad-inputs/', import.meta.url).pathname;
const CHELSEA = `${IMAGES}chelsea.png`;
const COFFEE = `${IMAGES}coffee.png`;
/** Set E2E_SHOTS=/some/dir to keep screenshots of the widget (light/dark, 1280/375 px). */
const SHOTS = process.env.E2E_SHOTS;
const origin = new URL(BASE_URL).origin;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Every request the page (and its worker) makes, as "METHOD url", for windows of time we care about. */
function recordRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    // blob: and data: URLs never leave the browser (tfjs's wasm backend starts its helper threads from blob: URLs).
    if (!/^(blob|data):/.test(r.url())) seen.push(`${r.method()} ${r.url()}`);
  });
  return {
    since(mark) {
      return seen.slice(mark);
    },
    get mark() {
      return seen.length;
    },
  };
}

/** Gives the widget one input and waits until it has shown a new result or an error. Returns the state. */
async function give(page, action) {
  const root = page.locator(WIDGET);
  const before = Number((await root.getAttribute('data-classified')) ?? 0);
  await action(root);
  await page.waitForFunction(
    ([sel, b]) => {
      const r = document.querySelector(sel);
      return r.dataset.state === 'error' || Number(r.dataset.classified ?? 0) > b;
    },
    [WIDGET, before],
    { timeout: 120_000 },
  );
  return root.getAttribute('data-state');
}

const upload = (page, file) => give(page, (root) => root.locator('input[type="file"]').setInputFiles(file));

async function predictions(page) {
  return page.locator(`${WIDGET} [data-role="predictions"] li`).evaluateAll((lis) =>
    lis.map((li) => ({ label: li.dataset.label, prob: Number(li.dataset.prob) })),
  );
}

const alertText = (page) => page.locator(`${WIDGET} [role="alert"]`).textContent();
const noteText = (page) => page.locator(`${WIDGET} [data-role="note"]`).textContent();

/** The 224×224 crop the network saw, as RGBA bytes. */
const cropPixels = (page) =>
  page.locator(`${WIDGET} canvas[data-role="crop"]`).evaluate((c) => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data));

function meanAbsDiff(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

describe('one reader, one page', () => {
  let page;
  let requests;
  before(async () => {
    page = await openPage(browser, LESSON);
    requests = recordRequests(page);
    await page.locator(`${WIDGET}[data-ready]`).waitFor();
  });
  after(async () => {
    await page?.closeAll();
  });

  test('Chelsea is a cat and the coffee is espresso; the weights show progress in MB; no request while classifying', { timeout: 120_000 }, async () => {
    const root = page.locator(WIDGET);
    assert.equal(await root.locator('input[type="file"]').count(), 1);
    assert.equal(await root.getAttribute('data-model'), 'idle', 'nothing is downloaded before the reader asks');
    assert.ok(!requests.since(0).some((r) => r.includes('.bin')), 'no weights fetched at page load');

    // Watch the progress text while the model loads with the first photo.
    const progressText = page.locator(`${WIDGET} [data-role="progress-text"]`);
    await progressText.evaluate((text) => {
      // Every text it shows, one per line, kept in an attribute the observer does not watch.
      new MutationObserver(() => (text.dataset.seen = `${text.dataset.seen ?? ''}${text.textContent}\n`)).observe(text, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const loadMark = requests.mark;
    assert.equal(await upload(page, CHELSEA), 'done', await alertText(page));
    const top = await predictions(page);
    assert.equal(top.length, 5);
    assert.match(top[0].label, /cat/, JSON.stringify(top));
    assert.ok(top[0].prob > 0.5 && top[0].prob <= 1, JSON.stringify(top));
    assert.ok(top.every((p, i) => i === 0 || p.prob <= top[i - 1].prob), 'most probable first');
    const progress = ((await progressText.getAttribute('data-seen')) ?? '').split('\n');
    assert.ok(progress.some((t) => /^\d+\.\d \/ 25\.\d MB$/.test(t)), `progress texts: ${progress.slice(0, 5)}`);
    assert.equal(await root.getAttribute('data-model'), 'ready');
    // Loading the model fetched the weights and nothing else of note: GETs on this origin only, the photo went nowhere.
    const loading = requests.since(loadMark);
    assert.ok(loading.every((r) => r.startsWith(`GET ${origin}/`)), loading.join('\n'));
    assert.equal(loading.filter((r) => r.endsWith('.bin')).length, 8);
    assert.equal(await root.getAttribute('data-image-size'), '385x256');

    const mark = requests.mark;
    assert.equal(await upload(page, COFFEE), 'done', await alertText(page));
    assert.equal((await predictions(page))[0].label, 'espresso');
    assert.deepEqual(requests.since(mark), [], 'classifying a photo makes no request at all');

    // The timing breakdown and the backend with its reason.
    const timings = await root.locator('[data-role="timings"]').innerText();
    for (const k of ['Download weights', 'Warm-up run', 'Inference']) assert.ok(timings.includes(k), timings);
    assert.match(await root.locator('[data-role="backend"]').innerText(), /Backend: wasm.*WebAssembly/);
    // The C2–C5 feature maps, with their shapes.
    const stages = await root.locator('[data-role="stage-grid"]').innerText();
    for (const shape of ['56×56×256', '28×28×512', '14×14×1024', '7×7×2048']) assert.ok(stages.includes(shape), stages);
    assert.equal(await root.locator('[data-role="stage-grid"] canvas').count(), 16);
    assert.deepEqual(page.problems(), []);
  });

  test('the keyboard picks another class for the heat map, and its map averages to its logit', async () => {
    const root = page.locator(WIDGET);
    const buttons = root.locator('[data-role="predictions"] button');
    assert.equal(await buttons.first().getAttribute('aria-pressed'), 'true');
    const camBefore = await root.locator('canvas[data-role="cam"]').evaluate((c) => c.toDataURL());
    await buttons.first().focus();
    await page.keyboard.press('Tab');
    const second = await page.evaluate(() => document.activeElement?.closest('li')?.dataset.label);
    assert.equal(second, (await predictions(page))[1].label);
    // The focus ring is visible (an outline, not just the browser default being suppressed).
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none');
    await page.keyboard.press('Enter');
    assert.equal(await buttons.nth(1).getAttribute('aria-pressed'), 'true');
    assert.equal(await buttons.first().getAttribute('aria-pressed'), 'false');
    const caption = await root.locator('[data-role="cam-caption"]').innerText();
    assert.ok(caption.includes(`“${second}”`), caption);
    // "average + bias = score (the network's logit: z)": both numbers agree to the printed precision.
    const m = caption.match(/= (-?\d+\.\d+) \(the network’s logit: (-?\d+\.\d+)\)/);
    assert.ok(m, caption);
    assert.ok(Math.abs(Number(m[1]) - Number(m[2])) <= 0.011, caption);
    assert.notEqual(await root.locator('canvas[data-role="cam"]').evaluate((c) => c.toDataURL()), camBefore, 'a different map');
    assert.match(await root.locator('canvas[data-role="cam"]').getAttribute('aria-label'), /strongest in the/);
  });

  test('each broken input gets its own message, and the widget still classifies the next photo', { timeout: 120_000 }, async () => {
    const cases = [
      ['empty.jpg', /empty \(0 bytes\)/],
      ['notes-renamed.jpg', /holds text, not a picture/],
      ['truncated.jpg', /JPEG file is cut off/],
      ['photo.heic', /HEIC.*Convert it to JPEG/],
    ];
    const seen = new Set();
    for (const [file, message] of cases) {
      const mark = requests.mark;
      assert.equal(await upload(page, `${BAD}${file}`), 'error', file);
      const text = await alertText(page);
      assert.match(text, message, file);
      seen.add(text);
      assert.equal(await page.locator(`${WIDGET} [data-role="predictions"] li`).count(), 0, 'no stale answer beside the error');
      assert.deepEqual(requests.since(mark), []);
      assert.equal(await upload(page, `${BAD}grayscale.jpg`), 'done', `after ${file}: ${await alertText(page)}`);
      assert.match((await predictions(page))[0].label, /cat/);
      assert.equal(await alertText(page), '', 'the error is gone with the next good photo');
    }
    assert.equal(seen.size, cases.length, 'four different messages');
  });

  test('odd but valid images all classify: grey, CMYK, 16-bit, transparent, animated, rotated, 40 MP, 1×1, SVG, misnamed', { timeout: 120_000 }, async () => {
    await upload(page, CHELSEA);
    const upright = await cropPixels(page);
    const cats = ['grayscale.jpg', 'cmyk.jpg', '16bit.png', 'transparent.png', 'animated.gif', 'exif-rotated.jpg', 'chelsea-named.txt'];
    for (const file of cats) {
      assert.equal(await upload(page, `${BAD}${file}`), 'done', `${file}: ${await alertText(page)}`);
      assert.match((await predictions(page))[0].label, /cat/, file); // the animated GIF's second frame is the coffee
      assert.equal(await alertText(page), '');
    }
    // Transparent pixels come out white, not the black hidden under them.
    await upload(page, `${BAD}transparent.png`);
    assert.deepEqual((await cropPixels(page)).slice(0, 4), [255, 255, 255, 255]);
    // EXIF orientation 6: stored 256 wide × 385 tall, shown upright, and the crop matches the upright original.
    await upload(page, `${BAD}exif-rotated.jpg`);
    assert.equal(await page.locator(WIDGET).getAttribute('data-image-size'), '385x256');
    assert.ok(meanAbsDiff(await cropPixels(page), upright) < 12, 'the rotated photo was turned upright');

    assert.equal(await upload(page, `${BAD}huge-40mp.jpg`), 'done', await alertText(page));
    assert.equal(await page.locator(WIDGET).getAttribute('data-image-size'), '8000x5000');
    const big = await noteText(page);
    assert.match(big, /8000 × 5000 .*scaled to/);
    assert.doesNotMatch(big, /error|fail|memory|too large/i);

    assert.equal(await upload(page, `${BAD}1x1.png`), 'done');
    assert.match(await noteText(page), /only 1 × 1 pixel.*means little/);
    assert.equal(await page.locator(`${WIDGET} [data-role="note"]`).getAttribute('data-tone'), 'warning');

    assert.equal(await upload(page, `${BAD}drawing.svg`), 'done', await alertText(page));
    assert.match(await noteText(page), /vector drawing \(SVG\)/);
    assert.equal((await predictions(page)).length, 5);
  });

  test('drag and drop, paste and the sample buttons classify too', { timeout: 60_000 }, async () => {
    const dataTransfer = async (file, type) => {
      const bytes = [...(await readFile(file))];
      return page.evaluateHandle(
        ([b, t]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([new Uint8Array(b)], 'photo', { type: t }));
          return dt;
        },
        [bytes, type],
      );
    };
    const drop = await dataTransfer(CHELSEA, 'image/png');
    assert.equal(await give(page, (root) => root.locator('[data-role="dropzone"]').dispatchEvent('drop', { dataTransfer: drop })), 'done');
    assert.match((await predictions(page))[0].label, /cat/);

    const paste = await dataTransfer(COFFEE, 'image/png');
    await give(page, () => page.evaluate((dt) => document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true })), paste));
    assert.equal((await predictions(page))[0].label, 'espresso');

    await give(page, (root) => root.getByRole('button', { name: /sample photo, Chelsea/ }).click());
    assert.match((await predictions(page))[0].label, /cat/);
    assert.deepEqual(page.problems(), []);
  });

  test('50 classifications leak no tensors in the worker', { timeout: 150_000 }, async () => {
    const root = page.locator(WIDGET);
    await upload(page, CHELSEA);
    const start = Number(await root.getAttribute('data-num-tensors'));
    assert.ok(start > 100, `the model's weights are tensors too (${start})`);
    for (let i = 1; i < 50; i++) assert.equal(await upload(page, CHELSEA), 'done');
    assert.equal(Number(await root.getAttribute('data-num-tensors')), start);
    assert.deepEqual(page.problems(), []);
  });

  test('a second visit reads the weights from Cache Storage: no .bin is downloaded', { timeout: 60_000 }, async () => {
    const again = await page.context().newPage();
    const errors = [];
    again.on('pageerror', (e) => errors.push(e.message));
    again.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const seen = recordRequests(again);
    await again.goto(siteUrl(LESSON));
    await again.locator(`${WIDGET}[data-ready]`).waitFor();
    assert.match(await again.locator(`${WIDGET} [data-role="model-text"]`).innerText(), /already on this device/);
    assert.equal(await upload(again, CHELSEA), 'done');
    assert.match((await predictions(again))[0].label, /cat/);
    const bins = seen.since(0).filter((r) => r.includes('.bin'));
    assert.deepEqual(bins, []);
    assert.match(await again.locator(`${WIDGET} [data-role="model-text"]`).innerText(), /read from this device/);
    assert.deepEqual(errors, []);
    await again.close();
  });
});

test('a corrupted weights shard is refused with a clear error, not cached, and Retry recovers', { timeout: 90_000 }, async () => {
  const page = await openPage(browser, LESSON); // a fresh context: empty Cache Storage
  const corrupt = /group1-shard3of8-[0-9a-f]+\.bin$/;
  await page.context().route(corrupt, async (route) => {
    const res = await route.fetch();
    const body = Buffer.from(await res.body());
    body[1000] ^= 0xff; // one flipped byte
    await route.fulfill({ response: res, body });
  });
  await page.locator(`${WIDGET}[data-ready]`).waitFor();
  assert.equal(await upload(page, CHELSEA), 'error');
  const text = await alertText(page);
  assert.match(text, /Could not load ResNet-50: weights shard "group1-shard3of8-[0-9a-f]+\.bin" has SHA-256 [0-9a-f]{64}, the manifest expects/);
  assert.equal(await page.locator(WIDGET).getAttribute('data-model'), 'failed');
  // The weights' caches only (CACHE_PREFIX in format.ts): the site's service worker keeps its own precache beside them.
  const cached = await page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      if (name.startsWith('residual-lessons:resnet50-weights:')) out.push(...(await (await caches.open(name)).keys()).map((r) => r.url));
    }
    return out;
  });
  assert.deepEqual(cached, [], 'nothing from the failed download was kept');

  await page.context().unroute(corrupt);
  await give(page, (root) => root.locator('[role="alert"] button', { hasText: 'Retry' }).click());
  assert.match((await predictions(page))[0].label, /cat/, 'Retry loads the model and classifies the photo that was waiting');
  assert.equal(await alertText(page), '');
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('the camera starts only when asked, snaps a frame to classify, and stops', { timeout: 60_000 }, async () => {
  // A browser of its own, with Chromium's fake camera (a moving test pattern) and permission granted.
  const camBrowser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  try {
    const context = await camBrowser.newContext({ permissions: ['camera'] });
    const page = await context.newPage();
    await page.goto(siteUrl(LESSON));
    const root = page.locator(`${WIDGET}[data-ready]`);
    await root.waitFor();
    assert.equal(await root.locator('video').evaluate((v) => v.srcObject), null, 'no camera before the click');
    await root.getByRole('button', { name: 'Use the camera' }).click();
    await page.waitForFunction((sel) => document.querySelector(`${sel} video`).videoWidth > 0, WIDGET);
    assert.equal(await give(page, (r) => r.getByRole('button', { name: 'Take the picture' }).click()), 'done', await alertText(page));
    assert.equal((await predictions(page)).length, 5);
    assert.match(await root.locator('[data-role="seen-detail"]').innerText(), /camera snapshot/);
    assert.equal(await root.locator('video').evaluate((v) => v.srcObject), null, 'the camera is off after the snapshot');
    assert.equal(await root.locator('[data-role="camera-panel"]').isHidden(), true);
  } finally {
    await camBrowser.close();
  }
});

test('phone width and dark mode: no page-level horizontal scroll, readable, focus visible', { timeout: 90_000 }, async () => {
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  for (const [width, scheme] of [
    [375, 'dark'],
    [375, 'light'],
    [1280, 'dark'],
    [1280, 'light'],
  ]) {
    const page = await openPage(browser, LESSON, { viewport: { width, height: 900 } });
    await page.emulateMedia({ colorScheme: scheme });
    await page.reload(); // Starlight's "auto" theme follows the colour scheme at load
    await page.locator(`${WIDGET}[data-ready]`).waitFor();
    assert.equal(await upload(page, CHELSEA), 'done');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${width}px ${scheme}: the page scrolls sideways by ${overflow}px`);
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    assert.equal(theme, scheme);
    // Text on the predictions is not the same colour as its background.
    const [fg, bg] = await page
      .locator(`${WIDGET} [data-role="predictions"] li:first-child button`)
      .evaluate((b) => [getComputedStyle(b.querySelector('.name')).color, getComputedStyle(document.body).backgroundColor]);
    assert.notEqual(fg, bg);
    if (SHOTS) {
      await page.locator(WIDGET).screenshot({ path: `${SHOTS}/classifier-${width}-${scheme}.png` });
    }
    assert.deepEqual(page.problems(), []);
    await page.closeAll();
  }
});
