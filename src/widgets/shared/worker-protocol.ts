/**
 * The wire format between a widget and its Web Worker, the same for every widget: the page sends requests, each with
 * an id; the worker answers each with events (progress, live numbers) and then exactly one result or error. A widget
 * describes its worker by a `WorkerApi`: for each method, the request it takes, the events it may send and its result.
 * Types only: the page's client (worker-client.ts) and the worker's side (worker-server.ts) both import them.
 */

/** A worker's methods. `event` is `never` for a method that sends none. */
export type WorkerApi = Record<string, { request: unknown; event: unknown; result: unknown }>;

export type MethodName<A extends WorkerApi> = keyof A & string;

/** Page → worker: run a method, or ask a running one to stop early (it decides how: see `HandlerContext.signal`). */
export type RequestEnvelope<A extends WorkerApi> =
  | { [M in MethodName<A>]: { kind: 'request'; id: number; method: M; request: A[M]['request'] } }[MethodName<A>]
  | { kind: 'cancel'; id: number };

/** Worker → page: about request `id`. `name` keeps an error's kind across the thread boundary (e.g. 'AbortError'). */
export type ReplyEnvelope<A extends WorkerApi> =
  | { kind: 'event'; id: number; event: A[MethodName<A>]['event'] }
  | { kind: 'result'; id: number; result: A[MethodName<A>]['result'] }
  | { kind: 'error'; id: number; message: string; name: string };
