/**
 * Pass 3: decide which functions get a twin and how each twin is attached. This is the analysis pass:
 * it may only ever remove twins that provably cannot be reached on a path to a hidden call (a function
 * whose body makes no call cannot), or refuse constructs a twin cannot express (with a diagnostic).
 */
import { type Node, boundNames, children, isFunction, STATEMENT_LISTS, staticKeyName, unwrapParens } from '../ast.ts';
import { type ReceiverClass, STRING_METHODS } from './plan-receivers.ts';
import { arrayLiteralUses } from './plan-local-values.ts';
import type { CheckedBindings } from './plan-checked-bindings.ts';
import { mayReachSuspension, push } from './plan-suspension.ts';
import { scanWrites } from './plan-receiver-writes.ts';

/** How a twin reaches its function. */
export type Attach =
  | { kind: 'hoist'; scope: Node } // `function f(){}`: `f[T] = twin` at the start of its scope
  | { kind: 'postfix'; statement: Node; binding: string } // `const f = () => …;` then `f[T] = twin;`
  | { kind: 'named'; name: string } // `{ key: () => … }`: wrapped, and named as the language would
  | { kind: 'wrap' } // any other expression position: wrapped
  | { kind: 'class-method'; isStatic: boolean; key: string; keyIndex: number } // twin method in the class body
  | { kind: 'object-method'; key: string } // `{ m() {} }`: twins passed beside the literal
  | { kind: 'private-method'; isStatic: boolean; key: string }; // `#m() {}`: a private twin `#<prefix>m`, called statically

export interface FnPlan {
  node: Node;
  twin: boolean;
  /** Name the twin carries in stack traces. */
  name: string;
  arrow: boolean;
  attach: Attach;
  /** Calls in the function's own body that may suspend (built-ins without green versions left out). */
  calls: Node[];
  /** An ordinary function or method (not a generator, async function, accessor or constructor). */
  ordinary: boolean;
  /** The class body or object literal of a method. */
  container?: Node;
  /** Arrows: lexical `this` / `arguments` / `super` / `new.target` used in the body or nested arrows. */
  usesThis: boolean;
  usesArguments: boolean;
  usesSuper: boolean;
  usesNewTarget: boolean;
  /** A named function expression whose body refers to its own name (bound only inside the original). */
  usesOwnName: boolean;
  /** An arrow whose `this` is a derived class constructor's: it may be made before `super()` binds `this`. */
  thisMaybeUnbound?: boolean;
  refusal?: string;
  /** Offset to report a refusal at. */
  at: number;
  /**
   * Its own `for…of` loops whose iterator may not be the built-in array iterator: a twin dispatches the
   * iterator's `next`, which may suspend (loops over an array the module keeps to itself are left out).
   */
  loops?: Node[];
  /**
   * A method that reaches nothing that can suspend when `this` is an ordinary instance of its class with
   * the methods written there: its twin starts with that check (the receiver guard) and, when it holds,
   * runs the original as plain code.
   */
  fast?: ReceiverClass;
  /** What of `fast` its plain run relies on: the names and fields its guard checks (plan-receivers.ts, guardedUses). */
  guardUses?: { names: Set<string>; fields: Set<string> };
  /**
   * The bits of the checked bindings (plan-checked-bindings.ts) that its plain run relies on: its twin
   * runs the original as plain code when all of them passed (and, for a method, the receiver guard holds).
   */
  checkMask?: number;
  /** A module-level function's binding, through which its guarded twin calls the original. */
  checkName?: string;
  /** A guarded module-level function's classes it makes and calls (`new C().m()`): the guard checks them. */
  madeClasses?: ReceiverClass[];
}

export interface Plan {
  functions: Map<Node, FnPlan>;
  /** Scope node (Program, BlockStatement, StaticBlock) → function declarations whose twins attach at its start. */
  hoists: Map<Node, FnPlan[]>;
  /** Statement → twins attached right after it. */
  postfix: Map<Node, FnPlan[]>;
  /** Class body → its methods that have twins. */
  classTwins: Map<Node, FnPlan[]>;
  /** Object literal → its methods that have twins. */
  objectTwins: Map<Node, FnPlan[]>;
  classKeyCount: number;
  refusals: { message: string; at: number }[];
  /** Calls of built-ins that have no green version: they cannot suspend, so twins call them as written. */
  plainCalls: Set<Node>;
  /** `o.#m.call(…)` and `o.#m.apply(…)`: calls of a private method that its twin can take (emit-calls.ts). */
  privateCallApply: Set<Node>;
  /** Classes whose guard the emitter writes (see plan-receivers.ts), in index order. */
  guarded: ReceiverClass[];
  /** Functions whose twin is lifted to the top level, with the names it receives (plan-lifted-twins.ts). */
  lifted: Map<Node, string[]>;
  /** The checks of module-level constants called by name (plan-checked-bindings.ts), if any. */
  checked?: CheckedBindings;
}

