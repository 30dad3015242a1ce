/**
 * What the lesion-study element asks of its Web Worker (which owns tfjs, the 2,000 Fashion-MNIST test images and one
 * shipped reference net at a time) and what comes back. Types only.
 */
import type { BackendReport } from '../../model/runtime/backend';

/** One block deleted alone and the test error without it. */
export interface MeasuredBlock {
  name: string;
  index: number;
  error: number;
}

export type LesionEvent =
  | { kind: 'intact'; error: number }
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'block'; block: MeasuredBlock };

/** Which net: a shipped reference net, or the one the degradation lab saved in this browser (../shared/saved-model.ts). */
export type LesionNet = { kind: 'reference'; id: string; baseUrl: string } | { kind: 'saved' };

export type LesionApi = {
  /** tfjs, a backend and the test images; once per worker. */
  load: { request: { dataUrl: string; requestedBackend: string | null }; event: never; result: { backend: BackendReport } };
  /**
   * The intact error of `net` (its id in the result: a reference net's, or the saved net's, e.g. `res-20`), then each deletable block's error when deleted alone (the first `limit`
   * of them, in network order). Progress in forward passes; cancellable between batches.
   */
  lesions: { request: { net: LesionNet; limit: number | null }; event: LesionEvent; result: { net: string; intactError: number; blocks: MeasuredBlock[] } };
};
