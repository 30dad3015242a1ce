// The model library trains on every backend a browser can offer: WebGPU, WebGL, wasm and cpu.
// Here WebGL and WebGPU are SwiftShader on the CPU: this proves correctness, not speed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './browser.mjs';

const TRAIN = `const spec = cifarResNet({ depth: 8, width: 4, numClasses: 4, inputShape: [12, 12, 1] });
const m = instantiate(spec, { seed: 1 });
const x = tf.randomUniform([8, 12, 12, 1], 0, 1, 'float32', 3);
const y = tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32');
const opt = tf.train.momentum(0.05, 0.9);
const losses = [(await trainStep(m, opt, x, y)).loss]; // the first step creates the optimizer's momentum slots
const before = tf.memory().numTensors;
for (let i = 0; i < 9; i++) losses.push((await trainStep(m, opt, x, y)).loss);
const leaked = tf.memory().numTensors - before;
opt.dispose(); m.dispose(); tf.dispose([x, y]);
console.log('RESULT ' + JSON.stringify({ backend: tf.getBackend(), losses, leaked }));`;

let browser;
before(async () => {
  browser = await launch({ webgpu: true });
});
after(async () => {
  await browser?.close();
});

for (const backend of ['wasm', 'cpu', 'webgl', 'webgpu']) {
  test(`a residual net trains on ${backend} in the browser`, { timeout: 240_000 }, async () => {
    const page = await openPage(browser, `scratchpad/?backend=${backend}`);
    const cell = page.locator('[data-widget="notebook-cell"]').first();
    await cell.locator('[data-role="code"]').fill(TRAIN);
    await cell.locator('button[data-action="run"]').click();
    const output = cell.locator('[data-role="output"]');
    await output.getByText('RESULT').waitFor({ timeout: 230_000 });
    const text = await output.innerText();
    const result = JSON.parse(text.slice(text.indexOf('RESULT ') + 7).split('\n')[0]);
    assert.equal(result.backend, backend, `asked for ${backend}, ran on ${result.backend}`);
    assert.ok(result.losses.every(Number.isFinite), `non-finite loss: ${result.losses}`);
    assert.ok(result.losses.at(-1) < result.losses[0], `loss did not fall: ${result.losses}`);
    assert.ok(result.leaked <= 0, `${result.leaked} tensors leaked`);
    assert.deepEqual(page.problems(), []);
    await page.closeAll();
  });
}

test('left to choose, the site skips software-emulated WebGPU and WebGL and says why', { timeout: 120_000 }, async () => {
  // Here both GPU APIs are SwiftShader on the CPU, where wasm is faster; a reader on such a machine should get wasm.
  const page = await openPage(browser, 'scratchpad/');
  const cell = page.locator('[data-widget="notebook-cell"]').first();
  await cell.locator('[data-role="code"]').fill('console.log("page: " + tf.getBackend());\nfor (const a of (await selectBackend()).attempts) console.log(`${a.name}: ${a.outcome}: ${a.reason}`);');
  await cell.locator('button[data-action="run"]').click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('[data-widget="notebook-cell"]')?.dataset.state ?? ''), null, { timeout: 110_000 });
  const text = await cell.locator('[data-role="output"]').innerText();
  assert.match(text, /webgpu: skipped: WebGPU here is emulated on the CPU/);
  assert.match(text, /webgl: skipped: WebGL here is emulated on the CPU/);
  assert.match(text, /page: wasm/); // what the page itself picked on first use
  assert.match(text, /wasm: chosen/);
  await page.closeAll();
});
