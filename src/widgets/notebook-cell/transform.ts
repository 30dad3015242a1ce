/**
 * Rewrites a cell's source so that cells of a page share variables like a notebook.
 *
 * Each run is the body of a fresh AsyncFunction that reads and writes one shared scope object through `with`.
 * A top-level `const x = 1` becomes `x = 1`, which `with` sends to the scope (the runner creates `x` there
 * first), so later cells see it and re-running the cell never throws "already declared". Every edit keeps the
 * newlines it touches, so line k of the cell is line k of the body: error positions map back without a table.
 */
import { parse, type Node, type Pattern, type Program, type Statement, type VariableDeclaration } from 'acorn';
import { SCOPE_PARAM } from './scope';

export { SCOPE_PARAM };

export interface CellProgram {
  /** Body for `new AsyncFunction(SCOPE_PARAM, body)`; its line k is the cell's line k. */
  body: string;
  /** Top-level names the cell declares; each must exist on the scope before the body runs. */
  declared: string[];
  /** True when the last statement is an expression whose value the body returns. */
  returnsLast: boolean;
}

export interface CellSyntaxError {
  /** Acorn's message without its "(line:column)" suffix, e.g. "Unexpected token". */
  message: string;
  /** 1-based line in the cell. */
  line: number;
  /** 0-based column, as acorn counts. */
  column: number;
}

export type TransformResult = { ok: true; program: CellProgram } | { ok: false; error: CellSyntaxError };

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The newlines of a removed span, so that removing it never shifts the lines after it. */
const newlinesOf = (removed: string) => removed.replace(/[^\n]/g, '');

/** Names bound by a declaration's pattern: `{ a, b: [c, ...d] = {} }` binds a, c and d. */
function boundNames(pattern: Pattern): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => boundNames(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e ? boundNames(e) : []));
    case 'AssignmentPattern':
      return boundNames(pattern.left);
    case 'RestElement':
      return boundNames(pattern.argument);
    case 'MemberExpression':
      return []; // only in assignments, never in declarations
  }
}

/** `const a = 1, {b} = o;` → `;(a = 1, {b} = o);`, same lines. The leading `;` stops the line above from
 * swallowing the parenthesis as a call (`f\n(...)`). */
function rewriteDeclaration(node: VariableDeclaration, src: string): Edit[] {
  const first = node.declarations[0]!;
  const edits: Edit[] = [{ start: node.start, end: first.start, text: `;(${newlinesOf(src.slice(node.start, first.start))}` }];
  for (const d of node.declarations) {
    // `let x;` must reset x on a re-run, as a fresh declaration would; `var x;` keeps its value, as JS does.
    if (!d.init && node.kind !== 'var') edits.push({ start: d.id.end, end: d.id.end, text: ' = undefined' });
  }
  edits.push(src[node.end - 1] === ';' ? { start: node.end - 1, end: node.end - 1, text: ')' } : { start: node.end, end: node.end, text: ');' });
  return edits;
}

/** End of a statement's text without its own semicolon. */
const endWithoutSemicolon = (node: Node, src: string) => (src[node.end - 1] === ';' ? node.end - 1 : node.end);

function applyEdits(src: string, edits: Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    out += src.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + src.slice(at);
}

/** Parses a cell as a script with top-level `await` and `return`, and rewrites it for the shared scope. */
export function transformCell(source: string): TransformResult {
  const src = source.replace(/\r\n?/g, '\n');
  let program: Program;
  try {
    program = parse(src, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
      locations: true,
    });
  } catch (err) {
    return { ok: false, error: syntaxErrorOf(err) };
  }

  const edits: Edit[] = [];
  const declared = new Set<string>();
  const hoisted: string[] = [];
  for (const stmt of program.body as Statement[]) {
    if (stmt.type === 'VariableDeclaration' && (stmt.kind === 'var' || stmt.kind === 'let' || stmt.kind === 'const')) {
      for (const d of stmt.declarations) for (const name of boundNames(d.id)) declared.add(name);
      edits.push(...rewriteDeclaration(stmt, src));
    } else if (stmt.type === 'ClassDeclaration') {
      declared.add(stmt.id.name);
      edits.push({ start: stmt.start, end: stmt.start, text: `;${stmt.id.name} = ` }, { start: stmt.end, end: stmt.end, text: ';' });
    } else if (stmt.type === 'FunctionDeclaration') {
      // Left in place so it stays hoisted (callable above its line); the prologue copies it to the scope.
      declared.add(stmt.id.name);
      hoisted.push(stmt.id.name);
    }
  }

  const last = program.body.at(-1) as Statement | undefined;
  const returnsLast = last?.type === 'ExpressionStatement';
  if (last && returnsLast) {
    // From the statement's start, not the expression's: `(a, b)` keeps its parentheses inside ours.
    edits.push({ start: last.start, end: last.start, text: 'return (' }, { start: endWithoutSemicolon(last, src), end: endWithoutSemicolon(last, src), text: ')' });
  }

  // The prologue shares line 1 with the reader's first line; the closing brace gets its own line so that a
  // trailing `// comment` cannot swallow it.
  const prologue = hoisted.map((n) => `${SCOPE_PARAM}[${JSON.stringify(n)}] = ${n};`).join(' ');
  const body = `with (${SCOPE_PARAM}) {${prologue} ${applyEdits(src, edits)}\n}`;
  return { ok: true, program: { body, declared: [...declared], returnsLast } };
}

function syntaxErrorOf(err: unknown): CellSyntaxError {
  const e = err as { message?: string; loc?: { line: number; column: number } };
  const message = String(e.message ?? err).replace(/\s*\(\d+:\d+\)$/, '');
  return { message, line: e.loc?.line ?? 1, column: e.loc?.column ?? 0 };
}
