/**
 * Decides how a cell shows a value and formats it as plain data (strings, rows, numbers); the custom element turns
 * that into DOM. No DOM and no tfjs here: tensors and nodes are recognised by shape, so this runs in Node tests.
 */
import { strings, type CellWords } from './strings';

/** The part of a tfjs Tensor we read. `data()` is async on purpose: `dataSync` would stall WebGL/WebGPU. */
export interface TensorLike {
  shape: number[];
  dtype: string;
  size: number;
  isDisposed: boolean;
  data(): Promise<ArrayLike<number> | string[]>;
}

export interface TableCell {
  text: string;
  numeric: boolean;
}

export interface Table {
  columns: string[];
  rows: TableCell[][];
  /** Rows left out to keep the page light. */
  omittedRows: number;
}

export type OutputPlan =
  | { kind: 'none' }
  | { kind: 'node' }
  | { kind: 'tensor'; tensor: TensorLike }
  | { kind: 'table'; table: Table }
  | { kind: 'text'; text: string };

function isTensorLike(v: unknown): v is TensorLike {
  const t = v as Partial<TensorLike> & { dataId?: unknown };
  return (
    typeof v === 'object' && v !== null && Array.isArray(t.shape) && typeof t.dtype === 'string' && typeof t.data === 'function' && 'dataId' in t
  );
}

/** A DOM or SVG node (a d3 selection's `.node()`, a detached <svg>): appended as it is. */
function isDomNode(v: unknown): v is { nodeType: number; nodeName: string } {
  const n = v as { nodeType?: unknown; nodeName?: unknown; cloneNode?: unknown };
  return typeof v === 'object' && v !== null && typeof n.nodeType === 'number' && typeof n.nodeName === 'string' && typeof n.cloneNode === 'function';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** How the output area should show a cell's value. `undefined` shows nothing, as in a REPL. */
export function planOutput(value: unknown): OutputPlan {
  if (value === undefined) return { kind: 'none' };
  if (isDomNode(value)) return { kind: 'node' };
  if (isTensorLike(value)) return { kind: 'tensor', tensor: value };
  const table = tableFrom(value);
  if (table) return { kind: 'table', table };
  return { kind: 'text', text: inspect(value) };
}

/** 4 significant digits, no trailing zeros; integers as they are; exponents only when very small or large. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) return n.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(n.toPrecision(4)));
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

/** Table numbers: thousands grouped (parameter counts are long), fractions to 4 significant digits. */
function tableNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e15 ? grouped.format(n) : formatNumber(n);
}

/**
 * An array of plain objects as a table: one column per key, in first-seen order. Null for anything else
 * (including an empty array or one mixing objects with other values), which is then pretty-printed.
 */
export function tableFrom(value: unknown, maxRows = 200): Table | null {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isPlainObject)) return null;
  const rowsIn = value as Record<string, unknown>[];
  const columns = [...new Set(rowsIn.flatMap((r) => Object.keys(r)))];
  if (columns.length === 0) return null;
  const rows = rowsIn.slice(0, maxRows).map((r) =>
    columns.map((c): TableCell => {
      const v = r[c];
      if (typeof v === 'number') return { text: tableNumber(v), numeric: true };
      if (typeof v === 'bigint') return { text: grouped.format(v), numeric: true };
      if (v === undefined) return { text: '', numeric: false };
      if (typeof v === 'string') return { text: v, numeric: false };
      return { text: inspect(v, { width: 40, depth: 1 }), numeric: false };
    }),
  );
  return { columns, rows, omittedRows: Math.max(0, rowsIn.length - maxRows) };
}

export interface TensorSummary {
  /** "float32 [2, 3] · 6 values" */
  heading: string;
  /** min, max, mean (numeric dtypes only), and how many NaNs when there are some. */
  stats: { label: string; value: string }[];
  /** The first values in row-major order, formatted. */
  first: string[];
  /** How many values `first` leaves out. */
  more: number;
}

/** Summary of a tensor's values, read beforehand with `await t.data()`. */
export function summarizeTensor(
  values: ArrayLike<number> | readonly string[],
  shape: readonly number[],
  dtype: string,
  firstN = 8,
  t: CellWords = strings.en,
): TensorSummary {
  const size = values.length;
  const heading = `${dtype} [${shape.join(', ')}] · ${t.values(size)}`;
  const firstValues = Array.from({ length: Math.min(firstN, size) }, (_, i) => values[i]);
  const first = firstValues.map((v) => (typeof v === 'string' ? JSON.stringify(v) : formatNumber(v as number)));
  const stats: TensorSummary['stats'] = [];
  if (dtype !== 'string' && dtype !== 'complex64' && size > 0) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let finite = 0;
    let nan = 0;
    for (let i = 0; i < size; i++) {
      const v = values[i] as number;
      if (Number.isNaN(v)) {
        nan++;
        continue;
      }
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      finite++;
    }
    if (finite > 0) {
      stats.push({ label: t.min, value: formatNumber(min) }, { label: t.max, value: formatNumber(max) }, { label: t.mean, value: formatNumber(sum / finite) });
    }
    if (nan > 0) stats.push({ label: 'NaN', value: String(nan) });
  }
  return { heading, stats, first, more: size - first.length };
}

