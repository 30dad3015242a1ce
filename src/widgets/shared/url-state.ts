/**
 * A widget's settings in the page's URL, so a link can say "this experiment, with these settings". Pure: strings in,
 * strings out, no DOM (share-link.ts wires it to a widget's controls).
 *
 * Each widget instance owns the query parameters under its key: `?degradation-lab.depths=20,56&degradation-lab.lr=0.1`.
 * A parameter is the widget's when its name is `key.field` with no further dot in `field`, so the keys `lab` and
 * `lab.a` never claim each other's parameters. Everything else in the URL (other widgets' settings, `?backend=`, the
 * hash) is left exactly as it was.
 *
 * Reading never throws: a value that is not of its field's kind, out of range, or not one of its allowed values, and a
 * parameter naming no field (a stale link from an older page), is skipped and reported with the reason, so the widget
 * can say what it ignored.
 *
 * Reasons and descriptions are worded in English unless a caller passes another language's table (`t`).
 */
import { strings, type SharedWords } from './strings';

const EN = strings.en;

/** A whole number, optionally bounded (inclusive) or one of a few (the depths a lab offers). */
export interface IntField {
  kind: 'int';
  min?: number;
  max?: number;
  values?: readonly number[];
}
/** A finite number, optionally bounded (inclusive). */
export interface NumberField {
  kind: 'number';
  min?: number;
  max?: number;
}
/** One of a fixed set of strings. */
export interface EnumField {
  kind: 'enum';
  values: readonly string[];
}
/** On or off: written `true`/`false`; `1`/`0`, `yes`/`no` and `on`/`off` are read too. */
export interface BoolField {
  kind: 'bool';
}
/** A comma-separated list of whole numbers or of allowed strings (duplicates dropped, order kept). */
export interface ListField {
  kind: 'list';
  of: IntField | EnumField;
  /** Fewest items a valid list has (default 0: an empty list is a setting too, e.g. no depth ticked). */
  minItems?: number;
}
export type Field = IntField | NumberField | EnumField | BoolField | ListField;
/** A widget's settings: field name (no dots, no commas) → what its values may be. */
export type Schema = Record<string, Field>;

export type FieldValue<F extends Field> = F extends IntField | NumberField
  ? number
  : F extends EnumField
    ? string
    : F extends BoolField
      ? boolean
      : F extends ListField
        ? F['of'] extends IntField
          ? number[]
          : string[]
        : never;
/** Settings as read from a URL: only the fields the URL gave a valid value for. */
export type Settings<S extends Schema> = { -readonly [K in keyof S]?: FieldValue<S[K]> };
export type AnyValue = number | string | boolean | number[] | string[];

/** A parameter that was not applied, and why, in words a reader understands: `lr=abc (not a number)`. */
export interface Rejected {
  field: string;
  raw: string;
  reason: string;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);
const INT = /^[+-]?\d+$/;

function range(f: IntField | NumberField, t: SharedWords): string {
  if (f.min !== undefined && f.max !== undefined) return t.notBetween(f.min, f.max);
  if (f.min !== undefined) return t.lessThan(f.min);
  return t.moreThan(f.max!);
}

function outOfRange(f: IntField | NumberField, n: number): boolean {
  return (f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max);
}

function oneOf(values: readonly string[], t: SharedWords): string {
  return values.length <= 6 ? t.notOneOf(values.join(', ')) : t.notOneOfChoices;
}

type Parsed = { ok: true; value: AnyValue } | { ok: false; reason: string };

function parseScalar(f: IntField | NumberField | EnumField | BoolField, raw: string, t: SharedWords): Parsed {
  const text = raw.trim();
  switch (f.kind) {
    case 'int': {
      if (!INT.test(text)) return { ok: false, reason: t.notWholeNumber };
      const n = Number(text);
      if (f.values && !f.values.includes(n)) return { ok: false, reason: oneOf(f.values.map(String), t) };
      return outOfRange(f, n) ? { ok: false, reason: range(f, t) } : { ok: true, value: n };
    }
    case 'number': {
      const n = text === '' ? NaN : Number(text);
      if (!Number.isFinite(n)) return { ok: false, reason: t.notNumber };
      return outOfRange(f, n) ? { ok: false, reason: range(f, t) } : { ok: true, value: n };
    }
    case 'enum':
      return f.values.includes(text) ? { ok: true, value: text } : { ok: false, reason: oneOf(f.values, t) };
    case 'bool': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return { ok: true, value: true };
      if (FALSE.has(lower)) return { ok: true, value: false };
      return { ok: false, reason: t.notTrueOrFalse };
    }
  }
}

/** One field's value from its URL text, or why it cannot be used. */
export function parseField(f: Field, raw: string, t: SharedWords = EN): Parsed {
  if (f.kind !== 'list') return parseScalar(f, raw, t);
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const values: (number | string)[] = [];
  for (const item of items) {
    const p = parseScalar(f.of, item, t);
    if (!p.ok) return { ok: false, reason: t.itemIs(item, p.reason) };
    if (!values.includes(p.value as number | string)) values.push(p.value as number | string);
  }
  if (values.length < (f.minItems ?? 0)) return { ok: false, reason: values.length ? t.fewerItems(f.minItems ?? 0) : t.empty };
  return { ok: true, value: values as number[] | string[] };
}

/** A value as URL text (the inverse of parseField for every valid value). */
export function formatField(f: Field, value: AnyValue): string {
  if (f.kind === 'list') return (value as (number | string)[]).join(',');
  if (f.kind === 'bool') return value ? 'true' : 'false';
  return String(value);
}

