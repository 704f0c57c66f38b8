/**
 * Pass 2b: `using` and `await using` declarations (explicit resource management), which Node 20 cannot
 * parse, lowered to try/finally before twins are planned, so that the plain function and its twin both
 * get them. The scope that declares resources becomes
 *
 *   `{ const S = R.s(); try { …; const x = R.u(S, expr, 0); … } catch (E) { S.e = E; S.h = true; } finally { R.d(S); } }`
 *
 * where `R` is the runtime's `using` helpers (src/runtime/using.ts: spec semantics, SuppressedError).
 * `R.d(S)` is an ordinary call, so in a twin it is dispatched like any other: `R.d` has a twin that calls
 * each dispose method through its own twin, and a hidden `[Symbol.dispose]` suspends the task. Scopes
 * with `await using` (async functions) end with `await R.da(S)` instead. `R.s()` and `R.u(…)` cannot
 * suspend, so the analysis keeps them plain calls in twins (plan-twins.ts). Generated text has no line
 * breaks, so every line keeps its number; the pass returns a map back to its input.
 */
import { RUNTIME_SYMBOL_KEY } from '../../shared/names.ts';
import { TransformError } from '../../errors.ts';
import { type Node, children, unwrapParens } from '../ast.ts';
import { Fragment, render } from '../output.ts';
import type { SourceMapObject } from '../types.ts';
import { lineColumn } from './strip-types.ts';

export interface Lowered {
  code: string;
  map: SourceMapObject;
  /** The name the helpers are bound to: their `s`/`u` calls cannot suspend (plan-twins keeps them plain). */
  helpers: string;
}

const MISSING = 'greenhack: this module was compiled green (its `using` declarations need the greenhack runtime), but the runtime is not loaded. Start node with --import greenhack/register.';

function isUsing(node: Node | null | undefined): boolean {
  return node?.type === 'VariableDeclaration' && (node.kind === 'using' || node.kind === 'await using');
}

function declaresUsing(statements: Node[]): boolean {
  return statements.some(isUsing);
}

function declaresAwaitUsing(statements: Node[]): boolean {
  return statements.some((s) => isUsing(s) && s.kind === 'await using');
}

function containsUsing(node: Node): boolean {
  if (isUsing(node)) return true;
  for (const child of children(node)) if (containsUsing(child)) return true;
  return false;
}

/** The code with every `using` lowered, or `null` when it declares none (the common case: no cost). */
export function lowerUsing(code: string, program: Node, filename: string, entry: boolean): Lowered | null {
  if (!/\busing\b/.test(code) || !containsUsing(program)) return null;
  const lowerer = new Lowerer(code, filename);
  const out = new Fragment(code);
  for (const statement of program.body as Node[]) {
    // A module's own top level cannot be put in a try block (imports, exports, hoisting): it is left as
    // written, for Nodes that support `using` natively. An entry's top level becomes a generator, where
    // the declaration would lose its disposal: refused.
    if (entry && isUsing(statement)) lowerer.refuse(statement, `\`${statement.kind}\` at the top level of a green entry module (greenhack run, the REPL) is not supported: put the code that uses the resource in a block \`{ … }\` or a function, whose end disposes of it.`);
  }
  const at = preludeOffset(code, program);
  const n = lowerer.names;
  out.copy(0, at);
  out.write(`;const ${n.helpers} = globalThis[Symbol.for(${JSON.stringify(RUNTIME_SYMBOL_KEY)})]?.using ?? (() => { throw new Error(${JSON.stringify(MISSING)}); })();`);
  let position = at;
  for (const statement of program.body as Node[]) {
    if (statement.end <= at) continue;
    out.copy(position, statement.start);
    if (isUsing(statement)) lowerer.emitChildren(statement, out);
    else lowerer.emit(statement, out);
    position = statement.end;
  }
  out.copy(position, code.length);
  const rendered = render(out, code, filename);
  return { code: rendered.code, map: rendered.map, helpers: n.helpers };
}

/** After a hashbang line and the directive prologue. */
function preludeOffset(code: string, program: Node): number {
  let offset = program.start;
  if (code.startsWith('#!')) {
    const end = /[\n\r\u2028\u2029]/.exec(code);
    offset = end ? end.index + 1 : code.length;
  }
  for (const statement of program.body as Node[]) {
    if (statement.type !== 'ExpressionStatement' || typeof statement.directive !== 'string') break;
    offset = statement.end;
  }
  return offset;
}

class Lowerer {
  readonly names: { helpers: string; stack: string; error: string };
  /** Loops whose `using` scope was opened around their labels already. */
  private readonly wrapped = new Set<Node>();

  constructor(
    private readonly code: string,
    private readonly filename: string,
  ) {
    let prefix = '_ghUsing';
    for (let i = 1; code.includes(prefix); i++) prefix = `_ghUsing${i}_`;
    this.names = { helpers: prefix, stack: `${prefix}S`, error: `${prefix}E` };
  }

  refuse(node: Node, message: string): never {
    const { line, column } = lineColumn(this.code, node.start);
    throw new TransformError(message, this.filename, line, column);
  }

