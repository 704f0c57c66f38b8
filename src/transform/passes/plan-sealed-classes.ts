/**
 * Sealed classes: module-private classes whose prototype and instances no other module's code can reach.
 *
 * A class `C` of this module is sealed when its name is used only as `new C(…)`, it is not exported, has
 * no `extends` and no static parts, its constructor returns nothing, and every instance (a `new C(…)`, `this` in C's members, a `const x =
 * new C(…)` at the top of a function, a field that only ever holds `new C(…)` of a sealed class) is used
 * only to call C's methods by name (`x.m()`), to read or write other properties by name (`x.f`,
 * `x.f = v`, `x.#p`, `x.#m()` for a private method), or stored in such a field. An instance is never
 * passed, returned, spread, coerced or compared; a method is never read without being called;
 * `constructor`, `__proto__`, `super` and `new.target` are never used.
 *
 * Then only this module's code ever holds C's prototype or an instance, and what it does to them the
 * write scan sees: the receiver guard of a sealed class (src/runtime/receiver-guard.ts) checks what its
 * fields hold, and skips the rest (Proxy, prototype, own properties, methods as written), which its
 * twins could only be entered with as they are. A property read that finds no own field goes up to
 * Object.prototype, where an accessor another module put there would be handed the instance: that is a
 * built-in replaced, which the analysis assumes does not happen (docs/architecture.md).
 */
import { type Node, children, isFunction, staticKeyName, unwrapParens } from '../ast.ts';
import { localInstances } from './plan-local-values.ts';
import type { Writes } from './plan-receiver-writes.ts';
import { type ReceiverClass, returnsValue } from './plan-receivers.ts';
import { isReference } from './plan-twins.ts';

/** Marks the sealed classes among `classes` (module-level class declarations bound once, by name). */
export function markSealedClasses(program: Node, classes: Map<string, ReceiverClass>, writes: Writes): void {
  const candidates = new Map<string, ReceiverClass>();
  for (const statement of program.body as Node[]) {
    const c = statement.type === 'ClassDeclaration' ? classes.get(statement.id.name) : undefined;
    if (!c || c.body !== statement.body || c.extendsSomething || c.unnamedKeys) continue;
    // Static parts see the class as `this`; a constructor returning a value makes `new C()` another object.
    const elements = c.body.body as Node[];
    if (elements.some((e) => e.static || e.type === 'StaticBlock' || (e.kind === 'constructor' && returnsValue(e.value.body)))) continue;
    candidates.set(c.name, c);
  }
  if (candidates.size === 0) return;
  const fields = instanceFields(candidates, writes);
  const parents = new Map<Node, Node>();
  const link = (node: Node): void => {
    for (const child of children(node)) {
      parents.set(child, node);
      link(child);
    }
  };
  link(program);
  const escaped = new Set<string>();
  const check = (source: Node, c: ReceiverClass): void => {
    if (!escaped.has(c.name) && !usedAsInstance(source, c, parents, fields, writes, check)) escaped.add(c.name);
  };
  // Every source of an instance: `this` in a member, `new C(…)`, a read of a field holding one.
  const visit = (node: Node, self: ReceiverClass | undefined): void => {
    if (node.type === 'ThisExpression' && self) check(node, self);
    // `super.valueOf()` would hand out the instance through Object.prototype, `new.target` the class.
    if ((node.type === 'Super' || (node.type === 'MetaProperty' && node.meta.name === 'new')) && self) escaped.add(self.name);
    if (node.type === 'NewExpression' && node.callee.type === 'Identifier' && candidates.has(node.callee.name)) check(node, candidates.get(node.callee.name)!);
    if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && fields.has(node.property.name) && !isWritten(node, parents)) check(node, fields.get(node.property.name)!);
    if (node.type === 'Identifier' && candidates.has(node.name) && !isDeclarationOf(node, parents)) {
      const parent = parents.get(node)!;
      if (isReference(node, parent) && !(parent.type === 'NewExpression' && parent.callee === node)) escaped.add(node.name);
    }
    if (node.type === 'ClassBody') {
      const own = candidates.get(parents.get(node)?.id?.name ?? '');
      const inside = own && own.body === node ? own : undefined;
      for (const element of node.body as Node[]) {
        if (element.computed) visit(element.key, self);
        for (const child of children(element)) if (child !== element.key) visit(child, inside);
      }
      return;
    }
    if (isFunction(node) && node.type !== 'ArrowFunctionExpression') {
      // A function's own `this` is not the instance, unless it is the member function visited above.
      const member = parents.get(node)?.type === 'MethodDefinition' ? self : undefined;
      for (const child of children(node)) visit(child, member);
      return;
    }
    for (const child of children(node)) visit(child, self);
  };
  visit(program, undefined);
  // An instance held in a field of an instance that escapes (or of a class that is not sealed) escapes with it.
  const holders = new Map([...candidates.values()].map((c) => [c.body, c]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [body, stores] of writes.constructorStores) {
      const holder = holders.get(body);
      if (holder && !escaped.has(holder.name)) continue;
      for (const field of stores.keys()) {
        const held = fields.get(field);
        if (!held || escaped.has(held.name)) continue;
        escaped.add(held.name);
        changed = true;
      }
    }
  }
  for (const c of candidates.values()) if (!escaped.has(c.name)) c.sealed = true;
}

