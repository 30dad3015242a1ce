/**
 * The architecture explorer's pure core. A `NetworkReport` (computed at build time) becomes a tree of rows — stem,
 * stages, blocks, layers, head — and the explorer's state (which rows are open, which row has focus) changes only
 * through `reduce`, which implements the WAI-ARIA tree keyboard pattern. Also: the CSV/table records. No DOM here, and only types from src/model, so the browser bundle stays free of builders and tfjs.
 */
import type { LayerReport, NetworkReport, Shape } from '../../model/analyze';
import { formatCount, formatExact, formatShape, formatShare } from '../../lib/format';
import { csvText } from '../plots/csv';
import { type ExplorerWords, strings } from './strings';

export type RowKind = 'stem' | 'stage' | 'block' | 'layer' | 'head';

export interface Row {
  /** Unique, stable, and the `data-row` hook: 'stem', 'conv1', 'layer2', 'layer2.0', 'layer2.0.conv1', 'head', 'fc'. */
  id: string;
  kind: RowKind;
  /** 1 for stem, stages and head; +1 per nesting (aria-level). */
  level: number;
  /** The name shown: 'conv3_x' for a stage, 'layer2.0' for a block, 'conv1' or 'downsample.0' for a layer. */
  label: string;
  /** A second name shown quietly beside the label, e.g. 'layer2 · C3' for a stage; may be empty. */
  alias: string;
  description: string;
  outputShape: Shape;
  params: number;
  macs: number;
  /** The layer belongs to a projection shortcut, not to the main path. */
  shortcut: boolean;
  parent: string | null;
  children: string[];
  /** 1-based position among its siblings and their number (aria-posinset, aria-setsize). */
  posInSet: number;
  setSize: number;
}

export interface RowTree {
  /** The network's code name, e.g. 'resnet50'. */
  name: string;
  /** Every row, depth-first: the order rows appear in when everything is open. */
  rows: Row[];
  byId: ReadonlyMap<string, Row>;
  /** Whole-network totals, the denominators of every row's share. */
  total: { params: number; macs: number };
}

/** "ResNet-50", "ResNeXt-50 (32×4d)", "ResNet-20", "Plain-20", "Pre-act ResNet-56" from builder names; anything else unchanged. */
export function displayName(name: string): string {
  const m = /^(pre)?(resnet|resnext|plain)(\d+)(?:_(\d+)x(\d+)d)?$/.exec(name);
  if (!m) return name;
  const family = { resnet: 'ResNet', resnext: 'ResNeXt', plain: 'Plain' }[m[2] as 'resnet' | 'resnext' | 'plain'];
  return `${m[1] ? 'Pre-act ' : ''}${family}-${m[3]}${m[4] ? ` (${m[4]}×${m[5]}d)` : ''}`;
}

/** Projection layers are named `<block>.downsample.<i>` (torchvision's names, which the weight files use too). */
const isShortcutLayer = (blockName: string, layer: LayerReport) => layer.name.startsWith(`${blockName}.downsample.`);

/** "1×1 conv, 64, stride 2" → "1×1, 64": the compact form of the paper's Table 1. */
const convBrief = (l: LayerReport) => l.description.replace(' conv', '').replace(/, stride \d+/, '');

/** The layers that say what a sequence does: BatchNorm and ReLU follow every conv, so naming them adds nothing. */
const telling = (layers: LayerReport[]) => layers.filter((l) => l.kind !== 'batchnorm' && l.kind !== 'relu');

/** A pre-activation block's shared layers in words: "BN → ReLU before the split". */
const sharedWords = (layers: LayerReport[], t: ExplorerWords) =>
  t.sharedBefore(layers.map((l) => ({ batchnorm: 'BN', relu: 'ReLU' })[l.kind as 'batchnorm' | 'relu'] ?? l.kind).join(' → '));