export interface InspectOptions {
  /** Nesting shown before objects collapse to `[Object]`. */
  depth?: number;
  /** Items per array, map, set or object before "… n more". */
  maxItems?: number;
  /** Line width under which a collection stays on one line. */
  width?: number;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** A readable, JavaScript-like rendering of any value, as a console would print it, safe on cycles. */
export function inspect(value: unknown, { depth = 3, maxItems = 50, width = 72 }: InspectOptions = {}): string {
  const seen = new Set<object>();

  const layout = (open: string, items: string[], close: string, indent: string): string => {
    if (items.length === 0) return `${open.trimEnd()}${close.trimStart()}`;
    const oneLine = `${open}${items.join(', ')}${close}`;
    if (oneLine.length + indent.length <= width && !oneLine.includes('\n')) return oneLine;
    const inner = `${indent}  `;
    return `${open.trimEnd()}\n${items.map((i) => `${inner}${i}`).join(',\n')}\n${indent}${close.trimStart()}`;
  };

  const capped = <T>(all: T[], show: (t: T) => string): string[] => {
    const out = all.slice(0, maxItems).map(show);
    if (all.length > maxItems) out.push(`… ${all.length - maxItems} more`);
    return out;
  };

  const go = (v: unknown, level: number, indent: string): string => {
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'number':
        return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint':
        return `${v}n`;
      case 'undefined':
      case 'boolean':
        return String(v);
      case 'symbol':
        return v.toString();
      case 'function':
        return functionLabel(v);
    }
    if (v === null) return 'null';
    const obj = v as object;
    if (isTensorLike(obj)) return `Tensor ${obj.dtype} [${obj.shape.join(', ')}]${obj.isDisposed ? ' (disposed)' : ''}`;
    if (isDomNode(obj)) return `<${obj.nodeName.toLowerCase()}>`;
    if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
    if (obj instanceof RegExp) return String(obj);
    if (obj instanceof Error) return `${obj.name}: ${obj.message}`;
    if (obj instanceof Promise) return 'Promise {…}';
    if (seen.has(obj)) return '[Circular]';
    const name = constructorName(obj);
    if (level > depth) return Array.isArray(obj) ? `[Array(${obj.length})]` : `[${name ?? 'Object'}]`;
    seen.add(obj);
    try {
      const next = (x: unknown) => go(x, level + 1, `${indent}  `);
      if (Array.isArray(obj)) return layout('[', capped(obj, next), ']', indent);
      if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
        const arr = Array.from(obj as unknown as ArrayLike<number | bigint>);
        return layout(`${name}(${arr.length}) [`, capped(arr, next), ']', indent);
      }
      if (obj instanceof Map) {
        return layout(`Map(${obj.size}) { `, capped([...obj], ([k, x]) => `${next(k)} => ${next(x)}`), ' }', indent);
      }
      if (obj instanceof Set) return layout(`Set(${obj.size}) { `, capped([...obj], next), ' }', indent);
      const entries = capped(Object.keys(obj), (k) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${next((obj as Record<string, unknown>)[k])}`);
      const prefix = name && name !== 'Object' ? `${name} ` : '';
      return layout(`${prefix}{ `, entries, ' }', indent);
    } finally {
      seen.delete(obj);
    }
  };
  return go(value, 0, '');
}

function constructorName(obj: object): string | null {
  const proto = Object.getPrototypeOf(obj);
  if (proto === null) return null;
  const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name ? ctor.name : null;
}

function functionLabel(f: Function): string {
  const src = Function.prototype.toString.call(f);
  if (/^class\b/.test(src)) return `class ${f.name || '(anonymous)'}`;
  const bare = /^(?:async\s+)?([\w$]+)\s*=>/.exec(src)?.[1]; // `x => …` has no parentheses
  const params = bare ?? /^[^(]*\(([^)]*)\)/.exec(src)?.[1]?.replace(/\s+/g, ' ').trim() ?? '…';
  return `ƒ ${f.name || '(anonymous)'}(${params})`;
}

/** Console arguments joined as the browser console would: strings raw, everything else inspected. */
export function formatConsoleArgs(args: readonly unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
}
