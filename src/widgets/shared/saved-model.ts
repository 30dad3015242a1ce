/**
 * "Your network": the model the degradation lab saved in this browser (IndexedDB), as other widgets (the lesion
 * study, the loss landscape) offer it beside the shipped reference nets. The lab owns the record and its format
 * (../degradation-lab/store.ts: `loadBest` and its `decodeSnapshot`); this module is the one place where other
 * widgets read it, so the format is checked in one way everywhere. No tfjs here: the page only needs to know whether
 * a model is saved and what it is (`offerSavedModel`); a worker builds it with
 * `modelFromWeights(saved.model.spec, savedWeights(saved.model))`.
 */
import { loadBest } from '../degradation-lab/store';
import type { Snapshot } from '../degradation-lab/lab';
import { sharedWords, strings, type SharedWords } from './strings';

export type SavedModel = Snapshot & { savedAt: string };

/** What the page says about a saved model (plain data: it goes into a data-* attribute and across postMessage). */
export interface SavedModelInfo {
  /** The lab's name for it, e.g. `res-20` or `plain-56`. */
  net: string;
  /** True for a plain net (no shortcuts). */
  plain: boolean;
  step: number;
  validationError: number;
  savedAt: string;
}

export type SavedModelState = { saved: true; model: SavedModel } | { saved: false; reason: string };

/** The path of the lesson whose lab trains and saves the model (under the site's base). */
export const LAB_LESSON_PATH = 'lessons/degradation/';

/**
 * Which data the lab's models are trained on, said once for every widget that offers one. The lab trains on the
 * Fashion-MNIST subset's training images less its fixed validation split, and keeps the step with the lowest
 * validation error (degradation-lab/lab.ts, `LAB_VALIDATION`).
 */
export const SAVED_MODEL_DATA = strings.en.savedModelData;

/** The saved model, or why there is none (no record yet, an older format, a damaged record, no IndexedDB here). */
export async function readSavedModel(idb: IDBFactory | undefined): Promise<SavedModelState> {
  if (!idb) return { saved: false, reason: strings.en.noIndexedDb };
  try {
    return { saved: true, model: await loadBest(idb) };
  } catch (err) {
    return { saved: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

export function savedModelInfo(m: SavedModel): SavedModelInfo {
  return { net: m.net, plain: /^plain-/.test(m.net), step: m.step, validationError: m.validationError, savedAt: m.savedAt };
}

/** The weights by name, as `modelFromWeights` takes them. */
export const savedWeights = (m: SavedModel): Map<string, Float32Array> => new Map(m.weights.map((w) => [w.name, w.values]));

/** "res-20 (step 400, validation error 12.3 %, saved 30 Nov 2026)": how an option or a caption names it. */
export function describeSavedModel(info: SavedModelInfo, t: SharedWords = sharedWords()): string {
  const day = new Date(info.savedAt);
  const dateLocale = t === strings.en ? 'en-GB' : 'zh-CN';
  const when = Number.isNaN(day.getTime()) ? '' : t.savedOn(day.toLocaleDateString(dateLocale, { day: 'numeric', month: 'short', year: 'numeric' }));
  return t.savedModel(info.net, info.step.toLocaleString('en'), (100 * info.validationError).toFixed(1), when);
}

/**
 * Sets a widget's "your network" <option> from what this browser has saved: enabled and named, or disabled and
 * saying there is none (the widget shows its own hint with a link to the lab). Returns the saved model's description.
 */
export async function offerSavedModel(option: HTMLOptionElement, idb: IDBFactory | undefined = globalThis.indexedDB): Promise<SavedModelInfo | null> {
  const state = await readSavedModel(idb);
  const info = state.saved ? savedModelInfo(state.model) : null;
  option.disabled = !info;
  const t = sharedWords();
  option.textContent = info ? t.yourNetwork(describeSavedModel(info, t)) : t.noneSaved;
  return info;
}
