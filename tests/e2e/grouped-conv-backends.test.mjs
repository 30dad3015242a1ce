// Grouped convolution equals split → conv → concat on the GPU backends too, forward and both gradients, for every
// formulation and the one groupedConv2d picks there. Here WebGL and WebGPU are SwiftShader on the CPU: this proves
// correctness, not speed (wasm and cpu are covered by tests/unit/grouped-conv-formulations.test.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './browser.mjs';

const CHECK = `const cases = [
  { groups: 4, cin: 8, cout: 8, stride: 1, pad: 1 },
  { groups: 4, cin: 8, cout: 12, stride: 2, pad: 'same' },
  { groups: 16, cin: 32, cout: 32, stride: 1, pad: 1 },
  { groups: 8, cin: 8, cout: 16, stride: 2, pad: 1 },
];
const worst = {};
const before = tf.memory().numTensors;
for (const c of cases) {
  const x = tf.randomNormal([2, 7, 7, c.cin], 0, 1, 'float32', 1);
  const k = tf.randomNormal([3, 3, c.cin / c.groups, c.cout], 0, 1, 'float32', 2);
  const run = (f) => tf.tidy(() => {
    const conv = (a, b) => (f === 'split' ? groupedConvSplit(a, b, c.stride, c.pad, c.groups) : groupedConv2d(a, b, c.stride, c.pad, c.groups, f));
    const y = conv(x, k);
    const r = tf.randomNormal(y.shape, 0, 1, 'float32', 3);
    return [y, ...tf.grads((a, b) => tf.sum(tf.mul(conv(a, b), r)))([x, k])];
  });
  const ref = run('split');
  for (const f of ['groupMajor', 'depthwise', 'blockDiagonal', undefined]) {
    const got = run(f);
    for (let i = 0; i < 3; i++) {
      const ratio = tf.tidy(() => tf.div(tf.max(tf.abs(tf.sub(got[i], ref[i]))), tf.max(tf.abs(ref[i]))));
      const rel = (await ratio.data())[0];
      ratio.dispose();
      const key = f ?? 'default';
      worst[key] = Math.max(worst[key] ?? 0, rel);
    }
    tf.dispose(got);
  }
  tf.dispose([x, k, ...ref]);
}
console.log('RESULT ' + JSON.stringify({ backend: tf.getBackend(), worst, leaked: tf.memory().numTensors - before }));`;

let browser;
before(async () => {
  browser = await launch({ webgpu: true });
});
after(async () => {
  await browser?.close();
});

for (const backend of ['webgl', 'webgpu']) {
  test(`grouped conv equals split → conv → concat on ${backend}, forward and both gradients`, { timeout: 300_000 }, async (t) => {
    const page = await openPage(browser, `scratchpad/?backend=${backend}`);
    const cell = page.locator('[data-widget="notebook-cell"]').first();
    await cell.locator('[data-role="code"]').fill(CHECK);
    await cell.locator('button[data-action="run"]').click();
    const output = cell.locator('[data-role="output"]');
    await output.getByText(/RESULT|Error/).first().waitFor({ timeout: 290_000 });
    const text = await output.innerText();
    assert.ok(text.includes('RESULT '), text.slice(0, 500));
    const result = JSON.parse(text.slice(text.indexOf('RESULT ') + 7).split('\n')[0]);
    assert.equal(result.backend, backend, `asked for ${backend}, ran on ${result.backend}`);
    t.diagnostic(`${backend}: ${JSON.stringify(result.worst)}`);
    for (const [formulation, rel] of Object.entries(result.worst)) {
      assert.ok(rel < 1e-4, `${formulation} on ${backend}: max |difference| is ${rel} of max |reference|`);
    }
    assert.equal(Object.keys(result.worst).length, 4);
    assert.ok(result.leaked <= 0, `${result.leaked} tensors leaked`);
    assert.deepEqual(page.problems(), []);
    await page.closeAll();
  });
}
