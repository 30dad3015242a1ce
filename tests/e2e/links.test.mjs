// The deploy check: every link, asset, wasm binary, weight shard and data file of the build resolves under the base
// path the site was built for (scripts/check-links.mjs), and the checker itself catches each kind of breakage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSite } from '../../scripts/check-links.mjs';
import { BASE_URL } from './browser.mjs';

const OUT_DIR = process.env.OUT_DIR || 'dist';
const BASE = process.env.BASE_PATH || '/';

test(`everything the built site links to resolves under ${BASE}`, () => {
  const run = spawnSync(process.execPath, ['scripts/check-links.mjs', OUT_DIR, '--base', BASE], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const { stats } = checkSite(OUT_DIR, BASE);
  // The check reached what matters: the wasm binaries, both manifests and every file they list.
  const wasm = readdirSync(join(OUT_DIR, '_astro')).filter((f) => f.endsWith('.wasm'));
  assert.ok(wasm.length >= 3, `wasm binaries in the build: ${wasm.join(', ')}`);
  assert.ok(stats.manifestPaths.includes('weights/resnet50/manifest.json'), `manifests followed: ${stats.manifestPaths.join(', ')}`);
  assert.ok(stats.manifestFiles >= 9, `files listed by manifests: ${stats.manifestFiles}`);
  assert.ok(stats.pages >= 10, `pages: ${stats.pages}`);
});

test('the preview server answers for a page and a weight shard at the base path', async () => {
  const manifest = await (await fetch(new URL('weights/resnet50/manifest.json', BASE_URL))).json();
  const shard = await fetch(new URL(`weights/resnet50/${manifest.shards[0].file}`, BASE_URL), { method: 'HEAD' });
  assert.equal(shard.status, 200);
  assert.equal((await fetch(new URL('catalog/', BASE_URL))).status, 200);
});

/** A tiny site with one of each kind of reference, optionally broken. */
function fakeSite(base, { breakLink = false, escape = false, badShard = false, badFragment = false, missingWasm = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'check-links-'));
  const shard = Buffer.from('weights');
  const sha = createHash('sha256').update(shard).digest('hex');
  mkdirSync(join(dir, '_astro'));
  mkdirSync(join(dir, 'weights/net'), { recursive: true });
  mkdirSync(join(dir, 'a'));
  writeFileSync(join(dir, 'weights/net/manifest.json'), JSON.stringify({ shards: [{ file: 'shard1.bin', bytes: shard.length, sha256: sha }] }));
  writeFileSync(join(dir, 'weights/net/shard1.bin'), badShard ? Buffer.from('weightz') : shard);
  if (!missingWasm) writeFileSync(join(dir, '_astro/x.wasm'), '');
  writeFileSync(join(dir, '_astro/chunk.js'), 'export const a = 1;');
  writeFileSync(join(dir, '_astro/main.js'), `import"./chunk.js";const w="${base}_astro/x.wasm";`);
  writeFileSync(join(dir, '_astro/site.css'), `body{background:url(./bg.png)}`);
  writeFileSync(join(dir, '_astro/bg.png'), '');
  writeFileSync(join(dir, 'a/index.html'), '<h2 id="here">A</h2>');
  writeFileSync(
    join(dir, 'index.html'),
    `<link rel="stylesheet" href="${base}_astro/site.css"><script type="module" src="${base}_astro/main.js"></script>` +
      `<a href="${breakLink ? `${base}b/` : `${base}a/`}">a</a> <a href="${escape ? '/a/' : 'a/'}">rel</a> <a href="a/#${badFragment ? 'there' : 'here'}">frag</a>` +
      `<div data-weights="${base}weights/net/"></div> <a href="https://example.org/">out</a>`,
  );
  return dir;
}

test('the checker passes a sound site and names each kind of breakage', () => {
  const base = '/ml101/';
  const cases = [
    [{}, []],
    [{ breakLink: true }, ['no such file']],
    [{ escape: true }, ['outside the base path /ml101/']],
    [{ badShard: true }, ['SHA-256 differs']],
    [{ badFragment: true }, ['no element with id "there"']],
    [{ missingWasm: true }, ['no such file']],
  ];
  for (const [breakage, expected] of cases) {
    const dir = fakeSite(base, breakage);
    try {
      const { problems, stats } = checkSite(dir, base);
      assert.deepEqual(problems.map((p) => expected.find((e) => p.why.includes(e)) ?? p.why), expected, JSON.stringify(breakage));
      if (expected.length === 0) {
        assert.equal(stats.manifestFiles, 1);
        assert.equal(stats.external, 1);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
