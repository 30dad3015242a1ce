/**
 * <architecture-explorer>: owns the explorer's DOM. It reads the build-time report from its JSON child, keeps one
 * `TreeState` (changed only through `reduce` from tree.ts), and redraws the visible rows with a d3 join.
 *
 * Rows follow the WAI-ARIA tree pattern with a flat list of treeitems (aria-level/-posinset/-setsize instead of
 * nested groups), which lets one keyed join add and remove a stage's blocks in place.
 */
import { select, type Selection } from 'd3';
import type { NetworkReport } from '../../model/analyze';
import { formatCount, formatExact, formatShape, formatShare } from '../../lib/format';
import { renderShareBar } from '../plots/share-bar';
import { downloadBlob } from '../shared/download';
import { Connection, part, wireActions } from '../shared/element';
import { type SharedSettings, shareSettings } from '../shared/share-link';
import {
  TREE_KEYS,
  buildTree,
  initialState,
  openRows,
  reduce,
  rowSummary,
  toCsv,
  visibleRows,
  type Action,
  type Row,
  type RowTree,
  type TreeState,
} from './tree';
import { type ExplorerWords, strings } from './strings';

const PARAMS_COLOR = 'var(--explorer-params-color)';
const MACS_COLOR = 'var(--explorer-macs-color)';

export class ArchitectureExplorerElement extends HTMLElement {
  /** The page's words (<html lang>). */
  #t = strings.here();
  #report?: NetworkReport;
  #tree?: RowTree;
  #state?: TreeState;
  #treeEl?: HTMLElement;
  #share?: SharedSettings<{ open: { kind: 'list'; of: { kind: 'enum'; values: string[] } } }>;

  #connection = new Connection();

