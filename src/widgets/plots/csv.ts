/**
 * The one CSV writer of the site, for every table a widget or a lesson offers as a download. Quoting is d3-dsv's
 * `csvFormatRows` (RFC 4180: a field with a comma, a double quote or a line break is quoted, quotes doubled), so a
 * layer description like "7×7 conv, 64, stride 2" stays one column in every spreadsheet.
 *
 * Records end with CRLF, as RFC 4180 (§2.1) asks, so every spreadsheet reads them alike; a line break inside a
 * quoted field is kept as written. The file ends with one, so `cat`-ing two downloads does not glue lines together.
 */
import { csvFormatRow } from 'd3';

/** A cell as widgets hold it: missing values (undefined, null) become empty fields; numbers print in full. */
export type CsvCell = string | number | boolean | null | undefined;

const field = (v: CsvCell): string => (v === undefined || v === null ? '' : String(v));

/** A header line and one line per row. Every row should have the header's length; short rows are not padded. */
export function csvText(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  return [[...header], ...[...rows].map((r) => r.map(field))].map((r) => `${csvFormatRow(r)}\r\n`).join('');
}
