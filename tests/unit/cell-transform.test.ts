import { describe, expect, test } from 'vitest';
import { compileCell, createScope, declareNames, type Scope } from '../../src/widgets/notebook-cell/scope';
import { SCOPE_PARAM, transformCell, type CellProgram } from '../../src/widgets/notebook-cell/transform';

function program(src: string): CellProgram {
  const r = transformCell(src);
  if (!r.ok) throw new Error(`unexpected syntax error: ${r.error.message}`);
  return r.program;
}

/** Runs a cell the way the page does: declare its names on the shared scope, then call the compiled body. */
async function run(scope: Scope, src: string, cell = 1): Promise<unknown> {
  const p = program(src);
  declareNames(scope, p.declared);
  return compileCell(p, cell)(scope);
}

/** The rewritten user code alone, without the `with (…) {` wrapper. */
function rewritten(src: string): string {
  return program(src)
    .body.replace(`with (${SCOPE_PARAM}) {`, '')
    .replace(/\n}$/, '')
    .trim();
}

describe('rewriting top-level declarations', () => {
  test('const, let and var become assignments to the shared scope', () => {
    expect(rewritten('const a = 1;')).toBe(';(a = 1);');
    expect(rewritten('let b = 2')).toBe(';(b = 2);');
    expect(rewritten('var c = 3, d = 4;')).toBe(';(c = 3, d = 4);');
    expect(program('const a = 1; let b; var c;').declared).toEqual(['a', 'b', 'c']);
  });

  test('`let x;` resets x on every run; `var x;` keeps its value, as JavaScript does', async () => {
    const scope = createScope();
    await run(scope, 'let x = 5; var y = 6;');
    await run(scope, 'let x; var y;');
    expect(scope.x).toBeUndefined();
    expect(scope.y).toBe(6);
  });

  test('destructuring declares every bound name, with defaults and rest elements', async () => {
    const scope = createScope();
    const src = 'const { a, b: [c, ...d], e = 7, ...f } = { a: 1, b: [2, 3, 4], g: 8 };';
    expect(program(src).declared).toEqual(['a', 'c', 'd', 'e', 'f']);
    await run(scope, src);
    expect({ a: scope.a, c: scope.c, d: scope.d, e: scope.e, f: scope.f }).toEqual({ a: 1, c: 2, d: [3, 4], e: 7, f: { g: 8 } });
  });

  test('declarations inside blocks, loops and functions stay local', async () => {
    const p = program('{ const inner = 1 }\nfor (let i = 0; i < 2; i++) {}\nfunction f() { const local = 2; return local }');
    expect(p.declared).toEqual(['f']);
    const scope = createScope();
    await run(scope, '{ const inner = 1 }\nfor (let i = 0; i < 2; i++) {}');
    expect('inner' in scope || 'i' in scope).toBe(false);
  });

  test('a function is shared and stays hoisted: callable above its declaration', async () => {
    const scope = createScope();
    expect(await run(scope, 'const r = twice(4);\nfunction twice(x) { return 2 * x }\nr')).toBe(8);
    expect(await run(scope, 'twice(10)', 2)).toBe(20);
  });

  test('a class is shared, and its methods can name it', async () => {
    const scope = createScope();
    await run(scope, 'class Counter { static make() { return new Counter() } n = 1 }');
    expect(await run(scope, 'Counter.make().n', 2)).toBe(1);
  });

  test('the rewrite keeps every line where it was', () => {
    const src = 'const {\n  a,\n  b\n} = o\nclass K {\n}\nlet\n  z = 1\nz';
    const out = program(src).body.split('\n');
    // Body line k holds cell line k: the wrapper adds no line before, and one (the closing brace) after.
    expect(out.length).toBe(src.split('\n').length + 1);
    expect(out[8]).toContain('z');
    expect(out[4]).toContain('K = class K');
  });

  test('a rewritten statement cannot merge with a line above that has no semicolon', async () => {
    const scope = createScope({ f: () => 'called' });
    // Without the leading `;` the parenthesis would make `f\n(…)` a call.
    await run(scope, 'const g = f\nconst { length } = "abc"');
    expect(scope.g).toBe(scope.f);
    expect(scope.length).toBe(3);
  });
});

describe('notebook semantics', () => {
  test('a const from cell 1 is visible in cell 2', async () => {
    const scope = createScope();
    await run(scope, 'const net = { params: 42 };', 1);
    expect(await run(scope, 'net.params + 1', 2)).toBe(43);
  });

  test('re-running a cell that declares const does not throw "already declared"', async () => {
    const scope = createScope();
    await run(scope, 'const x = 1;');
    await expect(run(scope, 'const x = 2;')).resolves.toBeUndefined();
    expect(scope.x).toBe(2);
  });

  test('functions from an earlier cell see later changes to shared variables', async () => {
    const scope = createScope();
    await run(scope, 'let rate = 0.1;\nfunction show() { return rate }');
    await run(scope, 'rate = 0.5', 2);
    expect(await run(scope, 'show()', 3)).toBe(0.5);
  });

  test('the scope has no prototype, so `with` never mistakes `toString` or `constructor` for shared variables', async () => {
    const scope = createScope();
    expect('toString' in scope || 'constructor' in scope).toBe(false);
    // Declaring one of those names still shares it like any other.
    await run(scope, 'const valueOf = 3;');
    expect(await run(scope, 'valueOf * 2', 2)).toBe(6);
  });

  test('library bindings put on the scope are in reach without imports', async () => {
    const scope = createScope({ resnet50: () => ({ name: 'resnet50' }) });
    expect(await run(scope, 'resnet50().name')).toBe('resnet50');
  });
});

describe('the value a cell shows', () => {
  test('the last expression statement is returned', async () => {
    const scope = createScope();
    expect(await run(scope, 'const a = 2\na * 21')).toBe(42);
    expect(program('1 + 1;').returnsLast).toBe(true);
  });

  test('a parenthesised or comma last expression keeps its meaning', async () => {
    const scope = createScope();
    expect(await run(scope, '(1, 2)')).toBe(2);
    expect(await run(scope, '({ a: 1 }).a;')).toBe(1);
  });

  test('a last expression followed by a line comment still returns', async () => {
    expect(await run(createScope(), '40 + 2 // the answer')).toBe(42);
  });

  test('a last declaration returns nothing', async () => {
    expect(await run(createScope(), 'const q = 3;')).toBeUndefined();
    expect(program('const q = 3;').returnsLast).toBe(false);
  });

  test('an explicit top-level return wins', async () => {
    expect(await run(createScope(), 'if (true) return "early";\n"late"')).toBe('early');
  });

  test('top-level await works, also in the returned expression', async () => {
    const scope = createScope();
    expect(await run(scope, 'const v = await Promise.resolve(20);\nawait Promise.resolve(v + 1)')).toBe(21);
  });
});

describe('syntax errors', () => {
  test('report the line and column where acorn stopped, without acorn’s "(l:c)" suffix', () => {
    const r = transformCell('const a = 1;\nconst b = ;\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBe(2);
    expect(r.error.column).toBe(10);
    expect(r.error.message).toBe('Unexpected token');
  });

  test('declaring the same const twice in one cell is still an error', () => {
    const r = transformCell('const a = 1;\nconst a = 2;');
    expect(r.ok ? null : r.error.line).toBe(2);
  });

  test('windows line endings count lines the same way', () => {
    const r = transformCell('let a = 1;\r\nlet b = ;');
    expect(r.ok ? null : r.error.line).toBe(2);
  });
});
