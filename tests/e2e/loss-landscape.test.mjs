// The loss-landscape widget on the catalog page (depth 20, Compute starting at 5×5): the committed landscapes render
// without a press (two contour panels on one colour key, the 1-D curves, a table, CSV, PNG and SVG), a live grid
// fills in with progress and time left, its centre point equals the committed one, and it can be cancelled; the
// degradation lab's saved model is offered in this widget and in the lesion study once one is in IndexedDB.
// `?backend=wasm` avoids SwiftShader's very slow WebGL.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { launch, openPage } from './browser.mjs';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ROOT = '[data-widget="loss-landscape"]';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function axeProblems(page, selector) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (sel) => {
    const r = await window.axe.run({ include: [sel] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  }, selector);
  return violations;
}

const ready = (page, root) => page.waitForFunction((r) => document.querySelector(r)?.hasAttribute('data-ready') && document.querySelector(r)?.dataset.saved !== undefined, root);

test('the loss landscape shows the committed result, computes a small grid live, and can be cancelled', async () => {
  const page = await openPage(browser, 'catalog/?backend=wasm');
  const w = page.locator(ROOT).first();
  await w.scrollIntoViewIfNeeded();
  await ready(page, ROOT);
  const views = JSON.parse(await w.getAttribute('data-views'));
  const ref = views['20-1'];
  assert.deepEqual(ref.panels.map((p) => p.net), ['plain-20', 'res-20']);

  // Committed: two panels with contour bands, one shared colour key, both 1-D curves, the caption from the records.
  assert.equal(await w.locator('[data-role="panels"] svg.panel').count(), 2);
  assert.ok((await w.locator('[data-role="panels"] svg.panel').first().locator('.bands path').count()) > 3);
  assert.equal(await w.locator('[data-role="key"] svg').count(), 1);
  for (const net of ['plain-20', 'res-20']) assert.ok(Number(await w.locator(`[data-role="curves"] .series[data-net="${net}"]`).getAttribute('data-points')) > 5);
  const caption = await w.locator('[data-role="caption"]').innerText();
  assert.match(caption, /Direction seed 1/);
  assert.match(caption, /plain-20 \(training-set error \d+\.\d %/);
  assert.match(caption, /11×11 grid/);

  // Table (drawn when opened) and CSV: one row per net and grid point.
  await w.locator('details.table-alternative summary').click();
  assert.equal(await w.locator('tbody[data-role="table-body"] tr').count(), 2 * 121);
  const [csv] = await Promise.all([page.waitForEvent('download'), w.locator('button[data-action="download-csv"]').click()]);
  const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\r\n');
  assert.equal(lines[0], 'net,alpha,beta,loss,error');
  assert.equal(lines.length - 1, 2 * 121);
  const [svg] = await Promise.all([page.waitForEvent('download'), w.locator('button[data-action="download-svg"]').click()]);
  const svgText = await readFile(await svg.path(), 'utf8');
  assert.match(svgText, /^<svg/);
  assert.doesNotMatch(svgText, /var\(--/, 'the exported SVG resolves the page’s CSS variables');
  const [png] = await Promise.all([page.waitForEvent('download'), w.locator('button[data-action="download-png"]').click()]);
  assert.equal((await readFile(await png.path())).subarray(1, 4).toString(), 'PNG');
  assert.deepEqual(await axeProblems(page, ROOT), []);

  // Live: 5×5 for plain-20 then res-20; progress shows points and time left; the grid fills in row by row.
  await w.locator('select[name="depth"]').selectOption('20');
  await w.locator('input[name="grid"]').fill('5');
  await w.locator('button[data-action="start"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((r) => Number(document.querySelector(r)?.dataset.points) >= 13, ROOT, { timeout: 240_000 });
  assert.ok(await w.locator('[data-role="progress"]').evaluate((b) => !b.hidden && b.value > 0 && b.value < 1));
  assert.match(await w.locator('[data-role="status"]').innerText(), /Computing (plain|res)-20: \d+ of 50 points, \d+\.\d+ points\/s/);
  assert.match(await w.locator('[data-role="time-left"]').innerText(), /about \d+ (s|min) left/);
  // Drawn on the next frame: the complete rows are contoured.
  await page.waitForFunction((r) => Number(document.querySelector(`${r} svg.panel[data-net="plain-20"] .bands`)?.dataset.rows) >= 2, ROOT);

  await w.locator('button[data-action="cancel"]').click();
  await page.waitForFunction((r) => ['cancelled', 'ready', 'error'].includes(document.querySelector(r)?.dataset.state), ROOT, { timeout: 60_000 });
  assert.equal(await w.getAttribute('data-state'), 'cancelled', await w.locator('[data-role="status"]').innerText());
  assert.match(await w.locator('[data-role="status"]').innerText(), /Cancelled after \d+ of 50 points/);
  assert.ok(await w.locator('button[data-action="start"]').isEnabled());

  // The centre (α = β = 0) is the trained net itself, whatever the seed and span: it equals the committed value.
  const centre = await w.locator('tbody[data-role="table-body"] tr').evaluateAll((rows) => {
    const row = rows.find((r) => [...r.cells].map((c) => c.textContent).slice(0, 3).join() === 'plain-20,0,0');
    return row ? Number(row.cells[3].textContent) : null;
  });
  const committed = ref.panels[0].loss[5][5];
  assert.ok(centre !== null && Math.abs(centre - committed) / committed < 2e-3, `centre loss ${centre} against the record's ${committed}`);

  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

/** A record as the degradation lab's store writes it (src/widgets/degradation-lab/store.ts), but not a real net. */
const seedSavedModel = (page, record) =>
  page.evaluate(
    (r) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('residual-lessons-degradation-lab', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('models');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('models', 'readwrite');
          tx.objectStore('models').put({ ...r, values: r.values.map((v) => new Float32Array(v)) }, 'best');
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    record,
  );

test('the network saved by the degradation lab is offered in the lesion study and the landscape, and said to be missing before', async () => {
  const page = await openPage(browser, 'catalog/?backend=wasm');
  const lesion = '[data-widget="lesion-study"]';
  await ready(page, lesion);
  await ready(page, ROOT);
  for (const root of [lesion, ROOT]) {
    const w = page.locator(root).first();
    assert.equal(await w.getAttribute('data-saved'), 'false');
    assert.ok(await w.locator('option[value="saved"]').isDisabled());
    const hint = w.locator('[data-role="saved-none"]');
    assert.ok(await hint.isVisible());
    assert.match(await hint.locator('a').getAttribute('href'), /lessons\/degradation\/$/);
  }

  await seedSavedModel(page, { version: 2, savedAt: '2026-11-30T12:00:00.000Z', net: 'plain-20', step: 120, validationError: 0.25, spec: { name: 'plain-20' }, names: ['w'], values: [[0.5]] });
  await page.reload({ waitUntil: 'load' });
  await ready(page, lesion);
  await ready(page, ROOT);
  for (const root of [lesion, ROOT]) {
    const w = page.locator(root).first();
    assert.equal(await w.getAttribute('data-saved'), 'true');
    const option = w.locator('option[value="saved"]');
    assert.ok(await option.isEnabled());
    assert.match(await option.innerText(), /your network: plain-20 \(step 120, validation error 25\.0 %/);
    await w.locator(root === lesion ? 'select[name="net"]' : 'select[name="nets"]').selectOption('saved');
    const about = w.locator('[data-role="saved-about"]');
    assert.ok(await about.isVisible());
    assert.match(await about.innerText(), /trained in this browser by the degradation lab on the Fashion-MNIST subset.*no shortcuts/);
    assert.ok(await w.locator('[data-role="saved-none"]').isHidden());
  }

  // This record is not a real network: computing with it fails, and the widget says so in an alert.
  const w = page.locator(ROOT).first();
  await w.locator('button[data-action="start"]').click();
  await page.waitForFunction((r) => ['error', 'ready', 'cancelled'].includes(document.querySelector(r)?.dataset.state), ROOT, { timeout: 240_000 });
  assert.equal(await w.getAttribute('data-state'), 'error');
  assert.match(await w.locator('[role="alert"]').innerText(), /Something went wrong: .+/);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});
