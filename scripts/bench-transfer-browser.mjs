#!/usr/bin/env node
// Transfer-learning benchmark in headless Chromium, printed as JSON (timings live here, never in pass/fail tests): the
// "Teach ResNet-50 your own classes" widget on the catalog page, on wasm, runs its whole sample flow as a reader does
// (press "Use a sample": ResNet-50 loads in the widget's worker, the Fashion-MNIST sample of 3 classes × 30 images
// arrives, features are extracted; then press Train: the head trains with early stopping), and this reports
//   - seconds per phase and in total from the press of Sample (the goal: the flow under 5 minutes on a laptop
//     CPU), extraction throughput (images/s), training epochs and seconds, the validation accuracy the widget shows;
//   - the longest main-thread task from the press on (PerformanceObserver 'longtask'), and during extraction and
//     training only (goal ≤ 100 ms), and the longest gap between two animation frames;
//   - from two bounded Chrome traces ('toplevel' only, each at most BENCH_TRACE_S seconds, default 90: one from the
//     model being ready through extraction, one from the press of Train), the main thread's CPU time: the longest
//     task's and the total. On a loaded machine a task's wall time is many times its CPU time; the CPU time is the
//     work the page asks of the main thread. Chrome records every process's top-level tasks (about 0.75 MB a second
//     here), so each window is bounded, stopping one has BENCH_TRACE_STOP_S (default 120) seconds, and if it does not
//     answer the JSON says so and the flow goes on untraced;
//   - how long each await of this script took (`awaitSeconds`), so a stall shows where it is;
//   - the worker's tf.memory() after the flow, and its tensors beyond those it held with only ResNet-50 loaded (goal 0)
//     (read from tfjs-core's engine, which it keeps on the worker's global
//     scope as `_tfengine`; the widget is not changed for this) and the wasm heap's size;
//   - the page's JS heap after the flow (CDP Runtime.getHeapUsage, before and after a forced garbage collection).
// Usage: node scripts/bench-transfer-browser.mjs             builds into $OUT_DIR (default dist/) and serves it
//        E2E_URL=http://127.0.0.1:4341/ node scripts/bench-transfer-browser.mjs     against a running preview
//        BENCH_SKIP_BUILD=1 … reuse a build; BENCH_PER_CLASS=30 images per class; BENCH_BACKEND=wasm;
//        BENCH_PAGE=catalog/ (or lessons/transfer-learning/); BENCH_TIMEOUT_S=1200; BENCH_TRACE_S=90 (0: no trace);
//        BENCH_TRACE_STOP_S=120; BENCH_KEEP_TRACE=1 keeps the trace files (their paths are in the JSON);
//        BENCH_TRACE_DETAIL=1 traces what the main thread's tasks did (see mainThreadCpu in scripts/lib/bench-site.mjs);
//        BENCH_FINETUNE_EPOCHS=2 fine-tunes conv5_x too (BENCH_BACKEND=webgl or webgpu for the other backends)
import { cpus, loadavg, tmpdir } from 'node:os';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launch } from '../tests/e2e/browser.mjs';
import { serveSite, mainThreadCpu } from './lib/bench-site.mjs';

const perClass = Number(process.env.BENCH_PER_CLASS ?? 30);
const backend = process.env.BENCH_BACKEND ?? 'wasm';
const pagePath = process.env.BENCH_PAGE ?? 'catalog/';
const timeoutMs = 1000 * Number(process.env.BENCH_TIMEOUT_S ?? 1200);
const traceMs = 1000 * Number(process.env.BENCH_TRACE_S ?? 90);
const traceStopMs = 1000 * Number(process.env.BENCH_TRACE_STOP_S ?? 120);
// BENCH_FINETUNE_EPOCHS=2 also fine-tunes conv5_x for that many epochs after the head (the widget's checkbox) and
// reports the time per epoch the widget shows, on BENCH_BACKEND: the cost the lesson and the UI state per backend.
const fineTuneEpochs = Number(process.env.BENCH_FINETUNE_EPOCHS ?? 0);
// BENCH_TRACE_DETAIL=1 adds what each task did (style, layout, paint, script): larger traces, and the JSON then says
// what the costliest task was made of.
const traceCategories = ['toplevel', ...(process.env.BENCH_TRACE_DETAIL ? ['devtools.timeline', 'disabled-by-default-devtools.timeline'] : [])];
const ROOT = '[data-widget="transfer-learning"]';
const log = (line) => process.stderr.write(`${line}\n`);
const started = performance.now();
const secondsSince = (t) => Number(((performance.now() - t) / 1000).toFixed(1));

