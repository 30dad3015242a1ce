/**
 * The page's one connection to the classifier worker: started on first use, shared by every classifier on the page,
 * so the model is downloaded and built once. The shared worker client carries the messages; this adds the model's
 * state (loaded once, again after a failure or after the worker died) and progress for every classifier that waits.
 */
import { WorkerClient } from '../shared/worker-client';
import type { ClassifierApi, ProgressMessage, ReadyMessage, ResultMessage } from './protocol';

export class ClassifierClient {
  // Vite sees this exact pattern and bundles worker.ts (and tfjs) as a separate file, served from this origin.
  #worker = new WorkerClient<ClassifierApi>(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'resnet50-classifier' }), {
    label: 'the model’s worker',
  });
  #ready?: Promise<ReadyMessage>;
  #progress = new Set<(p: ProgressMessage) => void>();
  /** The model's report, once it is loaded. */
  loaded?: ReadyMessage;

  constructor() {
    // A new worker has no model: the next `load` builds it again.
    this.#worker.onDeath(() => {
      this.#ready = undefined;
      this.loaded = undefined;
    });
  }

  /** Loads the model once per page (again only after a failure). */
  load(weightsUrl: string, requestedBackend: string | null): Promise<ReadyMessage> {
    this.#ready ??= this.#worker.request('load', { weightsUrl, requestedBackend }, { onEvent: (p) => this.#progress.forEach((f) => f(p)) }).then(
      (ready) => (this.loaded = ready),
      (err: unknown) => {
        this.#ready = undefined; // a later call tries again
        throw err;
      },
    );
    return this.#ready;
  }

  /** Classifies a picture (the bitmap is transferred: do not use it afterwards). Call after `load`. */
  classify(bitmap: ImageBitmap, k = 5): Promise<ResultMessage> {
    return this.#worker.request('classify', { bitmap, k }, { transfer: [bitmap] });
  }

  onProgress(f: (p: ProgressMessage) => void): () => void {
    this.#progress.add(f);
    return () => this.#progress.delete(f);
  }
}

/** Shared by every classifier element on the page. */
export const classifierClient = new ClassifierClient();
