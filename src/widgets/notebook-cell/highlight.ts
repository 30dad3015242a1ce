/**
 * Highlighting settings shared by the build (the .astro shell runs shiki's full bundle) and the browser (which
 * lazy-loads shiki's fine-grained core after the first edit), so both produce the same markup and colours.
 */
import type { ShikiTransformer } from 'shiki/core';

/**
 * Both themes at once as CSS variables (`--shiki-light`, `--shiki-dark`); the stylesheet follows [data-theme].
 * The "-default" variants: plain github-light draws variables in #E36209, 3.5:1 on white, under WCAG AA's 4.5:1.
 */
const THEMES = { light: 'github-light-default', dark: 'github-dark-default' } as const;

const noTabStop: ShikiTransformer = {
  name: 'cell:no-tab-stop',
  // shiki makes its <pre> focusable for scrolling; ours sits under the textarea and must stay out of tab order.
  pre(node) {
    delete node.properties.tabindex;
  },
};

export const HIGHLIGHT_OPTIONS = {
  lang: 'javascript',
  themes: THEMES,
  defaultColor: false as const,
  // No per-line time limit (default 500 ms): the first call also compiles the grammar's regexes, and on a busy
  // machine the limit cut lines short, leaving the rest of a line in one colour. Cells are short; JS is safe.
  tokenizeTimeLimit: 0,
  transformers: [noTabStop],
};

/**
 * The text the highlight layer shows for the textarea's value. A final newline gets a space after it: a <pre>
 * draws no line for a trailing newline, but a textarea does, and the two layers must have the same height.
 */
export const layerText = (code: string) => (code.endsWith('\n') ? `${code} ` : code);

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Unhighlighted markup in shiki's shape, shown while the highlighter loads so the layers stay aligned. */
export function plainHtml(code: string): string {
  const lines = layerText(code)
    .split('\n')
    .map((l) => `<span class="line">${escapeHtml(l)}</span>`);
  return `<pre class="shiki"><code>${lines.join('\n')}</code></pre>`;
}

/** "1\n2\n3" for a three-line cell: the gutter's text. */
export const lineNumbers = (code: string) => Array.from({ length: code.split('\n').length }, (_, i) => i + 1).join('\n');

/**
 * The code of a `code` prop as the reader should see it: MDX template literals usually start with a newline and
 * carry the indentation of the JSX around them, so drop blank edges and the common indent.
 */
export function normalizeSource(code: string): string {
  const lines = code.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && !lines[0]!.trim()) lines.shift();
  while (lines.length && !lines.at(-1)!.trim()) lines.pop();
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut).trimEnd()).join('\n');
}