/**
 * Globals whose functions (and methods) are built-ins without green versions. A call of one cannot
 * suspend, whatever it calls back, so it neither needs a twin's dispatch nor makes its caller need a twin.
 * (Reflect, Array and Function are left out: Reflect.apply, Array.from, call and apply have green versions.)
 */
const PLAIN_NAMESPACES = new Set(['Math', 'JSON', 'Object', 'Number', 'String', 'Boolean', 'Symbol', 'BigInt', 'Date', 'Promise', 'console', 'Atomics', 'Intl']);
const PLAIN_FUNCTIONS = new Set([
  'Number', 'String', 'Boolean', 'Symbol', 'BigInt', 'parseInt', 'parseFloat', 'isNaN', 'isFinite',
  'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'structuredClone',
  'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask',
]);

/** Whether the class whose member is being visited (the innermost class on `path`) has `extends`. */
function derivedClassAround(path: Node[]): boolean {
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') return node.superClass != null;
  }
  return true; // not found: assume the worst
}

/** Every name the module declares anywhere (a global of the same name is then not assumed to be the built-in). */
function declaredNames(program: Node): Set<string> {
  const names = new Set<string>();
  const visit = (node: Node): void => {
    switch (node.type) {
      case 'VariableDeclarator':
        boundNames(node.id).forEach((name) => names.add(name));
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (node.id) names.add(node.id.name);
        for (const param of node.params) boundNames(param.type === 'TSParameterProperty' ? param.parameter : param).forEach((name) => names.add(name));
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        if (node.id) names.add(node.id.name);
        break;
      case 'CatchClause':
        if (node.param) boundNames(node.param).forEach((name) => names.add(name));
        break;
      case 'ImportSpecifier':
      case 'ImportDefaultSpecifier':
      case 'ImportNamespaceSpecifier':
        names.add(node.local.name);
        break;
    }
    for (const child of children(node)) visit(child);
  };
  visit(program);
  return names;
}

/** RegExp.prototype methods that call no user code of the regular expression's own (a literal has no own `exec`). */
const REGEXP_METHODS = new Set(['test', 'exec', 'toString']);

/** The lowered `using` helpers that cannot suspend: opening a scope and adding a resource (not disposal). */
const PLAIN_USING_HELPERS = new Set(['s', 'u']);

function isPlainCall(call: Node, declared: Set<string>, usingHelpers: string | undefined): boolean {
  const callee = unwrapParens(call.callee);
  if (callee.type === 'Identifier') return PLAIN_FUNCTIONS.has(callee.name) && !declared.has(callee.name);
  if (callee.type !== 'MemberExpression' || callee.computed || callee.optional) return false;
  const object = unwrapParens(callee.object);
  // A method of a string literal, a template or a regular expression literal: the value is made right
  // there, so the call reaches String.prototype's or RegExp.prototype's built-in (none has a green version).
  if ((object.type === 'Literal' && typeof object.value === 'string') || object.type === 'TemplateLiteral') return STRING_METHODS.has(callee.property.name);
  if (object.type === 'Literal' && object.regex) return REGEXP_METHODS.has(callee.property.name);
  if (object.type !== 'Identifier') return false;
  if (object.name === usingHelpers) return PLAIN_USING_HELPERS.has(callee.property.name);
  return PLAIN_NAMESPACES.has(object.name) && !declared.has(object.name);
}

/** `o.#m.call(…)`, `o.#m.apply(…)` (not optional, not on `super`). */
function isPrivateCallApply(call: Node): boolean {
  const callee = unwrapParens(call.callee);
  if (call.optional || callee.type !== 'MemberExpression' || callee.computed || callee.optional || (callee.property.name !== 'call' && callee.property.name !== 'apply')) return false;
  const method = unwrapParens(callee.object);
  return method.type === 'MemberExpression' && method.property.type === 'PrivateIdentifier' && !method.optional && method.object.type !== 'Super';
}

/** Whether the module writes a member under the name the call's built-in goes by (`Math.trunc = …`). */
function writesCallee(call: Node, written: Set<string>): boolean {
  const callee = unwrapParens(call.callee);
  return written.has(callee.type === 'Identifier' ? callee.name : callee.property?.name);
}

