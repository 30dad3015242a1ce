/**
 * What the classifier element (main thread) asks of its Web Worker, which owns tfjs and the model, and what comes
 * back, sent through the shared worker client (../shared/worker-client.ts). Types only: both sides import them, so a
 * message that changes shape fails `astro check` on both.
 */
import type { BackendReport } from '../../model/runtime/backend';

// --- main → worker -------------------------------------------------------------------------------------------------

export interface LoadRequest {
  /** Folder URL of manifest.json (with the site's base path), e.g. "/weights/resnet50/". */
  weightsUrl: string;
  /** The reader's `?backend=` choice: tried first, and used even where the GPU is emulated in software. */
  requestedBackend: string | null;
}

export interface ClassifyRequest {
  /** The upright, already size-capped picture; transferred (the element no longer owns it). */
  bitmap: ImageBitmap;
  /** How many classes to return (with their CAM weights). */
  k: number;
}

/** The worker's methods: `load` once (progress events, then the model's report), `classify` per picture. */
export type ClassifierApi = {
  load: { request: LoadRequest; event: ProgressMessage; result: ReadyMessage };
  classify: { request: ClassifyRequest; event: never; result: ResultMessage };
};

// --- worker → main -------------------------------------------------------------------------------------------------

export interface ProgressMessage {
  loaded: number;
  total: number;
}

export interface ReadyMessage {
  backend: BackendReport;
  /** Shard bytes in all, and how many came from Cache Storage vs the network this time. */
  totalBytes: number;
  cachedBytes: number;
  networkBytes: number;
  /** Why the weights could not be cached, if they could not (a note, not an error). */
  cacheError?: string;
  timings: {
    /** Choosing and starting the backend. */
    backendMs: number;
    /** Manifest, labels and shards: network or cache, verified. */
    downloadMs: number;
    /** Dequantizing and uploading the weights. */
    buildMs: number;
    /** First run on a blank image: compiles shaders / warms caches. */
    warmupMs: number;
  };
  numTensors: number;
}

/** One stage's output (C2…C5) in brief: its shape and a few of its channels. */
export interface StageMaps {
  /** 'layer1' … 'layer4'. */
  stage: string;
  /** [h, w, channels] of the whole stage output. */
  shape: [number, number, number];
  /** Which channels were kept: the most active ones (highest mean) for this image. */
  channels: number[];
  /** Those channels, HWC: h·w·channels.length values. */
  data: Float32Array;
}

export interface ClassResult {
  index: number;
  label: string;
  prob: number;
  /** Logit z_c (the score before softmax). */
  logit: number;
  /** Column c of the fc kernel (2048 values): the CAM weights w_{k,c}. */
  weights: Float32Array;
  /** Bias b_c of the fc layer. */
  bias: number;
}

export interface ResultMessage {
  /** The 224×224 RGB crop the network saw, RGBA bytes. */
  crop: Uint8ClampedArray<ArrayBuffer>;
  cropSize: number;
  /** The short side the photo was resized to before the crop (from the manifest: 256). */
  resize: number;
  /** The top-k classes, most probable first. */
  top: ClassResult[];
  /** C5 for this image, HWC (7·7·2048 values), for the CAMs. */
  c5: { h: number; w: number; channels: number; data: Float32Array };
  stages: StageMaps[];
  timings: { preprocessMs: number; inferenceMs: number; mapsMs: number };
  numTensors: number;
}
