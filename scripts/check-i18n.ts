/**
 * Fails (exit 1) when a page, catalog entry or widget string has no zh-CN counterpart, or when a translated lesson's
 * code, math or components differ from the English lesson's (src/i18n/parity.ts). Run by `npm run build` and by
 * tests/unit/i18n-check.test.ts; `npm run check-i18n` alone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compareMdx } from '../src/i18n/parity';
import { untranslatedStrings } from '../src/i18n/untranslated';
import type { MessageTable } from '../src/i18n/messages';

const mdx = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.mdx') && !f.startsWith('_')) : []);

/** A folder of English pages and where their translations live; `parity` compares their structure too. */
const pairs = [
  { en: 'src/lessons', zh: 'src/lessons-zh-cn', parity: true },
  { en: 'src/pages/guide', zh: 'src/pages/zh-cn/guide', parity: false },
];

/** Every `strings.ts` under src (the string tables of widgets and components). */
function stringFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? stringFiles(join(dir, d.name)) : d.name === 'strings.ts' ? [join(dir, d.name)] : [],
  );
}

/** Prop names listed in a catalog entry's frontmatter (`  - name: x` under `props:`). */
function catalogProps(file: string): string[] {
  const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  const props = front.split(/^props:\s*$/m)[1] ?? '';
  const block = props.split(/^\S/m)[0] ?? '';
  return [...block.matchAll(/^ {2}- name: ["']?([^"'\n]+)["']?\s*$/gm)].map((m) => m[1]!.trim());
}

/**
 * Every English string of every table whose zh-CN string differs (what must not show on a zh-CN page), for the
 * zh-CN e2e (tests/e2e/i18n.test.mjs): `tsx scripts/check-i18n.ts --english-strings` prints them as JSON.
 */
export async function englishStrings(root: string): Promise<string[]> {
  const out = new Set<string>();
  for (const file of stringFiles(join(root, 'src'))) {
    const tables = (await import(pathToFileURL(file).href)).strings as Record<'en' | 'zh-cn', MessageTable> | undefined;
    if (!tables?.en) continue;
    for (const [key, value] of Object.entries(tables.en)) {
      if (typeof value === 'string' && value.trim() && tables['zh-cn']?.[key] !== value) out.add(value.trim());
    }
  }
  return [...out].sort();
}

export async function checkI18n(root: string): Promise<string[]> {
  const problems: string[] = [];
  for (const { en, zh, parity } of pairs) {
    const have = new Set(mdx(join(root, zh)));
    for (const file of mdx(join(root, en))) {
      if (!have.has(file)) {
        problems.push(`${en}/${file} has no zh-CN translation (${zh}/${file})`);
        continue;
      }
      if (!parity) continue;
      try {
        for (const p of compareMdx(readFileSync(join(root, en, file), 'utf8'), readFileSync(join(root, zh, file), 'utf8'))) {
          problems.push(`${zh}/${file}: ${p}`);
        }
      } catch (e) {
        problems.push(`${zh}/${file}: ${(e as Error).message}`);
      }
    }
    for (const file of have) if (!existsSync(join(root, en, file))) problems.push(`${zh}/${file} translates no English page`);
  }
  const landing = ['src/content/docs/index.mdx', 'src/content/docs/zh-cn/index.mdx'] as const;
  if (!existsSync(join(root, landing[1]))) problems.push(`${landing[0]} has no zh-CN translation (${landing[1]})`);
  else {
    const [a, b] = [readFileSync(join(root, landing[0]), 'utf8'), readFileSync(join(root, landing[1]), 'utf8')];
    for (const p of compareMdx(a, b, { sameFolderDepth: false })) problems.push(`${landing[1]}: ${p}`);
  }

  const { catalogZhCn } = await import(pathToFileURL(join(root, 'src/catalog-zh-cn.ts')).href);
  for (const file of mdx(join(root, 'src/catalog'))) {
    const id = file.replace(/\.mdx$/, '');
    const t = catalogZhCn[id];
    if (!t) {
      problems.push(`src/catalog/${file}: no zh-CN summary in src/catalog-zh-cn.ts`);
      continue;
    }
    for (const prop of catalogProps(join(root, 'src/catalog', file))) {
      if (!t.props?.[prop]) problems.push(`src/catalog/${file}: prop ${prop} has no zh-CN description in src/catalog-zh-cn.ts`);
    }
  }

  for (const file of stringFiles(join(root, 'src'))) {
    const mod = await import(pathToFileURL(file).href);
    if (!mod.strings?.en) {
      problems.push(`${relative(root, file)}: exports no \`strings\` table (defineMessages)`);
      continue;
    }
    const tables = mod.strings as Record<'en' | 'zh-cn', MessageTable>;
    for (const p of untranslatedStrings(tables.en, tables['zh-cn'])) problems.push(`${relative(root, file)}: ${p}`);
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv.includes('--english-strings')) {
  console.log(JSON.stringify(await englishStrings(process.cwd())));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const problems = await checkI18n(process.cwd());
  if (problems.length) {
    console.error(`check-i18n: ${problems.length} problem(s) with the zh-CN translation (docs/i18n.md):`);
    for (const p of problems) console.error(`- ${p}`);
    process.exit(1);
  }
  console.log('check-i18n: every lesson, guide, catalog entry and widget string has its zh-CN counterpart');
}
