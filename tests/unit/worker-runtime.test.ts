// The widget runtime: the page's worker client against the worker's `serve`, joined by a fake Worker that copies
// messages with structuredClone (as postMessage does, transfers included), so both sides run their real code.
import { describe, expect, test } from 'vitest';
import { BACKEND_ORDER, backendPlan } from '../../src/model/runtime/backend';
import { Connection, part } from '../../src/widgets/shared/element';
import { WorkerClient, type WorkerLike } from '../../src/widgets/shared/worker-client';
import { type Handlers, type ServeOptions, cancelled, serve, withTransfer } from '../../src/widgets/shared/worker-server';

type TestApi = {
  echo: { request: { value: number; delayMs?: number }; event: never; result: number };
  count: { request: { to: number }; event: { at: number }; result: string };
  sum: { request: { bytes: Uint8Array }; event: never; result: { total: number; copy: Uint8Array } };
  fail: { request: { message: string }; event: never; result: never };
  wait: { request: null; event: never; result: string };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A Worker whose other end is `serve(handlers)` in this thread. Records what the page posted. */
class FakeWorker implements WorkerLike {
  posted: { message: unknown; transfer: Transferable[] }[] = [];
  terminated = false;
  #page = new EventTarget();
  #inside = new EventTarget();

  constructor(handlers: Handlers<TestApi>, opts: ServeOptions = {}) {
    serve<TestApi>(handlers, {
      ...opts,
      scope: {
        postMessage: (message, transfer = []) => {
          if (this.terminated) return;
          const data = structuredClone(message, { transfer });
          setTimeout(() => this.#page.dispatchEvent(new MessageEvent('message', { data })), 0);
        },
        addEventListener: (type, listener) => this.#inside.addEventListener(type, listener as EventListener),
      },
    });
  }

  postMessage(message: unknown, transfer: Transferable[]): void {
    this.posted.push({ message, transfer });
    const data = structuredClone(message, { transfer });
    setTimeout(() => !this.terminated && this.#inside.dispatchEvent(new MessageEvent('message', { data })), 0);
  }

  addEventListener(type: string, listener: (e: Event) => void): void {
    this.#page.addEventListener(type, listener);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The worker dies as an uncaught error would make it (or a message it sent could not be read). */
  crash(kind: 'error' | 'messageerror' = 'error'): void {
    const e = kind === 'error' ? Object.assign(new Event('error'), { message: 'Uncaught RangeError: out of memory' }) : new Event('messageerror');
    this.#page.dispatchEvent(e);
  }
}

const handlers: Handlers<TestApi> = {
  echo: async ({ value, delayMs = 0 }) => {
    await sleep(delayMs);
    return value;
  },
  count: async ({ to }, { emit }) => {
    for (let at = 1; at <= to; at++) emit({ at });
    return 'counted';
  },
  sum: ({ bytes }) => {
    const copy = bytes.map((b) => b * 2);
    return withTransfer({ total: bytes.reduce((a, b) => a + b, 0), copy }, [copy.buffer]);
  },
  fail: ({ message }) => {
    throw new RangeError(message);
  },
  wait: async (_, { signal }) => {
    for (let i = 0; i < 100; i++) {
      if (signal.aborted) throw cancelled('waiting');
      await sleep(5);
    }
    return 'waited to the end';
  },
};

function setup(opts: ServeOptions = {}) {
  const workers: FakeWorker[] = [];
  const client = new WorkerClient<TestApi>(
    () => {
      const w = new FakeWorker(handlers, opts);
      workers.push(w);
      return w;
    },
    { label: 'the test worker' },
  );
  return { client, workers };
}

describe('worker client', () => {
  test('starts no worker until the first request', async () => {
    const { client, workers } = setup();
    expect(client.started).toBe(false);
    expect(workers).toHaveLength(0);
    expect(await client.request('echo', { value: 7 })).toBe(7);
    expect(client.started).toBe(true);
    expect(workers).toHaveLength(1);
  });

  test('each request gets its own id and its own answer, even when answers come back out of order', async () => {
    const { client, workers } = setup();
    const slow = client.request('echo', { value: 1, delayMs: 40 });
    const fast = client.request('echo', { value: 2 });
    const order: number[] = [];
    await Promise.all([slow.then((v) => order.push(v)), fast.then((v) => order.push(v))]);
    expect(order).toEqual([2, 1]);
    const ids = workers[0]!.posted.map((p) => (p.message as { id: number }).id);
    expect(new Set(ids).size).toBe(2);
    expect(client.pending).toBe(0);
  });

  test('serial: requests run one at a time, in order', async () => {
    const { client } = setup({ serial: true });
    const order: number[] = [];
    await Promise.all([client.request('echo', { value: 1, delayMs: 40 }).then((v) => order.push(v)), client.request('echo', { value: 2 }).then((v) => order.push(v))]);
    expect(order).toEqual([1, 2]);
  });

  test('events reach their own request, in order, before its result', async () => {
    const { client } = setup();
    const seen: string[] = [];
    const a = client.request('count', { to: 3 }, { onEvent: (e) => seen.push(`a${e.at}`) });
    const b = client.request('count', { to: 2 }, { onEvent: (e) => seen.push(`b${e.at}`) });
    await Promise.all([a.then((r) => seen.push(`a:${r}`)), b.then((r) => seen.push(`b:${r}`))]);
    expect(seen.filter((s) => s.startsWith('a'))).toEqual(['a1', 'a2', 'a3', 'a:counted']);
    expect(seen.filter((s) => s.startsWith('b'))).toEqual(['b1', 'b2', 'b:counted']);
  });

  test('a handler that throws rejects only its request, with its message and kind, and the worker goes on', async () => {
    const { client, workers } = setup();
    const err = await client.request('fail', { message: 'no such image' }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('no such image');
    expect((err as Error).name).toBe('RangeError');
    expect(await client.request('echo', { value: 3 })).toBe(3);
    expect(workers).toHaveLength(1);
  });

  test('buffers in the transfer list are moved, not copied, both ways', async () => {
    const { client, workers } = setup();
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const result = await client.request('sum', { bytes }, { transfer: [bytes.buffer] });
    expect(workers[0]!.posted[0]!.transfer).toEqual([bytes.buffer]);
    expect(bytes.buffer.byteLength).toBe(0); // detached: the page no longer owns it
    expect(result.total).toBe(10);
    expect([...result.copy]).toEqual([2, 4, 6, 8]);
  });

  test('when the worker dies, every waiting request rejects, and the next request starts a new worker', async () => {
    const { client, workers } = setup();
    const deaths: string[] = [];
    client.onDeath((e) => deaths.push(e.message));
    const a = client.request('echo', { value: 1, delayMs: 50 });
    const b = client.request('wait', null);
    workers[0]!.crash();
    await expect(a).rejects.toThrow('the test worker stopped: Uncaught RangeError: out of memory');
    await expect(b).rejects.toThrow('the test worker stopped');
    expect(workers[0]!.terminated).toBe(true);
    expect(deaths).toEqual(['the test worker stopped: Uncaught RangeError: out of memory']);
    expect(client.started).toBe(false);
    expect(await client.request('echo', { value: 5 })).toBe(5);
    expect(workers).toHaveLength(2);
  });

  test('a message that cannot be read counts as the worker dying', async () => {
    const { client, workers } = setup();
    const a = client.request('echo', { value: 1, delayMs: 50 });
    workers[0]!.crash('messageerror');
    await expect(a).rejects.toThrow('a message from the test worker could not be read');
    expect(workers[0]!.terminated).toBe(true);
  });

  test('aborting a request asks the worker to stop it; the worker answers with an AbortError', async () => {
    const { client } = setup();
    const controller = new AbortController();
    const waiting = client.request('wait', null, { signal: controller.signal });
    await sleep(10);
    controller.abort();
    const err = (await waiting.catch((e: Error) => e)) as Error;
    expect(err.name).toBe('AbortError');
    expect(err.message).toBe('waiting was cancelled');
    // An already aborted signal never reaches the worker.
    await expect(client.request('echo', { value: 1 }, { signal: controller.signal })).rejects.toThrow('cancelled before it started');
  });

  test('terminate() stops the worker and rejects what waits; the client can start again', async () => {
    const { client, workers } = setup();
    const waiting = client.request('wait', null);
    client.terminate();
    await expect(waiting).rejects.toThrow('the test worker was stopped');
    expect(workers[0]!.terminated).toBe(true);
    expect(await client.request('echo', { value: 9 })).toBe(9);
    expect(workers).toHaveLength(2);
  });

  test('the worker ignores messages that are not requests, and answers an unknown method with an error', async () => {
    const { client, workers } = setup();
    await client.request('echo', { value: 1 });
    workers[0]!.postMessage({ fault: 'lose-gpu' }, []); // another script's message: no answer, no crash
    const unknown = client.request('nope' as 'echo', { value: 1 });
    await expect(unknown).rejects.toThrow('this worker has no method "nope"');
  });
});

describe('backend plan', () => {
  test('automatic: every backend, fastest first, no GPU emulation', () => {
    expect(backendPlan(null)).toEqual({ order: [...BACKEND_ORDER], allowSoftware: [] });
    expect(backendPlan('tpu')).toEqual({ order: [...BACKEND_ORDER], allowSoftware: [] });
  });

  test('a reader’s choice goes first, is allowed on an emulated GPU, and keeps the others as fallbacks', () => {
    expect(backendPlan('webgl')).toEqual({ order: ['webgl', 'webgpu', 'wasm', 'cpu'], allowSoftware: ['webgl'] });
    expect(backendPlan('cpu').order).toEqual(['cpu', 'webgpu', 'webgl', 'wasm']);
  });
});

describe('element helpers', () => {
  test('a missing part is an error that names the widget and the selector', () => {
    const root = { localName: 'degradation-lab', querySelector: () => null } as unknown as Element;
    expect(() => part(root, '[data-role="message"]')).toThrow('<degradation-lab> is missing [data-role="message"]');
  });

  test('ending a connection removes every listener added with its signal and runs its cleanups; a new one starts fresh', () => {
    const connection = new Connection();
    const target = new EventTarget();
    let heard = 0;
    let cleaned = 0;
    const first = connection.start();
    target.addEventListener('ping', () => heard++, { signal: first });
    connection.onEnd(() => cleaned++);
    target.dispatchEvent(new Event('ping'));
    connection.end();
    target.dispatchEvent(new Event('ping'));
    expect([heard, cleaned]).toEqual([1, 1]);
    const second = connection.start();
    expect(second.aborted).toBe(false);
    target.addEventListener('ping', () => heard++, { signal: second });
    target.dispatchEvent(new Event('ping'));
    expect(heard).toBe(2);
  });
});
