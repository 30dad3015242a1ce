// Links to "this experiment, with these settings": every widget with settings fills its controls from the page URL
// and says so, writes a changed setting back into the URL (replaceState: same page, no new history entry, the other
// parameters and the hash kept), copies the link with its Copy link button, and ignores bad values with a note,
// never an error. Nothing here loads TensorFlow.js except the residual toy's reset.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, siteUrl } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const q = (params) => Object.entries(params).map(([k, v]) => `${k}=${v}`).join('&');
/** The page's own URL, as the widget left it. */
const href = (page) => page.evaluate(() => location.href);
const param = async (page, name) => new URL(await href(page)).searchParams.get(name);

/** Values of the controls inside `root` matching `selector`: checkboxes give their checked state, others their value. */
const controls = (widget, selector) =>
  widget.locator(selector).evaluateAll((els) => els.map((e) => (e.type === 'checkbox' ? `${e.value}:${e.checked}` : e.value)));
const ticked = (widget, selector) => widget.locator(selector).evaluateAll((els) => els.filter((e) => e.checked).map((e) => e.value));

/**
 * One case per widget: the page it is on, the settings a link gives (all different from the page's defaults), what
 * the controls must then show, and one change by the reader with the parameter it must write.
 */
const CASES = [
  {
    name: 'degradation lab',
    path: 'lessons/degradation/',
    key: 'degradation-lab',
    link: { depths: '8,44', nets: 'res', steps: '123', lr: '0.05', batch: '128', schedule: 'step', 'zero-init': 'true', reference: 'false' },
    shows: async (w) => {
      assert.deepEqual(await ticked(w, 'input[name="depth"]'), ['8', '44']);
      assert.deepEqual(await ticked(w, 'input[name="variant"]'), ['res']);
      assert.deepEqual(await controls(w, 'input[name="steps"], input[name="lr"], select[name="batch"], select[name="schedule"]'), ['123', '0.05', '128', 'step']);
      assert.deepEqual(await controls(w, 'input[name="zero-init"], input[name="reference"]'), ['on:true', 'on:false']);
      // The lab drew with those settings: its schedule line is the step schedule of 123 steps from 0.05, zero-init on.
      assert.match(await w.locator('[data-role="recipe-text"]').textContent(), /learning rate 0\.05, ÷10 at 62, 92, .*γ of each residual block starts at 0/);
    },
    change: async (w) => w.locator('input[name="steps"]').fill('200').then(() => w.locator('input[name="steps"]').dispatchEvent('change')),
    writes: ['steps', '200'],
  },
  {
    name: 'gradient-flow lab',
    path: 'lessons/gradient-flow/',
    key: 'gradient-flow',
    link: { depth: '110', width: '16', batchnorm: 'false', measure: 'weights', reference: '56' },
    shows: async (w) => {
      assert.deepEqual(await controls(w, 'select[name="depth"], select[name="width"], select[name="measure"], select[name="reference"]'), ['110', '16', 'weights', '56']);
      assert.deepEqual(await controls(w, 'input[name="batchnorm"]'), ['on:false']);
    },
    change: async (w) => w.locator('select[name="depth"]').selectOption('32'),
    writes: ['depth', '32'],
  },
  {
    name: 'residual toy',
    path: 'lessons/residual-learning/',
    key: 'residual-toy',
    link: { seed: '5', 'zero-init': 'false' },
    shows: async (w) => {
      assert.deepEqual(await controls(w, '[data-role="seed"]'), ['5']);
      assert.deepEqual(await controls(w, '[data-role="zero-init"]'), ['on:false']);
      assert.equal(await w.getAttribute('data-seed'), '5', 'the toy builds its stacks with the linked seed');
    },
    change: async (w) => w.locator('[data-role="seed"]').selectOption('3'),
    writes: ['seed', '3'],
    // The seed's change builds the stacks at step 0 (tfjs loads): let it finish before the page closes.
    settle: (page) => page.waitForFunction(() => document.querySelector('residual-toy')?.dataset.state !== 'busy', null, { timeout: 60_000 }),
  },
  {
    name: 'grouped conv',
    path: 'lessons/grouped-convolution/',
    key: 'grouped-conv',
    link: { groups: '8' },
    shows: async (w) => {
      assert.equal(await w.getAttribute('data-groups'), '8');
      assert.equal(await w.getByRole('slider').getAttribute('aria-valuetext'), '8 groups of 2 channels');
      assert.equal(await w.locator('[data-out="params"]').textContent(), '288'); // 9 · 16 · 16 / 8
    },
    change: async (w, page) => {
      await w.getByRole('slider').focus();
      await page.keyboard.press('ArrowRight');
    },
    writes: ['groups', '16'],
  },
  {
    name: 'split-transform-merge',
    path: 'lessons/split-transform-merge/',
    key: 'split-transform-merge',
    link: { block: '8x14d' },
    shows: async (w) => {
      assert.deepEqual(await controls(w, 'select'), ['8:14']);
      assert.match(await w.locator('[data-form="b"] [data-out="layers"]').textContent(), /14/);
    },
    change: async (w) => w.locator('select').selectOption('4:24'),
    writes: ['block', '4x24d'],
  },
  {
    name: 'architecture explorer',
    path: 'lessons/resnet-50/',
    key: 'architecture-explorer',
    link: { open: 'layer3.1' },
    shows: async (w) => {
      assert.equal(await w.locator('[data-row="layer3"]').getAttribute('aria-expanded'), 'true');
      assert.equal(await w.locator('[data-row="layer3.1"]').getAttribute('aria-expanded'), 'true');
      assert.equal(await w.locator('[data-row="layer2"]').getAttribute('aria-expanded'), 'false');
    },
    change: async (w) => w.locator('[data-row="layer1"]').click(),
    writes: ['open', 'layer1,layer3.1'],
  },
  {
    name: 'ResNet-50 classifier',
    path: 'lessons/pretrained-resnet50/',
    key: 'resnet50-classifier',
    link: { backend: 'wasm', heatmap: 'false', opacity: '80' },
    shows: async (w) => {
      assert.deepEqual(await controls(w, 'select[name="backend"], [data-role="cam-opacity"]'), ['wasm', '80']);
      assert.deepEqual(await controls(w, '[data-role="cam-toggle"]'), ['on:false']);
    },
    change: async (w) => w.locator('select[name="backend"]').selectOption('cpu'),
    writes: ['backend', 'cpu'],
  },
  {
    name: 'lesion study',
    path: 'catalog/',
    key: 'lesion-study',
    link: { net: 'plain' },
    shows: async (w) => assert.deepEqual(await controls(w, 'select[name="net"]'), ['plain']),
    change: async (w) => w.locator('select[name="net"]').selectOption('residual'),
    writes: ['net', 'residual'],
  },
  {
    name: 'loss landscape',
    path: 'catalog/',
    key: 'loss-landscape',
    link: { nets: 'plain', depth: '20', grid: '7', span: '0.5', seed: '2' },
    shows: async (w) => {
      assert.deepEqual(await controls(w, 'select[name="nets"], select[name="depth"], input[name="grid"], select[name="span"], input[name="seed"]'), ['plain', '20', '7', '0.5', '2']);
      // It drew the committed 20-layer slice of direction seed 2, not the page's default.
      assert.match(await w.locator('[data-role="caption"]').textContent(), /plain-20.*Direction seed 2,/s);
    },
    change: async (w) => w.locator('select[name="depth"]').selectOption('56'),
    writes: ['depth', '56'],
  },
  {
    name: 'transfer learning',
    path: 'catalog/',
    key: 'transfer-learning',
    link: { 'hidden-layer': 'true', finetune: 'true', validation: '30' },
    shows: async (w) => {
      // In page order: the validation select comes first.
      assert.deepEqual(await controls(w, 'select[name="validation"], [data-role="hidden-layer"], [data-role="finetune"]'), ['30', 'on:true', 'on:true']);
    },
    change: async (w) => w.locator('select[name="validation"]').selectOption('10'),
    writes: ['validation', '10'],
  },
];

