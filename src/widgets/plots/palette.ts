/**
 * The site's plot colours, in one place.
 *
 * - `CATEGORY`: Tableau 10, for a handful of categories (depths, nets) that must stay apart in light and dark mode
 *   and for the common colour-vision deficiencies. Literal hex values, because a chart exported as PNG is drawn
 *   from a serialised SVG with no page stylesheet to resolve a CSS variable.
 * - `ROLE`: the colours that carry the same meaning on every page (plain nets orange, residual nets accent, the
 *   residual F(x) green), as CSS custom properties defined for light and dark mode in palette.css, which every
 *   widget that uses them imports.
 */

/** Tableau 10 (Tableau's default categorical palette since 2016), in its order. */
export const CATEGORY = {
  blue: '#4e79a7',
  orange: '#f28e2b',
  red: '#e15759',
  teal: '#76b7b2',
  green: '#59a14f',
  yellow: '#edc948',
  purple: '#b07aa1',
  pink: '#ff9da7',
  brown: '#9c755f',
  gray: '#bab0ac',
} as const;

/** Colours by meaning; each is a CSS value (`var(--plot-…)`, see palette.css) that follows the theme. */
export const ROLE = {
  /** A plain (shortcut-free) net; also compute (multiply-adds) in the explorer. */
  plain: 'var(--plot-orange)',
  /** A residual net; also parameters in the explorer. */
  residual: 'var(--plot-accent)',
  /** The residual function F(x) = H(x) − x. */
  residualFunction: 'var(--plot-green)',
  /** A target or reference drawn behind the data. */
  target: 'var(--sl-color-gray-3)',
} as const;

/** One colour per CIFAR depth in the degradation plots: the same depth has the same colour in every panel. */
const DEPTH_COLORS: Record<number, string> = {
  8: CATEGORY.blue,
  14: CATEGORY.brown,
  20: CATEGORY.orange,
  32: CATEGORY.red,
  44: CATEGORY.teal,
  56: CATEGORY.green,
};

/** A depth's colour; depths without their own (e.g. 110) share purple. */
export const depthColor = (depth: number): string => DEPTH_COLORS[depth] ?? CATEGORY.purple;

/** ResNet against ResNeXt in the committed-runs chart. */
export const FAMILY_COLORS = { resnet: CATEGORY.blue, resnext: CATEGORY.red } as const;
