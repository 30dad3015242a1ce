/**
 * Does a translated lesson run the same things as the English one? Both MDX files are reduced to what must not
 * change in translation (imports, code fences, math, components with their props, inline expressions) and compared
 * in order; only prose may differ, and a string may differ only where the translation's string is Chinese.
 * Used by scripts/check-i18n.ts (the build) and tests/unit/i18n-parity.test.ts. Pure: no file system.
 */
import { parseExpressionAt } from 'acorn';

export interface MdxStructure {
  imports: string[];
  fences: string[];
  displayMath: string[];
  /** Inline math as a sorted multiset: a translation may reorder a sentence. */
  inlineMath: string[];
  /** Components (`<Name …>`) and inline `{expressions}`, in order, with line numbers for the report. */
  nodes: { kind: 'component' | 'expression'; name: string; props: [string, string | null][]; line: number }[];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;
export const hasChinese = (s: string) => CJK.test(s);

/** Splits off YAML frontmatter. */
function body(mdx: string): string {
  const m = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(mdx);
  return m ? mdx.slice(m[0].length) : mdx;
}

/** Reads a balanced `{…}` starting at `i` (which is `{`); returns the end index (after `}`). */
function readBraces(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '"' || c === "'" || c === '`') {
      j = readString(s, j);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j + 1;
  }
  throw new Error(`unbalanced { at offset ${i}`);
}

/** Index of the closing quote of the string starting at `i` (template literals may nest `${…}`). */
function readString(s: string, i: number): number {
  const q = s[i];
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (q === '`' && s[j] === '$' && s[j + 1] === '{') j = readBraces(s, j + 1) - 1;
    else if (s[j] === q) return j;
  }
  throw new Error(`unterminated string at offset ${i}`);
}

/** Parses a JSX tag's attributes from `i` (just after the name) to `>` or `/>`. */
function readAttributes(s: string, i: number): { props: [string, string | null][]; end: number } {
  const props: [string, string | null][] = [];
  let j = i;
  while (j < s.length) {
    while (/\s/.test(s[j] ?? '')) j++;
    if (s[j] === '>') return { props, end: j + 1 };
    if (s[j] === '/' && s[j + 1] === '>') return { props, end: j + 2 };
    if (s[j] === '{') {
      const end = readBraces(s, j); // {...spread}
      props.push(['…', s.slice(j, end)]);
      j = end;
      continue;
    }
    const name = /^[A-Za-z_:][\w:.-]*/.exec(s.slice(j))?.[0];
    if (!name) throw new Error(`cannot read attribute at offset ${j}: ${JSON.stringify(s.slice(j, j + 30))}`);
    j += name.length;
    if (s[j] !== '=') {
      props.push([name, null]);
      continue;
    }
    j++;
    if (s[j] === '"' || s[j] === "'") {
      const end = readString(s, j);
      props.push([name, s.slice(j, end + 1)]);
      j = end + 1;
    } else if (s[j] === '{') {
      const end = readBraces(s, j);
      props.push([name, s.slice(j, end)]);
      j = end;
    } else throw new Error(`cannot read the value of ${name} at offset ${j}`);
  }
  throw new Error(`unterminated tag at offset ${i}`);
}

