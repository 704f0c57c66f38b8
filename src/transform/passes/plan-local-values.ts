/**
 * Values a function makes itself and uses where the analysis can follow them: array literals whose plain
 * methods (`push`, `slice`, …) reach Array.prototype's built-ins, and instances a method or module-level
 * function makes with `new` (plan-receivers.ts, createdClass). Only declarations at the top of the
 * function's body count: in a nested block, the same name after the block is another binding.
 */
import { type Node, boundNames, children, isFunction, unwrapParens } from '../ast.ts';

/** Array.prototype methods without callbacks (so without green versions): safe on an array literal. */
export const ARRAY_PLAIN_METHODS: ReadonlySet<string> = new Set([
  'push', 'pop', 'shift', 'unshift', 'slice', 'splice', 'concat', 'join', 'indexOf', 'lastIndexOf', 'includes', 'reverse',
  'fill', 'at', 'keys', 'values', 'entries', 'flat', 'copyWithin', 'toReversed', 'with',
]);

/**
 * Calls `x.push(…)` (methods in ARRAY_PLAIN_METHODS) on `const x = [ … ]` where `x` is only ever used as an
 * array in its function: read, indexed, spread, or its plain methods called; never passed, returned,
 * stored or written through. Those calls reach Array.prototype's built-ins, which cannot suspend.
 */
export function arrayLiteralCalls(program: Node): Set<Node> {
  const plain = new Set<Node>();
  const scopes: Node[] = [program];
  const visit = (node: Node): void => {
    if (isFunction(node)) scopes.push(node);
    // Only a declaration at the top of its function (or module): in a nested block, the same name after
    // the block is another binding, which checkArray's count of bindings in the function would not see.
    if (node.type === 'VariableDeclaration' && node.kind === 'const' && topLevelIn(scopes[scopes.length - 1]!, node)) {
      for (const d of node.declarations as Node[]) {
        if (d.id.type === 'Identifier' && d.init && unwrapParens(d.init).type === 'ArrayExpression') checkArray(scopes[scopes.length - 1]!, d.id.name, plain);
      }
    }
    for (const child of children(node)) visit(child);
    if (isFunction(node)) scopes.pop();
  };
  visit(program);
  return plain;
}

function topLevelIn(scope: Node, statement: Node): boolean {
  const body = scope.type === 'Program' ? scope.body : scope.body?.type === 'BlockStatement' ? scope.body.body : [];
  return (body as Node[]).includes(statement);
}

function checkArray(scope: Node, name: string, plain: Set<Node>): void {
  let bindings = 0;
  let ok = true;
  const calls: Node[] = [];
  const visit = (node: Node, parent: Node | undefined): void => {
    if (!ok) return;
    if (node.type === 'VariableDeclarator' || node.type === 'CatchClause') bindings += boundNames(node.type === 'CatchClause' ? (node.param ?? { type: 'Empty' }) : node.id).filter((n) => n === name).length;
    if (isFunction(node) || node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      if (node.id?.name === name) bindings++;
      if (isFunction(node)) for (const param of node.params) bindings += boundNames(param).filter((n) => n === name).length;
    }
    if ((node.type === 'AssignmentExpression' || node.type === 'UpdateExpression') && refersTo(node.type === 'AssignmentExpression' ? node.left : node.argument, name)) ok = false;
    if (node.type === 'UnaryExpression' && node.operator === 'delete' && refersTo(node.argument, name)) ok = false;
    if (node.type === 'Identifier' && node.name === name && parent && !(parent.type === 'VariableDeclarator' && parent.id === node)) {
      const member = parent.type === 'MemberExpression' && parent.object === node;
      const property = (parent.type === 'MemberExpression' && parent.property === node && !parent.computed) || (parent.type === 'Property' && parent.key === node && !parent.shorthand) || (parent.type === 'MethodDefinition' && parent.key === node);
      if (!member && !property && parent.type !== 'SpreadElement') ok = false;
    }
    if (node.type === 'CallExpression') {
      const callee = unwrapParens(node.callee);
      if (callee.type === 'MemberExpression' && !callee.computed && !callee.optional && callee.object.type === 'Identifier' && callee.object.name === name) {
        if (ARRAY_PLAIN_METHODS.has(callee.property.name)) calls.push(node);
        else ok = false;
      }
    }
    for (const child of children(node)) visit(child, node);
  };
  visit(scope, undefined);
  if (ok && bindings === 1) for (const call of calls) plain.add(call);
}

