#!/usr/bin/env node
// Benchmarks, printed as JSON. Timings live here, never in pass/fail tests.
//   page-weight: JavaScript each page downloads before any cell or widget runs (gzip), against a 150 KB budget.
// Usage: npm run bench            (builds the site first unless BENCH_SKIP_BUILD=1)
//        BENCH_SKIP_BUILD=1, BENCH_PORT, BASE_PATH, E2E_URL: as in scripts/lib/bench-site.mjs
import { gzipSync } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { launch } from '../tests/e2e/browser.mjs';
import { serveSite } from './lib/bench-site.mjs';

const BUDGET_GZIP = 150 * 1024;
const { root, stop } = await serveSite(4331);
const browser = await launch();

/** Every page of the site reachable by links from the landing page (HTML pages only, at most 100). */
async function sitePages() {
  const seen = new Set([root]);
  const queue = [root];
  const page = await browser.newPage();
  while (queue.length && seen.size < 100) {
    await page.goto(queue.shift());
    const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href.split('#')[0].split('?')[0]));
    for (const l of links) {
      if (l.startsWith(root) && l.endsWith('/') && !seen.has(l)) {
        seen.add(l);
        queue.push(l);
      }
    }
  }
  await page.close();
  return [...seen];
}

async function pageWeight(url) {
  const page = await browser.newPage();
  const scripts = new Map();
  page.on('response', async (res) => {
    const type = res.headers()['content-type'] ?? '';
    if (res.request().resourceType() === 'script' || type.includes('javascript')) {
      try {
        const body = await res.body();
        // tfjs-core's own error text marks the chunk that holds it.
        const tfjs = body.includes('Tensor is disposed');
        scripts.set(res.url(), { raw: body.length, gzip: gzipSync(body, { level: 9 }).length, tfjs });
      } catch {
        /* redirects have no body */
      }
    }
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await sleep(500);
  await page.close();
  const files = [...scripts].map(([u, s]) => ({ file: new URL(u).pathname, ...s })).sort((a, b) => b.gzip - a.gzip);
  const gzip = files.reduce((a, f) => a + f.gzip, 0);
  const raw = files.reduce((a, f) => a + f.raw, 0);
  const loadsTf = files.some((f) => f.tfjs);
  return { path: new URL(url).pathname, jsBytes: raw, jsGzipBytes: gzip, withinBudget: gzip <= BUDGET_GZIP, loadsTfBeforeRun: loadsTf, files };
}

const pages = [];
for (const url of await sitePages()) pages.push(await pageWeight(url));
await browser.close();
stop();

const worst = pages.reduce((a, p) => (p.jsGzipBytes > a.jsGzipBytes ? p : a), pages[0]);
console.log(
  JSON.stringify(
    {
      benchmark: 'page-weight',
      date: new Date().toISOString(),
      budgetGzipBytes: BUDGET_GZIP,
      worstPage: worst.path,
      worstGzipBytes: worst.jsGzipBytes,
      allWithinBudget: pages.every((p) => p.withinBudget && !p.loadsTfBeforeRun),
      pages,
    },
    null,
    2,
  ),
);
