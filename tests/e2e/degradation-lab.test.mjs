// The degradation lab on its lesson: a tiny run (depth 8, wasm) trains in the worker and draws training and
// validation curves; pause, resume and stop work; a hidden tab pauses it; the table, CSV and PNG exist; the best model,
// chosen on validation, is saved in IndexedDB, tested once on the test set and predicts; the paper's recipe fills the
// settings and the time estimate switches to the run's measured speed; stopping leaks no tensors; a diverging learning rate stops with a message; a lost WebGL context or WebGPU
// device falls back (the loss injected by the test through the browser's own APIs: gpu-faults.mjs).
// The longest main-thread task while training is measured and reported (a benchmark number, not asserted).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, openPage } from './browser.mjs';
import { injectGpuFaults, loseGpu } from './gpu-faults.mjs';

const LESSON = 'lessons/degradation/';
const WIDGET = '[data-widget="degradation-lab"]';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Tick exactly these depths, set steps and learning rate. */
async function configure(lab, { depths = [8], steps, lr = '0.1' }) {
  for (const box of await lab.locator('input[name="depth"]').all()) await box.setChecked(depths.includes(Number(await box.getAttribute('value'))));
  await lab.locator('input[name="steps"]').fill(String(steps));
  await lab.locator('input[name="lr"]').fill(lr);
}

const attr = (lab, name) => lab.evaluate((el, n) => el.getAttribute(n), name);
const waitAttr = (page, name, value, timeout = 60_000) =>
  page.waitForFunction(([sel, n, v]) => document.querySelector(sel)?.getAttribute(n) === v, [WIDGET, name, value], { timeout });
const waitPoints = (page, min, timeout = 60_000) =>
  page.waitForFunction(([sel, m]) => Number(document.querySelector(sel)?.dataset.points ?? 0) >= m, [WIDGET, min], { timeout });

/** Starts recording long tasks on the main thread (the page's own work: drawing, messages). */
const observeLongTasks = (page) =>
  page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });

// 300 s: besides 16 steps per net, each net is evaluated on the 1,000 validation images four times, and the saved
// model on the 2,000 test images once; on a loaded 2-core machine that alone took minutes.
test('a tiny run trains live, pauses, resumes, exports, saves the best model on validation, tests it once and predicts, leaking nothing', { timeout: 300_000 }, async (t) => {
  const page = await openPage(browser, `${LESSON}?backend=wasm`);
  const lab = page.locator(WIDGET);
  await lab.waitFor();
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.ready !== undefined, WIDGET);
  // Before any run the reference run is drawn (faint curves in both panels), for the ticked depths it covers.
  await configure(lab, { depths: [8, 20], steps: 16 });
  await lab.locator('input[name="steps"]').dispatchEvent('change');
  assert.equal(await lab.locator('[data-role="reference-curves"] path').count(), 4, 'reference: train and test curves of plain-20 and res-20');
  await configure(lab, { depths: [8], steps: 16 });
  // Before the run: which images train, validate and test, and which BatchNorm statistics each error uses.
  const split = await lab.locator('[data-role="data-split"]').innerText();
  assert.match(split, /trains on 9,000 of the 10,000 training images and holds the other 1,000 out for validation/);
  assert.match(split, /2,000 test images are used once, at the end/);
  assert.match(split, /running averages \(inference mode/);
  assert.match(await lab.locator('[data-role="key"]').textContent(), /your run: validation error/);
  assert.match(await lab.locator('[data-role="estimate"]').innerText(), /^Estimated time: about .* on wasm/);

  await observeLongTasks(page);
  await lab.locator('button[data-action="start"]').click();
  await waitAttr(page, 'data-state', 'running');
  await waitPoints(page, 2);
  assert.match(await lab.locator('[data-role="backend"]').innerText(), /^wasm/);
  assert.match(await lab.locator('[data-role="progress"]').innerText(), /step \d+ of 16 on each of 2 networks/);

  await lab.locator('button[data-action="pause"]').click();
  await waitAttr(page, 'data-state', 'paused');
  const atPause = Number(await attr(lab, 'data-points'));
  await page.waitForTimeout(1500);
  assert.ok(Number(await attr(lab, 'data-points')) <= atPause + 2, 'at most the step in flight per network finishes after pausing');
  await lab.locator('button[data-action="resume"]').click();
  await waitAttr(page, 'data-state', 'running');

  await waitAttr(page, 'data-state', 'done', 200_000);
  // Long tasks while training only (the exports below draw on the main thread on purpose).
  const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
  t.diagnostic(`longest main-thread task while training: ${Math.round(longest)} ms (goal ≤ 100 ms; measured, not asserted)`);
  assert.equal(await attr(lab, 'data-status'), 'finished');
  assert.equal(await attr(lab, 'data-points'), '32', '16 training points for each of plain-8 and res-8');
  assert.equal(await attr(lab, 'data-examples'), '9000/1000/2000', 'trained on 9,000, validated on 1,000, tested on 2,000');
  assert.ok(Number(await attr(lab, 'data-validation-points')) >= 2, 'validation error was measured');
  assert.equal(await lab.locator('[data-role="live-curves"] [data-role="validation-point"]').count(), Number(await attr(lab, 'data-validation-points')));
  assert.match(await lab.locator('[data-role="saved"]').innerText(), /chosen on validation error: (plain|res)-8 at step \d+, validation error/);
  const mem = lab.locator('[data-role="memory"]');
  assert.equal(await mem.getAttribute('data-after'), await mem.getAttribute('data-before'), 'every tensor of the run was freed');

  // Table and CSV.
  await lab.locator('[data-role="table-details"] summary').click();
  assert.ok((await lab.locator('[data-role="table"] tr[data-source="live"]').count()) >= 4);
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), lab.locator('button[data-action="download-csv"]').click()]);
  const csv = (await readFile(await csvDownload.path(), 'utf8')).trim().split('\r\n');
  assert.equal(csv[0], 'source,net,depth,shortcuts,step,train_error_smoothed,validation_error,test_error');
  assert.equal(csv.filter((l) => l.startsWith('live,plain-8,8,none,')).length, 16);
  assert.equal(csv.filter((l) => l.startsWith('live,res-8,8,option A,')).length, 16);
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), lab.locator('button[data-action="download-png"]').click()]);
  const png = await readFile(await pngDownload.path());
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG file');
  assert.ok(png.length > 5000, `the PNG has content (${png.length} bytes)`);

  // The best model: saved in IndexedDB, read back by the worker, tested once, predictions for the first 24 test images.
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.predictions === '24', WIDGET, { timeout: 60_000 });
  const items = lab.locator('[data-role="prediction-list"] li');
  assert.equal(await items.count(), 24);
  assert.match(await lab.locator('[data-role="predictions-title"]').innerText(), /saved best model \((plain|res)-8, step \d+, validation error [\d.]+ %, test error [\d.]+ %/);
  assert.equal(await attr(lab, 'data-test-reports'), '1', 'the test set was used once, at the end');
  assert.match(
    await lab.locator('[data-role="test-result"]').innerText(),
    /^Test error of the saved model \((plain|res)-8 at step \d+, chosen on its validation error of [\d.]+ %\): [\d.]+ % on all 2,000 test images, measured once, now, with BatchNorm on its running averages/,
  );
  const testError = Number(await attr(lab, 'data-test-error'));
  assert.ok(testError >= 0 && testError <= 1, `a test error (${testError})`);
  const stored = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const r = indexedDB.open('residual-lessons-degradation-lab');
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const get = r.result.transaction('models').objectStore('models').get('best');
          get.onsuccess = () => resolve({ net: get.result?.net, weights: get.result?.values?.length });
          get.onerror = () => reject(get.error);
        };
      }),
  );
  assert.match(stored.net, /^(plain|res)-8$/);
  assert.ok(stored.weights > 10, `the saved record holds the network's weights (${stored.weights} arrays)`);

  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('stop frees every tensor, a hidden tab pauses, a diverging or missing learning rate gives a message', { timeout: 120_000 }, async () => {
  const page = await openPage(browser, `${LESSON}?backend=wasm`);
  const lab = page.locator(WIDGET);
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.ready !== undefined, WIDGET);

  // The paper's recipe fills the settings; the quick one puts the page's own back.
  await lab.locator('button[data-action="recipe-paper"]').click();
  assert.equal(await lab.locator('input[name="steps"]').inputValue(), '800');
  assert.equal(await lab.locator('select[name="schedule"]').inputValue(), 'step');
  assert.equal(await lab.locator('input[name="zero-init"]').isChecked(), true);
  const ticked = async () => {
    const out = [];
    for (const box of await lab.locator('input[name="depth"]').all()) if (await box.isChecked()) out.push(Number(await box.getAttribute('value')));
    return out;
  };
  assert.deepEqual(await ticked(), [20, 56]);
  assert.match(await lab.locator('[data-role="recipe-text"]').innerText(), /0\.1, ÷10 at 400, 600, linear warm-up from 0\.01 over 80 steps; last BatchNorm γ of each residual block starts at 0 \(residual nets only/);
  assert.match(await lab.locator('[data-role="estimate"]').innerText(), /^Estimated time: about \d+ (min|h)/);
  await lab.locator('button[data-action="recipe-quick"]').click();
  assert.equal(await lab.locator('select[name="schedule"]').inputValue(), 'constant');
  assert.equal(await lab.locator('input[name="zero-init"]').isChecked(), false);
  assert.notEqual(await lab.locator('input[name="steps"]').inputValue(), '800');

  await configure(lab, { steps: 1000 });
  await lab.locator('button[data-action="start"]').click();
  await waitPoints(page, 2);
  // After a few steps the estimate is the run's own measured speed.
  await page.waitForFunction((sel) => document.querySelector(`${sel} [data-role="estimate"]`)?.dataset.source === 'measured', WIDGET, { timeout: 60_000 });
  assert.match(await lab.locator('[data-role="estimate"]').innerText(), /At the speed measured in this run \([\d.]+ steps\/s on wasm/);
  // The reader switches tabs: the run pauses, and resumes when they come back.
  const setVisibility = (state) =>
    page.evaluate((s) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
  await setVisibility('hidden');
  await waitAttr(page, 'data-state', 'paused');
  assert.match(await lab.locator('[data-role="message"]').innerText(), /hidden/);
  await setVisibility('visible');
  await waitAttr(page, 'data-state', 'running');

  await lab.locator('button[data-action="stop"]').click();
  await waitAttr(page, 'data-state', 'done');
  assert.equal(await attr(lab, 'data-status'), 'stopped');
  const mem = lab.locator('[data-role="memory"]');
  assert.equal(await mem.getAttribute('data-after'), await mem.getAttribute('data-before'), 'stopping freed every tensor');

  await configure(lab, { steps: 200, lr: '1e6' });
  await lab.locator('button[data-action="start"]').click();
  await waitAttr(page, 'data-state', 'done', 60_000);
  assert.equal(await attr(lab, 'data-status'), 'diverged');
  const message = lab.locator('[data-role="message"]');
  assert.match(await message.innerText(), /(plain|res)-8: training diverged: the loss became (NaN|-?Infinity) at step \d+/);
  assert.equal(await message.getAttribute('role'), 'alert');

  await configure(lab, { steps: 10, lr: 'fast' });
  await lab.locator('button[data-action="start"]').click();
  assert.match(await message.innerText(), /Cannot start: the learning rate must be a number/);
  assert.equal(await attr(lab, 'data-state'), 'done', 'nothing started');
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('a lost WebGL context falls back to another backend with a message', { timeout: 150_000 }, async (t) => {
  const page = await openPage(browser, `${LESSON}?backend=webgl`, { prepare: (context) => injectGpuFaults(context) });
  const lab = page.locator(WIDGET);
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.ready !== undefined, WIDGET);
  await configure(lab, { steps: 1000 });
  await lab.locator('button[data-action="start"]').click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.backend !== undefined, WIDGET, { timeout: 60_000 });
  if ((await attr(lab, 'data-backend')) !== 'webgl') {
    t.skip(`this browser offers no WebGL in workers (got ${await attr(lab, 'data-backend')})`);
    await lab.locator('button[data-action="stop"]').click();
    await page.closeAll();
    return;
  }
  await waitPoints(page, 1, 90_000);
  await loseGpu(page);
  await waitAttr(page, 'data-fallback', 'webgl', 60_000);
  assert.notEqual(await attr(lab, 'data-backend'), 'webgl');
  assert.match(await lab.locator('[data-role="message"]').innerText(), /webgl stopped working: .*context was lost.*starts again on (wasm|cpu)/i);
  await waitPoints(page, 1, 60_000);
  await lab.locator('button[data-action="stop"]').click();
  await waitAttr(page, 'data-state', 'done');
  assert.equal(await attr(lab, 'data-status'), 'stopped');
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('a lost WebGPU device falls back to another backend with a message', { timeout: 150_000 }, async (t) => {
  const gpuBrowser = await launch({ webgpu: true });
  try {
    // Lost before the first step: a step on SwiftShader's WebGPU compiles shaders for minutes in one task, and a
    // message sent during it would wait that long.
    const page = await openPage(gpuBrowser, `${LESSON}?backend=webgpu`, { prepare: (context) => injectGpuFaults(context, { loseDeviceAtStart: true }) });
    const lab = page.locator(WIDGET);
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.ready !== undefined, WIDGET);
    await configure(lab, { steps: 1000 });
    await lab.locator('button[data-action="start"]').click();
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.backend !== undefined, WIDGET, { timeout: 60_000 });
    if ((await attr(lab, 'data-backend')) !== 'webgpu' && (await attr(lab, 'data-fallback')) !== 'webgpu') {
      t.skip(`this browser offers no WebGPU in workers (got ${await attr(lab, 'data-backend')})`);
      await lab.locator('button[data-action="stop"]').click();
      return;
    }
    await waitAttr(page, 'data-fallback', 'webgpu', 60_000);
    assert.notEqual(await attr(lab, 'data-backend'), 'webgpu');
    assert.match(await lab.locator('[data-role="message"]').innerText(), /webgpu stopped working: .*WebGPU device was lost.*starts again on (wasm|cpu)/i);
    await waitPoints(page, 1, 60_000);
    await lab.locator('button[data-action="stop"]').click();
    await waitAttr(page, 'data-state', 'done');
    assert.equal(await attr(lab, 'data-status'), 'stopped');
    assert.deepEqual(page.problems(), []);
    await page.closeAll();
  } finally {
    await gpuBrowser.close();
  }
});
