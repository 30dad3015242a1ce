// The transfer-learning lesson as a student uses it: every cell runs, top to bottom, with the real ResNet-50 and the
// `transfer` library on the notebook's scope, and the lesson's claims hold on what the cells print; the cell that loads
// a downloaded model file classifies the cat with it, and goes on without one when the reader skips.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './browser.mjs';
import { assertEveryComparison, predictEverywhere } from './exercises.mjs';

const MODEL = new URL('../fixtures/models/untrained-3-classes.rlxfer', import.meta.url).pathname;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('Run all runs every cell of the transfer lesson, and the exercises get the results the prose explains', { timeout: 420_000 }, async () => {
  const page = await openPage(browser, 'lessons/transfer-learning/?backend=wasm');
  const cells = page.locator('[data-widget="notebook-cell"]');
  const n = await cells.count();
  assert.ok(n >= 6, `only ${n} cells`);
  const exercises = await predictEverywhere(page);
  assert.ok((await exercises.count()) >= 3, 'fewer than three predict-then-run exercises');
  await cells.nth(n - 1).locator('button[data-action="run-all"]').click();
  // The cell that loads the reader's downloaded model waits for a file: give it one (an untrained 3-class head).
  const chooser = page.locator('[data-widget="notebook-cell"] [data-role="choose-file"]');
  await chooser.locator('input[type="file"]').setInputFiles(MODEL, { timeout: 400_000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-widget="notebook-cell"]')].every((c) => ['done', 'error', 'skipped'].includes(c.dataset.state)),
    null,
    { timeout: 400_000 },
  );
  const states = await cells.evaluateAll((cs) => cs.map((c) => c.dataset.state));
  const outputs = await page.locator('[data-widget="notebook-cell"] [data-role="output"]').allInnerTexts();
  const failed = states.map((s, i) => (s === 'done' ? null : i)).filter((i) => i !== null);
  assert.deepEqual(failed, [], `cells ${failed.map((i) => i + 1).join(', ')} failed:\n${failed.map((i) => outputs[i]).join('\n---\n')}`);
  await assertEveryComparison(exercises, 'lessons/transfer-learning/');
  const actual = (await exercises.locator('[data-role="actual"]').allTextContents()).map((t) => t.trim());
  // The folded backbone's two modes agree; a zero head starts at ln 2; the pair is one of the choices (checked above).
  assert.equal(actual[0], 'no', `training and inference mode differ:\n${outputs.join('\n---\n')}`);
  assert.ok(Math.abs(Number(actual[1]) - Math.log(2)) < 1e-3, `loss at step 0 is ${actual[1]}, not ln 2`);
  const all = outputs.join('\n');
  assert.match(all, /newHeadTrains\D*6,?147/, 'the head for 3 classes does not count 2048·3 + 3');
  assert.match(all, /batchNormLayers\D*0\b/, 'the folded network has BatchNorm layers');
  // What the prose says each cell shows: no buffers and nothing trainable once frozen; the hand-made head's loss falls
  // fast from ln 2; the saved and reloaded head gives the same probabilities bit for bit.
  const zero = (key) => new RegExp(`\\b${key}\\W*0(?![.\\d])`);
  assert.match(all, zero('buffers'), 'the folded network has buffers');
  assert.match(all, zero('trainableWeights'), 'setTrainable(false) left trainable weights');
  assert.match(all, zero('largestChangeInAProbability'), 'saving and loading the head changed a probability');
  const lossOutput = outputs.find((o) => (o.match(/\d+\.\d+/g) ?? []).length >= 10 && /0\.693/.test(o.match(/\d+\.\d+/)?.[0] ?? ''));
  assert.ok(lossOutput, `no cell printed the hand-made head's losses:\n${all}`);
  const losses = lossOutput.match(/\d+\.\d+/g).map(Number);
  assert.ok(losses.at(-1) < 0.1 * losses[0], `the hand-made head's loss did not fall fast: ${losses[0]} → ${losses.at(-1)}`);
  // The downloaded model's answer for the cat: its three classes, probabilities that sum to 1.
  const mine = outputs.find((o) => /mug/.test(o) && /plant/.test(o) && /shoe/.test(o));
  assert.ok(mine, `no cell classified the cat with the chosen model file:\n${all}`);
  const probs = mine.match(/\d\.\d+|\b[01]\b/g).map(Number);
  assert.ok(probs.length === 3 && Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 0.01, `not three probabilities summing to 1: ${mine}`);
  // Run again and Skip: the cell goes on without a file and says what to do.
  const loader = cells.nth(await cells.evaluateAll((cs) => cs.findIndex((c) => c.querySelector('[data-role="choose-file"]'))));
  await loader.locator('button[data-action="run"]').click();
  await loader.locator('button[data-action="skip-file"]:not([disabled])').click();
  await page.waitForFunction((el) => el.dataset.state === 'done', await loader.elementHandle());
  assert.match(await loader.locator('[data-role="output"]').innerText(), /No file chosen: train a model in the widget above/);
  // Reset while it waits for a file: the run ends (as if skipped) and the cell shows its reset state, so nothing
  // queued behind it is stuck and Run works again.
  await loader.locator('button[data-action="run"]').click();
  await loader.locator('[data-role="choose-file"] button[data-action="skip-file"]:not([disabled])').waitFor();
  await loader.locator('button[data-action="reset"]').click();
  await page.waitForFunction((el) => el.dataset.state === 'idle', await loader.elementHandle(), { timeout: 10_000 });
  assert.equal(await loader.locator('button[data-action="run"]').isDisabled(), false);
  // The cells free what they made: the last one prints the tensors left, and the page's own cells leave none.
  assert.match(outputs.at(-1), /^\s*0\s*$/m, `tensors left after the lesson: ${outputs.at(-1)}`);
  assert.deepEqual(page.problems(), []);
  await page.closeAll();
});
