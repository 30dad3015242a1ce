// The split-transform-merge lesson: the widget builds ResNeXt's three block forms from one set of weights in
// TensorFlow.js and shows they agree; choosing another (C, d) rewrites the forms; Table 2 and the committed training
// runs render from the model library and the runs' JSON, each with its data as a table; the exercises lock their
// answers until the reader has tried (the width for 16 paths, where ResNeXt-50 saves weights, which small net wins).
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

test('a checked answer: the width d for 16 paths at the bottleneck budget', async () => {
  const page = await openPage(browser, LESSON);
  // Solved here on its own: the d whose 16 paths of 512d + 9d² weights come closest to ResNet's 256·64·2 + 9·64².
  const budget = 256 * 64 * 2 + 9 * 64 * 64;
  const cost = (d) => Math.abs(16 * (512 * d + 9 * d * d) - budget);
  const d16 = Array.from({ length: 64 }, (_, i) => i + 1).reduce((a, b) => (cost(b) < cost(a) ? b : a));
  const ex = page.locator('checked-answer').first();
  const input = ex.locator('input');
  await input.fill(String(d16 + 3));
  await input.press('Enter');
  const feedback = ex.locator('[data-role="feedback"]');
  await page.waitForFunction((el) => el.textContent !== '', await feedback.elementHandle());
  assert.match(await feedback.textContent(), /^Not quite/);
  await input.fill(String(d16));
  await input.press('Enter');
  await page.waitForFunction((el) => el.textContent.startsWith('Correct.'), await feedback.elementHandle());
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('predict where ResNeXt-50 saves weights, then run the per-block count', { timeout: 150_000 }, async () => {
  const page = await openPage(browser, LESSON);
  const ex = page.locator('predict-then-run').first();
  assert.equal(await ex.locator('[data-role="experiment"]').isHidden(), true, 'the experiment is locked before a prediction');
  await ex.locator('input[type="radio"][value="in every block, about equally"]').check();
  await ex.getByRole('button', { name: 'Commit my prediction' }).click();
  await ex.locator('notebook-cell [data-role="code"]').focus();
  await page.keyboard.press('Shift+Enter');
  const compare = ex.locator('[data-role="compare"]');
  await compare.waitFor({ state: 'visible', timeout: 120_000 });
  // The cell's own table: the blocks with fewer weights must all be a stage's first block.
  const rows = await ex.locator('notebook-cell [data-role="output"] table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  assert.equal(rows.length, 16, 'one row per block of ResNet-50');
  const saving = rows.filter((r) => r[1].startsWith('-') || r[1].startsWith('−'));
  assert.ok(saving.length > 0 && saving.every((r) => r[0].endsWith('block 1')), JSON.stringify(saving));
  assert.equal(await ex.locator('[data-role="actual"]').textContent(), 'only in the first block of each stage');
  assert.equal(await compare.getAttribute('data-verdict'), 'wrong');
  // The build-time table says the same.
  const firsts = await page.locator('[data-table="resnext-block-deltas"] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.hasAttribute('data-first'), tr.cells[1].textContent.trim()]));
  for (const [first, weights] of firsts) assert.equal(weights.startsWith('−'), first, `${weights}`);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('the committed runs: predict the winner, then the paired comparison is revealed with its computed verdict', async () => {
  const page = await openPage(browser, LESSON);
  const ex = page.locator('predict-then-run').nth(1);
  const result = ex.locator('resnext-result');
  assert.equal(await ex.locator('[data-role="experiment"]').isHidden(), true, 'the runs are hidden before a prediction');
  await ex.locator('input[type="radio"][value="neither: a tie"]').check();
  await ex.getByRole('button', { name: 'Commit my prediction' }).click();
  assert.equal(await result.locator('[data-role="result"]').isHidden(), true, 'the result waits for the reader');
  await result.getByRole('button', { name: /Show the \d+ runs’ result/ }).click();
  const verdict = await result.getAttribute('data-verdict');
  assert.ok(['tie', 'resnext', 'resnet'].includes(verdict));
  await ex.locator('[data-role="compare"]').waitFor({ state: 'visible' });
  assert.equal(await ex.locator('[data-role="actual"]').textContent(), { tie: 'neither: a tie', resnext: 'the ResNeXt', resnet: 'the ResNet' }[verdict]);
  assert.equal(await ex.locator('[data-role="compare"]').getAttribute('data-verdict'), verdict === 'tie' ? 'correct' : 'wrong');
  const seeds = await result.locator('tbody tr').count();
  assert.ok(seeds >= 5, `${seeds} seeds`);
  const text = await result.locator('[data-out="verdict"]').textContent();
  assert.match(text, { tie: /A tie/, resnext: /ResNeXt better by/, resnet: /ResNet better by/ }[verdict]);
  // The paragraph the lesson prints below the chart is the same computed sentence.
  assert.ok(text.includes(await page.locator('.run-number[data-stat="verdict"]').first().textContent()));
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('the committed training runs are drawn, every seed, with their numbers as a table and a CSV', async () => {
  const page = await openPage(browser, LESSON);
  const chart = page.locator('[data-chart="resnext-run"]');
  const seeds = Number(await chart.getAttribute('data-seeds'));
  assert.ok(seeds >= 5);
  assert.equal(await chart.locator('path[data-net]').count(), 2 * seeds);
  assert.equal(await chart.locator('circle.dot').count(), 2 * seeds);
  await chart.locator('summary').click();
  assert.ok((await chart.locator('tbody tr').count()) >= 4);
  const href = await chart.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  const csv = decodeURIComponent(href.replace(/^data:text\/csv;charset=utf-8,/, '')).trim().split('\r\n');
  assert.match(csv[0], /^step,1x64d_seed1_train_error_smoothed,\d+x\d+d_seed1_train_error_smoothed,/);
  assert.equal(csv[0].split(',').length, 1 + 2 * seeds);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});
