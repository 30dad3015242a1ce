/**
 * The loss landscape's Web Worker: owns TensorFlow.js, its backend and a fixed batch of the Fashion-MNIST training
 * images, loads one net per request (a shipped reference net, or the degradation lab's saved one) and evaluates its
 * loss over a grid (src/model/analysis/landscape.ts), sending the points in small bundles as they come, so a
 * 21×21 grid of forward passes never freezes the page.
 */
import { fixedBatch, landscapeDirections, lossSlice2d, type LandscapeBatch } from '../../model/analysis/landscape';
import { loadFashionMnistManifest, loadFashionMnistSplit } from '../../model/data/fashion-mnist';
import { loadReferenceNet } from '../../model/data/reference-nets';
import type { BackendReport } from '../../model/runtime/backend';
import type { Model } from '../../model/runtime/model';
import { modelFromWeights } from '../../model/runtime/pretrained';
import { readSavedModel, savedWeights } from '../shared/saved-model';
import { startBackend } from '../shared/worker-backend';
import { cancelled, serve } from '../shared/worker-server';
import type { LandscapeApi, NetSource } from './protocol';
import { axis, type GridPoint } from './series';

/** Points are sent at most this often (and at the end of each row), so a fast backend does not flood the page. */
const SEND_EVERY_MS = 150;

let backend: BackendReport | undefined;
let batch: LandscapeBatch | undefined;

async function loadNet(source: NetSource): Promise<{ model: Model; net: string; trainSetError: number | null }> {
  if (source.kind === 'reference') {
    const { model, net } = await loadReferenceNet(source.id, { baseUrl: source.baseUrl });
    return { model, net: net.id, trainSetError: net.training.trainSetError };
  }
  const saved = await readSavedModel((self as unknown as { indexedDB?: IDBFactory }).indexedDB);
  if (!saved.saved) throw new Error(`cannot use your network: ${saved.reason}`);
  // The bare id: the element words the reader's own net ("your res-20") in the page's language.
  return { model: modelFromWeights(saved.model.spec, savedWeights(saved.model)), net: saved.model.net, trainSetError: null };
}

serve<LandscapeApi>(
  {
    load: async ({ dataUrl, requestedBackend, batch: b }) => {
      backend ??= await startBackend(requestedBackend);
      if (!batch) {
        const train = await loadFashionMnistSplit(await loadFashionMnistManifest({ baseUrl: dataUrl }), 'train', { baseUrl: dataUrl });
        batch = fixedBatch(train, b.count, b.seed);
      }
      return { backend };
    },

    slice: async ({ source, seed, grid, span }, { emit, signal }) => {
      if (!batch) throw new Error('the training images are not loaded yet');
      const { model, net, trainSetError } = await loadNet(source);
      try {
        emit({ kind: 'net', net, trainSetError });
        const { x, y } = await landscapeDirections(model, seed);
        const coords = axis(span, grid);
        const total = grid * grid;
        let pending: GridPoint[] = [];
        let sentAt = performance.now();
        const started = sentAt;
        const flush = (done: number) => {
          emit({ kind: 'points', points: pending, done, total });
          pending = [];
          sentAt = performance.now();
        };
        await lossSlice2d(model, batch, x, y, { alphas: coords, betas: coords }, {
          signal,
          onPoint: (p) => {
            pending.push({ index: p.index, loss: p.loss, error: p.error });
            const done = p.index + 1;
            if (done === total || done % grid === 0 || performance.now() - sentAt >= SEND_EVERY_MS) flush(done);
          },
        }).catch((err: unknown) => {
          throw signal.aborted ? cancelled('the landscape') : err;
        });
        return { net, points: total, seconds: (performance.now() - started) / 1000 };
      } finally {
        model.dispose();
      }
    },
  },
  { serial: true },
);
