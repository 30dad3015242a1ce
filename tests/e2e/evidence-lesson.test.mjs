// The evidence lesson as a student runs it, on wasm: every cell runs, each exercise shows its result, and the cells'
// by-hand computations agree with the library and with the committed records they fetch (a landscape point with its
// grid value, a hand-made lesion with the library's lesion and the lesion record).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './browser.mjs';
import { assertEveryComparison, predictEverywhere } from './exercises.mjs';

const PATH = 'lessons/why-residual-networks-train/';
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('Run all: every cell runs, and the hand computations match the library and the committed records', { timeout: 400_000 }, async () => {
  const page = await openPage(browser, `${PATH}?backend=wasm`);
  const cells = page.locator('[data-widget="notebook-cell"]');
  const n = await cells.count();
  assert.ok(n >= 4, `only ${n} cells`);
  const exercises = await predictEverywhere(page);
  await cells.nth(n - 1).locator('button[data-action="run-all"]').click();
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-widget="notebook-cell"]')].every((c) => ['done', 'error', 'skipped'].includes(c.dataset.state)),
    null,
    { timeout: 380_000 },
  );
  const outputs = await page.locator('[data-widget="notebook-cell"] [data-role="output"]').allInnerTexts();
  const states = await cells.evaluateAll((cs) => cs.map((c) => c.dataset.state));
  assert.deepEqual(states.filter((s) => s !== 'done'), [], outputs.join('\n---\n'));
  await assertEveryComparison(exercises, PATH);

  const lesionOut = outputs.find((o) => o.includes('answers that differ between hand and library'));
  assert.ok(lesionOut, `no lesion output in:\n${outputs.join('\n---\n')}`);
  const [, hand, library, committed] = /by hand ([\d.]+), library ([\d.]+), committed record ([\d.]+)/.exec(lesionOut) ?? [];
  assert.equal(hand, library, lesionOut);
  assert.ok(Math.abs(Number(library) - Number(committed)) <= 0.001, lesionOut);
  assert.match(lesionOut, /differ between hand and library: 0\b/);

  const pointOut = outputs.find((o) => /byHand/.test(o));
  assert.ok(pointOut, 'no landscape-point output');
  const num = (key) => Number(new RegExp(`${key}\\D*?(-?[\\d.]+(?:e-?\\d+)?)`).exec(pointOut)?.[1]);
  assert.ok(Math.abs(num('byHand') - num('committed')) <= 5e-4 * num('committed'), pointOut);
  // The by-hand check of filter-wise normalisation: ‖d_j‖ / ‖θ_j‖ = 1 for the filters it prints.
  const ratios = /‖θ_j‖ for filters[^=]*=\s*\[?([^\]\n]*)/.exec(pointOut)?.[1]?.match(/[\d.]+/g)?.map(Number) ?? [];
  assert.ok(ratios.length >= 3 && ratios.every((r) => Math.abs(r - 1) < 1e-4), pointOut);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});
