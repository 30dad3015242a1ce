// The gradient-flow lesson's lab against the built site: nothing loads until a press, the plots and tables fill,
// and switching BatchNorm or depth re-measures. `?backend=wasm` avoids SwiftShader's very slow WebGL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const ROOT = '[data-widget="gradient-flow"]';

async function settle(page, step, timeout = 90_000) {
  await page.waitForFunction((root) => document.querySelector(root)?.dataset.state === 'ready' || document.querySelector(root)?.dataset.state === 'error', ROOT, { timeout });
  assert.equal(await page.locator(ROOT).getAttribute('data-state'), 'ready', await page.locator(`${ROOT} [data-role="status"]`).innerText());
  if (step !== undefined) assert.equal(await page.locator(ROOT).getAttribute('data-step'), String(step));
}

const gradientRows = (page) => page.locator(`${ROOT} [data-plot="gradients"] tbody tr`).count();
// textContent, not innerText: the table sits in a closed <details>, where innerText is empty.
const firstRow = (page) => page.locator(`${ROOT} [data-plot="gradients"] tbody tr`).first().textContent();

test('the lab plots gradient norms and response spreads, and switching BatchNorm or depth re-measures', async () => {
  const page = await openPage(browser, 'lessons/gradient-flow/?backend=wasm');
  const wasm = () => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm')));
  assert.equal(await wasm(), false, 'no tfjs before a press');

  // Keyboard: focus the button and press Enter.
  await page.locator(`${ROOT} button[data-action="measure"]`).focus();
  await page.keyboard.press('Enter');
  await settle(page, 0);
  assert.equal(await page.locator(`${ROOT} [data-plot="gradients"]`).getAttribute('data-drawn'), 'true');
  assert.equal(await page.locator(`${ROOT} [data-plot="gradients"] svg .series`).count(), 2);
  // Fig. 7 at initialisation with BatchNorm is flat by construction: not drawn, a sentence says why.
  const responses = page.locator(`${ROOT} [data-plot="responses"]`);
  assert.equal(await responses.getAttribute('data-note'), 'flat-at-init');
  assert.equal(await responses.getAttribute('data-drawn'), 'false');
  assert.ok(await responses.locator('.flat-note').isVisible());
  assert.match(await responses.locator('.flat-note').innerText(), /flat line at 1, by construction/);
  assert.equal(await gradientRows(page), 10); // 20 layers: the stem's output and 9 blocks
  assert.ok(await page.locator(`${ROOT} [data-plot="gradients"] button[data-action="download-csv"]`).isEnabled());
  const withBn = await firstRow(page);

  await page.locator(`${ROOT} input[name="batchnorm"]`).uncheck();
  await settle(page, 0);
  assert.notEqual(await firstRow(page), withBn, 'BatchNorm off changes the numbers');
  assert.match(await page.locator(`${ROOT} [data-role="status"]`).innerText(), /BatchNorm off/);
  // Without BatchNorm the responses are the convs' own outputs: drawn, and the plot says which nets.
  assert.equal(await responses.getAttribute('data-note'), 'untrained');
  assert.equal(await responses.locator('svg .series').count(), 2);
  assert.equal(await responses.locator('tbody tr').count(), 19); // 19 3×3 convs in a 20-layer net
  assert.ok(!(await responses.locator('.flat-note').isVisible()));
  assert.match(await responses.locator('[data-role="of"]').innerText(), /20-layer nets, at initialisation, BatchNorm off/);

  const width8 = await firstRow(page);
  await page.locator(`${ROOT} select[name="width"]`).selectOption('16');
  await settle(page, 0);
  assert.notEqual(await firstRow(page), width8, 'a wider net gives other numbers');
  assert.equal(await gradientRows(page), 10);

  await page.locator(`${ROOT} select[name="depth"]`).selectOption('32');
  await settle(page, 0);
  assert.equal(await gradientRows(page), 16); // 32 layers: 15 blocks

  await page.locator(`${ROOT} select[name="measure"]`).selectOption('weights');
  assert.equal(await gradientRows(page), 32); // one row per weighted layer

  const download = page.waitForEvent('download');
  await page.locator(`${ROOT} [data-plot="gradients"] button[data-action="download-csv"]`).click();
  const csv = await (await download).createReadStream();
  let text = '';
  for await (const chunk of csv) text += chunk;
  assert.match(text.split('\r\n')[0], /^depth,layer,plain .*residual/);
  assert.equal(text.trim().split('\r\n').length, 33);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('live training moves the step counter and redraws', async () => {
  const page = await openPage(browser, 'lessons/gradient-flow/?backend=wasm');
  await page.locator(`${ROOT} select[name="depth"]`).selectOption('8');
  await page.locator(`${ROOT} button[data-action="train"]`).click();
  await settle(page, 10);
  assert.match(await page.locator(`${ROOT} [data-role="status"]`).innerText(), /after 10 SGD steps/);
  assert.equal(await page.locator(`${ROOT} [data-plot="responses"] svg .series`).count(), 2);
  assert.equal(await page.locator(`${ROOT} [data-plot="responses"]`).getAttribute('data-note'), 'briefly-trained');
  assert.match(await page.locator(`${ROOT} [data-plot="responses"] [data-role="of"]`).innerText(), /after 10 SGD steps, BatchNorm on \(statistics of 100 test images\)/);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('shattering: per-example correlations for every depth, two seeds, numbers in a visible table', async () => {
  const page = await openPage(browser, 'lessons/gradient-flow/?backend=wasm');
  await page.locator(`${ROOT} button[data-action="correlate"]`).click();
  await settle(page, undefined, 400_000);
  const plot = page.locator(`${ROOT} [data-plot="correlation"]`);
  assert.equal(await plot.getAttribute('data-drawn'), 'true');
  assert.match(await page.locator(`${ROOT} [data-role="status"]`).innerText(), /seeds 1 and 2.*BatchNorm in inference mode with statistics of 100 test images/);
  // The table is open beside the plot: one row per depth, each cell the mean and the two seeds.
  const rows = plot.locator('tbody tr');
  assert.equal(await rows.count(), 5);
  assert.ok(await rows.first().isVisible());
  const cells = await rows.last().locator('td').allInnerTexts();
  assert.equal(cells[0], '110');
  for (const cell of cells.slice(1)) assert.match(cell, /^-?[\d.e-]+ \(-?[\d.e-]+, -?[\d.e-]+\)$/);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});
