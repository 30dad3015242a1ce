// The residual-learning lesson: its cells run (the zero-init proof prints zeros) and the toy trains in the page.
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

test('the cells run, and the zero-init cell proves each block is the identity', async () => {
  const page = await openPage(browser, 'lessons/residual-learning/?backend=wasm');
  const cells = page.locator('[data-widget="cell"]');
  const n = await cells.count();
  assert.ok(n >= 3, `${n} cells`);
  for (let i = 0; i < n; i++) {
    await cells.nth(i).locator('button[data-action="run"]').click();
    await page.waitForFunction((k) => ['done', 'error'].includes(document.querySelectorAll('[data-widget="cell"]')[k]?.dataset.state), i, { timeout: 60_000 });
    assert.equal(await cells.nth(i).getAttribute('data-state'), 'done', await cells.nth(i).locator('[data-role="output"]').innerText());
  }
  const proof = await cells.nth(n - 1).locator('[data-role="output"]').innerText();
  assert.match(proof, /layer1\.0: max \|output − input\| = 0\b/);
  assert.match(proof, /layer1\.2: max \|output − input\| = 0\b/);
  assert.match(proof, /every last BN γ is 0: true/);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('the toy trains: the residual stack ends below the plain one', async () => {
  const page = await openPage(browser, 'lessons/residual-learning/?backend=wasm');
  const root = page.locator('[data-widget="residual-toy"]');
  await root.locator('button[data-action="train"]').click();
  await page.waitForFunction(() => document.querySelector('[data-widget="residual-toy"]')?.dataset.state === 'ready', null, { timeout: 60_000 });
  assert.equal(await root.getAttribute('data-step'), '150');
  const status = await root.locator('[data-role="status"]').innerText();
  const [, plain, residual] = status.match(/plain (\d+(?:\.\d+)?(?:e-?\d+)?), residual (\d+(?:\.\d+)?(?:e-?\d+)?)/);
  assert.ok(Number(residual) < Number(plain), status);
  assert.equal(await root.locator('svg path[data-line]').count(), 4);
  assert.ok((await root.locator('tbody tr').count()) > 5);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});
