#!/usr/bin/env node
// Loss-landscape benchmark in headless Chromium, printed as JSON (timings live here, never in pass/fail tests): the
// loss-landscape widget on the catalog page computes a 21×21 landscape of the shipped res-20 reference net (span ±1,
// direction seed 1, the fixed batch of 256 training images) in its Web Worker on wasm, and this reports
//   - the total seconds from the press to the last point, and points per second (the goal: under 120 s);
//   - the longest main-thread task while it computes (PerformanceObserver 'longtask'; goal ≤ 100 ms), and the
//     longest gap between two animation frames, which also counts work that is not one task;
//   - from a Chrome trace of the run's first BENCH_TRACE_S seconds (default 90: loading, then points streaming in;
//     a trace of the whole run would be hundreds of MB), the main thread's CPU time: the longest task's and the total. On a loaded machine a task's wall time (what 'longtask' sees) is many times its CPU time: the
//     CPU time is the work the page asks of the main thread, the part this widget controls.
// Usage: node scripts/bench-landscape-browser.mjs             builds into $OUT_DIR (default dist/) and serves it
//        E2E_URL=http://127.0.0.1:4341/ node scripts/bench-landscape-browser.mjs     against a running preview
//        BENCH_SKIP_BUILD=1 … reuse a build; BENCH_GRID=21 points a side; BENCH_BACKEND=wasm; BENCH_TIMEOUT_S=1200
import { cpus, loadavg } from 'node:os';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launch } from '../tests/e2e/browser.mjs';
import { serveSite, mainThreadCpu } from './lib/bench-site.mjs';

const grid = Number(process.env.BENCH_GRID ?? 21);
const backend = process.env.BENCH_BACKEND ?? 'wasm';
const timeoutMs = 1000 * Number(process.env.BENCH_TIMEOUT_S ?? 1200);
const traceMs = 1000 * Number(process.env.BENCH_TRACE_S ?? 90);
const ROOT = '[data-widget="loss-landscape"]';
const log = (line) => process.stderr.write(`${line}\n`);

const { root, stop } = await serveSite(4333);

const loadBefore = loadavg()[0];

const browser = await launch();
const context = await browser.newContext();
await context.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
  // The longest gap between animation frames from when the bench says "go".
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
  const path = `catalog/?backend=${backend}`;
  await page.goto(new URL(path, root).href, { waitUntil: 'load' });
  const w = page.locator(ROOT).first();
  await w.scrollIntoViewIfNeeded();
  await page.waitForFunction((r) => document.querySelector(r)?.hasAttribute('data-ready'), ROOT);
  await w.locator('select[name="nets"]').selectOption('residual');
  await w.locator('select[name="depth"]').selectOption('20');
  await w.locator('input[name="grid"]').fill(String(grid));
  await w.locator('select[name="span"]').selectOption('1');
  await w.locator('input[name="seed"]').fill('1');
  const t0 = await page.evaluate(() => {
    const now = performance.now();
    window.__frames.since = now;
    return now;
  });
  log(`bench-landscape-browser: computing a ${grid}×${grid} landscape of res-20 on ${backend}…`);
  const tracePath = join(tmpdir(), `bench-landscape-trace-${process.pid}.json`);
  await browser.startTracing(page, { path: tracePath, categories: ['toplevel'] });
  await w.locator('button[data-action="start"]').click();
  const finished = page.waitForFunction((r) => ['ready', 'error', 'cancelled'].includes(document.querySelector(r)?.dataset.state), ROOT, { timeout: timeoutMs, polling: 1000 });
  await Promise.race([finished, sleep(traceMs)]);
  const tracedSeconds = (await page.evaluate(() => performance.now()) - t0) / 1000;
  await browser.stopTracing();
  await finished;
  const end = await page.evaluate(() => performance.now());
  const mainThread = mainThreadCpu(JSON.parse(await readFile(tracePath, 'utf8')));
  if (!process.env.BENCH_KEEP_TRACE) await rm(tracePath, { force: true });
  const state = await w.getAttribute('data-state');
  if (state !== 'ready') throw new Error(`the widget ended in state ${state}: ${await w.locator('[data-role="error"]').innerText()} ${await w.locator('[data-role="status"]').innerText()}`);
  const tasks = await page.evaluate((since) => window.__longTasks.filter((e) => e.start >= since).map((e) => e.duration), t0);
  const longestFrameGapMs = await page.evaluate(() => window.__frames.longest);
  const points = grid * grid;
  const seconds = (end - t0) / 1000;
  result = {
    page: path,
    run: `${grid}×${grid} landscape of res-20 (span ±1, direction seed 1, fixed batch of 256 training images), in the widget's worker`,
    backend: await w.getAttribute('data-backend'),
    backendDescription: await w.locator('[data-role="backend"]').innerText(),
    points,
    totalSeconds: Number(seconds.toFixed(1)),
    // From the press: includes loading tfjs, the training images and the net (the widget's own count starts after).
    widgetSeconds: Number(await w.getAttribute('data-seconds')),
    pointsPerSecond: Number((points / Number(await w.getAttribute('data-seconds'))).toFixed(3)),
    goalSeconds: 120,
    longTasks: tasks.length,
    longestTaskMs: Math.round(Math.max(0, ...tasks)),
    longestFrameGapMs: Math.round(longestFrameGapMs),
    goalMs: 100,
    mainThreadFromTrace: { tracedSeconds: Number(tracedSeconds.toFixed(1)), ...mainThread },
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
console.log(JSON.stringify({ benchmark: 'loss-landscape-browser', date: new Date().toISOString(), machine, result }, null, 2));
