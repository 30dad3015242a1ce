#!/usr/bin/env node
// Training benchmarks in headless Chromium, printed as JSON (timings live here, never in pass/fail tests):
//   training-steps: SGD steps per second of plain-20 and ResNet-20 (width 8, batch 64, 28×28 Fashion-MNIST) on each
//     backend the browser offers: wasm, cpu, webgl and webgpu (--enable-unsafe-webgpu). Without a GPU, as on CI,
//     WebGL and WebGPU run on SwiftShader (the CPU), so their numbers say nothing about a real GPU.
//   main-thread-long-tasks: the longest main-thread task (PerformanceObserver 'longtask') while the degradation lab
//     trains plain-20 and ResNet-20 in its worker; goal ≤ 100 ms.
// Usage: node scripts/bench-training.mjs                  builds into $OUT_DIR (default dist/) and serves it
//        E2E_URL=http://127.0.0.1:4341/ node scripts/bench-training.mjs     against a running preview
//        BENCH_SKIP_BUILD=1 … reuse a build; BENCH_BACKENDS=wasm,cpu … a subset (none: long tasks only); BENCH_STEPS=5 timed steps per net;
//        BENCH_TIMEOUT_S=240 per backend (600 on an emulated GPU); BENCH_LAB_STEPS=20 steps per net in the long-task run
import { chromium } from 'playwright-core';
import { serveSite } from './lib/bench-site.mjs';

const backends = (process.env.BENCH_BACKENDS ?? 'wasm,cpu,webgl,webgpu').split(',').filter((b) => b && b !== 'none');
/**
 * Timed steps per net after one warm-up step (which compiles shaders): fewer where a step takes seconds, one on a
 * software-emulated GPU, where a step of the 20-layer net takes most of a minute (SwiftShader's WebGPU, 2 idle cores).
 */
const timedSteps = (backend, software = false) => Number(process.env.BENCH_STEPS ?? (backend === 'wasm' ? 5 : software ? 1 : 2));
const labSteps = Number(process.env.BENCH_LAB_STEPS ?? 20);
/** Per backend; an emulated GPU gets 10 minutes (both nets took about 5 on SwiftShader's WebGPU, 2 idle cores). */
const backendTimeoutMs = (software) => 1000 * Number(process.env.BENCH_TIMEOUT_S ?? (software ? 600 : 240));
const log = (line) => process.stderr.write(`${line}\n`);

const { root, stop } = await serveSite(4332);
const url = (path) => new URL(path, root).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu'],
});

/** A scratchpad cell: trains each 20-layer net for 1 warm-up step (shader compilation) plus `timed` steps. */
const cellSource = (timed) => `const data = await loadFashionMnist({ baseUrl: new URL('../data/fashion-mnist/', location.href).href });
const out = { backend: tf.getBackend(), nets: {} };
for (const shortcut of ['plain', 'A']) {
  const stamps = [];
  const run = startTraining({
    spec: cifarResNet({ depth: 20, shortcut, width: 8, inputShape: [28, 28, 1] }), train: data.train,
    steps: ${timed + 1}, batchSize: 64, schedule: { kind: 'constant', lr: 0.1 }, seed: 1,
    onStep: () => { stamps.push(performance.now()); },
  });
  const r = await run.done;
  const s = stamps; // from the end of the warm-up step to the end of the last step
  out.nets[shortcut === 'plain' ? 'plain-20' : 'resnet-20'] = {
    stepsPerSecond: (s.length - 1) / ((s.at(-1) - s[0]) / 1000), timedSteps: s.length - 1, status: r.status,
  };
}
console.log('RESULT ' + JSON.stringify(out));`;

/** The GPU a page sees for WebGL and WebGPU: SwiftShader (or llvmpipe) means the "GPU" is the CPU. */
async function gpuInfo(page, backend) {
  const info = await page.evaluate(async (b) => {
    if (b === 'webgpu') {
      const adapter = await navigator.gpu?.requestAdapter();
      if (!adapter) return { renderer: null };
      const i = adapter.info ?? {};
      return { renderer: [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(' ') || 'unknown adapter', fallbackAdapter: i.isFallbackAdapter ?? null };
    }
    const gl = document.createElement('canvas').getContext('webgl2');
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    return { renderer: gl ? String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) : null };
  }, backend);
  return { ...info, software: /swiftshader|llvmpipe|softpipe/i.test(info.renderer ?? '') || info.fallbackAdapter === true };
}