for (const c of CASES) {
  test(`${c.name}: a link restores its settings and says so; a change goes back into the URL`, { timeout: 90_000 }, async () => {
    const own = Object.fromEntries(Object.entries(c.link).map(([k, v]) => [`${c.key}.${k}`, v]));
    const page = await openPage(browser, `${c.path}?backend=wasm&${q(own)}&other.x=1#top`);
    const widget = page.locator(`[data-url-key="${c.key}"]`);
    await widget.waitFor();
    await c.shows(widget);
    const note = widget.locator('[data-role="share-note"]');
    assert.equal(await note.textContent(), `Settings restored from the link (${Object.keys(c.link).join(', ')}).`);
    assert.ok(await note.isVisible());

    const historyBefore = await page.evaluate(() => history.length);
    await c.change(widget, page);
    await page.waitForFunction(([name, value]) => new URL(location.href).searchParams.get(name) === value, [`${c.key}.${c.writes[0]}`, c.writes[1]]);
    const url = new URL(await href(page));
    // Every other setting of the widget is still in the URL, as are the other parameters and the hash.
    for (const [k, v] of Object.entries(own)) if (k !== `${c.key}.${c.writes[0]}`) assert.equal(url.searchParams.get(k), v, k);
    assert.equal(url.searchParams.get('backend'), 'wasm');
    assert.equal(url.searchParams.get('other.x'), '1');
    assert.equal(url.hash, '#top');
    assert.equal(await page.evaluate(() => history.length), historyBefore, 'replaceState, not a new history entry');
    await c.settle?.(page);
    assert.deepEqual(page.problems(), []);
    await page.closeAll();
  });
}