/** Seconds each await of the script took, by name: where the time went, and where a stall is if one comes back. */
const awaitSeconds = {};
async function timed(name, promise) {
  const t = performance.now();
  try {
    return await promise;
  } finally {
    awaitSeconds[name] = secondsSince(t);
    log(`bench-transfer-browser: ${name}: ${awaitSeconds[name]} s (at ${secondsSince(started)} s)`);
  }
}
/** `promise`, or an error after `ms` (the timer does not keep the process alive). */
const withTimeout = (promise, ms, what) =>
  Promise.race([promise, sleep(ms, undefined, { ref: false }).then(() => Promise.reject(new Error(`${what}: no answer in ${ms / 1000} s`)))]);

const { root, stop } = await serveSite(4334);

const loadBefore = loadavg()[0];

/**
 * tf.memory() of each of the page's workers that has loaded tfjs-core (its engine sits on the global scope). Each
 * worker gets `ms` to answer: on a cross-origin-isolated page the wasm backend may start pthread workers that sit
 * blocked in Atomics.wait, and an evaluate there never returns: on the catalog page one worker with a blob: URL never
 * answers, and waiting on it is what hung the first version of this bench after training (not the trace).
 */
async function workerMemory(page, ms = 10_000) {
  const found = [];
  const silent = [];
  const ask = async (worker) => {
    const script = worker.url().split('/').pop();
    const m = await withTimeout(
      worker.evaluate(() => {
        const engine = self._tfengine;
        if (!engine) return null;
        const { numTensors, numDataBuffers, numBytes } = engine.memory();
        const wasm = engine.backendInstance?.wasm;
        return { backend: engine.backendName, numTensors, numDataBuffers, numBytes, wasmHeapBytes: wasm?.HEAPU8?.buffer?.byteLength ?? null };
      }),
      ms,
      script,
    ).catch(() => (silent.push(script), null));
    if (m) found.push({ script, ...m });
  };
  await Promise.all(page.workers().map(ask)); // at once: a silent worker costs `ms` once, not once per worker
  return { found, workers: page.workers().length, silent };
}

const mib = (bytes) => (bytes == null ? null : Math.round(bytes / 2 ** 20 * 10) / 10);

const browser = await timed('launch Chromium', launch({ webgpu: backend === 'webgpu' }));
let tracing = traceMs > 0; // false once a trace failed to stop: the browser may still be recording

/**
 * Starts a Chrome trace (`traceCategories`), then `begin()` (which returns a promise of the phase's end), and traces until
 * that settles or `traceMs` passes, whichever is first; then reads the main thread's tasks from the trace. Returns
 * `{ trace, done }` (`done`: begin's promise). Never throws for the trace, and never waits on Chrome longer than
 * `traceStopMs` for it.
 */
async function traceWindow(name, begin) {
  if (!tracing) return { trace: { window: name, skipped: traceMs > 0 ? 'an earlier trace did not stop' : 'BENCH_TRACE_S=0' }, done: begin() };
  const path = join(tmpdir(), `bench-transfer-trace-${process.pid}-${name}.json`);
  try {
    await timed(`start trace (${name})`, withTimeout(browser.startTracing(page, { path, categories: traceCategories }), traceStopMs, 'Tracing.start'));
  } catch (err) {
    tracing = false;
    return { trace: { window: name, error: String(err.message ?? err).split('\n')[0] }, done: begin() };
  }
  const t0 = performance.now();
  const done = begin();
  return { trace: await readWindow(name, path, t0, done), done };
}

