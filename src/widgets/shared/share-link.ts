/**
 * Links to "this experiment, with these settings": a widget's controls filled from the page URL when it connects,
 * written back (history.replaceState: no reload, no history entry per click) whenever the reader changes one, and a
 * "Copy link" button. The URL side is url-state.ts; this file is the DOM side.
 *
 * The shell renders parts/ShareLink.astro (button[data-action="share"], the note saying what a link restored or
 * ignored); the element calls `shareSettings` in connectedCallback, before it first reads its controls:
 *
 *   const share = shareSettings(this, { schema: { steps: { kind: 'int', min: 1, max: 5000 } } }, signal);
 *   // a setting changed without a change event (a preset button): share.save()
 *
 * Each field's control is found by `[name="field"]` inside the widget unless `controls` says otherwise (a selector,
 * or get/set for state that is not a form control). A list field reads and ticks a group of checkboxes; a bool field
 * a checkbox; the others a select, radio group or input. Filling a control fires no event: the element reads its
 * controls itself after this call.
 */
import { wireActions } from './element';
import { type AnyValue, type Rejected, type Schema, type Settings, describeRejected, formatField, isValid, parseField, readSettings, writeSettings } from './url-state';
import { sharedWords, strings } from './strings';

/** A setting that is not a plain form control (a slider over an index, a tree's open rows). */
export interface Control {
  /** The current value, or undefined when the control holds none the schema accepts (a half-typed number). */
  get(): AnyValue | undefined;
  /** Shows `value`; returns false when this page cannot (a choice it does not offer), having changed nothing. */
  set(value: AnyValue): boolean | void;
}

export interface ShareOptions<S extends Schema> {
  schema: S;
  /** Per field: a selector inside the widget (default `[name="field"]`), or a Control. */
  controls?: { [K in keyof S]?: string | Control };
}

export interface SharedSettings<S extends Schema> {
  /** The widget's parameter prefix in the URL. */
  key: string;
  /** What the page's URL set when the widget connected. */
  applied: Settings<S>;
  rejected: Rejected[];
  /** Writes the controls' current values into the page URL. */
  save(): void;
}

/**
 * The widget's prefix in the URL: its `data-share-key`, else its id, else its tag name (`degradation-lab`), with
 * `-2`, `-3`… for the second and later widgets of that tag on the page that have neither.
 */
export function shareKey(root: HTMLElement): string {
  if (root.dataset.shareKey) return root.dataset.shareKey;
  if (root.id) return root.id;
  const unnamed = [...document.getElementsByTagName(root.localName)].filter((e) => !e.id && !(e as HTMLElement).dataset.shareKey);
  const n = unnamed.indexOf(root) + 1;
  return n > 1 ? `${root.localName}-${n}` : root.localName;
}

/**
 * A form control (or group of them) as a Control for `field`. Setting a value the page does not offer (a select
 * without that option, a depth with no checkbox) puts the control back as it was and returns false, rather than
 * leave a select with nothing selected.
 */
function formControl(root: HTMLElement, selector: string, field: Schema[string]): Control {
  const raw = rawFormControl(root, selector, field);
  return {
    get: raw.get,
    set: (value) => {
      const before = raw.get();
      raw.set(value);
      if (shows(field, raw.get(), value)) return true;
      if (before !== undefined) raw.set(before);
      return false;
    },
  };
}

function rawFormControl(root: HTMLElement, selector: string, field: Schema[string]): Control {
  const all = () => [...root.querySelectorAll<HTMLInputElement | HTMLSelectElement>(selector)];
  const boxes = () => all().filter((e): e is HTMLInputElement => e instanceof HTMLInputElement && (e.type === 'checkbox' || e.type === 'radio'));
  const parse = (text: string) => {
    const p = parseField(field, text);
    return p.ok ? p.value : undefined;
  };
  if (field.kind === 'list') {
    return {
      get: () => parse(boxes().filter((b) => b.checked).map((b) => b.value).join(',')),
      set: (value) => {
        const wanted = new Set((value as (number | string)[]).map(String));
        for (const b of boxes()) b.checked = wanted.has(b.value);
      },
    };
  }
  if (field.kind === 'bool') {
    const box = () => boxes()[0];
    return { get: () => box()?.checked, set: (value) => void (box() && (box()!.checked = Boolean(value))) };
  }
  const radios = () => boxes().filter((b) => b.type === 'radio');
  return {
    get: () => {
      if (radios().length) return parse(radios().find((r) => r.checked)?.value ?? '');
      const el = all()[0];
      return el ? parse(el.value) : undefined;
    },
    set: (value) => {
      const text = formatField(field, value);
      if (radios().length) for (const r of radios()) r.checked = r.value === text;
      else if (all()[0]) all()[0]!.value = text;
    },
  };
}

