// The runnable notebook cell, against the built /scratchpad/ page (three cells: count parameters, a table of
// stages that reads `report` from cell 1, and tensors). `?backend=wasm` avoids SwiftShader's very slow WebGL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage } from './browser.mjs';

const PAGE = 'scratchpad/?backend=wasm';
const SETTLED = ['done', 'error', 'skipped'];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const cell = (page, i) => page.locator('[data-widget="notebook-cell"]').nth(i);
const output = (page, i) => cell(page, i).locator('[data-role="output"]');

/** Waits until cell i has finished (the click already moved it to "queued", so an old "done" cannot fool us). */
async function settled(page, i) {
  await page.waitForFunction(
    ([n, states]) => states.includes(document.querySelectorAll('[data-widget="notebook-cell"]')[n]?.dataset.state),
    [i, SETTLED],
    { timeout: 90_000 },
  );
  return cell(page, i).getAttribute('data-state');
}

async function press(page, i, action) {
  await cell(page, i).locator(`button[data-action="${action}"]`).click();
  return settled(page, i);
}

async function setCode(page, i, code) {
  await cell(page, i).locator('textarea').fill(code);
}

function assertNoProblems(page) {
  assert.deepEqual(page.problems(), []);
}

test('a cell runs and shows its console output, its value, its run time and the backend; tfjs loads only then', async () => {
  const page = await openPage(browser, PAGE);
  const loaded = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  const before = await loaded();
  assert.ok(!before.some((u) => u.endsWith('.wasm') || /\/runner\.[\w-]+\.js$/.test(u)), `loaded before any run: ${before.join(', ')}`);

  assert.equal(await press(page, 0, 'run'), 'done');
  const text = await output(page, 0).innerText();
  assert.match(text, /resnet50: 50 weighted layers/);
  assert.match(text, /25557032/);
  assert.match(await cell(page, 0).locator('[data-role="status"]').innerText(), /^Done in \d+(\.\d+)? m?s · wasm/);
  assert.equal(await cell(page, 0).getAttribute('aria-busy'), 'false');
  assert.equal(await cell(page, 0).locator('button[data-action="run"]').isEnabled(), true);
  assert.ok((await loaded()).some((u) => u.endsWith('.wasm')), 'running a cell loads the wasm backend');
  assertNoProblems(page);
  await page.closeAll();
});

test('editing the code then running shows the new result, and the editor re-highlights it', async () => {
  const page = await openPage(browser, PAGE);
  const code = 'const answer = 6 * 7;\nanswer';
  await setCode(page, 0, code);
  assert.equal(await press(page, 0, 'run'), 'done');
  assert.equal((await output(page, 0).innerText()).trim(), '42');
  // The highlight layer shows exactly the textarea's text, coloured by the lazily loaded highlighter.
  const layer = cell(page, 0).locator('[data-role="highlight"]');
  await page.waitForFunction(() => document.querySelector('[data-role="highlight"] span[style*="--shiki-light"]'));
  assert.equal((await layer.innerText()).trimEnd(), code);
  assert.equal(await cell(page, 0).locator('[data-role="gutter"]').innerText(), '1\n2');
  assertNoProblems(page);
  await page.closeAll();
});

test('an error shows its line and marks it; the page keeps working and the next cell still runs', async () => {
  const page = await openPage(browser, PAGE);
  await setCode(page, 1, 'const ok = 1;\nconst nothing = null;\nnothing.field');
  assert.equal(await press(page, 1, 'run'), 'error');
  assert.match(await output(page, 1).innerText(), /^Line 3: TypeError: Cannot read properties of null/);
  const mark = cell(page, 1).locator('[data-role="error-mark"]');
  assert.equal(await mark.isVisible(), true);
  assert.equal(await mark.evaluate((m) => m.style.getPropertyValue('--nb-error-line')), '3');

  await setCode(page, 1, 'let fine = 1;\nlet x = ;');
  assert.equal(await press(page, 1, 'run'), 'error');
  assert.equal((await output(page, 1).innerText()).trim(), 'Line 2: SyntaxError: Unexpected token');

  assert.equal(await press(page, 2, 'run'), 'done');
  assert.match(await output(page, 2).innerText(), /Tensor float32 \[2, 4, 4, 3\]/);
  assert.match(await output(page, 2).innerText(), /min\s+0\s/, 'ReLU output has minimum 0');
  assertNoProblems(page);
  await page.closeAll();
});

test('a const from cell 1 is visible in cell 2, and re-running cell 1 does not throw "already declared"', async () => {
  const page = await openPage(browser, PAGE);
  assert.equal(await press(page, 0, 'run'), 'done');
  assert.equal(await press(page, 0, 'run'), 'done');
  assert.equal(await press(page, 1, 'run'), 'done');
  const table = output(page, 1).locator('table');
  assert.deepEqual(await table.locator('th').allInnerTexts(), ['stage', 'blocks', 'output', 'params', 'mult_adds']);
  assert.equal(await table.locator('tbody tr').count(), 4);
  assert.match(await table.innerText(), /conv5_x\s+3\s+7×7×2048\s+14,964,736/);
  assertNoProblems(page);
  await page.closeAll();
});

test('Run all runs every cell above, in order, then this one', async () => {
  const page = await openPage(browser, PAGE);
  assert.equal(await press(page, 2, 'run-all'), 'done');
  for (const i of [0, 1]) assert.equal(await cell(page, i).getAttribute('data-state'), 'done');
  // Cell 2 needs cell 1's `report`: it only succeeds when cell 1 ran first.
  assert.equal(await output(page, 1).locator('tbody tr').count(), 4);
  assertNoProblems(page);
  await page.closeAll();
});

