/**
 * Turns a thrown value into the line a reader can act on: "Line 3: TypeError: …".
 *
 * Each cell's code is compiled with `//# sourceURL=cell-N.js`, so stack frames name the cell. The engine puts a
 * few lines of its own before an AsyncFunction's body (V8: two); we measure that offset once at runtime with a
 * calibration function instead of hard-coding any engine's value.
 */
import { cellWords, type CellWords } from './strings';

/** The script name a cell's code runs under; stack frames carry it. */
export const cellSourceName = (cell: number) => `cell-${cell}.js`;

/** The script name of the calibration function (never a cell: cells count from 1). */
export const CALIBRATION_SOURCE = cellSourceName(0);

export interface StackLocation {
  /** Which cell's code the frame is in (1-based, as in `cell-N.js`). */
  cell: number;
  /** Line in the compiled function's source, before subtracting the engine's offset. */
  line: number;
  column: number;
}

// Matches V8 ("at eval (cell-2.js:4:7)"), SpiderMonkey ("@cell-2.js:4:7") and WebKit frames alike.
const FRAME = /\bcell-(\d+)\.js:(\d+):(\d+)/g;

/** Every cell frame of a stack, innermost first. */
export function cellFrames(stack: string): StackLocation[] {
  return [...stack.matchAll(FRAME)].map((m) => ({ cell: Number(m[1]), line: Number(m[2]), column: Number(m[3]) }));
}

/**
 * How many lines the engine adds before the body, given the stack of an error created on the body's first line
 * of a function compiled as {@link CALIBRATION_SOURCE}. Null when the engine's stacks name no source.
 */
export function lineOffsetFromCalibration(stack: string): number | null {
  const frame = cellFrames(stack).find((f) => f.cell === 0);
  return frame ? frame.line - 1 : null;
}

/** The innermost frame in any cell, in the cell's own line numbers; null when no cell is on the stack. */
export function locateInCells(stack: string, lineOffset: number): StackLocation | null {
  const frame = cellFrames(stack).find((f) => f.cell > 0 && f.line - lineOffset >= 1);
  return frame ? { ...frame, line: frame.line - lineOffset } : null;
}

/** "TypeError: x is not a function"; thrown non-errors are shown as what they are. */
function describeThrown(err: unknown, t: CellWords): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return t.uncaught(typeof err === 'string' ? JSON.stringify(err) : String(err));
}

export interface CellErrorReport {
  /** What the output shows: "Line 3: TypeError: …" or "Line 2 of cell 1: …" when the error is in another cell. */
  text: string;
  /** The line to mark in this cell's editor; null when the error happened elsewhere or the line is unknown. */
  line: number | null;
}

/** A runtime error thrown while cell `cell` ran. `lineOffset` null means we could not calibrate: no line shown. */
export function reportRuntimeError(err: unknown, cell: number, lineOffset: number | null, t: CellWords = cellWords()): CellErrorReport {
  const what = describeThrown(err, t);
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  const at = lineOffset === null ? null : locateInCells(stack, lineOffset);
  if (!at) return { text: what, line: null };
  if (at.cell === cell) return { text: t.line(at.line, what), line: at.line };
  return { text: t.lineOfCell(at.line, at.cell, what), line: null };
}

/** A syntax error found by the parser before anything ran. */
export function reportSyntaxError(e: { message: string; line: number }, t: CellWords = cellWords()): CellErrorReport {
  return { text: t.line(e.line, `SyntaxError: ${e.message}`), line: e.line };
}
