// The architecture explorer on the ResNet-50 lesson: keyboard and mouse open stages, the table alternative lists every
// layer (with and without JavaScript), the CSV downloads, nothing overflows a phone screen, and no errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, siteUrl } from './browser.mjs';

const LESSON = 'lessons/resnet-50/';
const WIDGET = '[data-widget="architecture-explorer"][data-arch="resnet50"]';
// 4 stem layers, 16 bottlenecks of 9, 4 projections of 2, 2 head layers.
const RESNET50_LAYERS = 158;

let browser;
before(async () => {
  browser = await launch();
});

const problems = (page) => page.problems();
after(async () => {
  await browser?.close();
});

/** data-row ids of the explorer's visible rows, in order. */
const visibleRows = (widget) => widget.locator('[role="treeitem"]').evaluateAll((els) => els.map((e) => e.dataset.row));

test('the keyboard opens conv4_x and shows its 6 blocks at 14×14×1024', async () => {
  const page = await openPage(browser, LESSON);
  const widget = page.locator(WIDGET).first();
  const stem = widget.locator('[data-row="stem"]');
  await stem.waitFor();
  assert.equal(await widget.locator('[role="tree"]').count(), 1);
  assert.deepEqual(await visibleRows(widget), ['stem', 'layer1', 'layer2', 'layer3', 'layer4', 'head']);
  assert.equal(await stem.getAttribute('tabindex'), '0', 'the roving tabindex starts on the first row');

  await stem.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const layer3 = widget.locator('[data-row="layer3"]');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-row')), 'layer3');
  assert.equal(await layer3.getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('ArrowRight');
  assert.equal(await layer3.getAttribute('aria-expanded'), 'true');

  const blocks = widget.locator('[data-row^="layer3."][aria-level="2"]');
  assert.equal(await blocks.count(), 6);
  for (const text of await blocks.locator('.shape').allTextContents()) assert.equal(text, '14×14×1024');
  assert.match(await layer3.getAttribute('aria-label'), /conv4_x, .*14×14×1024.*7,098,368 parameters/);

  // Right again steps into the first block; Left goes back; Left again closes the stage.
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-row')), 'layer3.0');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await layer3.getAttribute('aria-expanded'), 'false');
  assert.equal(await blocks.count(), 0);
  assert.equal(await widget.locator('[tabindex="0"]').count(), 1, 'exactly one row is in the tab order');

  assert.deepEqual(problems(page), []);
  await page.closeAll();
});

test('a click opens conv3_x, and its first block shows the projection shortcut', async () => {
  const page = await openPage(browser, LESSON);
  const widget = page.locator(WIDGET).first();
  const layer2 = widget.locator('[data-row="layer2"]');
  await layer2.click();
  assert.equal(await layer2.getAttribute('aria-expanded'), 'true');
  const blocks = widget.locator('[data-row^="layer2."][aria-level="2"]');
  assert.equal(await blocks.count(), 4);
  for (const text of await blocks.locator('.shape').allTextContents()) assert.equal(text, '28×28×512');

  await widget.locator('[data-row="layer2.0"]').click();
  const conv1 = widget.locator('[data-row="layer2.0.conv1"]');
  assert.equal(await conv1.getAttribute('aria-level'), '3');
  assert.equal(await conv1.getAttribute('aria-expanded'), null, 'layers are leaves');
  const shortcut = widget.locator('[data-row="layer2.0.downsample.0"]');
  assert.match(await shortcut.textContent(), /shortcut/);
  assert.equal(await shortcut.locator('.shape').textContent(), '28×28×512');

  await widget.getByRole('button', { name: 'Expand all' }).click();
  assert.equal(await widget.locator('[role="treeitem"]').count(), 6 + 16 + RESNET50_LAYERS);
  await widget.getByRole('button', { name: 'Collapse all' }).click();
  assert.equal(await widget.locator('[role="treeitem"]').count(), 6);

  assert.deepEqual(problems(page), []);
  await page.closeAll();
});

test('the table alternative has one row per layer, and the CSV one line per layer plus a header', async () => {
  const page = await openPage(browser, LESSON);
  const widget = page.locator(WIDGET).first();
  const details = widget.locator('details');
  await details.locator('summary', { hasText: 'Show as a table' }).click();
  assert.equal(await details.locator('tbody tr').count(), RESNET50_LAYERS);
  assert.equal(await details.locator('tr[data-layer="layer3.0.downsample.0"] td.num').first().textContent(), '14×14×1024');
  assert.match(await widget.locator('[data-totals]').textContent(), /25\.6M[\s\S]*4\.09G/);

  const [download] = await Promise.all([page.waitForEvent('download'), widget.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.equal(download.suggestedFilename(), 'resnet50-layers.csv');
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\r\n');
  assert.equal(lines.length, RESNET50_LAYERS + 1);
  assert.match(lines[0], /^stage,paper_stage,block,layer,/);

  assert.deepEqual(problems(page), []);
  await page.closeAll();
});

test('the table is in the page without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(siteUrl(LESSON));
  const widget = page.locator(WIDGET).first();
  assert.equal(await widget.locator('details tbody tr').count(), RESNET50_LAYERS);
  assert.equal(await widget.locator('[role="treeitem"]').count(), 0);
  await context.close();
});

test('at 375 px the explorer fits the screen and scrolls inside itself', async () => {
  const page = await openPage(browser, LESSON, { viewport: { width: 375, height: 800 } });
  const widget = page.locator(WIDGET).first();
  await widget.locator('[data-row="layer1"]').click();
  await widget.getByRole('button', { name: 'Expand all' }).click();
  const box = await widget.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `explorer spans ${JSON.stringify(box)}`);
  const { scrollWidth, clientWidth } = await widget.locator('.scroller').evaluate((e) => ({ scrollWidth: e.scrollWidth, clientWidth: e.clientWidth }));
  assert.ok(scrollWidth <= clientWidth + 1, `rows are ${scrollWidth} px wide in a ${clientWidth} px box`);
  assert.deepEqual(problems(page), []);
  await page.closeAll();
});

test('the catalog shows Pre-act ResNet-56, its first block of stage 2 normalising before the split, and its cell counts the parameters', async () => {
  const page = await openPage(browser, 'catalog/?backend=wasm');
  const widget = page.locator('[data-widget="architecture-explorer"][data-arch="preresnet56"]');
  const block = widget.locator('[data-row="layer2.0"]');
  await block.waitFor();
  assert.match(await block.textContent(), /BN → ReLU before the split/);
  assert.deepEqual(
    await widget.locator('[data-row^="layer2.0."]').evaluateAll((els) => els.map((e) => e.dataset.row.slice('layer2.0.'.length))),
    ['bn1', 'relu1', 'conv1', 'bn2', 'relu2', 'conv2'],
  );
  assert.match(await widget.locator('[data-totals]').textContent(), /parameters \(853,018\)/);

  // The cell under it: pre- and post-activation ResNet-56 have the same 853,018 parameters (option A: no projections).
  const cell = page.locator('[data-widget="notebook-cell"]').filter({ has: page.locator('textarea', { hasText: 'preAct56' }) });
  assert.equal(await cell.count(), 1);
  await cell.locator('button[data-action="run"]').click();
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-widget="notebook-cell"]')].some((c) => c.querySelector('textarea')?.value.includes('preAct56') && ['done', 'error'].includes(c.dataset.state)),
    null,
    { timeout: 90_000 },
  );
  assert.equal(await cell.getAttribute('data-state'), 'done');
  assert.match(await cell.locator('[data-role="output"]').textContent(), /preresnet56: 853,018 parameters; the original ResNet-56: 853,018/);
  assert.deepEqual(problems(page), []);
  await page.closeAll();
});
