// @ts-check
/**
 * Lessons write runnable cells as fenced code blocks:
 *
 *   ```js cell
 *   const net = resnet50();
 *   analyze(net).params
 *   ```
 *
 * This remark plugin turns each such block into <Cell code="…" /> before MDX compiles the page. A fence keeps the
 * code byte for byte; a template literal in a JSX attribute does not (MDX strips part of each line's indentation).
 * The lesson route provides the `Cell` component, so lessons need no import.
 */

/**
 * The few mdast fields this plugin reads or writes.
 * @typedef {{ type: string, lang?: string | null, meta?: string | null, value?: string, children?: MdNode[], [key: string]: unknown }} MdNode
 */

/**
 * True for ```js cell / ```javascript cell fences.
 * @param {MdNode} node
 */
export function isCellFence(node) {
  return node.type === 'code' && (node.lang === 'js' || node.lang === 'javascript') && /(^|\s)cell(\s|$)/.test(node.meta ?? '');
}

/**
 * Replace cell fences in an mdast tree, in place. Returns how many it replaced.
 * @param {MdNode} tree
 */
export function replaceCellFences(tree) {
  let count = 0;
  /** @param {MdNode} node */
  const walk = (node) => {
    if (!node.children) return;
    node.children = node.children.map((child) => {
      if (!isCellFence(child)) {
        walk(child);
        return child;
      }
      count++;
      return {
        type: 'mdxJsxFlowElement',
        name: 'Cell',
        attributes: [{ type: 'mdxJsxAttribute', name: 'code', value: child.value }],
        children: [],
        position: child.position,
      };
    });
  };
  walk(tree);
  return count;
}

/** @returns {(tree: any) => void} mdast's Root type is wider than MdNode; the walk only reads the fields above. */
export default function remarkCells() {
  return (tree) => {
    replaceCellFences(tree);
  };
}
