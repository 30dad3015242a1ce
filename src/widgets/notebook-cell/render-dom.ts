/**
 * Turns the plans of render-value.ts into DOM for a cell's output area. Tensors render in two steps: a
 * placeholder now (so output keeps its order) and their values once `await t.data()` resolves.
 */
import { formatConsoleArgs, planOutput, summarizeTensor, type Table, type TensorLike } from './render-value';
import type { LogLevel, OutputSink } from './scope';
import { cellWords } from './strings';

const t = cellWords();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function tableNode(table: Table): HTMLElement {
  // A focusable region: wide tables scroll sideways inside the cell, and keyboard users must be able to scroll too.
  const wrap = el('div', 'nb-table-wrap');
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', t.tableRows(table.rows.length + table.omittedRows));
  const tbl = el('table', 'nb-table numbers');
  const headRow = tbl.createTHead().insertRow();
  table.columns.forEach((c, i) => {
    const th = el('th', table.rows.some((r) => r[i]?.numeric) ? 'num' : '', c);
    th.scope = 'col';
    headRow.append(th);
  });
  const body = tbl.createTBody();
  for (const row of table.rows) {
    const tr = body.insertRow();
    for (const cell of row) tr.append(el('td', cell.numeric ? 'num' : '', cell.text));
  }
  if (table.omittedRows > 0) tbl.createCaption().textContent = t.firstRows(table.rows.length, table.omittedRows);
  wrap.append(tbl);
  return wrap;
}

function tensorNode(tensor: TensorLike): { node: HTMLElement; ready: Promise<void> } {
  const node = el('div', 'nb-tensor');
  const head = el('div', 'nb-tensor-head');
  head.append(el('span', 'nb-tag', 'Tensor'), ` ${tensor.dtype} [${tensor.shape.join(', ')}]`);
  node.append(head);
  if (tensor.isDisposed) {
    head.append(t.disposed);
    return { node, ready: Promise.resolve() };
  }
  // Start the read now: the cell may dispose the tensor right after display(t).
  const values = tensor.data();
  const ready = values.then(
    (v) => {
      const s = summarizeTensor(v, tensor.shape, tensor.dtype, undefined, t);
      head.lastChild!.textContent = ` ${s.heading}`;
      if (s.stats.length) {
        const dl = el('dl', 'nb-stats');
        for (const { label, value } of s.stats) {
          const pair = el('div', '');
          pair.append(el('dt', '', label), el('dd', '', value));
          dl.append(pair);
        }
        node.append(dl);
      }
      const more = s.more > 0 ? t.moreValues(s.more) : '';
      node.append(el('div', 'nb-values', `[${s.first.join(', ')}${more}]`));
    },
    (err: unknown) => {
      node.append(el('div', 'nb-values', t.couldNotRead(err instanceof Error ? err.message : String(err))));
    },
  );
  return { node, ready };
}

/** The DOM for any value; `ready` resolves when asynchronous parts (tensor values) are in. */
function renderValue(value: unknown): { node: Node | null; ready: Promise<void> } {
  const plan = planOutput(value);
  switch (plan.kind) {
    case 'none':
      return { node: null, ready: Promise.resolve() };
    case 'node':
      return { node: value as Node, ready: Promise.resolve() };
    case 'tensor':
      return tensorNode(plan.tensor);
    case 'table':
      return { node: tableNode(plan.table), ready: Promise.resolve() };
    case 'text':
      return { node: el('pre', 'nb-value', plan.text), ready: Promise.resolve() };
  }
}

export interface DomSink extends OutputSink {
  error(text: string): void;
  /** Resolves when every tensor shown so far has its values on the page. */
  settled(): Promise<void>;
}

/** A sink writing into `output`; it goes quiet once `alive()` is false (the cell was reset or re-run). */
export function domSink(output: HTMLElement, alive: () => boolean): DomSink {
  const pending: Promise<void>[] = [];
  return {
    log(level: LogLevel, args: unknown[]) {
      if (!alive()) return;
      const line = el('pre', 'nb-log', formatConsoleArgs(args));
      line.dataset.level = level;
      output.append(line);
    },
    display(value: unknown) {
      if (!alive()) return;
      const { node, ready } = renderValue(value);
      if (node) output.append(node);
      pending.push(ready);
    },
    error(text: string) {
      if (alive()) output.append(el('pre', 'nb-error', text));
    },
    settled: () => Promise.all(pending).then(() => undefined),
  };
}