/** Turn an analysed network into rows, worded in `t`'s language. Pure: the same report always gives the same tree. */
export function buildTree(report: NetworkReport, t: ExplorerWords = strings.en): RowTree {
  const rows: Row[] = [];
  const add = (row: Omit<Row, 'children' | 'posInSet' | 'setSize'>): Row => {
    const full: Row = { ...row, children: [], posInSet: 1, setSize: 1 };
    rows.push(full);
    return full;
  };
  const addLayers = (parent: Row, layers: LayerReport[], prefix: string, shortcutOf?: string) => {
    for (const l of layers) {
      add({
        id: l.name,
        kind: 'layer',
        level: parent.level + 1,
        label: prefix && l.name.startsWith(`${prefix}.`) ? l.name.slice(prefix.length + 1) : l.name,
        alias: '',
        description: t.layer(l.description),
        outputShape: l.outputShape,
        params: l.params,
        macs: l.macs,
        shortcut: shortcutOf !== undefined && isShortcutLayer(shortcutOf, l),
        parent: parent.id,
      });
    }
  };

  const stem = add({
    id: 'stem',
    kind: 'stem',
    level: 1,
    label: t.stem,
    alias: '',
    description: telling(report.stem.layers).map((l) => t.layer(l.description)).join(' → '),
    outputShape: report.stem.outputShape,
    params: report.stem.params,
    macs: report.stem.macs,
    shortcut: false,
    parent: null,
  });
  addLayers(stem, report.stem.layers, '');

  let inputShape = report.stem.outputShape;
  for (const s of report.stages) {
    const first = s.blocks[0];
    const recipe = first ? telling(first.layers.filter((l) => !isShortcutLayer(first.name, l))).map((l) => t.layer(convBrief(l))).join(' → ') : '';
    const stage = add({
      id: s.name,
      kind: 'stage',
      level: 1,
      label: s.paperName ? t.stageName(s.paperName) : s.name,
      alias: [s.paperName ? s.name : '', s.pyramidName].filter(Boolean).join(' · '),
      description: t.stageDescription(s.blocks.length, first?.type ?? '', recipe),
      outputShape: s.outputShape,
      params: s.params,
      macs: s.macs,
      shortcut: false,
      parent: null,
    });
    for (const b of s.blocks) {
      // A block downsamples when its output is spatially smaller than its input; say so, since that is where
      // the shortcut needs a projection (or zero padding).
      const stride = inputShape.length === 3 && b.outputShape.length === 3 ? inputShape[0]! / b.outputShape[0]! : 1;
      const block = add({
        id: b.name,
        kind: 'block',
        level: 2,
        label: b.name,
        alias: '',
        description: t.blockDescription(b.type, b.shortcut, stride, b.shared ? sharedWords(b.layers.slice(0, b.shared), t) : ''),
        outputShape: b.outputShape,
        params: b.params,
        macs: b.macs,
        shortcut: false,
        parent: stage.id,
      });
      addLayers(block, b.layers, b.name, b.name);
      inputShape = b.outputShape;
    }
  }

  const head = add({
    id: 'head',
    kind: 'head',
    level: 1,
    label: t.head,
    alias: '',
    description: telling(report.head.layers).map((l) => t.layer(l.description)).join(' → '),
    outputShape: report.head.outputShape,
    params: report.head.params,
    macs: report.head.macs,
    shortcut: false,
    parent: null,
  });
  addLayers(head, report.head.layers, '');

  const byId = new Map<string, Row>();
  for (const r of rows) {
    if (byId.has(r.id)) throw new Error(`architecture explorer: two rows are named ${JSON.stringify(r.id)}`);
    byId.set(r.id, r);
  }
  const siblings = new Map<string | null, Row[]>();
  for (const r of rows) {
    siblings.set(r.parent, [...(siblings.get(r.parent) ?? []), r]);
    if (r.parent !== null) byId.get(r.parent)!.children.push(r.id);
  }
  for (const group of siblings.values()) {
    group.forEach((r, i) => {
      r.posInSet = i + 1;
      r.setSize = group.length;
    });
  }
  return { name: report.name, rows, byId, total: { params: report.params, macs: report.macs } };
}

/* ------------------------------------------------------------------------------------------------------------ */
/* State: which rows are open, which row holds the roving tabindex.                                              */

