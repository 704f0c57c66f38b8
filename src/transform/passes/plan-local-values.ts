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

/** What `arrayLiteralUses` found: calls and `for…of` loops that reach only Array.prototype's built-ins. */
export interface ArrayLiteralUses {
  calls: Set<Node>;
  loops: Set<Node>;
}

/**
 * Calls `x.push(…)` (methods in ARRAY_PLAIN_METHODS) and loops `for (… of x)` on `const x = [ … ]` where `x`
 * is only ever used as an array in its function (or, at the top of the module, in the module): read,
 * indexed, spread, iterated, or its plain methods called; never passed, returned, exported, stored or
 * written through. Those calls reach Array.prototype's built-ins and those loops the built-in array
 * iterator, none of which can suspend.
 */
export function arrayLiteralUses(program: Node): ArrayLiteralUses {
  const plain: ArrayLiteralUses = { calls: new Set(), loops: new Set() };
  const scopes: Node[] = [program];
  const visit = (node: Node): void => {
    if (isFunction(node)) scopes.push(node);
    // `for (… of [a, b])`: a fresh array, which no other code holds.
    if (node.type === 'ForOfStatement' && !node.await && unwrapParens(node.right).type === 'ArrayExpression') plain.loops.add(node);
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

function checkArray(scope: Node, name: string, plain: ArrayLiteralUses): void {
  let bindings = 0;
  let ok = true;
  const calls: Node[] = [];
  const loops: Node[] = [];
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
      const iterated = parent.type === 'ForOfStatement' && parent.right === node && !parent.await;
      if (iterated) loops.push(parent);
      else if (member) {
        const call = calledMember(parent, parents);
        if (call && !plainCall(parent, call, parents)) ok = false;
        else if (call) calls.push(call);
      } else if (!property && parent.type !== 'SpreadElement') ok = false;
    }
    parents.set(node, parent);
    for (const child of children(node)) visit(child, node);
  };
  const parents = new Map<Node, Node | undefined>();
  visit(scope, undefined);
  if (!ok || bindings !== 1) return;
  for (const call of calls) plain.calls.add(call);
  for (const loop of loops) plain.loops.add(loop);
}

/** Methods that return the array itself: their result hands it out, unless it is dropped. */
const RETURN_THE_ARRAY: ReadonlySet<string> = new Set(['reverse', 'fill', 'copyWithin']);

/** The call or tag `member` is the callee of (through parentheses), if any. */
function calledMember(member: Node, parents: Map<Node, Node | undefined>): Node | undefined {
  let use = member;
  let outer = parents.get(use);
  while (outer?.type === 'ParenthesizedExpression') outer = parents.get((use = outer));
  if (outer?.type === 'CallExpression' && outer.callee === use) return outer;
  if (outer?.type === 'TaggedTemplateExpression' && outer.tag === use) return outer;
  return undefined;
}

/** `x.push(…)`: a plain array method by name, not optional, not a tag, its result no copy of `x` handed on. */
function plainCall(member: Node, call: Node, parents: Map<Node, Node | undefined>): boolean {
  if (call.type !== 'CallExpression' || call.optional || member.optional || member.computed || !ARRAY_PLAIN_METHODS.has(member.property.name)) return false;
  return !RETURN_THE_ARRAY.has(member.property.name) || parents.get(call)?.type === 'ExpressionStatement';
}

/**
 * `const x = [ … ]` at the top of `fn`'s body, bound once in `fn` (loosely: may be passed on or written
 * through; a write of the method's name, or under a computed key, is seen by the receiver analysis's
 * write scan, which then resolves nothing through it).
 */
export function localArrays(fn: Node): Set<string> {
  return new Set([...localConsts(fn)].filter(([, init]) => init.type === 'ArrayExpression').map(([name]) => name));
}

/** `const x = new C(…)` at the top of `fn`'s body, bound once in `fn`: x → its `new`. */
export function localInstances(fn: Node): Map<string, Node> {
  return new Map([...localConsts(fn)].filter(([, init]) => init.type === 'NewExpression'));
}

const constsOf = new WeakMap<Node, Map<string, Node>>();

/** `const x = init` at the top of `fn`'s body, `x` bound nowhere else in `fn` (nested functions included). */
function localConsts(fn: Node): Map<string, Node> {
  let consts = constsOf.get(fn);
  if (consts) return consts;
  consts = new Map();
  const bound = new Map<string, number>();
  const bind = (name: string): void => void bound.set(name, (bound.get(name) ?? 0) + 1);
  if (fn.body.type === 'BlockStatement') {
    for (const statement of fn.body.body as Node[]) {
      if (statement.type !== 'VariableDeclaration' || statement.kind !== 'const') continue;
      for (const d of statement.declarations as Node[]) if (d.id.type === 'Identifier' && d.init) consts.set(d.id.name, unwrapParens(d.init));
    }
  }
  const visit = (node: Node): void => {
    if (node.type === 'VariableDeclarator') boundNames(node.id).forEach(bind);
    if ((isFunction(node) || node.type === 'ClassDeclaration' || node.type === 'ClassExpression') && node.id) bind(node.id.name);
    if (isFunction(node)) for (const param of node.params) boundNames(param).forEach(bind);
    if (node.type === 'CatchClause' && node.param) boundNames(node.param).forEach(bind);
    for (const child of children(node)) visit(child);
  };
  for (const param of fn.params) boundNames(param).forEach(bind);
  visit(fn.body);
  for (const name of [...consts.keys()]) if (bound.get(name) !== 1) consts.delete(name);
  constsOf.set(fn, consts);
  return consts;
}

/** Whether an assignment target writes through `name` (`name.x = …`, `name[i] = …`, or `name = …`). */
function refersTo(target: Node, name: string): boolean {
  let node = unwrapParens(target);
  while (node.type === 'MemberExpression') node = unwrapParens(node.object);
  if (node.type === 'Identifier') return node.name === name;
  return children(node).some((child) => refersTo(child, name));
}