async function readWindow(name, path, t0, done) {
  try {
    await Promise.race([done.catch(() => {}), sleep(traceMs, undefined, { ref: false })]);
    const tracedSeconds = secondsSince(t0);
    await timed(`stop trace (${name})`, withTimeout(browser.stopTracing(), traceStopMs, 'stopping the trace'));
    const bytes = (await stat(path)).size;
    const trace = await timed(`parse trace (${name})`, readFile(path, 'utf8').then(JSON.parse));
    return { window: name, tracedSeconds, traceMiB: mib(bytes), ...mainThreadCpu(trace), file: process.env.BENCH_KEEP_TRACE ? path : undefined };
  } catch (err) {
    tracing = false;
    return { window: name, error: String(err.message ?? err).split('\n')[0] };
  } finally {
    if (!process.env.BENCH_KEEP_TRACE) await rm(path, { force: true });
  }
}

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
  await timed('open the page', page.goto(new URL(path, root).href, { waitUntil: 'load' }));
  const w = page.locator(ROOT).first();
  await w.scrollIntoViewIfNeeded();
  await timed('widget ready', page.waitForFunction((r) => document.querySelector(r)?.hasAttribute('data-ready'), ROOT));
  await w.evaluate((el, n) => (el.dataset.samplePerClass = String(n)), perClass);
  const images = 3 * perClass;
  const now = () => page.evaluate(() => performance.now());
  const t0 = await page.evaluate(() => {
    const t = performance.now();
    window.__frames.since = t;
    return t;
  });
  log(`bench-transfer-browser: the sample flow (3 classes × ${perClass}) on ${backend}…`);
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
  const tModel = await timed('load ResNet-50 (in the worker)', phase('loading ResNet-50', 'model'));
  // The worker's tensors with only ResNet-50 loaded, read while the sample arrives: the baseline for leaks.
  const atModelReady = workerMemory(page);
  const extraction = await traceWindow('extraction', async () => [await phase('the sample', 'sample'), await phase('features', 'features')]);
  const [tSample, tFeatures] = await timed('sample and features', extraction.done);
  if (fineTuneEpochs > 0) {
    await w.evaluate((el, n) => (el.dataset.finetuneEpochs = String(n)), fineTuneEpochs);
    await w.locator('[data-role="finetune"]').check();
  }
  let tTrainPress;
  const training = await traceWindow('training', async () => {
    tTrainPress = await now();
    await w.locator('button[data-action="train"]').click();
    return phase('training', 'trained');
  });
  const tTrained = await timed('training', training.done);
  const summary = await timed('read the summary', w.locator('[data-role="summary"]').textContent());
  let fineTune = null;
  if (fineTuneEpochs > 0) {
    await timed('fine-tuning', page.waitForFunction((sel) => {
      const el = document.querySelector(sel);
      return el.querySelector('[role="alert"]')?.textContent || el.querySelector('[data-role="note"]')?.textContent.startsWith('Fine-tuning skipped') || el.querySelector('[data-role="compare"]:not([hidden]) table');
    }, ROOT, { timeout: timeoutMs, polling: 1000 }));
    const alert = await w.locator('[role="alert"]').textContent();
    if (alert) throw new Error(`fine-tuning: ${alert}`);
    const rows = await w.locator('[data-role="compare"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
    fineTune = { epochs: fineTuneEpochs, trainImages: Number(summary.match(/on (\d+)\.\s/)?.[1] ?? NaN), table: rows, timePerEpoch: rows.at(-1)?.at(-1) ?? null, note: await w.locator('[data-role="note"]').textContent() };
  }
  const epochs = summary.match(/Kept epoch (\d+) of (\d+)/);
  const all = await page.evaluate((since) => window.__longTasks.filter((e) => e.start >= since), t0);
  const during = all.filter((e) => e.start >= tModel).map((e) => e.duration);
  const longestIn = (from, to) => Math.round(Math.max(0, ...all.filter((e) => e.start >= from && e.start < to).map((e) => e.duration)));
  const longestFrameGapMs = await page.evaluate(() => window.__frames.longest);
  const { found: workers, ...workerCount } = await timed('read the workers’ tf.memory()', workerMemory(page));
  const worker = workers.reduce((a, b) => (b.numBytes > (a?.numBytes ?? -1) ? b : a), null);
  const baseline = (await atModelReady).found.find((m) => m.script === worker?.script);
  const cdp = await context.newCDPSession(page);
  const heapBeforeGc = await cdp.send('Runtime.getHeapUsage');
  await timed('collect garbage in the page', cdp.send('HeapProfiler.collectGarbage'));
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
    longestTaskMsByPhase: { features: longestIn(tSample, tFeatures), training: longestIn(tTrainPress, tTrained) },
    longestFrameGapMs: Math.round(longestFrameGapMs),
    goalMs: 100,
    mainThreadFromTrace: [extraction.trace, training.trace],
    worker: worker && { ...worker, numMiB: mib(worker.numBytes), wasmHeapMiB: mib(worker.wasmHeapBytes) },
    // Tensors the flow left in the worker beyond those it held with only ResNet-50 loaded (goal 0).
    workerTensorsAtModelReady: baseline?.numTensors ?? null,
    // (Not with fine-tuning: the worker then keeps the fine-tuned conv5_x, on purpose.)
    workerTensorsLeakedByTheFlow: baseline && worker && !fineTune ? worker.numTensors - baseline.numTensors : null,
    fineTune,
    workersWithTf: workers.length,
    workers: workerCount,
    pageHeapMiB: { used: mib(heapBeforeGc.usedSize), total: mib(heapBeforeGc.totalSize), usedAfterGc: mib(heapAfterGc.usedSize) },
  };
} catch (err) {
  result = { error: String(err.message ?? err).split('\n')[0] };
} finally {
  await timed('close Chromium', withTimeout(context.close().then(() => browser.close()), 60_000, 'closing Chromium')).catch((err) => log(String(err.message)));
  stop();
}
result.awaitSeconds = awaitSeconds;
// The machine's load (1-minute average) before and after: on a shared machine it says how far to trust the times.
const machine = { cores: cpus().length, cpu: cpus()[0]?.model, loadAverageBefore: Number(loadBefore.toFixed(1)), loadAverageAfter: Number(loadavg()[0].toFixed(1)) };
console.log(JSON.stringify({ benchmark: 'transfer-learning-browser', date: new Date().toISOString(), machine, result }, null, 2));
if (result.error) process.exitCode = 1;
