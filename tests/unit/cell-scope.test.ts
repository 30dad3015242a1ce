import { describe, expect, test, vi } from 'vitest';
import { createQueue, routedConsole, type LogLevel, type OutputSink } from '../../src/widgets/notebook-cell/scope';

function recordingSink() {
  const logs: [LogLevel, unknown[]][] = [];
  const shown: unknown[] = [];
  const sink: OutputSink = { log: (level, args) => logs.push([level, args]), display: (v) => shown.push(v) };
  return { sink, logs, shown };
}

function fakeConsole() {
  return { log: vi.fn(), info: vi.fn(), debug: vi.fn(), warn: vi.fn(), error: vi.fn(), table: vi.fn(), group: vi.fn() } as unknown as Console &
    Record<'log' | 'warn' | 'error' | 'table' | 'group', ReturnType<typeof vi.fn>>;
}

describe('the queue runs cells one at a time', () => {
  test('a task waits for the one before it, in the order they were queued', async () => {
    const enqueue = createQueue();
    const order: string[] = [];
    const slow = enqueue(async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('first');
    });
    const fast = enqueue(async () => {
      order.push('second');
    });
    await Promise.all([slow, fast]);
    expect(order).toEqual(['first', 'second']);
  });

  test('a failing task does not stop the ones after it', async () => {
    const enqueue = createQueue();
    const failed = enqueue(async () => {
      throw new Error('cell failed');
    });
    await expect(failed).rejects.toThrow('cell failed');
    await expect(enqueue(async () => 'next cell ran')).resolves.toBe('next cell ran');
  });
});

describe('the scope’s console', () => {
  test('writes to the running cell’s sink and still reaches the real console', () => {
    const real = fakeConsole();
    const { sink, logs } = recordingSink();
    const c = routedConsole(real, () => sink);
    c.log('loss', 0.5);
    c.warn('careful');
    expect(logs).toEqual([
      ['log', ['loss', 0.5]],
      ['warn', ['careful']],
    ]);
    expect(real.log).toHaveBeenCalledWith('loss', 0.5);
    expect(real.warn).toHaveBeenCalledWith('careful');
  });

  test('console.error is shown as an error but forwarded as a warning: the reader’s message is not a page fault', () => {
    const real = fakeConsole();
    const { sink, logs } = recordingSink();
    routedConsole(real, () => sink).error('bad input');
    expect(logs).toEqual([['error', ['bad input']]]);
    expect(real.error).not.toHaveBeenCalled();
    expect(real.warn).toHaveBeenCalledWith('bad input');
  });

  test('follows the sink that is current at call time, so a helper from cell 1 logs into the cell calling it', () => {
    const real = fakeConsole();
    const one = recordingSink();
    const two = recordingSink();
    let current = one.sink;
    const c = routedConsole(real, () => current);
    c.log('a');
    current = two.sink;
    c.log('b');
    expect(one.logs).toEqual([['log', ['a']]]);
    expect(two.logs).toEqual([['log', ['b']]]);
  });

  test('console.table displays its data; methods we do not route still work', () => {
    const real = fakeConsole();
    const { sink, shown } = recordingSink();
    const c = routedConsole(real, () => sink);
    c.table([{ a: 1 }]);
    c.group('g');
    expect(shown).toEqual([[{ a: 1 }]]);
    expect(real.group).toHaveBeenCalledWith('g');
  });

  test('with no cell running yet, output only goes to the real console', () => {
    const real = fakeConsole();
    routedConsole(real, () => null).log('early');
    expect(real.log).toHaveBeenCalledWith('early');
  });
});
