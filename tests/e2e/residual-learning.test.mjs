// The residual-learning lesson: its exercises unlock their cells, the cells run (the gradient cell finds no gradient
// in the zero-init plain stack, the zero-init proof prints zeros), and the toy trains in the page with zero-init on
// and off for both stacks.
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

test('the exercises unlock their cells, every cell runs, and the results are the ones the lesson states', async () => {
  const page = await openPage(browser, 'lessons/residual-learning/?backend=wasm');
  const exercises = page.locator('predict-then-run');
  assert.equal(await exercises.count(), 2);
  // Commit a prediction in each, so their cells can be run: a choice in the first, a number in the second.
  await exercises.nth(0).locator('input[type="radio"]').first().check();
  await exercises.nth(0).locator('button[type="submit"]').click();
  await exercises.nth(1).locator('input[name="value"]').fill('3');
  await exercises.nth(1).locator('button[type="submit"]').click();
  const cells = page.locator('[data-widget="notebook-cell"]');
  const n = await cells.count();
  assert.ok(n >= 4, `${n} cells`);
  for (let i = 0; i < n; i++) {
    await cells.nth(i).locator('button[data-action="run"]').click();
    await page.waitForFunction((k) => ['done', 'error'].includes(document.querySelectorAll('[data-widget="notebook-cell"]')[k]?.dataset.state), i, { timeout: 60_000 });
    assert.equal(await cells.nth(i).getAttribute('data-state'), 'done', await cells.nth(i).locator('[data-role="output"]').innerText());
  }
  // Zero last layers: no block of the plain stack gets a gradient, every block of the residual stack does.
  const gradients = exercises.nth(0);
  await gradients.locator('[data-role="compare"]').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await gradients.locator('[data-role="actual"]').textContent(), 'plain 0, residual 8');
  assert.equal(await gradients.locator('[data-role="compare"]').getAttribute('data-verdict'), 'correct'); // the first choice
  assert.match(await gradients.locator('[data-role="output"]').innerText(), /plain: .*block 1 → 8: 0\.0e\+0 /);
  // Option B adds a projection at the two shape changes only; the number 3 was a wrong prediction.
  const projections = exercises.nth(1);
  await projections.locator('[data-role="compare"]').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await projections.locator('[data-role="actual"]').textContent(), '2');
  assert.equal(await projections.locator('[data-role="compare"]').getAttribute('data-verdict'), 'wrong');
  const options = await projections.locator('[data-role="output"]').innerText();
  assert.match(options, /ResNet-20, option C: 283,962 parameters, 9 projection shortcuts/);
  assert.match(options, /ResNet-20, option A: 269,722 parameters, 0 projection shortcuts/); // C − A = 14,240, the checked answer
  const proof = await cells.nth(n - 1).locator('[data-role="output"]').innerText();
  assert.match(proof, /layer1\.0: max \|output − input\| = 0\b/);
  assert.match(proof, /layer1\.2: max \|output − input\| = 0\b/);
  assert.match(proof, /every last BN γ is 0: true/);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

/** The toy's table as numbers: rows of [x, target, plain H(x), residual H(x), residual F(x)]. */
async function table(root) {
  return root.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => Number(c.textContent))));
}

async function settled(page) {
  await page.waitForFunction(() => document.querySelector('[data-widget="residual-toy"]')?.dataset.state === 'ready', null, { timeout: 90_000 });
}

const errors = (status) => status.match(/plain (\S+), residual (\S+?)\.$/m).slice(1);

test('the toy: with zero-init on the plain stack outputs 0 and never moves while the residual stack starts as the identity; switched off, both start from the same He weights', async () => {
  const page = await openPage(browser, 'lessons/residual-learning/?backend=wasm');
  const root = page.locator('[data-widget="residual-toy"]');
  const status = root.locator('[data-role="status"]');
  assert.equal(await root.locator('[data-role="zero-init"]').isChecked(), true, 'the lesson starts the toy with zero-init on');
  await root.locator('button[data-action="reset"]').click();
  await settled(page);
  assert.equal(await root.getAttribute('data-step'), '0');
  assert.match(await status.innerText(), /last layers zero/);
  for (const [x, , plain, residual] of await table(root)) {
    assert.equal(plain, 0);
    assert.ok(Math.abs(residual - x) < 1e-3, `residual H(${x}) = ${residual}`);
  }
  const [plain0, residual0] = errors(await status.innerText());
  // Block 1 of the plain stack gets no gradient; block 1 of the residual stack does (in its output layer).
  const [, plainGrad, residualGrad] = (await root.locator('[data-role="signal"]').innerText()).match(/Gradient reaching block 1 .*plain (\S+), residual (\S+?)\.$/);
  assert.equal(plainGrad, '0.00');
  assert.ok(Number(residualGrad) > 0, residualGrad);

  await root.locator('button[data-action="train"]').click({ timeout: 90_000 }); // a loaded machine can be slow to answer
  await settled(page);
  assert.equal(await root.getAttribute('data-step'), '150');
  const [plain150, residual150] = errors(await status.innerText());
  assert.equal(plain150, plain0, 'the plain stack sits on a stationary point');
  assert.ok(Number(residual150) < Number(residual0) / 2, `${residual0} → ${residual150}`);
  assert.equal(await root.locator('svg path[data-line]').count(), 4);

  // Zero-init off: a new pair of stacks at step 0, from the same random weights.
  await root.locator('[data-role="zero-init"]').uncheck();
  await settled(page);
  assert.equal(await root.getAttribute('data-step'), '0');
  assert.equal(await root.getAttribute('data-zero-init'), 'false');
  assert.match(await status.innerText(), /last layers random/);
  const signal = await root.locator('[data-role="signal"]').innerText();
  const [, plainSize, residualSize] = signal.match(/Output size .*plain (\S+), residual (\S+?)\./);
  assert.ok(Number(plainSize) > 0 && Number(plainSize) * 5 < Number(residualSize), signal);

  // Seed 7 starts with a residual output far larger than its input: at this learning rate it diverges, and its line
  // is not drawn rather than drawn at 0.
  await root.locator('[data-role="seed"]').selectOption('7');
  await settled(page);
  assert.equal(await root.getAttribute('data-seed'), '7');
  await root.locator('button[data-action="train"]').click({ timeout: 90_000 }); // a loaded machine can be slow to answer
  await settled(page);
  const [plainEnd, residualEnd] = errors(await status.innerText());
  assert.equal(residualEnd, 'diverged');
  assert.ok(Number(plainEnd) > 0, plainEnd);
  assert.equal(await root.locator('svg path[data-line="residual"]').getAttribute('d'), '');
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});
