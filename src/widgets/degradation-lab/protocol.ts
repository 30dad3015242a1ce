/**
 * Messages between the degradation lab element (main thread) and its Web Worker, which owns tfjs, the data and the
 * networks. Types only: both sides import them, so a message that changes shape fails `astro check` on both.
 */
import type { BackendName, BackendReport } from '../../model/runtime/backend';
import type { LabStatus, Prediction } from './lab';
import type { LabConfig } from './series';

// --- main → worker -------------------------------------------------------------------------------------------------

export interface StartRequest {
  type: 'start';
  config: LabConfig;
  /** Folder URL of the Fashion-MNIST subset's manifest.json, with the site's base path. */
  dataUrl: string;
  /** Backends to try, in order (the reader's `?backend=` choice first). */
  order: BackendName[];
  /** The reader's explicit choice (`?backend=`), honoured even where the GPU is emulated on the CPU. */
  preferred: BackendName | null;
  /**
   * Test hook: lose the GPU as soon as the backend is chosen, before the first step. A step on an emulated GPU can
   * hold the worker for minutes in one task, so a `lose-context` message sent later might wait that long.
   */
  loseGpuAtStart?: boolean;
}

/**
 * `lose-context`: a test hook that makes the WebGL context (WEBGL_lose_context) or the WebGPU device (destroy()) go
 * away, as a GPU reset or a driver crash would, so tests can check the fallback.
 */
export type ToWorker = StartRequest | { type: 'pause' } | { type: 'resume' } | { type: 'stop' } | { type: 'lose-context' };

// --- worker → main -------------------------------------------------------------------------------------------------

export interface StatusMessage {
  type: 'status';
  text: string;
}

export interface BackendMessage {
  type: 'backend';
  report: BackendReport;
  /** Set when this backend replaces one that failed during the run (e.g. a lost WebGL context). */
  fallbackFrom?: { backend: BackendName; reason: string };
}

export interface StartedMessage {
  type: 'started';
  nets: string[];
  totalSteps: number;
  /** Images of each part: trained on, validated on (held out from the training subset), tested on once at the end. */
  examples: { train: number; validation: number; test: number };
  /** tf.memory().numTensors before the networks were built. */
  numTensorsBefore: number;
}

export interface StepMessage {
  type: 'step';
  net: string;
  step: number;
  smoothedError: number;
  loss: number;
  stepsPerSecond: number;
  /** Steps of every network added up. */
  labSteps: number;
}

/** A validation evaluation, BatchNorm on its running averages (inference mode). */
export interface EvalMessage {
  type: 'eval';
  net: string;
  step: number;
  error: number;
}

/** A new best model on validation, saved in IndexedDB. */
export interface SavedMessage {
  type: 'saved';
  net: string;
  step: number;
  validationError: number;
}

/** The saved model's test error, measured once after the run, BatchNorm on its running averages. */
export interface TestedMessage {
  type: 'tested';
  net: string;
  step: number;
  validationError: number;
  testError: number;
  testExamples: number;
}

export interface PausedMessage {
  type: 'paused';
  paused: boolean;
}

export interface DoneMessage {
  type: 'done';
  status: LabStatus;
  message: string;
  seconds: number;
  /** tf.memory().numTensors before the networks were built and after the lab ended (equal: nothing leaked). */
  numTensorsBefore: number;
  numTensorsAfter: number;
}

export interface PredictionsMessage {
  type: 'predictions';
  net: string;
  step: number;
  validationError: number;
  testError: number;
  savedAt: string;
  classes: readonly string[];
  items: (Prediction & { pixels: Uint8Array })[];
  /** After the prediction model was freed. */
  numTensors: number;
}

export interface ErrorMessage {
  type: 'error';
  phase: 'start' | 'train' | 'predict';
  message: string;
}

export type FromWorker =
  | StatusMessage
  | BackendMessage
  | StartedMessage
  | StepMessage
  | EvalMessage
  | SavedMessage
  | TestedMessage
  | PausedMessage
  | DoneMessage
  | PredictionsMessage
  | ErrorMessage;
