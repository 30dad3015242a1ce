/**
 * Smoothing of training curves: the trainer's running `smoothedError` while it trains, and the curves redrawn from a
 * saved run's per-step minibatch errors. One implementation for both, so a curve redrawn from a saved run matches the
 * numbers the run printed while it trained, to the last bit.
 */

/** The mean of the last `window` values pushed (fewer at the start): a running trailing mean. */
export class TrailingMean {
  private readonly recent: number[] = [];
  private sum = 0;

  constructor(readonly window: number) {
    if (!Number.isInteger(window) || window < 1) throw new Error(`the smoothing window must be a positive integer, got ${String(window)}`);
  }

  push(value: number): void {
    this.recent.push(value);
    this.sum += value;
    if (this.recent.length > this.window) this.sum -= this.recent.shift()!;
  }

  /** NaN before the first value. */
  get mean(): number {
    return this.recent.length ? this.sum / this.recent.length : NaN;
  }
}

/** Means of the trailing `window` values: index i averages values[max(0, i − window + 1) … i]. */
export function trailingMean(values: readonly number[], window: number): number[] {
  const running = new TrailingMean(window);
  return values.map((v) => {
    running.push(v);
    return running.mean;
  });
}
