/**
 * Keeping a trained model: one file with the library's format (model/transfer/head-file.ts), downloaded, and read
 * back with every check the format makes (a hostile or foreign file is refused with the reason).
 */
// From the files, not the barrel: the barrel's training code would bring TensorFlow.js into the page.
import { decodeTransferModel, encodeTransferModel, TRANSFER_MODEL_FORMAT, TRANSFER_MODEL_VERSION, type NamedTensors } from '../../model/transfer/head-file';
import type { HeadWeights } from '../../model/transfer/head-weights';
import { downloadBlob } from '../shared/download';
import { strings, type TransferWords } from './strings';

export interface Trained {
  head: HeadWeights;
  /** Fine-tuned conv5_x, when the model was fine-tuned. */
  stage5?: NamedTensors;
  classNames: string[];
  validationAccuracy: number;
  trainedAt: string;
}

/** A head and conv5_x are a few MB at most: anything far larger is not ours, and is not read into memory. */
export const MAX_MODEL_FILE = 64 * 1024 * 1024;

/** "resnet50-head-t-shirt-top-shirt-sneaker.rlxfer" */
export function modelFileName(classNames: readonly string[]): string {
  const slug = classNames.join('-').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'model';
  return `resnet50-head-${slug}.rlxfer`;
}

export function downloadModel(m: Trained): void {
  const { stage5, ...rest } = m;
  const bytes = encodeTransferModel({ format: TRANSFER_MODEL_FORMAT, version: TRANSFER_MODEL_VERSION, ...rest, ...(stage5 ? { stage5 } : {}) });
  downloadBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }), modelFileName(m.classNames), 'application/octet-stream');
}

/** The model in `file`, and a sentence about it; throws with the reason when the file is not one. */
export async function readModel(file: File, t: TransferWords = strings.en): Promise<{ model: Trained; note: string }> {
  if (file.size > MAX_MODEL_FILE) throw new Error(t.tooBig(Math.round(file.size / 1e6)));
  const m = decodeTransferModel(new Uint8Array(await file.arrayBuffer()));
  const tuned = m.stage5 ? t.holdsStage5 : '';
  const pct = `${(m.validationAccuracy * 100).toFixed(1)} %`;
  return {
    model: { head: m.head, stage5: m.stage5, classNames: m.classNames, validationAccuracy: m.validationAccuracy, trainedAt: m.trainedAt },
    note: t.loaded(file.name, m.classNames, pct, m.trainedAt.slice(0, 10), tuned),
  };
}
