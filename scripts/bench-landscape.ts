/**
 * Loss-landscape benchmark, printed as JSON: points per second of a 2-D slice (src/model/analysis/landscape.ts) of
 * the shipped res-20 reference net on a fixed batch of 256 training images (chunks of 128, a yield between chunks),
 * BatchNorm in inference mode, in Node. It times a few rows of the 21×21 grid (not the whole grid, to stay short) and
 * projects the whole grid's time, for the target (a 21×21 slice of a 20-layer net under 2 minutes on a
 * laptop's wasm). It also reports the longest stretch between two yields: in the browser the slice runs in a Web
 * Worker, and this is how long a cancel (or any message) can wait there.
 *
 *   npx tsx scripts/bench-landscape.ts                    (wasm, 2 rows of 21 points after one warm-up point)
 *   BENCH_LANDSCAPE_ROWS=4 npx tsx scripts/bench-landscape.ts --backends wasm,cpu
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixedBatch, landscapeDirections, linspace, lossSlice2d } from '../src/model/analysis/landscape';
import { loadReferenceNet } from '../src/model/data/reference-nets';
import { macrotask } from '../src/model/training/yield';
import { ROOT, type BackendName, environment, loadSubset, parseFlags, setupBackend } from './lib/cli';

const { list } = parseFlags(process.argv.slice(2), { known: ['backends'] });
const ROWS = Number(process.env.BENCH_LANDSCAPE_ROWS ?? 2);
const GRID = 21;
const NET = 'res-20';
const data = await loadSubset();
const batch = fixedBatch(data.train, 256, 1);
const results = [];
for (const backend of list('backends', 'wasm') as BackendName[]) {
  const env = await setupBackend(backend);
  const { model } = await loadReferenceNet(NET, { baseUrl: join(ROOT, 'public/data/reference-nets'), fetchBytes: (p) => readFile(p) });
  try {
    const { x, y } = await landscapeDirections(model, 1);
    const axis = linspace(-1, 1, GRID);
    await lossSlice2d(model, batch, x, y, { alphas: [0.5], betas: [0.5] }); // warm-up: kernels compiled, memory grown
    let last = performance.now();
    let longestBlockMs = 0;
    const yieldFn = async () => {
      longestBlockMs = Math.max(longestBlockMs, performance.now() - last);
      await macrotask();
      last = performance.now();
    };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await lossSlice2d(model, batch, x, y, { alphas: axis, betas: axis.slice(0, ROWS) }, { yieldFn });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const points = GRID * ROWS;
    results.push({
      backend,
      environment: environment(env),
      net: NET,
      batch: 256,
      pointsTimed: points,
      pointsPerSecond: Number((points / seconds).toFixed(3)),
      // Single-threaded wasm: CPU time is the work done, which other processes on a busy machine disturb less.
      pointsPerCpuSecond: Number((points / cpuSeconds).toFixed(3)),
      projected21x21Seconds: Number(((GRID * GRID * seconds) / points).toFixed(1)),
      projected21x21CpuSeconds: Number(((GRID * GRID * cpuSeconds) / points).toFixed(1)),
      targetSeconds: 120,
      longestBlockBetweenYieldsMs: Math.round(longestBlockMs),
    });
  } finally {
    model.dispose();
  }
}
console.log(JSON.stringify({ landscape: results }, null, 2));
