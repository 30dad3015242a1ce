/**
 * What the experiment scripts (scripts/experiment.ts, scripts/experiments/*.ts) share: flag parsing, usage errors,
 * the tfjs backend setup, and the provenance every run record carries (git state, environment, data subset).
 * Each script keeps its own options, defaults and validation; this file only holds what would otherwise be copied.
 *
 * Import specific src/ files here, not src/model/runtime/index: through runtime/backend it imports tfjs-core's
 * register_all_gradients as an ES module, whose directory imports tsx's ESM loader refuses (see setupBackend).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { type FashionMnist, loadFashionMnist } from '../../src/model/data/fashion-mnist';
import { registerWasmGradientKernels } from '../../src/model/runtime/wasm-kernels';

/** The repository root, so that default paths do not depend on the directory npm was run from. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATA_DIR = join(ROOT, 'public/data/fashion-mnist');

export const log = (line: string) => process.stdout.write(`${line}\n`);

/** Rounds for the JSON records (curves are long; 4 digits is below the run-to-run noise) and leaves NaN/±∞ alone. */
export const round = (v: number, digits = 4) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v);

/**
 * A mistake in the command line. scripts/experiment.ts prints just the message and exits with 2 for these, and
 * with the stack and 1 for anything else; one class for every experiment keeps that split in one place.
 */
export class UsageError extends Error {}

/**
 * Runs a CLI's `main` and exits with its code: a usage error prints its message alone and exits 2, anything else its
 * stack and exits 1.
 */
export function runMain(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof UsageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
}
export function usage(message: string): never {
  throw new UsageError(message);
}

export interface FlagReaders {
  /** A finite number, or `d` when the flag is absent. */
  num(k: string, d: number): number;
  /** An integer, or `d` when the flag is absent. */
  int(k: string, d: number): number;
  /** A comma-separated list (empty items dropped), or `d` split the same way. */
  list(k: string, d: string): string[];
  /** A comma-separated list of integers, or `d` parsed the same way. */
  ints(k: string, d: string): number[];
  /** The raw value, or `d` (undefined when not given). */
  string(k: string): string | undefined;
  string(k: string, d: string): string;
  /** Whether a boolean flag was given. */
  has(k: string): boolean;
}

/**
 * Parses `--key value` and `--key=value` (only up to a second "=": `--k=a=b` reads "a"), and bare `--flag` for the
 * keys in `booleans`. Unknown keys and stray arguments are usage errors at once; values are checked lazily by the
 * readers, so each script decides the type and default of each option where it uses it.
 */
export function parseFlags(argv: readonly string[], opts: { known: readonly string[]; booleans?: readonly string[] }): FlagReaders {
  const booleans = new Set(opts.booleans ?? []);
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) usage(`unexpected argument ${JSON.stringify(a)}`);
    const [key, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (booleans.has(key)) flags.add(key);
    else if (inline !== undefined) values.set(key, inline);
    else if (argv[i + 1] !== undefined) values.set(key, argv[++i]!);
    else usage(`--${key} needs a value`);
  }
  const known = new Set(opts.known);
  for (const k of values.keys()) if (!known.has(k)) usage(`unknown option --${k}`);

  const num = (k: string, d: number) => {
    const v = values.get(k);
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isFinite(n)) usage(`--${k} must be a number, got ${JSON.stringify(v)}`);
    return n;
  };
  const int = (k: string, d: number) => {
    const n = num(k, d);
    if (!Number.isInteger(n)) usage(`--${k} must be an integer, got ${n}`);
    return n;
  };
  const list = (k: string, d: string) => (values.get(k) ?? d).split(',').filter(Boolean);
  const ints = (k: string, d: string) =>
    list(k, d).map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n)) usage(`--${k} must be a comma-separated list of integers, got ${JSON.stringify(values.get(k))}`);
      return n;
    });
  function string(k: string): string | undefined;
  function string(k: string, d: string): string;
  function string(k: string, d?: string) {
    return values.get(k) ?? d;
  }
  return { num, int, list, ints, string, has: (k) => flags.has(k) };
}

/** The commit a record was made from, and whether tracked files differed from it (untracked files don't count). */
export function gitState(): { commit: string | null; dirty: boolean } {
  return { commit: git(['rev-parse', 'HEAD']), dirty: Boolean(git(['status', '--porcelain', '--untracked-files=no'])) };
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null; // not a checkout, or no git: the record says null rather than failing the run
  }
}

export type BackendName = 'wasm' | 'cpu';
export interface BackendInfo {
  backend: BackendName;
  threads?: number;
}

/**
 * tfjs-core keeps its gradients in ES module files that import directories ("./gradients"), which Node's ESM loader
 * (and so tsx's `import`) refuses. Through `require`, tsx compiles them to CommonJS and resolves gradients.js; they
 * register into tfjs's global registry, which the package's main (CommonJS) build shares.
 * wasm also needs the site's own conv gradient kernels (tfjs-backend-wasm 4.22 lacks some).
 */
export async function setupBackend(name: BackendName): Promise<BackendInfo> {
  createRequire(import.meta.url)('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  if (!(await tf.setBackend(name))) usage(`tfjs could not initialise the ${name} backend`);
  await tf.ready();
  if (name === 'wasm') {
    registerWasmGradientKernels();
    return { backend: name, threads: getThreadsCount() };
  }
  return { backend: name };
}

/** "wasm (1 thread)" / "cpu", for the first log line. */
export const describeBackend = (env: BackendInfo) => `${env.backend}${env.threads ? ` (${env.threads} thread${env.threads > 1 ? 's' : ''})` : ''}`;

/** What a step time depends on, recorded beside it so that timings from different machines are not compared blind. */
export function environment(env: BackendInfo) {
  return { ...env, tfjs: tf.version_core, node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length };
}

/** The Fashion-MNIST subset the site ships (public/data/fashion-mnist), read from disk instead of fetched. */
export function loadSubset(): Promise<FashionMnist> {
  return loadFashionMnist({ baseUrl: DATA_DIR, fetchBytes: (path) => readFile(path), gunzip: (gz) => gunzipSync(gz) });
}

/** The record's `data` entry: which subset, pinned by the training images' checksum. */
export function describeSubset(data: FashionMnist) {
  return {
    name: 'Fashion-MNIST subset',
    manifest: relative(ROOT, join(DATA_DIR, 'manifest.json')),
    train: data.train.count,
    test: data.test.count,
    trainImagesSha256: data.manifest.splits.train.images.rawSha256,
  };
}

/** Writes the record (again after every run, so an interrupted or crashed experiment keeps what it finished). */
export async function writeRecord(path: string, record: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(record)}\n`);
}

/** The output path as the closing log line shows it: relative when under the working directory, else absolute. */
export function shownPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith('..') ? path : shown;
}

/** Writes the record with the wall time so far: after every run, so an interrupted experiment keeps what finished. */
export async function saveRecord(out: string, record: { wallSeconds: number }, started: number): Promise<void> {
  record.wallSeconds = round((performance.now() - started) / 1000, 1);
  await writeRecord(out, record);
}

/**
 * Ctrl-C stops the run in progress and marks the record interrupted, so the experiment writes what there is and exits
 * with 130; a second Ctrl-C quits at once.
 */
export function stopOnInterrupt(record: { interrupted: boolean }, current: () => { stop(): void } | null): void {
  process.on('SIGINT', () => {
    if (record.interrupted) process.exit(130);
    record.interrupted = true;
    log('\ninterrupted: stopping the current run and writing what there is (Ctrl-C again to quit at once)');
    current()?.stop();
  });
}