test('Copy link puts the page URL with the current settings on the clipboard', async () => {
  const page = await openPage(browser, 'lessons/grouped-convolution/', {
    prepare: (context) => context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(siteUrl()).origin }),
  });
  const widget = page.locator('[data-url-key="grouped-conv"]');
  await widget.waitFor();
  await widget.getByRole('slider').focus();
  await page.keyboard.press('Home'); // 1 group
  await widget.locator('button[data-action="share"]').click();
  await widget.locator('[data-role="share-link"][data-copied="clipboard"]').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await href(page));
  assert.equal(new URL(copied).searchParams.get('grouped-conv.groups'), '1');
  assert.equal(await widget.locator('[data-role="share-status"]').textContent(), 'Link copied.');
  assert.ok(await widget.locator('[data-role="share-url"]').isHidden());

  // The copied link opens the widget as it was.
  const again = await openPage(browser, copied.slice(siteUrl().length));
  const restored = again.locator('[data-url-key="grouped-conv"]');
  await restored.waitFor();
  assert.equal(await restored.getAttribute('data-groups'), '1');
  assert.deepEqual([...page.problems(), ...again.problems()], []);
  await again.closeAll();
  await page.closeAll();
});

test('where the clipboard is refused, Copy link shows the link selected, to copy by hand', async () => {
  const page = await openPage(browser, 'lessons/split-transform-merge/', {
    prepare: (context) =>
      context.addInitScript(() => {
        Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
      }),
  });
  const widget = page.locator('[data-url-key="split-transform-merge"]');
  await widget.waitFor();
  await widget.locator('select').selectOption('2:40');
  await widget.locator('button[data-action="share"]').click();
  const field = widget.locator('[data-role="share-url"]');
  await field.waitFor({ state: 'visible' });
  assert.equal(await field.inputValue(), await href(page));
  assert.match(await field.inputValue(), /split-transform-merge\.block=2x40d/);
  const selected = await field.evaluate((el) => el === document.activeElement && el.selectionStart === 0 && el.selectionEnd === el.value.length);
  assert.ok(selected, 'the link is focused and selected');
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('bad and stale values are ignored with a note, the good ones still apply, and nothing throws', async () => {
  const page = await openPage(browser, 'lessons/degradation/?degradation-lab.lr=abc&degradation-lab.depths=8,7&degradation-lab.steps=20&degradation-lab.colour=red&degradation-lab.batch=%E0%A4%A');
  const widget = page.locator('[data-url-key="degradation-lab"]');
  await widget.waitFor();
  const note = await widget.locator('[data-role="share-note"]').textContent();
  assert.equal(
    note,
    'Settings restored from the link (steps). Ignored from the link: lr=abc (not a number); depths=8,7 (7 is not one of 8, 20, 32, 44, 56); ' +
      'colour=red (not a setting of this widget); batch=%E0%A4%A (not a whole number).',
  );
  assert.deepEqual(await controls(widget, 'input[name="steps"], input[name="lr"], select[name="batch"]'), ['20', '0.1', '64']);
  assert.deepEqual(await ticked(widget, 'input[name="depth"]'), ['20', '32'], 'the page default depths stay');
  // A change writes only valid settings: the stale and bad parameters leave the URL.
  await widget.locator('select[name="schedule"]').selectOption('step');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('degradation-lab.schedule') === 'step');
  const url = new URL(await href(page));
  assert.equal(url.searchParams.get('degradation-lab.lr'), '0.1');
  assert.equal(url.searchParams.get('degradation-lab.colour'), null);
  assert.equal(url.searchParams.get('degradation-lab.depths'), '20,32');
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test('on the catalog every widget ignores its bad values with a note; two explorers keep their own settings', async () => {
  const bad = {
    'degradation-lab.steps': '0',
    'gradient-flow.depth': 'abc',
    'residual-toy.seed': '99',
    'grouped-conv.groups': '16', // the catalog's example has 8 channels: 1, 2, 4 or 8 groups
    'split-transform-merge.block': '32x4d', // not a row for 64 channels
    'resnet50-classifier.backend': 'tpu',
    'lesion-study.net': 'wide',
    'transfer-learning.validation': '50',
    'architecture-explorer.open': 'layer9',
    'architecture-explorer-2.open': 'layer3',
  };
  const page = await openPage(browser, `catalog/?${q(bad)}`);
  await page.locator('[data-url-key="architecture-explorer-2"]').waitFor();
  for (const name of Object.keys(bad)) {
    const key = name.slice(0, name.lastIndexOf('.'));
    const note = page.locator(`[data-url-key="${key}"] [data-role="share-note"]`);
    const text = await note.textContent();
    if (key === 'architecture-explorer-2') assert.equal(text, 'Settings restored from the link (open).');
    else assert.match(text, /^Ignored from the link: \S+=\S+ \(.+\)\.$/, `${key}: ${text}`);
  }
  const second = page.locator('[data-url-key="architecture-explorer-2"]');
  assert.equal(await second.locator('[data-row="layer3"]').getAttribute('aria-expanded'), 'true');
  const first = page.locator('[data-url-key="architecture-explorer"]');
  assert.equal(await first.locator('[data-row="layer1"]').getAttribute('aria-expanded'), 'true', 'the first keeps its expanded prop');

  // Opening a row in the first explorer writes only its own parameter.
  await first.locator('[data-row="layer2"]').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('architecture-explorer.open') === 'layer1,layer2');
  assert.equal(await param(page, 'architecture-explorer-2.open'), 'layer3');
  assert.equal(await param(page, 'lesion-study.net'), 'wide', "another widget's parameters are not touched");
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});

test("the authoring guide's and the example course's links open their lessons with those settings", async () => {
  for (const [from, name] of [
    ['guide/authoring/', /gradient-flow\.depth=110/],
    ['guide/authoring/', /degradation-lab\.depths=20,56/],
    ['courses/example-residual-networks/', /110\s+layers with BatchNorm off/],
  ]) {
    const page = await openPage(browser, from);
    await page.getByRole('link', { name }).click();
    const widget = page.locator('[data-url-key]');
    await widget.first().waitFor();
    const notes = await page.locator('[data-role="share-note"]').allTextContents();
    assert.equal(notes.filter((n) => n.startsWith('Settings restored from the link')).length, 1, `${from} → ${page.url()}: ${notes}`);
    assert.ok(!notes.some((n) => n.includes('Ignored')), notes.join(' | '));
    if (name.source.includes('110')) {
      assert.equal(await page.locator('gradient-flow select[name="depth"]').inputValue(), '110');
      assert.equal(await page.locator('gradient-flow input[name="batchnorm"]').isChecked(), false);
    } else {
      assert.deepEqual(await ticked(page.locator('degradation-lab'), 'input[name="depth"]'), ['20', '56']);
    }
    assert.deepEqual(page.problems(), []);
    await page.closeAll();
  }
});

test("the classifier loads its model on the backend a link chose, then keeps it", { timeout: 300_000 }, async () => {
  // Without a choice this headless browser gets wasm (its GPU is emulated); the link asks for cpu.
  const page = await openPage(browser, 'lessons/pretrained-resnet50/?resnet50-classifier.backend=cpu');
  const widget = page.locator('[data-url-key="resnet50-classifier"]');
  await widget.waitFor();
  await widget.locator('button[data-action="load"]').click();
  await page.waitForFunction(() => ['ready', 'failed'].includes(document.querySelector('resnet50-classifier')?.dataset.model ?? ''), null, { timeout: 280_000 });
  assert.match(await widget.locator('[data-role="model-text"]').textContent(), /ResNet-50 is ready on cpu/);
  assert.ok(await widget.locator('select[name="backend"]').isDisabled(), 'the page has one model: its backend is fixed once loaded');
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});
