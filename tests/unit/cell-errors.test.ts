import { describe, expect, test } from 'vitest';
import { cellFrames, lineOffsetFromCalibration, locateInCells, reportRuntimeError, reportSyntaxError } from '../../src/widgets/notebook-cell/errors';
import { compileCell, createScope, declareNames, lineOffset } from '../../src/widgets/notebook-cell/scope';
import { transformCell } from '../../src/widgets/notebook-cell/transform';

/** Runs a cell in Node's V8 (the engine Chromium uses) and returns what the output area would say. */
async function failing(src: string, cell = 1, scope = createScope()) {
  const t = transformCell(src);
  if (!t.ok) return reportSyntaxError(t.error);
  declareNames(scope, t.program.declared);
  try {
    await compileCell(t.program, cell)(scope);
  } catch (err) {
    return reportRuntimeError(err, cell, lineOffset());
  }
  throw new Error('the cell did not fail');
}

describe('reading stacks', () => {
  const v8 = `TypeError: boom
    at f (cell-1.js:2:9)
    at eval (cell-3.js:5:1)
    at async run (http://localhost/_astro/runner.js:1:200)`;
  const firefox = `f@cell-1.js:2:9\n@cell-3.js:5:1\n`;

  test('finds cell frames in V8 and Firefox stacks, innermost first', () => {
    for (const stack of [v8, firefox]) {
      expect(cellFrames(stack)).toEqual([
        { cell: 1, line: 2, column: 9 },
        { cell: 3, line: 5, column: 1 },
      ]);
    }
  });

  test('the calibration frame gives the engine’s header size', () => {
    expect(lineOffsetFromCalibration('Error\n    at eval (cell-0.js:3:30)')).toBe(2);
    expect(lineOffsetFromCalibration('Error\n    at eval (<anonymous>)')).toBeNull();
  });

  test('cell lines are stack lines minus the offset', () => {
    expect(locateInCells(v8, 1)).toEqual({ cell: 1, line: 1, column: 9 });
    // A frame that would land above line 1 is the wrapper, not the reader's code: skip it.
    expect(locateInCells(v8, 2)).toEqual({ cell: 3, line: 3, column: 1 });
  });
});

describe('locating errors in cells', () => {
  test('lineOffset is measured, not assumed, and is V8’s two header lines here', () => {
    expect(lineOffset()).toBe(2);
  });

  test('a runtime error reports the line of the cell where it happened', async () => {
    const r = await failing('const a = 1;\nconst b = null;\nb.foo;\n');
    expect(r.line).toBe(3);
    expect(r.text).toMatch(/^Line 3: TypeError: Cannot read properties of null/);
  });

  test('the line survives a multi-line declaration rewrite and a hoisted function', async () => {
    const r = await failing('function f() {}\nconst {\n  x\n} = { x: 1 };\n\nnotDefined()');
    expect(r.text).toBe('Line 6: ReferenceError: notDefined is not defined');
  });

  test('an error after an await still maps to its line', async () => {
    const r = await failing('await null;\nawait new Promise((r) => setTimeout(r, 1));\nthrow new RangeError("late")');
    expect(r.text).toBe('Line 3: RangeError: late');
  });

  test('an error inside a function from another cell names that cell and does not mark this one', async () => {
    const scope = createScope();
    const t = transformCell('function explode() {\n  throw new Error("from cell 1");\n}');
    if (!t.ok) throw new Error('parse');
    declareNames(scope, t.program.declared);
    await compileCell(t.program, 1)(scope);
    const r = await failing('explode()', 2, scope);
    expect(r).toEqual({ text: 'Line 2 of cell 1: Error: from cell 1', line: null });
  });

  test('throwing a non-Error shows the value and no line', async () => {
    expect(await failing('throw "nope"')).toEqual({ text: 'Uncaught "nope"', line: null });
  });

  test('a syntax error reports acorn’s line', async () => {
    expect(await failing('let ok = 1;\nlet = = 2;')).toEqual({ text: 'Line 2: SyntaxError: Unexpected token', line: 2 });
  });

  test('without calibration no line is claimed', () => {
    expect(reportRuntimeError(new Error('x'), 1, null)).toEqual({ text: 'Error: x', line: null });
  });
});
