/**
 * What the degradation lab element (main thread) asks of its Web Worker, which owns tfjs, the data and the networks,
 * and what comes back, sent through the shared worker client (../shared/worker-client.ts). Types only: both sides
 * import them, so a message that changes shape fails `astro check` on both.
 */
import type { BackendName, BackendReport } from '../../model/runtime/backend';
import type { LabStatus, Prediction } from './lab';
import type { LabConfig } from './series';

// --- main → worker -------------------------------------------------------------------------------------------------

export interface StartRequest {
  config: LabConfig;
  /** Folder URL of the Fashion-MNIST subset's manifest.json, with the site's base path. */
  dataUrl: string;
  /** The reader's `?backend=` choice: tried first, and used even where the GPU is emulated on the CPU. */
  requestedBackend: string | null;
}

/**
 * `start` runs a lab: its events arrive while it trains, tests and predicts; it resolves when the worker is idle
 * again. `pause`, `resume` and `stop` act on the running lab.
 */
export type LabApi = {
  start: { request: StartRequest; event: LabEvent; result: DoneMessage };
  pause: { request: null; event: never; result: PausedMessage };
  resume: { request: null; event: never; result: PausedMessage };
  stop: { request: null; event: never; result: null };
};

// --- worker → main -------------------------------------------------------------------------------------------------

/** What the worker is doing before training starts; the element words it in the page's language. */
export interface StatusMessage {
  type: 'status';
  stage: 'backend' | 'data';
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
  paused: boolean;
}

export interface DoneMessage {
  status: LabStatus;
  /** The lab's sentence in English (which net diverged and why, from the trainer); the element words the other ends. */
  message: string;
  /** Steps of every network added up, the networks run, and the steps each was to take. */
  steps: number;
  networks: number;
  stepsEach: number;
  seconds: number;
  /** tf.memory().numTensors before the networks were built and after the lab ended (equal: nothing leaked). */
  numTensorsBefore: number;
  numTensorsAfter: number;
  /** Why the best model could not be saved or tested, if it could not (the run itself finished). */
  predictError?: { stage: 'save' | 'test'; reason: string };
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

/** What a running lab reports, in order. */
export type LabEvent =
  | StatusMessage
  | BackendMessage
  | StartedMessage
  | StepMessage
  | EvalMessage
  | SavedMessage
  | TestedMessage
  | PredictionsMessage;
