/**
 * Smoothing of recorded training curves, for plots and tables drawn from a run's per-step minibatch errors. It is the
 * trainer's own smoothing (`smoothedError` in its step callback), so a curve redrawn from a saved run matches the
 * numbers the run printed while it trained.
 */

/** Means of the trailing `window` values: index i averages values[max(0, i − window + 1) … i]. */
export function trailingMean(values: readonly number[], window: number): number[] {
  if (!Number.isInteger(window) || window < 1) throw new Error(`the smoothing window must be a positive integer, got ${String(window)}`);
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (i >= window) sum -= values[i - window]!;
    out.push(sum / Math.min(i + 1, window));
  }
  return out;
}