/**
 * Field name → the class whose instances it holds: every value the module stores under that name is a
 * `new C(…)` in a constructor or field initialiser (the write scan sees no other write of the name).
 */
function instanceFields(candidates: Map<string, ReceiverClass>, writes: Writes): Map<string, ReceiverClass> {
  const found = new Map<string, ReceiverClass | null>();
  for (const [body, stores] of writes.constructorStores) {
    for (const [field, values] of stores) {
      // `this.f = …` where the class has an accessor (or method) `f` hands the value to it.
      if (definesMember(body, field)) found.set(field, null);
      for (const value of values) {
        if (value === undefined) continue; // `f;`: a field declared without a value
        const made = value.type === 'NewExpression' && value.callee.type === 'Identifier' ? candidates.get(value.callee.name) : undefined;
        const before = found.get(field);
        found.set(field, made && (before === undefined || before === made) && !writes.names.has(field) ? made : null);
      }
    }
  }
  return new Map([...found].filter((entry): entry is [string, ReceiverClass] => entry[1] !== null));
}

/** A method or accessor named `name` in a class body. */
function definesMember(body: Node, name: string): boolean {
  return (body.body as Node[]).some((e) => e.type === 'MethodDefinition' && e.key.type !== 'PrivateIdentifier' && staticKeyName(e.key, e.computed) === name);
}

/**
 * Whether `source` (an expression giving an instance of `c`) is used only as a sealed instance may be:
 * see the file comment. `check` is called on what it flows into (a `const`'s references).
 */
