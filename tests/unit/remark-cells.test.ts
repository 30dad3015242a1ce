import { describe, expect, test } from 'vitest';
import { isCellFence, replaceCellFences } from '../../src/lib/remark-cells.mjs';

const fence = (lang: string | null, meta: string | null, value: string) => ({ type: 'code', lang, meta, value });

describe('```js cell fences become <Cell> elements', () => {
  test('only js/javascript fences marked "cell" are cells', () => {
    expect(isCellFence(fence('js', 'cell', ''))).toBe(true);
    expect(isCellFence(fence('javascript', 'title="x" cell', ''))).toBe(true);
    expect(isCellFence(fence('js', null, ''))).toBe(false);
    expect(isCellFence(fence('js', 'cellular', ''))).toBe(false);
    expect(isCellFence(fence('ts', 'cell', ''))).toBe(false);
  });

  test('the code keeps its indentation byte for byte, also inside nested containers', () => {
    const code = 'const a = {\n  b: [\n    1,\n  ],\n};\na';
    const tree = {
      type: 'root',
      children: [
        { type: 'paragraph', children: [{ type: 'text', value: 'hi' }] },
        fence('js', 'cell', code),
        { type: 'blockquote', children: [fence('js', 'cell', 'x')] },
        fence('js', null, 'not a cell'),
      ],
    };
    expect(replaceCellFences(tree)).toBe(2);
    expect(tree.children[1]).toMatchObject({
      type: 'mdxJsxFlowElement',
      name: 'Cell',
      attributes: [{ type: 'mdxJsxAttribute', name: 'code', value: code }],
    });
    expect((tree.children[2] as { children: unknown[] }).children[0]).toMatchObject({ name: 'Cell' });
    expect(tree.children[3]).toMatchObject({ type: 'code', value: 'not a cell' });
  });
});
