/**
 * What the pages' own scripts import, statically, must not reach TensorFlow.js: tfjs is for the widgets' workers and
 * for cells when the reader runs them (dynamic imports), never for the page before anything runs (about 37 KB gzip of
 * tfjs-core, which `npm run bench`'s page weight reports as loadsTfBeforeRun). A pure helper that sits in the same
 * file as a training loop is enough to pull it in, as the transfer widget's head math once did. This walks the
 * static imports of every <script> in the site's .astro files (type-only imports, `import()` and asset URLs such as `…wasm?url` excluded).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const SRC = resolve(__dirname, '../../src');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name), ext) : d.name.endsWith(ext) ? [join(dir, d.name)] : []));
}

/** Static, value-level module specifiers of some source text (import/export … from, bare import). */
export function staticImports(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const m of code.matchAll(re)) {
    if (m[2]) continue; // import type … / export type …
    if (m[1] === 'export' && !m[3]) continue;
    out.push(m[4]!);
  }
  return out;
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const cand of [base, `${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')]) if (existsSync(cand) && cand.match(/\.(ts|mjs|js)$/)) return cand;
  return null; // .css, .astro, assets
}

/** The first chain of static imports from `entry` that reaches a module matching `bad`, or null. */
function chainTo(entry: string, text: string, bad: RegExp): string[] | null {
  const seen = new Set<string>();
  const walk = (file: string, source: string, path: string[]): string[] | null => {
    for (const spec of staticImports(source)) {
      if (bad.test(spec)) return [...path, spec];
      const next = resolveLocal(file, spec);
      if (!next || seen.has(next)) continue;
      seen.add(next);
      const found = walk(next, readFileSync(next, 'utf8'), [...path, next.slice(SRC.length + 1)]);
      if (found) return found;
    }
    return null;
  };
  return walk(entry, text, [entry.slice(SRC.length + 1)]);
}

const scripts = files(SRC, '.astro').flatMap((f) =>
  [...readFileSync(f, 'utf8').matchAll(/<script(?![^>]*is:inline)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => ({ file: f, text: m[1]! })),
);

describe('main-thread scripts do not import TensorFlow.js', () => {
  test('the walker sees value imports and skips type-only ones', () => {
    expect(staticImports("import a from './a';\nimport type { B } from './b';\nimport './c';\nexport * from './d';\nexport type { E } from './e';\nconst f = () => import('./f');")).toEqual(['./a', './c', './d']);
  });

  test('there are page scripts to check', () => {
    expect(scripts.length).toBeGreaterThan(10);
  });

  test.each(scripts.map((s) => [s.file.slice(SRC.length + 1), s] as const))('%s', (_name, s) => {
    expect(chainTo(s.file, s.text, /^@tensorflow\/[^?]*$/)?.join(" → ") ?? null).toBeNull();
  });
});
