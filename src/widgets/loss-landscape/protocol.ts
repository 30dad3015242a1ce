/**
 * What the loss-landscape element asks of its Web Worker (which owns tfjs, the Fashion-MNIST training images' fixed
 * batch and one net at a time) and what comes back. Types only.
 */
import type { BackendReport } from '../../model/runtime/backend';
import type { GridPoint } from './series';

/** Which net: a shipped reference net (fetched and checked from the site's own origin) or the one saved in this browser. */
export type NetSource = { kind: 'reference'; id: string; baseUrl: string } | { kind: 'saved' };

export type LandscapeEvent =
  /** The net is loaded: its name and (reference nets) its error on the whole training subset. */
  | { kind: 'net'; net: string; trainSetError: number | null }
  /** Points computed since the last event, in evaluation order (row-major: β outer, α inner). */
  | { kind: 'points'; points: GridPoint[]; done: number; total: number };

export type LandscapeApi = {
  /** tfjs, a backend and the fixed batch of training images; once per worker. */
  load: { request: { dataUrl: string; requestedBackend: string | null; batch: { count: number; seed: number } }; event: never; result: { backend: BackendReport } };
  /**
   * The 2-D slice of one net's training loss on the fixed batch around its weights, along the filter-normalised
   * directions of `seed` (src/model/analysis/landscape.ts), on a `grid`×`grid` grid over ±`span`. Cancellable
   * between chunks of images.
   */
  slice: { request: { source: NetSource; seed: number; grid: number; span: number }; event: LandscapeEvent; result: { net: string; points: number; seconds: number } };
};
