/**
 * How the evidence statements print numbers, the same in every language: percentages with a space before "%" as the
 * lessons write them, ranges with an en dash, the lesson's net names. Pure; no words (those are in ./strings.ts).
 */
export const pct = (v: number, digits = 1) => `${(100 * v).toFixed(digits)} %`;
export const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
/** "62 %–79 %": the lowest and the highest of fractions, in whole percent. */
export const pctRange0 = (v: readonly number[]) => `${pct(Math.min(...v), 0)}–${pct(Math.max(...v), 0)}`;
/** "14.6–15.0 %", or one value where every value prints the same. */
export const pctRange = (v: readonly number[]) => (v.length > 1 && pct(Math.min(...v)) !== pct(Math.max(...v)) ? `${pct(Math.min(...v))}–${pct(Math.max(...v))}`.replace(/ %–/, '–') : pct(v[0]!));
/** The lowest and the highest value formatted as "lo–hi", or the one value where they are the same. */
export const span = (v: readonly number[], f: (x: number) => string) => (Math.min(...v) === Math.max(...v) ? f(v[0]!) : `${f(Math.min(...v))}–${f(Math.max(...v))}`);
/** ResNet-56 for res-56, plain-56 for plain-56 (the lesson's names). */
export const netName = (id: string) => id.replace(/^res-/, 'ResNet-');
/** A gap in points with its sign; one that rounds to 0.0 is printed without a sign (not "+0.0"). */
export const signedPoints = (v: number) => `${Math.abs(v) < 0.0005 ? '' : v > 0 ? '+' : '−'}${(100 * Math.abs(v)).toFixed(1)}`;
/** A fraction as percentage points with one decimal: 0.0123 → "1.2". */
export const points = (v: number) => (100 * v).toFixed(1);
