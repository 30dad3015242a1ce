// The grouped-convolution lesson's widget: the keyboard moves the slider over the divisors of C, the readouts, the
// wiring picture and the table follow; the live TensorFlow.js check reports tiny differences and re-runs when the
// groups change; the CSV downloads; no errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './browser.mjs';

const LESSON = 'lessons/grouped-convolution/?backend=wasm';
const WIDGET = '[data-widget="grouped-conv"]';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the slider steps through 1, 2, 4, 8, 16 groups by keyboard; cost and wiring follow', async () => {
  const page = await openPage(browser, LESSON);
  const widget = page.locator(`${WIDGET}[data-ready]`);
  await widget.waitFor();
  const slider = widget.getByRole('slider');
  const params = widget.locator('[data-out="params"]');
  const lines = widget.locator('svg[data-plot] line');
  assert.equal(await widget.getAttribute('data-groups'), '4');
  assert.equal(await params.textContent(), '576'); // 9 · 16 · 16 / 4
  assert.equal(await lines.count(), 16 * 16 / 4);

  await slider.focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await widget.getAttribute('data-groups'), '8');
  assert.equal(await params.textContent(), '288');
  assert.equal(await slider.getAttribute('aria-valuetext'), '8 groups of 2 channels');
  await page.keyboard.press('End');
  assert.equal(await widget.getAttribute('data-groups'), '16');
  assert.match(await widget.locator('[data-out="groups"]').textContent(), /depthwise/);
  assert.equal(await lines.count(), 16);
  await page.keyboard.press('Home');
  assert.equal(await params.textContent(), '2,304');
  assert.equal(await lines.count(), 256);
  assert.equal(await widget.locator('tbody tr[aria-current="true"] th').textContent(), '1');
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('grouped conv = split → conv → concat = dense block-diagonal conv, checked live in TensorFlow.js', { timeout: 120_000 }, async () => {
  const page = await openPage(browser, LESSON);
  const widget = page.locator(`${WIDGET}[data-ready]`);
  await widget.waitFor();
  await widget.getByRole('button', { name: /Check the numbers/ }).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.state === 'checked', WIDGET, { timeout: 100_000 });
  const read = async (k) => Number(await widget.locator(`[data-out="${k}"]`).textContent());
  assert.equal(await widget.getAttribute('data-checked-groups'), '4');
  const scale = await read('scale');
  assert.ok(scale > 0.5, `outputs as large as ${scale}`);
  for (const k of ['split-diff', 'dense-diff']) {
    const d = await read(k);
    assert.ok(d >= 0 && d < 1e-5 * scale, `${k} = ${d}`);
  }
  assert.equal(await widget.locator('[data-out="zeros"]').textContent(), '75.0 %');
  assert.match(await widget.locator('[data-out="check"]').textContent(), /on wasm/);

  // After the first check, moving the slider checks the new group count by itself.
  await widget.getByRole('slider').focus();
  await page.keyboard.press('End');
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.checkedGroups === '16' && document.querySelector(sel)?.dataset.state === 'checked', WIDGET, { timeout: 60_000 });
  assert.equal(await widget.locator('[data-out="zeros"]').textContent(), '93.8 %');
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('the cost table lists every group count, and the CSV downloads the same rows', async () => {
  const page = await openPage(browser, LESSON);
  const widget = page.locator(`${WIDGET}[data-ready]`);
  await widget.waitFor();
  await widget.locator('details.table-alternative summary').click();
  const rows = widget.locator('details tbody tr');
  assert.equal(await rows.count(), 5);
  assert.match(await rows.last().textContent(), /16 \(depthwise\)/);
  const [download] = await Promise.all([page.waitForEvent('download'), widget.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.equal(download.suggestedFilename(), 'grouped-conv-16-channels.csv');
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const csv = Buffer.concat(chunks).toString('utf8').trim().split('\r\n');
  assert.equal(csv.length, 6);
  assert.equal(csv[1], '1,16,2304,451584,1,no');
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});
