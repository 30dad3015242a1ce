// The widget catalog must stay complete: every widget and authoring component has an entry in src/catalog, and
// every entry documents each prop its component declares. Adding a widget without its entry fails here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(__dirname, '../..');
const read = (rel: string) => readFileSync(join(root, rel), 'utf8');

/** Components only the routes use (lesson lists, reference lists), not something an author writes. */
const ROUTE_ONLY = new Set(['LessonList.astro', 'Prerequisites.astro', 'References.astro']);

interface Entry {
  file: string;
  source: string;
  props: string[];
}

function entries(): Entry[] {
  return readdirSync(join(root, 'src/catalog'))
    .filter((f) => f.endsWith('.mdx') && !f.startsWith('_'))
    .map((file) => {
      const front = read(`src/catalog/${file}`).split(/^---$/m)[1] ?? '';
      return {
        file,
        source: /^source:\s*(.+)$/m.exec(front)?.[1]?.trim() ?? '',
        props: [...front.matchAll(/^\s+- name:\s*(\w+)/gm)].map((m) => m[1]!),
      };
    });
}

/** The prop names an .astro component declares in `interface Props { … }` or `type Props = … & { … }`. */
function declaredProps(astroSource: string): string[] {
  const m = /(?:interface Props\s*|type Props =[^{]*)\{\n([\s\S]*?)\n\}/.exec(astroSource);
  if (!m) return [];
  return [...m[1]!.matchAll(/^ {2}(\w+)\??:/gm)].map((x) => x[1]!);
}

function authoringComponents(): string[] {
  const widgets = readdirSync(join(root, 'src/widgets'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(root, 'src/widgets', d.name)).filter((f) => f.endsWith('.astro')).map((f) => `src/widgets/${d.name}/${f}`));
  const components = readdirSync(join(root, 'src/components'))
    .filter((f) => f.endsWith('.astro') && !ROUTE_ONLY.has(f))
    .map((f) => `src/components/${f}`);
  const exercises = readdirSync(join(root, 'src/components/exercises'))
    .filter((f) => f.endsWith('.astro'))
    .map((f) => `src/components/exercises/${f}`);
  return [...widgets, ...components, ...exercises];
}

describe('the widget catalog', () => {
  test('has an entry for every widget and authoring component', () => {
    const documented = new Set(entries().map((e) => e.source));
    const missing = authoringComponents().filter((c) => !documented.has(c));
    expect(missing, `add src/catalog/<name>.mdx for each of these (see the authoring guide)`).toEqual([]);
  });

  test('entries point at files that exist, one entry per component', () => {
    const all = entries();
    for (const e of all) expect(existsSync(join(root, e.source)), `${e.file}: source ${e.source}`).toBe(true);
    expect(new Set(all.map((e) => e.source)).size).toBe(all.length);
  });

  test('every entry documents each prop its component declares, and invents none', () => {
    for (const e of entries()) {
      const source = read(e.source);
      const declared = declaredProps(source);
      expect(declared.filter((p) => !e.props.includes(p)), `${e.file}: undocumented props of ${e.source}`).toEqual([]);
      // A `type Props = Shared & { … }` also takes the shared type's props (ArchitectureExplorer: arch, options).
      if (!/type Props =/.test(source)) expect(e.props.filter((p) => !declared.includes(p)), `${e.file}: props ${e.source} lacks`).toEqual([]);
    }
  });
});

describe('finding declared props', () => {
  test('reads an interface Props block and an intersection type', () => {
    expect(declaredProps('---\ninterface Props {\n  a: string;\n  /** doc */\n  b?: number;\n  c?: { d: 1 };\n}\n---')).toEqual(['a', 'b', 'c']);
    expect(declaredProps('type Props = ArchChoice & {\n  caption?: string;\n};')).toEqual(['caption']);
  });
});