/** Whether `value` is one that `f` accepts (what a control shows may not be: a half-typed learning rate). */
export function isValid(f: Field, value: AnyValue | undefined): value is AnyValue {
  if (value === undefined) return false;
  const p = parseField(f, formatField(f, value));
  return p.ok;
}

/** The parameter names a widget instance owns: `key.field`. */
export const paramName = (key: string, field: string) => `${key}.${field}`;

/** The field a parameter name is for, if it is under `key` (and not under a longer key such as `key.sub`). */
function fieldOf(name: string, key: string): string | undefined {
  if (!name.startsWith(`${key}.`)) return undefined;
  const field = name.slice(key.length + 1);
  return field && !field.includes('.') ? field : undefined;
}

/** The query's parameters, decoded, in order. `+` is a space, as in a form submission. */
function pairs(search: string): { name: string; value: string; raw: string }[] {
  const query = search.startsWith('?') ? search.slice(1) : search;
  return query
    .split('&')
    .filter((raw) => raw !== '')
    .map((raw) => {
      const at = raw.indexOf('=');
      const decode = (s: string) => {
        try {
          return decodeURIComponent(s.replaceAll('+', ' '));
        } catch {
          return s; // a stray % in someone else's parameter: keep it as it is
        }
      };
      return at < 0 ? { name: decode(raw), value: '', raw } : { name: decode(raw.slice(0, at)), value: decode(raw.slice(at + 1)), raw };
    });
}

/**
 * The settings a URL's query (`location.search`) gives the widget under `key`: each valid value, and each of the
 * widget's parameters that was skipped, with the reason. When a parameter appears twice, the first one counts.
 */
export function readSettings<S extends Schema>(schema: S, search: string, key: string, t: SharedWords = EN): { settings: Settings<S>; rejected: Rejected[] } {
  const settings: Record<string, AnyValue> = {};
  const rejected: Rejected[] = [];
  const seen = new Set<string>();
  for (const { name, value } of pairs(search)) {
    const field = fieldOf(name, key);
    if (field === undefined || seen.has(field)) continue;
    seen.add(field);
    const spec = Object.hasOwn(schema, field) ? schema[field] : undefined;
    if (!spec) {
      rejected.push({ field, raw: value, reason: t.notASetting });
      continue;
    }
    const p = parseField(spec, value, t);
    if (p.ok) settings[field] = p.value;
    else rejected.push({ field, raw: value, reason: p.reason });
  }
  return { settings: settings as Settings<S>, rejected };
}

/** Percent-encodes, but leaves the characters a query may hold as they are, so a link stays readable: `20,56`. */
function encode(s: string): string {
  return encodeURIComponent(s).replace(/%(2C|3A|2F|40)/gi, (m) => decodeURIComponent(m));
}

/**
 * The query with the widget's parameters set to `settings`: a field already in the query keeps its place, a new one
 * goes at the end, in schema order; a field missing from `settings` and any of the widget's parameters that name no
 * field are removed. Every other parameter is kept byte for byte. Returns `?…`, or '' when nothing is left.
 */
export function writeSettings<S extends Schema>(schema: S, search: string, key: string, settings: Settings<S>): string {
  const text = (field: string): string | undefined => {
    const spec = schema[field];
    const value = (settings as Record<string, AnyValue | undefined>)[field];
    return spec && isValid(spec, value) ? formatField(spec, value) : undefined;
  };
  const out: string[] = [];
  const written = new Set<string>();
  for (const p of pairs(search)) {
    const field = fieldOf(p.name, key);
    if (field === undefined) {
      out.push(p.raw);
      continue;
    }
    const value = written.has(field) ? undefined : text(field);
    if (value === undefined) continue;
    out.push(`${encode(paramName(key, field))}=${encode(value)}`);
    written.add(field);
  }
  for (const field of Object.keys(schema)) {
    const value = written.has(field) ? undefined : text(field);
    if (value !== undefined) out.push(`${encode(paramName(key, field))}=${encode(value)}`);
  }
  return out.length ? `?${out.join('&')}` : '';
}

/** What a field accepts, in words, for the authoring guide: `8, 20, 32, 44 or 56`, `a whole number from 1 to 5000`. */
export function describeField(f: Field): string {
  return describeFieldIn(EN, f);
}

/** `describeField` in another language's words: `describeFieldIn(strings[locale], field)`. */
export function describeFieldIn(t: SharedWords, f: Field): string {
  const or = (values: readonly (string | number)[]) => (values.length > 1 ? t.or(values.slice(0, -1).join(t.listSeparator), String(values.at(-1))) : String(values[0]));
  const bounds = (f: IntField | NumberField) =>
    f.min !== undefined && f.max !== undefined ? t.fromTo(f.min, f.max) : f.min !== undefined ? t.atLeast(f.min) : f.max !== undefined ? t.atMost(f.max) : '';
  switch (f.kind) {
    case 'int':
      return f.values ? or(f.values) : t.wholeNumber(bounds(f));
    case 'number':
      return t.aNumber(bounds(f));
    case 'enum':
      return or(f.values);
    case 'bool':
      return t.trueOrFalse;
    case 'list':
      return t.commaSeparated(describeFieldIn(t, f.of));
  }
}

/** `lr=abc (not a number); depths=7 (7 is not one of 8, 20, 32, 44, 56)`: the rejected parameters in a line. */
export function describeRejected(rejected: readonly Rejected[], t: SharedWords = EN): string {
  return rejected.map((r) => t.rejected(r.field, r.raw, r.reason)).join(t.rejectedSeparator);
}
