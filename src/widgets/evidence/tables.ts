/**
 * The evidence lesson's tables: the landscape summaries per net and direction seed, and the post- vs pre-activation
 * runs per training seed, each as formatted cells for the page and raw values for the CSV. Pure.
 */
import { csvText, type CsvCell } from '../plots/csv';
import { formatPercent } from '../../lib/format';
import { type LandscapeRow, netName } from './claims';
import type { PreactComparison } from './run-claims';

export interface EvidenceTableData {
  id: string;
  caption: string;
  header: string[];
  /** Formatted cells; the first names the row. */
  rows: string[][];
  csv: string;
}

export function landscapeTable(rows: readonly LandscapeRow[]): EvidenceTableData {
  const header = ['net', 'grid', 'direction seed', 'centre loss', 'bends-down fraction', 'points below chance loss', 'of which bend down', 'local minima', 'corner ÷ centre loss'];
  const raw: CsvCell[][] = rows.map((r) => [r.net, `${r.grid}×${r.grid}`, r.seed, r.centreLoss, r.bendsDownFraction, r.below.points, r.below.bendsDown, r.localMinima, r.cornerToCentre]);
  return {
    id: 'landscapes',
    caption: 'Each committed 2-D slice (span ±1 along both directions), summarised: the training loss at the trained weights, the share of interior grid points where the slice bends down (a second difference along α, β or a diagonal below zero beyond rounding), the interior points below chance loss (ln 10) and how many of them bend down, its local minima, and how far the loss rises at the four corners',
    header,
    rows: rows.map((r) => [netName(r.net), `${r.grid}×${r.grid}`, String(r.seed), r.centreLoss.toFixed(4), formatPercent(r.bendsDownFraction, 0), String(r.below.points), String(r.below.bendsDown), String(r.localMinima), r.cornerToCentre.toFixed(0)]),
    csv: csvText(header, raw),
  };
}

export function preactTable(c: PreactComparison): EvidenceTableData {
  const header = ['training seed', 'post-activation training error', 'pre-activation training error', 'post-activation test error', 'pre-activation test error', 'test images'];
  const raw: CsvCell[][] = c.seeds.map((s) => [s.seed, s.post.train, s.pre.train, s.post.test, s.pre.test, s.post.testExamples]);
  return {
    id: 'preact',
    caption: `Residual ${c.depth}-layer nets, original (post-activation) and full pre-activation blocks, same schedule (${c.steps} steps), paired by training seed: the final training error (smoothed over the last minibatches) and the test error at the last step`,
    header,
    rows: c.seeds.map((s) => [String(s.seed), formatPercent(s.post.train), formatPercent(s.pre.train), formatPercent(s.post.test), formatPercent(s.pre.test), String(s.post.testExamples)]),
    csv: csvText(header, raw),
  };
}