  connectedCallback(): void {
    const first = !this.#tree; // moved in the DOM: keep the state, wire the listeners again
    if (first) {
      this.#report = JSON.parse(part(this, 'script[data-report]').textContent ?? '') as NetworkReport;
      this.#tree = buildTree(this.#report, this.#t);
      this.#state = initialState(this.#tree, (this.dataset.expanded ?? '').split(/\s+/).filter(Boolean));
      this.#treeEl = part(this, '[role="tree"]');
    }
    const treeEl = this.#treeEl!;
    const signal = this.#connection.start();
    // The rows the reader opened, in a link: `?architecture-explorer.open=layer1,layer3.2`.
    const tree = this.#tree!;
    const open = {
      get: () => openRows(tree, this.#state!.expanded),
      set: (ids: unknown) => void (this.#state = { ...initialState(tree, ids as string[]), focus: this.#state!.focus }),
    };
    const expandable = tree.rows.filter((r) => r.children.length).map((r) => r.id);
    this.#share = shareSettings(this, { schema: { open: { kind: 'list', of: { kind: 'enum', values: expandable } } }, controls: { open } }, signal);
    treeEl.addEventListener(
      'keydown',
      (e) => {
        if (e.altKey || e.ctrlKey || e.metaKey || !TREE_KEYS.has(e.key)) return;
        e.preventDefault(); // arrows and Space would scroll the page
        this.#dispatch({ type: 'key', key: e.key }, true);
      },
      { signal },
    );
    treeEl.addEventListener(
      'click',
      (e) => {
        const item = (e.target as Element).closest<HTMLElement>('[role="treeitem"]');
        if (item?.dataset.row) this.#dispatch({ type: 'toggle', id: item.dataset.row }, true);
      },
      { signal },
    );
    // Focus that arrives some other way (Tab, a screen reader's virtual cursor) moves the roving tabindex with it.
    treeEl.addEventListener(
      'focusin',
      (e) => {
        const id = (e.target as HTMLElement).dataset?.row;
        if (id) this.#dispatch({ type: 'focus', id }, false);
      },
      { signal },
    );
    wireActions(
      this,
      {
        'expand-all': () => this.#dispatch({ type: 'expandAll' }, false),
        'collapse-all': () => this.#dispatch({ type: 'collapseAll' }, false),
        'download-csv': () => this.#downloadCsv(),
      },
      signal,
    );
    if (!first) return;
    this.#render();
    this.dataset.ready = '';
  }

  disconnectedCallback(): void {
    this.#connection.end();
  }

  /** Apply an action; redraw only when the state changed; move DOM focus along when the reader is in the tree. */
  #dispatch(action: Action, moveFocus: boolean): void {
    const next = reduce(this.#tree!, this.#state!, action);
    if (next === this.#state) return;
    const opened = next.expanded !== this.#state!.expanded;
    this.#state = next;
    this.#render();
    if (opened) this.#share?.save();
    if (moveFocus) this.#treeEl!.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]')?.focus();
  }

  #render(): void {
    const tree = this.#tree!;
    const t = this.#t;
    const { expanded, focus } = this.#state!;
    select(this.#treeEl!)
      .selectAll<HTMLDivElement, Row>(':scope > [role="treeitem"]')
      .data(visibleRows(tree, expanded), (d) => d.id)
      .join((enter) => enter.append('div').each(function (row) {
        drawRow(select(this), row, tree, t);
      }))
      .attr('tabindex', (d) => (d.id === focus ? 0 : -1))
      .attr('aria-expanded', (d) => (d.children.length ? String(expanded.has(d.id)) : null))
      .order();
  }

  #downloadCsv(): void {
    downloadBlob(toCsv(this.#report!), `${this.#report!.name}-layers.csv`);
  }
}

/**
 * Appends a space and returns the parent. A flex or grid layout ignores it, but the row's text (which axe and speech
 * input compare with the row's name) would otherwise run "conv2_x" and "layer1" together.
 */
function space<E extends Element>(parent: Selection<E, Row, null, undefined>): Selection<E, Row, null, undefined> {
  parent.node()?.append(' ');
  return parent;
}

/** The static part of a row, drawn once when it first appears: name, description, output, two numbers, two bars. */
function drawRow(item: Selection<HTMLDivElement, Row, null, undefined>, row: Row, tree: RowTree, t: ExplorerWords): void {
  item
    .attr('role', 'treeitem')
    .attr('data-row', row.id)
    .attr('data-kind', row.kind)
    .attr('aria-level', row.level)
    .attr('aria-posinset', row.posInSet)
    .attr('aria-setsize', row.setSize)
    .attr('aria-label', rowSummary(row, tree.total, t))
    .classed('is-shortcut', row.shortcut)
    .style('--level', row.level);

  const name = item.append('div').attr('class', 'cell name');
  name.append('span').attr('class', 'chevron').attr('aria-hidden', 'true');
  const text = name.append('span').attr('class', 'name-text');
  const title = text.append('span').attr('class', 'label-line');
  title.append('span').attr('class', 'label').attr('title', row.id).text(row.label);
  if (row.alias) space(title).append('span').attr('class', 'alias').text(row.alias);
  if (row.shortcut) space(title).append('span').attr('class', 'badge').text(t.shortcutBadge);
  space(text);
  const description = text.append('span').attr('class', 'description').text(row.description);
  // Shown instead of the output column on narrow screens (CSS decides).
  description.append('span').attr('class', 'shape-inline').attr('aria-hidden', 'true').text(` · ${formatShape(row.outputShape)}`);

  space(item);
  item.append('div').attr('class', 'cell shape').text(formatShape(row.outputShape));
  for (const [key, value, whole, title, color] of [
    ['params', row.params, tree.total.params, t.paramsTitle, PARAMS_COLOR],
    ['macs', row.macs, tree.total.macs, t.macsTitle, MACS_COLOR],
  ] as const) {
    space(item);
    const cell = item
      .append('div')
      .attr('class', `cell num ${key}`)
      .attr('title', title(formatExact(value), formatShare(value, whole)));
    cell.append('span').attr('class', 'value').text(formatCount(value));
    cell.append(() => renderShareBar(whole ? value / whole : 0, { color, className: 'bar' }));
  }
}

if (!customElements.get('architecture-explorer')) customElements.define('architecture-explorer', ArchitectureExplorerElement);
