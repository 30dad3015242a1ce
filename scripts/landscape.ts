/**
 * Loss landscapes of the shipped reference nets (public/data/reference-nets) around their trained weights, along
 * filter-normalised random directions (Li et al. 2018; src/model/analysis/landscape.ts), on one fixed batch of
 * training images, BatchNorm in inference mode. Writes src/data/landscapes/<net>-seed<k>.json per net and direction
 * seed: a 1-D slice along x and a 2-D slice over x and y, with the command, commit, batch, seeds, backend and timing.
 *
 *   npx tsx scripts/landscape.ts --seeds 1 --grid 21 --points 41 --span 1 --batch 256
 *   npx tsx scripts/landscape.ts --nets res-20 --seeds 1 --grid 21 --points 0 --time-only   # points/s, no file
 *   npx tsx scripts/landscape.ts --summary       # what the written files show (src/model/analysis/landscape-record.ts)
 *
 * Every net gets the same direction seed, so the Gaussian draws are the same for nets of the same shapes (plain-56 and
 * res-56 have the same weights' shapes); filter normalisation then scales them to each net's own filters.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type Slice1d, type Slice2d, fixedBatch, landscapeDirections, linspace, lossSlice1d, lossSlice2d } from '../src/model/analysis/landscape';
import { LANDSCAPE_FORMAT, LANDSCAPE_FORMAT_VERSION, parseLandscapeRecord, summariseSlice1d, summariseSlice2d } from '../src/model/analysis/landscape-record';
import { loadReferenceNet, loadReferenceNetsManifest } from '../src/model/data/reference-nets';
import { deriveSeed } from '../src/model/training/random';
import { ROOT, type BackendName, describeBackend, describeSubset, environment, gitState, loadSubset, log, parseFlags, setupBackend, usage, writeRecord, runMain } from './lib/cli';

/** 4 significant digits: the batch's sampling noise is far larger, and the files stay small. */
const sig = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)) : v);
const sigs = (v: readonly number[]) => v.map(sig);

