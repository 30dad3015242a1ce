/**
 * Builds the Fashion-MNIST subset the site trains on: public/data/fashion-mnist.
 *
 *   apt-get install dataset-fashion-mnist              the original IDX files (Debian, from Zalando's repository)
 *   npx tsx scripts/build-fashion-mnist.ts             write the subset: 4 .gz files + manifest.json
 *   npx tsx scripts/build-fashion-mnist.ts --check     rebuild in memory and compare with the committed files
 *   … --source DIR                                     the folder with the 4 original .gz files
 *                                                      (default /usr/share/datasets/fashion-mnist)
 *
 * 1. The originals are decompressed and checked against pinned SHA-256s of their content (Debian recompressed the
 *    .gz files, so their own hashes differ from the MD5s in Zalando's README; the content is the same).
 * 2. A balanced subset is drawn from each split with a fixed seed: for each class, its indices are shuffled and the
 *    first TRAIN_PER_CLASS (from the 60,000 training images) or TEST_PER_CLASS (from the 10,000 test images) kept; the
 *    union is shuffled again, so any prefix is roughly balanced too (`balancedSubset` in src/model/data).
 * 3. Each split is written as IDX files (the MNIST format: big-endian header, then uint8 rows), gzip level 9, and
 *    manifest.json records counts, class names, pixel statistics and the SHA-256 of every file, gzipped and not.
 *    The decompressed content is identical on every rebuild; the gzip bytes may differ with another zlib version.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_FORMAT,
  FASHION_MNIST_FORMAT_VERSION,
  balancedSubset,
  parseFashionMnistManifest,
  type FashionMnistManifest,
  type SplitName,
  type SubsetFile,
  type SubsetSplit,
} from '../src/model/data/fashion-mnist';
import { sha256Hex } from '../src/model/data/assets';
import { encodeIdx, parseIdx } from '../src/model/data/idx';
import { deriveSeed, mulberry32 } from '../src/model/training/random';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(ROOT, 'public/data/fashion-mnist');
const DEFAULT_SOURCE = '/usr/share/datasets/fashion-mnist';
/** The subset's seed. Changing it (or the counts) changes every file: rebuild and commit them together. */
export const SEED = 1;
export const TRAIN_PER_CLASS = 1000;
export const TEST_PER_CLASS = 200;
const MAX_TOTAL_BYTES = 6_000_000;

/** SHA-256 of the decompressed originals (Debian dataset-fashion-mnist 0.0~git20200523.55506a9-1). */
const ORIGINALS = {
  'train-images-idx3-ubyte.gz': 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  'train-labels-idx1-ubyte.gz': 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  't10k-images-idx3-ubyte.gz': '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  't10k-labels-idx1-ubyte.gz': '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
} as const;

const log = (line: string) => process.stdout.write(`${line}\n`);

class BuildError extends Error {}
function fail(message: string): never {
  throw new BuildError(message);
}

async function readOriginal(dir: string, file: keyof typeof ORIGINALS): Promise<Uint8Array> {
  const path = join(dir, file);
  if (!existsSync(path)) {
    fail(`${path} is missing. Install the originals with \`apt-get install dataset-fashion-mnist\` (Debian/Ubuntu), or pass --source DIR.`);
  }
  const raw = new Uint8Array(gunzipSync(await readFile(path)));
  const got = await sha256Hex(raw);
  if (got !== ORIGINALS[file]) fail(`${path} decompresses to content with SHA-256 ${got}, expected ${ORIGINALS[file]}`);
  return raw;
}

interface Built {
  manifest: FashionMnistManifest;
  /** File name → gzip bytes. */
  files: Map<string, Uint8Array>;
}

async function fileEntry(file: string, raw: Uint8Array, gz: Uint8Array): Promise<SubsetFile> {
  return { file, bytes: gz.length, sha256: await sha256Hex(gz), rawBytes: raw.length, rawSha256: await sha256Hex(raw) };
}