export interface TreeState {
  expanded: ReadonlySet<string>;
  /** The one row with tabindex 0; always a visible row. */
  focus: string;
}

export type Action =
  | { type: 'key'; key: string }
  | { type: 'toggle'; id: string }
  | { type: 'focus'; id: string }
  | { type: 'expandAll' }
  | { type: 'collapseAll' };

/** The keys `reduce` understands; the element calls preventDefault on exactly these (arrows must not scroll the page). */
export const TREE_KEYS: ReadonlySet<string> = new Set(['ArrowDown', 'ArrowUp', 'ArrowRight', 'ArrowLeft', 'Home', 'End', 'Enter', ' ', '*']);

function ancestors(tree: RowTree, id: string): string[] {
  const out: string[] = [];
  for (let p = tree.byId.get(id)?.parent ?? null; p !== null; p = tree.byId.get(p)?.parent ?? null) out.push(p);
  return out;
}

/**
 * The open rows a link needs to show the same view (`initialState(tree, openRows(...))` shows what the reader sees):
 * the visible open rows that have no visible open row below them, in tree order. Opening one opens its ancestors.
 */
export function openRows(tree: RowTree, expanded: ReadonlySet<string>): string[] {
  const open = visibleRows(tree, expanded).filter((r) => expanded.has(r.id));
  const parents = new Set(open.map((r) => r.parent));
  return open.filter((r) => !parents.has(r.id)).map((r) => r.id);
}

/** Rows a reader can see: those whose ancestors are all open. */
export function visibleRows(tree: RowTree, expanded: ReadonlySet<string>): Row[] {
  return tree.rows.filter((r) => ancestors(tree, r.id).every((a) => expanded.has(a)));
}

/** Open `open` (and the rows above them, so they can be seen); focus on the first row. Unknown ids throw. */
export function initialState(tree: RowTree, open: readonly string[] = []): TreeState {
  const expanded = new Set<string>();
  for (const id of open) {
    const row = tree.byId.get(id);
    if (!row) throw new Error(`architecture explorer: cannot expand ${JSON.stringify(id)}: ${tree.name} has no such row`);
    if (row.children.length) expanded.add(id);
    for (const a of ancestors(tree, id)) expanded.add(a);
  }
  return { expanded, focus: tree.rows[0]?.id ?? '' };
}

