/**
 * The evidence lesson's tables: the landscape summaries per net and direction seed, and the post- vs pre-activation
 * runs per training seed, each as formatted cells for the page and raw values for the CSV. Pure.
 */
import { csvText, type CsvCell } from '../plots/csv';
import { formatPercent } from '../../lib/format';
import type { Locale } from '../../i18n/locales';
import { type LandscapeRow, netName } from './claims';
import type { PreactComparison } from './run-claims';
import { strings } from './strings';

export interface EvidenceTableData {
  id: string;
  caption: string;
  /** Column headings in the page's language. */
  header: string[];
  /** Formatted cells; the first names the row. */
  rows: string[][];
  /** The CSV, with English column names in every language (a data file, read by code). */
  csv: string;
}

const landscapeColumns = (t: (typeof strings)['en']) => [t.colNet, t.colGrid, t.colDirectionSeed, t.colCentreLoss, t.colBendsDown, t.colBelowChance, t.colOfWhichBendDown, t.colLocalMinima, t.colCornerRatio];
const preactColumns = (t: (typeof strings)['en']) => [t.colTrainingSeed, t.colPostTrain, t.colPreTrain, t.colPostTest, t.colPreTest, t.colTestImages];

export function landscapeTable(rows: readonly LandscapeRow[], locale: Locale = 'en'): EvidenceTableData {
  const t = strings[locale];
  const raw: CsvCell[][] = rows.map((r) => [r.net, `${r.grid}×${r.grid}`, r.seed, r.centreLoss, r.bendsDownFraction, r.below.points, r.below.bendsDown, r.localMinima, r.cornerToCentre]);
  return {
    id: 'landscapes',
    caption: t.landscapeCaption,
    header: landscapeColumns(t),
    rows: rows.map((r) => [netName(r.net), `${r.grid}×${r.grid}`, String(r.seed), r.centreLoss.toFixed(4), formatPercent(r.bendsDownFraction, 0), String(r.below.points), String(r.below.bendsDown), String(r.localMinima), r.cornerToCentre.toFixed(0)]),
    csv: csvText(landscapeColumns(strings.en), raw),
  };
}

export function preactTable(c: PreactComparison, locale: Locale = 'en'): EvidenceTableData {
  const t = strings[locale];
  const raw: CsvCell[][] = c.seeds.map((s) => [s.seed, s.post.train, s.pre.train, s.post.test, s.pre.test, s.post.testExamples]);
  return {
    id: 'preact',
    caption: t.preactCaption(c.depth, c.steps),
    header: preactColumns(t),
    rows: c.seeds.map((s) => [String(s.seed), formatPercent(s.post.train), formatPercent(s.pre.train), formatPercent(s.post.test), formatPercent(s.pre.test), String(s.post.testExamples)]),
    csv: csvText(preactColumns(strings.en), raw),
  };
}