/** Whether a control shows `wanted` (a list in any order: checkboxes read back in page order). */
function shows(f: Schema[string], shown: AnyValue | undefined, wanted: AnyValue): boolean {
  if (shown === undefined) return false;
  if (f.kind !== 'list') return formatField(f, shown) === formatField(f, wanted);
  const sorted = (v: AnyValue) => (v as (number | string)[]).map(String).sort().join(',');
  return sorted(shown) === sorted(wanted);
}

/** Fills the widget's controls from the URL, keeps the URL up to date, and wires its Copy link button. Never throws on a bad URL. */
export function shareSettings<S extends Schema>(root: HTMLElement, options: ShareOptions<S>, signal: AbortSignal): SharedSettings<S> {
  const { schema } = options;
  const t = sharedWords();
  const key = shareKey(root);
  const controls = new Map<string, Control>();
  for (const field of Object.keys(schema)) {
    const c = (options.controls as Record<string, string | Control | undefined> | undefined)?.[field];
    controls.set(field, typeof c === 'object' ? c : formControl(root, c ?? `[name="${field}"]`, schema[field]!));
  }

  const { settings, rejected } = readSettings(schema, location.search, key, t);
  const applied: Record<string, AnyValue> = {};
  for (const [field, value] of Object.entries(settings) as [string, AnyValue][]) {
    // The page may not offer every value the schema allows (a select built for other props): say so, don't pretend.
    let shown: boolean | void = false;
    try {
      shown = controls.get(field)!.set(value);
    } catch {
      // A widget's own setter refused it: the link is still only a suggestion, never a broken page.
    }
    if (shown === false) rejected.push({ field, raw: formatField(schema[field]!, value), reason: t.notOfferedHere });
    else applied[field] = value;
  }

  const current = (): Settings<S> => {
    const values: Record<string, AnyValue> = {};
    for (const [field, control] of controls) {
      const value = control.get();
      if (isValid(schema[field]!, value)) values[field] = value;
    }
    return values as Settings<S>;
  };
  // Every setting goes into the URL once the reader changes one (a link then restores them all, even if a later
  // build changes a default); a change elsewhere in the widget (choosing a photo) leaves the URL alone.
  const snapshot = () => writeSettings(schema, '', key, current());
  let last = snapshot();
  const save = () => {
    last = snapshot();
    const search = writeSettings(schema, location.search, key, current());
    if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  };
  root.addEventListener('change', () => snapshot() !== last && save(), { signal });

  const part = root.querySelector<HTMLElement>('[data-role="share-link"]');
  if (part) {
    const note = part.querySelector<HTMLElement>('[data-role="share-note"]');
    const names = Object.keys(applied);
    const lines = [
      names.length ? t.restored(names.join(t.listSeparator)) : '',
      rejected.length ? t.ignored(describeRejected(rejected, t)) : '',
    ].filter(Boolean);
    if (note) {
      note.textContent = lines.join(t === strings.en ? ' ' : '');
      note.dataset.restored = String(names.length);
      note.dataset.ignored = String(rejected.length);
    }
    part.hidden = false;
    wireActions(root, { share: () => void copyLink(part, save) }, signal);
  }
  root.dataset.urlKey = key; // for tests and styles; not data-share-key, which would rename the widgets after it
  return { key, applied: applied as Settings<S>, rejected, save };
}

/** Saves the settings into the URL and copies it; where the clipboard is refused, shows the link selected to copy by hand. */
async function copyLink(part: HTMLElement, save: () => void): Promise<void> {
  save();
  const href = location.href;
  const status = part.querySelector<HTMLElement>('[data-role="share-status"]');
  const field = part.querySelector<HTMLInputElement>('[data-role="share-url"]');
  try {
    if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
    await navigator.clipboard.writeText(href);
    if (field) field.hidden = true;
    if (status) status.textContent = sharedWords().linkCopied;
    part.dataset.copied = 'clipboard';
  } catch {
    // Insecure pages and some browsers have no clipboard API, or refuse it: the reader copies the selected text.
    if (field) {
      field.value = href;
      field.hidden = false;
      field.focus();
      field.select();
    }
    if (status) status.textContent = sharedWords().copyByHand;
    part.dataset.copied = 'manual';
  }
}
