#!/usr/bin/env node
// Link checker for a built site: proves that everything the pages can ask for is in the output folder.
//
//   node scripts/check-links.mjs dist                 # a build for the domain root
//   node scripts/check-links.mjs dist --base /ml101/  # a build made with BASE_PATH=/ml101/
//
// Reads every .html, .css and .js file and follows: href/src/srcset/poster and path-like data-* attributes, CSS
// url(), module imports and asset URLs inside scripts (the wasm binaries, workers, lazily loaded chunks), and every
// JSON manifest it reaches, down to each file it lists (the ResNet-50 weight shards, the Fashion-MNIST files), whose
// size and SHA-256 it checks when the manifest gives them. Fragments (#id) must name an id on the target page.
// A site-absolute link outside the base path is an error: it works only when the site sits at the domain root.
// Links to other origins are counted, not fetched (the check runs offline). Exit status 1 on any problem.
// Node's own hash, not the site's sha256Hex (src/model/data/assets.ts): this checker runs under plain node, which
// cannot import TypeScript, and checks the built files synchronously.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';
import { pathToFileURL } from 'node:url';

const ORIGIN = 'http://site.invalid';
const ASSET_EXT = 'js|mjs|wasm|json|bin|css|png|jpe?g|gif|webp|avif|svg|ico|gz|woff2?|txt|xml|webmanifest';

/** Every file under `dir`, as paths relative to it with forward slashes. */
function walk(dir, prefix = '') {
  const out = [];
  for (const name of readdirSync(join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) out.push(...walk(dir, rel));
    else out.push(rel);
  }
  return out;
}

