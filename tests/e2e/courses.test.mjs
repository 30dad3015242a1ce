// Course pages and the exercise components, driven by the keyboard alone where a reader would use it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './browser.mjs';

const COURSE = 'courses/example-residual-networks/';
/** The example course's order, which differs from the site's: ResNet-50 comes after gradient flow, before grouped convolution. */
const ORDER = ['degradation', 'residual-learning', 'gradient-flow', 'resnet-50', 'pretrained-resnet50', 'grouped-convolution', 'split-transform-merge'];
const TITLES = [
  'The degradation problem',
  'Residual learning',
  'Gradient flow',
  'ResNet-50, layer by layer',
  'Run ResNet-50 on your own images',
  'Grouped convolution',
  'Split-transform-merge (ResNeXt)',
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the course overview lists its lessons in the course’s order, with the instructor’s notes', async () => {
  const page = await openPage(browser, COURSE);
  const header = await page.textContent('.course-header');
  assert.match(header, /Example term · Course staff/);
  const steps = await page.$$eval('.course-steps > li', (lis) =>
    lis.map((li) => ({ href: li.querySelector('a').getAttribute('href'), note: li.querySelector('.note')?.textContent ?? '' })),
  );
  assert.deepEqual(
    steps.map((s) => s.href.replace(/^.*\/courses\//, '')),
    ORDER.map((slug) => `example-residual-networks/${slug}/`),
  );
  assert.match(steps[3].note, /bring one question about the\s+bottleneck block/);
  // The course's own sidebar: the lessons in its order, then the printable syllabus.
  const sidebar = await page.$$eval('nav.sidebar a', (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(
    sidebar.filter((t) => /^\d\./.test(t)),
    TITLES.map((t, i) => `${i + 1}. ${t}`),
  );
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('a lesson inside the course shows the note and links to the previous and next lessons of the course', async () => {
  const page = await openPage(browser, `${COURSE}resnet-50/`);
  assert.match(await page.textContent('.course-nav'), /Lesson 4 of 7/);
  assert.match(await page.textContent('.instructor-note'), /Note from Course staff[\s\S]*Open every stage of the explorer once/);
  assert.match(await page.getAttribute('.course-nav a[rel="prev"]', 'href'), /\/courses\/example-residual-networks\/gradient-flow\/$/);
  const next = await page.getAttribute('.course-nav a[rel="next"]', 'href');
  assert.match(next, /\/courses\/example-residual-networks\/pretrained-resnet50\/$/);
  // Starlight's own footer links follow the course's sidebar too, not the site's lesson order.
  const footerNext = await page.getAttribute('.pagination-links a[rel="next"]', 'href');
  assert.match(footerNext, /\/courses\/example-residual-networks\/pretrained-resnet50\/$/);
  // The lesson itself is there, unchanged: its widgets and its references.
  assert.ok(await page.$('architecture-explorer'));
  assert.ok(await page.$('#ref-he2016'));
  await page.click('.course-nav a[rel="next"]');
  await page.waitForURL(/pretrained-resnet50\/$/);
  assert.match(await page.textContent('.course-nav'), /Lesson 5 of 7/);
  assert.match(await page.getAttribute('.course-nav a[rel="prev"]', 'href'), /example-residual-networks\/resnet-50\/$/);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
  // The course's last lesson has nowhere further to go.
  const last = await openPage(browser, `${COURSE}split-transform-merge/`);
  assert.match(await last.textContent('.course-nav'), /Lesson 7 of 7/);
  assert.equal(await last.$('.course-nav a[rel="next"]'), null);
  assert.deepEqual(last.problems(), []);
  await last.closeAll();
});

test('the printable syllabus lists every lesson with its note and address, and hides the back link on paper', async () => {
  const page = await openPage(browser, `${COURSE}print/`);
  const titles = await page.$$eval('.steps h2', (hs) => hs.map((h) => h.textContent.trim()));
  assert.deepEqual(titles, TITLES);
  assert.match(await page.textContent('.steps'), /Try at least three photos of your own/);
  assert.equal(await page.title(), 'Residual Networks in Practice (example course): syllabus');
  assert.equal(await page.$('nav.sidebar, notebook-cell, header'), null, 'the print view is the syllabus alone');
  // Checked before print emulation, which makes headless Chromium ask for /favicon.ico on its own.
  assert.deepEqual(page.problems(), []);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.$eval('.back', (el) => getComputedStyle(el).display), 'none');
  await page.closeAll();
});

test('predict, then run: a committed choice unlocks the experiment, and the result appears beside it (keyboard only)', async () => {
  // cpu: the experiment only analyses a network; the fastest backend to start in a headless browser.
  const page = await openPage(browser, `${COURSE}?backend=cpu`);
  const ex = page.locator('predict-then-run').first();
  assert.equal(await ex.locator('[data-role="experiment"]').isHidden(), true, 'the experiment is locked before a prediction');
  await ex.locator('input[type="radio"]').first().focus();
  await page.keyboard.press('Space'); // picks conv2_x
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // commits
  assert.match(await ex.locator('[data-role="prediction-status"]').textContent(), /Prediction locked in: conv2_x/);
  assert.equal(await ex.locator('input[type="radio"]').first().isDisabled(), true, 'a committed prediction cannot change');
  // Focus moved into the experiment: the cell's code. Shift+Enter runs it.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-role')), 'code');
  await page.keyboard.press('Shift+Enter');
  const compare = ex.locator('[data-role="compare"]');
  await compare.waitFor({ state: 'visible', timeout: 90_000 });
  // The cell prints every stage's parameters; the result must be the stage with the most of them.
  const rows = await ex.locator('notebook-cell [data-role="output"] table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  assert.equal(rows.length, 4, 'one row per stage');
  const largest = rows.reduce((a, b) => (Number(b[2].replace(/\D/g, '')) > Number(a[2].replace(/\D/g, '')) ? b : a))[0];
  assert.equal(await ex.locator('[data-role="predicted"]').textContent(), 'conv2_x');
  assert.equal(await ex.locator('[data-role="actual"]').textContent(), largest);
  assert.equal(await compare.getAttribute('data-verdict'), largest === 'conv2_x' ? 'correct' : 'wrong');
  // "Predict again" unlocks the choices and locks the experiment again.
  await ex.locator('[data-action="again"]').focus();
  await page.keyboard.press('Enter');
  assert.equal(await ex.locator('input[type="radio"]').first().isDisabled(), false);
  assert.equal(await ex.locator('[data-role="experiment"]').isHidden(), true);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('predict, then run with a number: an unreadable guess is refused, a number is compared within the tolerance', async () => {
  const page = await openPage(browser, `${COURSE}?backend=cpu`);
  const ex = page.locator('predict-then-run').nth(1);
  const input = ex.locator('input[name="value"]');
  await input.focus();
  await page.keyboard.type('about twenty');
  await page.keyboard.press('Enter');
  assert.match(await ex.locator('[data-role="prediction-status"]').textContent(), /not a number I can read/);
  assert.equal(await ex.locator('[data-role="experiment"]').isHidden(), true);
  await input.fill('');
  await page.keyboard.type('20M'); // read as 20 000 000: far from a result in millions
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Enter');
  await ex.locator('[data-role="compare"]').waitFor({ state: 'visible', timeout: 90_000 });
  const actual = Number((await ex.locator('[data-role="actual"]').textContent()).replace(/,/g, ''));
  assert.ok(actual > 0 && actual < 1000, `the result is in millions: ${actual}`);
  assert.equal(await ex.locator('[data-role="predicted"]').textContent(), '20,000,000');
  assert.equal(await ex.locator('[data-role="compare"]').getAttribute('data-verdict'), 'wrong');
  assert.match(await ex.locator('[data-role="summary"]').textContent(), /% above the result/);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

/** The feedback line once the element has written it (it empties the line, then writes on the next frame). */
async function feedbackOf(page, ex) {
  const line = ex.locator('[data-role="feedback"]');
  await page.waitForFunction((el) => el.textContent !== '', await line.elementHandle());
  return line.textContent();
}

test('a checked answer says wrong with the hint, then correct; its solution appears after two wrong tries and stays closed until opened', async () => {
  const page = await openPage(browser, COURSE);
  const ex = page.locator('checked-answer').first();
  const input = ex.locator('input');
  const details = ex.locator('details.solution');
  const waits = ex.locator('[data-role="solution-waits"]');
  assert.equal(await details.isVisible(), false, 'the solution waits for an attempt');
  assert.match(await waits.textContent(), /once you have it right, or after two tries/);
  assert.equal(await waits.isVisible(), true);
  await input.focus();
  await page.keyboard.press('Enter');
  assert.equal(await feedbackOf(page, ex), 'Type an answer first.');
  await page.keyboard.type('256');
  await page.keyboard.press('Enter');
  assert.match(await feedbackOf(page, ex), /^Not quite\. Try again\. Hint: every output channel/);
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.equal(await details.isVisible(), false, 'one wrong guess does not unlock the solution');
  await page.keyboard.press('Enter');
  assert.match(await feedbackOf(page, ex), /Hint: .*The worked solution is now below\.$/, 'the same answer twice is announced again');
  assert.equal(await details.isVisible(), true, 'two tries: the solution can now be opened');
  assert.equal(await waits.isVisible(), false);
  await input.fill('');
  await page.keyboard.type('16,384');
  await page.keyboard.press('Enter');
  assert.equal(await feedbackOf(page, ex), 'Correct.');
  assert.equal(await details.evaluate((d) => d.open), false);
  assert.equal(await details.locator('.body').isVisible(), false);
  await details.locator('summary').focus();
  await page.keyboard.press('Enter');
  assert.equal(await details.evaluate((d) => d.open), true);
  assert.match(await details.locator('.body').textContent(), /64 × 256 = 16,384/);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('the course list links every course', async () => {
  const page = await openPage(browser, 'courses/');
  const links = await page.$$eval('.course-list a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.some((h) => h.endsWith('/courses/example-residual-networks/')));
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});
