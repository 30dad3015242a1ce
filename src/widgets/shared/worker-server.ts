/**
 * The worker's side of the wire format (worker-protocol.ts): dispatches each request to its handler, sends the
 * handler's events and then its result, or its error as a message (a handler never kills the worker).
 */
import type { MethodName, ReplyEnvelope, RequestEnvelope, WorkerApi } from './worker-protocol';

/** What `serve` needs of the worker's global scope (or of a fake in the tests). */
export interface WorkerScopeLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

export interface HandlerContext<Event> {
  id: number;
  /** Aborted when the page cancels this request. A handler checks it where stopping early is safe. */
  signal: AbortSignal;
  emit(event: Event, transfer?: Transferable[]): void;
}

/** A result together with the buffers to transfer with it (only arrays made for this reply: see `withTransfer`). */
export class Transferring<T> {
  constructor(
    readonly value: T,
    readonly transfer: Transferable[],
  ) {}
}

/**
 * Sends `value` and moves `transfer` to the page instead of copying them. Only buffers the handler made itself: a
 * tfjs backend may hand out its own storage from `data()` (the cpu backend does), which must stay.
 */
export const withTransfer = <T>(value: T, transfer: Transferable[]) => new Transferring(value, transfer);

export type Handlers<A extends WorkerApi> = {
  [M in MethodName<A>]: (
    request: A[M]['request'],
    ctx: HandlerContext<A[M]['event']>,
  ) => Promise<A[M]['result'] | Transferring<A[M]['result']>> | A[M]['result'] | Transferring<A[M]['result']>;
};

export interface ServeOptions {
  /** Run requests one at a time, in arrival order (a model that one request at a time may use). Default: at once. */
  serial?: boolean;
  /** The worker's global scope (default: `self`); the tests pass a fake. */
  scope?: WorkerScopeLike;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function serve<A extends WorkerApi>(handlers: Handlers<A>, { serial = false, scope = self as unknown as WorkerScopeLike }: ServeOptions = {}): void {
  const running = new Map<number, AbortController>();
  let queue: Promise<void> = Promise.resolve();
  const reply = (m: ReplyEnvelope<A>, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

  async function run(id: number, method: MethodName<A>, request: unknown, controller: AbortController): Promise<void> {
    const ctx: HandlerContext<unknown> = {
      id,
      signal: controller.signal,
      emit: (event, transfer) => reply({ kind: 'event', id, event } as ReplyEnvelope<A>, transfer),
    };
    try {
      const handler = handlers[method] as ((r: unknown, c: HandlerContext<unknown>) => unknown) | undefined;
      if (!handler) throw new Error(`this worker has no method ${JSON.stringify(method)}`);
      const out = await handler(request, ctx);
      if (out instanceof Transferring) reply({ kind: 'result', id, result: out.value } as ReplyEnvelope<A>, out.transfer);
      else reply({ kind: 'result', id, result: out } as ReplyEnvelope<A>);
    } catch (err) {
      reply({ kind: 'error', id, message: errorText(err), name: err instanceof Error ? err.name : 'Error' });
    } finally {
      running.delete(id);
    }
  }

  scope.addEventListener('message', (e: MessageEvent) => {
    const m = e.data as RequestEnvelope<A> | null;
    // Anything else (another script's message) is not ours to answer.
    if (!m || typeof m !== 'object' || typeof m.id !== 'number') return;
    if (m.kind === 'cancel') {
      running.get(m.id)?.abort();
      return;
    }
    if (m.kind !== 'request') return;
    const controller = new AbortController();
    running.set(m.id, controller); // a cancel may arrive while the request waits its turn
    if (serial) queue = queue.then(() => run(m.id, m.method, m.request, controller));
    else void run(m.id, m.method, m.request, controller);
  });
}

/** The error a handler throws when its request was cancelled (the page sees name 'AbortError'). */
export function cancelled(what: string): Error {
  const err = new Error(`${what} was cancelled`);
  err.name = 'AbortError';
  return err;
}
