/**
 * The geometry of a contour plot of a (partly computed) loss grid, with no DOM: filled contour bands of log10 loss
 * (d3-contour, marching squares) over the rows computed so far, the cells of the row being computed, and the map
 * from grid units to the plot's pixels. chart.ts draws it; the unit tests check it in Node.
 *
 * Why only complete rows are contoured: d3-contour reads a missing value (NaN) as lower than every level, so a grid
 * with holes would show each hole as a deep basin. The worker computes row by row (β outer, α inner), so the
 * complete rows are always a rectangle at the bottom of the plot, and the row in progress is drawn as cells.
 */
import { contours, scaleSequential, interpolateViridis, type ContourMultiPolygon } from 'd3';
import { completeRows, levels, type Panel } from './series';

export interface PlotBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Where grid point (col, row) sits: column 0 at the left, row 0 (the lowest β) at the bottom, each cell square-ish. */
export function gridToPixels(panel: Pick<Panel, 'alphas' | 'betas'>, box: PlotBox) {
  const nx = panel.alphas.length;
  const ny = panel.betas.length;
  const cw = (box.right - box.left) / nx;
  const ch = (box.bottom - box.top) / ny;
  return {
    cellWidth: cw,
    cellHeight: ch,
    /** Grid units (0…nx, 0…ny, value i at i + 0.5, as d3-contour places them) to pixels. */
    x: (gx: number) => box.left + gx * cw,
    y: (gy: number) => box.bottom - gy * ch,
    /** The α and β axes' domains: half a cell beyond the first and last grid point, so each cell is centred. */
    alphaDomain: [panel.alphas[0]! - (panel.alphas[1]! - panel.alphas[0]!) / 2, panel.alphas[nx - 1]! + (panel.alphas[nx - 1]! - panel.alphas[nx - 2]!) / 2] as [number, number],
    betaDomain: [panel.betas[0]! - (panel.betas[1]! - panel.betas[0]!) / 2, panel.betas[ny - 1]! + (panel.betas[ny - 1]! - panel.betas[ny - 2]!) / 2] as [number, number],
  };
}

/** The colour of a log10 loss on the shared domain (viridis: ordered in lightness, readable in both themes). */
export const colourScale = (domain: readonly [number, number]) => scaleSequential(interpolateViridis).domain(domain).clamp(true);

export interface ContourBands {
  /** Rows contoured (0 or 1: none, too few for marching squares). */
  rows: number;
  /** Band i covers log10 loss ≥ level i (band 0: the whole contoured area at the domain's low end). */
  bands: { level: number; fill: string; polygon: ContourMultiPolygon }[];
  /**
   * Computed points drawn as cells (coloured by their own loss) under the bands: those outside the contoured rows
   * (the row in progress, or a lone first row), and the contoured rectangle's four corners, which marching squares
   * cuts off diagonally from the lowest band (every other notch shows the band below, the right colour). Only these,
   * so a redraw while points stream in stays small.
   */
  cells: { col: number; row: number; logLoss: number; fill: string }[];
}

/**
 * The filled bands of `panel` over `domain` (log10 loss, shared by every panel of a view) with `n` levels: drawn in
 * order, each band on top of the one before, as a painter would. The same domain and levels give the same colour for
 * the same loss in every panel.
 */
export function contourBands(panel: Panel, domain: readonly [number, number], n = 12): ContourBands {
  const colour = colourScale(domain);
  const nx = panel.alphas.length;
  const rows = completeRows(panel);
  const step = (domain[1] - domain[0]) / (n + 1);
  const thresholds = [domain[0] - 1, ...levels(domain, n)];
  const bands: ContourBands['bands'] = [];
  if (rows >= 2) {
    const values = panel.loss.slice(0, rows).flatMap((row) => row.map((v) => Math.log10(v!)));
    const polygons = contours().size([nx, rows]).thresholds(thresholds)(values);
    polygons.forEach((polygon, i) => {
      const level = thresholds[i]!;
      // A band's colour is its middle: from this level to the next (the lowest band: the domain's first step).
      const mid = i === 0 ? domain[0] + step / 2 : level + step / 2;
      if (polygon.coordinates.length) bands.push({ level: i === 0 ? domain[0] : level, fill: colour(mid), polygon });
    });
  }
  const cells: ContourBands['cells'] = [];
  const contoured = rows >= 2 ? rows : 0;
  const corner = (r: number, col: number) => r < contoured && (r === 0 || r === contoured - 1) && (col === 0 || col === nx - 1);
  panel.loss.forEach((row, r) => {
    row.forEach((v, col) => {
      if (v !== null && (r >= contoured || corner(r, col))) cells.push({ col, row: r, logLoss: Math.log10(v), fill: colour(Math.log10(v)) });
    });
  });
  return { rows: contoured, bands, cells };
}

/** An SVG path for a contour polygon in grid units, mapped to pixels (rounded to 0.1 px). */
export function polygonPath(polygon: ContourMultiPolygon, px: { x: (g: number) => number; y: (g: number) => number }): string {
  const r = (v: number) => Math.round(v * 10) / 10;
  return polygon.coordinates.map((rings) => rings.map((ring) => `M${ring.map(([gx, gy]) => `${r(px.x(gx!))},${r(px.y(gy!))}`).join('L')}Z`).join('')).join('');
}
