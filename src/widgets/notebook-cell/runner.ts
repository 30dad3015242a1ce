/**
 * Runs one cell: parse and rewrite it, load tfjs and the model library onto the shared scope (first run only),
 * execute, and map errors to lines. Loaded with import() on the first run, so acorn and tfjs stay off the page
 * until a reader asks for them. Returns data; the element decides how to show it.
 */
import { describeBackend, loadTf } from '../shared/tf-loader';
import { reportRuntimeError, reportSyntaxError, type CellErrorReport } from './errors';
import { notebook } from './notebook';
import { compileCell, declareNames, lineOffset, type OutputSink } from './scope';
import { transformCell } from './transform';
import { cellWords } from './strings';

export { domSink } from './render-dom';

export type RunOutcome =
  | { ok: true; value: unknown; ms: number; backend: string }
  | { ok: false; error: CellErrorReport; ms: number | null; backend: string | null };

let backendLine: string | null = null;

/** Puts tf, every export of the model library and its runtime on the scope, once per page. */
async function loadLibrary(onLoading: () => void): Promise<void> {
  if (notebook.libraryLoaded) return;
  onLoading();
  const { tf, model, runtime, backend } = await loadTf();
  if (notebook.libraryLoaded) return; // another cell got here first while we waited
  Object.assign(notebook.scope, model, runtime, { tf });
  backendLine = describeBackend(backend);
  notebook.libraryLoaded = true;
}

/** d3 only when the cell mentions it (a word match is enough: a false positive costs one download). */
async function loadD3IfUsed(source: string): Promise<void> {
  if (/\bd3\b/.test(source) && !('d3' in notebook.scope)) notebook.scope.d3 = await import('d3');
}

/** The transfer-learning library as one namespace, `transfer.trainHead(…)`, likewise only for a cell that names it. */
async function loadTransferIfUsed(source: string): Promise<void> {
  if (/\btransfer\./.test(source) && !('transfer' in notebook.scope)) notebook.scope.transfer = await import('../../model/transfer/index');
}

const failure = (error: CellErrorReport, ms: number | null = null): RunOutcome => ({ ok: false, error, ms, backend: backendLine });

export interface RunRequest {
  source: string;
  /** 1-based position of the cell on the page; names its code `cell-N.js` in stacks. */
  cell: number;
  sink: OutputSink;
  /** Called when the first run starts downloading tfjs, which takes a moment. */
  onLoading: () => void;
}

export async function runCell({ source, cell, sink, onLoading }: RunRequest): Promise<RunOutcome> {
  const t = transformCell(source);
  if (!t.ok) return failure(reportSyntaxError(t.error));
  try {
    await Promise.all([loadLibrary(onLoading), loadD3IfUsed(source), loadTransferIfUsed(source)]);
  } catch (err) {
    return failure({ text: cellWords().couldNotLoad(err instanceof Error ? err.message : String(err)), line: null });
  }
  let fn: ReturnType<typeof compileCell>;
  try {
    fn = compileCell(t.program, cell);
  } catch (err) {
    return failure({ text: `SyntaxError: ${err instanceof Error ? err.message : String(err)}`, line: null });
  }
  declareNames(notebook.scope, t.program.declared);
  notebook.sink = sink;
  const start = performance.now();
  try {
    const value = await fn(notebook.scope);
    return { ok: true, value, ms: performance.now() - start, backend: backendLine ?? '' };
  } catch (err) {
    return failure(reportRuntimeError(err, cell, lineOffset()), performance.now() - start);
  }
}
