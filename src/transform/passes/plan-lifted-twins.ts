/**
 * Part of pass 3 (analysis): arrow functions (and function expressions that use neither their own `this`
 * nor their name) whose twin can be lifted to the top level of the module.
 *
 * A twin written where its arrow is written is a fresh generator closure each time the arrow is
 * evaluated: V8 then builds a new `prototype` and generator-object map on its first call (about 3 µs,
 * bench/experiments/fresh-generator-closure.mjs), and the arrow's text is written again inside every
 * copy of the functions around it (docs/code-growth.md). When every variable the arrow takes from the
 * functions around it is bound once and already initialised where the arrow is evaluated, the values can
 * be passed instead of closed over: the twin becomes one generator made at the top level, and a small
 * arrow written where the closure is made reads them when the twin is called and passes them on
 * (`(x) => L(a, b, x)`). Nothing observable changes: the values cannot change while the twin runs, and
 * the original is written as before.
 */
import { type Node, boundNames, children, isFunction } from '../ast.ts';
import { type Binding, type Scope, assignedNames, programFacts, scopeOf } from './lifted-twin-scopes.ts';
import { type FnPlan, type Plan, isReference } from './plan-twins.ts';

/** Arrow → the names its lifted twin receives, in order (lexical `this` is passed separately). */
export type LiftedTwins = Map<Node, string[]>;

export function planLiftedTwins(program: Node, plan: Plan, strictProgram: boolean): LiftedTwins {
  const lifted: LiftedTwins = new Map();
  const facts = programFacts(program);
  if (facts.dynamicScope) return lifted;
  const scopes: Scope[] = [];
  const scopeByNode = new Map<Node, Scope>();
  const resolve = (name: string): Binding | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const binding = scopes[i]!.names.get(name);
      if (binding) return binding;
    }
    return undefined;
  };
  const write = (names: Iterable<string>): void => {
    for (const name of names) {
      const binding = resolve(name);
      if (binding) binding.written = true;
    }
  };

  // First walk: the scopes, and every write resolved to the binding it reaches.
  const record = (node: Node, parent: Node | undefined): void => {
    const scope = scopeOf(node, parent, facts, node.type === 'Program');
    if (scope) {
      scopeByNode.set(node, scope);
      scopes.push(scope);
    }
    switch (node.type) {
      case 'AssignmentExpression':
        write(assignedNames(node.left, new Set()));
        break;
      case 'UpdateExpression':
        write(assignedNames(node.argument, new Set()));
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        // `for (x of …)` and `for (var x of …)` assign one binding on every iteration.
        if (node.left.type !== 'VariableDeclaration') write(assignedNames(node.left, new Set()));
        else if (node.left.kind === 'var') for (const d of node.left.declarations) write(boundNames(d.id));
        break;
      case 'VariableDeclarator':
        if (parent?.kind === 'var' && node.init) {
          for (const name of boundNames(node.id)) {
            const binding = resolve(name);
            if (binding?.kind === 'var') binding.inits = (binding.inits ?? 0) + 1;
            else if (binding) binding.written = true; // `var p = …` over a parameter assigns it
          }
        }
        break;
    }
    for (const child of children(node)) record(child, node);
    if (scope) scopes.pop();
  };
  record(program, undefined);

  // Second walk: each function with a twin, against the scopes around it.
  const visit = (node: Node): void => {
    const scope = scopeByNode.get(node);
    if (scope) scopes.push(scope);
    if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration') {
      const info = plan.functions.get(node);
      const captures = info && liftable(info, scopes, strictProgram);
      if (captures) lifted.set(node, captures);
    }
    for (const child of children(node)) visit(child);
    if (scope) scopes.pop();
  };
  visit(program);
  return lifted;
}

/**
 * The names the arrow's lifted twin must receive, or undefined if its twin stays where it is written:
 * each name the arrow uses that is bound in a function around it must be fixed by the time the arrow
 * is evaluated; the arrow must not need anything else of its place (its `arguments`, `super`,
 * `new.target`, private names, a `this` that may be unbound, the strictness of a function around it).
 */
function liftable(info: FnPlan, scopes: Scope[], strictProgram: boolean): string[] | undefined {
  if (!info.twin || !info.ordinary || info.refusal || info.usesArguments || info.usesSuper || info.usesNewTarget) return undefined;
  // A guarded module-level function's twin is made once anyway, and starts with its guard (emit-twins.ts).
  if (info.checkName !== undefined) return undefined;
  // A function's own `this` would be lost (its twin is called with none), and an expression's own name.
  const declaration = info.node.type === 'FunctionDeclaration';
  if (!info.arrow && (info.usesThis || (!declaration && info.node.id))) return undefined;
  const { attach } = info;
  if (attach.kind !== 'wrap' && attach.kind !== 'named' && attach.kind !== 'postfix' && attach.kind !== 'hoist') return undefined;
  // Where the twin is made: a declaration's at the start of its scope, before the code above it.
  const madeAt = attach.kind === 'hoist' ? attach.scope.start : info.node.start;
  if (attach.kind === 'hoist' && attach.scope.type === 'Program') return undefined; // already made once
  const outer = scopes.slice(0, -1); // the last is the arrow's own
  if (!strictProgram && outer.some((scope) => scope.strict)) return undefined;
  // A constructor's `this` may not be bound yet when the arrow is made (before `super()`).
  if (info.usesThis && info.thisMaybeUnbound) return undefined;
  const { used, declared, private: usesPrivate } = namesIn(info.node);
  if (usesPrivate) return undefined;
  const captures: string[] = [];
  for (const name of used) {
    let binding: Binding | undefined;
    for (let i = outer.length - 1; i >= 0 && binding === undefined; i--) binding = outer[i]!.names.get(name);
    if (binding === undefined || binding.kind === 'program') continue; // a global, or the module's own
    if (declared.has(name) || binding.written || binding.kind === 'never') return undefined;
    if (binding.kind === 'from' && binding.at! > madeAt) return undefined;
    const inits = binding.inits ?? 0;
    if (binding.kind === 'var' && inits > 0 && !(inits === 1 && binding.topLevel && binding.end! <= madeAt)) return undefined;
    captures.push(name);
  }
  return captures;
}

/** The names `fn` refers to, the names it binds anywhere inside, and whether it uses a private name. */
function namesIn(fn: Node): { used: Set<string>; declared: Set<string>; private: boolean } {
  const used = new Set<string>();
  const declared = new Set<string>();
  let usesPrivate = false;
  const visit = (node: Node, parent: Node | undefined): void => {
    switch (node.type) {
      case 'Identifier':
        // (The name of a function or class, where it is declared, is no use of it.)
        if (parent?.id === node && (isFunction(parent) || parent.type === 'ClassDeclaration' || parent.type === 'ClassExpression')) return;
        if (!parent || isReference(node, parent)) used.add(node.name);
        return;
      case 'PrivateIdentifier':
        usesPrivate = true;
        return;
      case 'MetaProperty':
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ClassDeclaration':
      case 'ClassExpression':
        // (A declaration's own name is bound around it, not inside.)
        if (node.id && !(node === fn && node.type === 'FunctionDeclaration')) declared.add(node.id.name);
        for (const param of node.params ?? []) boundNames(param).forEach((name) => declared.add(name));
        break;
      case 'VariableDeclarator':
        boundNames(node.id).forEach((name) => declared.add(name));
        break;
      case 'CatchClause':
        if (node.param) boundNames(node.param).forEach((name) => declared.add(name));
        break;
    }
    for (const child of children(node)) visit(child, node);
  };
  visit(fn, undefined);
  return { used, declared, private: usesPrivate };
}
