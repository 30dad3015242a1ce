/**
 * A share-of-the-whole bar: a track the width of 100 % and a filled part for `share` (0…1). Used by the architecture
 * explorer to show each row's part of the network's parameters and multiply-adds.
 *
 * Split in two like every plot here: `shareBarLayout` is the geometry (pure, unit-tested), `renderShareBar` draws it
 * with d3 into a new SVG node and knows nothing else.
 */
import { create, scaleLinear } from 'd3';

export interface ShareBarOptions {
  /** Width of the viewBox. The SVG stretches to its CSS width (preserveAspectRatio="none"), so this is resolution. */
  width?: number;
  height?: number;
  /** Smallest fill for a non-zero share, in viewBox units: a 0.2 % layer still shows a sliver, unlike a 0 % one. */
  minVisible?: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ShareBarLayout {
  width: number;
  height: number;
  track: Rect;
  fill: Rect;
}

export function shareBarLayout(share: number, { width = 100, height = 8, minVisible = 2 }: ShareBarOptions = {}): ShareBarLayout {
  if (!(share >= 0)) throw new Error(`shareBarLayout: share must be a number ≥ 0, got ${JSON.stringify(share)}`);
  const x = scaleLinear().domain([0, 1]).range([0, width]).clamp(true);
  const filled = share > 0 ? Math.max(minVisible, x(share)) : 0;
  return {
    width,
    height,
    track: { x: 0, y: 0, width, height },
    fill: { x: 0, y: 0, width: Math.min(filled, width), height },
  };
}

export interface RenderShareBarOptions extends ShareBarOptions {
  /** CSS colour of the filled part, e.g. 'var(--sl-color-accent)'. */
  color: string;
  /** CSS colour of the track. */
  trackColor?: string;
  className?: string;
}

/** A decorative SVG (aria-hidden): whoever places it states the share in words. */
export function renderShareBar(share: number, { color, trackColor = 'var(--sl-color-gray-6)', className, ...dims }: RenderShareBarOptions): SVGSVGElement {
  const layout = shareBarLayout(share, dims);
  const svg = create('svg')
    .attr('viewBox', `0 0 ${layout.width} ${layout.height}`)
    .attr('preserveAspectRatio', 'none')
    .attr('aria-hidden', 'true')
    .attr('focusable', 'false');
  if (className) svg.attr('class', className);
  for (const [part, rect, fill] of [
    ['track', layout.track, trackColor],
    ['fill', layout.fill, color],
  ] as const) {
    svg
      .append('rect')
      .attr('class', part)
      .attr('x', rect.x)
      .attr('y', rect.y)
      .attr('width', rect.width)
      .attr('height', rect.height)
      // A style, not the fill attribute: presentation attributes do not resolve var(--…) everywhere.
      .style('fill', fill);
  }
  return svg.node()!;
}
