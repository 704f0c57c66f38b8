/**
 * What an entry module's top level needs beyond the twin plan: its top-level code moves into a generator
 * method and its `const`s become `let`s assigned in the task, so (1) sloppy code that uses `yield` as a
 * name cannot move, (2) assignments to a top-level const must be found to keep throwing, and (3) `var`s
 * declared inside its statements must stay where the module's functions see them.
 */
import { type Node, boundNames, children, hasUseStrict, isFunction, STATEMENT_LISTS } from '../ast.ts';
import type { Ctx } from './emit-context.ts';
import type { Emitter } from './emit-twins.ts';
import type { Fragment } from '../output.ts';

/**
 * The `var` declarations nested in top-level statements (`for (var i …)`, `if (…) { var x }`, outside
 * functions and static blocks), and the names they declare. In the entry's generator they would be its
 * locals, out of sight of the module's top-level functions and lifted twins; so their names are declared at
 * the module's top and the declarations are written as assignments (`emitHoistedVar`). The one form no
 * assignment can replace, sloppy code's `for (var x = … in o)`, keeps the entry off (`topLevelForInInitializer`).
 */
export function nestedVarDeclarations(statements: Node[]): { declarations: Node[]; names: string[] } {
  const declarations: Node[] = [];
  const names = new Set<string>();
  for (const statement of statements) {
    // (A top-level declaration is moved by emitEntry itself; what it initialises is an expression.)
    if (statement.type === 'VariableDeclaration' || statement.type.startsWith('Export') || statement.type === 'ImportDeclaration') continue;
    eachNestedVar(statement, undefined, (declaration) => {
      declarations.push(declaration);
      for (const declarator of declaration.declarations) for (const name of boundNames(declarator.id)) names.add(name);
    });
  }
  return { declarations, names: [...names] };
}

/** A top-level `for (var x = … in o)` (sloppy code only), if any. */
function topLevelForInInitializer(program: Node): Node | undefined {
  let found: Node | undefined;
  for (const statement of program.body as Node[]) {
    eachNestedVar(statement, undefined, (declaration, parent) => {
      if (parent?.type === 'ForInStatement' && parent.left === declaration && declaration.declarations[0].init) found ??= declaration;
    });
  }
  return found;
}

/**
 * In sloppy code, a plain function declared in a block of the top level (`if (…) { function f() {} }`), if
 * any: Annex B also binds its name as a `var` of the top level when the block runs. In the entry's
 * generator that `var` would be the generator's, out of sight of the module's functions and lifted twins.
 */
function topLevelBlockFunction(program: Node): Node | undefined {
  if (hasUseStrict(program)) return undefined;
  let found: Node | undefined;
  const visit = (node: Node): void => {
    if (found || node.type === 'ClassBody' || node.type === 'StaticBlock') return;
    if (node.type === 'FunctionDeclaration' && !node.async && !node.generator) found = node;
    if (isFunction(node)) return;
    for (const child of children(node)) visit(child);
  };
  for (const statement of program.body as Node[]) if (!isFunction(statement)) for (const child of children(statement)) visit(child);
  return found;
}

function eachNestedVar(node: Node, parent: Node | undefined, found: (declaration: Node, parent: Node | undefined) => void): void {
  if (isFunction(node) || node.type === 'ClassBody' || node.type === 'StaticBlock') return;
  if (node.type === 'VariableDeclaration' && node.kind === 'var') found(node, parent);
  for (const child of children(node)) eachNestedVar(child, node, found);
}

/**
 * `var a = f(), b` written as an assignment, its names being declared at the module's top: `(a = f());` as a
 * statement (`;` alone when nothing is initialised), `a = f()` in a `for` head, the pattern alone as the
 * target of `for…in`/`for…of`.
 */
