/**
 * The page's one connection to the classifier worker: started on first use, shared by every classifier on the page,
 * so the model is downloaded and built once. Turns the worker's messages into promises and progress callbacks.
 */
import type { BackendName } from '../../model/runtime/backend';
import type { FromWorker, ProgressMessage, ReadyMessage, ResultMessage, ToWorker } from './protocol';

type Pending = { resolve: (r: ResultMessage) => void; reject: (e: Error) => void };

export class ClassifierClient {
  #worker?: Worker;
  #ready?: Promise<ReadyMessage>;
  #readyCallbacks?: { resolve: (r: ReadyMessage) => void; reject: (e: Error) => void };
  #pending = new Map<number, Pending>();
  #progress = new Set<(p: ProgressMessage) => void>();
  #nextId = 1;
  /** The last `ready` message, once the model is loaded. */
  loaded?: ReadyMessage;

  #start(): Worker {
    if (this.#worker) return this.#worker;
    // Vite sees this exact pattern and bundles worker.ts (and tfjs) as a separate file, served from this origin.
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'resnet50-classifier' });
    worker.addEventListener('message', (e: MessageEvent<FromWorker>) => this.#onMessage(e.data));
    worker.addEventListener('error', (e) => this.#fail(new Error(`the model's worker stopped: ${e.message || 'it could not be started'}`)));
    worker.addEventListener('messageerror', () => this.#fail(new Error('a message from the model’s worker could not be read')));
    this.#worker = worker;
    return worker;
  }

  #send(msg: ToWorker, transfer: Transferable[] = []): void {
    this.#start().postMessage(msg, transfer);
  }

  #onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'progress':
        for (const f of this.#progress) f(m);
        break;
      case 'ready':
        this.loaded = m;
        this.#readyCallbacks?.resolve(m);
        this.#readyCallbacks = undefined;
        break;
      case 'result': {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        p?.resolve(m);
        break;
      }
      case 'error':
        if (m.phase === 'load') {
          this.#readyCallbacks?.reject(new Error(m.message));
          this.#readyCallbacks = undefined;
          this.#ready = undefined; // a later call tries again
        } else if (m.id !== undefined) {
          const p = this.#pending.get(m.id);
          this.#pending.delete(m.id);
          p?.reject(new Error(m.message));
        }
        break;
    }
  }

  /** The worker itself failed: every waiting promise fails, and the next call starts a new worker. */
  #fail(err: Error): void {
    this.#readyCallbacks?.reject(err);
    this.#readyCallbacks = undefined;
    this.#ready = undefined;
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    this.#worker?.terminate();
    this.#worker = undefined;
    this.loaded = undefined;
  }

  /** Loads the model once per page (again only after a failure). */
  load(weightsUrl: string, order: BackendName[], preferred: BackendName | null = null): Promise<ReadyMessage> {
    this.#ready ??= new Promise<ReadyMessage>((resolve, reject) => {
      this.#readyCallbacks = { resolve, reject };
      this.#send({ type: 'load', weightsUrl, order, preferred });
    });
    return this.#ready;
  }

  /** Classifies a picture (the bitmap is transferred: do not use it afterwards). Call after `load`. */
  classify(bitmap: ImageBitmap, k = 5): Promise<ResultMessage> {
    const id = this.#nextId++;
    return new Promise<ResultMessage>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#send({ type: 'classify', id, bitmap, k }, [bitmap]);
    });
  }

  onProgress(f: (p: ProgressMessage) => void): () => void {
    this.#progress.add(f);
    return () => this.#progress.delete(f);
  }
}

/** Shared by every classifier element on the page. */
export const classifierClient = new ClassifierClient();
