/**
 * The module around the twins: a one-line prologue that finds the runtime, then the program. In an entry
 * module (`greenhack run`, the REPL) the top-level code itself becomes a twin that runs as a green task:
 * imports, exports and function declarations stay at the top level, bindings are declared there and
 * assigned in the task, and a top-level `await` suspends the task.
 */
import { CALLBACKS_ONLY_SYMBOL_KEY, OWNER_SYMBOL_KEY, RUNTIME_SYMBOL_KEY, TWIN_SYMBOL_KEY } from '../../shared/names.ts';
import { type Node, boundNames, children, unwrapParens } from '../ast.ts';
import { immediateFunction } from './emit-calls.ts';
import { TransformError } from '../../errors.ts';
import { Fragment } from '../output.ts';
import { type Ctx, type EmittedNames, PLAIN, Temps, emittedNames } from './emit-context.ts';
import { constAssignments, entryRefusal, nestedVarDeclarations } from './entry-scope.ts';
import { Emitter } from './emit-twins.ts';
import { twinOnlyClosures } from './twin-only.ts';
import { guardName } from './emit-classes.ts';
import type { Plan } from './plan-twins.ts';
import { lineColumn } from './strip-types.ts';

export interface ModuleOptions {
  sourceType: 'module' | 'commonjs' | 'script';
  entry: boolean;
  filename: string;
}

const MISSING = 'greenhack: this module was compiled green, but the greenhack runtime is not loaded. Start node with --import greenhack/register (or run it with `greenhack run`).';

export function emitModule(code: string, program: Node, plan: Plan, options: ModuleOptions): Fragment {
  if (options.entry && options.sourceType !== 'module') {
    // Sloppy top-level code that cannot move into the entry's generator: the top level stays as it is.
    const refusal = entryRefusal(program);
    if (refusal) {
      plan.refusals.push(refusal);
      options = { ...options, entry: false };
    }
  }
  const hasTwins = [...plan.functions.values()].some((fn) => fn.twin);
  const names = emittedNames(code);
  const emitter = new Emitter(code, plan, names);
  // An entry's prologue may be `var`s that a REPL's next input shares (repl-compile.ts): no new names there.
  emitter.attachesAroundAssignments = !options.entry;
  const out = emitter.fragment();
  const start = emitter.hoistOffset(program);
  const self = options.sourceType === 'module' ? 'import.meta.url' : '__filename';
  out.copy(0, start);
  // After a directive without its semicolon, a declaration would be a syntax error: end the directive first.
  out.write(start > emitter.programStart(program) ? ';' : '');
  if (!hasTwins && !options.entry) {
    // Nothing to emit, but the runtime must still know the file is green: a GreenContextError raised under
    // one of its frames (a getter, say) names that frame instead of calling the module untransformed.
    return out.write(`globalThis[Symbol.for(${JSON.stringify(RUNTIME_SYMBOL_KEY)})]?.g(${self});`).copy(start, code.length);
  }
  emitter.immediate = immediatelyCalled(program, plan);
  emitter.twinOnly = twinOnlyClosures(program, plan, emitter.immediate);
  if (options.sourceType === 'module') guardEarlyCalls(emitter, program);
  // The prologue is written last, at this point: it makes the lifted twins, known once the rest is written.
  const prologueAt = out.pieces.length;
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
    // The module's guarded functions whose checked bindings all passed are plain for other modules too.
    const ready = plan.checked?.ready ?? [];
    if (ready.length > 0) out.write(`;${names.runtime}.rd(${names.checkedMask}, [${ready.map(([name, mask]) => `[${name}, ${mask}]`).join(', ')}]);`);
    out.copy(position, code.length);
  }
  const early = emitter.guards.size > 0;
  const lifted = [...emitter.liftedNames.values()];
  const top = emitter.fragment().write(prologue(plan, names, early, self, lifted.length > 0, emitter.usesCallbacksOnly, emitter.attachedByAssignment.size > 0));
  if (lifted.length > 0) {
    // Hoisted, so that an early call (see guardEarlyCalls) can make them from the prologue's initialiser.
    top.write(`var ${lifted.join(', ')}; function ${names.liftInit}() {`).append(emitter.liftedOut).write(early ? '\n}\n' : `\n} ${names.liftInit}();\n`);
  }
  return out.insert(prologueAt, top);
}

/**
 * The runtime and the keys the compiled code uses. In an ES module a function declaration can be called
 * through a circular import before the module's body ran: if one attaches twins (`early`, see
 * guardEarlyCalls), the names are `var`s set by a hoisted function, which it calls first, so the call runs
 * plain as it would have. Elsewhere they are constants (nothing can run before the prologue).
 */
