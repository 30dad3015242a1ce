import { codeToHtml } from 'shiki';
import { describe, expect, test } from 'vitest';
import { HIGHLIGHT_OPTIONS, layerText, lineNumbers, normalizeSource, plainHtml } from '../../src/widgets/notebook-cell/highlight';
import { loadHighlighter } from '../../src/widgets/notebook-cell/highlight-client';

describe('the code of a code prop', () => {
  test('loses the blank edges and common indent an MDX template literal brings', () => {
    expect(normalizeSource('\n    const a = 1;\n    if (a) {\n      a;\n    }\n  ')).toBe('const a = 1;\nif (a) {\n  a;\n}');
  });

  test('keeps blank lines inside and converts Windows line endings', () => {
    expect(normalizeSource('a\r\n\r\nb')).toBe('a\n\nb');
  });
});

describe('the highlight layer', () => {
  test('has the textarea’s height: a trailing newline gets a line of its own', () => {
    expect(layerText('a\n')).toBe('a\n ');
    expect(layerText('a')).toBe('a');
  });

  test('plain markup escapes HTML and keeps one span per line', () => {
    expect(plainHtml('a < b\nc')).toBe('<pre class="shiki"><code><span class="line">a &lt; b</span>\n<span class="line">c</span></code></pre>');
  });

  test('the gutter numbers every line', () => {
    expect(lineNumbers('a\nb\n')).toBe('1\n2\n3');
  });

  test('build-time markup carries both themes as variables and no tab stop', async () => {
    const html = await codeToHtml('const x = 1;', HIGHLIGHT_OPTIONS);
    expect(html).toContain('--shiki-light:');
    expect(html).toContain('--shiki-dark:');
    expect(html).not.toContain('tabindex');
  });

  test('no line is cut short by a time limit while the grammar compiles (a slow first call)', async () => {
    // With shiki's default 500 ms limit a loaded machine left `resnet50();` uncoloured on the first edit.
    expect(HIGHLIGHT_OPTIONS.tokenizeTimeLimit).toBe(0);
    const highlight = await loadHighlighter();
    // A cut line ends in one token, ` net = resnet50();`; a whole one gives the call its own (space-led) token.
    expect(highlight('const net = resnet50();')).toMatch(/> ?resnet50<\/span>/);
  });

  test('the browser’s lazy fine-grained highlighter gives the same markup as the build', async () => {
    const code = 'const net = resnet50();\n// count\nanalyze(net).params / 1e6 + `${1}`';
    const highlight = await loadHighlighter();
    expect(highlight(code)).toBe(await codeToHtml(code, HIGHLIGHT_OPTIONS));
  });
});
