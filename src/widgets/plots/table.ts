/**
 * The data-table alternative every plot offers (for screen readers, and to read exact numbers): rows of already
 * formatted cells, with the column that names a row as a row header. The same rows go to the CSV (csv.ts), unformatted.
 */

export interface TableColumn {
  /** Header text (only `renderTable` writes a header row). */
  label?: string;
  /** This column names the row: a <th scope="row">. */
  rowHeader?: boolean;
  /** Right-aligned tabular figures: the cell gets class "num". */
  numeric?: boolean;
}

/** One <tr> per row; `rowData` adds data-* attributes to a row (e.g. { source: 'live' }). */
export function tableBodyRows(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  rowData?: (i: number) => Record<string, string>,
): HTMLTableRowElement[] {
  return rows.map((cells, i) => {
    const tr = document.createElement('tr');
    if (rowData) Object.assign(tr.dataset, rowData(i));
    cells.forEach((text, c) => {
      const col = columns[c] ?? {};
      const cell = document.createElement(col.rowHeader ? 'th' : 'td');
      if (col.rowHeader) cell.setAttribute('scope', 'row');
      if (col.numeric) cell.className = 'num';
      cell.textContent = text;
      tr.append(cell);
    });
    return tr;
  });
}

/** A whole <table>: caption, a header row from the columns' labels, and the body. */
export function renderTable(
  caption: string,
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  rowData?: (i: number) => Record<string, string>,
): HTMLTableElement {
  const table = document.createElement('table');
  table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  for (const col of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = col.label ?? '';
    head.append(th);
  }
  table.createTBody().append(...tableBodyRows(columns, rows, rowData));
  return table;
}
