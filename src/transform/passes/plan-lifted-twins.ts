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
import { type FnPlan, type Plan, isReference } from './plan-twins.ts';

/** How a name is bound in a scope around the arrow, and from where on its value is fixed. */
interface Binding {
  /**
   * `program`: the module's top level, which the lifted twin reaches as it is. `from`: set once, before
   * offset `at` (parameters, `let`/`const`, loop heads, hoisted functions). `var`: fixed if initialised once,
   * at the top level of its function, before the arrow (`end`, `topLevel`). `never`: when it is set depends
   * on control flow (block-level functions, `switch` cases, some class names).
   */
  kind: 'program' | 'from' | 'var' | 'never';
  at?: number;
  end?: number;
  topLevel?: boolean;
  /** Assigned somewhere (found by the first walk, which resolves each write to its binding). */
  written?: boolean;
  /** `var` declarators with an initialiser that reach it. */
  inits?: number;
}

interface Scope {
  names: Map<string, Binding>;
  /** Code in it is strict whatever the program is (a class, a function with "use strict"). */
  strict: boolean;
}

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

interface ProgramFacts {
  /** `with` or a direct `eval` somewhere: names may be bound at run time, so nothing is lifted. */
  dynamicScope: boolean;
  /** Names assigned anywhere, by name (only for class names, whose scopes are made before writes are resolved). */
  written: Set<string>;
}

function programFacts(program: Node): ProgramFacts {
  const facts: ProgramFacts = { dynamicScope: false, written: new Set() };
  const visit = (node: Node): void => {
    switch (node.type) {
      case 'WithStatement':
        facts.dynamicScope = true;
        break;
      case 'CallExpression':
        if (node.callee.type === 'Identifier' && node.callee.name === 'eval') facts.dynamicScope = true;
        break;
      case 'AssignmentExpression':
        assignedNames(node.left, facts.written);
        break;
      case 'UpdateExpression':
        assignedNames(node.argument, facts.written);
        break;
    }
    for (const child of children(node)) visit(child);
  };
  visit(program);
  return facts;
}

/** Names an assignment target writes: `x`, `[a, { b }] = …`, `({ c = 1 } = …)`. */
function assignedNames(target: Node, out: Set<string>): Set<string> {
  switch (target.type) {
    case 'Identifier':
      out.add(target.name);
      break;
    case 'ParenthesizedExpression':
      assignedNames(target.expression, out);
      break;
    case 'ArrayPattern':
    case 'ArrayExpression':
      for (const element of target.elements) if (element) assignedNames(element, out);
      break;
    case 'ObjectPattern':
    case 'ObjectExpression':
      for (const property of target.properties) assignedNames(property.type === 'RestElement' || property.type === 'SpreadElement' ? property.argument : property.value, out);
      break;
    case 'AssignmentPattern':
      assignedNames(target.left, out);
      break;
    case 'RestElement':
    case 'SpreadElement':
      assignedNames(target.argument, out);
      break;
  }
  return out;
}

