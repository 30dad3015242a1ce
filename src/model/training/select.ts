/**
 * Choosing a model on validation data: the lowest validation error seen so far, across steps and networks. Test
 * evaluations are refused, so nothing chosen here can have looked at the test set. Pure (no tfjs).
 */
import type { EvalMode } from './evaluate';
import type { HeldOutSet } from './trainer';

/** One evaluation offered for the choice. */
export interface Candidate {
  /** Which network (e.g. "res-20"). */
  net: string;
  step: number;
  set: HeldOutSet;
  mode: EvalMode;
  error: number;
}

export interface Choice {
  net: string;
  step: number;
  /** The validation error it was chosen on. */
  validationError: number;
}

/**
 * Keeps the candidate with the lowest validation error in one BatchNorm mode (the mode the chosen model will be
 * used in; default `inference`, the running averages). Ties keep the earlier candidate: a later step has to be
 * strictly better to replace it.
 */
export class BestOnValidation {
  #best: Choice | undefined;
  constructor(readonly mode: EvalMode = 'inference') {}

  /** Offers an evaluation; true when it is the new best. Throws for a test-set evaluation (choose nothing on test). */
  offer(c: Candidate): boolean {
    if (c.set !== 'validation') throw new Error(`a model is chosen on validation data only, got a ${c.set}-set evaluation of ${c.net} at step ${c.step}`);
    if (c.mode !== this.mode || !Number.isFinite(c.error)) return false;
    if (this.#best && c.error >= this.#best.validationError) return false;
    this.#best = { net: c.net, step: c.step, validationError: c.error };
    return true;
  }

  get best(): Choice | undefined {
    return this.#best;
  }
}