/** CPU seconds of this process (single-threaded wasm: the work done, less disturbed by other processes than wall time). */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function main(argv: string[]): Promise<number> {
  const { int, num, list, ints, string, has } = parseFlags(argv, { known: ['nets', 'seeds', 'grid', 'points', 'span', 'batch', 'batch-seed', 'chunk', 'backend', 'out'], booleans: ['time-only', 'summary'] });
  const nets = list('nets', 'plain-20,res-20,plain-56,res-56');
  const seeds = ints('seeds', '1');
  const grid = int('grid', 21);
  const points = int('points', 41);
  const span = num('span', 1);
  const batchSize = int('batch', 256);
  const batchSeed = int('batch-seed', 1);
  const chunkSize = int('chunk', 128);
  const backend = string('backend', 'wasm') as BackendName;
  const outDir = resolve(string('out', join(ROOT, 'src/data/landscapes')));
  const timeOnly = has('time-only');
  if (has('summary')) return summarise(outDir);
  if (grid < 0 || points < 0 || !(span > 0)) usage('--grid and --points must be ≥ 0 (0 skips that slice) and --span > 0');
  if (backend !== 'wasm' && backend !== 'cpu') usage(`--backend must be wasm or cpu, got ${backend}`);

  const env = await setupBackend(backend);
  const git = gitState();
  const data = await loadSubset();
  const batch = fixedBatch(data.train, batchSize, batchSeed);
  const opts = { baseUrl: join(ROOT, 'public/data/reference-nets'), fetchBytes: (p: string) => readFile(p) };
  const manifest = await loadReferenceNetsManifest(opts);
  const command = `npx tsx scripts/landscape.ts ${argv.join(' ')}`.trim();
  log(`${describeBackend(env)}; batch of ${batchSize} training images (seed ${batchSeed}); grid ${grid}×${grid}, ${points} points in 1-D, span ±${span}`);

  const alphas1d = points ? linspace(-span, span, points) : [];
  const axis2d = grid ? linspace(-span, span, grid) : [];
  for (const id of nets) {
    for (const seed of seeds) {
      const { model, net } = await loadReferenceNet(id, { ...opts, manifest });
      try {
        const dirs = await landscapeDirections(model, seed);
        const timed = async <T>(run: () => Promise<T>, n: number) => {
          const [w0, c0] = [performance.now(), cpuSeconds()];
          const result = await run();
          const wallSeconds = (performance.now() - w0) / 1000;
          const cpu = cpuSeconds() - c0;
          return { result, timing: { points: n, wallSeconds: sig(wallSeconds), cpuSeconds: sig(cpu), pointsPerSecond: sig(n / wallSeconds), pointsPerCpuSecond: sig(n / cpu) } };
        };
        const one = points ? await timed(() => lossSlice1d(model, batch, dirs.x, alphas1d, { chunkSize }), points) : null;
        const two = grid ? await timed(() => lossSlice2d(model, batch, dirs.x, dirs.y, { alphas: axis2d, betas: axis2d }, { chunkSize, onProgress: (d, t) => d % grid === 0 && log(`  ${id} seed ${seed}: row ${d / grid} of ${t / grid}`) }), grid * grid) : null;
        const rate = (t: { timing: { pointsPerSecond: number; pointsPerCpuSecond: number } } | null, what: string) => (t ? `${what} ${t.timing.pointsPerSecond} points/s (${t.timing.pointsPerCpuSecond} per CPU s)` : '');
        log(`${id} seed ${seed}: ${[rate(one, '1-D'), rate(two, '2-D')].filter(Boolean).join('; ')}`);
        if (timeOnly) continue;
        const slice1d = one && { alphas: sigs(one.result.alphas), loss: sigs(one.result.loss), error: sigs(one.result.error), timing: one.timing };
        const s2: Slice2d | null = two && two.result;
        const slice2d = s2 && two && { alphas: sigs(s2.alphas), betas: sigs(s2.betas), loss: s2.loss.map(sigs), error: s2.error.map(sigs), timing: two.timing };
        const record = {
          format: LANDSCAPE_FORMAT,
          version: LANDSCAPE_FORMAT_VERSION,
          net: id,
          architecture: net.architecture,
          referenceNet: { file: `public/data/reference-nets/${net.file}`, sha256: net.sha256, trainSetError: net.training.trainSetError },
          command,
          git,
          environment: environment(env),
          data: { ...describeSubset(data), batch: { split: 'train', count: batchSize, seed: batchSeed, indices: batch.indices } },
          directions: {
            seed,
            xSeed: deriveSeed(seed, 'x'),
            ySeed: deriveSeed(seed, 'y'),
            normalisation: 'filter-wise (Li et al. 2018): each output filter of every conv and dense kernel scaled to that filter’s weight norm',
            notPerturbed: 'BatchNorm γ, β and running statistics; biases (direction 0)',
          },
          batchNorm: 'inference (running statistics)',
          chunkSize,
          slice1d,
          slice2d,
        };
        const out = join(outDir, `${id}-seed${seed}.json`);
        await writeRecord(out, record);
        const centre = (s: Slice1d | Slice2d | null) => (s && 'betas' in s ? s.loss[(grid - 1) >> 1]![(grid - 1) >> 1] : s?.loss[(points - 1) >> 1]);
        log(`  wrote ${relative(ROOT, out)}: centre loss ${sig(centre(s2) ?? centre(one?.result ?? null) ?? NaN)}`);
      } finally {
        model.dispose();
      }
    }
  }
  return 0;
}

/** One line per file: the 1-D slice's ends ÷ centre and minima; the 2-D slice's corners ÷ centre, minima, non-convex fraction. */
async function summarise(dir: string): Promise<number> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  for (const f of files) {
    const r = parseLandscapeRecord(JSON.parse(await readFile(join(dir, f), 'utf8')), f);
    const one = r.slice1d && summariseSlice1d(r.slice1d);
    const two = r.slice2d && summariseSlice2d(r.slice2d);
    const parts = [`centre loss ${sig((two ?? one)!.centreLoss)}`];
    if (one) parts.push(`1-D (${r.slice1d!.alphas.length} points): ends/centre ${sig(one.endsToCentre)}, local minima ${one.localMinima}`);
    if (two) parts.push(`2-D (${r.slice2d!.alphas.length}×${r.slice2d!.betas.length}): corners/centre ${sig(two.cornerToCentre)}, local minima ${two.localMinima}, interior points that bend down ${sig(100 * two.bendsDownFraction)} %`);
    log(`${f}: ${parts.join('; ')}`);
  }
  return 0;
}

runMain(main);
