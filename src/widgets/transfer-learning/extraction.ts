/**
 * Features for every image of the reader's classes that has none: in batches of a few, first from the cache
 * (IndexedDB, in the worker), then from the network for the rest, with images/s and time left. Cancelling stops
 * after the current image; what is done is kept.
 */
import { formatDuration } from '../../lib/format';
import type { WorkerClient } from '../shared/worker-client';
import { decodeImage } from '../shared/decode';
import { throughput, type ClassList } from './classes';
import type { ExtractItem, TransferApi } from './protocol';
import { strings } from './strings';

export type Source = { kind: 'file'; file: File } | { kind: 'sample'; sample: number };

/** Images looked up and sent to the worker at a time: small, so Cancel and the progress bar respond quickly. */
export const BATCH = 4;

export interface ExtractCallbacks {
  progress(done: number, total: number, text: string): void;
  batchDone(numTensors: number): void;
}

/** How many features this run computed, and how many it found in this browser's cache (from an earlier visit). */
export interface ExtractCounts {
  computed: number;
  cached: number;
}

export async function extractAll(client: WorkerClient<TransferApi>, list: ClassList<Source>, signal: AbortSignal, on: ExtractCallbacks): Promise<ExtractCounts> {
  const t0 = performance.now();
  let done = 0;
  let computed = 0;
  let cached = 0;
  const t = strings.here();
  const show = (n: number, total: number) => {
    const rate = throughput(computed, performance.now() - t0, total - n);
    on.progress(n, total, t.features(n, total, rate?.perSecond.toFixed(1), rate ? formatDuration(rate.secondsLeft) : ''));
  };
  for (;;) {
    const pending = list.pending();
    if (pending.length === 0 || signal.aborted) break;
    const total = done + pending.length;
    const batch = pending.slice(0, BATCH);
    show(done, total);
    const { features: hits } = await client.request('lookup', { keys: batch.map((im) => im.hash) });
    const misses = batch.filter((im, i) => {
      const hit = hits[i];
      if (hit) im.features = hit;
      return !hit;
    });
    done += batch.length - misses.length;
    cached += batch.length - misses.length;
    const items: ExtractItem[] = [];
    const bitmaps: ImageBitmap[] = [];
    for (const im of misses) {
      if (im.source.kind === 'sample') items.push({ key: im.hash, sample: im.source.sample });
      else {
        // Decoded again only now, so no full-size picture waits in memory for its turn.
        const { bitmap } = await decodeImage(im.source.file);
        items.push({ key: im.hash, bitmap });
        bitmaps.push(bitmap);
      }
    }
    const base = done;
    const res = await client.request('extract', { items }, { transfer: bitmaps, signal, onEvent: ({ done: d }) => show(base + d, total) });
    res.features.forEach((f, i) => (misses[i]!.features = f));
    computed += res.features.length - res.cached;
    cached += res.cached;
    done += res.features.length;
    on.batchDone(res.numTensors);
  }
  return { computed, cached };
}
