/**
 * Fine-tuning conv5_x from the page's side: the training images in training-set order (files decoded again, as for
 * features), the worker's C4 pass and epochs reported as progress, and the head-only vs fine-tuned comparison.
 */
import type { EpochStats, IndexSplit } from '../../model/transfer';
import type { WorkerClient } from '../shared/worker-client';
import { decodeImage } from '../shared/decode';
import type { ClassList } from './classes';
import type { Source } from './extraction';
import type { ExtractItem, FineTuneResult, TrainResult, TransferApi } from './protocol';
import { headConfusion } from './try-core';
import { strings, type TransferWords } from './strings';

/** conv5_x has 15 M weights and each image costs a C4 map (784 KB) and a pass through conv5_x per epoch: a cap. */
export const FINE_TUNE_CAP = 150;
/** Most epochs of fine-tuning (early stopping after 3 without a lower validation loss); `data-finetune-epochs` overrides. */
export const FINE_TUNE_EPOCHS = 5;

export interface FineTuneProgress {
  c4(done: number, total: number): void;
  epoch(stats: EpochStats, seconds: number): void;
}

export async function runFineTune(
  client: WorkerClient<TransferApi>,
  list: ClassList<Source>,
  labels: Int32Array,
  split: IndexSplit,
  head: FineTuneResult['head'],
  signal: AbortSignal,
  epochs: number,
  on: FineTuneProgress,
): Promise<FineTuneResult> {
  const images = list.classes.flatMap((c) => c.images); // the training set's order (ClassList.trainingSet)
  const items: ExtractItem[] = [];
  const bitmaps: ImageBitmap[] = [];
  for (const im of images) {
    if (im.source.kind === 'sample') items.push({ key: im.hash, sample: im.source.sample });
    else {
      // All of them go at once, so each is shrunk to the 256 px short side the network resizes to anyway: about
      // 0.3 MB a picture instead of up to 4 MB.
      const { bitmap: full } = await decodeImage(im.source.file);
      const s = 256 / Math.min(full.width, full.height);
      const bitmap = s < 1 ? await createImageBitmap(full, { resizeWidth: Math.round(full.width * s), resizeHeight: Math.round(full.height * s), resizeQuality: 'high' }) : full;
      if (bitmap !== full) full.close();
      items.push({ key: im.hash, bitmap });
      bitmaps.push(bitmap);
    }
  }
  return client.request(
    'finetune',
    { items, labels, split, head, options: { epochs, lrStage5: 1e-3, lrHead: 1e-4, batch: 8, weightDecay: 1e-4, patience: 3, seed: 1 } },
    { transfer: bitmaps, signal, onEvent: (e) => (e.phase === 'c4' ? on.c4(e.done, items.length) : on.epoch(e.stats, e.seconds)) },
  );
}

/**
 * The confusion matrix of the model fine-tuning kept, and which model that is: the fine-tuned one on its own
 * validation features, or the head-only start (epoch 0, `headOnlyCounts`) when no fine-tuning epoch beat it.
 */
export function keptConfusion(
  t: FineTuneResult,
  r: TrainResult,
  labels: Int32Array,
  headOnlyCounts: number[][],
  words: TransferWords = strings.en,
): { counts: number[][]; model: string } {
  if (!t.validationFeatures || t.bestEpoch === 0) {
    return { counts: headOnlyCounts, model: words.headOnlyKept(r.bestEpoch) };
  }
  const counts = headConfusion(t.head, t.validationFeatures, r.split.validation.map((i) => labels[i]!));
  return { counts, model: words.fineTunedKept(t.bestEpoch) };
}