function usedAsInstance(source: Node, c: ReceiverClass, parents: Map<Node, Node>, fields: Map<string, ReceiverClass>, writes: Writes, check: (source: Node, c: ReceiverClass) => void): boolean {
  let expression = source;
  let parent = parents.get(expression);
  while (parent?.type === 'ParenthesizedExpression') parent = parents.get((expression = parent));
  if (!parent) return false;
  switch (parent.type) {
    case 'MemberExpression': {
      if (parent.object !== expression || parent.computed || parent.optional) return false;
      let use = parent;
      let outer = parents.get(use);
      while (outer?.type === 'ParenthesizedExpression') outer = parents.get((use = outer));
      if (parent.property.type === 'PrivateIdentifier') {
        // `this.#m()` runs a private method of the class; a private field's function would get the instance.
        const method = privateMethods(c).has(parent.property.name);
        if (outer?.type === 'CallExpression' && outer.callee === use) return method && !outer.optional;
        if (outer?.type === 'TaggedTemplateExpression' && outer.tag === use) return false;
        return !method;
      }
      const name: string = parent.property.name;
      if (outer?.type === 'CallExpression' && outer.callee === use) return !outer.optional && c.methods.has(name) && !writes.names.has(name);
      if (name === '__proto__' || name === 'constructor' || c.methods.has(name)) return false;
      if (outer?.type === 'AssignmentExpression' && outer.left === use) return true;
      if (outer?.type === 'UpdateExpression') return true;
      // A read, but not `delete`, a tag (called with the instance) or a destructuring target.
      if (outer?.type === 'UnaryExpression' && outer.operator === 'delete') return false;
      if (outer?.type === 'TaggedTemplateExpression' && outer.tag === use) return false;
      return !isWritten(use, parents);
    }
    case 'BinaryExpression':
      return parent.operator === 'in' && parent.right === expression && parent.left.type === 'PrivateIdentifier';
    case 'ExpressionStatement':
      return true;
    case 'AssignmentExpression': {
      // `this.f = new C(…)` into a field that only holds instances of C (its reads are sources too).
      const target = unwrapParens(parent.left);
      if (parent.right !== expression || parent.operator !== '=' || target.type !== 'MemberExpression' || target.computed || target.property.type !== 'Identifier') return false;
      return fields.get(target.property.name) === c && parents.get(parent)?.type === 'ExpressionStatement';
    }
    case 'PropertyDefinition':
      // `f = new C(…)` as a field: the same.
      return parent.value === expression && !parent.computed && !parent.static && parent.key.type !== 'PrivateIdentifier' && fields.get(staticKeyName(parent.key, false) ?? '') === c;
    case 'VariableDeclarator': {
      if (parent.init !== expression || parent.id.type !== 'Identifier' || unwrapParens(expression).type !== 'NewExpression') return false;
      const fn = enclosingFunction(parent, parents);
      if (!fn || localInstances(fn).get(parent.id.name) !== unwrapParens(parent.init)) return false;
      for (const reference of references(fn, parent.id.name, parents)) check(reference, c);
      return true;
    }
    default:
      return false;
  }
}

/** Names of the class's private methods (`#m() {}`), which `this.#m()` may call. */
function privateMethods(c: ReceiverClass): Set<string> {
  const names = new Set<string>();
  for (const e of c.body.body as Node[]) if (e.type === 'MethodDefinition' && e.kind === 'method' && e.key.type === 'PrivateIdentifier') names.add(e.key.name);
  return names;
}

function enclosingFunction(node: Node, parents: Map<Node, Node>): Node | undefined {
  for (let at = parents.get(node); at; at = parents.get(at)) if (isFunction(at)) return at;
  return undefined;
}

/** The references to `name` in `fn` (bound once there: localInstances), its declaration left out. */
function references(fn: Node, name: string, parents: Map<Node, Node>): Node[] {
  const found: Node[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'Identifier' && node.name === name) {
      const parent = parents.get(node)!;
      if (isReference(node, parent) && !(parent.type === 'VariableDeclarator' && parent.id === node)) found.push(node);
    }
    for (const child of children(node)) visit(child);
  };
  visit(fn.body);
  return found;
}

/** An assignment, update, `for…in/of` or destructuring target (reading it is not what happens). */
function isWritten(member: Node, parents: Map<Node, Node>): boolean {
  let node = member;
  let parent = parents.get(node);
  while (parent?.type === 'ParenthesizedExpression') parent = parents.get((node = parent));
  if (!parent) return false;
  if (parent.type === 'AssignmentExpression') return parent.left === node;
  if (parent.type === 'UpdateExpression') return true;
  if ((parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') && parent.left === node) return true;
  return parent.type === 'ArrayPattern' || parent.type === 'RestElement' || (parent.type === 'AssignmentPattern' && parent.left === node) || (parent.type === 'Property' && parents.get(parent)?.type === 'ObjectPattern');
}

function isDeclarationOf(id: Node, parents: Map<Node, Node>): boolean {
  const parent = parents.get(id);
  return parent?.type === 'ClassDeclaration' && parent.id === id;
}