test('Run all stops at a failing cell and says why the later ones did not run', async () => {
  const page = await openPage(browser, PAGE);
  await setCode(page, 1, 'throw new Error("stop here")');
  assert.equal(await press(page, 2, 'run-all'), 'skipped');
  assert.equal(await cell(page, 1).getAttribute('data-state'), 'error');
  assert.match(await output(page, 1).innerText(), /Line 1: Error: stop here/);
  assert.match(await cell(page, 2).locator('[data-role="status"]').innerText(), /a cell above failed/);
  assertNoProblems(page);
  await page.closeAll();
});

test('Reset restores the original code and clears the output', async () => {
  const page = await openPage(browser, PAGE);
  const input = cell(page, 0).locator('textarea');
  const original = await input.inputValue();
  const originalLayer = await cell(page, 0).locator('[data-role="highlight"]').innerHTML();
  await setCode(page, 0, '"changed"');
  assert.equal(await press(page, 0, 'run'), 'done');
  await cell(page, 0).locator('button[data-action="reset"]').click();
  assert.equal(await input.inputValue(), original);
  assert.equal(await cell(page, 0).locator('[data-role="highlight"]').innerHTML(), originalLayer);
  assert.equal(await output(page, 0).innerHTML(), '');
  assert.equal(await cell(page, 0).getAttribute('data-state'), 'idle');
  assertNoProblems(page);
  await page.closeAll();
});

test('Shift+Enter and Ctrl+Enter run the cell; Tab is not trapped in the editor', async () => {
  const page = await openPage(browser, PAGE);
  const input = cell(page, 0).locator('textarea');
  const original = await input.inputValue();
  await input.focus();
  await page.keyboard.press('Shift+Enter');
  assert.equal(await settled(page, 0), 'done');
  assert.equal(await input.inputValue(), original, 'Shift+Enter inserts no newline');
  await setCode(page, 0, '1 + 1');
  await input.press('Control+Enter');
  await page.waitForFunction(() => document.querySelector('[data-role="output"]')?.textContent?.trim() === '2');
  await input.focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'BUTTON');
  assertNoProblems(page);
  await page.closeAll();
});

test('display() and d3: a plot node is appended as it is, between other output, in order', async () => {
  const page = await openPage(browser, PAGE);
  await setCode(
    page,
    2,
    [
      "const svg = d3.create('svg').attr('width', 120).attr('height', 40);",
      "svg.append('rect').attr('width', 60).attr('height', 20);",
      "display('before the plot');",
      'display(svg.node());',
      "console.warn('after the plot');",
      '[{ a: 1, b: 2 }]',
    ].join('\n'),
  );
  assert.equal(await press(page, 2, 'run'), 'done');
  const kinds = await output(page, 2).evaluate((o) => [...o.children].map((c) => c.tagName.toLowerCase() + (c.classList[0] ? `.${c.classList[0]}` : '')));
  assert.deepEqual(kinds, ['pre.nb-value', 'svg', 'pre.nb-log', 'div.nb-table-wrap']);
  assert.equal(await output(page, 2).locator('svg rect').count(), 1);
  assertNoProblems(page);
  await page.closeAll();
});

test('busy state: the Run button is disabled and the cell aria-busy while it runs', async () => {
  const page = await openPage(browser, PAGE);
  await setCode(page, 0, 'await new Promise((r) => setTimeout(r, 400));\n"slept"');
  await cell(page, 0).locator('button[data-action="run"]').click();
  await page.waitForFunction(() => document.querySelector('[data-widget="notebook-cell"]')?.dataset.state === 'running');
  assert.equal(await cell(page, 0).getAttribute('aria-busy'), 'true');
  assert.equal(await cell(page, 0).locator('button[data-action="run"]').isDisabled(), true);
  assert.equal(await settled(page, 0), 'done');
  assert.equal((await output(page, 0).innerText()).trim(), '"slept"');
  assertNoProblems(page);
  await page.closeAll();
});

test('at 375 px the page does not scroll sideways: code and tables scroll inside the cell', async () => {
  const page = await openPage(browser, PAGE, { viewport: { width: 375, height: 800 } });
  assert.equal(await press(page, 1, 'run-all'), 'done');
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
  assert.ok(widths.page <= widths.view, `page is ${widths.page}px wide in a ${widths.view}px viewport`);
  const code = await cell(page, 0).locator('.nb-scroll').evaluate((s) => s.scrollWidth > s.clientWidth);
  assert.equal(code, true, 'the long console.log line scrolls inside the editor');
  assertNoProblems(page);
  await page.closeAll();
});

test('in dark mode the code takes the dark theme’s colours', async () => {
  const page = await openPage(browser, PAGE);
  await page.evaluate(() => localStorage.setItem('starlight-theme', 'dark'));
  await page.reload({ waitUntil: 'load' });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const token = cell(page, 0).locator('[data-role="highlight"] span[style*="--shiki-dark"]').first();
  const { color, dark } = await token.evaluate((s) => {
    const probe = document.createElement('span');
    probe.style.color = s.style.getPropertyValue('--shiki-dark');
    document.body.append(probe);
    const want = getComputedStyle(probe).color;
    probe.remove();
    return { color: getComputedStyle(s).color, dark: want };
  });
  assert.equal(color, dark);
  assertNoProblems(page);
  await page.closeAll();
});