const arraysOf = new WeakMap<Node, Set<string>>();

/**
 * `const x = [ … ]` at the top of `fn`'s body, bound once there and never an assignment target (loosely:
 * may be passed on). (In a nested block it would not be what `x` means after the block.)
 */
export function localArrays(fn: Node): Set<string> {
  let found = arraysOf.get(fn);
  if (found) return found;
  found = new Set();
  const declared = new Map<string, number>();
  const written = new Set<string>();
  const topLevel = topLevelDeclarators(fn, 'const');
  const visit = (node: Node): void => {
    if (node.type === 'VariableDeclarator') {
      for (const name of boundNames(node.id)) declared.set(name, (declared.get(name) ?? 0) + 1);
      if (node.id.type === 'Identifier' && node.init && unwrapParens(node.init).type === 'ArrayExpression' && topLevel.has(node)) found!.add(node.id.name);
    }
    if (isFunction(node)) for (const param of node.params) for (const name of boundNames(param)) declared.set(name, (declared.get(name) ?? 0) + 2);
    if (node.type === 'AssignmentExpression' || node.type === 'UpdateExpression') collectTargets(node.type === 'AssignmentExpression' ? node.left : node.argument, written);
    if (node.type === 'UnaryExpression' && node.operator === 'delete') collectTargets(node.argument, written);
    for (const child of children(node)) visit(child);
  };
  visit(fn.body);
  for (const name of [...found]) if (declared.get(name) !== 1 || written.has(name)) found.delete(name);
  arraysOf.set(fn, found);
  return found;
}

const instancesOf = new WeakMap<Node, Map<string, Node>>();

/** `const x = new C(…)` at the top of `fn`'s body, `x` bound once in `fn` (nested functions included): x → its `new`. */
export function localInstances(fn: Node): Map<string, Node> {
  let found = instancesOf.get(fn);
  if (found) return found;
  found = new Map();
  const declared = new Map<string, number>();
  const topLevel = topLevelDeclarators(fn, 'const');
  const visit = (node: Node): void => {
    if (node.type === 'VariableDeclaration') {
      for (const d of node.declarations as Node[]) {
        for (const name of boundNames(d.id)) declared.set(name, (declared.get(name) ?? 0) + 1);
        const init = d.init && unwrapParens(d.init);
        if (topLevel.has(d) && d.id.type === 'Identifier' && init?.type === 'NewExpression') found!.set(d.id.name, init);
      }
      for (const d of node.declarations as Node[]) for (const child of children(d)) if (child !== d.id) visit(child);
      return;
    }
    if (isFunction(node) || node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      if (node.id) declared.set(node.id.name, (declared.get(node.id.name) ?? 0) + 2);
      if (isFunction(node)) for (const param of node.params) for (const name of boundNames(param)) declared.set(name, (declared.get(name) ?? 0) + 2);
    }
    if (node.type === 'CatchClause' && node.param) for (const name of boundNames(node.param)) declared.set(name, (declared.get(name) ?? 0) + 2);
    for (const child of children(node)) visit(child);
  };
  for (const param of fn.params) for (const name of boundNames(param)) declared.set(name, (declared.get(name) ?? 0) + 2);
  visit(fn.body);
  for (const name of [...found.keys()]) if (declared.get(name) !== 1) found.delete(name);
  instancesOf.set(fn, found);
  return found;
}

/** The declarators of `kind` declarations that are statements of `fn`'s body itself (not of a nested block). */
function topLevelDeclarators(fn: Node, kind: string): Set<Node> {
  const out = new Set<Node>();
  if (fn.body.type !== 'BlockStatement') return out;
  for (const statement of fn.body.body as Node[]) if (statement.type === 'VariableDeclaration' && statement.kind === kind) for (const d of statement.declarations) out.add(d);
  return out;
}

function collectTargets(target: Node, out: Set<string>): void {
  let node = unwrapParens(target);
  while (node.type === 'MemberExpression') node = unwrapParens(node.object);
  if (node.type === 'Identifier') out.add(node.name);
  else for (const child of children(node)) collectTargets(child, out);
}

/** Whether an assignment target writes through `name` (`name.x = …`, `name[i] = …`, or `name = …`). */
function refersTo(target: Node, name: string): boolean {
  let node = unwrapParens(target);
  while (node.type === 'MemberExpression') node = unwrapParens(node.object);
  if (node.type === 'Identifier') return node.name === name;
  return children(node).some((child) => refersTo(child, name));
}