export function emitHoistedVar(emitter: Emitter, node: Node, ctx: Ctx, out: Fragment, parent: Node | undefined): void {
  if ((parent?.type === 'ForInStatement' || parent?.type === 'ForOfStatement') && parent.left === node) {
    return emitter.emit(node.declarations[0].id, ctx, out, node.declarations[0]);
  }
  const initialised: Node[] = node.declarations.filter((declarator: Node) => declarator.init);
  const inForHead = parent?.type === 'ForStatement' && parent.init === node;
  if (initialised.length === 0) return void out.write(inForHead ? '' : ';', node.start);
  // In a statement list the statement before may end without `;`, and `(` would continue it.
  out.write(inForHead ? '' : `${parent && STATEMENT_LISTS.has(parent.type) ? ';' : ''}(`, node.start);
  initialised.forEach((declarator, i) => {
    out.write(i === 0 ? '' : ', ', declarator.start);
    emitter.emit(declarator.id, ctx, out, declarator);
    out.write(' = ');
    emitter.emit(declarator.init, ctx, out, declarator);
  });
  if (!inForHead) out.write(');');
}

const RUNS_PLAIN = 'the top level runs as plain code (hidden calls at the top level do not suspend)';

/** Why sloppy top-level code cannot run as an entry's green task, if it cannot (docs/unsupported.md). */
export function entryRefusal(program: Node): { message: string; at: number } | undefined {
  const yieldName = topLevelYieldName(program);
  // In the entry's generator `yield` would be the operator.
  if (yieldName) return { message: `top-level code that uses \`yield\` as a name cannot run as a green task; ${RUNS_PLAIN}`, at: yieldName.start };
  const forIn = topLevelForInInitializer(program);
  if (forIn) return { message: `a top-level \`for (var x = … in o)\` (an initialiser in a for-in head) cannot run as a green task; ${RUNS_PLAIN}`, at: forIn.start };
  const blockFunction = topLevelBlockFunction(program);
  if (blockFunction) return { message: `a function declared in a block of sloppy top-level code (Annex B: its name is also a top-level var) cannot run as a green task; ${RUNS_PLAIN}`, at: blockFunction.start };
  return undefined;
}

/** A top-level `yield` used as a name (variable, label, binding) outside any non-arrow function, if any. */
function topLevelYieldName(program: Node): Node | undefined {
  const find = (node: Node, parent: Node | undefined): Node | undefined => {
    if (node.type === 'Identifier' && node.name === 'yield' && !(parent && isPropertyName(node, parent))) return node;
    if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') {
      // Its body and parameters are not in the generator's `yield` context; a declaration's name is.
      return node.id && node.type === 'FunctionDeclaration' && parent?.type !== 'Program' && parent?.type !== 'ExportNamedDeclaration' ? find(node.id, node) : undefined;
    }
    if (node.type === 'ClassBody') return undefined; // strict code
    for (const child of children(node)) {
      const found = find(child, node);
      if (found) return found;
    }
    return undefined;
  };
  return find(program, undefined);
}

