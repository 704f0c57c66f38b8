/**
 * The write scan of the receiver analysis (plan-receivers.ts): every member write in a module, classified.
 * A name written outside a constructor's or field initialiser's `this.f =` cannot be resolved (the write
 * could replace a method or field while plain code runs); a computed write, `delete`, a `__proto__` write
 * or a reflective definition anywhere turns receivers off for the module.
 */
import { type Node, children, isFunction, staticKeyName, unwrapParens } from '../ast.ts';

/** Names whose use as a value defeats the write scan (see scanWrites). */
const UNTRACKED = new Set(['Object', 'Reflect', 'globalThis', 'global', 'eval', 'Function']);
/** The same read as members of an object, the global object (`global.global` leads back to it, so not needed). */
const UNTRACKED_MEMBERS: ReadonlySet<string> = new Set(['Object', 'Reflect', 'globalThis', 'eval', 'Function']);

/** `Object.keys`, `Reflect.get`: a namespace read for one of its (non-reflective) members; or a property name. */
function isNamespaceRead(id: Node, parent: Node): boolean {
  if (parent.type === 'MemberExpression') return parent.object === id ? !parent.computed && (id.name === 'Object' || id.name === 'Reflect') : !parent.computed;
  if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && parent.key === id && !parent.computed) return !(parent.type === 'Property' && parent.shorthand);
  return false;
}

/** Names that define properties or prototypes on whatever object they are called on. */
const DEFINING: ReadonlySet<string> = new Set(['defineProperty', 'defineProperties', 'setPrototypeOf']);

/**
 * A read of `x.constructor` used only as a class: `new x.constructor()`, a comparison, or a member that is
 * not one of Object's defining functions (`x.constructor.name`, `.prototype`). Anything else may alias
 * Object or Function.
 */
function constructorRead(member: Node, parent: Node | undefined): boolean {
  if (!parent) return false;
  // `new x.constructor()` with no arguments: an empty function at worst, where `x` is a function.
  if (parent.type === 'NewExpression') return parent.callee === member && parent.arguments.length === 0;
  if (parent.type === 'BinaryExpression') return true;
  if (parent.type !== 'MemberExpression' || parent.object !== member) return false;
  const next = parent.property.type === 'PrivateIdentifier' ? undefined : staticKeyName(parent.property, parent.computed);
  return next !== undefined && !CONSTRUCTOR_MEMBERS_UNTRACKED.has(next) && !REFLECTIVE.get('Object')!.has(next);
}

/** After `x.constructor` (maybe Function): these run code made from text, or reach Function again. */
const CONSTRUCTOR_MEMBERS_UNTRACKED: ReadonlySet<string> = new Set(['constructor', 'call', 'apply', 'bind']);

