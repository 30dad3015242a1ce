#!/usr/bin/env node
// Transfer-learning benchmark in headless Chromium, printed as JSON (timings live here, never in pass/fail tests): the
// "Teach ResNet-50 your own classes" widget on the catalog page, on wasm, runs its whole sample flow as a reader does
// (press "Use a sample": ResNet-50 loads in the widget's worker, the Fashion-MNIST sample of 3 classes × 30 images
// arrives, features are extracted; then press Train: the head trains with early stopping), and this reports
//   - seconds per phase and in total from the press of Sample (the goal: the flow under 5 minutes on a laptop
//     CPU), extraction throughput (images/s), training epochs and seconds, the validation accuracy the widget shows;
//   - the longest main-thread task from the press on (PerformanceObserver 'longtask'), and during extraction and
//     training only (goal ≤ 100 ms), and the longest gap between two animation frames;
//   - from a Chrome trace of the flow (its first BENCH_TRACE_S seconds, default 600), the main thread's CPU time: the
//     longest task's and the total. On a loaded machine a task's wall time is many times its CPU time; the CPU time
//     is the work the page asks of the main thread;
//   - the worker's tf.memory() after the flow (read from tfjs-core's engine, which it keeps on the worker's global
//     scope as `_tfengine`; the widget is not changed for this) and the wasm heap's size;
//   - the page's JS heap after the flow (CDP Runtime.getHeapUsage, before and after a forced garbage collection).
// Usage: node scripts/bench-transfer-browser.mjs             builds into $OUT_DIR (default dist/) and serves it
//        E2E_URL=http://127.0.0.1:4341/ node scripts/bench-transfer-browser.mjs     against a running preview
//        BENCH_SKIP_BUILD=1 … reuse a build; BENCH_PER_CLASS=30 images per class; BENCH_BACKEND=wasm;
//        BENCH_PAGE=catalog/ (or lessons/transfer-learning/); BENCH_TIMEOUT_S=1200; BENCH_TRACE_S=600
import { spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launch } from '../tests/e2e/browser.mjs';

const perClass = Number(process.env.BENCH_PER_CLASS ?? 30);
const backend = process.env.BENCH_BACKEND ?? 'wasm';
const pagePath = process.env.BENCH_PAGE ?? 'catalog/';
const timeoutMs = 1000 * Number(process.env.BENCH_TIMEOUT_S ?? 1200);
const traceMs = 1000 * Number(process.env.BENCH_TRACE_S ?? 600);
const ROOT = '[data-widget="transfer-learning"]';
const log = (line) => process.stderr.write(`${line}\n`);

let root = process.env.E2E_URL;
let stop = () => {};
if (!root) {
  const port = Number(process.env.BENCH_PORT ?? 4334);
  const base = process.env.BASE_PATH || '/';
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    const b = spawnSync('npx', ['astro', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  const server = spawn('npx', ['astro', 'preview', '--port', String(port), '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
  stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  };
  process.on('exit', stop);
  root = `http://127.0.0.1:${port}${base}`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(root)).ok) break;
    } catch {
      await sleep(500);
    }
  }
}