function prologue(plan: Plan, names: EmittedNames, early: boolean, self: string, lifted: boolean, callbacksOnly: boolean, assignmentAttach: boolean): string {
  const runtime = `globalThis[Symbol.for(${JSON.stringify(RUNTIME_SYMBOL_KEY)})] ?? (() => { throw new Error(${JSON.stringify(MISSING)}); })()`;
  const values: [string, string][] = [
    [names.runtime, runtime],
    [names.twinKey, `Symbol.for(${JSON.stringify(TWIN_SYMBOL_KEY)})`],
    [names.ownerKey, `Symbol.for(${JSON.stringify(OWNER_SYMBOL_KEY)})`],
    [names.apply, 'Reflect.apply'],
    [names.call, `${names.runtime}.call`],
  ];
  if (callbacksOnly) values.push([names.callbacksOnlyKey, `Symbol.for(${JSON.stringify(CALLBACKS_ONLY_SYMBOL_KEY)})`]);
  if (assignmentAttach) values.push([names.attach, `${names.runtime}.as`]);
  if (plan.classKeyCount > 0) values.push([names.classKeys, `${names.runtime}.k(${plan.classKeyCount})`]);
  // The receiver guards' specs (emit-classes.ts) are assigned by their classes' static blocks.
  const mutable = [...plan.guarded.map((c) => guardName(names, c)), ...(plan.checked ? [names.checkedMask] : [])];
  if (!early) {
    const lets = mutable.length > 0 ? ` let ${mutable.join(', ')};` : '';
    return `const ${values.map(([name, value]) => `${name} = ${value}`).join(', ')};${lets} ${names.runtime}.g(${self});`;
  }
  const sets = values.map(([name, value]) => `${name} = ${value};`).join(' ');
  const lift = lifted ? ` ${names.liftInit}();` : '';
  return `var ${[...values.map(([name]) => name), ...mutable].join(', ')}; function ${names.init}() { ${sets} ${names.runtime}.g(${self});${lift} return ${names.runtime}; } ${names.runtime} ?? ${names.init}();`;
}

/** Top-level function declarations that attach twins (of closures, classes, literals) check the prologue ran. */
function guardEarlyCalls(emitter: Emitter, program: Node): void {
  const twinStarts = [...emitter.plan.functions.values()].filter((fn) => fn.twin && !emitter.immediate.has(fn.node)).map((fn) => fn.node.start);
  if (twinStarts.length === 0) return;
  for (let statement of program.body as Node[]) {
    if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') && statement.declaration) statement = statement.declaration;
    if (statement.type !== 'FunctionDeclaration') continue;
    const { body } = statement;
    if (twinStarts.some((at) => at > body.start && at < body.end)) emitter.guards.add(body);
  }
}

/**
 * Function expressions called where they stand, with twins, that can have one version per context: not
 * referring to themselves (by name, or as `arguments.callee`), since the one copy is then unobservable.
 */
function immediatelyCalled(program: Node, plan: Plan): Set<Node> {
  const found = new Set<Node>();
  const visit = (node: Node): void => {
    if (node.type === 'CallExpression') {
      const fn = immediateFunction(node);
      const info = fn && plan.functions.get(fn);
      if (info?.twin && !info.usesOwnName && !mentionsCallee(fn!.body)) found.add(fn!);
    }
    for (const child of children(node)) visit(child);
  };
  visit(program);
  return found;
}

function mentionsCallee(node: Node): boolean {
  if (node.type === 'Identifier' && node.name === 'callee') return true;
  for (const child of children(node)) if (mentionsCallee(child)) return true;
  return false;
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
  // Top-level consts become lets assigned in the task: where one is assigned, an accessor throws instead.
  const aliases = new Map<string, string>();
  for (const [target, name] of constAssignments(program)) {
    if (!aliases.has(name)) aliases.set(name, names.constAlias(aliases.size));
    emitter.constTargets.set(target, aliases.get(name)!);
  }
  const nested = nestedVarDeclarations(statements);
  if (nested.names.length > 0) out.write(`var ${nested.names.join(', ')};`, start);
  for (const declaration of nested.declarations) emitter.hoistedVars.add(declaration);
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
      for (const name of bound) {
        const alias = declaration.kind === 'const' ? aliases.get(name) : undefined;
        if (alias) out.write(`var ${alias} = { get v() { return ${name}; }, set v(_) { throw new TypeError("Assignment to constant variable."); } };`);
      }
      for (const declarator of declaration.declarations as Node[]) {
        if (!declarator.init) {
          if (declaration.kind !== 'var') body.write(`${boundNames(declarator.id).map((n) => `${n} = void 0`).join(', ')};`, declarator.start);
          continue;
        }
        // A leading `;`: the statement before may end without one, and `(` would continue it.
        // (The pattern is emitted too: its defaults may await or call.)
        body.write(';(', declarator.start);
        emitter.emit(declarator.id, ctx, body, declarator);
        body.write(' = ');
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
      // An anonymous function or class exported as default is named "default", not after the binding, and
      // before its static initialisers run: a property named `default` names it so.
      const value = unwrapParens(statement.declaration);
      const anonymous = (value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression' || value.type === 'ClassExpression' || value.type === 'ClassDeclaration') && !value.id;
      body.write(anonymous ? `;${name} = ({ default: ` : `;${name} = `, statement.declaration.start);
      emitter.emit(statement.declaration, ctx, body, statement);
      body.write(anonymous ? ' }).default;' : ';');
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