/** The scope `node` opens, with the names it binds, or undefined if it opens none that matters here. */
function scopeOf(node: Node, parent: Node | undefined, facts: ProgramFacts, isProgram: boolean): Scope | undefined {
  const names = new Map<string, Binding>();
  const scope: Scope = { names, strict: false };
  if (isProgram) {
    const bind = (name: string): void => void names.set(name, { kind: 'program' });
    for (const statement of node.body as Node[]) lexicalNames(statement, bind, bind);
    varNames(node, (name) => bind(name), () => {});
    return scope;
  }
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression': {
      const body: Node = node.body;
      const bodyStart = body.start;
      if (node.type === 'FunctionExpression' && node.id) names.set(node.id.name, { kind: 'from', at: node.start });
      for (const param of node.params) for (const name of boundNames(param)) names.set(name, { kind: 'from', at: bodyStart });
      if (body.type !== 'BlockStatement') return scope;
      scope.strict = (body.body as Node[]).some((s) => s.type === 'ExpressionStatement' && s.directive === 'use strict');
      varNames(body, (name, declaration, topLevel) => {
        // (A `var` over a parameter keeps the parameter's binding; an initialiser there is a write.)
        const known = names.get(name);
        if (!known) names.set(name, { kind: 'var', end: declaration.end, topLevel });
        else if (known.kind === 'var') known.topLevel = false;
      }, (name) => void names.set(name, { kind: 'never' }));
      for (const statement of body.body as Node[]) {
        lexicalNames(statement, (name, end) => void names.set(name, { kind: 'from', at: end }), (name) => void names.set(name, { kind: 'from', at: bodyStart }));
      }
      return scope;
    }
    case 'BlockStatement':
    case 'StaticBlock':
      if (parent && isFunction(parent)) return undefined; // the function's scope has them
      for (const statement of node.body as Node[]) lexicalNames(statement, (name, end) => void names.set(name, { kind: 'from', at: end }), (name) => void names.set(name, { kind: 'never' }));
      if (node.type === 'StaticBlock') varNames(node, (name) => void names.set(name, { kind: 'never' }), () => {});
      return names.size ? scope : undefined;
    case 'SwitchStatement':
      for (const clause of node.cases as Node[]) for (const statement of clause.consequent as Node[]) lexicalNames(statement, (name) => void names.set(name, { kind: 'never' }), (name) => void names.set(name, { kind: 'never' }));
      return names.size ? scope : undefined;
    case 'ForStatement':
      if (node.init?.type === 'VariableDeclaration' && node.init.kind !== 'var') for (const d of node.init.declarations) for (const name of boundNames(d.id)) names.set(name, { kind: 'from', at: node.init.end });
      return names.size ? scope : undefined;
    case 'ForInStatement':
    case 'ForOfStatement':
      if (node.left.type === 'VariableDeclaration' && node.left.kind !== 'var') for (const d of node.left.declarations) for (const name of boundNames(d.id)) names.set(name, { kind: 'from', at: node.body.start });
      return names.size ? scope : undefined;
    case 'CatchClause':
      if (node.param) for (const name of boundNames(node.param)) names.set(name, { kind: 'from', at: node.body.start });
      return names.size ? scope : undefined;
    case 'ClassDeclaration':
    case 'ClassExpression':
      // The inner class binding is uninitialised while `extends` and computed keys run. A declaration's
      // name, when never written, holds the same value as the outer binding, which is looked up instead.
      scope.strict = true;
      if (node.id && (node.type === 'ClassExpression' || facts.written.has(node.id.name))) names.set(node.id.name, { kind: 'never' });
      return scope;
    default:
      return undefined;
  }
}

/** Calls `bind(name, end)` for a statement's `let`/`const`/`class`, `hoisted(name)` for a function declaration. */
function lexicalNames(statement: Node, bind: (name: string, end: number) => void, hoisted: (name: string) => void): void {
  if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') && statement.declaration) statement = statement.declaration;
  if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') for (const d of statement.declarations) for (const name of boundNames(d.id)) bind(name, statement.end);
  else if (statement.type === 'ClassDeclaration' && statement.id) bind(statement.id.name, statement.end);
  else if (statement.type === 'FunctionDeclaration' && statement.id) hoisted(statement.id.name);
  else if (statement.type === 'ImportDeclaration') for (const s of statement.specifiers) bind(s.local.name, 0);
}

/**
 * The `var` names of a function body (or the program), not entering nested functions: `found(name,
 * declaration, topLevel)`; and the names of function declarations in nested blocks (`blockFunction`).
 */
function varNames(body: Node, found: (name: string, declaration: Node, topLevel: boolean) => void, blockFunction: (name: string) => void): void {
  const visit = (node: Node, depth: number): void => {
    if (node.type === 'VariableDeclaration' && node.kind === 'var') {
      for (const d of node.declarations) for (const name of boundNames(d.id)) found(name, node, depth === 1);
    }
    if (node.type === 'FunctionDeclaration' && depth > 1 && node.id) blockFunction(node.id.name);
    if (isFunction(node) || node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      // (A class's computed keys could hold a `var`-free function only; nothing of the body's is there.)
      return;
    }
    for (const child of children(node)) visit(child, depth + 1);
  };
  for (const child of children(body)) visit(child, 1);
}

/**
 * The names the arrow's lifted twin must receive, or undefined if its twin stays where it is written:
 * each name the arrow uses that is bound in a function around it must be fixed by the time the arrow
 * is evaluated; the arrow must not need anything else of its place (its `arguments`, `super`,
 * `new.target`, private names, a `this` that may be unbound, the strictness of a function around it).
 */
function liftable(info: FnPlan, scopes: Scope[], strictProgram: boolean): string[] | undefined {
  if (!info.twin || !info.ordinary || info.refusal || info.usesArguments || info.usesSuper || info.usesNewTarget) return undefined;
  // A function's own `this` would be lost (the twin is bound), and so would an expression's own name.
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