async function stepsPerSecond(backend) {
  const context = await browser.newContext();
  const page = await context.newPage();
  let gpu = {};
  let timeoutMs = backendTimeoutMs(false);
  try {
    await page.goto(url(`scratchpad/?backend=${backend}`), { waitUntil: 'load' });
    if (backend === 'webgl' || backend === 'webgpu') gpu = await gpuInfo(page, backend);
    timeoutMs = backendTimeoutMs(gpu.software === true);
    const cell = page.locator('[data-widget="notebook-cell"]').first();
    await cell.locator('[data-role="code"]').fill(cellSource(timedSteps(backend, gpu.software === true)));
    await cell.locator('button[data-action="run"]').click();
    const output = cell.locator('[data-role="output"]');
    await output.getByText(/RESULT|Error/).first().waitFor({ timeout: timeoutMs });
    const text = await output.innerText();
    const at = text.indexOf('RESULT ');
    if (at < 0) return { backend, ...gpu, error: text.slice(0, 500) };
    const r = JSON.parse(text.slice(at + 7).split('\n')[0]);
    return { backend, ran: r.backend, ...r.nets, ...gpu };
  } catch (err) {
    const message = String(err.message ?? err).split('\n')[0];
    // A software GPU that cannot finish a few steps in time is reported as such: its speed is the CPU's, not a GPU's.
    if (gpu.software && /timeout/i.test(message))
      return { backend, ...gpu, skipped: `software-emulated GPU (${gpu.renderer}): ${timedSteps(backend, true) + 1} steps per net did not finish in ${timeoutMs / 1000} s` };
    return { backend, ...gpu, error: message };
  } finally {
    await context.close();
  }
}

async function longTasks() {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })))).observe({
      type: 'longtask',
      buffered: true,
    });
  });
  const page = await context.newPage();
  try {
    await page.goto(url('lessons/degradation/?backend=wasm'), { waitUntil: 'load' });
    const lab = page.locator('[data-widget="degradation-lab"]');
    await page.waitForFunction(() => document.querySelector('[data-widget="degradation-lab"]')?.dataset.ready !== undefined);
    for (const box of await lab.locator('input[name="depth"]').all()) await box.setChecked((await box.getAttribute('value')) === '20');
    await lab.locator('input[name="steps"]').fill(String(labSteps));
    const loaded = await page.evaluate(() => performance.now());
    await lab.locator('button[data-action="start"]').click();
    await page.waitForFunction(() => document.querySelector('[data-widget="degradation-lab"]')?.dataset.state === 'done', null, { timeout: 540_000 });
    const tasks = await page.evaluate((t0) => window.__longTasks.filter((e) => e.start >= t0).map((e) => e.duration), loaded);
    return {
      page: 'lessons/degradation/?backend=wasm',
      run: `plain-20 and ResNet-20 side by side, ${labSteps} steps each, in the lab's worker`,
      longTasks: tasks.length,
      longestMs: Math.round(Math.max(0, ...tasks)),
      goalMs: 100,
      withinGoal: Math.max(0, ...tasks) <= 100,
    };
  } catch (err) {
    return { error: String(err.message ?? err).split('\n')[0] };
  } finally {
    await context.close();
  }
}

const training = [];
for (const b of backends) {
  log(`bench-training: ${b}…`);
  training.push(await stepsPerSecond(b));
  log(`bench-training: ${JSON.stringify(training.at(-1))}`); // progress, and a partial result if the run is cut short
}
log('bench-training: long tasks…');
const longTask = await longTasks();
await browser.close();
stop();
console.log(
  JSON.stringify(
    {
      benchmark: 'training',
      date: new Date().toISOString(),
      setup: 'cifarResNet depth 20, width 8, 28×28×1, batch 64, SGD momentum 0.9, Fashion-MNIST subset; headless Chromium',
      stepsPerSecond: training,
      mainThreadLongTasks: longTask,
    },
    null,
    2,
  ),
);
