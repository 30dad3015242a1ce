// The split-transform-merge lesson: the widget builds ResNeXt's three block forms from one set of weights in
// TensorFlow.js and shows they agree; choosing another (C, d) rewrites the forms; Table 2 and the committed training
// run render from the model library and the run's JSON, each with its data as a table.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './browser.mjs';

const LESSON = 'lessons/split-transform-merge/?backend=wasm';
const WIDGET = '[data-widget="split-transform-merge"]';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('forms (a), (b) and (c) of a 32×4d block give the same output, and 4×24d too', { timeout: 150_000 }, async () => {
  const page = await openPage(browser, LESSON);
  const widget = page.locator(`${WIDGET}[data-ready]`);
  await widget.waitFor();
  const select = widget.getByLabel('Cardinality × width');
  assert.equal(await select.inputValue(), '32:4');
  assert.equal(await widget.locator('[data-form="a"] [data-out="ops"]').textContent(), '96');

  const build = async () => {
    await widget.getByRole('button', { name: 'Build all three and compare' }).click();
    await page.waitForFunction((sel) => ['done', 'error'].includes(document.querySelector(sel)?.dataset.state), WIDGET, { timeout: 120_000 });
    assert.equal(await widget.getAttribute('data-state'), 'done', await widget.locator('[data-out="status"]').textContent());
    const maxDiff = Number(await widget.getAttribute('data-max-diff'));
    const scale = Number(await widget.getAttribute('data-scale'));
    assert.ok(scale > 1, `outputs as large as ${scale}`);
    assert.ok(maxDiff < 1e-5 * scale, `forms differ by ${maxDiff} on outputs of ${scale}`);
    for (const f of ['b', 'c']) assert.match(await widget.locator(`[data-form="${f}"] [data-out="diff"]`).textContent(), /^(0|\d\.\de-\d+)$/);
  };
  await build();
  assert.match(await widget.locator('[data-out="status"]').textContent(), /70,144 weights/);

  // By keyboard: choose 4×24d; the forms are rewritten and the old result cleared.
  await select.focus();
  await select.selectOption('4:24');
  assert.equal(await widget.locator('[data-form="c"] [data-out="diff"]').textContent(), '–');
  assert.match(await widget.locator('[data-form="c"] [data-out="layers"]').textContent(), /one 3×3, 96→96 in 4 groups of 24/);
  await build();
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('Table 2 is recomputed: d = 64, 40, 24, 14, 4 at about 70k weights', async () => {
  const page = await openPage(browser, LESSON);
  const cells = await page.locator('[data-table="resnext-tradeoff"] tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].slice(0, 4).map((c) => c.textContent)));
  assert.deepEqual(cells, [
    ['1', '64', '64', '69,632'],
    ['2', '40', '80', '69,760'],
    ['4', '24', '96', '69,888'],
    ['8', '14', '112', '71,456'],
    ['32', '4', '128', '70,144'],
  ]);
  await page.closeAll();
});

test('the committed training run is drawn, with its numbers as a table and a CSV', async () => {
  const page = await openPage(browser, LESSON);
  const chart = page.locator('[data-chart="resnext-run"][data-seed="1"]');
  assert.equal(await chart.locator('path[data-net]').count(), 2);
  await chart.locator('summary').click();
  assert.ok((await chart.locator('tbody tr').count()) >= 10);
  const href = await chart.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  const csv = decodeURIComponent(href.replace(/^data:text\/csv;charset=utf-8,/, '')).trim().split('\n');
  assert.equal(csv[0], 'step,1x64d_train_error_smoothed,1x64d_test_error,32x4d_train_error_smoothed,32x4d_test_error');
  assert.ok(csv.length >= 11);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});
