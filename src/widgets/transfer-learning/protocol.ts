/**
 * What the transfer-learning element asks of its Web Worker (which owns tfjs, ResNet-50 and the feature cache) and
 * what comes back, through the shared worker client. Types only: both sides import them.
 */
import type { BackendReport } from '../../model/runtime/backend';
import type { EpochStats, FineTuneOptions, HeadSpec, HeadTrainOptions, HeadWeights, IndexSplit, NamedTensors } from '../../model/transfer';

export interface LoadRequest {
  weightsUrl: string;
  requestedBackend: string | null;
}

export interface LoadResult {
  backend: BackendReport;
  /** First 16 hex digits of the weights manifest's SHA-256: part of every feature's cache key. */
  weightsVersion: string;
  networkBytes: number;
  cacheError?: string;
}

/** One image to turn into features: a picture from the reader, or a sample image by its index in the subset. */
export type ExtractItem = { key: string; bitmap: ImageBitmap } | { key: string; sample: number };

export interface ExtractResult {
  /** Per item, in order, its pooled C5 (2048 floats). */
  features: Float32Array[];
  /** How many came from the cache (IndexedDB) rather than the network. */
  cached: number;
  cacheError?: string;
  numTensors: number;
}

export interface SampleRequest {
  /** Folder URL of the Fashion-MNIST subset's manifest.json. */
  dataUrl: string;
  perClass: number;
  seed: number;
}

export interface SampleResult {
  classNames: string[];
  size: number;
  /** Per image: its class (index into classNames), its index in the subset (for `extract`), grey pixels and hash. */
  images: { label: number; sample: number; pixels: Uint8Array; hash: string }[];
}

export interface TrainRequest {
  features: Float32Array;
  labels: Int32Array;
  spec: HeadSpec;
  validationFraction: number;
  options: Omit<HeadTrainOptions, 'signal' | 'onEpoch'>;
}

export interface TrainResult {
  best: HeadWeights;
  bestEpoch: number;
  history: EpochStats[];
  stoppedEarly: boolean;
  split: IndexSplit;
  numTensors: number;
  trainMs: number;
}

export interface ClassifyResult {
  /** The 224×224 crop the network saw, RGBA. */
  crop: Uint8ClampedArray<ArrayBuffer>;
  cropSize: number;
  /** C5 of this image, HWC: the CAM's input, and (its grid mean) the head's features. */
  c5: { h: number; w: number; channels: number; data: Float32Array };
  numTensors: number;
}

export interface FineTuneRequest {
  /** Every training-set image, in the training set's order (C4 maps are computed again: they are not cached). */
  items: ExtractItem[];
  labels: Int32Array;
  split: IndexSplit;
  /** The head-only model to start from. */
  head: HeadWeights;
  options: Omit<FineTuneOptions, 'signal' | 'onEpoch'>;
}

export type FineTuneEvent = { phase: 'c4'; done: number } | { phase: 'epoch'; stats: EpochStats; seconds: number };

export interface FineTuneResult {
  head: HeadWeights;
  stage5: NamedTensors;
  history: EpochStats[];
  bestEpoch: number;
  stoppedEarly: boolean;
  secondsPerEpoch: number;
  /**
   * Pooled C5 of the validation images (in `split.validation`'s order) through the kept conv5_x, for the kept model's
   * confusion matrix; absent when the kept model is the head-only start (epoch 0), whose features the page has.
   */
  validationFeatures?: Float32Array;
  numTensors: number;
}

export type TransferApi = {
  load: { request: LoadRequest; event: { loaded: number; total: number }; result: LoadResult };
  sample: { request: SampleRequest; event: never; result: SampleResult };
  lookup: { request: { keys: string[] }; event: never; result: { features: (Float32Array | null)[] } };
  extract: { request: { items: ExtractItem[] }; event: { done: number }; result: ExtractResult };
  train: { request: TrainRequest; event: EpochStats; result: TrainResult };
  finetune: { request: FineTuneRequest; event: FineTuneEvent; result: FineTuneResult };
  /** Which conv5_x `classify` runs: a fine-tuned one (kept in the worker), or the pretrained one (undefined). */
  useStage5: { request: { stage5?: NamedTensors }; event: never; result: null };
  classify: { request: { bitmap: ImageBitmap }; event: never; result: ClassifyResult };
};
