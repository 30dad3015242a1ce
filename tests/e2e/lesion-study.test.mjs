// The lesion study widget on the catalog page (depth 20, live run limited to 3 blocks): the committed charts, tables
// and CSVs render without a press, and the live re-measurement shows progress, fills in, agrees with the record at
// least on its first block, and can be cancelled. `?backend=wasm` avoids SwiftShader's very slow WebGL.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { launch, openPage } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const ROOT = '[data-widget="lesion-study"]';

test('the lesion study draws the committed records, re-measures blocks live and can be cancelled', async () => {
  const page = await openPage(browser, 'catalog/?backend=wasm');
  const w = page.locator(ROOT).first();
  await w.scrollIntoViewIfNeeded();
  await page.waitForFunction((root) => document.querySelector(root)?.hasAttribute('data-ready'), ROOT);
  const study = JSON.parse(await w.getAttribute('data-study'));
  assert.equal(study.depth, 20);

  // Committed data: two charts with both nets, tables with one row per block and per (net, k).
  assert.equal(await w.locator('[data-plot="blocks"] svg .series').count(), 2);
  assert.equal(await w.locator('[data-plot="k"] svg .series').count(), 2);
  assert.equal(await w.locator('[data-plot="blocks"] svg .not-deletable').count(), study.nets.plain.blocks.filter((b) => !b.deletable).length);
  assert.equal(await w.locator('[data-plot="blocks"] tbody tr').count(), study.nets.residual.blocks.length);
  assert.equal(await w.locator('[data-plot="k"] tbody tr').count(), study.nets.residual.byK.length + study.nets.plain.byK.length);
  assert.match(await w.locator('[data-role="caption"]').innerText(), /Deleting one block of res-20 raises the test error from \d+\.\d % to \d+\.\d % on average; of plain-20/);

  for (const [plot, header] of [['blocks', 'block index,block,downsampling,plain error,residual error'], ['k', 'net,k deleted,mean error,sd,min,max,draws']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), w.locator(`[data-plot="${plot}"] button[data-action="download-csv"]`).click()]);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\r\n');
    assert.equal(lines[0], header);
    assert.equal(lines.length - 1, await w.locator(`[data-plot="${plot}"] tbody tr`).count());
  }

  // Live: res-20, its first 3 blocks; progress shows, the squares fill in, and the numbers equal the record.
  await w.locator('select[name="net"]').selectOption('residual');
  await w.locator('button[data-action="start"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((root) => {
    const bar = document.querySelector(`${root} [data-role="progress"]`);
    return bar && !bar.hidden && bar.value > 0;
  }, ROOT, { timeout: 120_000 });
  assert.match(await w.locator('[data-role="time-left"]').innerText(), /left/);
  await page.waitForFunction((root) => ['ready', 'error'].includes(document.querySelector(root)?.dataset.state), ROOT, { timeout: 240_000 });
  assert.equal(await w.getAttribute('data-state'), 'ready', await w.locator('[data-role="status"]').innerText());
  const live = JSON.parse(await w.getAttribute('data-live'));
  assert.equal(live.length, 3);
  assert.equal(await w.locator('[data-plot="blocks"] svg .live rect').count(), 3);
  const committed = study.nets.residual.blocks.find((b) => b.name === live[0].name).error;
  assert.equal(live[0].error, committed, 'the first re-measured block equals the committed record');
  assert.match(await w.locator('[data-role="comparison"]').innerText(), /Measured here: res-20/);

  // Cancel: a second run stops between batches. Three blocks of a 20-layer net take only seconds, so cancel is
  // pressed in the same task as start (the cancel button is enabled by then).
  await page.evaluate((root) => {
    document.querySelector(`${root} button[data-action="start"]`).click();
    document.querySelector(`${root} button[data-action="cancel"]`).click();
  }, ROOT);
  await page.waitForFunction((root) => ['cancelled', 'ready', 'error'].includes(document.querySelector(root)?.dataset.state), ROOT, { timeout: 60_000 });
  assert.equal(await w.getAttribute('data-state'), 'cancelled');
  assert.match(await w.locator('[data-role="status"]').innerText(), /Cancelled/);
  assert.ok(await w.locator('button[data-action="start"]').isEnabled());

  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});