/** References in an HTML page: [url, what] pairs. */
export function htmlRefs(html) {
  const refs = [];
  const noComments = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of noComments.matchAll(/<[a-zA-Z][^>]*>/g)) {
    const tag = m[0];
    for (const a of tag.matchAll(/\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      const name = a[1].toLowerCase();
      const value = decodeEntities(a[2] ?? a[3] ?? '');
      if (name === 'href' || name === 'src' || name === 'poster' || name === 'action') refs.push([value, name]);
      else if (name === 'srcset' || name === 'imagesrcset') {
        for (const part of value.split(',')) if (part.trim()) refs.push([part.trim().split(/\s+/)[0], name]);
      } else if (name.startsWith('data-') && /^(\.{0,2}\/)[^\s<>"']*$/.test(value) && value.length > 1) refs.push([value, name]);
    }
  }
  // Inline styles and scripts reference assets too.
  for (const m of noComments.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) refs.push(...cssRefs(m[1]));
  for (const m of noComments.matchAll(/<script(?![^>]*type="application\/(?:ld\+)?json")[^>]*>([\s\S]*?)<\/script>/g)) refs.push(...jsRefs(m[1]));
  return refs;
}

/** `url(…)` in a stylesheet (data: URLs are skipped by the caller). */
export function cssRefs(css) {
  return [...css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/g)].map((m) => [m[1] ?? m[2] ?? m[3], 'css url()']);
}

/**
 * Module specifiers and asset URLs in a script: imports ("./chunk.js", relative to the script), `new URL("…",
 * import.meta.url)` (workers), and absolute asset paths such as the wasm binaries ("/_astro/x.wasm"). Other
 * relative strings are not followed: libraries carry many ("./model.weights.bin") that are never fetched as such.
 */
export function jsRefs(js) {
  const refs = [];
  for (const m of js.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["'`](\.{1,2}\/[^"'`\s]+|\/[^"'`\s]+)["'`]/g)) refs.push([m[1], 'import']);
  for (const m of js.matchAll(/new URL\(\s*["'`]([^"'`]+)["'`]\s*,\s*import\.meta\.url\s*\)/g)) refs.push([m[1], 'new URL']);
  const asset = new RegExp(`["'\`](/[\\w@./+-]*\\.(?:${ASSET_EXT}))["'\`]`, 'g');
  for (const m of js.matchAll(asset)) refs.push([m[1], 'script asset']);
  return refs;
}

// One pass, numeric references included: MDX writes the & between query parameters as &#x26;.
const NAMED = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|apos|lt|gt);/gi, (m, ref) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? m;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** Ids a page defines, for fragment links. */
function idsOf(html) {
  return new Set([...html.matchAll(/\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((m) => decodeEntities(m[1] ?? m[2])));
}

/** Objects in a manifest that name a file beside it: `{ file, bytes?, sha256? }`, at any depth. */
function manifestFiles(value, out = []) {
  if (Array.isArray(value)) for (const v of value) manifestFiles(v, out);
  else if (value && typeof value === 'object') {
    if (typeof value.file === 'string') out.push(value);
    for (const v of Object.values(value)) manifestFiles(v, out);
  }
  return out;
}

/**
 * Checks a built site. Returns { problems: [{ ref, from, why }], stats }.
 * `base` is the path the site was built for ('/' or '/ml101/').
 */
export function checkSite(dir, base = '/') {
  const basePath = `/${base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  const files = walk(dir);
  const fileSet = new Set(files);
  const problems = [];
  const stats = { pages: 0, scanned: 0, references: 0, targets: 0, external: 0, manifests: 0, manifestFiles: 0, fragments: 0, manifestPaths: [] };
  const idCache = new Map();
  const checkedTargets = new Set();
  const queue = [];

  /** The site URL a file is served at. */
  const urlOf = (rel) => `${ORIGIN}${basePath}${rel}`;

  /** The output file a site path maps to, or null. A folder serves its index.html, or (a data folder) its manifest. */
  function fileFor(pathname) {
    if (!pathname.startsWith(basePath)) return { escape: true };
    let rel = decodeURIComponent(pathname.slice(basePath.length));
    if (rel === '' || rel.endsWith('/')) {
      for (const index of ['index.html', 'manifest.json']) if (fileSet.has(`${rel}${index}`)) return { rel: `${rel}${index}` };
      return { rel: null };
    }
    if (fileSet.has(rel)) return { rel };
    if (fileSet.has(`${rel}/index.html`)) return { rel: `${rel}/index.html` };
    return { rel: null };
  }

  function follow(ref, fromRel, what) {
    if (!ref || /^(?:[a-z][a-z0-9+.-]*:)/i.test(ref)) {
      if (/^https?:/i.test(ref)) stats.external++;
      return; // external, data:, blob:, mailto:, javascript:
    }
    if (ref.startsWith('//')) {
      stats.external++;
      return;
    }
    stats.references++;
    const url = new URL(ref, urlOf(fromRel));
    if (url.origin !== ORIGIN) return;
    const target = fileFor(url.pathname);
    const where = `${fromRel} (${what})`;
    if (target.escape) {
      problems.push({ ref, from: where, why: `outside the base path ${basePath}` });
      return;
    }
    if (!target.rel) {
      problems.push({ ref, from: where, why: 'no such file in the build' });
      return;
    }
    if (url.hash.length > 1 && target.rel.endsWith('.html')) {
      stats.fragments++;
      const id = decodeURIComponent(url.hash.slice(1));
      if (!idCache.has(target.rel)) idCache.set(target.rel, idsOf(readFileSync(join(dir, target.rel), 'utf8')));
      if (!idCache.get(target.rel).has(id)) problems.push({ ref, from: where, why: `no element with id "${id}" on ${target.rel}` });
    }
    if (!checkedTargets.has(target.rel)) {
      checkedTargets.add(target.rel);
      if (target.rel.endsWith('.json')) queue.push(target.rel); // manifests are followed once reached
    }
  }

  for (const rel of files) {
    const ext = extname(rel);
    if (ext !== '.html' && ext !== '.css' && ext !== '.js' && ext !== '.mjs') continue;
    const text = readFileSync(join(dir, rel), 'utf8');
    stats.scanned++;
    if (ext === '.html') stats.pages++;
    const refs = ext === '.html' ? htmlRefs(text) : ext === '.css' ? cssRefs(text) : jsRefs(text);
    for (const [ref, what] of refs) follow(ref, rel, what);
  }

  // JSON manifests: every file they list must be beside them, with the size and hash they state.
  const seenJson = new Set();
  while (queue.length) {
    const rel = queue.shift();
    if (seenJson.has(rel)) continue;
    seenJson.add(rel);
    let json;
    try {
      json = JSON.parse(readFileSync(join(dir, rel), 'utf8'));
    } catch (err) {
      problems.push({ ref: rel, from: rel, why: `not valid JSON: ${err.message}` });
      continue;
    }
    const listed = manifestFiles(json);
    if (listed.length) {
      stats.manifests++;
      stats.manifestPaths.push(rel);
    }
    for (const entry of listed) {
      stats.manifestFiles++;
      const url = new URL(entry.file, urlOf(rel));
      const target = fileFor(url.pathname);
      if (!target.rel) {
        problems.push({ ref: entry.file, from: `${rel} (manifest)`, why: target.escape ? `outside the base path ${basePath}` : 'no such file in the build' });
        continue;
      }
      const bytes = readFileSync(join(dir, target.rel));
      if (typeof entry.bytes === 'number' && bytes.length !== entry.bytes) {
        problems.push({ ref: entry.file, from: `${rel} (manifest)`, why: `${bytes.length} bytes, the manifest says ${entry.bytes}` });
      } else if (typeof entry.sha256 === 'string' && createHash('sha256').update(bytes).digest('hex') !== entry.sha256) {
        problems.push({ ref: entry.file, from: `${rel} (manifest)`, why: 'SHA-256 differs from the manifest' });
      }
      checkedTargets.add(target.rel);
      if (target.rel.endsWith('.json')) queue.push(target.rel);
    }
  }
  stats.targets = checkedTargets.size;
  return { problems, stats };
}

function main() {
  const args = process.argv.slice(2);
  const baseAt = args.indexOf('--base');
  const base = baseAt >= 0 ? args[baseAt + 1] : (process.env.BASE_PATH ?? '/');
  const dir = args.find((a, i) => !a.startsWith('--') && (baseAt < 0 || i !== baseAt + 1)) ?? 'dist';
  if (!existsSync(join(dir, 'index.html'))) {
    console.error(`check-links: ${dir} has no index.html; build the site first (npm run build)`);
    process.exit(2);
  }
  const { problems, stats } = checkSite(dir, base);
  const s = stats;
  console.log(
    `check-links: ${s.pages} pages, ${s.scanned} files read, ${s.references} references to ${s.targets} files, ` +
      `${s.fragments} fragments, ${s.manifests} manifests listing ${s.manifestFiles} files; ${s.external} links to other sites not fetched`,
  );
  if (problems.length) {
    for (const p of problems.slice(0, 100)) console.error(`  ✗ ${p.ref}  from ${p.from}: ${p.why}`);
    if (problems.length > 100) console.error(`  … and ${problems.length - 100} more`);
    console.error(`check-links: ${problems.length} broken (base path ${base})`);
    process.exit(1);
  }
  console.log(`check-links: everything resolves under ${base}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