/** The state after `action`; the very same object when nothing changes, so callers can skip a redraw. */
export function reduce(tree: RowTree, state: TreeState, action: Action): TreeState {
  const setFocus = (id: string | undefined): TreeState => (id === undefined || id === state.focus ? state : { ...state, focus: id });
  const setExpanded = (id: string, open: boolean): TreeState => {
    const row = tree.byId.get(id);
    if (!row || !row.children.length || state.expanded.has(id) === open) return state;
    const expanded = new Set(state.expanded);
    if (open) expanded.add(id);
    else expanded.delete(id);
    // Closing a row that hides the focused one hands focus to the row being closed.
    const focus = !open && ancestors(tree, state.focus).includes(id) ? id : state.focus;
    return { expanded, focus };
  };

  switch (action.type) {
    case 'focus':
      return tree.byId.has(action.id) ? setFocus(action.id) : state;
    case 'toggle':
      // A click focuses the row it lands on, then opens or closes it (a leaf just takes focus).
      return tree.byId.has(action.id) ? reduce(tree, setFocus(action.id), { type: 'key', key: 'Enter' }) : state;
    case 'expandAll': {
      const expanded = new Set(tree.rows.filter((r) => r.children.length).map((r) => r.id));
      return expanded.size === state.expanded.size ? state : { ...state, expanded };
    }
    case 'collapseAll': {
      if (!state.expanded.size) return state;
      const top = ancestors(tree, state.focus).at(-1) ?? state.focus;
      return { expanded: new Set(), focus: top };
    }
    case 'key': {
      const visible = visibleRows(tree, state.expanded);
      const i = visible.findIndex((r) => r.id === state.focus);
      const row = visible[i];
      if (!row) return setFocus(visible[0]?.id);
      const open = state.expanded.has(row.id);
      switch (action.key) {
        case 'ArrowDown':
          return setFocus(visible[i + 1]?.id);
        case 'ArrowUp':
          return setFocus(visible[i - 1]?.id);
        case 'Home':
          return setFocus(visible[0]?.id);
        case 'End':
          return setFocus(visible.at(-1)?.id);
        case 'ArrowRight':
          // WAI-ARIA tree: open a closed row; on an open row, step to its first child; on a leaf, do nothing.
          if (!row.children.length) return state;
          return open ? setFocus(row.children[0]) : setExpanded(row.id, true);
        case 'ArrowLeft':
          return open ? setExpanded(row.id, false) : setFocus(row.parent ?? undefined);
        case 'Enter':
        case ' ':
          return setExpanded(row.id, !open);
        case '*': {
          // Open every sibling of the focused row (the pattern's optional key).
          const expanded = new Set(state.expanded);
          for (const r of tree.rows) if (r.parent === row.parent && r.children.length) expanded.add(r.id);
          return expanded.size === state.expanded.size ? state : { ...state, expanded };
        }
        default:
          return state;
      }
    }
  }
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Numbers.                                                                                                      */

/* formatCount, formatExact, formatShape and formatShare live in src/lib/format.ts, shared with the lessons. */

/** What a screen reader announces for a row: everything the columns and bars show, in words. */
export function rowSummary(row: Row, total: RowTree['total'], t: ExplorerWords = strings.en): string {
  // The name starts with the row's visible text in reading order (WCAG 2.5.3, label in name: a speech-input user says
  // what they see), then gives the exact figures the columns round.
  const visible = [row.label, row.alias, row.shortcut && t.shortcutBadge, row.description, formatShape(row.outputShape), formatCount(row.params), formatCount(row.macs)];
  return t.rowSummary(
    visible.filter(Boolean).join(t.listSeparator),
    formatShape(row.outputShape),
    formatExact(row.params),
    formatShare(row.params, total.params),
    formatExact(row.macs),
    formatShare(row.macs, total.macs),
  );
}

/* ------------------------------------------------------------------------------------------------------------ */
/* One record per layer: the table alternative and the CSV.                                                      */

export interface LayerRecord {
  /** 'stem', 'layer1' … 'head'. */
  stage: string;
  /** The paper's name ('conv2_x'), or the stage's code name where there is none. */
  paperStage: string;
  /** 'layer1.0', or '' for stem and head layers. */
  block: string;
  layer: LayerReport;
  shortcut: boolean;
}

export function layerRecords(report: NetworkReport): LayerRecord[] {
  const plain = (stage: string) => (layer: LayerReport) => ({ stage, paperStage: stage, block: '', layer, shortcut: false });
  return [
    ...report.stem.layers.map(plain('stem')),
    ...report.stages.flatMap((s) =>
      s.blocks.flatMap((b) =>
        b.layers.map((layer) => ({
          stage: s.name,
          paperStage: s.paperName || s.name,
          block: b.name,
          layer,
          shortcut: isShortcutLayer(b.name, layer),
        })),
      ),
    ),
    ...report.head.layers.map(plain('head')),
  ];
}

/** Header plus one line per layer. The output shape is split into numeric columns so spreadsheets can sum them. */
export function toCsv(report: NetworkReport): string {
  const header = ['stage', 'paper_stage', 'block', 'layer', 'kind', 'description', 'shortcut', 'out_h', 'out_w', 'out_c', 'params', 'buffers', 'macs'];
  const lines = layerRecords(report).map(({ stage, paperStage, block, layer, shortcut }) => {
    // [h, w, c] for feature maps, [c] after global pooling.
    const [h, w, c] = layer.outputShape.length === 3 ? layer.outputShape : ['', '', layer.outputShape[0] ?? ''];
    return [stage, paperStage, block, layer.name, layer.kind, layer.description, shortcut ? 'yes' : 'no', h, w, c, layer.params, layer.buffers, layer.macs];
  });
  return csvText(header, lines);
}