export async function build(sourceDir: string): Promise<Built> {
  const files = new Map<string, Uint8Array>();
  const splits = {} as Record<SplitName, SubsetSplit>;
  let pixelMean = 0;
  let pixelStd = 0;
  for (const [split, prefix, perClass] of [
    ['train', 'train', TRAIN_PER_CLASS],
    ['test', 't10k', TEST_PER_CLASS],
  ] as const) {
    const images = parseIdx(await readOriginal(sourceDir, `${prefix}-images-idx3-ubyte.gz`), `${prefix} images`);
    const labels = parseIdx(await readOriginal(sourceDir, `${prefix}-labels-idx1-ubyte.gz`), `${prefix} labels`);
    const [n, h, w] = images.dims as [number, number, number];
    if (labels.dims[0] !== n) fail(`${prefix}: ${n} images but ${labels.dims[0]} labels`);
    const pick = balancedSubset(labels.data, FASHION_MNIST_CLASSES.length, perClass, mulberry32(deriveSeed(SEED, split)));
    const px = h * w;
    const subImages = new Uint8Array(pick.length * px);
    const subLabels = new Uint8Array(pick.length);
    pick.forEach((src, i) => {
      subImages.set(images.data.subarray(src * px, (src + 1) * px), i * px);
      subLabels[i] = labels.data[src]!;
    });
    if (split === 'train') {
      let s = 0;
      let s2 = 0;
      for (const v of subImages) {
        s += v / 255;
        s2 += (v / 255) ** 2;
      }
      pixelMean = s / subImages.length;
      pixelStd = Math.sqrt(s2 / subImages.length - pixelMean ** 2);
    }
    const entries: SubsetFile[] = [];
    for (const [kind, raw] of [
      ['images-idx3-ubyte', encodeIdx([pick.length, h, w], subImages)],
      ['labels-idx1-ubyte', encodeIdx([pick.length], subLabels)],
    ] as const) {
      const file = `${split}-${kind}.gz`;
      const gz = new Uint8Array(gzipSync(raw, { level: 9 }));
      files.set(file, gz);
      entries.push(await fileEntry(file, raw, gz));
    }
    splits[split] = {
      from: split,
      count: pick.length,
      perClass: FASHION_MNIST_CLASSES.map(() => perClass),
      images: entries[0]!,
      labels: entries[1]!,
    };
  }
  const manifest: FashionMnistManifest = {
    format: FASHION_MNIST_FORMAT,
    version: FASHION_MNIST_FORMAT_VERSION,
    source: {
      dataset: 'Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, arXiv:1708.07747)',
      url: 'https://github.com/zalandoresearch/fashion-mnist',
      license: 'MIT',
      copyright: '2017 Zalando SE',
      originals: 'Debian package dataset-fashion-mnist 0.0~git20200523.55506a9-1, /usr/share/datasets/fashion-mnist',
      originalContentSha256: ORIGINALS,
      builtBy: 'scripts/build-fashion-mnist.ts',
      selection: `balanced: per class, a seeded shuffle of its indices, first ${TRAIN_PER_CLASS} (train) / ${TEST_PER_CLASS} (test); union shuffled`,
    },
    seed: SEED,
    height: 28,
    width: 28,
    classes: [...FASHION_MNIST_CLASSES],
    pixelMean: Number(pixelMean.toFixed(6)),
    pixelStd: Number(pixelStd.toFixed(6)),
    splits,
  };
  parseFashionMnistManifest(manifest);
  const total = [...files.values()].reduce((a, f) => a + f.length, 0);
  if (total > MAX_TOTAL_BYTES) fail(`the subset takes ${total} bytes, over the budget of ${MAX_TOTAL_BYTES}`);
  return { manifest, files };
}

async function check(built: Built): Promise<boolean> {
  const path = join(OUT_DIR, 'manifest.json');
  if (!existsSync(path)) fail(`${path} is missing: run without --check to build it`);
  const committed = parseFashionMnistManifest(JSON.parse(await readFile(path, 'utf8')));
  let ok = true;
  let gzipDiffers = false;
  for (const split of ['train', 'test'] as const) {
    for (const kind of ['images', 'labels'] as const) {
      const want = committed.splits[split][kind];
      const got = built.manifest.splits[split][kind];
      if (want.file !== got.file || want.rawSha256 !== got.rawSha256 || want.rawBytes !== got.rawBytes) {
        log(`✗ ${got.file}: a rebuild gives content ${got.rawSha256}, the committed manifest says ${want.rawSha256}`);
        ok = false;
        continue;
      }
      const onDisk = await readFile(join(OUT_DIR, want.file));
      if ((await sha256Hex(onDisk)) !== want.sha256 || onDisk.length !== want.bytes) {
        log(`✗ ${want.file} on disk does not match the committed manifest's SHA-256`);
        ok = false;
        continue;
      }
      if (got.sha256 !== want.sha256) gzipDiffers = true;
      log(`✓ ${want.file}: content ${want.rawSha256.slice(0, 16)}… reproduced`);
    }
  }
  if (built.manifest.pixelMean !== committed.pixelMean || built.manifest.pixelStd !== committed.pixelStd) {
    log(`✗ pixel statistics differ: ${built.manifest.pixelMean}/${built.manifest.pixelStd} vs ${committed.pixelMean}/${committed.pixelStd}`);
    ok = false;
  }
  if (gzipDiffers) log('(this zlib compresses to different .gz bytes; the content is identical, nothing to commit)');
  return ok;
}

async function main(argv: string[]): Promise<number> {
  let source = DEFAULT_SOURCE;
  let checkOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') checkOnly = true;
    else if (a === '--source' && argv[i + 1]) source = argv[++i]!;
    else fail(`unknown argument ${JSON.stringify(a)}; usage: build-fashion-mnist.ts [--check] [--source DIR]`);
  }
  const built = await build(source);
  if (checkOnly) return (await check(built)) ? 0 : 1;
  await mkdir(OUT_DIR, { recursive: true });
  for (const [file, gz] of built.files) await writeFile(join(OUT_DIR, file), gz);
  await writeFile(join(OUT_DIR, 'manifest.json'), `${JSON.stringify(built.manifest, null, 2)}\n`);
  const total = [...built.files.values()].reduce((a, f) => a + f.length, 0);
  const { train, test } = built.manifest.splits;
  log(`wrote ${OUT_DIR}: ${train.count} training + ${test.count} test images, ${(total / 1e6).toFixed(2)} MB`);
  log(`pixel mean ${built.manifest.pixelMean}, std ${built.manifest.pixelStd}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof BuildError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
