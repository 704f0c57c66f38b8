/**
 * The module around the twins: a one-line prologue that finds the runtime, then the program. In an entry
 * module (`greenhack run`, the REPL) the top-level code itself becomes a twin that runs as a green task:
 * imports, exports and function declarations stay at the top level, bindings are declared there and
 * assigned in the task, and a top-level `await` suspends the task.
 */
import { OWNER_SYMBOL_KEY, RUNTIME_SYMBOL_KEY, TWIN_SYMBOL_KEY } from '../../shared/names.ts';
import { type Node, boundNames, unwrapParens } from '../ast.ts';
import { TransformError } from '../../errors.ts';
import { Fragment } from '../output.ts';
import { type Ctx, PLAIN, Temps, emittedNames } from './emit-context.ts';
import { Emitter } from './emit-twins.ts';
import { guardName } from './emit-classes.ts';
import type { Plan } from './plan-twins.ts';
import { lineColumn } from './strip-types.ts';

export interface ModuleOptions {
  sourceType: 'module' | 'commonjs';
  entry: boolean;
  filename: string;
}

const MISSING = 'greenhack: this module was compiled green, but the greenhack runtime is not loaded. Start node with --import greenhack/register (or run it with `greenhack run`).';

export function emitModule(code: string, program: Node, plan: Plan, options: ModuleOptions): Fragment {
  const hasTwins = [...plan.functions.values()].some((fn) => fn.twin);
  if (!hasTwins && !options.entry) return new Fragment(code).copy(0, code.length);
  const names = emittedNames(code);
  const emitter = new Emitter(code, plan, names);
  const out = emitter.fragment();
  const start = emitter.hoistOffset(program);
  const keys = plan.classKeyCount > 0 ? `, ${names.classKeys} = ${names.runtime}.k(${plan.classKeyCount})` : '';
  const self = options.sourceType === 'module' ? 'import.meta.url' : '__filename';
  out.copy(0, start);
  // After a directive without its semicolon, `const` would be a syntax error: end the directive first.
  out.write(start > emitter.programStart(program) ? ';' : '');
  out.write(
    `const ${names.runtime} = globalThis[Symbol.for(${JSON.stringify(RUNTIME_SYMBOL_KEY)})] ?? (() => { throw new Error(${JSON.stringify(MISSING)}); })(), ` +
      `${names.twinKey} = Symbol.for(${JSON.stringify(TWIN_SYMBOL_KEY)}), ${names.ownerKey} = Symbol.for(${JSON.stringify(OWNER_SYMBOL_KEY)}), ` +
      `${names.apply} = Reflect.apply${keys}; let ${names.attachTemp}${plan.guarded.map((c) => `, ${guardName(names, c)}`).join('')}; ${names.runtime}.g(${self});`,
  );
  const hoisted = plan.hoists.get(program);
  if (hoisted) emitter.writeHoists(hoisted, PLAIN, out);
  const statements = (program.body as Node[]).filter((statement) => statement.start >= start);
  if (options.entry) emitEntry(emitter, program, statements, start, options, out);
  else {
    let position = start;
    for (const statement of statements) {
      out.copy(position, statement.start);
      emitter.emit(statement, PLAIN, out, program);
      position = statement.end;
    }
    out.copy(position, code.length);
  }
  return out;
}

function staysAtTopLevel(statement: Node): boolean {
  switch (statement.type) {
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
    case 'FunctionDeclaration':
      return true;
    case 'ExportNamedDeclaration':
      return !statement.declaration || statement.declaration.type === 'FunctionDeclaration';
    case 'ExportDefaultDeclaration':
      return statement.declaration.type === 'FunctionDeclaration';
    default:
      return false;
  }
}

function emitEntry(emitter: Emitter, program: Node, statements: Node[], start: number, options: ModuleOptions, out: Fragment): void {
  const { names } = emitter;
  const temps = new Temps(names);
  const ctx: Ctx = { temps, thisName: null, argumentsName: null };
  const body = emitter.fragment();
  let position = start;
  for (const statement of statements) {
    out.copy(position, statement.start);
    position = statement.end;
    if (staysAtTopLevel(statement)) {
      emitter.emit(statement, PLAIN, out);
      continue;
    }
    const exported = statement.type === 'ExportNamedDeclaration';
    const declaration: Node = exported ? statement.declaration : statement;
    if (declaration.type === 'VariableDeclaration') {
      const bound = declaration.declarations.flatMap((d: Node) => boundNames(d.id));
      // (`var [] = []` binds nothing: only its initialiser runs.)
      if (bound.length > 0) out.write(`${exported ? 'export ' : ''}${declaration.kind === 'var' ? 'var' : 'let'} ${bound.join(', ')};`, statement.start);
      for (const declarator of declaration.declarations as Node[]) {
        if (!declarator.init) {
          if (declaration.kind !== 'var') body.write(`${boundNames(declarator.id).map((n) => `${n} = void 0`).join(', ')};`, declarator.start);
          continue;
        }
        // A leading `;`: the statement before may end without one, and `(` would continue it.
        body.write(';(', declarator.start).copy(declarator.id.start, declarator.id.end).write(' = ');
        emitter.emit(declarator.init, ctx, body, declarator);
        body.write(');');
      }
    } else if (declaration.type === 'ClassDeclaration') {
      out.write(`${exported ? 'export ' : ''}let ${declaration.id.name};`, statement.start);
      body.write(`;${declaration.id.name} = `, declaration.start);
      emitter.emit(declaration, ctx, body);
      body.write(';');
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const name = `${names.runtime}default`;
      out.write(`let ${name}; export { ${name} as default };`, statement.start);
      // An anonymous function or class exported as default is named "default", not after the binding.
      const value = unwrapParens(statement.declaration);
      const anonymous = (value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression' || value.type === 'ClassExpression' || value.type === 'ClassDeclaration') && !value.id;
      body.write(anonymous ? `;${name} = ${names.runtime}.named(` : `;${name} = `, statement.declaration.start);
      emitter.emit(statement.declaration, ctx, body, statement);
      body.write(anonymous ? ', "default");' : ';');
    } else {
      if (statement.type === 'ForOfStatement' && statement.await) {
        const { line, column } = lineColumn(emitter.source, statement.start);
        throw new TransformError('`for await` at the top level of a green entry module is not supported: move the loop into an async function and `await` it, or iterate with a hidden iterator.', options.filename, line, column);
      }
      emitter.emit(statement, ctx, body, program);
      body.write('\n');
    }
  }
  out.copy(position, emitter.source.length);
  const run = `${names.runtime}.entry(({*"<main>"() {${temps.declaration()}`;
  out.write(`\n${options.sourceType === 'module' ? 'await ' : ''}${run}`).append(body).write('\n}})["<main>"].call(this));\n');
}