function parentOf(path: Node[], skipParens = true): [Node | undefined, number] {
  let i = path.length - 1;
  while (skipParens && i >= 0 && path[i]!.type === 'ParenthesizedExpression') i--;
  return [path[i], i];
}

/** Where a function expression sits decides how its twin attaches (keeping `fn.name` as it was). */
function attachOf(fn: Node, path: Node[], plan: Plan, scopeOf: (i: number) => Node | undefined): Attach {
  const [parent, i] = parentOf(path);
  if (!parent) return { kind: 'wrap' };
  const anonymous = !fn.id;
  if (fn.type === 'FunctionDeclaration') {
    if (parent.type === 'ExportDefaultDeclaration' && anonymous) return { kind: 'named', name: 'default' };
    const scope = scopeOf(i);
    return scope ? { kind: 'hoist', scope } : { kind: 'wrap' };
  }
  switch (parent.type) {
    case 'VariableDeclarator': {
      if (parent.id.type !== 'Identifier' || unwrapParens(parent.init) !== fn) break;
      const declaration = path[i - 1]!;
      const holder = path[i - 2];
      const statement = holder?.type === 'ExportNamedDeclaration' ? holder : declaration;
      const list = statement === holder ? path[i - 3] : holder;
      if (list && STATEMENT_LISTS.has(list.type)) return { kind: 'postfix', statement, binding: parent.id.name };
      return { kind: 'named', name: parent.id.name };
    }
    case 'Property':
      if (!parent.method && parent.kind === 'init' && unwrapParens(parent.value) === fn) {
        const name = staticKeyName(parent.key, parent.computed);
        if (name !== undefined) return { kind: 'named', name };
      }
      break;
    case 'AssignmentExpression':
      if (parent.left.type === 'Identifier' && ['=', '||=', '&&=', '??='].includes(parent.operator)) return { kind: 'named', name: parent.left.name };
      break;
    case 'AssignmentPattern':
      if (parent.left.type === 'Identifier') return { kind: 'named', name: parent.left.name };
      break;
    case 'PropertyDefinition': {
      const name = parent.key.type === 'PrivateIdentifier' ? `#${parent.key.name}` : staticKeyName(parent.key, parent.computed);
      if (name !== undefined) return { kind: 'named', name };
      break;
    }
    case 'ExportDefaultDeclaration':
      return { kind: 'named', name: 'default' };
  }
  void plan;
  return { kind: 'wrap' };
}

function inferredName(fn: Node, attach: Attach, path: Node[]): string {
  if (fn.id?.name) return fn.id.name;
  if (attach.kind === 'named') return attach.name;
  if (attach.kind === 'postfix') return attach.binding;
  const [parent] = parentOf(path);
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression' && !parent.left.computed) return parent.left.property.name ?? '';
  return '';
}

/**
 * `usingHelpers`: the name lower-using.ts bound its helpers to, when it lowered the module.
 * `checkBindings`: resolve calls of module-level constants under a run-time check (not for an entry, whose
 * top-level constants move into its task).
 */
