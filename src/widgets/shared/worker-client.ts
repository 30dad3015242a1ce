/**
 * The page's side of a widget's Web Worker: starts it on first use, turns each request into a promise (with its
 * events delivered to a callback), and, when the worker dies (an uncaught error, or a message that cannot be read),
 * fails every waiting request and starts a fresh worker on the next one.
 */
import type { MethodName, ReplyEnvelope, RequestEnvelope, WorkerApi } from './worker-protocol';

/** What the client needs of a Worker (the real one, or a fake in the tests). */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message' | 'messageerror' | 'error', listener: (e: Event) => void): void;
  terminate(): void;
}

export interface RequestOptions<Event> {
  /** Buffers (or bitmaps) handed to the worker: the page must not use them afterwards. */
  transfer?: Transferable[];
  /** Called for each event the worker sends about this request, in order, before the promise settles. */
  onEvent?: (event: Event) => void;
  /** Aborting asks the worker to stop early; the promise still settles with what the worker answers. */
  signal?: AbortSignal;
}

interface Pending {
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
  onEvent?: (event: unknown) => void;
  /** Removes the abort listener. */
  release: () => void;
}

/** An error from the worker, with its name kept (a cancelled request rejects with name 'AbortError'). */
function workerError(message: string, name: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

export class WorkerClient<A extends WorkerApi> {
  readonly #create: () => WorkerLike;
  /** How error messages name the worker: "the training worker". */
  readonly #label: string;
  #worker?: WorkerLike;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #deathListeners = new Set<(err: Error) => void>();

  /**
   * `create` makes the worker; for Vite to bundle it, it must be written out at the call site:
   * `() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: '…' })`.
   */
  constructor(create: () => WorkerLike, { label }: { label: string }) {
    this.#create = create;
    this.#label = label;
  }

  /** True while a worker is running (it starts on the first request). */
  get started(): boolean {
    return this.#worker !== undefined;
  }

  /** Requests not yet answered. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Runs `method` in the worker. Rejects with the worker's error, or when the worker dies or is terminated. */
  request<M extends MethodName<A>>(method: M, request: A[M]['request'], opts: RequestOptions<A[M]['event']> = {}): Promise<A[M]['result']> {
    const id = this.#nextId++;
    if (opts.signal?.aborted) return Promise.reject(workerError(`${method} was cancelled before it started`, 'AbortError'));
    const worker = this.#start();
    return new Promise<A[M]['result']>((resolve, reject) => {
      const onAbort = () => this.#post(worker, { kind: 'cancel', id });
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        resolve: resolve as (r: unknown) => void,
        reject,
        onEvent: opts.onEvent as ((e: unknown) => void) | undefined,
        release: () => opts.signal?.removeEventListener('abort', onAbort),
      });
      const envelope = { kind: 'request', id, method, request } as RequestEnvelope<A>;
      this.#post(worker, envelope, opts.transfer ?? []);
    });
  }

  /** Called when the worker dies (not when it is terminated on purpose); returns a function that unsubscribes. */
  onDeath(listener: (err: Error) => void): () => void {
    this.#deathListeners.add(listener);
    return () => this.#deathListeners.delete(listener);
  }

  /** Stops the worker now: waiting requests reject with `reason`; the next request starts a new worker. */
  terminate(reason = workerError(`${this.#label} was stopped`, 'AbortError')): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#rejectAll(reason);
  }

  #start(): WorkerLike {
    if (this.#worker) return this.#worker;
    const worker = this.#create();
    worker.addEventListener('message', (e) => {
      if (worker === this.#worker) this.#onReply((e as MessageEvent<ReplyEnvelope<A>>).data);
    });
    worker.addEventListener('error', (e) => {
      const detail = (e as ErrorEvent).message || 'it could not be started';
      this.#die(worker, new Error(`${this.#label} stopped: ${detail}`));
    });
    worker.addEventListener('messageerror', () => this.#die(worker, new Error(`a message from ${this.#label} could not be read`)));
    this.#worker = worker;
    return worker;
  }

  #post(worker: WorkerLike, envelope: RequestEnvelope<A>, transfer: Transferable[] = []): void {
    if (worker === this.#worker) worker.postMessage(envelope, transfer);
  }

  #onReply(m: ReplyEnvelope<A>): void {
    const p = this.#pending.get(m.id);
    if (!p) return; // answered already (e.g. the worker was replaced meanwhile)
    if (m.kind === 'event') {
      p.onEvent?.(m.event);
      return;
    }
    this.#pending.delete(m.id);
    p.release();
    if (m.kind === 'result') p.resolve(m.result);
    else p.reject(workerError(m.message, m.name));
  }

  /** The worker failed: every waiting promise fails, and the next request starts a new worker. */
  #die(worker: WorkerLike, err: Error): void {
    if (worker !== this.#worker) return; // an old worker's last words
    worker.terminate();
    this.#worker = undefined;
    this.#rejectAll(err);
    for (const f of this.#deathListeners) f(err);
  }

  #rejectAll(err: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      p.release();
      p.reject(err);
    }
  }
}