/** Extracts what a translation must keep. Throws on MDX it cannot read (the build reports the file). */
export function mdxStructure(mdx: string): MdxStructure {
  const text = body(mdx);
  const out: MdxStructure = { imports: [], fences: [], displayMath: [], inlineMath: [], nodes: [] };
  const lines = text.split('\n');
  // Fences and import/export lines first: they are line-based.
  const prose: string[] = [];
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    const fence = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      const start = k;
      while (++k < lines.length && !lines[k]!.trimStart().startsWith(fence[1]!));
      out.fences.push(lines.slice(start, k + 1).join('\n'));
      prose.push(...lines.slice(start, k + 1).map(() => ''));
      continue;
    }
    if (/^(import|export) /.test(line)) {
      out.imports.push(line.trim());
      prose.push('');
      continue;
    }
    prose.push(line);
  }
  const s = prose.join('\n');
  const lineAt = (i: number) => s.slice(0, i).split('\n').length;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
    } else if (c === '`') {
      const run = /^`+/.exec(s.slice(i))![0];
      const end = s.indexOf(run, i + run.length);
      if (end > 0) i = end + run.length - 1;
    } else if (c === '$' && s[i + 1] === '$') {
      const end = s.indexOf('$$', i + 2);
      if (end < 0) throw new Error(`unclosed $$ on line ${lineAt(i)}`);
      out.displayMath.push(s.slice(i + 2, end).trim());
      i = end + 1;
    } else if (c === '$') {
      const m = /^\$([^$\n]+?)\$/.exec(s.slice(i));
      if (m) {
        out.inlineMath.push(m[1]!.trim());
        i += m[0].length - 1;
      }
    } else if (c === '<' && /[A-Z]/.test(s[i + 1] ?? '')) {
      const name = /^[A-Z][\w.]*/.exec(s.slice(i + 1))![0];
      const { props, end } = readAttributes(s, i + 1 + name.length);
      out.nodes.push({ kind: 'component', name, props, line: lineAt(i) });
      i = end - 1;
    } else if (c === '<' && /[a-z]/.test(s[i + 1] ?? '')) {
      // An HTML element: skip its attributes (they may hold braces), keep going inside it.
      const name = /^[a-z][\w-]*/.exec(s.slice(i + 1))![0];
      i = readAttributes(s, i + 1 + name.length).end - 1;
    } else if (c === '{') {
      const end = readBraces(s, i);
      out.nodes.push({ kind: 'expression', name: '{…}', props: [['', s.slice(i, end)]], line: lineAt(i) });
      i = end - 1;
    }
  }
  out.inlineMath.sort();
  return out;
}

/** A string may change only to Chinese (a translated label); everything else must be equal. */
const stringOk = (en: string, zh: string) => en === zh || hasChinese(zh);

type Node = ReturnType<typeof parseExpressionAt>;

/**
 * `choices={['yes', 'no']}` may become `[{ value: 'yes', label: '是' }, …]`: choices are compared by value, and a
 * label is prose: any `label` in the choices may change to anything (e.g. `pair` → `pair.replace(' and ', ' 和 ')`).
 */
function normaliseChoices(node: any): any {
  const blank = { type: 'Literal', value: '', raw: "''" };
  const walk = (n: any): any => {
    if (Array.isArray(n)) return n.map(walk);
    if (typeof n !== 'object' || n === null) return n;
    if (n.type === 'Property' && (n.key?.name ?? n.key?.value) === 'label') return prop('label', blank);
    if (n.type === 'Property') return prop(n.key?.name ?? n.key?.value, walk(n.value));
    if (n.type === 'ArrayExpression') {
      return {
        ...n,
        elements: n.elements.map((e: any) =>
          e?.type === 'Literal' && typeof e.value === 'string' ? { type: 'ObjectExpression', properties: [prop('value', e), prop('label', blank)] } : walk(e),
        ),
      };
    }
    return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, walk(v)]));
  };
  return walk(node);
}
const prop = (key: string, value: any) => ({ type: 'Property', key: { type: 'Identifier', name: key }, value, kind: 'init' });

/** Structural equality of two JS expressions, allowing translated strings. Returns a reason when they differ. */
function sameExpression(a: any, b: any, path = ''): string | null {
  if (a === b) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: ${String(a)} ≠ ${String(b)}`;
  if (a.type === 'Literal' && b.type === 'Literal') {
    if (typeof a.value === 'string' && typeof b.value === 'string') return stringOk(a.value, b.value) ? null : `${path}: '${a.value}' → '${b.value}'`;
    return a.raw === b.raw ? null : `${path}: ${a.raw} ≠ ${b.raw}`;
  }
  if (a.type === 'TemplateElement' && b.type === 'TemplateElement') {
    return stringOk(a.value.cooked, b.value.cooked) ? null : `${path}: \`${a.value.cooked}\` → \`${b.value.cooked}\``;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: shape differs`;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return `${path}: ${a.length} items ≠ ${b.length}`;
    for (let k = 0; k < a.length; k++) {
      const r = sameExpression(a[k], b[k], `${path}[${k}]`);
      if (r) return r;
    }
    return null;
  }
  if (a.type !== b.type) return `${path}: ${a.type} ≠ ${b.type}`;
  for (const key of Object.keys(a)) {
    if (key === 'start' || key === 'end' || key === 'raw' || key === 'loc' || key === 'range') continue;
    const r = sameExpression(a[key], b[key], `${path}.${key}`);
    if (r) return r;
  }
  return null;
}

function parseJs(code: string): Node | null {
  try {
    return parseExpressionAt(code, 0, { ecmaVersion: 'latest' });
  } catch {
    return null; // e.g. JSX inside an expression: compared as text below
  }
}

/** Compares one prop's values (a quoted string, an `{expression}` or a bare flag). */
function samePropValue(name: string, en: string | null, zh: string | null): string | null {
  if (en === zh) return null;
  if (en === null || zh === null) return `${name}: ${en} → ${zh}`;
  const quoted = (v: string) => /^["']/.test(v);
  if (quoted(en) && quoted(zh)) return stringOk(en.slice(1, -1), zh.slice(1, -1)) ? null : `${name}: ${en} → ${zh}`;
  const a = parseJs(quoted(en) ? en : en.slice(1, -1));
  const b = parseJs(quoted(zh) ? zh : zh.slice(1, -1));
  if (!a || !b) return `${name}: ${en} → ${zh}`;
  return name === 'choices' ? sameExpression(normaliseChoices(a), normaliseChoices(b), name) : sameExpression(a, b, name);
}

/** Every way the translation differs from the English lesson in what it runs or computes; empty when they match. */
export function compareMdx(english: string, translated: string, options: { sameFolderDepth?: boolean } = {}): string[] {
  const en = mdxStructure(english);
  const zh = mdxStructure(translated);
  if (options.sameFolderDepth === false) {
    // The translation sits one folder deeper (src/content/docs/zh-cn/): compare imports without their leading ../
    const strip = (l: string) => l.replace(/(['"])(\.\.\/)+/g, '$1…/');
    en.imports = en.imports.map(strip);
    zh.imports = zh.imports.map(strip);
  }
  const problems: string[] = [];
  const list = (what: string, a: string[], b: string[]) => {
    if (a.length !== b.length) problems.push(`${what}: ${a.length} in English, ${b.length} translated`);
    const n = Math.min(a.length, b.length);
    for (let k = 0; k < n; k++) if (a[k] !== b[k]) {
      problems.push(`${what} ${k + 1} differs:\n  English:    ${a[k]!.slice(0, 200)}\n  translated: ${b[k]!.slice(0, 200)}`);
      break;
    }
  };
  list('import', en.imports, zh.imports);
  list('code block', en.fences, zh.fences);
  list('display math', en.displayMath, zh.displayMath);
  list('inline math (sorted)', en.inlineMath, zh.inlineMath);
  if (en.nodes.length !== zh.nodes.length) {
    problems.push(`components and expressions: ${en.nodes.length} in English, ${zh.nodes.length} translated`);
  }
  for (let k = 0; k < Math.min(en.nodes.length, zh.nodes.length); k++) {
    const a = en.nodes[k]!;
    const b = zh.nodes[k]!;
    const where = `${a.name} (English line ${a.line}, translated line ${b.line})`;
    if (a.name !== b.name) {
      problems.push(`component ${k + 1}: <${a.name}> in English, <${b.name}> translated (English line ${a.line}, translated line ${b.line})`);
      break;
    }
    const names = (n: typeof a) => n.props.map(([p]) => p).join(' ');
    if (names(a) !== names(b)) {
      problems.push(`${where}: props [${names(a)}] → [${names(b)}]`);
      continue;
    }
    for (let p = 0; p < a.props.length; p++) {
      const [name, value] = a.props[p]!;
      const r = samePropValue(name || 'expression', value, b.props[p]![1]);
      if (r) problems.push(`${where}: ${r}`);
    }
  }
  return problems;
}