export function planTwins(program: Node, usingHelpers?: string, { checkBindings = true }: { checkBindings?: boolean } = {}): Plan {
  const plan: Plan = { functions: new Map(), hoists: new Map(), postfix: new Map(), classTwins: new Map(), objectTwins: new Map(), classKeyCount: 0, refusals: [], plainCalls: new Set(), privateCallApply: new Set(), guarded: [], lifted: new Map() };
  const declared = declaredNames(program);
  // Built-ins are assumed not replaced by green functions; one this very module replaces (`Math.trunc = …`,
  // `String.prototype.concat = …`) is not trusted under that name.
  const writes = scanWrites(program);
  const written = writes.names;
  const path: Node[] = [];
  /** Innermost function whose *body* we are in (null inside parameters, field initialisers, static blocks). */
  const bodies: (FnPlan | null)[] = [];
  /** Functions whose lexical scope we are in (for arrows' this/arguments/super/new.target). */
  const lexical: FnPlan[] = [];
  const constructors = new Set<Node>();

  const scopeOf = (i: number): Node | undefined => {
    const parent = path[i];
    if (!parent) return undefined;
    if (parent.type === 'ExportNamedDeclaration' || parent.type === 'ExportDefaultDeclaration') return path[i - 1]?.type === 'Program' ? path[i - 1] : undefined;
    return parent.type === 'Program' || parent.type === 'BlockStatement' || parent.type === 'StaticBlock' ? parent : undefined;
  };

  /** Marks the arrows enclosing this point, and the function that gives them `this` (its own use). */
  const markLexical = (flag: 'usesThis' | 'usesArguments' | 'usesSuper' | 'usesNewTarget'): void => {
    for (let i = lexical.length - 1; i >= 0; i--) {
      lexical[i]![flag] = true;
      if (!lexical[i]!.arrow) break;
    }
  };

  function visitFunction(fn: Node, role: { kind: 'class-method' | 'object-method' | 'accessor' | 'constructor'; node: Node } | undefined): void {
    const arrow = fn.type === 'ArrowFunctionExpression';
    let attach: Attach;
    let refusal: string | undefined;
    let name: string;
    if (role?.kind === 'class-method' || role?.kind === 'object-method') {
      const owner = role.node;
      const isPrivate = owner.key.type === 'PrivateIdentifier';
      const key = isPrivate ? owner.key.name : staticKeyName(owner.key, owner.computed);
      if (key === undefined) refusal = 'methods with computed names cannot suspend';
      name = key ?? '';
      if (isPrivate) attach = { kind: 'private-method', isStatic: !!owner.static, key: name };
      else attach = role.kind === 'class-method' ? { kind: 'class-method', isStatic: !!owner.static, key: name, keyIndex: -1 } : { kind: 'object-method', key: name };
    } else {
      attach = attachOf(fn, path, plan, scopeOf);
      name = inferredName(fn, attach, path);
    }
    const info: FnPlan = {
      node: fn, twin: false, name, arrow, attach, calls: [], ordinary: false,
      usesThis: false, usesArguments: false, usesSuper: false, usesNewTarget: false, usesOwnName: false, refusal, at: fn.start,
    };
    plan.functions.set(fn, info);
    if (arrow) {
      let i = lexical.length - 1;
      while (i >= 0 && lexical[i]!.arrow) i--;
      const giver = lexical[i]?.node;
      info.thisMaybeUnbound = giver !== undefined && constructors.has(giver);
    }
    // Only a derived class's constructor runs before `this` is bound (until `super()`).
    if (role?.kind === 'constructor' && derivedClassAround(path)) constructors.add(fn);
    lexical.push(info);
    path.push(fn);
    bodies.push(null);
    for (const param of fn.params) visit(param);
    bodies[bodies.length - 1] = info;
    visit(fn.body);
    bodies.pop();
    path.pop();
    lexical.pop();

    info.ordinary = !fn.generator && !fn.async && (role === undefined || role.kind === 'class-method' || role.kind === 'object-method');
    if (!info.ordinary) return;
    if (arrow && info.usesSuper) info.refusal ??= 'arrow functions that use `super` cannot suspend';
    if (arrow && info.usesNewTarget) info.refusal ??= 'arrow functions that use `new.target` cannot suspend';
    if (role?.kind === 'object-method' && info.usesSuper) info.refusal ??= 'object literal methods that use `super` cannot suspend';
    const [parent] = parentOf(path);
    if (fn.type === 'FunctionDeclaration' && attach.kind !== 'hoist' && attach.kind !== 'named') info.refusal ??= `function declarations directly inside ${parent?.type === 'SwitchCase' ? 'a `case` clause' : 'this statement'} cannot suspend`;
    info.at = role?.node.start ?? fn.start;
    info.container = path[path.length - 2];
  }

  function visit(node: Node): void {
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        visitFunction(node, undefined);
        return;
      case 'MethodDefinition':
      case 'Property':
        if (node.type === 'MethodDefinition' || node.method || node.kind !== 'init') {
          path.push(node);
          if (node.computed) visit(node.key);
          const kind = node.kind === 'constructor' ? 'constructor' : node.kind === 'get' || node.kind === 'set' ? 'accessor' : node.type === 'MethodDefinition' ? 'class-method' : 'object-method';
          visitFunction(node.value, { kind, node });
          path.pop();
          return;
        }
        break;
      case 'PropertyDefinition':
      case 'StaticBlock':
      case 'AccessorProperty': {
        // Field initialisers and static blocks run as their own frames: calls there are not the enclosing function's.
        path.push(node);
        if (node.computed) visit(node.key);
        bodies.push(null);
        lexical.push({ arrow: false } as FnPlan);
        if (node.type === 'StaticBlock') for (const statement of node.body) visit(statement);
        else if (node.value) visit(node.value);
        lexical.pop();
        bodies.pop();
        path.pop();
        return;
      }
      case 'CallExpression': {
        if (node.callee.type === 'Identifier' && node.callee.name === 'eval') {
          // Code a direct eval runs would see the twin's scope (its `super`, `arguments`, `new.target`).
          const current = bodies[bodies.length - 1];
          if (current) current.refusal ??= 'functions that call eval directly cannot suspend';
          // It also sees the `arguments` and `this` of the arrows around it, which their twins would replace.
          for (let i = lexical.length - 1; i >= 0 && lexical[i]!.arrow; i--) lexical[i]!.refusal ??= 'functions that call eval directly cannot suspend';
        }
        if (isPrivateCallApply(node) && !writesCallee(node, written)) plan.privateCallApply.add(node);
        if (isPlainCall(node, declared, usingHelpers) && !writesCallee(node, written)) {
          plan.plainCalls.add(node);
          break;
        }
        const current = bodies[bodies.length - 1];
        if (current) current.calls.push(node);
        break;
      }
      case 'ForOfStatement':
        if (!node.await) {
          const current = bodies[bodies.length - 1];
          if (current) (current.loops ??= []).push(node);
        }
        break;
      case 'ThisExpression':
        markLexical('usesThis');
        break;
      case 'Super':
        markLexical('usesSuper');
        break;
      case 'MetaProperty':
        if (node.meta.name === 'new') markLexical('usesNewTarget');
        break;
      case 'Identifier':
        if (node.name === 'arguments') markLexical('usesArguments');
        if (node.name === 'yield') {
          // Sloppy code may name a variable `yield`; in a generator twin it would be an operator.
          for (let i = lexical.length - 1; i >= 0; i--) lexical[i]!.refusal ??= '`yield` used as a name: it cannot be written in a generator twin';
        }
        // A named function expression's name is bound only in its own scope, which its twin is not in.
        for (let i = lexical.length - 1; i >= 0; i--) {
          const fn = lexical[i]!;
          if (fn.node?.type === 'FunctionExpression' && fn.node.id?.name === node.name && fn.node.id !== node) fn.usesOwnName = true;
        }
        break;
      case 'WithStatement': {
        const current = bodies[bodies.length - 1];
        if (current) current.refusal ??= '`with` statements cannot be compiled green';
        break;
      }
    }
    path.push(node);
    for (const child of children(node)) {
      // Property names are not references to `arguments`.
      if (child.type === 'Identifier' && child.name === 'arguments' && !isReference(child, node)) continue;
      visit(child);
    }
    path.pop();
  }

  visit(program);
  // Calls and loops on an array literal reach Array.prototype's built-ins, unless this module itself may
  // replace them (by name, or by a write the scan cannot name: a computed key such as `Symbol.iterator`, a
  // direct eval that may hand the array out).
  const arrays = arrayLiteralUses(program);
  if (!writes.unsafe) for (const call of arrays.calls) if (!writesCallee(call, written)) plan.plainCalls.add(call);
  if (!writes.unsafe && !written.has('next') && !written.has('return')) {
    for (const info of plan.functions.values()) if (info.loops) info.loops = info.loops.filter((loop) => !arrays.loops.has(loop));
  }
  for (const info of plan.functions.values()) if (info.calls.some((call) => plan.plainCalls.has(call))) info.calls = info.calls.filter((call) => !plan.plainCalls.has(call));
  const suspending = mayReachSuspension(program, plan, checkBindings);
  for (const info of plan.functions.values()) {
    if (!info.ordinary || !suspending.has(info)) continue;
    if (info.refusal) {
      plan.refusals.push({ message: `${info.name ? `"${info.name}": ` : ''}${info.refusal}; calls in it run without suspending`, at: info.at });
      continue;
    }
    info.twin = true;
    const { attach } = info;
    if (attach.kind === 'hoist') push(plan.hoists, attach.scope, info);
    else if (attach.kind === 'postfix') push(plan.postfix, attach.statement, info);
    else if (attach.kind === 'class-method' || attach.kind === 'private-method') {
      if (attach.kind === 'class-method') attach.keyIndex = plan.classKeyCount++;
      push(plan.classTwins, info.container!, info);
    } else if (attach.kind === 'object-method') push(plan.objectTwins, info.container!, info);
  }
  return plan;
}

/** Whether an identifier child of `parent` is a variable reference (not a property name or label). */
export function isReference(id: Node, parent: Node): boolean {
  switch (parent.type) {
    case 'MemberExpression':
      return parent.computed || parent.property !== id;
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return parent.computed ? true : parent.key !== id || (parent.type === 'Property' && parent.shorthand);
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    default:
      return true;
  }
}

export { isFunction };
