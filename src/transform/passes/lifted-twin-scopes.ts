/**
 * The scopes plan-lifted-twins.ts judges a closure's variables against: for each scope around a point,
 * the names it binds and from where on each one's value is fixed. Conservative by design: any binding
 * whose value depends on control flow is `never`.
 */
import { type Node, boundNames, children, isFunction } from '../ast.ts';

/** How a name is bound in a scope around the arrow, and from where on its value is fixed. */
export interface Binding {
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

export interface Scope {
  names: Map<string, Binding>;
  /** Code in it is strict whatever the program is (a class, a function with "use strict"). */
  strict: boolean;
}

export interface ProgramFacts {
  /** `with` or a direct `eval` somewhere: names may be bound at run time, so nothing is lifted. */
  dynamicScope: boolean;
  /** Names assigned anywhere, by name (only for class names, whose scopes are made before writes are resolved). */
  written: Set<string>;
}

export function programFacts(program: Node): ProgramFacts {
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
export function assignedNames(target: Node, out: Set<string>): Set<string> {
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
export function scopeOf(node: Node, parent: Node | undefined, facts: ProgramFacts, isProgram: boolean): Scope | undefined {
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
      // In sloppy code `arguments[i] = v` writes parameter i, which no write of the name shows.
      const aliased = node.type !== 'ArrowFunctionExpression' && mentionsArguments(body);
      for (const param of node.params) for (const name of boundNames(param)) names.set(name, aliased ? { kind: 'never' } : { kind: 'from', at: bodyStart });
      if (body.type !== 'BlockStatement') return scope;
      scope.strict = (body.body as Node[]).some((s) => s.type === 'ExpressionStatement' && s.directive === 'use strict');
      varNames(body, (name, declaration, topLevel) => {
        // (A `var` over a parameter keeps the parameter's binding; an initialiser there is a write.)
        const known = names.get(name);
        if (!known) names.set(name, { kind: 'var', end: declaration.end, topLevel });
        else if (known.kind === 'var') known.topLevel = false;
      }, (name) => void names.set(name, { kind: 'never' }));
      for (const statement of body.body as Node[]) {
        // A function declared at the top is fixed from the start, unless a block function of the same name
        // (sloppy code) assigns it when its block runs.
        const hoisted = (name: string): void => void (names.get(name)?.kind === 'never' || names.set(name, { kind: 'from', at: bodyStart }));
        lexicalNames(statement, (name, end) => void names.set(name, { kind: 'from', at: end }), hoisted);
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

/** `arguments` in a function's own code (arrows share their function's `arguments`; other functions have their own). */
function mentionsArguments(node: Node): boolean {
  if (node.type === 'Identifier') return node.name === 'arguments';
  if (isFunction(node) && node.type !== 'ArrowFunctionExpression') return false;
  return children(node).some(mentionsArguments);
}
