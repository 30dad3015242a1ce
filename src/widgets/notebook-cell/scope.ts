/**
 * The notebook's execution model, free of DOM: one shared scope object per page, cells compiled into
 * AsyncFunctions that read and write it, a queue that runs cells one at a time, and a console that writes to
 * whichever cell is running. Runs in Node too, which is how the tests exercise real stacks and line numbers.
 */
import { CALIBRATION_SOURCE, cellSourceName, lineOffsetFromCalibration } from './errors';
// Type only: acorn (behind transform.ts) must stay out of the page's first script.
import type { CellProgram } from './transform';

/** The AsyncFunction's only parameter: the page's shared scope. Named so it cannot clash with reader code. */
export const SCOPE_PARAM = '__notebookScope__';

/** Variables shared by the cells of a page. Null prototype: `with` must not find `toString` or `constructor`. */
export type Scope = Record<string, unknown>;

type AsyncFn = (scope: Scope) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...params: string[]) => AsyncFn;

export function createScope(bindings: Record<string, unknown> = {}): Scope {
  return Object.assign(Object.create(null) as Scope, bindings);
}

/** Creates the names a cell is about to assign, so that `with` sends the assignments to the scope. */
export function declareNames(scope: Scope, names: readonly string[]): void {
  for (const name of names) if (!(name in scope)) scope[name] = undefined;
}

/**
 * Compiles a transformed cell. Sloppy mode on purpose: `with` is what lets plain identifiers reach the scope.
 * Throws the engine's SyntaxError in the rare case the engine rejects what acorn accepted.
 */
export function compileCell(program: CellProgram, cell: number): AsyncFn {
  return new AsyncFunction(SCOPE_PARAM, `${program.body}\n//# sourceURL=${cellSourceName(cell)}`);
}

let offset: number | null | undefined;

/** Lines the engine puts before an AsyncFunction body; measured once, null if stacks name no source. */
export function lineOffset(): number | null {
  if (offset === undefined) {
    // Same parameter list as the cells, so the engine's header has the same number of lines. An AsyncFunction
    // runs synchronously up to its first await, so the stack is in the holder as soon as the call returns.
    const probe = new AsyncFunction(SCOPE_PARAM, `${SCOPE_PARAM}.stack = new Error().stack;\n//# sourceURL=${CALIBRATION_SOURCE}`);
    const holder: Scope = {};
    void probe(holder);
    offset = lineOffsetFromCalibration(String(holder.stack ?? ''));
  }
  return offset;
}

/** Runs tasks one after another, like a notebook kernel: a cell queued behind another waits for it. */
export function createQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

export type LogLevel = 'log' | 'info' | 'debug' | 'warn' | 'error';

/** Where a running cell's console output and `display()` calls go. */
export interface OutputSink {
  log(level: LogLevel, args: unknown[]): void;
  display(value: unknown): void;
}

/**
 * A console for the scope: each call goes to the sink of the cell that runs now (or ran last, for callbacks that
 * fire later) and on to the real console. `console.error` is forwarded as a warning: a reader's own error
 * message is output, not a fault of the page.
 */
export function routedConsole(real: Console, sink: () => OutputSink | null): Console {
  const to = (level: LogLevel, forward: (...a: unknown[]) => void) => (...args: unknown[]) => {
    sink()?.log(level, args);
    forward.apply(real, args);
  };
  return Object.assign(Object.create(real) as Console, {
    log: to('log', real.log),
    info: to('info', real.info),
    debug: to('debug', real.debug),
    warn: to('warn', real.warn),
    error: to('error', real.warn),
    table: (data: unknown, columns?: string[]) => {
      sink()?.display(data);
      real.table(data, columns);
    },
  });
}