function isPropertyName(id: Node, parent: Node): boolean {
  if (parent.type === 'MemberExpression') return !parent.computed && parent.property === id;
  if (parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') return !parent.computed && parent.key === id && !parent.shorthand;
  return false;
}

/**
 * Identifiers that assign a top-level `const` of `program` (`c = 1`, `c++`, `[c] = xs`, `for (c of xs)`),
 * mapped to the const's name. A binding of the same name in an inner scope shadows it.
 */
export function constAssignments(program: Node): Map<Node, string> {
  const consts = new Set<string>();
  for (let statement of program.body as Node[]) {
    if (statement.type === 'ExportNamedDeclaration' && statement.declaration) statement = statement.declaration;
    if (statement.type === 'VariableDeclaration' && statement.kind === 'const') {
      for (const declarator of statement.declarations as Node[]) for (const name of boundNames(declarator.id)) consts.add(name);
    }
  }
  const found = new Map<Node, string>();
  if (consts.size === 0) return found;
  const scopes = new Map<Node, Set<string>>();
  const path: Node[] = [];
  const resolvesToTop = (name: string): boolean => {
    for (let i = path.length - 1; i >= 1; i--) {
      const node = path[i]!;
      let declared = scopes.get(node);
      if (declared === undefined) scopes.set(node, (declared = declaredIn(node)));
      if (declared.has(name)) return false;
    }
    return true;
  };
  const target = (pattern: Node): void => {
    switch (pattern.type) {
      case 'Identifier':
        if (consts.has(pattern.name) && resolvesToTop(pattern.name)) found.set(pattern, pattern.name);
        break;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) target(element);
        break;
      case 'ObjectPattern':
        for (const property of pattern.properties) target(property.type === 'RestElement' ? property : property.value);
        break;
      case 'RestElement':
        target(pattern.argument);
        break;
      case 'AssignmentPattern':
        target(pattern.left);
        break;
      case 'ParenthesizedExpression':
        target(pattern.expression);
        break;
    }
  };
  const visit = (node: Node): void => {
    if (node.type === 'AssignmentExpression') target(node.left);
    else if (node.type === 'UpdateExpression') target(node.argument);
    else if ((node.type === 'ForOfStatement' || node.type === 'ForInStatement') && node.left.type !== 'VariableDeclaration') target(node.left);
    path.push(node);
    for (const child of children(node)) visit(child);
    path.pop();
  };
  visit(program);
  return found;
}

/** Names a scope node declares for the code inside it (parameters, vars, lexical declarations, …). */
function declaredIn(node: Node): Set<string> {
  const names = new Set<string>();
  if (isFunction(node)) {
    for (const param of node.params) for (const name of boundNames(param)) names.add(name);
    if (node.type === 'FunctionExpression' && node.id) names.add(node.id.name);
    if (node.type !== 'ArrowFunctionExpression') names.add('arguments');
    if (node.body.type === 'BlockStatement') varNames(node.body, names);
  } else if (node.type === 'BlockStatement' || node.type === 'StaticBlock' || node.type === 'SwitchStatement' || node.type === 'Program') {
    const statements: Node[] = node.type === 'SwitchStatement' ? node.cases.flatMap((c: Node) => c.consequent) : node.body;
    for (const statement of statements) lexicalNames(statement, names);
    if (node.type === 'StaticBlock') varNames(node, names);
  } else if ((node.type === 'ForStatement' || node.type === 'ForInStatement' || node.type === 'ForOfStatement')) {
    const head = node.type === 'ForStatement' ? node.init : node.left;
    if (head?.type === 'VariableDeclaration' && head.kind !== 'var') for (const d of head.declarations) boundNames(d.id).forEach((n: string) => names.add(n));
  } else if (node.type === 'CatchClause' && node.param) {
    for (const name of boundNames(node.param)) names.add(name);
  } else if ((node.type === 'ClassExpression' || node.type === 'ClassDeclaration') && node.id) {
    names.add(node.id.name);
  }
  return names;
}

function lexicalNames(statement: Node, names: Set<string>): void {
  if (statement.type === 'ExportNamedDeclaration' && statement.declaration) statement = statement.declaration;
  if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') for (const d of statement.declarations) boundNames(d.id).forEach((n: string) => names.add(n));
  else if ((statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') && statement.id) names.add(statement.id.name);
}

/** `var` names declared anywhere in `node` outside nested functions (and function declarations at its top). */
function varNames(node: Node, names: Set<string>): void {
  for (const child of children(node)) {
    if (child.type === 'VariableDeclaration' && child.kind === 'var') for (const d of child.declarations) boundNames(d.id).forEach((n: string) => names.add(n));
    if (child.type === 'FunctionDeclaration') {
      if (child.id) names.add(child.id.name);
      continue;
    }
    if (isFunction(child) || child.type === 'ClassBody') continue;
    varNames(child, names);
  }
}