  /**
   * Writes `node`, lowering `using x = e` (`const x = R.u(S, e, 0)`), the blocks, static blocks and
   * `switch` statements that declare resources, `for (using x of xs)` (a scope per iteration) and
   * `for (using x = e; …; …)` (one scope around the loop and its labels).
   */
  emit(node: Node, out: Fragment): void {
    switch (node.type) {
      case 'BlockStatement':
      case 'StaticBlock':
        if (declaresUsing(node.body)) return this.emitScope(node, out);
        break;
      case 'SwitchStatement': {
        const cases = (node.cases as Node[]).map((c) => c.consequent as Node[]);
        if (cases.some(declaresUsing)) return this.emitWrapped(node, cases.some(declaresAwaitUsing), out);
        break;
      }
      case 'LabeledStatement': {
        let loop = node.body;
        while (loop.type === 'LabeledStatement') loop = loop.body;
        // `continue label` must still name a loop: the scope goes around the labels.
        if (loop.type === 'ForStatement' && isUsing(loop.init) && !this.wrapped.has(loop)) {
          this.wrapped.add(loop);
          return this.emitWrapped(node, loop.init.kind === 'await using', out);
        }
        break;
      }
      case 'ForStatement':
        if (isUsing(node.init) && !this.wrapped.has(node)) {
          this.wrapped.add(node);
          return this.emitWrapped(node, node.init.kind === 'await using', out);
        }
        break;
      case 'ForOfStatement':
        if (isUsing(node.left)) return this.emitForOf(node, out);
        break;
      case 'VariableDeclaration':
        if (isUsing(node)) return this.emitDeclaration(node, out);
        break;
    }
    this.emitChildren(node, out);
  }

  emitChildren(node: Node, out: Fragment, from = node.start, to = node.end): void {
    let position = from;
    for (const child of children(node)) {
      if (child.start < position) continue;
      if (child.end > to) break;
      out.copy(position, child.start);
      this.emit(child, out);
      position = child.end;
    }
    out.copy(position, to);
  }

  private opening(): string {
    return `const ${this.names.stack} = ${this.names.helpers}.s(); try {`;
  }

  private closing(isAsync: boolean): string {
    const { helpers, stack, error } = this.names;
    // An `await using` that never ran adds no await (nor does a scope whose resources are all sync).
    const dispose = isAsync ? `if (${stack}.a) await ${helpers}.da(${stack}); else ${helpers}.d(${stack})` : `${helpers}.d(${stack})`;
    return `} catch (${error}) { ${stack}.e = ${error}; ${stack}.h = true; } finally { ${dispose}; }`;
  }

  /** `{ a; using x = e; b }`: the block's statements go in the try (directives of a function body stay first). */
  private emitScope(block: Node, out: Fragment): void {
    const statements = block.body as Node[];
    let inside = this.code.indexOf('{', block.start) + 1;
    for (const statement of statements) {
      if (statement.type !== 'ExpressionStatement' || typeof statement.directive !== 'string') break;
      inside = statement.end;
    }
    out.copy(block.start, inside);
    out.write(` ${this.opening()}`, block.start);
    let position = inside;
    for (const statement of statements) {
      if (statement.end <= inside) continue;
      out.copy(position, statement.start);
      this.emit(statement, out);
      position = statement.end;
    }
    out.copy(position, block.end - 1);
    out.write(` ${this.closing(declaresAwaitUsing(statements))} `, block.end - 1);
    out.copy(block.end - 1, block.end);
  }

  /** A statement whose own head or body declares the resources: a scope of its own around it. */
  private emitWrapped(statement: Node, isAsync: boolean, out: Fragment): void {
    out.write(`{ ${this.opening()} `, statement.start);
    this.emitChildren(statement, out);
    out.write(` ${this.closing(isAsync)} }`, statement.end);
  }

  /**
   * `for (using x of xs) body`: each iteration's value is a resource disposed at the end of that
   * iteration. The loop keeps `const x` as its binding, so `x` is in its TDZ while `xs` is evaluated.
   */
  private emitForOf(loop: Node, out: Fragment): void {
    const declaration = loop.left;
    const declarator = declaration.declarations[0];
    if (declarator.init) this.refuse(declarator, `\`for (${declaration.kind} … of …)\` cannot have an initialiser.`);
    const id = declarator.id;
    const { helpers, stack } = this.names;
    out.copy(loop.start, declaration.start).write('const ', declaration.start);
    this.emitChildren(loop, out, declarator.start, loop.body.start);
    out.write(`{ ${this.opening()} ${helpers}.u(${stack}, `, loop.body.start).copy(id.start, id.end);
    out.write(`, ${declaration.kind === 'await using' ? 1 : 0}); `, loop.body.start);
    this.emit(loop.body, out);
    out.write(` ${this.closing(declaration.kind === 'await using')} }`, loop.end);
  }

  /**
   * `using a = e1, b = e2` → `const a = R.u(S, e1, 0), b = R.u(S, e2, 0)`. An anonymous function or class
   * goes through a property of its binding's name, so that it is named as `using f = () => {}` names it.
   */
  private emitDeclaration(declaration: Node, out: Fragment): void {
    const isAsync = declaration.kind === 'await using' ? 1 : 0;
    const { helpers, stack } = this.names;
    const declarators = declaration.declarations as Node[];
    out.write('const ', declaration.start);
    declarators.forEach((declarator, i) => {
      if (i > 0) out.copy(declarators[i - 1]!.end, declarator.start);
      out.copy(declarator.id.start, declarator.id.end);
      const init = declarator.init;
      const named = isAnonymousFunction(init) && declarator.id.type === 'Identifier' ? JSON.stringify(declarator.id.name) : undefined;
      out.write(` = ${helpers}.u(${stack}, ${named ? `{ ${named}: ` : ''}`, init.start);
      this.emit(init, out);
      out.write(`${named ? ` }[${named}]` : ''}, ${isAsync})`, init.end);
    });
    out.copy(declarators.at(-1)!.end, declaration.end);
  }
}

/** A function or class expression without a name of its own (parentheses allowed), which takes its binding's. */
function isAnonymousFunction(node: Node): boolean {
  const inner = unwrapParens(node);
  return (inner.type === 'FunctionExpression' || inner.type === 'ArrowFunctionExpression' || inner.type === 'ClassExpression') && !inner.id;
}
