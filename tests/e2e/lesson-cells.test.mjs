// Every lesson as a student reads it: "Run all" on the last cell runs each cell, top to bottom, without an error.
// Lessons are found from the landing page's reading list, so a new lesson is covered without editing this file.
// (The ResNet-50 lesson has its own, deeper test in lesson-resnet50.test.mjs.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './browser.mjs';
import { assertEveryComparison, predictEverywhere } from './exercises.mjs';

let browser;
let lessons = [];
before(async () => {
  browser = await launch();
  const page = await openPage(browser, '');
  const base = new URL(page.url()).pathname;
  lessons = await page.locator('main a[href*="/lessons/"]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
  lessons = lessons.map((href) => href.slice(base.length)).filter((p) => !p.includes('resnet-50/'));
  await page.closeAll();
});
after(async () => {
  await browser?.close();
});

test('the landing page lists the lessons', () => {
  assert.ok(lessons.length >= 1, 'no lesson links on the landing page');
});

test('Run all runs every cell of every lesson on wasm', { timeout: 900_000 }, async (t) => {
  for (const path of lessons) {
    await t.test(path, { timeout: 300_000 }, async () => {
      const page = await openPage(browser, `${path}?backend=wasm`);
      const cells = page.locator('[data-widget="notebook-cell"]');
      const n = await cells.count();
      assert.ok(n >= 3, `${path}: only ${n} cells`);
      const exercises = await predictEverywhere(page);
      await cells.nth(n - 1).locator('button[data-action="run-all"]').click();
      // A cell that asks for one of the reader's files (chooseFile) waits: Skip it, as a reader without one would
      // (lesson-transfer.test.mjs gives it a file).
      const skip = page.locator('[data-role="choose-file"] button[data-action="skip-file"]:not([disabled])');
      const skipper = setInterval(() => void skip.click({ timeout: 500 }).catch(() => {}), 1000);
      await page
        .waitForFunction(
          () => [...document.querySelectorAll('[data-widget="notebook-cell"]')].every((c) => ['done', 'error', 'skipped'].includes(c.dataset.state)),
          null,
          { timeout: 290_000 },
        )
        .finally(() => clearInterval(skipper));
      const states = await cells.evaluateAll((cs) => cs.map((c) => c.dataset.state));
      const failed = states.map((s, i) => (s === 'done' ? null : i)).filter((i) => i !== null);
      const outputs = await page.locator('[data-widget="notebook-cell"] [data-role="output"]').allInnerTexts();
      assert.deepEqual(failed, [], `${path}: cells ${failed.map((i) => i + 1).join(', ')} failed:\n${failed.map((i) => outputs[i]).join('\n---\n')}`);
      await assertEveryComparison(exercises, path);
      assert.deepEqual(page.problems(), []);
      await page.closeAll();
    });
  }
});

test('the pretrained lesson computes the download size from the served manifest', { timeout: 180_000 }, async () => {
  const page = await openPage(browser, 'lessons/pretrained-resnet50/?backend=wasm');
  const cells = page.locator('[data-widget="notebook-cell"]');
  // The manifest cell is the second one; Run all also runs the BatchNorm-folding check above it.
  await cells.nth(1).locator('button[data-action="run-all"]').click();
  await page.waitForFunction(() => {
    const c = document.querySelectorAll('[data-widget="notebook-cell"]')[1];
    return c && ['done', 'error'].includes(c.dataset.state);
  }, null, { timeout: 170_000 });
  const [fold, manifest] = await page.locator('[data-widget="notebook-cell"] [data-role="output"]').allInnerTexts();
  const diff = Number(fold.match(/\[([^\]]+)\]\s*$/)?.[1]); // the value line, e.g. [3.8e-6]
  assert.ok(diff >= 0 && diff < 1e-3, `folding changed the output by ${diff}:\n${fold}`);
  const mb = Number(manifest.match(/downloadMB\D*([\d.]+)/)?.[1]);
  assert.ok(mb > 20 && mb <= 26, `download ${mb} MB:\n${manifest}`);
  await page.closeAll();
});