const loadBefore = loadavg()[0];
/** The renderer main thread's tasks in a Chrome trace: the longest by wall time (with its CPU time), the most CPU. */
function mainThreadCpu(trace) {
  const events = trace.traceEvents ?? trace;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  // Chrome names its top-level task 'ThreadControllerImpl::RunTask' (older versions: 'RunTask').
  const top = events.some((e) => e.name === 'RunTask') ? 'RunTask' : 'ThreadControllerImpl::RunTask';
  const tasks = events.filter((e) => e.name === top && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  const byWall = tasks.reduce((a, b) => (b.dur > (a?.dur ?? -1) ? b : a), null);
  const ms = (us) => Math.round((us ?? 0) / 100) / 10;
  return {
    tasks: tasks.length,
    longestTaskWallMs: ms(byWall?.dur),
    longestTaskCpuMs: ms(byWall?.tdur),
    mostCpuOfOneTaskMs: ms(Math.max(0, ...tasks.map((t) => t.tdur ?? 0))),
    tasksOver50MsCpu: tasks.filter((t) => (t.tdur ?? 0) > 50_000).length,
    totalCpuSeconds: Math.round(tasks.reduce((s, t) => s + (t.tdur ?? 0), 0) / 1e4) / 100,
  };
}

/** tf.memory() of each of the page's workers that has loaded tfjs-core (its engine sits on the global scope). */
async function workerMemory(page) {
  const found = [];
  for (const worker of page.workers()) {
    const m = await worker
      .evaluate(() => {
        const engine = self._tfengine;
        if (!engine) return null;
        const { numTensors, numDataBuffers, numBytes } = engine.memory();
        const wasm = engine.backendInstance?.wasm;
        return { backend: engine.backendName, numTensors, numDataBuffers, numBytes, wasmHeapBytes: wasm?.HEAPU8?.buffer?.byteLength ?? null };
      })
      .catch(() => null);
    if (m) found.push({ script: worker.url().split('/').pop(), ...m });
  }
  return found;
}

const mib = (bytes) => (bytes == null ? null : Math.round(bytes / 2 ** 20 * 10) / 10);

const browser = await launch();
const context = await browser.newContext();
await context.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
  window.__frames = { since: Infinity, last: 0, longest: 0 };
  const tick = (t) => {
    const f = window.__frames;
    if (t >= f.since) {
      if (f.last) f.longest = Math.max(f.longest, t - f.last);
      f.last = t;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
const page = await context.newPage();
let result;
try {
  const path = `${pagePath}?backend=${backend}`;
  await page.goto(new URL(path, root).href, { waitUntil: 'load' });
  const w = page.locator(ROOT).first();
  await w.scrollIntoViewIfNeeded();
  await page.waitForFunction((r) => document.querySelector(r)?.hasAttribute('data-ready'), ROOT);
  await w.evaluate((el, n) => (el.dataset.samplePerClass = String(n)), perClass);
  const images = 3 * perClass;
  const now = () => page.evaluate(() => performance.now());
  const t0 = await page.evaluate(() => {
    const t = performance.now();
    window.__frames.since = t;
    return t;
  });
  log(`bench-transfer-browser: the sample flow (3 classes × ${perClass}) on ${backend}…`);
  const tracePath = join(tmpdir(), `bench-transfer-trace-${process.pid}.json`);
  await browser.startTracing(page, { path: tracePath, categories: ['toplevel'] });
  await w.locator('button[data-action="sample"]').click();
  // One wait per phase, polled every 200 ms: an alert ends it early, and the check below names it.
  const phase = async (name, check) => {
    await page.waitForFunction(
      ([sel, n, which]) => {
        const el = document.querySelector(sel);
        if (el.querySelector('[role="alert"]')?.textContent) return true;
        if (which === 'model') return el.dataset.model === 'ready';
        if (which === 'sample') return Number(el.dataset.images) === n;
        if (which === 'features') return Number(el.dataset.features) === n;
        return el.dataset.trained === '1';
      },
      [ROOT, images, check],
      { timeout: timeoutMs, polling: 200 },
    );
    const alert = await w.locator('[role="alert"]').textContent();
    if (alert) throw new Error(`${name}: ${alert}`);
    return now();
  };
  const tModel = await phase('loading ResNet-50', 'model');
  const tSample = await phase('the sample', 'sample');
  const tFeatures = await phase('features', 'features');
  log(`bench-transfer-browser: features done after ${((tFeatures - t0) / 1000).toFixed(1)} s; training…`);
  const tTrainPress = await now();
  await w.locator('button[data-action="train"]').click();
  const tTrained = await phase('training', 'trained');
  const tracedSeconds = (tTrained - t0) / 1000;
  log(`bench-transfer-browser: trained after ${tracedSeconds.toFixed(1)} s; reading the trace…`);
  await browser.stopTracing();
  const mainThread = mainThreadCpu(JSON.parse(await readFile(tracePath, 'utf8')));
  if (!process.env.BENCH_KEEP_TRACE) await rm(tracePath, { force: true });
  const summary = await w.locator('[data-role="summary"]').textContent();
  const epochs = summary.match(/Kept epoch (\d+) of (\d+)/);
  const all = await page.evaluate((since) => window.__longTasks.filter((e) => e.start >= since), t0);
  const during = all.filter((e) => e.start >= tModel).map((e) => e.duration);
  const longestFrameGapMs = await page.evaluate(() => window.__frames.longest);
  const workers = await workerMemory(page);
  const worker = workers.reduce((a, b) => (b.numBytes > (a?.numBytes ?? -1) ? b : a), null);
  const cdp = await context.newCDPSession(page);
  const heapBeforeGc = await cdp.send('Runtime.getHeapUsage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heapAfterGc = await cdp.send('Runtime.getHeapUsage');
  const s = (ms) => Number((ms / 1000).toFixed(1));
  result = {
    page: path,
    run: `the sample flow: 3 Fashion-MNIST classes × ${perClass} images (seed 1), ResNet-50 features in the widget's worker, then the head (early stopping, the widget's defaults)`,
    images,
    seconds: {
      loadResNet50: s(tModel - t0),
      sample: s(tSample - tModel),
      features: s(tFeatures - tSample),
      training: s(tTrained - tTrainPress),
      total: s(tTrained - t0 - (tTrainPress - tFeatures)),
    },
    goalTotalSeconds: 300,
    extractionImagesPerSecond: Number((images / ((tFeatures - tSample) / 1000)).toFixed(2)),
    epochs: epochs ? { kept: Number(epochs[1]), ran: Number(epochs[2]) } : null,
    widgetSummary: summary,
    longTasks: all.length,
    longestTaskMs: Math.round(Math.max(0, ...all.map((e) => e.duration))),
    longTasksDuringFeaturesAndTraining: during.length,
    longestTaskDuringFeaturesAndTrainingMs: Math.round(Math.max(0, ...during)),
    longestFrameGapMs: Math.round(longestFrameGapMs),
    goalMs: 100,
    mainThreadFromTrace: { tracedSeconds: Number(tracedSeconds.toFixed(1)), ...mainThread },
    worker: worker && { ...worker, numMiB: mib(worker.numBytes), wasmHeapMiB: mib(worker.wasmHeapBytes) },
    workersWithTf: workers.length,
    pageHeapMiB: { used: mib(heapBeforeGc.usedSize), total: mib(heapBeforeGc.totalSize), usedAfterGc: mib(heapAfterGc.usedSize) },
  };
} catch (err) {
  result = { error: String(err.message ?? err).split('\n')[0] };
} finally {
  await context.close();
  await browser.close();
  stop();
}
// The machine's load (1-minute average) before and after: on a shared machine it says how far to trust the times.
const machine = { cores: cpus().length, cpu: cpus()[0]?.model, loadAverageBefore: Number(loadBefore.toFixed(1)), loadAverageAfter: Number(loadavg()[0].toFixed(1)) };
console.log(JSON.stringify({ benchmark: 'transfer-learning-browser', date: new Date().toISOString(), machine, result }, null, 2));
if (result.error) process.exitCode = 1;