const REFLECTIVE = new Map([
  ['Object', new Set(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf'])],
  ['Reflect', new Set(['set', 'defineProperty', 'setPrototypeOf', 'deleteProperty'])],
]);

export interface Writes {
  /** Member names written outside a constructor's or field initialiser's `this.f =`. */
  names: Set<string>;
  /** Class body → field → values stored by `this.f = v` in its constructor or field initialisers (undefined: no value). */
  constructorStores: Map<Node, Map<string, (Node | undefined)[]>>;
  /** A computed member write, `delete`, `__proto__` write or reflective definition somewhere: nothing is resolved. */
  unsafe: boolean;
}

const scanned = new WeakMap<Node, Writes>();

/** Every member write in the module, classified (see the file comment); scanned once per program. */
export function scanWrites(program: Node): Writes {
  let writes = scanned.get(program);
  if (!writes) scanned.set(program, (writes = scanModule(program)));
  return writes;
}

function scanModule(program: Node): Writes {
  const writes: Writes = { names: new Set(), constructorStores: new Map(), unsafe: false };
  /** The class body whose constructor or field initialiser we are directly in (not in a nested function). */
  const initialising: (Node | null)[] = [null];
  const store = (target: Node, value: Node | undefined, compound: boolean): void => {
    const member = unwrapParens(target);
    if (member.type !== 'MemberExpression') {
      if (member.type === 'ObjectPattern' || member.type === 'ArrayPattern' || member.type === 'AssignmentPattern' || member.type === 'RestElement') {
        for (const child of children(member)) if (child.type !== 'Identifier') store(child.type === 'Property' ? child.value : child, undefined, true);
      }
      return;
    }
    if (member.computed || member.property.type !== 'Identifier') {
      if (member.property.type !== 'PrivateIdentifier') writes.unsafe = true;
      return;
    }
    const name: string = member.property.name;
    if (name === '__proto__') writes.unsafe = true;
    const body = initialising[initialising.length - 1];
    if (body && unwrapParens(member.object).type === 'ThisExpression') {
      let fields = writes.constructorStores.get(body);
      if (!fields) writes.constructorStores.set(body, (fields = new Map()));
      const list = fields.get(name) ?? [];
      list.push(compound ? ({ type: 'Unknown', start: 0, end: 0 } as Node) : value);
      fields.set(name, list);
      return;
    }
    writes.names.add(name);
  };
  let parentOf: Node | undefined;
  const visit = (node: Node, classBody: Node | null, parent?: Node): void => {
    parentOf = parent;
    switch (node.type) {
      case 'AssignmentExpression':
        store(node.left, node.right, node.operator !== '=');
        break;
      case 'UpdateExpression':
        store(node.argument, undefined, true);
        break;
      case 'UnaryExpression':
        if (node.operator === 'delete' && unwrapParens(node.argument).type === 'MemberExpression') writes.unsafe = true;
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if (node.left.type !== 'VariableDeclaration') store(node.left, undefined, true);
        break;
      case 'MemberExpression': {
        // `Object.assign(…)`, `Reflect.set(…)` and friends define properties behind member syntax;
        // `o.__defineGetter__(…)` and `o.defineProperty(…)` too, whatever `o` is (an alias of Object).
        const name = node.property.type === 'PrivateIdentifier' ? undefined : staticKeyName(node.property, node.computed);
        if (!node.computed && node.object.type === 'Identifier' && REFLECTIVE.get(node.object.name)?.has(node.property.name)) writes.unsafe = true;
        if (name !== undefined && (/^__(define|lookup)[GS]etter__$/.test(name) || DEFINING.has(name))) writes.unsafe = true;
        // `({}).constructor` is Object and `f.constructor` is Function: reached so, they are not tracked either;
        // nor are the namespaces read off an object (`globalObject.Object`, as sloppy code can get it).
        if (name === 'constructor' && !constructorRead(node, parentOf)) writes.unsafe = true;
        if (name !== undefined && UNTRACKED_MEMBERS.has(name)) writes.unsafe = true;
        break;
      }
      case 'Property':
        // `const { constructor: O } = {}`: Object (or Function) out of a pattern.
        if (parentOf?.type === 'ObjectPattern' && staticKeyName(node.key, node.computed) === 'constructor') writes.unsafe = true;
        break;
      case 'Literal':
        // `Reflect.get({}, 'constructor')`, `Object.getOwnPropertyDescriptor(o, 'constructor')`: the name
        // handed to code that reads it (a comparison with it is fine).
        if (node.value === 'constructor' && (parentOf?.type === 'CallExpression' || parentOf?.type === 'NewExpression')) writes.unsafe = true;
        break;
      case 'Identifier':
        // The reflective namespaces used as values (`const d = Object; d.defineProperty(…)`), the global
        // object, and code built at run time can all write any property: nothing is resolved then.
        if (UNTRACKED.has(node.name) && parentOf !== undefined && !isNamespaceRead(node, parentOf)) writes.unsafe = true;
        break;
      case 'ClassBody': {
        // In a derived class `this` is whatever the superclass's constructor returned, possibly an object
        // made long before: its constructor's and fields' stores are ordinary writes.
        const own = parent?.superClass ? null : node;
        for (const element of node.body as Node[]) {
          if (element.computed) visit(element.key, classBody, element);
          if (element.type === 'MethodDefinition' && element.kind === 'constructor') {
            initialising.push(own);
            visitFunctionBody(element.value, node);
            initialising.pop();
          } else if (element.type === 'PropertyDefinition' && !element.static) {
            const key = element.key.type === 'PrivateIdentifier' ? undefined : staticKeyName(element.key, element.computed);
            // A field under a computed key no name can be given to defines who knows what, like a computed write.
            if (key === undefined && element.key.type !== 'PrivateIdentifier') writes.unsafe = true;
            if (key !== undefined && own === null) writes.names.add(key);
            else if (key !== undefined) {
              let fields = writes.constructorStores.get(node);
              if (!fields) writes.constructorStores.set(node, (fields = new Map()));
              fields.set(key, [...(fields.get(key) ?? []), element.value ?? undefined]);
            }
            if (element.value) {
              initialising.push(own);
              visit(element.value, node, element);
              initialising.pop();
            }
          } else {
            initialising.push(null);
            for (const child of children(element)) if (child !== element.key || element.computed) visit(child, node, element);
            initialising.pop();
          }
        }
        return;
      }
    }
    if (isFunction(node)) {
      // A nested function is not the instance being constructed: a non-arrow's `this` is another object,
      // and an arrow may run any time later (as a callback or a hook), when the instance is in use.
      initialising.push(null);
      for (const child of children(node)) visit(child, classBody, node);
      initialising.pop();
      return;
    }
    for (const child of children(node)) visit(child, classBody, node);
  };
  const visitFunctionBody = (fn: Node, body: Node): void => {
    for (const child of children(fn)) visit(child, body, fn);
  };
  visit(program, null);
  return writes;
}
