/**
 * Lesion study (Veit et al. 2016) of the shipped reference nets (public/data/reference-nets): the test error of each
 * net without one block, for every block, and without k random blocks, several seeded draws per k. Writes one record
 * per net, src/data/lesions/<net>-seed<seed>.json, again after every measurement (an interrupted run keeps what it did).
 *
 *   npm run lesion -- --nets res-56,plain-56,res-20,plain-20 --max-k 10 --draws 5
 *
 * Errors are on the whole test split of the Fashion-MNIST subset, BatchNorm in inference mode. These are measurements
 * of fixed, already trained nets: nothing is chosen by them, so using the test split selects nothing.
 * Plain blocks that change the shape cannot be deleted (there is no identity of that shape); they are listed with a
 * null error, and random draws choose only among deletable blocks. For k = 1 the record gives the exact mean over
 * every single-block deletion instead of random draws.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { lesionBlocks, lesionError, randomLesions } from '../src/model/analysis/lesion';
import { LESION_FORMAT } from '../src/model/analysis/lesion-record';
import { loadReferenceNet, loadReferenceNetsManifest } from '../src/model/data/reference-nets';
import { deriveSeed } from '../src/model/training/random';
import {
  ROOT,
  type BackendName,
  describeBackend,
  describeSubset,
  environment,
  gitState,
  loadSubset,
  log,
  parseFlags,
  round,
  saveRecord,
  setupBackend,
  shownPath,
  usage,
  runMain,
} from './lib/cli';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Sample standard deviation (n − 1); 0 for a single value. */
const sd = (xs: readonly number[]) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));

async function main(argv: string[]): Promise<number> {
  const { list, int, string } = parseFlags(argv, { known: ['nets', 'max-k', 'draws', 'seed', 'batch', 'backend', 'out-dir'] });
  const ids = list('nets', 'res-56,plain-56,res-20,plain-20');
  const maxK = int('max-k', 10);
  const draws = int('draws', 5);
  const seed = int('seed', 1);
  const batchSize = int('batch', 500);
  const backend = string('backend', 'wasm') as BackendName;
  const outDir = resolve(ROOT, string('out-dir', 'src/data/lesions'));
  if (maxK < 1 || draws < 1 || batchSize < 1) usage('--max-k, --draws and --batch must be at least 1');
  if (backend !== 'wasm' && backend !== 'cpu') usage(`--backend must be wasm or cpu, got ${JSON.stringify(backend)}`);

  const env = await setupBackend(backend);
  const data = await loadSubset();
  const opts = { baseUrl: join(ROOT, 'public/data/reference-nets'), fetchBytes: (p: string) => readFile(p) };
  const manifest = await loadReferenceNetsManifest(opts);
  log(`lesion study on ${describeBackend(env)}: ${ids.join(', ')}; k = 2…${maxK}, ${draws} draws each; ${data.test.count} test images`);

  for (const id of ids) {
    const { model, net } = await loadReferenceNet(id, { ...opts, manifest });
    const started = performance.now();
    const blocks = lesionBlocks(model.spec);
    const deletable = blocks.filter((b) => b.deletable).map((b) => b.name);
    const out = join(outDir, `${id}-seed${net.training.seed}.json`);
    const record = {
      format: LESION_FORMAT,
      version: 1,
      net: id,
      seed: net.training.seed,
      architecture: net.architecture,
      weights: { file: `public/data/reference-nets/${net.file}`, sha256: net.sha256, trainedBy: net.training.command },
      command: `npm run lesion -- ${argv.join(' ')}`.trim(),
      git: gitState(),
      environment: environment(env),
      data: describeSubset(data),
      split: 'test' as const,
      examples: data.test.count,
      intactError: null as number | null,
      blocks: blocks.map((b) => ({ ...b, error: null as number | null })),
      random: { seed, drawsPerK: draws, ks: [] as { k: number; source: 'every single block' | 'random draws'; sets: string[][]; errors: number[]; mean: number; sd: number }[] },
      evaluations: 0,
      secondsPerEvaluation: 0,
      wallSeconds: 0,
      interrupted: false,
    };
    const measure = async (lesion: string[]) => {
      const e = await lesionError(model, data.test, lesion, { batchSize });
      record.evaluations++;
      record.secondsPerEvaluation = round((performance.now() - started) / 1000 / record.evaluations, 2);
      return e;
    };

    record.intactError = await measure([]);
    log(`${id}: intact test error ${(100 * record.intactError).toFixed(2)} %`);
    for (const b of record.blocks) {
      if (!b.deletable) continue;
      b.error = await measure([b.name]);
      await saveRecord(out, record, started);
      log(`${id} without ${b.name}${b.changesShape ? ' (downsampling)' : ''}: ${(100 * b.error).toFixed(2)} %`);
    }
    const singles = record.blocks.filter((b) => b.error !== null).map((b) => b.error!);
    record.random.ks.push({ k: 1, source: 'every single block', sets: deletable.map((n) => [n]), errors: singles, mean: round(mean(singles)), sd: round(sd(singles)) });
    for (let k = 2; k <= Math.min(maxK, deletable.length); k++) {
      const sets = randomLesions(deletable, k, draws, deriveSeed(seed, id, k));
      const errors: number[] = [];
      for (const set of sets) errors.push(await measure(set));
      record.random.ks.push({ k, source: 'random draws', sets, errors, mean: round(mean(errors)), sd: round(sd(errors)) });
      await saveRecord(out, record, started);
      log(`${id} without ${k} random blocks: mean ${(100 * mean(errors)).toFixed(2)} % (sd ${(100 * sd(errors)).toFixed(2)}, ${draws} draws)`);
    }
    await saveRecord(out, record, started);
    log(`${id}: ${record.evaluations} evaluations in ${record.wallSeconds} s → ${shownPath(out)}`);
    model.dispose();
  }
  return 0;
}

runMain(main);
