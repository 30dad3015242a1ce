import { describe, expect, test } from 'vitest';
import { formatConsoleArgs, formatNumber, inspect, planOutput, summarizeTensor, tableFrom } from '../../src/widgets/notebook-cell/render-value';

/** Enough of a tfjs Tensor for planOutput and inspect, which recognise tensors by shape, not by class. */
const fakeTensor = (shape: number[], values: number[]) => ({
  shape,
  dtype: 'float32',
  size: values.length,
  isDisposed: false,
  dataId: {},
  data: async () => Float32Array.from(values),
});

describe('choosing how to show a value', () => {
  test('undefined shows nothing, as in a REPL', () => {
    expect(planOutput(undefined)).toEqual({ kind: 'none' });
  });

  test('a tensor is summarised, not printed', () => {
    expect(planOutput(fakeTensor([2], [1, 2])).kind).toBe('tensor');
  });

  test('a DOM or SVG node (anything with nodeType, nodeName and cloneNode) is appended as it is', () => {
    expect(planOutput({ nodeType: 1, nodeName: 'svg', cloneNode() {} }).kind).toBe('node');
  });

  test('an array of plain objects is a table; other arrays are printed', () => {
    expect(planOutput([{ a: 1 }, { a: 2 }]).kind).toBe('table');
    expect(planOutput([1, 2, 3])).toEqual({ kind: 'text', text: '[1, 2, 3]' });
    expect(planOutput([{ a: 1 }, 2]).kind).toBe('text');
    expect(planOutput([new Map()]).kind).toBe('text');
    expect(planOutput([]).kind).toBe('text');
  });

  test('null, numbers and strings are printed like a console would', () => {
    expect(planOutput(null)).toEqual({ kind: 'text', text: 'null' });
    expect(planOutput(25557032)).toEqual({ kind: 'text', text: '25557032' });
    expect(planOutput('hi')).toEqual({ kind: 'text', text: '"hi"' });
  });
});

describe('tables', () => {
  test('columns are the union of keys in first-seen order; numbers are grouped and right-aligned', () => {
    const t = tableFrom([
      { stage: 'conv2_x', params: 215808 },
      { stage: 'conv3_x', params: 1219584, note: 'stride 2' },
    ])!;
    expect(t.columns).toEqual(['stage', 'params', 'note']);
    expect(t.rows[0]).toEqual([
      { text: 'conv2_x', numeric: false },
      { text: '215,808', numeric: true },
      { text: '', numeric: false },
    ]);
    expect(t.rows[1]![1]).toEqual({ text: '1,219,584', numeric: true });
  });

  test('long arrays are cut, and say how many rows are left out', () => {
    const t = tableFrom(Array.from({ length: 250 }, (_, i) => ({ i })), 200)!;
    expect(t.rows).toHaveLength(200);
    expect(t.omittedRows).toBe(50);
  });

  test('nested values are printed inline', () => {
    expect(tableFrom([{ shape: [56, 56, 256] }])!.rows[0]![0]!.text).toBe('[56, 56, 256]');
  });

  test('objects with no keys make no table', () => {
    expect(tableFrom([{}, {}])).toBeNull();
  });
});

describe('tensor summaries', () => {
  test('min, max, mean and the first values', () => {
    const s = summarizeTensor(Float32Array.from([1, -2, 3, 4, 5, 6, 7, 8, 9, 10]), [2, 5], 'float32', 4);
    expect(s.heading).toBe('float32 [2, 5] · 10 values');
    expect(s.stats).toEqual([
      { label: 'min', value: '-2' },
      { label: 'max', value: '10' },
      { label: 'mean', value: '5.1' },
    ]);
    expect(s.first).toEqual(['1', '-2', '3', '4']);
    expect(s.more).toBe(6);
  });

  test('NaNs are counted, not averaged in', () => {
    const s = summarizeTensor([1, NaN, 3], [3], 'float32');
    expect(s.stats).toContainEqual({ label: 'mean', value: '2' });
    expect(s.stats).toContainEqual({ label: 'NaN', value: '1' });
  });

  test('a scalar is one value with an empty shape', () => {
    expect(summarizeTensor([0.5], [], 'float32').heading).toBe('float32 [] · 1 value');
  });

  test('string tensors get no statistics, only quoted values', () => {
    const s = summarizeTensor(['a', 'b'], [2], 'string');
    expect(s.stats).toEqual([]);
    expect(s.first).toEqual(['"a"', '"b"']);
  });
});

describe('numbers', () => {
  test('four significant digits, integers untouched, exponents only at the extremes', () => {
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(-0.0295)).toBe('-0.0295');
    expect(formatNumber(1.5e-7)).toBe('1.5e-7');
    expect(formatNumber(Infinity)).toBe('Infinity');
  });
});

describe('pretty printing', () => {
  test('objects and arrays stay on one line when short', () => {
    expect(inspect({ a: 1, b: [1, 2], 'two words': 'x' })).toBe('{ a: 1, b: [1, 2], "two words": "x" }');
  });

  test('long ones break into indented lines', () => {
    const out = inspect({ name: 'resnet50', inputShape: [224, 224, 3], params: 25557032, macs: 4089184256, depth: 50 });
    expect(out.split('\n')).toEqual([
      '{',
      '  name: "resnet50",',
      '  inputShape: [224, 224, 3],',
      '  params: 25557032,',
      '  macs: 4089184256,',
      '  depth: 50',
      '}',
    ]);
  });

  test('cycles, depth, Maps, Sets, typed arrays, functions and classes', () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    expect(inspect(a)).toBe('{ n: 1, self: [Circular] }');
    expect(inspect({ a: { b: { c: { d: { e: 1 } } } } })).toBe('{ a: { b: { c: { d: [Object] } } } }');
    expect(inspect(new Map([['k', 1]]))).toBe('Map(1) { "k" => 1 }');
    expect(inspect(new Set([1]))).toBe('Set(1) { 1 }');
    expect(inspect(new Float32Array([1, 2]))).toBe('Float32Array(2) [1, 2]');
    expect(inspect(function resnet(depth: number) { return depth; })).toBe('ƒ resnet(depth)');
    expect(inspect((x: number) => x)).toBe('ƒ (anonymous)(x)');
    expect(inspect(class Block {})).toBe('class Block');
    expect(inspect(new (class Block { k = 3 })())).toBe('Block { k: 3 }');
    expect(inspect(Object.create(null))).toBe('{}');
  });

  test('a tensor inside another value is named by dtype and shape', () => {
    expect(inspect({ x: fakeTensor([2, 3], [1, 2, 3, 4, 5, 6]) })).toBe('{ x: Tensor float32 [2, 3] }');
  });

  test('very long arrays say how many items are left out', () => {
    expect(inspect(Array.from({ length: 60 }, () => 0), { maxItems: 3 })).toBe('[0, 0, 0, … 57 more]');
  });

  test('console arguments: strings raw, the rest inspected', () => {
    expect(formatConsoleArgs(['shape', [2, 3], 'ok', null])).toBe('shape [2, 3] ok null');
  });
});
