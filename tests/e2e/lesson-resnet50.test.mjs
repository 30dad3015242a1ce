// The ResNet-50 lesson as a student uses it: every cell runs, top to bottom, with the real network.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './browser.mjs';
import { assertEveryComparison, predictEverywhere } from './exercises.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('Run all on the last cell runs every cell of the ResNet-50 lesson without an error', { timeout: 240_000 }, async () => {
  const page = await openPage(browser, 'lessons/resnet-50/?backend=wasm');
  const cells = page.locator('[data-widget="notebook-cell"]');
  const n = await cells.count();
  assert.ok(n >= 5, `only ${n} cells`);
  // Predict in every exercise first (the experiments unlock), so each comparison is filled in by Run all.
  const exercises = await predictEverywhere(page);
  assert.ok((await exercises.count()) >= 2, 'fewer than two exercises');
  await cells.nth(n - 1).locator('button[data-action="run-all"]').click();
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-widget="notebook-cell"]')].every((c) => ['done', 'error', 'skipped'].includes(c.dataset.state)),
    null,
    { timeout: 230_000 },
  );
  const states = await cells.evaluateAll((cs) => cs.map((c) => c.dataset.state));
  assert.deepEqual(states, Array(n).fill('done'));
  const text = await page.locator('[data-widget="notebook-cell"] [data-role="output"]').allInnerTexts();
  const all = text.join('\n');
  // The real network ran and returned the four stage outputs at their analyzed shapes.
  for (const shape of ['1,56,56,256', '1,28,28,512', '1,14,14,1024', '1,7,7,2048']) {
    assert.ok(all.replaceAll('×', ',').includes(shape), `no stage output of shape ${shape} in:\n${all}`);
  }
  // Every exercise shows its result beside the prediction, and each agrees with a derivation by hand: the bottleneck's
  // three convolutions; one projection per stage; in each of the three downsampling blocks the first 1×1 (C → C/2
  // channels) runs on the input grid instead of the strided one, and the three extra amounts are equal; a frozen
  // BatchNorm's running mean moves in training mode.
  await assertEveryComparison(exercises, 'lessons/resnet-50/');
  const actual = (await exercises.locator('[data-role="actual"]').allTextContents()).map((t) => t.trim());
  const bottleneck = 256 * 64 + 9 * 64 * 64 + 64 * 256;
  const extraG = (3 * 256 * 128 * (56 ** 2 - 28 ** 2)) / 1e9;
  assert.deepEqual(actual, [bottleneck.toLocaleString('en-US'), '4', Number(extraG.toPrecision(4)).toLocaleString('en-US'), 'yes']);
  // The d3 plot cell appended an SVG.
  assert.ok((await page.locator('[data-widget="notebook-cell"] [data-role="output"] svg').count()) >= 1, 'no plot');
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});
