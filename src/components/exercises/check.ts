/**
 * The logic of the exercises, free of DOM: reading a typed number, checking an answer, and comparing a reader's
 * prediction with an experiment's result. The custom elements only call these and show what they return.
 */
import { strings, type ExerciseWords } from './strings';

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, b: 1e9 };

/**
 * Reads a number as a reader types it: "25.6", "25,557,032", "2.5e7", "25.6M", "4.1 G", "12 %", "−3".
 * Percent is read as its plain value ("12 %" → 12); the question says what unit it wants. Null when unreadable.
 */
export function parseNumber(input: string): number | null {
  const s = input.trim().replace(/\u2212/g, '-').replace(/[\s_]/g, '');
  const m = /^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?)([kmgb]|%)?$/i.exec(s);
  if (!m || !m[1] || !/\d/.test(m[1])) return null;
  const value = Number(m[1].replaceAll(',', ''));
  if (!Number.isFinite(value)) return null;
  const suffix = m[2]?.toLowerCase();
  return suffix && suffix !== '%' ? value * SUFFIX[suffix]! : value;
}

/** Text answers compare without case, surrounding space, repeated spaces or a final full stop. */
export function normalizeText(input: string): string {
  return input.trim().replace(/\s+/g, ' ').replace(/\.$/, '').toLowerCase();
}

export type Verdict = 'correct' | 'close' | 'wrong' | 'unreadable';

export interface NumberCheck {
  verdict: Verdict;
  /** (given − expected) / |expected|, or the absolute difference when expected is 0. */
  relativeError: number | null;
}

/**
 * Within `tolerance` (relative, 0.05 = 5 %) is correct; within three times it is close. An expected value of 0
 * compares absolute differences instead, since nothing is relative to zero.
 */
export function checkNumber(given: number | null, expected: number, tolerance = 0.01): NumberCheck {
  if (given === null || !Number.isFinite(given)) return { verdict: 'unreadable', relativeError: null };
  const err = expected === 0 ? given : (given - expected) / Math.abs(expected);
  const size = Math.abs(err);
  const verdict: Verdict = size <= tolerance + 1e-12 ? 'correct' : size <= 3 * tolerance ? 'close' : 'wrong';
  return { verdict, relativeError: err };
}

/** A typed text answer against the accepted spellings. */
export function checkText(given: string, accepted: readonly string[]): Verdict {
  if (!normalizeText(given)) return 'unreadable';
  return accepted.some((a) => normalizeText(a) === normalizeText(given)) ? 'correct' : 'wrong';
}

export type Prediction = { kind: 'choice'; value: string } | { kind: 'number'; value: number };

export interface Comparison {
  verdict: Exclude<Verdict, 'unreadable'>;
  /** One sentence for the reader, e.g. "Your guess was 12 % above the result." */
  summary: string;
}

/** Formats a value for the side-by-side table: numbers with up to 4 significant digits and separators. */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    const rounded = Math.abs(value) >= 1000 ? Math.round(value) : Number(value.toPrecision(4));
    return rounded.toLocaleString('en-US');
  }
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * The reader's prediction against what the experiment produced. Choices match on their value (the result is
 * turned into a string); numbers use `checkNumber` with the exercise's tolerance. Throws, quoting the result, when
 * a number prediction meets a result that is not a number: the exercise is mis-written, and its author should see it.
 */
export function comparePrediction(prediction: Prediction, result: unknown, tolerance = 0.1, t: ExerciseWords = strings.en): Comparison {
  if (prediction.kind === 'choice') {
    const match = String(result) === prediction.value;
    return { verdict: match ? 'correct' : 'wrong', summary: match ? t.matches : t.differs };
  }
  const value = typeof result === 'number' ? result : typeof result === 'string' ? parseNumber(result) : null;
  if (value === null) throw new Error(t.notNumberResult(formatValue(result)));
  const { verdict, relativeError } = checkNumber(prediction.value, value, tolerance);
  const err = relativeError ?? 0;
  const pct = Math.abs(err * 100);
  const by = pct < 0.05 ? t.exactlyRight : t.offBy(String(pct < 10 ? pct.toFixed(1) : Math.round(pct)), err > 0);
  const summary = verdict === 'correct' ? t.withinTolerance(Math.round(tolerance * 100), by) : t.wasOff(by);
  return { verdict: verdict === 'unreadable' ? 'wrong' : verdict, summary };
}
